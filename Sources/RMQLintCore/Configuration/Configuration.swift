import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders
import RMQLintModel
import RMQLintEngine

/// The settings of a `.rmqlint.yml` (docs/spec.md §8). Paths in it are relative to the file's
/// directory and are stored here absolute; command-line flags override every setting
/// (see ``LintOptions/resolve(_:configuration:)``).
///
/// ```yaml
/// release: "2024.1"
/// rabbitmq_version: "3.13"
/// inventory: etc/kolla/multinode
/// select: [RMQ1, RMQ2]
/// ignore: [RMQ105]
/// severity:
///   RMQ201: error
/// fail_on: warning
/// exclude:
///   - "etc/kolla/config/legacy/**"
/// per_file_ignores:
///   "etc/kolla/config/rabbitmq/definitions.json": [RMQ104]
/// baseline: .rmqlint-baseline.json
/// policy_files: ["policies/*.yml"]
/// policies:
///   - id: SITE001
///     slug: compute-heartbeat-timeout
///     severity: error
///     summary: compute nodes must tolerate two minutes without AMQP heartbeats
///     match: {setting: oslo_messaging_rabbit.heartbeat_timeout_threshold, service: nova-compute}
///     require: {">=": 120}
/// ```
public struct Configuration: Sendable {
    /// A `per_file_ignores` entry: rules (ids or prefixes) not reported in matching files.
    public struct PerFileIgnore: Sendable {
        /// Which files.
        public var pattern: PathPattern
        /// Rule ids or prefixes, upper-cased.
        public var rules: [String]

        /// Creates an entry.
        public init(pattern: PathPattern, rules: [String]) {
            self.pattern = pattern
            self.rules = rules
        }
    }

    /// The file's display path.
    public var path: String
    /// The directory holding the file (absolute): the base of every relative path and glob.
    public var directory: String
    /// `release:` as written, validated.
    public var release: Located<String>?
    /// `rabbitmq_version:` as written, validated.
    public var rabbitmqVersion: Located<String>?
    /// `inventory:`, absolute.
    public var inventory: String?
    /// `select:` rule ids or prefixes, upper-cased; `nil` when not set.
    public var select: [String]?
    /// `ignore:` rule ids or prefixes, upper-cased; `nil` when not set.
    public var ignore: [String]?
    /// `severity:` per-rule overrides, by rule id.
    public var severity: [String: Severity]
    /// `fail_on:`.
    public var failOn: FailThreshold?
    /// `exclude:` globs.
    public var exclude: [PathPattern]
    /// `per_file_ignores:`, in the order written.
    public var perFileIgnores: [PerFileIgnore]
    /// `baseline:`, absolute.
    public var baseline: String?
    /// Site policies: `policies:` then those of the `policy_files:`, in the order read.
    public var policies: [UserPolicy]

    /// An empty configuration for the file at `path` in `directory`.
    public init(path: String, directory: String) {
        self.path = path
        self.directory = directory
        self.severity = [:]
        self.exclude = []
        self.perFileIgnores = []
        self.policies = []
    }
}

/// A `.rmqlint.yml` that cannot be used: rmqlint stops with exit status 2 and prints
/// `path:line:col: error: message` (or `path: error: message` when no line applies).
public typealias ConfigurationError = InputFileError

/// Finds and reads `.rmqlint.yml`.
public enum ConfigurationLoader {
    /// The file name looked for.
    public static let fileName = ".rmqlint.yml"

    /// Every key a configuration may hold, in documentation order.
    public static let keys = [
        "release", "rabbitmq_version", "inventory", "select", "ignore", "severity",
        "fail_on", "exclude", "per_file_ignores", "baseline", "policies", "policy_files",
    ]

    /// The nearest `.rmqlint.yml` at or above `path` (a directory, or a file's directory),
    /// like ruff's and yamllint's discovery. The walk stops after a directory holding `.git`
    /// (a repository's root), so a stray file above the repository never applies.
    public static func locate(from path: String, fileSystem: any FileSystem) -> String? {
        let absolute = PathUtilities.normalize(path, relativeTo: fileSystem.currentDirectory)
        var directory = fileSystem.kind(of: absolute) == .directory ? absolute : PathUtilities.parent(absolute)
        while true {
            let candidate = PathUtilities.join(directory, fileName)
            if fileSystem.kind(of: candidate) == .regular { return candidate }
            if fileSystem.kind(of: PathUtilities.join(directory, ".git")) != nil || directory == "/" { return nil }
            directory = PathUtilities.parent(directory)
        }
    }

