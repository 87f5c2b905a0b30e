import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders
import RMQLintModel
import RMQLintEngine

/// Validates site policies (spec §11) from the YAML of `.rmqlint.yml` or a policy file.
///
/// Strict by design: a policy that does not say exactly what it means would be a silent
/// no-op, so every unknown key or operator, wrong type, duplicate or reserved id, bad glob or
/// regular expression stops the run with one located error (exit 2).
public struct UserPolicyParser {
    /// Keys of one policy, in documentation order.
    public static let policyKeys = ["id", "slug", "severity", "summary", "help", "match", "when", "require"]
    /// Kinds of `match`.
    public static let matchKinds = ["setting", "variable", "haproxy", "rabbitmq_policy", "rabbitmq_conf"]
    /// Operators of `require`.
    public static let operators = ["equals", "not_equals", "one_of", "matches", "present", "absent", ">=", ">", "<=", "<"]
    /// Keys of `when`.
    public static let conditionKeys = ["release", "cluster_size", "variable"]
    /// The id prefix reserved for built-in rules.
    public static let reservedPrefix = "RMQ"

    /// The display path of the file being read.
    let path: String
    /// Ids and slugs already taken (built-in rules, policies read before), with where.
    var ids: [String: String]
    var slugs: [String: String]

    /// A parser for the file shown as `path`; `taken` are the rules already defined.
    public init(path: String, taken: [RuleDescription], earlier: [UserPolicy] = []) {
        self.path = path
        ids = [:]
        slugs = [:]
        for rule in taken {
            ids[rule.id] = "a built-in rule"
            slugs[rule.slug] = "built-in rule \(rule.id)"
        }
        for policy in earlier {
            ids[policy.id] = "\(policy.location)"
            slugs[policy.description.slug] = "\(policy.id) at \(policy.location)"
        }
    }

    func error(_ message: String, at node: YAMLNode) -> ConfigurationError {
        ConfigurationError(message, at: node.location, path: path)
    }

    /// The policies of a `policies:` list.
    public mutating func parseList(_ node: YAMLNode) throws(ConfigurationError) -> [UserPolicy] {
        if node.isNull { return [] }
        guard case .sequence(let items) = node.content else {
            throw error("'policies' must be a list of policies, found \(Self.kind(node))", at: node)
        }
        var result: [UserPolicy] = []
        for item in items { result.append(try parsePolicy(item)) }
        return result
    }

    /// The policies of a policy file: a mapping with one key, `policies`.
    public mutating func parseFile(_ text: String) throws(ConfigurationError) -> [UserPolicy] {
        let loaded = YAMLLoader.load(text, path: path)
        if let diagnostic = loaded.diagnostics.first {
            throw ConfigurationError(diagnostic.message, at: diagnostic.location, path: path)
        }
        if loaded.documents.count > 1, let second = loaded.documents.dropFirst().first {
            throw error("expected a single YAML document", at: second)
        }
        guard let root = loaded.documents.first, !root.isNull else { return [] }
        guard case .mapping(let pairs) = root.content else {
            throw error("a policy file must be a mapping with one key, 'policies'", at: root)
        }
        var policies: [UserPolicy] = []
        var seen = false
        for pair in pairs {
            guard pair.key.scalar == "policies" else {
                throw error("unknown key '\(pair.key.scalar ?? "")' in a policy file (only 'policies' is allowed)", at: pair.key)
            }
            if seen { throw error("duplicate key 'policies'", at: pair.key) }
            seen = true
            policies = try parseList(pair.value)
        }
        return policies
    }

    // MARK: One policy

