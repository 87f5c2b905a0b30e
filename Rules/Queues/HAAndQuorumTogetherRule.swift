import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ102: classic mirroring and quorum queues enabled together.
public struct HAAndQuorumTogetherRule: ViolationRule {
    public init() {}

    static let haFlag = "om_enable_rabbitmq_high_availability"
    static let quorumFlag = "om_enable_rabbitmq_quorum_queues"


    public static let description = RuleDescription(
        id: "RMQ102",
        slug: "ha-and-quorum-together",
        severity: .error,
        summary: "Classic queue mirroring and quorum queues are enabled together",
        whatItDoes: """
            Evaluates Kolla's two queue flags as Kolla-Ansible does (`| bool`, globals over the release's \
            defaults) and reports `om_enable_rabbitmq_high_availability` when it and \
            `om_enable_rabbitmq_quorum_queues` are both true — on the releases that read both flags \
            (2023.1 from 16.3.0 to 2024.2). The finding sits on the HA flag's line; when the quorum flag is \
            not written in globals the message says it is Kolla's default for the release (true from \
            2023.2). It also reports every service whose effective oslo config sets `rabbit_ha_queues` and \
            `rabbit_quorum_queue` both true, at the `rabbit_ha_queues` line (one finding per written line, \
            naming the services that read it).
            """,
        whyItMatters: """
            Kolla's precheck rejects the combination (2023.1 from 16.3.0: "only one of HA or quorum \
            queues, or none"; 2023.2–2024.2: the two flags must differ), so `kolla-ansible deploy` stops; \
            skipping prechecks renders durable classic queues with an `ha-all` mirroring policy and quorum \
            queues at the same time, two replication schemes for one set of queues. oslo.messaging refuses \
            to start a service with `rabbit_ha_queues` and `rabbit_quorum_queue` both set \
            (`RuntimeError`, oslo.messaging ≥ 12.13.0). The HA flag is the one to drop: quorum queues are \
            Kolla's default from 2023.2 and the only option from 2025.1, since RabbitMQ 4.0 removed \
            classic mirroring.
            """,
        fix: """
            Keep quorum queues and remove `om_enable_rabbitmq_high_availability` from globals (and \
            `rabbit_ha_queues` from service overrides); on 2023.1, either keep mirroring and leave the \
            quorum flag false, or migrate to quorum queues (KA doc "RabbitMQ: High Availability").
            """,
        appliesTo: """
            Kolla-Ansible 2023.1 (16.3.0 and later) to 2024.2 for the flags; every release for \
            `rabbit_ha_queues` with `rabbit_quorum_queue` in service configs (oslo.messaging ≥ 12.13.0).
            """,
        references: [
            "KA 2023.2-eol:ansible/roles/prechecks/tasks/service_checks.yml (HA and quorum flags)",
            "KA 0b096725 (16.3.0) / 64575519 (17.0.0): om_enable_rabbitmq_quorum_queues",
            "KA 09df6fc1 \"Add a flag to handle RabbitMQ high availability\"",
            "OM 7e8acbf8 (12.13.0): rabbit_quorum_queue; RuntimeError with rabbit_ha_queues",
            "https://docs.openstack.org/kolla-ansible/2024.2/reference/message-queues/rabbitmq.html",
        ],
        triggeringExamples: [
            // 2024.1: quorum queues are already Kolla's default.
            RuleExample([
                "globals.yml": """
                    openstack_release: "2024.1"
                    ↓om_enable_rabbitmq_high_availability: true

                    """,
            ]),
            // 2023.1 (16.3.0+): both flags written.
            RuleExample([
                "globals.yml": """
                    openstack_release: "2023.1"
                    ↓om_enable_rabbitmq_high_availability: "yes"
                    om_enable_rabbitmq_quorum_queues: true

                    """,
            ]),
            // A service override asks for both kinds of queue arguments.
            RuleExample([
                "globals.yml": "openstack_release: \"2024.2\"\n",
                "config/nova.conf": """
                    [oslo_messaging_rabbit]
                    rabbit_ha_queues = ↓true

                    """,
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample([
                "globals.yml": """
                    openstack_release: "2024.1"
                    om_enable_rabbitmq_quorum_queues: true

                    """,
            ]),
            // 2023.1: mirroring alone (the quorum flag defaults to false there).
            RuleExample([
                "globals.yml": """
                    openstack_release: "2023.1"
                    om_enable_rabbitmq_high_availability: true

                    """,
            ]),
            // 2024.1: mirroring alone, quorum turned off.
            RuleExample([
                "globals.yml": """
                    openstack_release: "2024.1"
                    om_enable_rabbitmq_high_availability: true
                    om_enable_rabbitmq_quorum_queues: false

                    """,
            ]),
            // 2025.1 no longer reads the HA flag (RMQ105 reports it).
            RuleExample([
                "globals.yml": """
                    openstack_release: "2025.1"
                    om_enable_rabbitmq_high_availability: true

                    """,
            ]),
            // The flag's value depends on a variable rmqlint cannot see: unknown, not guessed.
            RuleExample([
                "globals.yml": """
                    openstack_release: "2024.1"
                    om_enable_rabbitmq_high_availability: "{{ site_wants_mirroring }}"

                    """,
            ]),
            // rabbit_ha_queues without quorum queues.
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\nom_enable_rabbitmq_quorum_queues: false\n",
                "config/nova.conf": "[oslo_messaging_rabbit]\nrabbit_ha_queues = true\n",
            ]),
        ])