    /// Reads and validates the configuration at `path` (relative paths against the
    /// working directory). `rules` is the catalogue rule names are checked against.
    public static func load(
        _ path: String, fileSystem: any FileSystem, rules: [RuleDescription]
    ) -> Result<Configuration, ConfigurationError> {
        let absolute = PathUtilities.normalize(path, relativeTo: fileSystem.currentDirectory)
        let display = PathUtilities.display(absolute, currentDirectory: fileSystem.currentDirectory)
        let text: String
        switch fileSystem.readFile(absolute, limit: 1024 * 1024) {
        case .success(let bytes):
            switch SourceText.decode(bytes, path: display) {
            case .success(let decoded): text = decoded
            case .failure(let diagnostic): return .failure(ConfigurationError(diagnostic.message, at: diagnostic.location, path: display))
            }
        case .failure(.tooLarge(let size, let limit)):
            return .failure(ConfigurationError("configuration file too large (\(size) bytes, limit \(limit))", at: nil, path: display))
        case .failure(.unreadable(let reason)):
            return .failure(ConfigurationError("cannot read configuration file: \(reason)", at: nil, path: display))
        }
        return parse(text, path: display, directory: PathUtilities.parent(absolute), fileSystem: fileSystem, rules: rules)
    }

    /// Validates the text of a configuration file shown as `path`, located in `directory`.
    public static func parse(
        _ text: String, path: String, directory: String, fileSystem: any FileSystem, rules: [RuleDescription]
    ) -> Result<Configuration, ConfigurationError> {
        var parser = ConfigurationParser(path: path, directory: directory, fileSystem: fileSystem, rules: rules)
        do {
            return .success(try parser.parse(text))
        } catch {
            return .failure(error)
        }
    }
}

/// The validation behind `ConfigurationLoader.parse`; throws at the first problem.
private struct ConfigurationParser {
    let path: String
    let directory: String
    let fileSystem: any FileSystem
    let rules: [RuleDescription]
    /// The built-in rules and the site policies, once these are read.
    var catalogue: [RuleDescription] = []

    func error(_ message: String, at node: YAMLNode) -> ConfigurationError {
        ConfigurationError(message, at: node.location, path: path)
    }

