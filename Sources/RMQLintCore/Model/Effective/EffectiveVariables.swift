import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders

/// The Kolla variables of a deployment as Ansible sees them: the release's defaults
/// (`KollaKnowledge.defaults(for:)`) overlaid by `globals.yml` / `globals.d` (passed as
/// extra vars, the highest precedence [KA `master:kolla_ansible/ansible.py`]), with the
/// inventory's groups for `groups['x']`.
///
/// Inventory and play variables other than `role_rabbitmq_groups` are not modelled:
/// where a value depends on them it is unknown, never guessed.
public struct EffectiveVariables: Sendable {
    /// Where a variable's value comes from.
    public enum Source: Sendable {
        /// Set in globals.
        case globals(GlobalVariable)
        /// Kolla's default for the release.
        case kollaDefault(KollaVariableDefault)
        /// A play variable of Kolla's playbooks (`role_rabbitmq_groups`).
        case playVariable(String)
    }

    /// The environment expressions are evaluated in.
    public let environment: JinjaEnvironment
    /// Every known variable's source.
    public let sources: [String: Source]
    /// Where `openstack_release` is written, when the release came from globals.
    public let releaseLocation: SourceLocation?

    /// Builds the variables of a deployment.
    public init(
        globals: [String: GlobalVariable], version: KollaVersion, inventory: Inventory?, releaseLocation: SourceLocation?
    ) {
        var values: [String: JinjaValue] = [:]
        var sources: [String: Source] = [:]
        for (name, variable) in KollaKnowledge.defaults(for: version) {
            values[name] = EffectiveVariables.jinjaValue(of: variable)
            sources[name] = .kollaDefault(variable)
        }
        // The RabbitMQ play sets `role_rabbitmq_groups: rabbitmq` for the rabbitmq role
        // [KA `2023.1-eol:ansible/site.yml` L282; `master:ansible/rabbitmq.yml` L22].
        if values["role_rabbitmq_groups"] == nil {
            values["role_rabbitmq_groups"] = .string("rabbitmq")
            sources["role_rabbitmq_groups"] = .playVariable("KA ansible/site.yml (rabbitmq play vars)")
        }
        for (name, variable) in globals {
            values[name] = EffectiveVariables.jinjaValue(of: variable.value)
            sources[name] = .globals(variable)
        }
        var groups: [String: [String]]?
        if let inventory {
            var table: [String: [String]] = [:]
            for name in inventory.groups.keys { table[name] = inventory.hosts(inGroup: name) }
            table["all"] = inventory.hosts(inGroup: "all")
            table["ungrouped"] = inventory.hosts(inGroup: "ungrouped")
            groups = table
        }
        self.environment = JinjaEnvironment(variables: values, groups: groups)
        self.sources = sources
        self.releaseLocation = releaseLocation
    }

    /// A variable's value (rendered when it is a template); unknown when undefined.
    public func value(_ name: String) -> JinjaValue {
        Jinja.evaluate(name, in: environment)
    }

    /// Evaluates an expression against the variables, optionally with extra task variables
    /// (`service_name`, `inventory_hostname`).
    public func evaluate(_ expression: String, extra: [String: JinjaValue] = [:]) -> JinjaValue {
        Jinja.evaluate(expression, in: environment(adding: extra))
    }

    /// Renders a template string against the variables, with extra task variables.
    public func render(_ template: String, extra: [String: JinjaValue] = [:]) -> JinjaValue {
        Jinja.render(template, in: environment(adding: extra))
    }

    private func environment(adding extra: [String: JinjaValue]) -> JinjaEnvironment {
        guard !extra.isEmpty else { return environment }
        var copy = environment
        copy.overlay = extra
        return copy
    }