    private mutating func parsePolicy(_ node: YAMLNode) throws(ConfigurationError) -> UserPolicy {
        let fields = try mapping(node, what: "a policy", keys: Self.policyKeys)
        func required(_ key: String) throws(ConfigurationError) -> YAMLNode {
            guard let value = fields[key] else {
                throw error("policy is missing '\(key)' (a policy has \(Self.policyKeys.joined(separator: ", ")); help and when are optional)", at: node)
            }
            return value
        }
        let idNode = try required("id")
        let id = try string(idNode, key: "id")
        guard Self.isPolicyID(id) else {
            throw error("policy id '\(id)' must be 2 to 8 capital letters followed by 3 digits, e.g. SITE001", at: idNode)
        }
        guard !id.hasPrefix(Self.reservedPrefix) else {
            throw error("policy id '\(id)': the prefix RMQ is reserved for rmqlint's own rules", at: idNode)
        }
        if let first = ids[id] { throw error("duplicate rule id '\(id)' (already used by \(first))", at: idNode) }

        let slugNode = try required("slug")
        let slug = try string(slugNode, key: "slug")
        guard Self.isSlug(slug) else {
            throw error("slug '\(slug)' must be kebab-case: lower-case letters and digits separated by single hyphens", at: slugNode)
        }
        if let first = slugs[slug] { throw error("duplicate slug '\(slug)' (already used by \(first))", at: slugNode) }

        let severityNode = try required("severity")
        let severityText = try string(severityNode, key: "severity")
        guard let severity = Severity(rawValue: severityText) else {
            throw error("'severity' must be error, warning or info, found '\(severityText)'", at: severityNode)
        }
        let summary = try string(try required("summary"), key: "summary")
        let help = try fields["help"].map { (node: YAMLNode) throws(ConfigurationError) in try string(node, key: "help") }
        let match = try parseMatch(try required("match"))
        let conditions = try fields["when"].map { (node: YAMLNode) throws(ConfigurationError) in try parseWhen(node) } ?? []
        let requirement = try parseRequire(try required("require"), match: match)

        let location = idNode.location
        ids[id] = "\(location)"
        slugs[slug] = "\(id) at \(location)"
        let description = RuleDescription(
            id: id, slug: slug, severity: severity, summary: summary,
            whatItDoes: UserPolicyText.whatItDoes(match: match, conditions: conditions, requirement: requirement),
            whyItMatters: help ?? summary,
            fix: UserPolicyText.fix(match: match, requirement: requirement),
            appliesTo: conditions.isEmpty
                ? "Every deployment linted with this configuration."
                : "Deployments where " + conditions.map(\.description).joined(separator: " and ") + ".",
            references: ["Site policy defined at \(location)"] + (help.map { Self.isURL($0) ? [$0] : [] } ?? []),
            isUserDefined: true, documentationURL: help.flatMap { Self.isURL($0) ? $0 : nil })
        return UserPolicy(description: description, match: match, conditions: conditions, requirement: requirement, location: location)
    }

    // MARK: match

