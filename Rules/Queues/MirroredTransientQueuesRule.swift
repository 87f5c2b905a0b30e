import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ101: a classic-mirroring policy reaches queues the services declare transient.
public struct MirroredTransientQueuesRule: ViolationRule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ101",
        slug: "mirrored-transient-queues",
        severity: .error,
        summary: "A classic-mirroring policy mirrors queues that oslo.messaging declares transient",
        whatItDoes: """
            On RabbitMQ 3.x and a cluster of two or more RabbitMQ hosts (or of unknown size: then the \
            finding is info and says it holds only on a cluster), matches every effective policy that sets `ha-mode` — the \
            operator's `definitions.json`, or the policy Kolla's template renders for the release and flags, \
            including the implicit `ha-all` `".*"` of Queens–Xena — against the queues the deployed \
            services declare: `reply_<hex>`, `<topic>_fanout_<hex>`, `<topic>`, `<topic>.<host>`, \
            `notifications.info`. The pattern is matched as RabbitMQ does (PCRE, unanchored, negative \
            look-ahead supported), honouring `apply-to`, `priority` (only the winning policy applies), \
            vhost and the keys each queue type refuses. Reports the policy when the queues it mirrors \
            include transient ones: reply and fanout queues (unless transient quorum queues are on), and \
            topic or notification queues of services whose `amqp_durable_queues` is false without quorum \
            queues.
            """,
        whyItMatters: """
            Mirroring non-durable queues is what RabbitMQ's documentation warns against: when a node \
            restarts, mirrored transient queues are not recovered cleanly, leaving stale mirrors, \
            "home node down" errors and unresponsive RPC until the queues are deleted by hand \
            (rabbitmq-server#2045). Kolla-Ansible rendered exactly that (`ha-all`, pattern `.*`) by default \
            until Yoga; it removed the policy because every OpenStack queue was transient yet mirrored \
            (KA 6bfe1927, Kolla LP#1954925), and its later HA flag pairs mirroring with durable queues and a \
            pattern that excludes `reply_` and `_fanout_` queues (KA 09df6fc1: both "should only be used \
            together, otherwise the system will become unstable").
            """,
        fix: """
            Do not mirror transient queues. With Kolla's implicit policy (Victoria–Xena): set \
            `rabbitmq_remove_ha_all_policy: true`, or, where the release has it, \
            `om_enable_rabbitmq_high_availability: true` (durable queues and a pattern that excludes \
            `reply_` and `_fanout_`). With your own `definitions.json`: exclude them from the pattern, e.g. \
            `^(?!(amq\\.)|(.*_fanout_)|(reply_)).*`, and make the remaining queues durable \
            (`amqp_durable_queues = true` in `config/global.conf`) — or move to quorum queues.
            """,
        appliesTo: """
            RabbitMQ below 4.0 (4.0 removed classic mirroring: RMQ104). Kolla-Ansible Queens–Xena by \
            default (implicit `ha-all` `.*`), any release with a custom definitions.json.
            """,
        references: [
            "KA e7441a42 \"Configure the rabbitmq ha policy in config file\" (4.0.0): ha-all, pattern .*",
            "KA 6bfe1927 \"Remove classic queue mirroring for internal RabbitMQ\" (14.0.0, Partial-Bug 1954925)",
            "KA 2764844e / 8e1c98d9 / 425ead57: rabbitmq_remove_ha_all_policy (11.4.0 / 12.4.0 / 13.1.0)",
            "KA 09df6fc1 \"Add a flag to handle RabbitMQ high availability\"",
            "https://github.com/rabbitmq/rabbitmq-server/issues/2045",
            "https://bugs.launchpad.net/kolla-ansible/+bug/1954925",
            "https://www.rabbitmq.com/docs/3.13/ha#non-mirrored-queue-behavior-on-node-failure",
        ],
        triggeringExamples: [
            // Wallaby without overrides: Kolla's implicit ha-all ".*" mirrors every queue.
            RuleExample([
                "globals.yml": "kolla_base_distro: ubuntu\nopenstack_release: ↓wallaby\n",
                "multinode": "[control]\nctl01\nctl02\nctl03\n\n[rabbitmq:children]\ncontrol\n",
            ]),
            // A custom policy whose pattern still matches reply queues.
            RuleExample([
                "globals.yml": "openstack_release: \"2023.1\"\n",
                "multinode": "[rabbitmq]\nctl01\nctl02\nctl03\n",
                "config/rabbitmq/definitions.json": """
                    {"policies": [{"vhost": "/", "name": "ha", "pattern": ↓"^(?!amq\\\\.).*",
                      "apply-to": "queues", "definition": {"ha-mode": "all"}, "priority": 0}]}

                    """,
            ]),
        ],
        nonTriggeringExamples: [
            // Kolla's HA flag: durable topic queues, reply_ and _fanout_ excluded by the pattern.
            RuleExample([
                "globals.yml": "openstack_release: \"2023.1\"\nom_enable_rabbitmq_high_availability: true\n",
                "multinode": "[rabbitmq]\nctl01\nctl02\nctl03\n",
            ]),
            // The Wallaby escape hatch removes the implicit policy.
            RuleExample([
                "globals.yml": "openstack_release: wallaby\nrabbitmq_remove_ha_all_policy: true\n",
                "multinode": "[rabbitmq]\nctl01\nctl02\nctl03\n",
            ]),
            // A single RabbitMQ node mirrors nothing.
            RuleExample([
                "globals.yml": "openstack_release: wallaby\n",
                "multinode": "[rabbitmq]\nctl01\n",
            ]),
            // A higher-priority policy without ha-mode wins for every queue.
            RuleExample([
                "globals.yml": "openstack_release: \"2023.1\"\n",
                "multinode": "[rabbitmq]\nctl01\nctl02\nctl03\n",
                "config/rabbitmq/definitions.json": """
                    {"policies": [
                      {"vhost": "/", "name": "ha", "pattern": ".*", "definition": {"ha-mode": "all"}, "priority": 0},
                      {"vhost": "/", "name": "ttl", "pattern": ".*", "definition": {"expires": 3600000}, "priority": 5}]}

                    """,
            ]),
        ])

    /// The facts of one finding: a mirroring policy and the transient queues it reaches.
    public struct Found: Violation {
        /// The policy as a sentence subject, and its pattern.
        var policy: String
        var pattern: String
        /// The services whose reply, fanout and non-durable topic / notification queues it mirrors.
        var replies: Services
        var fanouts: Services
        var topics: Services
        /// One queue name per kind, the random part written as `<hex>`.
        var examples: [String]
        var rabbitMQ: String
        /// `nil` when the tree does not give it (the engine then reports the finding at info, as
        /// holding only on a cluster).
        var clusterSize: Int?
        /// Kolla's switches that drop the policy, for a template policy; `nil` for the tree's own.
        var kollaFix: KollaFix?
        struct KollaFix {
            var release: String
            var removeHAAllVariable: Bool
            var haFlag: Bool
        }
        var policyKey: QueueRules.PolicyKey
        public var location: SourceLocation
        public var related: [RelatedLocation]

        public var semanticKey: String { policyKey.text }
        public var message: String {
            var parts: [String] = []
            if !replies.isEmpty { parts.append("the reply queues (`reply_<hex>`) of \(Self.count(replies))") }
            if !fanouts.isEmpty { parts.append("the fanout queues (`<topic>_fanout_<hex>`) of \(Self.count(fanouts))") }
            if !topics.isEmpty {
                parts.append("the non-durable topic and notification queues of \(Self.count(topics)) "
                             + "(`amqp_durable_queues` false, no quorum queues)")
            }
            return "\(policy) mirrors (`ha-mode`, pattern `\(pattern)`) queues oslo.messaging declares transient: "
                + parts.joined(separator: "; ") + " (e.g. \(examples.prefix(3).map { "`\($0)`" }.joined(separator: ", "))). "
                + "Mirrored transient queues are not recovered cleanly when a node restarts (rabbitmq-server#2045) — "
                + rabbitMQ + (clusterSize.map { ", \($0) RabbitMQ nodes" } ?? "") + ". " + fix
        }

        static func count(_ services: Services) -> String {
            let labels = services.labels
            // Rendered configs collected from a fleet give one config per service and host:
            // count the services, and say how many hosts have their own ("12 services (…), with
            // per-host configs on 212 hosts").
            guard services.names.count < labels.count, services.hosts.count > 1 else {
                return labels.count <= 3 ? Phrase.andList(labels) : "\(labels.count) services (\(Phrase.andList(labels, limit: 3)))"
            }
            let names = services.names
            let list = names.count <= 3 ? Phrase.andList(names) : "\(names.count) services (\(Phrase.andList(names, limit: 3)))"
            return list + ", with per-host configs on \(services.hosts.count) hosts"
        }

        /// The configs a kind of queue comes from: their labels (`nova-compute on cmp01`), the
        /// distinct services and the distinct hosts.
        struct Services {
            var labels: [String] = []
            var names: [String] = []
            var hosts: [String] = []
            var isEmpty: Bool { labels.isEmpty }
        }

        /// Release-aware advice.
        var fix: String {
            guard let kollaFix else {
                return "Exclude them from the pattern (e.g. `^(?!(amq\\.)|(.*_fanout_)|(reply_)).*`) and make the other "
                    + "queues durable (`amqp_durable_queues = true`), or move to quorum queues"
            }
            var options: [String] = []
            if kollaFix.removeHAAllVariable { options.append("set `rabbitmq_remove_ha_all_policy: true`") }
            if kollaFix.haFlag {
                options.append("set `\(HAAndQuorumTogetherRule.haFlag): true` (durable queues, reply_ and _fanout_ excluded)")
            }
            if options.isEmpty {
                return "Kolla-Ansible \(kollaFix.release) has no switch for it: replace the policy with "
                    + "config/rabbitmq/definitions.json whose pattern excludes reply_ and _fanout_ queues "
                    + "(e.g. `^(?!(amq\\.)|(.*_fanout_)|(reply_)).*`) and make the topic queues durable"
            }
            return "In globals, " + options.joined(separator: ", or ")
        }
    }

    public func violations(in context: LintContext) -> [Found] {
        var found: [Found] = []
        for deployment in context.model.deployments {
            // RabbitMQ 4.0 removed classic mirroring: RMQ104 reports any ha-* key there.
            guard deployment.rabbitMQ.version < RabbitMQVersion(major: 4, minor: 0) else { continue }
            // An unknown size: the engine also checks a single node, where this does not hold.
            let size = deployment.effective.cluster.size
            if let size, size < 2 { continue }
            for reach in deployment.effective.policyReaches {
                let set = reach.set
                for (index, policy) in reach.userPolicies.enumerated()
                where deployment.certainlyMirrors(policy, in: set) {
                    let transient = reach.queues(reachedBy: index).filter {
                        !$0.queue.isDurable && $0.queue.queueType == .classicQueue
                    }
                    guard !transient.isEmpty else { continue }
                    found.append(violation(policy, set: set, transient: transient, deployment: deployment, clusterSize: size))
                }
            }
        }
        return found
    }

    private func violation(
        _ policy: EffectivePolicy, set: EffectivePolicySet, transient: [PolicyReach.Queue], deployment: Deployment,
        clusterSize: Int?
    ) -> Found {
        let template = set.isKollaTemplate
        var location = template
            ? deployment.findingLocation(of: policy.provenance)
            : (policy.patternLocation ?? deployment.findingLocation(of: policy.provenance, fallbackFile: set.filePath))
        if location == nil { location = deployment.globalsStart }

        func services(_ kinds: Set<OsloQueueKind>) -> Found.Services {
            var found = Found.Services()
            var seen: (labels: Set<String>, names: Set<String>, hosts: Set<String>) = ([], [], [])
            for entry in transient where kinds.contains(entry.queue.kind) {
                let config = entry.config
                if seen.labels.insert(config.label).inserted { found.labels.append(config.label) }
                let name = config.service ?? config.project ?? config.label
                if seen.names.insert(name).inserted { found.names.append(name) }
                if let host = config.host, seen.hosts.insert(host).inserted { found.hosts.append(host) }
            }
            return found
        }
        let topics = services([.topic, .topicHost, .notification])
        var examples: [String] = []
        for kind in [OsloQueueKind.reply, .fanout, .topic, .topicHost, .notification] {
            let names = transient.filter { $0.queue.kind == kind }.map { entry -> String in
                if kind == .topicHost { return "\(entry.queue.topic).<host>" }
                return entry.queue.name.replacingHex()
            }
            if let first = names.sorted().first { examples.append(first) }
        }
        let defaults = KollaKnowledge.defaults(for: deployment.release.version)

        var related = template ? QueueRules.templateRelated(policy, set: set, deployment, primary: location) : []
        if let durable = transient.compactMap({ $0.config.activeSetting(section: "oslo_messaging_rabbit", key: "amqp_durable_queues") })
            .first(where: { $0.provenance.anchor != nil && $0.provenance.anchor != location }), !topics.isEmpty,
           let anchor = durable.provenance.anchor {
            related.append(RelatedLocation("`amqp_durable_queues = \(durable.value ?? "?")` decided here", at: anchor))
        }
        if let cluster = deployment.effective.cluster.location {
            related.append(RelatedLocation("the RabbitMQ cluster (group `rabbitmq`)", at: cluster))
        }
        return Found(
            policy: QueueRules.sentence(QueueRules.describe(policy, in: set, deployment)),
            pattern: Phrase.clipped(policy.pattern ?? "?", 80),
            replies: services([.reply]), fanouts: services([.fanout]), topics: topics, examples: examples,
            rabbitMQ: QueueRules.rabbitMQText(deployment), clusterSize: clusterSize,
            kollaFix: template ? Found.KollaFix(
                release: QueueRules.releaseName(deployment),
                removeHAAllVariable: defaults["rabbitmq_remove_ha_all_policy"] != nil,
                haFlag: defaults[HAAndQuorumTogetherRule.haFlag] != nil) : nil,
            policyKey: QueueRules.PolicyKey(policy, "mirrors-transient", in: set),
            location: location ?? .wholeFile(deployment.root), related: related)
    }
}

extension String {
    /// The name with a 32-digit hexadecimal run (a random uuid4 part) written as `<hex>`.
    func replacingHex() -> String {
        var result = ""
        var run = ""
        func flush() {
            result += run.count == 32 ? "<hex>" : run
            run = ""
        }
        for character in self {
            if character.isHexDigit, character.isASCII { run.append(character) } else { flush(); result.append(character) }
        }
        flush()
        return result
    }
}
