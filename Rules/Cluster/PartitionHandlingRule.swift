import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ403: a partition handling mode that does not fit the cluster size.
public struct PartitionHandlingRule: Rule {
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
            cluster size unknown, `ignore` and `autoheal` are info. On RabbitMQ 4.3 and later the setting \
            has no effect and the finding is info; so is a value that only Kolla's default for an assumed \
            release decides. A whole-file `rabbitmq.conf` that drops the key is RMQ503's finding.
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

    public func check(_ context: LintContext) -> [Finding] {
        context.model.deployments.flatMap(findings)
    }

    private func findings(_ deployment: Deployment) -> [Finding] {
        let size = deployment.effective.cluster.size
        let version = deployment.rabbitMQ.version
        let noEffect = version >= RabbitMQVersion(major: 4, minor: 3)
        var findings: [Finding] = []
        for (setting, broker) in ClusterRules.uniqueSettings("cluster_partition_handling", in: deployment) {
            guard let mode = setting.value, let location = ClusterRules.location(of: setting, in: deployment) else { continue }
            var severity = Severity.warning
            let problem: String
            switch (mode, size) {
            case ("ignore", let n?) where n >= 3, ("autoheal", let n?) where n >= 3:
                problem = mode == "ignore"
                    ? "on \(n) nodes a network partition leaves two clusters that never merge and diverge"
                    : "on \(n) nodes a partition is healed by restarting the losing side, whose messages are lost"
            case ("ignore", nil), ("autoheal", nil):
                severity = .info
                problem = "if the cluster has three or more nodes (the inventory does not say), a partition "
                    + (mode == "ignore" ? "leaves two clusters that never merge" : "is healed by dropping the losing side")
            case ("pause_minority", 2?):
                problem = "on 2 nodes there is no majority: when they lose sight of each other both pause"
            default:
                continue
            }
            var notes = ""
            if noEffect {
                severity = .info
                notes += " \(QueueRules.rabbitMQText(deployment)) accepts the key but ignores it (no effect from 4.3)."
            }
            if ClusterRules.dependsOnAssumedRelease(setting.provenance, deployment) || ClusterRules.rabbitMQIsAssumed(deployment) && noEffect {
                severity = .info
                notes += ClusterRules.assumedReleaseNote(deployment)
            }
            let where_ = broker.origin == .kolla && broker.host != nil ? " on \(broker.scope)" : ""
            let fixes = mode == "pause_minority" || size == nil ? [] : pauseMinorityFix(setting, broker, at: location, deployment)
            let advice = mode == "pause_minority"
                ? "Add a third RabbitMQ node; until then `autoheal` keeps one node running."
                : fixes.first.map { "\($0.description)." }
                    ?? "Use `pause_minority`" + (setting.provenance.isWrittenInTree ? " here." : ".")
            findings.append(finding(
                "\(ClusterRules.describe(setting))\(where_): \(problem).\(notes) \(advice)",
                at: location, key: "broker:cluster_partition_handling", host: broker.host,
                related: ClusterRules.clusterRelated(deployment).filter { $0.location != location }, severity: severity,
                fixes: fixes))
        }
        return findings
    }

    /// `pause_minority` where the value is written in the deployment tree: the globals line of
    /// `rabbitmq_cluster_partition_handling` (Kolla renders it into rabbitmq.conf from 11.1.0,
    /// KA c9984127), or the value in a whole-file `rabbitmq.conf` / `advanced.config`
    /// override. Unsafe: partition handling trades availability for consistency — with
    /// `pause_minority` the minority side of a partition stops serving, a choice for the
    /// operator (RabbitMQ docs/partitions). No fix for Kolla's hard-coded default or for
    /// files collected from hosts (not what Kolla deploys).
    private func pauseMinorityFix(
        _ setting: BrokerSetting, _ broker: EffectiveBrokerConfig, at location: SourceLocation, _ deployment: Deployment
    ) -> [Fix] {
        guard case .kolla = broker.origin, setting.provenance.isWrittenInTree, !location.isKollaTemplate else { return [] }
        let variable = "rabbitmq_cluster_partition_handling"
        if let definition = QueueRules.globalsDefinition(variable, in: deployment), definition.path == location.path,
           definition.lines.contains(location.range.start.line) {
            let line = "\(variable): \"pause_minority\""
            return [Fix("Set `\(line)` in globals", .unsafe, edits: definition.replaced(with: line))]
        }
        guard case .file = setting.provenance.origin, setting.value.map({ location.range.start.line == location.range.end.line
            && location.range.end.column - location.range.start.column == $0.unicodeScalars.count }) == true else { return [] }
        return [Fix("Set it to `pause_minority` here", .unsafe, edits: [.replace(location, with: "pause_minority")])]
    }
}