    private func parseMatch(_ node: YAMLNode) throws(ConfigurationError) -> PolicyMatch {
        let fields = try mapping(node, what: "'match'", keys: Self.matchKinds + ["service", "host"])
        let kinds = Self.matchKinds.filter { fields[$0] != nil }
        guard kinds.count == 1, let kind = kinds.first, let value = fields[kind] else {
            let message = kinds.isEmpty
                ? "'match' needs one kind of value: \(Self.matchKinds.joined(separator: ", "))"
                : "'match' takes exactly one kind of value, found \(kinds.joined(separator: " and "))"
            throw error(message, at: node)
        }
        if let service = node.pair(forKey: "service"), kind != "setting" {
            throw error("'service' applies only to 'setting' matches", at: service.key)
        }
        if let host = node.pair(forKey: "host"), kind == "variable" {
            throw error("'host' does not apply to 'variable' matches (variables are the same for every host)", at: host.key)
        }
        let hosts = try fields["host"].map { (node: YAMLNode) throws(ConfigurationError) in try hostFilter(node) }
        switch kind {
        case "setting":
            let text = try string(value, key: "setting")
            guard let dot = text.lastIndex(of: "."), dot != text.startIndex, text.index(after: dot) != text.endIndex else {
                throw error("'setting' must be SECTION.KEY, e.g. oslo_messaging_rabbit.heartbeat_timeout_threshold", at: value)
            }
            let section = String(text[..<dot]), key = String(text[text.index(after: dot)...])
            guard EffectiveServiceConfig.isModelled(section: section, key: key) else {
                throw error("'setting' \(text) is not in the effective model, which keeps the oslo_messaging_* sections and DEFAULT "
                            + EffectiveServiceConfig.modelledDefaultKeys.sorted().joined(separator: ", "), at: value)
            }
            let services = try fields["service"].map { (node: YAMLNode) throws(ConfigurationError) in try nameFilter(node, key: "service") }
            return .setting(section: section, key: key, services: services, hosts: hosts)
        case "variable":
            let name = try string(value, key: "variable")
            guard Self.isIdentifier(name) else { throw error("'variable' must be a variable name, found '\(name)'", at: value) }
            return .variable(name)
        case "haproxy":
            let inner = try mapping(value, what: "'haproxy'", keys: ["proxy", "option", "timeout", "directive"])
            guard let proxyNode = inner["proxy"] else { throw error("'haproxy' needs 'proxy' (a glob over proxy names)", at: value) }
            let proxies = try nameFilter(proxyNode, key: "proxy")
            let properties = ["option", "timeout", "directive"].filter { inner[$0] != nil }
            guard properties.count == 1, let property = properties.first, let propertyNode = inner[property] else {
                throw error("'haproxy' needs exactly one of option, timeout or directive", at: value)
            }
            let name = try string(propertyNode, key: property)
            guard !name.contains(where: { $0 == " " || $0 == "\t" }) else {
                throw error("'\(property)' must be one word, e.g. \(property == "option" ? "srvtcpka" : property == "timeout" ? "client" : "balance")", at: propertyNode)
            }
            switch property {
            case "option": return .haproxy(proxies: proxies, property: .option(name), hosts: hosts)
            case "timeout": return .haproxy(proxies: proxies, property: .timeout(name), hosts: hosts)
            default: return .haproxy(proxies: proxies, property: .directive(name), hosts: hosts)
            }
        case "rabbitmq_policy":
            let inner = try mapping(value, what: "'rabbitmq_policy'", keys: ["name", "key"])
            guard let nameNode = inner["name"] else { throw error("'rabbitmq_policy' needs 'name' (a glob over policy names)", at: value) }
            guard let keyNode = inner["key"] else {
                throw error("'rabbitmq_policy' needs 'key': pattern, apply-to, priority or definition.<key>", at: value)
            }
            let names = try nameFilter(nameNode, key: "name")
            let keyText = try string(keyNode, key: "key")
            let key: RabbitMQPolicyKey
            switch keyText {
            case "pattern": key = .pattern
            case "apply-to": key = .applyTo
            case "priority": key = .priority
            default:
                guard keyText.hasPrefix("definition."), keyText.count > "definition.".count else {
                    throw error("unknown policy key '\(keyText)' (use pattern, apply-to, priority or definition.<key>, e.g. definition.ha-mode)", at: keyNode)
                }
                key = .definition(String(keyText.dropFirst("definition.".count)))
            }
            return .rabbitmqPolicy(names: names, key: key, hosts: hosts)
        default:
            let key = try string(value, key: "rabbitmq_conf")
            guard !key.contains(where: { $0 == " " || $0 == "=" }) else {
                throw error("'rabbitmq_conf' must be a rabbitmq.conf key such as cluster_partition_handling, found '\(key)'", at: value)
            }
            return .rabbitmqConf(key: key, hosts: hosts)
        }
    }

    private func nameFilter(_ node: YAMLNode, key: String) throws(ConfigurationError) -> NameFilter {
        var globs: [String] = []
        switch node.content {
        case .scalar:
            globs = [try string(node, key: key)]
        case .sequence(let items):
            guard !items.isEmpty else { throw error("'\(key)' must not be an empty list", at: node) }
            for item in items { globs.append(try string(item, key: key)) }
        case .mapping:
            throw error("'\(key)' must be a glob or a list of globs, found a mapping", at: node)
        }
        for (index, glob) in globs.enumerated() where glob.contains("/") || !PathPattern.isWellFormed(glob) {
            let at = node.items.isEmpty ? node : node.items[index]
            throw error("invalid glob '\(glob)' in '\(key)' (use *, ? and [...] over names)", at: at)
        }
        return NameFilter(globs: globs)
    }

    private func hostFilter(_ node: YAMLNode) throws(ConfigurationError) -> HostFilter {
        if let text = node.scalar, text.hasPrefix("group:") {
            let group = String(text.dropFirst("group:".count))
            guard !group.isEmpty, !group.contains(where: { $0 == " " || $0 == "*" || $0 == "?" }) else {
                throw error("'host: group:NAME' needs an inventory group name, found '\(text)'", at: node)
            }
            return .group(group)
        }
        return .names(try nameFilter(node, key: "host"))
    }

    // MARK: when