    mutating func parse(_ text: String) throws(ConfigurationError) -> Configuration {
        var configuration = Configuration(path: path, directory: directory)
        let loaded = YAMLLoader.load(text, path: path)
        if let diagnostic = loaded.diagnostics.first {
            throw ConfigurationError(diagnostic.message, at: diagnostic.location, path: path)
        }
        if loaded.documents.count > 1, let second = loaded.documents.dropFirst().first {
            throw error("expected a single YAML document", at: second)
        }
        guard let root = loaded.documents.first, !root.isNull else { return configuration }
        guard case .mapping(let pairs) = root.content else {
            throw error("expected a mapping of settings (\(ConfigurationLoader.keys.joined(separator: ", ")))", at: root)
        }

        // Site policies first: they are rules that `select`, `ignore` and `severity` may name.
        var catalogue = rules
        for pair in pairs where pair.key.scalar == "policies" || pair.key.scalar == "policy_files" {
            if pair.key.scalar == "policies" {
                var parser = UserPolicyParser(path: path, taken: rules, earlier: configuration.policies)
                configuration.policies += try parser.parseList(pair.value)
            } else {
                for file in try policyFiles(pair.value) {
                    configuration.policies += try policyFile(file, taken: rules, earlier: configuration.policies)
                }
            }
        }
        catalogue += configuration.policies.map(\.description)
        self.catalogue = catalogue

        var seen: [String: SourceLocation] = [:]
        for pair in pairs {
            guard let key = pair.key.scalar else { throw error("keys must be plain names", at: pair.key) }
            if let first = seen[key] {
                throw error("duplicate key '\(key)' (first set on line \(first.line))", at: pair.key)
            }
            seen[key] = pair.key.location
            let value = pair.value
            switch key {
            case "release":
                let text = try string(value, key: key)
                guard KollaVersion.parse(text) != nil else {
                    throw error("unknown release '\(text)' in 'release' (use a series such as 2024.1 or wallaby, or a Kolla-Ansible version such as 18.7.0)", at: value)
                }
                configuration.release = Located(text, at: value.location)
            case "rabbitmq_version":
                let text = try string(value, key: key)
                guard RabbitMQVersion.parse(text) != nil else {
                    throw error("unknown RabbitMQ version '\(text)' in 'rabbitmq_version' (use major.minor, e.g. 3.13)", at: value)
                }
                configuration.rabbitmqVersion = Located(text, at: value.location)
            case "inventory":
                let text = try string(value, key: key)
                let absolute = PathUtilities.normalize(text, relativeTo: directory)
                guard fileSystem.kind(of: absolute) != nil else {
                    throw error("'inventory' names '\(text)', which does not exist (paths are relative to \(path)'s directory)", at: value)
                }
                configuration.inventory = absolute
            case "select":
                configuration.select = try ruleSelectors(value, key: key)
            case "ignore":
                configuration.ignore = try ruleSelectors(value, key: key)
            case "severity":
                configuration.severity = try severities(value)
            case "fail_on":
                let text = try string(value, key: key)
                guard let threshold = FailThreshold(rawValue: text) else {
                    throw error("'fail_on' must be error, warning, info or never, found '\(text)'", at: value)
                }
                configuration.failOn = threshold
            case "exclude":
                var patterns: [PathPattern] = []
                for glob in try strings(value, key: key) { patterns.append(try pattern(glob, key: key)) }
                configuration.exclude = patterns
            case "per_file_ignores":
                configuration.perFileIgnores = try perFileIgnores(value)
            case "baseline":
                configuration.baseline = PathUtilities.normalize(try string(value, key: key), relativeTo: directory)
            case "policies", "policy_files":
                continue
            default:
                throw error("unknown key '\(key)' (known keys: \(ConfigurationLoader.keys.joined(separator: ", ")))", at: pair.key)
            }
        }
        return configuration
    }

    // MARK: Types

