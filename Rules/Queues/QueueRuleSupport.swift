import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// What the queue rules (RMQ102–RMQ107, RMQ302) share: where a finding about an effective
/// value points, how a policy and its source are named in messages, and which policies
/// count as classic mirroring. Everything here reads the effective model only.
enum QueueRules {
    // MARK: Locations

    /// The first line of the deployment's `globals.yml`, for findings about pure defaults
    /// when the release was assumed (no line of the tree selects them).
    static func globalsStart(_ deployment: Deployment) -> SourceLocation? {
        for file in deployment.fileRoles {
            if case .globals(order: 0) = file.role { return .wholeFile(file.path) }
        }
        return nil
    }

    /// Where a finding about a value with `provenance` points: the line that writes it, else
    /// the first line that selects it, else the start of `globals.yml`, else the start of
    /// `fallbackFile` (a loose tree's own file). `nil` when there is nowhere to point.
    static func location(of provenance: Provenance, in deployment: Deployment, fallbackFile: String? = nil) -> SourceLocation? {
        provenance.anchor ?? globalsStart(deployment) ?? fallbackFile.map { SourceLocation.wholeFile($0) }
    }

    /// The globals line that sets `name` (`nil` when globals do not set it).
    static func globalsLine(_ name: String, in deployment: Deployment) -> SourceLocation? {
        guard case .globals(let variable)? = deployment.effective.variables?.sources[name] else { return nil }
        return variable.location
    }

    /// The globals lines that decide `expression` (the variables it reads, through Kolla's
    /// templated defaults), or `[]` when none is set in globals (the value is the release's
    /// default — the caller then points at the release line itself).
    static func decidingGlobalsLines(_ expression: String, in deployment: Deployment) -> [SourceLocation] {
        guard let variables = deployment.effective.variables else { return [] }
        let found = variables.selectingLocations(expression: expression)
        // `selectingLocations` falls back to the openstack_release line when no variable is set
        // in globals; none of the expressions asked about here reads openstack_release.
        if let release = variables.releaseLocation, found == [release] { return [] }
        return found
    }

    /// Where `openstack_release` is written, as a related location.
    static func releaseRelated(_ deployment: Deployment) -> [RelatedLocation] {
        guard let location = deployment.effective.variables?.releaseLocation else { return [] }
        return [RelatedLocation("selects Kolla-Ansible \(deployment.release.version.release.name)", at: location)]
    }

    /// Earlier globals files that set the same variable (overridden by a later one).
    static func alsoSetRelated(_ name: String, in deployment: Deployment) -> [RelatedLocation] {
        guard let variable = deployment.globals[name] else { return [] }
        return variable.overridden.map { RelatedLocation("also set here (overridden)", at: $0) }
    }

    // MARK: Release and broker

    /// `2024.1` (the series name operators write in `openstack_release`).
    static func releaseName(_ deployment: Deployment) -> String {
        deployment.release.version.release.name
    }

    /// Why rmqlint assumes this RabbitMQ version, for messages: `RabbitMQ 4.1 (from
    /// rabbitmq_image)` or `RabbitMQ 4.0 (the image Kolla 2025.1 ships)`.
    static func rabbitMQText(_ deployment: Deployment) -> String {
        let version = deployment.rabbitMQ.version
        switch deployment.rabbitMQ.source {
        case .commandLine: return "RabbitMQ \(version) (--rabbitmq-version)"
        case .configuration: return "RabbitMQ \(version) (rabbitmq_version in .rmqlint.yml)"
        case .image: return "RabbitMQ \(version) (from `rabbitmq_image`)"
        case .releaseDefault:
            guard !deployment.release.isAssumed else {
                return "RabbitMQ \(version) (the image of Kolla-Ansible \(releaseName(deployment)), one of the candidate "
                    + "releases; pass --rabbitmq-version if that is wrong)"
            }
            return "RabbitMQ \(version) (the image Kolla-Ansible \(releaseName(deployment)) ships)"
        }
    }

    /// The `rabbitmq_image` line, when it is what selects the RabbitMQ version.
    static func rabbitMQRelated(_ deployment: Deployment) -> [RelatedLocation] {
        guard case .image(let location) = deployment.rabbitMQ.source else { return [] }
        return [RelatedLocation("selects RabbitMQ \(deployment.rabbitMQ.version)", at: location)]
    }

    /// Whether the release's Kolla templates read `flag` at all (a flag globals may set
    /// although the release ignores it is RMQ105's business, not a value to evaluate).
    static func releaseReads(_ flag: String, _ deployment: Deployment) -> Bool {
        let version = deployment.release.version
        let keys = KollaKnowledge.renderedRabbitKeys(for: version)
        if keys.contains(where: { $0.condition?.contains(flag) == true }) { return true }
        return KollaKnowledge.renderedPolicies(for: version).contains { $0.condition?.contains(flag) == true }
    }

