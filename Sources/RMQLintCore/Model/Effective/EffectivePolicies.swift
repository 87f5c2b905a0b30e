import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders

/// One key of an effective policy's `definition` (`ha-mode`, `message-ttl`).
public struct EffectivePolicyValue: Sendable {
    /// The key.
    public var key: String
    /// The value as RabbitMQ receives it (JSON number → int, string → string); unknown when
    /// templated with something rmqlint cannot evaluate.
    public var value: JinjaValue
    /// Who set it: the definitions.json line, or Kolla's template and the globals line
    /// selecting it.
    public var provenance: Provenance
    /// Whether the key is rendered only under a condition of unknown truth (Kolla's
    /// `{% if x is not none %}` with `x` unknown); the policy itself may still be certain.
    public var isConditional: Bool = false
}

/// A RabbitMQ policy as the broker would load it.
public struct EffectivePolicy: Sendable {
    /// User policies (`policies`) or operator policies (`operator_policies`).
    public enum Kind: String, Sendable {
        /// A `policies` entry.
        case user
        /// An `operator_policies` entry.
        case operatorPolicy
    }

    /// The policy name.
    public var name: String
    /// The vhost it applies in.
    public var vhost: String
    /// The queue-name regex; `nil` when unknown.
    public var pattern: String?
    /// `apply-to` (`all` when absent).
    public var applyTo: String
    /// `priority` (0 when absent); `nil` when not an integer.
    public var priority: Int?
    /// The definition keys, in written order.
    public var definition: [EffectivePolicyValue]
    /// User or operator policy.
    public var kind: Kind
    /// Where the policy comes from: its `name` line in definitions.json, or Kolla's template.
    public var provenance: Provenance
    /// Where its `pattern` is written (for findings about what it matches); the policy's
    /// anchor when rendered by Kolla.
    public var patternLocation: SourceLocation?
    /// Whether the policy exists only under a condition of unknown truth.
    public var isConditional: Bool

    /// The definition value of `key`, if set.
    public func value(_ key: String) -> EffectivePolicyValue? {
        definition.last { $0.key == key }
    }

    /// Whether the definition carries classic-mirroring keys (`ha-*`).
    public var hasMirroringKeys: Bool {
        definition.contains { $0.key.hasPrefix("ha-") }
    }
}

/// The policies of one `definitions.json` as the broker loads it: the operator's file
/// (per host or global) or Kolla's template.
public struct EffectivePolicySet: Sendable {
    /// Where the set comes from.
    public enum Source: Sendable, Hashable {
        /// A definitions.json file of the tree (display path).
        case definitionsFile(String)
        /// Kolla's `definitions.json.j2` for the release.
        case kollaTemplate(String)
    }

    /// The host whose broker loads this set; `nil` for every RabbitMQ host (or unknown).
    public var host: String?
    /// Where the set comes from.
    public var source: Source
    /// User and operator policies, in file / template order.
    public var policies: [EffectivePolicy]
}

/// The RabbitMQ cluster: the hosts of the inventory group `rabbitmq`.
public struct RabbitMQCluster: Sendable {
    /// The group name.
    public var group: String
    /// The hosts, in Ansible's order; `nil` when no inventory was found.
    public var hosts: [String]?
    /// Where the group is declared in the inventory (or the rendered line the size comes from).
    public var location: SourceLocation?
    /// How the hosts are known (docs/spec.md §10.2): the inventory, rendered evidence, or not at all.
    public var evidence: String = "no inventory and no rendered transport_url or cluster_formation nodes: size unknown"
    /// What rendered file the hosts were read from when there is no inventory (`the rendered
    /// transport_url`); `nil` when they come from the inventory's group.
    public var renderedSource: String?

    /// The number of hosts, when the inventory is known.
    public var size: Int? { hosts?.count }