    private func kind(_ node: YAMLNode) -> String {
        switch node.content {
        case .scalar: node.isNull ? "nothing" : "'\(node.scalar ?? "")'"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }

    /// A non-empty scalar.
    private func string(_ node: YAMLNode, key: String) throws(ConfigurationError) -> String {
        guard let text = node.scalar, !node.isNull else {
            throw error("'\(key)' must be a string, found \(kind(node))", at: node)
        }
        return text
    }

    /// A list of scalars, one scalar (comma-separated, as on the command line) or nothing.
    private func strings(_ node: YAMLNode, key: String) throws(ConfigurationError) -> [Located<String>] {
        switch node.content {
        case .scalar(let text, _):
            if node.isNull { return [] }
            var result: [Located<String>] = []
            for part in text.split(separator: ",") {
                let trimmed = String(part).trimmingSpaces
                if !trimmed.isEmpty { result.append(Located(trimmed, at: node.location)) }
            }
            return result
        case .sequence(let items):
            var result: [Located<String>] = []
            for item in items {
                guard let text = item.scalar, !item.isNull else {
                    throw error("'\(key)' must be a list of strings, found \(kind(item)) in it", at: item)
                }
                result.append(Located(text, at: item.location))
            }
            return result
        case .mapping:
            throw error("'\(key)' must be a list of strings, found a mapping", at: node)
        }
    }

    /// Rule ids, prefixes (`RMQ2`) or slugs, each of which must name at least one rule;
    /// slugs become their ids.
    private func ruleSelectors(_ node: YAMLNode, key: String) throws(ConfigurationError) -> [String] {
        var result: [String] = []
        for item in try strings(node, key: key) {
            guard let selector = RuleSelector.resolve(item.value, rules: catalogue) else {
                throw ConfigurationError(
                    "unknown rule id, prefix or slug '\(item.value)' in '\(key)' (see 'rmqlint rules')", at: item.location, path: path)
            }
            result.append(selector)
        }
        return result
    }

    private func severities(_ node: YAMLNode) throws(ConfigurationError) -> [String: Severity] {
        if node.isNull { return [:] }
        guard case .mapping(let pairs) = node.content else {
            throw error("'severity' must map rule ids to error, warning or info, found \(kind(node))", at: node)
        }
        var result: [String: Severity] = [:]
        for pair in pairs {
            guard let name = pair.key.scalar else { throw error("'severity' keys must be rule ids", at: pair.key) }
            guard let rule = catalogue.first(where: { $0.id == name.uppercased() || $0.slug == name.lowercased() }) else {
                throw error("unknown rule id '\(name)' in 'severity' (see 'rmqlint rules')", at: pair.key)
            }
            guard result[rule.id] == nil else { throw error("duplicate rule '\(name)' in 'severity'", at: pair.key) }
            guard let text = pair.value.scalar, let severity = Severity(rawValue: text) else {
                throw error("severity of \(rule.id) must be error, warning or info, found \(kind(pair.value))", at: pair.value)
            }
            result[rule.id] = severity
        }
        return result
    }

    private func pattern(_ glob: Located<String>, key: String) throws(ConfigurationError) -> PathPattern {
        guard let pattern = PathPattern(glob.value) else {
            throw ConfigurationError(
                "invalid glob '\(glob.value)' in '\(key)' (an unclosed '[', unbalanced '{…}', a '{…}' without ',', "
                    + "or more than \(PathPattern.maxAlternatives) '{a,b}' alternatives)",
                at: glob.location, path: path)
        }
        return pattern
    }

    // MARK: Policy files

    /// The files `policy_files:` globs name, relative to the configuration's directory (or
    /// absolute, for policies shared across repositories), each once, in path order. A glob
    /// that matches nothing is an error: a policy file that is not read would be a silent no-op.
    private func policyFiles(_ node: YAMLNode) throws(ConfigurationError) -> [(path: String, location: SourceLocation)] {
        var result: [(path: String, location: SourceLocation)] = []
        var seen: Set<String> = []
        for glob in try strings(node, key: "policy_files") {
            let components = glob.value.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
            guard !components.isEmpty, components.allSatisfy(PathPattern.isWellFormed) else {
                throw ConfigurationError("invalid glob '\(glob.value)' in 'policy_files'", at: glob.location, path: path)
            }
            let base = glob.value.hasPrefix("/") ? "/" : directory
            let found = PolicyFileGlob.expand(components, from: base, fileSystem: fileSystem)
            guard !found.isEmpty else {
                throw ConfigurationError(
                    "'policy_files' glob '\(glob.value)' matches no file (paths are relative to \(path)'s directory)",
                    at: glob.location, path: path)
            }
            for file in found where seen.insert(file).inserted { result.append((file, glob.location)) }
        }
        return result
    }

    /// The policies of one policy file.
    private func policyFile(
        _ file: (path: String, location: SourceLocation), taken: [RuleDescription], earlier: [UserPolicy]
    ) throws(ConfigurationError) -> [UserPolicy] {
        let display = PathUtilities.display(file.path, currentDirectory: fileSystem.currentDirectory)
        let text: String
        switch fileSystem.readFile(file.path, limit: 1024 * 1024) {
        case .success(let bytes):
            switch SourceText.decode(bytes, path: display) {
            case .success(let decoded): text = decoded
            case .failure(let diagnostic): throw ConfigurationError(diagnostic.message, at: diagnostic.location, path: display)
            }
        case .failure(.tooLarge(let size, let limit)):
            throw ConfigurationError("policy file \(display) too large (\(size) bytes, limit \(limit))", at: file.location, path: path)
        case .failure(.unreadable(let reason)):
            throw ConfigurationError("cannot read policy file \(display): \(reason)", at: file.location, path: path)
        }
        var parser = UserPolicyParser(path: display, taken: taken, earlier: earlier)
        return try parser.parseFile(text)
    }

    private func perFileIgnores(_ node: YAMLNode) throws(ConfigurationError) -> [Configuration.PerFileIgnore] {
        if node.isNull { return [] }
        guard case .mapping(let pairs) = node.content else {
            throw error("'per_file_ignores' must map globs to lists of rule ids, found \(kind(node))", at: node)
        }
        var result: [Configuration.PerFileIgnore] = []
        for pair in pairs {
            guard let glob = pair.key.scalar else { throw error("'per_file_ignores' keys must be globs", at: pair.key) }
            let compiled = try pattern(Located(glob, at: pair.key.location), key: "per_file_ignores")
            let selectors = try ruleSelectors(pair.value, key: "per_file_ignores")
            result.append(Configuration.PerFileIgnore(pattern: compiled, rules: selectors))
        }
        return result
    }
}
