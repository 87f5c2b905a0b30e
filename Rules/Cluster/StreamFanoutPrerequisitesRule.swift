import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ404: stream fanout without the settings oslo.messaging requires for it.
public struct StreamFanoutPrerequisitesRule: ViolationRule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ404",
        slug: "stream-fanout-prerequisites",
        severity: .error,
        summary: "rabbit_stream_fanout without transient quorum queues or with prefetch ≤ 0",
        whatItDoes: """
            For every service whose effective `rabbit_stream_fanout` is true (oslo.messaging 14.7.0+, \
            Kolla-Ansible 2024.1 and later), checks the two settings oslo.messaging requires with it: \
            `rabbit_transient_quorum_queue = true` and `rabbit_qos_prefetch_count` > 0. On Kolla-Ansible \
            2024.1 and 2024.2 this is `om_enable_rabbitmq_stream_fanout: true` with \
            `om_enable_rabbitmq_transient_quorum_queue` false (it needs `om_enable_queue_manager` and quorum \
            queues) or `om_rabbitmq_qos_prefetch_count` ≤ 0. Services sharing the line that turns streams on \
            are reported once, there.
            """,
        whyItMatters: """
            oslo.messaging raises a RuntimeError when the RabbitMQ driver starts with stream fanout but \
            without transient quorum queues or with an unlimited prefetch (`impl_rabbit.py`): every affected \
            service fails to start. Kolla-Ansible 18.7.0/19.5.0 added a precheck that refuses the flag \
            combination.
            """,
        fix: """
            Turn transient quorum queues on with stream fanout (`om_enable_queue_manager: true` and \
            `om_enable_rabbitmq_transient_quorum_queue: true` on 2024.1/2024.2, or \
            `rabbit_transient_quorum_queue = true` next to `rabbit_stream_fanout = true`) and keep \
            `rabbit_qos_prefetch_count` positive; or turn stream fanout off.
            """,
        appliesTo: "Kolla-Ansible 2024.1 (18.7.0+) and later: oslo.messaging 14.7.0+ has these options.",
        references: [
            "OM e95f3344 (14.7.0) impl_rabbit.py: RuntimeError unless rabbit_qos_prefetch_count > 0 and rabbit_transient_quorum_queue",
            "KA 438dc2f2 (18.7.0), 8ea1121c (19.5.0): ansible/roles/prechecks/tasks/service_checks.yml stream fanout check",
            "https://bugs.launchpad.net/oslo.messaging/+bug/2031497",
        ],
        triggeringExamples: [
            RuleExample([
                "globals.yml": """
                    openstack_release: "2024.1"
                    ↓om_enable_rabbitmq_stream_fanout: true

                    """,
                "multinode": "[rabbitmq]\nrmq[01:03]\n",
            ]),
            RuleExample([
                "globals.yml": "openstack_release: \"2025.1\"\n",
                "config/nova.conf": "[oslo_messaging_rabbit]\nrabbit_qos_prefetch_count = ↓0\n",
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample([
                "globals.yml": """
                    openstack_release: "2024.1"
                    om_enable_queue_manager: true
                    om_enable_rabbitmq_transient_quorum_queue: true
                    om_enable_rabbitmq_stream_fanout: true

                    """,
            ]),
            // 2025.1 renders all three.
            RuleExample(["globals.yml": "openstack_release: \"2025.1\"\n"]),
        ])

    /// The facts of one finding: what is missing for the services of one line.
    public struct Found: Violation {
        /// `rabbit_transient_quorum_queue` is unset (`nil`) or false.
        enum Problem {
            case transientQuorum(set: Bool)
            case prefetch(Int?)
        }
        var problems: [Problem]
        var services: String
        public var service: String?
        public var location: SourceLocation
        public var related: [RelatedLocation]
        /// The edit turning transient quorum queues on, when every config of the finding lacks
        /// only them and one edit serves all (nil otherwise).
        var transientEdit: FixEdit?

        public var semanticKey: String { "[oslo_messaging_rabbit]rabbit_stream_fanout" }
        public var message: String {
            "\(services) use stream fanout (`rabbit_stream_fanout = true`) but "
                + "\(problems.map(Self.text).joined(separator: " and ")): oslo.messaging refuses to start the RabbitMQ "
                + "driver (RuntimeError). "
                + (fixes.first.map { "\($0.description), or turn stream fanout off." }
                    ?? "Enable transient quorum queues and keep a positive prefetch count with stream fanout, or turn stream fanout off.")
        }

        /// `rabbit_transient_quorum_queue = true` beside `rabbit_stream_fanout = true` (its written
        /// `false` turned to `true`, or the option added to the file that turns stream fanout on:
        /// the same layer, so the same services get it). Unsafe: reply and fanout queues become
        /// quorum queues (broker resources), and turning stream fanout off is the other way out.
        /// No fix when the prefetch count is a problem (its value is a judgement).
        public var fixes: [Fix] {
            guard let transientEdit else { return [] }
            return [Fix("Set `rabbit_transient_quorum_queue = true` beside `rabbit_stream_fanout = true`", .unsafe, edits: [transientEdit])]
        }
        static func text(_ problem: Problem) -> String {
            switch problem {
            case .transientQuorum(let set): "`rabbit_transient_quorum_queue` is \(set ? "false" : "unset (false)")"
            case .prefetch(let value?): "`rabbit_qos_prefetch_count` is \(value)"
            case .prefetch(nil): "`rabbit_qos_prefetch_count` is unset (0)"
            }
        }
    }

    public func violations(in context: LintContext) -> [Found] {
        context.model.deployments.flatMap(violations)
    }

    private func violations(_ deployment: Deployment) -> [Found] {
        // The options exist from oslo.messaging 14.7.0 (Kolla-Ansible 2024.1).
        guard deployment.release.version.release >= .caracal else { return [] }
        var byLine: [SourceLocation: (problems: [Found.Problem], related: [RelatedLocation], configs: [EffectiveServiceConfig])] = [:]
        // The fix of each group, when every config of it lacks only transient quorum queues.
        var edits: [SourceLocation: FixEdit] = [:]
        var unfixable: Set<SourceLocation> = []
        // Only the configs where it is true (a fleet's collected files that do not set it are passed over).
        for config in deployment.effective.configs(settingTrue: .rabbitStreamFanout) {
            guard let stream = config.setting(lookupKey: .rabbitStreamFanout),
                  !stream.isConditional, stream.boolValue == true else { continue }
            var problems: [Found.Problem] = []
            var culprits: [EffectiveSetting] = []
            let transient = config.setting(lookupKey: .rabbitTransientQuorumQueue)
            if transient == nil || (transient?.isConditional == false && transient?.boolValue == false) {
                problems.append(.transientQuorum(set: transient != nil))
                if let transient { culprits.append(transient) }
            }
            let prefetch = config.setting(lookupKey: .rabbitQosPrefetchCount)
            if let prefetch, !prefetch.isConditional, let value = prefetch.value.flatMap({ Int($0) }), value <= 0 {
                problems.append(.prefetch(value))
                culprits.append(prefetch)
            } else if prefetch == nil {
                problems.append(.prefetch(nil))
            }
            guard !problems.isEmpty else { continue }
            // Point at a culprit written in the tree, else at the line that turns streams on.
            let written = culprits.first { $0.provenance.isWrittenInTree }
            guard let location = deployment.findingLocation(of: (written ?? stream).provenance,
                                                     fallbackFile: config.layers.last) else { continue }
            var related: [RelatedLocation] = []
            if let streamLine = stream.provenance.anchor, streamLine != location {
                related.append(RelatedLocation("`rabbit_stream_fanout = true` comes from here", at: streamLine))
            }
            byLine[location, default: (problems, related, [])].configs.append(config)
            let onlyTransient = problems.count == 1 && { if case .transientQuorum = problems[0] { true } else { false } }()
            if onlyTransient, let edit = Self.transientEdit(stream: stream, transient: transient, at: location),
               edits[location].map({ $0 == edit }) ?? true {
                edits[location] = edit
            } else {
                unfixable.insert(location)
            }
        }
        return byLine.keys.sorted().compactMap { location in
            guard let entry = byLine[location] else { return nil }
            return Found(
                problems: entry.problems, services: QueueRules.services(entry.configs),
                service: entry.configs.count == 1 ? entry.configs.first?.service : nil, location: location,
                related: entry.related, transientEdit: unfixable.contains(location) ? nil : edits[location])
        }
    }

    /// The edit turning transient quorum queues on for a config: its written `false` at the
    /// finding's line becomes `true`, or, unset, the option goes into the oslo file that turns
    /// stream fanout on. Nil otherwise.
    static func transientEdit(stream: EffectiveSetting, transient: EffectiveSetting?, at location: SourceLocation) -> FixEdit? {
        if let transient {
            guard transient.provenance.isWrittenInTree, let anchor = transient.provenance.anchor, anchor == location,
                  !anchor.isKollaTemplate else { return nil }
            return .replace(anchor, with: "true")
        }
        guard stream.provenance.isWrittenInTree, let anchor = stream.provenance.anchor, !anchor.isKollaTemplate,
              anchor.path.hasSuffix(".conf") else { return nil }
        return .insertLine(path: anchor.path, section: "oslo_messaging_rabbit", line: "rabbit_transient_quorum_queue = true")
    }
}