    /// The broker hosts rendered configuration names when there is no inventory: the largest
    /// host list of a rendered `transport_url` (Kolla renders every RabbitMQ host into it, KA
    /// `roles/*/templates/*.conf.j2` `transport_url = {{ rpc_transport_url }}`, group_vars/all.yml
    /// `rpc_transport_url` over `groups[om_rpc_group]`), or `cluster_formation.classic_config.nodes.*`
    /// of a rabbitmq.conf. `nil` when neither exists.
    ///
    /// `oslo` are the rendered and loose oslo files' own settings: each file's longest host
    /// list (``RenderedFileSettings/brokerHosts``) was found when its settings were made, so
    /// the first of the longest lists in file order is the first of the longest lines.
    static func fromRendered(oslo: [RenderedFileSettings], confs: [RabbitMQConfFile]) -> RabbitMQCluster? {
        var best: RabbitMQCluster?
        for rendered in oslo {
            guard let (hosts, location) = rendered.brokerHosts else { continue }
            if best == nil || hosts.count > (best?.hosts?.count ?? 0) {
                best = RabbitMQCluster(group: "rabbitmq", hosts: hosts, location: location,
                                       evidence: "no inventory: \(hosts.count) broker host(s) in the rendered transport_url at \(location)",
                                       renderedSource: "the hosts of the rendered transport_url")
            }
        }
        for file in confs {
            let nodes = file.conf.entries(withPrefix: "cluster_formation.classic_config.nodes.").filter { !$0.isTemplated }
            guard !nodes.isEmpty else { continue }
            let hosts = Array(Set(nodes.map { entry -> String in
                entry.value.split(separator: "@", maxSplits: 1).last.map(String.init) ?? entry.value
            })).sorted()
            if best == nil || hosts.count > (best?.hosts?.count ?? 0) {
                best = RabbitMQCluster(group: "rabbitmq", hosts: hosts, location: nodes[0].keyLocation,
                                       evidence: "no inventory: \(hosts.count) node(s) in cluster_formation.classic_config.nodes at \(nodes[0].keyLocation)",
                                       renderedSource: "the cluster_formation.classic_config.nodes of the rendered rabbitmq.conf")
            }
        }
        return best
    }
}

/// Builds effective policy sets (docs/spec.md §4 "RabbitMQ policies").
struct EffectivePolicyBuilder {
    let version: KollaVersion
    let variables: EffectiveVariables?

    /// The set a definitions.json document defines.
    func policySet(file: DefinitionsFile, host: String?) -> EffectivePolicySet {
        var policies: [EffectivePolicy] = []
        for (member, kind) in [("policies", EffectivePolicy.Kind.user), ("operator_policies", .operatorPolicy)] {
            guard let list = file.root[member] else { continue }
            for item in list.items {
                if let policy = policy(from: item, kind: kind) { policies.append(policy) }
            }
        }
        return EffectivePolicySet(host: host, source: .definitionsFile(file.path), policies: policies)
    }

    private func policy(from node: YAMLNode, kind: EffectivePolicy.Kind) -> EffectivePolicy? {
        guard case .mapping = node.content else { return nil }
        func text(_ key: String) -> String? {
            guard let value = node[key], let scalar = value.scalar else { return nil }
            return render(scalar, node: value).renderedText
        }
        let name = text("name") ?? ""
        let priorityNode = node["priority"]
        var priority: Int? = 0
        if let priorityNode {
            switch render(priorityNode.scalar ?? "", node: priorityNode) {
            case .int(let number): priority = number
            case .string(let value): priority = Int(value)
            default: priority = nil
            }
        }
        var definition: [EffectivePolicyValue] = []
        if let body = node["definition"] {
            for pair in body.pairs {
                guard let key = pair.key.scalar else { continue }
                let value: JinjaValue
                if let scalar = pair.value.scalar {
                    value = render(scalar, node: pair.value)
                } else if let expression = Self.bareJinjaExpression(pair.value) {
                    value = variables?.evaluate(expression) ?? .unknown
                } else {
                    value = EffectiveVariables.jinjaValue(of: pair.value)
                }
                definition.append(EffectivePolicyValue(
                    key: key, value: value, provenance: Provenance(origin: .file(pair.value.location))))
            }
        }
        let anchor = node.pair(forKey: "name")?.value.location ?? node.location
        return EffectivePolicy(
            name: name, vhost: text("vhost") ?? "/", pattern: text("pattern"), applyTo: text("apply-to") ?? "all",
            priority: priority, definition: definition, kind: kind, provenance: Provenance(origin: .file(anchor)),
            patternLocation: node.pair(forKey: "pattern")?.value.location ?? anchor, isConditional: false)
    }