    /// A flag's value as Kolla evaluates it (`flag | bool`); `nil` when unknown or when the
    /// deployment has no variables (loose files).
    static func flag(_ name: String, _ deployment: Deployment) -> Bool? {
        deployment.effective.variables?.evaluate("\(name) | bool").ansibleBool
    }

    // MARK: Policies

    /// `policy 'ha-all' (vhost /)`, plus where it comes from: `of Kolla's 2024.1
    /// definitions.json template` or nothing for the tree's own file (the location says it).
    static func describe(
        _ policy: EffectivePolicy, in set: EffectivePolicySet, _ deployment: Deployment, source: Bool = true
    ) -> String {
        let kind = policy.kind == .operatorPolicy ? "operator policy" : "policy"
        var text = "\(kind) '\(Phrase.clipped(policy.name, 80))' (vhost \(Phrase.clipped(policy.vhost, 40)))"
        if source && set.isKollaTemplate {
            text += " from Kolla-Ansible's \(releaseName(deployment)) definitions.json template"
            if isImplicit(policy, deployment) { text += " (implicit: no flag needed)" }
        }
        if let host = set.host { text += " on \(host)" }
        return text
    }

    /// The line-independent key of a finding about one key of one policy:
    /// `policy:ha-all@/:ha-promote-on-shutdown`.
    static func policyKey(_ policy: EffectivePolicy, _ key: String, in set: EffectivePolicySet) -> String {
        PolicyKey(policy, key, in: set).text
    }

    /// A finding's identity for one key of one policy: name, vhost, key and the host of a
    /// per-host set, never an index or a display phrase. `text` is the released key format.
    struct PolicyKey: Hashable, Sendable {
        var name: String
        var vhost: String
        var key: String
        var host: String?

        init(_ policy: EffectivePolicy, _ key: String, in set: EffectivePolicySet) {
            (name, vhost, self.key, host) = (policy.name, policy.vhost, key, set.host)
        }

        var text: String { "policy:\(name)@\(vhost):\(key)" + (host.map { "@\($0)" } ?? "") }
    }