    private func parseWhen(_ node: YAMLNode) throws(ConfigurationError) -> [PolicyCondition] {
        _ = try mapping(node, what: "'when'", keys: Self.conditionKeys)
        var conditions: [PolicyCondition] = []
        for pair in node.pairs {
            let value = pair.value
            switch pair.key.scalar {
            case "release":
                let text = try string(value, key: "release")
                var parts: [(PolicyComparisonOrEqual, OpenStackRelease)] = []
                for (comparison, operand) in try comparisons(text, at: value, key: "release") {
                    guard let release = OpenStackRelease(name: operand) else {
                        throw error("unknown release '\(operand)' in 'when: release' (use a series such as 2024.1 or a name such as caracal)", at: value)
                    }
                    parts.append((comparison, release))
                }
                conditions.append(.release(parts, written: text))
            case "cluster_size":
                let text = try string(value, key: "cluster_size")
                var parts: [(PolicyComparisonOrEqual, Int)] = []
                for (comparison, operand) in try comparisons(text, at: value, key: "cluster_size") {
                    guard let size = Int(operand), size >= 0 else {
                        throw error("'cluster_size' compares with whole numbers, found '\(operand)'", at: value)
                    }
                    parts.append((comparison, size))
                }
                conditions.append(.clusterSize(parts, written: text))
            default:
                guard case .mapping(let variables) = value.content, !variables.isEmpty else {
                    throw error("'when: variable' must map variable names to values, e.g. {om_enable_rabbitmq_quorum_queues: true}", at: value)
                }
                for variable in variables {
                    guard let name = variable.key.scalar, Self.isIdentifier(name) else {
                        throw error("'when: variable' keys must be variable names", at: variable.key)
                    }
                    conditions.append(.variable(name: name, value: try scalar(variable.value, key: name)))
                }
            }
        }
        return conditions
    }

    /// `>= 2023.2, < 2025.1` or `3` (equality) as comparisons.
    private func comparisons(_ text: String, at node: YAMLNode, key: String) throws(ConfigurationError) -> [(PolicyComparisonOrEqual, String)] {
        var result: [(PolicyComparisonOrEqual, String)] = []
        for rawPart in text.split(separator: ",") {
            var part = Substring(String(rawPart).policyTrimmed())
            let comparison: PolicyComparisonOrEqual
            if part.hasPrefix(">=") { comparison = .ordered(.greaterOrEqual); part = part.dropFirst(2) }
            else if part.hasPrefix("<=") { comparison = .ordered(.lessOrEqual); part = part.dropFirst(2) }
            else if part.hasPrefix("==") { comparison = .equal; part = part.dropFirst(2) }
            else if part.hasPrefix("!=") { comparison = .notEqual; part = part.dropFirst(2) }
            else if part.hasPrefix(">") { comparison = .ordered(.greater); part = part.dropFirst() }
            else if part.hasPrefix("<") { comparison = .ordered(.less); part = part.dropFirst() }
            else { comparison = .equal }
            let operand = String(part).policyTrimmed()
            guard !operand.isEmpty else { throw error("'\(key)' comparison '\(rawPart)' has no value", at: node) }
            result.append((comparison, operand))
        }
        guard !result.isEmpty else { throw error("'\(key)' needs at least one comparison, e.g. \">= 3\"", at: node) }
        return result
    }

    // MARK: require