    /// The expression of an unquoted `{{ expr }}` in a JSON template, which a YAML/JSON
    /// parser reads as a flow mapping whose only key is a flow mapping `{expr: null}`
    /// (Kolla's own `definitions.json.j2` writes numbers this way). `nil` for anything else.
    static func bareJinjaExpression(_ node: YAMLNode) -> String? {
        guard case .mapping(let outer) = node.content, outer.count == 1, let only = outer.first, only.value.isNull,
              case .mapping(let inner) = only.key.content, inner.count == 1, let expression = inner.first,
              expression.value.isNull, let text = expression.key.scalar else { return nil }
        return text
    }

    /// A JSON scalar as RabbitMQ gets it; Ansible's `template` renders Jinja in override
    /// files first (KA `ansible/roles/rabbitmq/tasks/config.yml`).
    private func render(_ scalar: String, node: YAMLNode) -> JinjaValue {
        let typed = EffectiveVariables.jinjaValue(of: node)
        guard node.isTemplated else { return typed }
        guard let variables else { return .unknown }
        return variables.render(scalar)
    }

    /// The set Kolla's template renders for the release and flags.
    func templateSet() -> EffectivePolicySet {
        let rendered = KollaKnowledge.renderedPolicies(for: version)
        var policies: [EffectivePolicy] = []
        for template in rendered {
            var conditional = false
            if let condition = template.condition {
                guard let variables else { continue }
                switch variables.evaluate(condition).ansibleBool {
                case true?: break
                case false?: continue
                case nil: conditional = true
                }
            }
            let source = "Kolla \(version) \(template.source)"
            let selected = variables?.selectingLocations(expression: template.condition) ?? []
            var definition: [EffectivePolicyValue] = []
            for entry in template.definition {
                var entryConditional = false
                switch entry.emitWhen {
                case .always: break
                case .ifNotNone(let variable):
                    guard let value = variables?.value(variable) else { continue }
                    if value == .none { continue }
                    if value.isUnknown { entryConditional = true }
                case .ifNone(let variable):
                    guard let value = variables?.value(variable) else { continue }
                    if value.isUnknown { entryConditional = true } else if value != .none { continue }
                }
                var value: JinjaValue = .string(entry.value)
                if entry.value.contains("{{") {
                    value = variables?.render(entry.value) ?? .unknown
                } else if entry.json == .number, let number = Int(entry.value) {
                    value = .int(number)
                }
                let selecting = variables?.selectingLocations(expression: template.condition, template: entry.value) ?? selected
                definition.append(EffectivePolicyValue(
                    key: entry.key, value: value,
                    provenance: Provenance(origin: .kollaTemplate(source), selectedBy: selecting),
                    isConditional: entryConditional))
            }
            let provenance = Provenance(origin: .kollaTemplate(source), selectedBy: selected)
            policies.append(EffectivePolicy(
                name: template.name, vhost: template.vhost, pattern: template.pattern, applyTo: template.applyTo,
                priority: template.priority, definition: definition, kind: .user, provenance: provenance,
                patternLocation: provenance.anchor, isConditional: conditional))
        }
        return EffectivePolicySet(host: nil, source: .kollaTemplate(
            "Kolla \(version) " + KollaReads.cite("ansible/roles/rabbitmq/templates/definitions.json.j2", release: version.release)),
            policies: policies)
    }
}

extension EffectivePolicySet {
    /// Whether the set is Kolla's `definitions.json` template (not a file of the tree).
    public var isKollaTemplate: Bool {
        if case .kollaTemplate = source { return true }
        return false
    }
}

extension Deployment {
    /// The Kolla template entry a policy of Kolla's set was rendered from.
    public func kollaTemplate(of policy: EffectivePolicy) -> RenderedPolicy? {
        KollaKnowledge.renderedPolicies(for: release.version).first {
            $0.name == policy.name && $0.pattern == policy.pattern && $0.vhost == policy.vhost
        }
    }

    /// Whether the broker certainly loads the policy. The model marks a Kolla template policy
    /// conditional when its condition depends on an unknown value, and also when only one of
    /// its entries does (`{% if x is not none %}`: the replica count without an inventory);
    /// the policy itself is then still loaded when its own condition is absent or true.
    public func isCertainlyLoaded(_ policy: EffectivePolicy, in set: EffectivePolicySet) -> Bool {
        guard policy.isConditional else { return true }
        guard set.isKollaTemplate, let variables = effective.variables, let template = kollaTemplate(of: policy)
        else { return false }
        guard let condition = template.condition else { return true }
        return variables.evaluate(condition).ansibleBool == true
    }
}
