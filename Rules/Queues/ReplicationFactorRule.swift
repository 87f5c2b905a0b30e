import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ107: a mirroring policy's replication factor does not fit the cluster.
public struct ReplicationFactorRule: ViolationRule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ107",
        slug: "replication-factor",
        severity: .info,
        summary: "A mirroring policy's replica count does not fit the cluster size",
        whatItDoes: """
            On RabbitMQ 3.x with a known `rabbitmq` inventory group of n ≥ 2 hosts, checks every effective \
            classic-mirroring policy (the tree's definitions.json, or the `ha-all` policy Kolla renders): \
            `ha-mode: all` on 4 or more nodes, and `ha-mode: exactly` whose `ha-params` differs from a \
            majority ⌊n/2⌋+1, are reported as info; `ha-params` of 1 or less (no replica at all) or more \
            than n (silently the same as `all`) as a warning. For Kolla's template the finding is at \
            `rabbitmq_ha_replica_count` when globals set it, else at the line that makes Kolla render the \
            policy. Without an inventory the cluster size is unknown and the rule stays silent.
            """,
        whyItMatters: """
            Every mirror copies every message of its queue across the cluster: `ha-mode: all` on a large \
            cluster multiplies network and disk traffic and slows every publish, for no more safety than a \
            majority of replicas — RabbitMQ recommends a quorum (N/2+1) of nodes, and Kolla-Ansible's \
            default `rabbitmq_ha_replica_count` is exactly that (KA 6cf22b0c, "this assumes an odd number \
            of rabbitmq nodes"). `ha-params: 1` keeps a single copy, so a node loss loses the queue; a count \
            above the node count mirrors to all nodes.
            """,
        fix: """
            Use `ha-mode: exactly` with `ha-params` = ⌊n/2⌋+1 (2 on 3 nodes, 3 on 5): in Kolla-Ansible 2023.1–2024.2 \
            leave `rabbitmq_ha_replica_count` at its default, on zed set it explicitly; or move to quorum \
            queues, which replicate to a majority by design.
            """,
        appliesTo: """
            RabbitMQ 3.x with a known cluster size: Kolla-Ansible releases up to 2024.2 with mirroring policies \
            (`om_enable_rabbitmq_high_availability`, Queens–Xena's implicit `ha-all`) or a custom definitions.json.
            """,
        references: [
            "https://www.rabbitmq.com/docs/3.13/ha#replication-factor",
            "KA e13072a9 \"Add flag to change RabbitMQ ha-mode definition\"",
            "KA 6cf22b0c \"Improve RabbitMQ performance by reducing ha replicas\" (16.0.0)",
            "KA 2023.1-eol:ansible/roles/rabbitmq/defaults/main.yml rabbitmq_ha_replica_count",
        ],
        triggeringExamples: [
            // zed with the HA flag on five nodes: ha-mode all.
            RuleExample([
                "globals.yml": """
                    openstack_release: "zed"
                    ↓om_enable_rabbitmq_high_availability: true
                    rabbitmq_ha_promote_on_shutdown: "always"

                    """,
                "multinode": "[rabbitmq]\nrmq[01:05]\n",
            ]),
            // A custom policy with a single copy (warning).
            RuleExample([
                "globals.yml": "openstack_release: \"2023.2\"\nom_enable_rabbitmq_quorum_queues: false\n",
                "multinode": "[rabbitmq]\nrmq[01:03]\n",
                "config/rabbitmq/definitions.json": """
                    {"policies": [{"vhost": "/", "name": "ha-topics", "pattern": "^(?!(amq\\\\.)|(.*_fanout_)|(reply_)).*",
                      "apply-to": "queues", "priority": 0,
                      "definition": {"ha-mode": "exactly", "ha-params": ↓1, "ha-promote-on-shutdown": "always"}}]}

                    """,
            ]),
            // Kolla's variable set above the node count (warning).
            RuleExample([
                "globals.yml": """
                    openstack_release: "2023.1"
                    om_enable_rabbitmq_high_availability: true
                    ↓rabbitmq_ha_replica_count: 5

                    """,
                "multinode": "[rabbitmq]\nrmq[01:03]\n",
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample([
                "globals.yml": """
                    openstack_release: "zed"
                    om_enable_rabbitmq_high_availability: true
                    rabbitmq_ha_promote_on_shutdown: "always"
                    rabbitmq_ha_replica_count: 3

                    """,
                "multinode": "[rabbitmq]\nrmq[01:05]\n",
            ]),
            // Kolla 2023.1's default: ⌊3/2⌋+1 = 2 replicas.
            RuleExample([
                "globals.yml": "openstack_release: \"2023.1\"\nom_enable_rabbitmq_high_availability: true\n",
                "multinode": "[rabbitmq]\nrmq[01:03]\n",
            ]),
            // ha-mode all on three nodes is the majority anyway.
            RuleExample([
                "globals.yml": "openstack_release: \"zed\"\nom_enable_rabbitmq_high_availability: true\n",
                "multinode": "[rabbitmq]\nrmq[01:03]\n",
            ]),
            // Unknown cluster size.
            RuleExample([
                "globals.yml": "openstack_release: \"zed\"\nom_enable_rabbitmq_high_availability: true\n",
            ]),
        ])

    /// A mirroring policy whose replica count is not a majority of the cluster.
    public struct Found: Violation {
        enum Problem {
            /// `ha-mode: all` on a cluster of 4 or more.
            case mirrorsAll
            /// `ha-mode: exactly` with `ha-params: count`.
            case exactly(count: Int)
        }
        var problem: Problem
        /// The policy as a sentence subject.
        var policy: String
        var clusterSize: Int
        /// Where the fix goes: the policy, Kolla's variable, or a definitions file for lack of one.
        enum Fix { case policy, kollaVariable, noKollaVariable }
        var fix: Fix
        var policyKey: QueueRules.PolicyKey
        public var location: SourceLocation
        public var related: [RelatedLocation]

        var majority: Int { clusterSize / 2 + 1 }
        public var semanticKey: String { policyKey.text }
        public var severity: Severity? {
            guard case .exactly(let count) = problem else { return nil }
            return count <= 1 || count > clusterSize ? .warning : .info
        }

        public var message: String {
            switch problem {
            case .mirrorsAll:
                return "\(policy) mirrors every queue to all \(clusterSize) RabbitMQ nodes (`ha-mode: all`): each message is "
                    + "copied to \(clusterSize - 1) mirrors, while a majority of \(majority) replicas gives the same safety "
                    + "at less cost. " + advice
            case .exactly(let count):
                return "\(policy) sets `ha-params: \(count)` with `ha-mode: exactly`: it \(exactlyProblem(count)). \(advice)"
            }
        }

        func exactlyProblem(_ count: Int) -> String {
            if count <= 1 {
                return "keeps \(count <= 0 ? "no valid replica count" : "a single copy") of each queue: losing its node "
                    + "loses the queue"
            }
            if count > clusterSize {
                return "asks for more replicas than the \(clusterSize) RabbitMQ nodes, so RabbitMQ mirrors to all of them"
            }
            if count < majority { return "keeps fewer replicas than a majority (\(majority) of \(clusterSize) nodes)" }
            return "keeps more replicas than a majority (\(majority) of \(clusterSize) nodes) needs, copying each message "
                + "to \(count - 1) mirrors"
        }

        var advice: String {
            let variable = ReplicationFactorRule.variable
            let text = switch fix {
            case .policy: "use `\"ha-mode\": \"exactly\", \"ha-params\": \(majority)`"
            case .kollaVariable: "set `\(variable): \(majority)` in globals"
            case .noKollaVariable:
                "this release has no `\(variable)`: provide config/rabbitmq/definitions.json with "
                    + "`\"ha-mode\": \"exactly\", \"ha-params\": \(majority)`"
            }
            return QueueRules.sentence(text)
        }
    }

    // `rabbitmq_ha_replica_count` exists from xena 13.9.0 / yoga 14.9.0 / zed 15.2.0 (KA e13072a9
    // backports); older templates hard-code `ha-mode: all`.
    static let variable = "rabbitmq_ha_replica_count"

    public func violations(in context: LintContext) -> [Found] {
        var found: [Found] = []
        for deployment in context.model.deployments where deployment.rabbitMQ.version.supportsClassicMirroring {
            guard let size = deployment.effective.cluster.size, size >= 2 else { continue }
            for set in deployment.effective.policySets {
                for policy in set.policies where deployment.certainlyMirrors(policy, in: set) {
                    if let one = violation(policy, in: set, size: size, deployment) { found.append(one) }
                }
            }
        }
        return found
    }

    private func violation(_ policy: EffectivePolicy, in set: EffectivePolicySet, size: Int, _ deployment: Deployment) -> Found? {
        guard case .present(let mode) = deployment.keyState("ha-mode", of: policy, in: set),
              case .string(let modeName) = mode.value else { return nil }
        let problem: Found.Problem, key: String
        switch modeName {
        case "all":
            guard size >= 4 else { return nil }
            (problem, key) = (.mirrorsAll, "ha-mode")
        case "exactly":
            guard case .present(let params) = deployment.keyState("ha-params", of: policy, in: set),
                  let count = QueueRules.integer(params.value), count != size / 2 + 1 else { return nil }
            (problem, key) = (.exactly(count: count), "ha-params")
        default:
            return nil
        }
        guard let location = deployment.findingLocation(ofKey: key, in: policy, set: set) else { return nil }
        var related = QueueRules.templateRelated(policy, set: set, deployment, primary: nil)
        if let group = deployment.effective.cluster.location {
            related.append(RelatedLocation("the `rabbitmq` group: \(size) hosts", at: group))
        }
        let fix: Found.Fix = !set.isKollaTemplate ? .policy
            : deployment.templateVariables(deciding: "ha-params", of: policy).contains(Self.variable)
                ? .kollaVariable : .noKollaVariable
        return Found(
            problem: problem, policy: QueueRules.sentence(QueueRules.describe(policy, in: set, deployment)),
            clusterSize: size, fix: fix, policyKey: QueueRules.PolicyKey(policy, key, in: set), location: location,
            related: related.filter { $0.location != location })
    }
}