    /// Mirroring and quorum queues enabled together: by Kolla's two flags, or in one
    /// service's oslo config.
    public struct Found: Violation {
        enum Kind {
            /// Both Kolla flags true; `quorumDefault`: the quorum flag is the release's default.
            case flags(release: String, quorumDefault: Bool, bobcatOrLater: Bool)
            /// Both oslo options true for these services.
            case config(services: String)
        }
        var kind: Kind
        public var location: SourceLocation
        public var service: String?
        public var host: String?
        public var related: [RelatedLocation]

        public var semanticKey: String {
            switch kind {
            case .flags: "variable:\(HAAndQuorumTogetherRule.haFlag)"
            case .config: "[oslo_messaging_rabbit]rabbit_ha_queues"
            }
        }

        public var message: String {
            switch kind {
            case .flags(let release, let quorumDefault, let bobcat):
                let quorumSource = "`\(HAAndQuorumTogetherRule.quorumFlag)` is true" + (quorumDefault ? " (Kolla-Ansible's \(release) default)" : "")
                let precheck = bobcat
                    ? "Kolla's precheck fails unless exactly one of the two flags is true"
                    : "Kolla's precheck fails (\"only one of HA or quorum queues, or none\")"
                let advice = bobcat
                    ? "remove `\(HAAndQuorumTogetherRule.haFlag)` and keep quorum queues (classic mirroring is gone in RabbitMQ 4.0, Kolla 2025.1)"
                    : "keep one: remove `\(HAAndQuorumTogetherRule.haFlag)` to use quorum queues, or set `\(HAAndQuorumTogetherRule.quorumFlag): false` to keep mirroring"
                return "`\(HAAndQuorumTogetherRule.haFlag)` is true and \(quorumSource): Kolla-Ansible \(release) would render the `ha-all` "
                    + "mirroring policy with durable classic queues and quorum queues together, and \(precheck). "
                    + "Choose one: \(advice)"
            case .config(let services):
                return "`rabbit_ha_queues = true` together with `rabbit_quorum_queue = true` for \(services): "
                    + "oslo.messaging raises RuntimeError and the service does not start. Remove `rabbit_ha_queues` "
                    + "(it only adds the `x-ha-policy` argument, which RabbitMQ ignores since 3.0)"
            }
        }
    }

    public func violations(in context: LintContext) -> [Found] {
        context.model.deployments.flatMap { deployment in
            (flagViolation(deployment).map { [$0] } ?? []) + configViolations(deployment)
        }
    }

    /// Both Kolla flags true on a release that reads both.
    private func flagViolation(_ deployment: Deployment) -> Found? {
        guard deployment.kind != .loose,
              deployment.releaseReads(flag: Self.haFlag), deployment.releaseReads(flag: Self.quorumFlag),
              deployment.flag(Self.haFlag) == true, deployment.flag(Self.quorumFlag) == true
        else { return nil }
        let haLines = deployment.decidingGlobalsLines(Self.haFlag)
        let quorumLines = deployment.decidingGlobalsLines(Self.quorumFlag)
        // The HA flag defaults to false in every release, so a true value is written somewhere.
        guard let location = haLines.first ?? quorumLines.first ?? deployment.globalsStart else { return nil }
        var related: [RelatedLocation] = quorumLines.first.map { [RelatedLocation("quorum queues enabled here", at: $0)] }
            ?? QueueRules.releaseRelated(deployment)
        related += haLines.dropFirst().map { RelatedLocation("decides `\(Self.haFlag)`", at: $0) }
        related += QueueRules.alsoSetRelated(Self.haFlag, in: deployment)
        return Found(
            kind: .flags(release: QueueRules.releaseName(deployment), quorumDefault: quorumLines.isEmpty,
                         bobcatOrLater: deployment.release.version.release >= .bobcat),
            location: location, related: related)
    }

    /// `rabbit_ha_queues` and `rabbit_quorum_queue` both true in effective service configs,
    /// one finding per written `rabbit_ha_queues` line.
    private func configViolations(_ deployment: Deployment) -> [Found] {
        var groups: [SourceLocation: (configs: [EffectiveServiceConfig], quorum: [SourceLocation])] = [:]
        var order: [SourceLocation] = []
        // Only the configs where it is true (a fleet's collected files that do not set it are passed over).
        for config in deployment.effective.configs(settingTrue: .rabbitHAQueues) {
            guard let ha = config.setting(lookupKey: .rabbitHAQueues),
                  let quorum = config.activeSetting(lookupKey: .rabbitQuorumQueue),
                  !ha.isConditional, !quorum.isConditional, ha.boolValue == true, quorum.boolValue == true,
                  let location = deployment.findingLocation(of: ha.provenance, fallbackFile: config.layers.last)
            else { continue }
            if groups[location] == nil { order.append(location) }
            groups[location, default: ([], [])].configs.append(config)
            if let line = quorum.provenance.anchor, groups[location]?.quorum.contains(line) == false {
                groups[location]?.quorum.append(line)
            }
        }
        return order.compactMap { location in
            guard let group = groups[location] else { return nil }
            let single = group.configs.count == 1 ? group.configs.first : nil
            let related = group.quorum.filter { $0 != location }.sorted()
                .map { RelatedLocation("rabbit_quorum_queue = true comes from here", at: $0) }
            return Found(
                kind: .config(services: QueueRules.services(group.configs)), location: location,
                service: single?.service, host: single?.host, related: related)
        }
    }
}
