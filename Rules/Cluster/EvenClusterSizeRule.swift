import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ402: the `rabbitmq` group has an even number of hosts.
public struct EvenClusterSizeRule: ViolationRule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ402",
        slug: "even-cluster-size",
        severity: .warning,
        summary: "The RabbitMQ cluster has an even number of nodes",
        whatItDoes: """
            Counts the hosts of the inventory's `rabbitmq` group (through `:children`) and reports an even \
            count of two or more at the line that declares the group. Without an inventory the size is \
            unknown and the rule stays silent: there is nothing to count.
            """,
        whyItMatters: """
            Quorum queues, Raft-based metadata and `pause_minority` all need a strict majority of nodes. \
            An even cluster tolerates no more failures than the odd cluster one node smaller, and a network \
            split into two halves leaves no majority at all: with Kolla-Ansible's default `pause_minority` \
            both halves pause. A two-node cluster stops entirely when either node is lost. RabbitMQ \
            "highly recommends" odd node counts and recommends against two-node clusters; Kolla's own \
            replica count default "assumes an odd number of rabbitmq nodes".
            """,
        fix: "Run 3 (or 5) RabbitMQ nodes: add a host to the `rabbitmq` group, or remove one.",
        appliesTo: "Every release, with a known `rabbitmq` inventory group.",
        references: [
            "https://www.rabbitmq.com/docs/clustering#node-count",
            "https://www.rabbitmq.com/docs/partitions#pause-minority",
            "KA master:ansible/roles/rabbitmq/defaults/main.yml (rabbitmq_ha_replica_count: \"this assumes an odd number of rabbitmq nodes\")",
            "https://docs.openstack.org/large-scale/journey/configure/rabbitmq.html",
        ],
        triggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "multinode": "[control]\nctl01\nctl02\n\n[↓rabbitmq:children]\ncontrol\n",
            ]),
            RuleExample([
                "globals.yml": "openstack_release: \"2025.1\"\n",
                "multinode": "[↓rabbitmq]\nrmq[01:04]\n",
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "multinode": "[rabbitmq]\nrmq[01:03]\n",
            ]),
            // A single node is not a cluster.
            RuleExample(["globals.yml": "openstack_release: \"2024.1\"\n", "multinode": "[rabbitmq]\nrmq01\n"]),
            // No inventory: the size is unknown.
            RuleExample(["globals.yml": "openstack_release: \"2024.1\"\n"]),
        ])

    /// The facts of one finding: the group and its (even) size.
    public struct Found: Violation {
        var group: String
        var size: Int
        /// The rendered file the size was counted from when there is no inventory.
        var renderedSource: String? = nil
        public var location: SourceLocation

        public var semanticKey: String { "cluster:\(group):even" }
        public var message: String {
            // Say where the size came from: the inventory group, or (no inventory) a rendered file.
            let what = renderedSource.map { "The RabbitMQ cluster has \(size) nodes (no inventory: counted from \($0))" }
                ?? "The `\(group)` group has \(size) hosts"
            let change = renderedSource == nil ? "" : " in the inventory's `rabbitmq` group"
            return "\(what), an even number: \(consequence). Use an odd number of "
                + "RabbitMQ nodes (\(size == 2 ? "3" : "\(size - 1) or \(size + 1)"))\(change)."
        }
        var consequence: String {
            size == 2
                ? "losing either node leaves no majority: quorum queues become unavailable and, with `pause_minority` "
                    + "(Kolla-Ansible's default), the surviving node pauses too"
                : "it tolerates no more node failures than \(size - 1) nodes would, and a split into two halves of "
                    + "\(size / 2) leaves no majority on either side"
        }
    }

    public func violations(in context: LintContext) -> [Found] {
        context.model.deployments.compactMap { deployment in
            let cluster = deployment.effective.cluster
            guard let size = cluster.size, size >= 2, size % 2 == 0, let location = cluster.location else { return nil }
            return Found(group: cluster.group, size: size, renderedSource: cluster.renderedSource, location: location)
        }
    }
}
