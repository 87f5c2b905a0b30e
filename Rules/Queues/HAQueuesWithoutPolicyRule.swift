import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ108: `rabbit_ha_queues = true` with no mirroring policy for the service's queues.
public struct HAQueuesWithoutPolicyRule: ViolationRule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ108",
        slug: "ha-queues-without-policy",
        severity: .warning,
        summary: "rabbit_ha_queues = true, but no policy mirrors the service's queues",
        whatItDoes: """
            For every service whose effective `rabbit_ha_queues` is true, checks whether an effective \
            classic-mirroring policy (`ha-mode`, in the tree's definitions.json or Kolla's template) applies \
            to its RPC topic queues, with RabbitMQ's real policy selection (pattern, `apply-to`, priority, \
            vhost). On RabbitMQ 4.0 and later no policy mirrors anything. Services sharing the line that sets \
            the option are reported once, there. Policies rmqlint cannot evaluate keep the rule silent, and \
            so does a service with quorum queues (or an unknown `rabbit_quorum_queue`): oslo.messaging refuses \
            that combination, which is RMQ102's finding.
            """,
        whyItMatters: """
            `rabbit_ha_queues` only adds the queue argument `x-ha-policy: all`, which RabbitMQ has ignored \
            since 3.0: mirroring is controlled by policies alone (oslo.messaging's own help text says so). \
            An operator who sets the option believes the queues are replicated while every queue lives on one \
            node; on RabbitMQ 4.x classic mirroring does not exist at all.
            """,
        fix: """
            Remove `rabbit_ha_queues`. Replicate with quorum queues (`rabbit_quorum_queue = true`, Kolla's \
            `om_enable_rabbitmq_quorum_queues`) or, on RabbitMQ 3.x, with a mirroring policy \
            (`om_enable_rabbitmq_high_availability`, or a definitions.json policy with `ha-mode`).
            """,
        appliesTo: "Every release; RabbitMQ 3.0 and later.",
        references: [
            "OM master:oslo_messaging/_drivers/impl_rabbit.py (rabbit_ha_queues help: \"since RabbitMQ 3.0 … use a policy\")",
            "https://www.rabbitmq.com/docs/3.13/ha#mirroring-arguments",
            "https://github.com/rabbitmq/rabbitmq-server/blob/main/release-notes/4.0.1.md",
        ],
        triggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \"2023.1\"\n",
                "multinode": "[rabbitmq]\nrmq[01:03]\n",
                "config/global.conf": "[oslo_messaging_rabbit]\nrabbit_ha_queues = ↓true\n",
            ]),
            // RabbitMQ 4.x: no mirroring at all.
            RuleExample([
                "globals.yml": "openstack_release: \"2025.1\"\n",
                "config/nova.conf": "[oslo_messaging_rabbit]\nrabbit_quorum_queue = false\nrabbit_ha_queues = ↓True\n",
            ]),
        ],
        nonTriggeringExamples: [
            // Kolla's ha-all policy mirrors the topic queues.
            RuleExample([
                "globals.yml": "openstack_release: \"2023.1\"\nom_enable_rabbitmq_high_availability: true\n",
                "multinode": "[rabbitmq]\nrmq[01:03]\n",
                "config/global.conf": "[oslo_messaging_rabbit]\nrabbit_ha_queues = true\n",
            ]),
            RuleExample([
                "globals.yml": "openstack_release: \"2023.1\"\n",
                "config/global.conf": "[oslo_messaging_rabbit]\nrabbit_ha_queues = false\n",
            ]),
        ])

    /// The facts of one finding: the services of one line, and why nothing mirrors their queues.
    public struct Found: Violation {
        var services: String
        /// A policy would mirror them, but the broker has no classic mirroring.
        var policyMirrors: Bool
        /// The RabbitMQ version (and where it comes from) when it has no classic mirroring.
        var noMirroringIn: String?
        public var service: String?
        public var location: SourceLocation
        public var related: [RelatedLocation]

        public var semanticKey: String { "[oslo_messaging_rabbit]rabbit_ha_queues" }
        public var message: String {
            "`rabbit_ha_queues = true` for \(services) only adds the `x-ha-policy` queue argument, which RabbitMQ "
                + "ignores since 3.0, and \(reason): their queues are not replicated. Remove it and use quorum queues "
                + "(`rabbit_quorum_queue = true`)\(noMirroringIn == nil ? " or, on RabbitMQ 3.x, a mirroring policy" : "")."
        }
        var reason: String {
            if policyMirrors, let noMirroringIn { return "\(noMirroringIn) has no classic mirroring at all" }
            return "no effective policy with `ha-mode` applies to their queues"
                + (noMirroringIn.map { " (and \($0) has no classic mirroring)" } ?? "")
        }
    }

    public func violations(in context: LintContext) -> [Found] {
        context.model.deployments.flatMap(violations)
    }

    private func violations(_ deployment: Deployment) -> [Found] {
        let mirroring = deployment.rabbitMQ.version.supportsClassicMirroring
        // Policies whose mirroring rmqlint cannot decide: never guess.
        for set in deployment.effective.policySets {
            for policy in set.policies where policy.value("ha-mode") != nil {
                guard deployment.isCertainlyLoaded(policy, in: set), policy.pattern != nil else { return [] }
                if case .unknown = deployment.keyState("ha-mode", of: policy, in: set) { return [] }
            }
        }
        var byLine: [SourceLocation: (configs: [EffectiveServiceConfig], policyMirrors: Bool)] = [:]
        // Only the configs where it is true (a fleet's collected files that do not set it are passed over).
        for config in deployment.effective.configs(settingTrue: .rabbitHAQueues) {
            guard let setting = config.setting(lookupKey: .rabbitHAQueues),
                  !setting.isConditional, setting.boolValue == true else { continue }
            // With quorum queues the combination does not start at all: RMQ102's finding.
            if let quorum = config.setting(lookupKey: .rabbitQuorumQueue),
               quorum.isConditional || quorum.boolValue != false { continue }
            let policyMirrors = deployment.mirrorsTopicQueues(of: config)
            if policyMirrors && mirroring { continue }
            guard let location = deployment.findingLocation(of: setting.provenance, fallbackFile: config.layers.last) else { continue }
            byLine[location, default: ([], policyMirrors)].configs.append(config)
        }
        return byLine.keys.sorted().compactMap { location in
            guard let entry = byLine[location] else { return nil }
            return Found(
                services: QueueRules.services(entry.configs), policyMirrors: entry.policyMirrors,
                noMirroringIn: mirroring ? nil : QueueRules.rabbitMQText(deployment),
                service: entry.configs.count == 1 ? entry.configs.first?.service : nil, location: location,
                related: QueueRules.rabbitMQRelated(deployment))
        }
    }
}
