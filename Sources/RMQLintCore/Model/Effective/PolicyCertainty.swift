import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge

/// What is certain about one key of a policy the broker loads (see
/// ``Deployment/keyState(_:of:in:)``).
public enum PolicyKeyState: Sendable {
    /// The key is certainly absent.
    case absent
    /// The key is certainly present with this value (which may itself be unknown).
    case present(EffectivePolicyValue)
    /// The key is certainly present, but which of the template's alternatives is not known
    /// (`ha-mode` `exactly` or `all` while the replica count is unknown).
    case presentAmbiguous
    /// Whether the key is present is unknown.
    case unknown

    /// Whether the key is certainly present (whatever its value).
    public var isPresent: Bool {
        switch self {
        case .present, .presentAmbiguous: true
        case .absent, .unknown: false
        }
    }
}

extension Deployment {
    /// Kolla-Ansible's HA flag, which makes its template render the `ha-all` policy.
    static let haFlag = "om_enable_rabbitmq_high_availability"

    /// The state of `key` in a policy the broker certainly loads
    /// (``isCertainlyLoaded(_:in:)``). A key of the tree's own file is what it says; a key of
    /// Kolla's template whose `{% if x is not none %}` / `{% else %}` branches depend on an
    /// unknown variable is ``PolicyKeyState/presentAmbiguous`` when both branches emit it,
    /// else ``PolicyKeyState/unknown`` [KA `2023.1-eol:ansible/roles/rabbitmq/templates/definitions.json.j2`].
    public func keyState(_ key: String, of policy: EffectivePolicy, in set: EffectivePolicySet) -> PolicyKeyState {
        let written = policy.value(key)
        let uncertain = policy.isConditional || policy.definition.contains { $0.key == key && $0.isConditional }
        guard uncertain, set.isKollaTemplate, let variables = effective.variables, let template = kollaTemplate(of: policy)
        else { return written.map { .present($0) } ?? .absent }
        var emitted = 0, unknown = 0
        var branches: [String: Set<Bool>] = [:]
        for entry in template.definition where entry.key == key {
            switch entry.emitWhen {
            case .always:
                emitted += 1
            case .ifNotNone(let name), .ifNone(let name):
                var ifNotNone = false
                if case .ifNotNone = entry.emitWhen { ifNotNone = true }
                branches[name, default: []].insert(ifNotNone)
                let current = variables.value(name)
                if current.isUnknown {
                    unknown += 1
                } else if (current != .none) == ifNotNone {
                    emitted += 1
                }
            }
        }
        if unknown == 0 { return written.map { .present($0) } ?? .absent }
        // Both branches of one `if … else` emit the key: present, value ambiguous.
        if emitted == 0 && branches.values.contains(where: { $0.count == 2 }) { return .presentAmbiguous }
        return .unknown
    }

    /// Whether a policy certainly sets classic queue mirroring for queues: the broker certainly
    /// loads it, it applies to queues (`apply-to` all / queues / classic_queues) and it
    /// certainly has `ha-mode`.
    public func certainlyMirrors(_ policy: EffectivePolicy, in set: EffectivePolicySet) -> Bool {
        guard isCertainlyLoaded(policy, in: set), ["all", "queues", "classic_queues"].contains(policy.applyTo) else {
            return false
        }
        return keyState("ha-mode", of: policy, in: set).isPresent
    }

    /// Whether a Kolla template policy is rendered without the HA flag asking for it: the
    /// implicit `ha-all` `.*` of Queens–Xena (KA e7441a42), whose condition (if any) holds
    /// with the flag false.
    public func isImplicitTemplatePolicy(_ policy: EffectivePolicy) -> Bool {
        guard let template = kollaTemplate(of: policy) else { return false }
        guard let condition = template.condition else { return true }
        return effective.variables?.evaluate(condition, extra: [Self.haFlag: .bool(false)]).ansibleBool == true
    }

    /// The Kolla variables that decide a key of a template policy: those its emit condition
    /// tests and its value reads (`rabbitmq_ha_replica_count` for `ha-mode` and `ha-params`,
    /// `rabbitmq_message_ttl_ms` for `message-ttl` …), from Kolla's `definitions.json.j2` as
    /// `KollaKnowledge.renderedPolicies` records it. Sorted.
    public func templateVariables(deciding key: String, of policy: EffectivePolicy) -> [String] {
        var names: Set<String> = []
        // The template that rendered this policy: Queens–Xena's implicit `ha-all` and the
        // HA-flag `ha-all` share a name but not a pattern (only the latter reads variables).
        for template in KollaKnowledge.renderedPolicies(for: release.version)
        where template.name == policy.name && template.pattern == policy.pattern && template.vhost == policy.vhost {
            for entry in template.definition where entry.key == key {
                switch entry.emitWhen {
                case .always: break
                case .ifNotNone(let name), .ifNone(let name): names.insert(name)
                }
                names.formUnion(Jinja.referencedVariables(inTemplate: entry.value))
            }
        }
        return names.sorted()
    }

    /// Whether the release's Kolla templates read `flag` at all (in an oslo option's or a
    /// policy's condition); a flag the release ignores is not a value to evaluate.
    public func releaseReads(flag: String) -> Bool {
        let keys = KollaKnowledge.renderedRabbitKeys(for: release.version)
        if keys.contains(where: { $0.condition?.contains(flag) == true }) { return true }
        return KollaKnowledge.renderedPolicies(for: release.version).contains { $0.condition?.contains(flag) == true }
    }

    /// A Kolla flag's value as Kolla evaluates it (`flag | bool`); `nil` when unknown or when
    /// the deployment has no variables (loose files).
    public func flag(_ name: String) -> Bool? {
        effective.variables?.evaluate("\(name) | bool").ansibleBool
    }
}

extension Deployment {
    /// Whether a certainly-mirroring policy applies (RabbitMQ's selection: pattern, `apply-to`,
    /// priority, vhost) to one of the config's RPC topic queues; for a service that consumes no
    /// topic queue (an API service only owns reply queues, which mirroring patterns exclude by
    /// design), whether one applies to any service's topic queue. A mirroring policy the
    /// selection leaves out (a template policy whose existence it does not model) counts as
    /// mirroring: its reach is not computed.
    public func mirrorsTopicQueues(of config: EffectiveServiceConfig) -> Bool {
        var ownsTopics = false
        var anyMirrored = false
        for reach in effective.policyReaches {
            for policy in reach.set.policies where certainlyMirrors(policy, in: reach.set) {
                if !reach.userPolicies.contains(where: { $0.name == policy.name && $0.vhost == policy.vhost && $0.kind == policy.kind }) {
                    return true
                }
            }
            for entry in reach.queues where entry.queue.kind == .topic || entry.queue.kind == .topicHost {
                let own = entry.config.service == config.service && entry.config.host == config.host
                    && entry.config.origin == config.origin
                if own { ownsTopics = true }
                let mirrored = entry.application.policy.possible.contains { index in
                    index < reach.userPolicies.count && certainlyMirrors(reach.userPolicies[index], in: reach.set)
                }
                if mirrored && own { return true }
                if mirrored { anyMirrored = true }
            }
        }
        return !ownsTopics && anyMirrored
    }
}