    private func parseRequire(_ node: YAMLNode, match: PolicyMatch) throws(ConfigurationError) -> PolicyRequirement {
        guard case .mapping(let pairs) = node.content else {
            throw error("'require' must be a mapping with one operator (\(Self.operators.joined(separator: ", "))), found \(Self.kind(node))", at: node)
        }
        guard let pair = pairs.first else { throw error("'require' needs one operator (\(Self.operators.joined(separator: ", ")))", at: node) }
        guard let name = pair.key.scalar, Self.operators.contains(name) else {
            throw error("unknown operator '\(pair.key.scalar ?? "")' in 'require' (operators: \(Self.operators.joined(separator: ", ")))", at: pair.key)
        }
        if pairs.count > 1 { throw error("'require' takes exactly one operator", at: pairs[1].key) }
        let value = pair.value
        switch name {
        case "equals": return .equals(try scalar(value, key: name))
        case "not_equals": return .notEquals(try scalar(value, key: name))
        case "one_of":
            guard case .sequence(let items) = value.content, !items.isEmpty else {
                throw error("'one_of' must be a non-empty list of values, found \(Self.kind(value))", at: value)
            }
            var values: [PolicyScalar] = []
            for item in items { values.append(try scalar(item, key: name)) }
            return .oneOf(values)
        case "matches":
            let text = try string(value, key: name)
            switch PolicyPattern.compile(text) {
            case .compiled(let pattern): return .matches(pattern)
            case .invalid(let problem):
                throw error("invalid regular expression in 'matches': \(problem.message) at offset \(problem.offset)", at: value)
            case .unsupported(let feature):
                throw error("unsupported regular expression in 'matches': \(feature.feature) (rmqlint supports the PCRE subset RabbitMQ policies use)", at: value)
            }
        case "present", "absent":
            guard value.isNull || value.ansibleBool == true else {
                throw error("'\(name)' takes no value (write '\(name): true')", at: value)
            }
            return name == "present" ? .present : .absent
        default:
            guard let comparison = PolicyComparison(rawValue: name) else {
                throw error("unknown operator '\(name)'", at: pair.key)
            }
            guard let text = value.scalar, !value.isNull else {
                throw error("'\(name)' needs a number, found \(Self.kind(value))", at: value)
            }
            if value.scalarStyle == .plain, let number = Double(text), number.isFinite {
                return .compare(comparison, number, written: text)
            }
            if match.comparesTimes {
                guard let milliseconds = HAProxyModel.milliseconds(text) else {
                    throw error("'\(name)' needs an HAProxy time such as 30s, 1h or 500ms, found '\(text)'", at: value)
                }
                return .compare(comparison, Double(milliseconds), written: text)
            }
            throw error("'\(name)' needs a number, found '\(text)' (times with units such as 30s apply to HAProxy timeouts)", at: value)
        }
    }

    // MARK: Types

    /// A mapping whose keys are all in `keys`, each once; returns the values by key.
    private func mapping(_ node: YAMLNode, what: String, keys: [String]) throws(ConfigurationError) -> [String: YAMLNode] {
        guard case .mapping(let pairs) = node.content else {
            throw error("\(what) must be a mapping, found \(Self.kind(node))", at: node)
        }
        var result: [String: YAMLNode] = [:]
        for pair in pairs {
            guard let key = pair.key.scalar, keys.contains(key) else {
                throw error("unknown key '\(pair.key.scalar ?? "")' in \(what) (known keys: \(keys.joined(separator: ", ")))", at: pair.key)
            }
            guard result[key] == nil else { throw error("duplicate key '\(key)' in \(what)", at: pair.key) }
            result[key] = pair.value
        }
        return result
    }

    private func string(_ node: YAMLNode, key: String) throws(ConfigurationError) -> String {
        guard let text = node.scalar, !node.isNull, !text.policyTrimmed().isEmpty else {
            throw error("'\(key)' must be a non-empty string, found \(Self.kind(node))", at: node)
        }
        return text
    }

    private func scalar(_ node: YAMLNode, key: String) throws(ConfigurationError) -> PolicyScalar {
        guard let text = node.scalar, !node.isNull else {
            throw error("'\(key)' must be a single value, found \(Self.kind(node))", at: node)
        }
        let plain = node.scalarStyle == .plain && node.tag == nil
        return PolicyScalar(text: text, bool: node.ansibleBool, number: plain ? Double(text).flatMap { $0.isFinite ? $0 : nil } : nil)
    }

    static func kind(_ node: YAMLNode) -> String {
        switch node.content {
        case .scalar: node.isNull ? "nothing" : "'\(node.scalar ?? "")'"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }

    // MARK: Lexical

    /// 2–8 capital letters then 3 digits.
    static func isPolicyID(_ id: String) -> Bool {
        let scalars = Array(id.unicodeScalars)
        guard scalars.count >= 5, scalars.count <= 11 else { return false }
        let letters = scalars.dropLast(3), digits = scalars.suffix(3)
        return letters.count >= 2 && letters.allSatisfy { $0 >= "A" && $0 <= "Z" } && digits.allSatisfy { $0 >= "0" && $0 <= "9" }
    }

    /// `lower-case-words-1`.
    static func isSlug(_ slug: String) -> Bool {
        let words = slug.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = slug.unicodeScalars.first, first >= "a" && first <= "z" else { return false }
        return words.allSatisfy { word in
            !word.isEmpty && word.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") }
        }
    }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first >= "a" && first <= "z") || (first >= "A" && first <= "Z") else {
            return false
        }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") }
    }

    static func isURL(_ text: String) -> Bool {
        (text.hasPrefix("https://") || text.hasPrefix("http://")) && !text.contains(" ")
    }
}
