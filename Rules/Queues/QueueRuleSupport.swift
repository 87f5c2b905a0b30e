import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// What the queue rules (RMQ101–RMQ109, RMQ301, RMQ302) share: how a policy, its source, the
/// release and the broker are named in messages, the related locations they add, and the
/// policy key of a fingerprint. The decisions (where a finding points, what a policy
/// certainly sets, which policies mirror) are model API (`Deployment.findingLocation`,
/// `keyState`, `certainlyMirrors` in RMQLintModel).
enum QueueRules {
    // MARK: Related locations

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

    /// Where this RabbitMQ version comes from, for messages: `RabbitMQ 4.1 (from
    /// rabbitmq_image)` or `RabbitMQ 4.0 (the image Kolla 2025.1 ships)`.
    static func rabbitMQText(_ deployment: Deployment) -> String {
        let version = deployment.rabbitMQ.version
        switch deployment.rabbitMQ.source {
        case .commandLine: return "RabbitMQ \(version) (--rabbitmq-version)"
        case .configuration: return "RabbitMQ \(version) (rabbitmq_version in .rmqlint.yml)"
        case .image: return "RabbitMQ \(version) (from `rabbitmq_image`)"
        // With the release a range, the engine checks each candidate's image and says where a
        // finding holds (spec §10.1): no note here.
        case .releaseDefault:
            return "RabbitMQ \(version) (the image Kolla-Ansible \(releaseName(deployment)) ships)"
        }
    }

    /// The `rabbitmq_image` line, when it is what selects the RabbitMQ version.
    static func rabbitMQRelated(_ deployment: Deployment) -> [RelatedLocation] {
        guard case .image(let location) = deployment.rabbitMQ.source else { return [] }
        return [RelatedLocation("selects RabbitMQ \(deployment.rabbitMQ.version)", at: location)]
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
            if deployment.isImplicitTemplatePolicy(policy) { text += " (implicit: no flag needed)" }
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
        // One config (a rendered file's, by the thousand on a fleet): its label, as the list of one gives it.
        if configs.count == 1 { return configs[0].label }
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
