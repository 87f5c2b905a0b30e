import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ301: a policy's `message-ttl` drops RPC requests that callers still wait for.
public struct MessageTTLBelowRPCTimeoutRule: Rule {
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

    /// One RPC topic queue a TTL reaches, and how long its callers wait.
    private struct Reached {
        let topic: String
        let service: String
        let option: String
        let optionValue: Int
        let seconds: Int
        let provenance: String
    }

    public func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for deployment in context.model.deployments {
            for reach in deployment.effective.policyReaches {
                let set = reach.set
                // Keyed by the policy that contributes the TTL (user or operator) and its index.
                var byPolicy: [String: (policy: EffectivePolicy, ttl: Int, reached: [Reached])] = [:]
                var order: [String] = []
                for entry in reach.queues where entry.queue.kind == .topic || entry.queue.kind == .topicHost {
                    guard let timeout = entry.queue.callTimeout,
                          let (policy, ttl) = ttlSource(of: entry.application, reach: reach) else { continue }
                    let wait = longestWait(timeout, project: entry.config.project, deployment: deployment)
                    guard ttl < 1000 * wait.seconds else { continue }
                    let key = "\(policy.kind.rawValue):\(policy.name)@\(policy.vhost)"
                    if byPolicy[key] == nil { order.append(key); byPolicy[key] = (policy, ttl, []) }
                    byPolicy[key]?.reached.append(Reached(
                        topic: entry.queue.topic, service: entry.config.service ?? "?", option: wait.option,
                        optionValue: wait.optionValue, seconds: wait.seconds, provenance: wait.provenance))
                }
                for key in order {
                    guard let item = byPolicy[key] else { continue }
                    if let finding = report(item.policy, ttl: item.ttl, reached: item.reached, set: set, deployment: deployment) {
                        findings.append(finding)
                    }
                }
            }
        }
        return findings
    }

    /// The policy whose `message-ttl` a queue gets, and the value: the lower of the user and
    /// the operator policy's (RabbitMQ's merge rule), only when both choices are certain.
    private func ttlSource(of application: PolicyApplication, reach: PolicyReach) -> (EffectivePolicy, Int)? {
        var candidates: [(EffectivePolicy, Int)] = []
        if let index = application.policy.index, index < reach.userPolicies.count,
           let value = reach.userPolicies[index].value("message-ttl"), !value.isConditional,
           case .int(let ttl) = value.value {
            candidates.append((reach.userPolicies[index], ttl))
        }
        if let index = application.operatorPolicy.index, index < reach.operatorPolicies.count,
           let value = reach.operatorPolicies[index].value("message-ttl"), !value.isConditional,
           case .int(let ttl) = value.value {
            candidates.append((reach.operatorPolicies[index], ttl))
        }
        // An uncertain choice (tie, unknown match) is never a finding.
        if case .tie = application.policy { return nil }
        if case .unknown = application.policy { return nil }
        return candidates.min { $0.1 < $1.1 }
    }

    /// The longest wait on a topic: the option's largest effective value among the
    /// configs of the project (nova and nova-cell together), else its default.
    private func longestWait(
        _ timeout: OsloCallTimeout, project: String?, deployment: Deployment
    ) -> (seconds: Int, option: String, optionValue: Int, provenance: String) {
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
        return (seconds, option, value, best?.1 ?? "default")
    }

    private func report(
        _ policy: EffectivePolicy, ttl: Int, reached: [Reached], set: EffectivePolicySet, deployment: Deployment
    ) -> Finding? {
        guard let longest = reached.max(by: { $0.seconds < $1.seconds }) else { return nil }
        var topics: [String] = []
        for entry in reached.sorted(by: { $0.seconds > $1.seconds }) where entry.seconds == longest.seconds {
            if !topics.contains(entry.topic) { topics.append(entry.topic) }
        }
        let location = QueueRules.location(of: "message-ttl", in: policy, set: set, deployment)
        let minutes = ttl >= 60000 ? " (\(ttl / 60000) min)" : ""
        var message = "`message-ttl` \(ttl) ms\(minutes) of \(QueueRules.describe(policy, in: set, deployment)) applies to "
            + "RPC topic queues whose callers wait up to \(longest.seconds) s: \(longest.option) = \(longest.optionValue) s"
            + " (\(longest.provenance)) for the \(Phrase.andList(topics.map { "`\($0)`" })) "
            + (topics.count == 1 ? "topic" : "topics")
            + ". A request that waits in the queue longer than the TTL is dropped while its caller still waits, "
            + "and the call fails with MessagingTimeout. "
        if set.isKollaTemplate {
            message += "Set `rabbitmq_message_ttl_ms: \(longest.seconds * 1000)` or more in globals (or null for no TTL)"
        } else {
            message += "Raise `message-ttl` to \(longest.seconds * 1000) or more, or exclude the RPC topic queues from this policy"
        }
        let related = QueueRules.templateRelated(policy, set: set, deployment, primary: location)
        return finding(message, at: location ?? .wholeFile(deployment.root),
                       key: QueueRules.policyKey(policy, "message-ttl", in: set), related: related)
    }
}