    /// The globals lines that decide an expression: each variable it reads that globals
    /// set, and — through Kolla defaults that are templates — the globals lines those read,
    /// in source order. Falls back to the `openstack_release` line when none is set in
    /// globals (the value then follows from the release's defaults).
    public func selectingLocations(expression: String?, template: String? = nil) -> [SourceLocation] {
        var names: Set<String> = []
        if let expression { names.formUnion(Jinja.referencedVariables(expression)) }
        if let template { names.formUnion(Jinja.referencedVariables(inTemplate: template)) }
        var found: Set<SourceLocation> = []
        var visited: Set<String> = []
        var stack = Array(names)
        // Bounded by the number of variables: each is visited once.
        while let name = stack.popLast() {
            guard visited.insert(name).inserted, let source = sources[name] else { continue }
            switch source {
            case .globals(let variable):
                found.insert(variable.location)
                if variable.value.isTemplated, let text = variable.value.scalar {
                    stack.append(contentsOf: Jinja.referencedVariables(inTemplate: text))
                }
            case .kollaDefault(let variable):
                if variable.isTemplated { stack.append(contentsOf: Jinja.referencedVariables(inTemplate: variable.value)) }
            case .playVariable:
                break
            }
        }
        if found.isEmpty, let releaseLocation { return [releaseLocation] }
        return found.sorted()
    }

    /// Converts a YAML node to the value Ansible's YAML loader gives it: PyYAML's YAML 1.1
    /// typing for plain scalars, strings for quoted ones; vault values are unknown.
    public static func jinjaValue(of node: YAMLNode, depth: Int = 0) -> JinjaValue {
        guard depth < 200, !node.isVault else { return .unknown }
        switch node.content {
        case .scalar(let text, let style):
            if node.isNull { return .none }
            if let flag = node.ansibleBool { return .bool(flag) }
            if let number = node.intValue { return .int(number) }
            if style == .plain, node.tag == nil, let number = plainFloat(text) { return .float(number) }
            return .string(text)
        case .sequence(let items):
            return .list(items.map { jinjaValue(of: $0, depth: depth + 1) })
        case .mapping(let pairs):
            var members: [String: JinjaValue] = [:]
            for pair in pairs {
                guard let key = pair.key.scalar else { return .unknown }
                members[key] = jinjaValue(of: pair.value, depth: depth + 1)
            }
            return .dict(members)
        }
    }

    /// A Kolla default as Ansible reads it.
    static func jinjaValue(of variable: KollaVariableDefault) -> JinjaValue {
        if variable.quoted { return .string(variable.value) }
        if variable.isNull { return .none }
        switch variable.value {
        case "true", "True", "yes", "Yes", "on": return .bool(true)
        case "false", "False", "no", "No", "off": return .bool(false)
        case "{}": return .dict([:])
        case "[]": return .list([])
        default: break
        }
        if let number = Int(variable.value) { return .int(number) }
        if variable.isTemplated { return .string(variable.value) }
        // Flow mappings/lists and other YAML forms: read them as YAML would.
        let parsed = YAMLLoader.load(variable.value, path: "kolla-default")
        if parsed.diagnostics.isEmpty, let node = parsed.documents.first { return jinjaValue(of: node) }
        return .string(variable.value)
    }

    /// PyYAML's float resolver for the common decimal forms (`1.5`, `-0.25`, `1e3` is a
    /// string in YAML 1.1 without a dot); other spellings stay strings.
    private static func plainFloat(_ text: String) -> Double? {
        var sawDigit = false, sawDot = false
        for (index, scalar) in text.unicodeScalars.enumerated() {
            switch scalar {
            case "0"..."9": sawDigit = true
            case ".": if sawDot { return nil } else { sawDot = true }
            case "-", "+": if index != 0 { return nil }
            default: return nil
            }
        }
        guard sawDigit, sawDot else { return nil }
        return Double(text)
    }
}

extension JinjaValue {
    /// The text oslo.config / a rendered file would hold for this value (`True`, `600`),
    /// or `nil` when unknown.
    public var renderedText: String? {
        if containsUnknown { return nil }
        return pythonString
    }
}
