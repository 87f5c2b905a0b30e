import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ103: a multi-node RabbitMQ cluster whose queues are not replicated at all.
public struct NoQueueReplicationRule: ViolationRule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ103",
        slug: "no-queue-replication",
        severity: .warning,
        summary: "A multi-node RabbitMQ cluster replicates no queue: neither mirroring nor quorum queues",
        whatItDoes: """
            On a cluster of at least two RabbitMQ hosts (the inventory's `rabbitmq` group), reports the services whose queues nothing replicates: their \
            effective `rabbit_quorum_queue` is false (Kolla's flags, the release's defaults and the \
            override files, as the effective model computes them) and no effective policy sets classic \
            mirroring (`ha-mode`) on RabbitMQ 3.x for their RPC topic queues (the policy's pattern is \
            matched against `compute`, `conductor`, `compute.<host>`… with `apply-to`, priority and vhost, as \
            RabbitMQ picks one policy per queue). Services left classic by Kolla's flags or defaults are \
            reported once, at the flag that would turn quorum queues on (`om_enable_rabbitmq_quorum_queues`, \
            or `om_enable_rabbitmq_high_availability` where the release has no quorum flag, else \
            `openstack_release`); an override that writes `rabbit_quorum_queue = false` is reported at its \
            own line. Severity is error on Kolla-Ansible 2023.2–2024.2 when both flags are false, because \
            Kolla's precheck then fails; warning otherwise. From Kolla-Ansible 2025.1 quorum queues are \
            hard-coded, so the rule only fires there if an override turns them off. Kolla's 2023.2–2024.2 \
            precheck ("exactly one of HA or quorum") is reported whatever the cluster size, also on one node \
            or without an inventory; otherwise the rule needs a known cluster of two or more hosts.
            """,
        whyItMatters: """
            A classic queue lives on one node. When that node stops, its queues and their messages are \
            gone or unavailable until it returns: RPC calls to `conductor` or `compute.<host>` time out \
            and notifications are lost, although the cluster "is HA". Kolla-Ansible dropped its implicit \
            mirroring in Yoga (KA 6bfe1927, LP#1954925) because it mirrored transient queues \
            (rabbitmq-server#2045), reintroduced it behind `om_enable_rabbitmq_high_availability` \
            (KA 09df6fc1) and then made quorum queues the default (2023.2) and the only option (2025.1). \
            On 2023.2–2024.2 its precheck refuses to deploy when neither flag is set.
            """,
        fix: """
            Enable quorum queues: `om_enable_rabbitmq_quorum_queues: true` (2023.1 from 16.3.0 to 2024.2; \
            the default from 2023.2), then migrate the existing queues as Kolla's RabbitMQ guide describes. \
            On releases without the quorum flag use `om_enable_rabbitmq_high_availability: true`. Remove \
            overrides that set `rabbit_quorum_queue = false`.
            """,
        appliesTo: """
            Every release with a known `rabbitmq` inventory group of two or more hosts. Error on \
            Kolla-Ansible 2023.2, 2024.1 and 2024.2 when both queue flags are false (Kolla's precheck fails), \
            warning elsewhere. Mirroring policies count only on RabbitMQ 3.x.
            """,
        references: [
            "KA 2023.2-eol:ansible/roles/prechecks/tasks/service_checks.yml (`(HA) == (quorum)` fails)",
            "KA 6bfe1927 \"Remove classic queue mirroring for internal RabbitMQ\" (LP#1954925)",
            "KA 09df6fc1 \"Add a flag to handle RabbitMQ high availability\"",
            "KA 64575519 (17.0.0): quorum queues by default; KA 50bbcb09 (20.0.0): always",
            "https://bugs.launchpad.net/kolla-ansible/+bug/1954925",
            "https://github.com/rabbitmq/rabbitmq-server/issues/2045",
            "https://www.rabbitmq.com/docs/quorum-queues",
        ],
        triggeringExamples: [
            // 2024.1 with quorum queues switched off and no mirroring: Kolla's precheck fails.
            RuleExample([
                "globals.yml": """
                    openstack_release: "2024.1"
                    ↓om_enable_rabbitmq_quorum_queues: false

                    """,
                "multinode": "[control]\nctl[01:03]\n\n[rabbitmq:children]\ncontrol\n",
            ]),
            // 2023.1 defaults: no quorum queues, no mirroring (warning).
            RuleExample([
                "globals.yml": """
                    openstack_release: ↓"2023.1"

                    """,
                "multinode": "[rabbitmq]\nrmq01\nrmq02\nrmq03\n",
            ]),
            // Kolla 2023.2–2024.2's precheck fails whatever the cluster size: one node …
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n↓om_enable_rabbitmq_quorum_queues: false\n",
                "multinode": "[rabbitmq]\nrmq01\n",
            ]),
            // … or no inventory.
            RuleExample([
                "globals.yml": "openstack_release: \"2023.2\"\n↓om_enable_rabbitmq_quorum_queues: false\n",
            ]),
            // One project opts out of the quorum queues Kolla renders.
            RuleExample([
                "globals.yml": "openstack_release: \"2024.2\"\n",
                "multinode": "[rabbitmq]\nrmq01\nrmq02\nrmq03\n",
                "config/neutron.conf": "[oslo_messaging_rabbit]\nrabbit_quorum_queue = ↓false\n",
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample([
                "globals.yml": """
                    openstack_release: "2024.1"
                    om_enable_rabbitmq_quorum_queues: true

                    """,
                "multinode": "[control]\nctl[01:03]\n\n[rabbitmq:children]\ncontrol\n",
            ]),
            // 2023.1 with Kolla's mirroring policy.
            RuleExample([
                "globals.yml": "openstack_release: \"2023.1\"\nom_enable_rabbitmq_high_availability: true\n",
                "multinode": "[rabbitmq]\nrmq01\nrmq02\nrmq03\n",
            ]),
            // A single RabbitMQ host has nothing to replicate to (and 2023.1 has no precheck).
            RuleExample([
                "globals.yml": "openstack_release: \"2023.1\"\n",
                "multinode": "[rabbitmq]\nrmq01\n",
            ]),
            // No inventory: the cluster size is unknown; Kolla's flags pass its precheck.
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
            ]),
            // 2025.1 hard-codes quorum queues.
            RuleExample([
                "globals.yml": "openstack_release: \"2025.1\"\n",
                "multinode": "[rabbitmq]\nrmq01\nrmq02\nrmq03\n",
            ]),
            // An operator's own mirroring policy.
            RuleExample([
                "globals.yml": "openstack_release: \"2023.1\"\n",
                "multinode": "[rabbitmq]\nrmq01\nrmq02\nrmq03\n",
                "config/rabbitmq/definitions.json": """
                    {"policies": [{"vhost": "/", "name": "ha-topics", "pattern": "^(?!(amq\\\\.)|(.*_fanout_)|(reply_)).*",
                      "apply-to": "queues", "definition": {"ha-mode": "exactly", "ha-params": 2}, "priority": 0}]}

                    """,
            ]),
        ])

    /// A multi-node cluster whose queues are not replicated.
    public struct Found: Violation {
        enum Cause {
            /// From Kolla's flags and defaults: `scope` (whose queues), `cause`, `advice`.
            case flags(allServices: Bool, services: String, cause: String, advice: String)
            /// A written `rabbit_quorum_queue = false` for these services.
            case override(services: String)
            /// One node or an unknown cluster: only Kolla's precheck fails (`nodes` says which).
            case precheckOnly(nodes: String, cause: String)
        }
        var cause: Cause
        var clusterSize: Int
        /// A mirroring policy that mirrors nothing on this RabbitMQ: its name and the version phrase.
        var deadMirroring: (policy: String, rabbitMQ: String)?
        /// The release whose precheck fails when neither queue flag is true.
        var failingPrecheck: String?
        public var location: SourceLocation
        public var service: String?
        public var host: String?
        public var related: [RelatedLocation]

        public var severity: Severity? { failingPrecheck == nil ? .warning : .error }
        public var semanticKey: String {
            switch cause {
            case .flags: "queues:no-replication"
            case .override: "[oslo_messaging_rabbit]rabbit_quorum_queue"
            case .precheckOnly: "queues:precheck"
            }
        }

        public var message: String {
            let cluster = "The RabbitMQ cluster has \(clusterSize) nodes"
            let dead = deadMirroring.map {
                " (policy '\($0.policy)' sets `ha-mode`, but \($0.rabbitMQ) has no classic mirroring: RMQ104)"
            } ?? ""
            let precheck = failingPrecheck.map { " Kolla-Ansible \($0)'s precheck fails when neither queue flag is true." } ?? ""
            switch cause {
            case .flags(let all, let services, let cause, let advice):
                let scope = all ? "no queue of any service is replicated" : "the queues of \(services) are not replicated"
                return "\(cluster), but \(scope): \(cause), and no classic mirroring policy applies\(dead). A node that "
                    + "stops takes its queues and their messages with it.\(precheck) \(advice)"
            case .override(let services):
                return "\(cluster), but `rabbit_quorum_queue = false` here leaves the queues of \(services) classic and "
                    + "unreplicated, and no classic mirroring policy applies\(dead). A node that stops takes those "
                    + "queues with it.\(precheck) Remove this override"
            case .precheckOnly(let nodes, let cause):
                let ha = HAAndQuorumTogetherRule.haFlag, quorum = HAAndQuorumTogetherRule.quorumFlag
                return "Kolla-Ansible \(failingPrecheck ?? "")'s precheck requires exactly one of `\(ha)` and `\(quorum)` "
                    + "to be true, whatever the cluster size (here \(nodes)): \(cause), so `kolla-ansible prechecks` and "
                    + "deploy fail. Set `\(quorum): true`"
            }
        }
    }

    public func violations(in context: LintContext) -> [Found] {
        context.model.deployments.flatMap(violations)
    }

    private func violations(_ deployment: Deployment) -> [Found] {
        let cluster = deployment.effective.cluster
        guard deployment.kind != .loose else { return [] }
        guard let size = cluster.size, size >= 2 else { return precheckOnly(deployment, size: cluster.size) }
        guard case .none(let deadMirroring) = deployment.topicQueueMirroring else { return [] }
        let classic = deployment.classicQueueConfigs
        guard !classic.isEmpty else { return [] }
        let fromDefaults = classic.fromDefaults, written = classic.written, total = classic.total

        let release = deployment.release.version.release
        let haOff = deployment.flag(HAAndQuorumTogetherRule.haFlag) == false
        let quorumOff = deployment.flag(HAAndQuorumTogetherRule.quorumFlag) == false
        // KA 2023.2-eol … 2024.2-eol service_checks.yml: fail when `(HA) == (quorum)`.
        let precheckFails = release >= .bobcat && release <= .dalmatian && haOff && quorumOff
        var common: [RelatedLocation] = []
        if let location = cluster.location {
            common.append(RelatedLocation("the `\(cluster.group)` group: \(size) hosts", at: location))
        }
        let dead = deadMirroring.first.map { (policy: $0.name, rabbitMQ: QueueRules.rabbitMQText(deployment)) }
        if dead != nil { common += QueueRules.rabbitMQRelated(deployment) }
        func found(_ cause: Found.Cause, at location: SourceLocation, _ related: [RelatedLocation],
                   _ single: EffectiveServiceConfig? = nil) -> Found {
            Found(cause: cause, clusterSize: size, deadMirroring: dead, failingPrecheck: precheckFails ? release.name : nil,
                  location: location, service: single?.service, host: single?.host, related: related)
        }

        var result: [Found] = []
        if !fromDefaults.isEmpty {
            let (location, cause, advice, related) = flagsCause(deployment)
            if let location {
                result.append(found(
                    .flags(allServices: fromDefaults.count == total, services: QueueRules.services(fromDefaults),
                           cause: cause, advice: advice),
                    at: location, (related + common).filter { $0.location != location }))
            }
        }
        for line in written.keys.sorted() {
            guard let configs = written[line] else { continue }
            result.append(found(
                .override(services: QueueRules.services(configs)), at: line, common, configs.count == 1 ? configs.first : nil))
        }
        return result
    }

    /// Kolla-Ansible 2023.2–2024.2's precheck fails when neither queue flag is true, whatever
    /// the cluster size [KA 2023.2-eol … 2024.2-eol `ansible/roles/prechecks/tasks/service_checks.yml`:
    /// `(om_enable_rabbitmq_high_availability | bool) == (om_enable_rabbitmq_quorum_queues | bool)`
    /// fails]; on a single node or an unknown cluster that is the only thing reported.
    private func precheckOnly(_ deployment: Deployment, size: Int?) -> [Found] {
        let release = deployment.release.version.release
        guard release >= .bobcat, release <= .dalmatian,
              deployment.flag(HAAndQuorumTogetherRule.haFlag) == false,
              deployment.flag(HAAndQuorumTogetherRule.quorumFlag) == false else { return [] }
        let (location, cause, _, related) = flagsCause(deployment)
        guard let location else { return [] }
        let nodes = size.map { "\($0) RabbitMQ node\($0 == 1 ? "" : "s")" } ?? "a cluster of unknown size"
        return [Found(
            cause: .precheckOnly(nodes: nodes, cause: cause), clusterSize: size ?? 0, deadMirroring: nil,
            failingPrecheck: release.name, location: location, related: related.filter { $0.location != location })]
    }

    /// Where the "no replication from flags and defaults" finding points, why, and what to do.
    private func flagsCause(
        _ deployment: Deployment
    ) -> (SourceLocation?, cause: String, advice: String, related: [RelatedLocation]) {
        let release = QueueRules.releaseName(deployment)
        let ha = HAAndQuorumTogetherRule.haFlag, quorum = HAAndQuorumTogetherRule.quorumFlag
        let releaseLine = deployment.effective.variables?.releaseLocation
        let fallback = releaseLine ?? deployment.globalsStart
        func describe(_ name: String, _ lines: [SourceLocation]) -> String {
            lines.isEmpty ? "`\(name)` is false (Kolla-Ansible's \(release) default)" : "`\(name)` is false"
        }
        if deployment.releaseReads(flag: quorum) {
            let quorumLines = deployment.decidingGlobalsLines(quorum)
            let haLines = deployment.decidingGlobalsLines(ha)
            var related = haLines.map { RelatedLocation("`\(ha)` is false here", at: $0) }
            if !quorumLines.isEmpty { related += QueueRules.releaseRelated(deployment) }
            return (quorumLines.first ?? fallback, describe(quorum, quorumLines),
                    "Set `\(quorum): true` and migrate the queues (Kolla's RabbitMQ guide, \"High Availability\")", related)
        }
        if deployment.releaseReads(flag: ha) {
            let haLines = deployment.decidingGlobalsLines(ha)
            return (haLines.first ?? fallback, "\(describe(ha, haLines)) and Kolla-Ansible \(release) has no quorum flag",
                    "Set `\(ha): true` (durable queues with Kolla's `ha-all` mirroring policy) and "
                        + "`rabbitmq_ha_promote_on_shutdown: \"always\"` where the release has it",
                    haLines.isEmpty ? [] : QueueRules.releaseRelated(deployment))
        }
        return (fallback, "services use classic queues (Kolla-Ansible \(release) renders no quorum queues and no mirroring)",
                "Set `rabbit_quorum_queue = true` under `[oslo_messaging_rabbit]` in `config/global.conf`, or upgrade "
                    + "to a release that renders quorum queues", [])
    }
}
