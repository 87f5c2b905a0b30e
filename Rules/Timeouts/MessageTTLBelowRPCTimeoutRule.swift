import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ301: a policy's `message-ttl` drops RPC requests that callers still wait for.
public struct MessageTTLBelowRPCTimeoutRule: ViolationRule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ301",
        slug: "message-ttl-below-rpc-timeout",
        severity: .warning,
        summary: "A policy's message TTL is shorter than the RPC timeouts of the queues it applies to",
        whatItDoes: """
            For each effective policy (the operator's `definitions.json`, or the one Kolla's template \
            renders for the release and flags), works out which RPC topic queues of the deployed services \
            it applies to — real regex matching of the pattern, `apply-to`, priority, vhost, queue type, \
            and operator policies (RabbitMQ applies the lower `message-ttl` of the two) — and compares its \
            `message-ttl` (milliseconds) with 1000 × the longest time a caller waits on those topics: \
            `rpc_response_timeout` (60 s), nova's `long_rpc_timeout` (1800 s) for the conductor, compute and \
            scheduler topics, neutron's `rpc_response_max_timeout` (600 s), each as the services' effective \
            configuration sets it. Reports the TTL when it is shorter.
            """,
        whyItMatters: """
            A message older than its TTL is dropped from the queue. An RPC request that waits behind \
            others (a busy conductor, a compute host restarting) longer than the TTL disappears while its \
            caller is still waiting, so the call fails with `MessagingTimeout` — live migrations, resizes \
            and boots that use nova's long RPC timeout are the first to fail. Kolla-Ansible 2023.1–2024.2 \
            renders `message-ttl: 600000` (10 minutes) in its HA policy; the commit chose it as "longer than \
            the 1 min RPC timeout" (KA fd30dfb8), without nova's 30-minute `long_rpc_timeout`.
            """,
        fix: """
            Raise the TTL to at least 1000 × the longest call timeout (`rabbitmq_message_ttl_ms: 1800000` \
            with Kolla's HA flag and nova's defaults), or remove it (`rabbitmq_message_ttl_ms: null`), or \
            exclude the RPC topic queues from the policy that sets it.
            """,
        appliesTo: """
            Every release. With Kolla's own policy: 2023.1–2024.2 with `om_enable_rabbitmq_high_availability` \
            (zed 15.2.0+ only when `rabbitmq_message_ttl_ms` is set); 2025.1 and later render no TTL.
            """,
        references: [
            "KA fd30dfb8 \"Set RabbitMQ message TTL and queue expiry\" (16.0.0)",
            "KA dae2cbca \"Add flags for RabbitMQ message TTL & queue expiry\"",
            "NOVA master:nova/conf/rpc.py (long_rpc_timeout, 1800)",
            "NEU master:neutron/conf/service.py (rpc_response_max_timeout, 600)",
            "OM master:oslo_messaging/rpc/client.py (rpc_response_timeout, 60)",
            "https://www.rabbitmq.com/docs/ttl",
        ],
        triggeringExamples: [
            // 2023.1 with Kolla's HA flag: the policy's 600000 ms TTL is below nova's 1800 s.
            RuleExample([
                "globals.yml": "openstack_release: \"2023.1\"\n↓om_enable_rabbitmq_high_availability: true\n",
                "multinode": "[rabbitmq]\nctl01\nctl02\nctl03\n",
            ]),
            // A custom policy whose TTL was written in seconds' worth of minutes.
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/rabbitmq/definitions.json": """
                    {"policies": [{"vhost": "/", "name": "ttl", "pattern": "^(?!(amq\\\\.)|(.*_fanout_)|(reply_)).*",
                      "definition": {"message-ttl": ↓120000}, "priority": 0}]}

                    """,
            ]),
        ],
        nonTriggeringExamples: [
            // TTL raised to nova's long RPC timeout.
            RuleExample([
                "globals.yml": """
                    openstack_release: "2023.1"
                    om_enable_rabbitmq_high_availability: true
                    rabbitmq_message_ttl_ms: 1800000

                    """,
                "multinode": "[rabbitmq]\nctl01\nctl02\nctl03\n",
            ]),
            // A TTL only on reply queues is not an RPC request TTL.
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/rabbitmq/definitions.json": """
                    {"policies": [{"vhost": "/", "name": "replies", "pattern": "^reply_",
                      "definition": {"message-ttl": 60000}, "priority": 0}]}

                    """,
            ]),
            // Without nova and neutron, 60 s calls fit a 120 s TTL.
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\nenable_openstack_core: false\nenable_keystone: true\n",
                "config/rabbitmq/definitions.json": """
                    {"policies": [{"vhost": "/", "name": "ttl", "pattern": ".*",
                      "definition": {"message-ttl": 120000}, "priority": 0}]}

                    """,
            ]),
        ])

    /// A policy's `message-ttl` below the longest wait of the RPC callers of topic queues it reaches.
    public struct Found: Violation {
        /// The policy as a phrase (`policy 'ttl' (vhost /) in definitions.json`).
        var policy: String
        var ttl: Int
        /// The longest wait, the option that sets it, its value and where that comes from.
        var wait: Wait
        /// The topics whose callers wait that long.
        var topics: [String]
        /// Kolla's template renders the policy (fixed in globals, not in the policy).
        var isKollaTemplate: Bool
        var policyKey: QueueRules.PolicyKey
        public var location: SourceLocation
        public var related: [RelatedLocation]

        public var semanticKey: String { policyKey.text }
        public var message: String {
            let minutes = ttl >= 60000 ? " (\(ttl / 60000) min)" : ""
            return "`message-ttl` \(ttl) ms\(minutes) of \(policy) applies to "
                + "RPC topic queues whose callers wait up to \(wait.seconds) s: \(wait.option) = \(wait.optionValue) s"
                + " (\(wait.provenance)) for the \(Phrase.andList(topics.map { "`\($0)`" })) "
                + (topics.count == 1 ? "topic" : "topics")
                + ". A request that waits in the queue longer than the TTL is dropped while its caller still waits, "
                + "and the call fails with MessagingTimeout. " + fix
        }
        var fix: String {
            if let fix = fixes.first {
                return fix.description + (isKollaTemplate ? " (or more, or null for no TTL)" : " (or more), or exclude the RPC topic queues from this policy")
            }
            return isKollaTemplate
                ? "Set `rabbitmq_message_ttl_ms: \(wait.seconds * 1000)` or more in globals (or null for no TTL)"
                : "Raise `message-ttl` to \(wait.seconds * 1000) or more, or exclude the RPC topic queues from this policy"
        }

        /// Where a fix writes the TTL: the variable Kolla renders it from (its globals line, or a
        /// new line after `anchor`), or the policy's own value in the tree's definitions.json.
        var edit: Edit?
        enum Edit {
            case variable(name: String, definition: QueueRules.GlobalsDefinition?, anchor: QueueRules.GlobalsDefinition?)
            case policyValue(SourceLocation)
        }

        /// The TTL raised to the longest wait of the callers (so no request expires while its
        /// caller still waits). Unsafe: a TTL also bounds how long messages pile up in a queue
        /// nobody consumes; raising it trades broker memory for delivery, a judgement.
        public var fixes: [Fix] {
            let ttl = wait.seconds * 1000
            switch edit {
            case .variable(let name, let definition, let anchor)?:
                let line = "\(name): \(ttl)"
                if let definition { return [Fix("Set `\(line)` in globals", .unsafe, edits: definition.replaced(with: line))] }
                guard let anchor else { return [] }
                return [Fix("Set `\(line)` in globals", .unsafe, edits: [anchor.adding(line)])]
            case .policyValue(let location)?:
                return [Fix("Raise `message-ttl` to \(ttl)", .unsafe, edits: [.replace(location, with: "\(ttl)")])]
            case nil:
                return []
            }
        }
    }

    /// How long the callers of a topic wait: `seconds`, from `option` = `optionValue` (`provenance`).
    struct Wait {
        var seconds: Int
        var option: String
        var optionValue: Int
        var provenance: String
    }

    public func violations(in context: LintContext) -> [Found] {
        var found: [Found] = []
        for deployment in context.model.deployments {
            for reach in deployment.effective.policyReaches {
                // Grouped by the policy whose TTL the queue gets (RabbitMQ's merge of user and operator policy).
                var byPolicy: [String: (policy: EffectivePolicy, ttl: Int, reached: [(topic: String, wait: Wait)])] = [:]
                var order: [String] = []
                for entry in reach.queues where entry.queue.kind == .topic || entry.queue.kind == .topicHost {
                    guard let timeout = entry.queue.callTimeout,
                          let (value, policy) = reach.effectiveValue("message-ttl", for: entry),
                          case .integer(let ttl) = value else { continue }
                    let wait = longestWait(timeout, project: entry.config.project, deployment: deployment)
                    guard ttl < 1000 * wait.seconds else { continue }
                    let key = "\(policy.kind.rawValue):\(policy.name)@\(policy.vhost)"
                    if byPolicy[key] == nil { order.append(key); byPolicy[key] = (policy, ttl, []) }
                    byPolicy[key]?.reached.append((entry.queue.topic, wait))
                }
                for key in order {
                    guard let item = byPolicy[key],
                          let one = violation(item.policy, ttl: item.ttl, reached: item.reached, set: reach.set, deployment)
                    else { continue }
                    found.append(one)
                }
            }
        }
        return found
    }

    /// The longest wait on a topic: the option's largest effective value among the
    /// configs of the project (nova and nova-cell together), else its default.
    private func longestWait(
        _ timeout: OsloCallTimeout, project: String?, deployment: Deployment
    ) -> Wait {
        let family: Set<String> = project == "nova" || project == "nova-cell" ? ["nova", "nova-cell"] : [project ?? ""]
        var best: (Int, String)?
        for config in deployment.effective.configs where family.contains(config.project ?? "") {
            guard let setting = config.setting(section: timeout.section, key: timeout.option), !setting.isConditional,
                  let value = setting.intValue else { continue }
            let origin = setting.isDefault ? "default" : "set at \(setting.provenance.summary)"
            if best.map({ value > $0.0 }) ?? true { best = (value, origin) }
        }
        let value = best?.0 ?? timeout.defaultSeconds
        let seconds = value * timeout.scale
        let name = timeout.project == "oslo.messaging" ? "`\(timeout.option)`" : "\(timeout.project) `\(timeout.option)`"
        let option = timeout.scale == 1 ? name : "\(timeout.scale) × \(name)"
        return Wait(seconds: seconds, option: option, optionValue: value, provenance: best?.1 ?? "default")
    }

    private func violation(
        _ policy: EffectivePolicy, ttl: Int, reached: [(topic: String, wait: Wait)], set: EffectivePolicySet,
        _ deployment: Deployment
    ) -> Found? {
        guard let longest = reached.max(by: { $0.wait.seconds < $1.wait.seconds })?.wait else { return nil }
        var topics: [String] = []
        for entry in reached.sorted(by: { $0.wait.seconds > $1.wait.seconds }) where entry.wait.seconds == longest.seconds {
            if !topics.contains(entry.topic) { topics.append(entry.topic) }
        }
        let location = deployment.findingLocation(ofKey: "message-ttl", in: policy, set: set)
        var edit: Found.Edit?
        if set.isKollaTemplate {
            if let name = deployment.templateVariables(deciding: "message-ttl", of: policy).first {
                edit = .variable(
                    name: name, definition: QueueRules.globalsDefinition(name, in: deployment),
                    anchor: QueueRules.globalsDefinition(HAAndQuorumTogetherRule.haFlag, in: deployment)
                        ?? QueueRules.globalsDefinition("openstack_release", in: deployment))
            }
        } else if let value = policy.value("message-ttl"), value.provenance.isWrittenInTree, let anchor = value.provenance.anchor,
                  !anchor.isKollaTemplate {
            edit = .policyValue(anchor)
        }
        return Found(
            policy: QueueRules.describe(policy, in: set, deployment), ttl: ttl, wait: longest, topics: topics,
            isKollaTemplate: set.isKollaTemplate, policyKey: QueueRules.PolicyKey(policy, "message-ttl", in: set),
            location: location ?? .wholeFile(deployment.root),
            related: QueueRules.templateRelated(policy, set: set, deployment, primary: location), edit: edit)
    }
}