    /// The Kolla variables that decide a key of a template policy: the variables its emit
    /// condition tests and its value reads (`rabbitmq_ha_replica_count` for `ha-mode` and
    /// `ha-params`, `rabbitmq_message_ttl_ms` for `message-ttl` …), from Kolla's
    /// `definitions.json.j2` as `KollaKnowledge.renderedPolicies` records it.
    static func templateVariables(of key: String, policy: EffectivePolicy, _ deployment: Deployment) -> [String] {
        var names: Set<String> = []
        // The template that rendered this policy: Queens–Xena's implicit `ha-all` and the
        // HA-flag `ha-all` share a name but not a pattern (only the latter reads variables).
        for template in KollaKnowledge.renderedPolicies(for: deployment.release.version)
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

    /// Where a finding about `key` of a policy points. A value of the tree's definitions.json
    /// points at its own line (the policy's name line when the key is absent). A value of
    /// Kolla's template points at the globals line of the variable that set it
    /// (`rabbitmq_message_ttl_ms`), else at the line that selects the template — the HA flag,
    /// or `openstack_release` — else at the start of globals.yml.
    static func location(
        of key: String, in policy: EffectivePolicy, set: EffectivePolicySet, _ deployment: Deployment
    ) -> SourceLocation? {
        let value = policy.value(key)
        if !set.isKollaTemplate {
            return location(of: value?.provenance ?? policy.provenance, in: deployment, fallbackFile: fallbackPath(set))
        }
        for name in templateVariables(of: key, policy: policy, deployment) {
            if let line = decidingGlobalsLines(name, in: deployment).first { return line }
        }
        return location(of: policy.provenance, in: deployment)
    }

    /// The file a policy set was read from, for findings with no better line.
    static func fallbackPath(_ set: EffectivePolicySet) -> String? {
        if case .definitionsFile(let path) = set.source { return path }
        return nil
    }

    /// Related locations for a finding on a template policy: the globals lines that make
    /// Kolla render it (the HA flag) and the release line, except `primary` itself.
    static func templateRelated(
        _ policy: EffectivePolicy, set: EffectivePolicySet, _ deployment: Deployment, primary: SourceLocation?
    ) -> [RelatedLocation] {
        guard set.isKollaTemplate else { return [] }
        var related: [RelatedLocation] = []
        for line in policy.provenance.selectedBy where line != primary && line != deployment.effective.variables?.releaseLocation {
            related.append(RelatedLocation("makes Kolla render policy '\(policy.name)'", at: line))
        }
        related += releaseRelated(deployment).filter { $0.location != primary }
        return related
    }

    // MARK: Certainty of template policies

    /// What is certain about one key of a policy the broker loads.
    enum KeyState {
        /// The key is certainly absent.
        case absent
        /// The key is certainly present with this value (which may itself be unknown).
        case present(EffectivePolicyValue)
        /// The key is certainly present, but which of the template's alternatives is not known
        /// (`ha-mode` `exactly` or `all` while the replica count is unknown).
        case presentAmbiguous
        /// Whether the key is present is unknown.
        case unknown
    }

    /// The state of `key` in a policy (call only for policies that ``exists(_:in:_:)``).
    static func value(_ key: String, in policy: EffectivePolicy, set: EffectivePolicySet, _ deployment: Deployment) -> KeyState {
        let written = policy.value(key)
        let uncertain = policy.isConditional || policy.definition.contains { $0.key == key && $0.isConditional }
        guard uncertain, set.isKollaTemplate, let variables = deployment.effective.variables,
              let template = deployment.kollaTemplate(of: policy) else {
            return written.map { .present($0) } ?? .absent
        }
        // Which of the template's entries for the key are emitted: `definitions.json.j2`'s
        // `{% if x is not none %}` / `{% else %}` branches [KA `2023.1-eol:…/definitions.json.j2`].
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

    /// Whether a Kolla template policy is rendered without the HA flag asking for it: the
    /// implicit `ha-all` `.*` of Queens–Xena (KA e7441a42), whose condition (if any) holds
    /// with the flag false.
    static func isImplicit(_ policy: EffectivePolicy, _ deployment: Deployment) -> Bool {
        guard let template = deployment.kollaTemplate(of: policy) else { return false }
        guard let condition = template.condition else { return true }
        let flagOff: [String: JinjaValue] = [HAAndQuorumTogetherRule.haFlag: .bool(false)]
        return deployment.effective.variables?.evaluate(condition, extra: flagOff).ansibleBool == true
    }

    /// Whether a policy certainly sets classic queue mirroring for queues: it exists, has
    /// `ha-mode`, and applies to queues (`apply-to` all / queues / classic_queues).
    static func isMirroringPolicy(_ policy: EffectivePolicy, in set: EffectivePolicySet, _ deployment: Deployment) -> Bool {
        guard deployment.isCertainlyLoaded(policy, in: set), ["all", "queues", "classic_queues"].contains(policy.applyTo) else {
            return false
        }
        switch value("ha-mode", in: policy, set: set, deployment) {
        case .present, .presentAmbiguous: return true
        case .absent, .unknown: return false
        }
    }

    /// A policy value as an integer, the way RabbitMQ's validators see JSON: only a JSON
    /// integer counts (`"600000"` in quotes is a string and is rejected).
    static func integer(_ value: JinjaValue) -> Int? {
        if case .int(let number) = value { return number }
        return nil
    }

    /// `"all"`, `600000`, `true` — a policy value as it would appear in the JSON, for
    /// messages; values are never secrets here (policy definitions and TTL variables).
    static func jsonText(_ value: JinjaValue) -> String {
        switch value {
        case .string(let text): return "\"\(Phrase.clipped(text, 60))\""
        case .none: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .list: return "[…]"
        case .dict: return "{…}"
        default: return Phrase.clipped(value.renderedText ?? "?", 60)
        }
    }

    /// The services of some configs for messages: up to four labels (`nova-api, nova-scheduler
    /// and nova-compute on cmp01`), else a count and the projects (`9 services of nova and nova-cell`).
    static func services(_ configs: [EffectiveServiceConfig]) -> String {
        if configs.count <= 4 { return Phrase.andList(configs.map(\.label)) }
        var projects: [String] = []
        for config in configs {
            let project = config.project ?? config.service ?? "unknown"
            if !projects.contains(project) { projects.append(project) }
        }
        return "\(configs.count) services of \(Phrase.andList(projects, limit: 6))"
    }

    /// `policy 'x'` → `Policy 'x'`: a phrase that starts a message.
    static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }

    /// A policy definition as JSON text, in written order: `{"ha-mode":"all"}`.
    static func definitionText(_ policy: EffectivePolicy) -> String {
        let text = "{" + policy.definition.map { "\"\(Phrase.clipped($0.key, 60))\":\(jsonText($0.value))" }.joined(separator: ",") + "}"
        return Phrase.clipped(text, 240)
    }
}

extension QueueRules {
    /// A top-level `key: value` definition of a globals file (key in column 1): the lines a
    /// fix replaces, or adds new variables after.
    struct GlobalsDefinition: Sendable, Hashable {
        var path: String
        var lines: ClosedRange<Int>

        /// Edits replacing the definition by the top-level line(s) `text`.
        func replaced(with text: String) -> [FixEdit] {
            [.deleteLines(path: path, lines: lines), adding(text)]
        }

        /// An edit adding the top-level line(s) `text` after the definition.
        func adding(_ text: String) -> FixEdit {
            .insertLineAfter(path: path, line: lines.upperBound, text: text, indentLike: lines.lowerBound)
        }
    }

    /// The effective (last) definition of `name` in globals, when it is a plain top-level one.
    static func globalsDefinition(_ name: String, in deployment: Deployment) -> GlobalsDefinition? {
        guard let last = deployment.globals[name]?.definitionLines?.last else { return nil }
        return GlobalsDefinition(path: last.path, lines: last.lines)
    }
}
