import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ403: a partition handling mode that does not fit the cluster size.
public struct PartitionHandlingRule: ViolationRule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ403",
        slug: "partition-handling",
        severity: .warning,
        summary: "cluster_partition_handling is ignore or autoheal on three or more nodes, or pause_minority on two",
        whatItDoes: """
            Reads the effective `cluster_partition_handling` of every broker view — Kolla's `rabbitmq.conf` \
            template with `rabbitmq_cluster_partition_handling` (or the literal it hard-codes: `autoheal` up \
            to stein, `pause_minority` from train), a whole-file `rabbitmq.conf`, `advanced.config`, a \
            classic or rendered `rabbitmq.config` — and compares it with the `rabbitmq` group: `ignore` or \
            `autoheal` on three or more nodes, or `pause_minority` on exactly two, is a warning. With the \
            cluster size or the release unknown, a finding that does not hold on every possible size and \
            candidate release is info. On RabbitMQ 4.3 and later the setting has no effect and the finding is \
            info. A whole-file `rabbitmq.conf` that drops the key is RMQ503's finding.
            """,
        whyItMatters: """
            With `ignore` (RabbitMQ's own default) a network partition leaves two clusters that each accept \
            writes and never merge: queues diverge and clients see different state. `autoheal` picks a \
            winner after the partition and restarts the losers, dropping their messages — continuity over \
            consistency, which RabbitMQ recommends only when that trade is wanted. On three or more nodes \
            `pause_minority` keeps only the majority side running. On two nodes there is no majority: \
            `pause_minority` pauses both nodes when they lose sight of each other. Kolla-Ansible moved from \
            `autoheal` to `pause_minority` in train "to avoid split-brain".
            """,
        fix: """
            On three or more nodes use `pause_minority` (remove `rabbitmq_cluster_partition_handling` from \
            globals: it is Kolla's default; or set `cluster_partition_handling = pause_minority` in the \
            override). On two nodes add a third node; until then `autoheal` keeps one node running.
            """,
        appliesTo: """
            Every release; RabbitMQ before 4.3 (from 4.3 the key is accepted but has no effect: info). \
            The cluster size comes from the inventory's `rabbitmq` group.
            """,
        references: [
            "https://www.rabbitmq.com/docs/partitions",
            "https://www.rabbitmq.com/docs/4.3/configure (cluster_partition_handling: no effect from 4.3)",
            "KA train-eol:ansible/roles/rabbitmq/templates/rabbitmq.conf.j2 L8 (\"to avoid split-brain\")",
            "KA c9984127 \"Make rabbitmq cluster_partition_handling configurable\"",
        ],
        triggeringExamples: [
            RuleExample([
                "globals.yml": """
                    openstack_release: "2024.1"
                    ↓rabbitmq_cluster_partition_handling: "autoheal"

                    """,
                "multinode": "[rabbitmq]\nrmq[01:03]\n",
            ]),
            // Kolla's default pause_minority on two nodes: at the line that selects the release.
            RuleExample([
                "globals.yml": "openstack_release: ↓\"2023.2\"\n",
                "multinode": "[rabbitmq]\nrmq01\nrmq02\n",
            ]),
            // A whole-file override.
            RuleExample([
                "globals.yml": "openstack_release: \"2025.1\"\n",
                "multinode": "[rabbitmq]\nrmq[01:03]\n",
                "config/rabbitmq/rabbitmq.conf": """
                    listeners.tcp.1 = 0.0.0.0:5672
                    cluster_partition_handling = ↓ignore
                    management.load_definitions = /etc/rabbitmq/definitions.json

                    """,
            ]),
            // A classic rabbitmq.config collected from a host.
            RuleExample([
                "rabbitmq/rabbitmq.config": """
                    [{rabbit, [{tcp_listeners, [{"10.0.0.1", 5672}]},
                               {cluster_partition_handling, ↓ignore}]}].

                    """,
                "rabbitmq/rabbitmq.conf": """
                    cluster_formation.classic_config.nodes.1 = rabbit@a
                    cluster_formation.classic_config.nodes.2 = rabbit@b
                    cluster_formation.classic_config.nodes.3 = rabbit@c

                    """,
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "multinode": "[rabbitmq]\nrmq[01:03]\n",
            ]),
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\nrabbitmq_cluster_partition_handling: \"autoheal\"\n",
                "multinode": "[rabbitmq]\nrmq01\nrmq02\n",
            ]),
            // No inventory: pause_minority is fine whatever the size.
            RuleExample(["globals.yml": "openstack_release: \"2024.1\"\n"]),
        ])

    /// The facts of one finding: the mode, the cluster size, and the setting it comes from.
    public struct Found: Violation {
        /// The setting as written (`cluster_partition_handling = ignore` in rabbitmq.conf …).
        var setting: String
        var mode: String
        /// The `rabbitmq` group's size; `nil` when the tree does not give it (the engine then
        /// reports the finding at info, as holding only on a cluster).
        var size: Int?
        /// ` on host ctl01` for a host's own view.
        var scope: String?
        var writtenInTree: Bool
        /// The RabbitMQ version, when it is 4.3 or later (the key has no effect).
        var ignoredBy: String?
        public var host: String?
        public var location: SourceLocation
        public var related: [RelatedLocation]
        /// Where a fix writes `pause_minority` (nil: no fix).
        var pauseMinority: PauseMinorityEdit?

        /// The tree's own value: the globals line of `rabbitmq_cluster_partition_handling`
        /// (Kolla renders it into rabbitmq.conf from 11.1.0, KA c9984127), or the value in a
        /// whole-file `rabbitmq.conf` / `advanced.config` override.
        enum PauseMinorityEdit {
            case variable(QueueRules.GlobalsDefinition)
            case value(SourceLocation)
        }

        /// `pause_minority` where the value is written in the deployment tree. Unsafe:
        /// partition handling trades availability for consistency — with `pause_minority` the
        /// minority side of a partition stops serving, a choice for the operator (RabbitMQ
        /// docs/partitions). No fix for `pause_minority` on two nodes, an unknown cluster size,
        /// Kolla's hard-coded default, or files collected from hosts (not what Kolla deploys).
        public var fixes: [Fix] {
            switch pauseMinority {
            case .variable(let definition)?:
                let line = "rabbitmq_cluster_partition_handling: \"pause_minority\""
                return [Fix("Set `\(line)` in globals", .unsafe, edits: definition.replaced(with: line))]
            case .value(let location)?:
                return [Fix("Set it to `pause_minority` here", .unsafe, edits: [.replace(location, with: "pause_minority")])]
            case nil:
                return []
            }
        }

        public var semanticKey: String { "broker:cluster_partition_handling" }
        public var severity: Severity? { ignoredBy == nil ? nil : .info }
        public var message: String {
            var text = "\(setting)\(scope.map { " on \($0)" } ?? ""): \(problem)."
            if let ignoredBy { text += " \(ignoredBy) accepts the key but ignores it (no effect from 4.3)." }
            return text + " " + advice
        }
        var problem: String {
            if mode == "pause_minority" {
                return "on 2 nodes there is no majority: when they lose sight of each other both pause"
            }
            let nodes = size.map { "on \($0) nodes" } ?? "on three or more nodes"
            return mode == "ignore"
                ? "\(nodes) a network partition leaves two clusters that never merge and diverge"
                : "\(nodes) a partition is healed by restarting the losing side, whose messages are lost"
        }
        var advice: String {
            mode == "pause_minority"
                ? "Add a third RabbitMQ node; until then `autoheal` keeps one node running."
                : fixes.first.map { "\($0.description)." } ?? "Use `pause_minority`" + (writtenInTree ? " here." : ".")
        }
    }

    public func violations(in context: LintContext) -> [Found] {
        context.model.deployments.flatMap(violations)
    }

    private func violations(_ deployment: Deployment) -> [Found] {
        let size = deployment.effective.cluster.size
        let noEffect = deployment.rabbitMQ.version >= RabbitMQVersion(major: 4, minor: 3)
        return deployment.uniqueBrokerSettings("cluster_partition_handling").compactMap { setting, broker in
            guard let mode = setting.value, let location = deployment.findingLocation(of: setting.provenance) else { return nil }
            switch (mode, size) {
            // An unknown size: the engine also checks a single node, where this does not hold.
            case ("ignore", nil), ("autoheal", nil), ("pause_minority", 2?): break
            case ("ignore", let n?) where n >= 3, ("autoheal", let n?) where n >= 3: break
            default: return nil
            }
            return Found(
                setting: ClusterRules.describe(setting), mode: mode, size: size,
                scope: broker.origin == .kolla ? broker.host.map { "host \($0)" } : nil,
                writtenInTree: setting.provenance.isWrittenInTree,
                ignoredBy: noEffect ? QueueRules.rabbitMQText(deployment) : nil, host: broker.host, location: location,
                related: ClusterRules.clusterRelated(deployment).filter { $0.location != location },
                pauseMinority: mode == "pause_minority" || size == nil ? nil : Self.pauseMinorityEdit(setting, broker, at: location, deployment))
        }
    }

    /// Where `pause_minority` goes: the tree's own value only (see `Found.fixes`).
    static func pauseMinorityEdit(
        _ setting: BrokerSetting, _ broker: EffectiveBrokerConfig, at location: SourceLocation, _ deployment: Deployment
    ) -> Found.PauseMinorityEdit? {
        guard case .kolla = broker.origin, setting.provenance.isWrittenInTree, !location.isKollaTemplate else { return nil }
        if let definition = QueueRules.globalsDefinition("rabbitmq_cluster_partition_handling", in: deployment),
           definition.path == location.path, definition.lines.contains(location.range.start.line) {
            return .variable(definition)
        }
        // The value itself, exactly (`ignore` in `cluster_partition_handling = ignore`).
        guard case .file = setting.provenance.origin, let value = setting.value, location.range.start.line == location.range.end.line,
              location.range.end.column - location.range.start.column == value.unicodeScalars.count else { return nil }
        return .value(location)
    }
}
