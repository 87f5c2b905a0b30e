import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ109: quorum queues on, transient (reply and fanout) queues left classic.
public struct TransientQueuesUnreplicatedRule: ViolationRule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ109",
        slug: "transient-queues-unreplicated",
        severity: .info,
        summary: "Quorum queues are on but rabbit_transient_quorum_queue is off: reply and fanout queues stay unreplicated",
        whatItDoes: """
            On a cluster of two or more RabbitMQ hosts (or of unknown size), and where oslo.messaging has \
            the option (14.7.0+, Kolla-Ansible 2024.1 and later), reports services whose effective \
            `rabbit_quorum_queue` is true while `rabbit_transient_quorum_queue` is false or unset. On \
            2024.1/2024.2 that is Kolla's default unless `om_enable_queue_manager` and \
            `om_enable_rabbitmq_transient_quorum_queue` are set; from 2025.1 Kolla renders it true and only \
            an override can turn it off. Services sharing one deciding line are reported once, there.
            """,
        whyItMatters: """
            Quorum queues protect the RPC topic queues, but `reply_<id>` and `<topic>_fanout_<id>` queues \
            stay classic, on one node. When that node goes down, RPC callers wait on a reply queue that no \
            longer exists until their timeout (oslo.messaging LP#2031512) and fanout casts are lost. \
            Transient quorum queues (with the queue manager's stable names) close that gap; Kolla-Ansible \
            made them mandatory in 2025.1.
            """,
        fix: """
            On Kolla-Ansible 2024.1/2024.2 set `om_enable_queue_manager: true` and \
            `om_enable_rabbitmq_transient_quorum_queue: true` (then follow Kolla's migration steps); remove \
            overrides that set `rabbit_transient_quorum_queue = false`.
            """,
        appliesTo: "Kolla-Ansible 2024.1 and later (oslo.messaging 14.7.0+), on two or more RabbitMQ nodes.",
        references: [
            "OM 989dbb8a (14.7.0) rabbit_transient_quorum_queue",
            "https://bugs.launchpad.net/oslo.messaging/+bug/2031512",
            "KA 195c245d (18.7.0), 4af0eb56 (19.5.0): om_enable_rabbitmq_transient_quorum_queue",
            "KA 3c3a18aa (20.0.0): rabbit_transient_quorum_queue = true hard-coded",
            "https://bugs.launchpad.net/kolla-ansible/+bug/2078339 (KA 2025.1 release note: on by default)",
        ],
        triggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: ↓\"2024.2\"\n",
                "multinode": "[rabbitmq]\nrmq[01:03]\n",
            ]),
            RuleExample([
                "globals.yml": "openstack_release: \"2025.1\"\n",
                "multinode": "[rabbitmq]\nrmq[01:03]\n",
                "config/neutron.conf": "[oslo_messaging_rabbit]\nrabbit_transient_quorum_queue = ↓false\n",
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample(["globals.yml": "openstack_release: \"2025.1\"\n", "multinode": "[rabbitmq]\nrmq[01:03]\n"]),
            RuleExample([
                "globals.yml": """
                    openstack_release: "2024.2"
                    om_enable_queue_manager: true
                    om_enable_rabbitmq_transient_quorum_queue: true

                    """,
                "multinode": "[rabbitmq]\nrmq[01:03]\n",
            ]),
            // A single node has nothing to replicate to.
            RuleExample(["globals.yml": "openstack_release: \"2024.2\"\n", "multinode": "[rabbitmq]\nrmq01\n"]),
            // 2023.2's oslo.messaging has no such option.
            RuleExample(["globals.yml": "openstack_release: \"2023.2\"\n", "multinode": "[rabbitmq]\nrmq[01:03]\n"]),
        ])

    /// The facts of one finding: the services whose transient queues stay classic, and the cluster size.
    public struct Found: Violation {
        var services: String
        /// Why it is off: a line of the tree, or nobody's choice (a default, spec §5).
        enum Off { case decided, kollaDefault(release: String), osloDefault }
        /// What the message says after the services (``predicate(off:size:)``): the same for
        /// every finding of one model with the same `off`, so it is written once per model.
        var predicate: String
        public var service: String?
        public var location: SourceLocation
        public var related: [RelatedLocation]

        /// ` use quorum queues but … is off (why) on 3 nodes: …`; `size` is `nil` when the tree
        /// does not give it (the engine then reports the finding at info, as holding only on a cluster).
        static func predicate(off: Off, size: Int?) -> String {
            let offText = switch off {
            case .decided: ""
            case .kollaDefault(let release): " (Kolla-Ansible \(release)'s default)"
            case .osloDefault: " (unset: oslo.messaging's default)"
            }
            return " use quorum queues but `rabbit_transient_quorum_queue` is off\(offText) "
                + "\(size.map { "on \($0) nodes" } ?? "on a cluster"): "
                + "their reply and fanout queues stay classic on one node, and RPC callers wait for their timeout when "
                + "that node goes down. Turn transient quorum queues on (`om_enable_queue_manager` and "
                + "`om_enable_rabbitmq_transient_quorum_queue` on 2024.1/2024.2; remove overrides that set it false)."
        }

        public var semanticKey: String { "[oslo_messaging_rabbit]rabbit_transient_quorum_queue" }
        public var message: String {
            // Made by the thousand on a fleet: one allocation of the final size.
            var text = ""
            text.reserveCapacity(services.utf8.count + predicate.utf8.count)
            text += services
            text += predicate
            return text
        }
    }

    public func violations(in context: LintContext) -> [Found] {
        collectedViolations(in: context)
    }

    public func forEachViolation(in context: LintContext, _ body: (Found) -> Void) {
        for deployment in context.model.deployments { violations(deployment, body) }
    }

    private func violations(_ deployment: Deployment, _ body: (Found) -> Void) {
        guard deployment.release.version.release >= .caracal else { return }
        let size = deployment.effective.cluster.size
        if let size, size < 2 { return }
        // The lines in first-seen order, each with the `off` of its first config and its
        // configs (parallel arrays: nothing is copied to compare or read them); found by line
        // through `slots`.
        var locations: [SourceLocation] = []
        var offs: [Found.Off] = []
        var configsByLine: [[EffectiveServiceConfig]] = []
        var slots: [SourceLocation: Int] = [:]
        // On a fleet of collected files nearly every config is its own line: room for all at once.
        slots.reserveCapacity(deployment.effective.configs.count)
        // Read once, not per config or finding (a fleet has thousands): the globals line that
        // decides Kolla's flag, and the cluster's related location.
        let decidingLine = deployment.decidingGlobalsLines("om_enable_rabbitmq_transient_quorum_queue").first
        let clusterRelated = ClusterRules.clusterRelated(deployment)
        // The lookup keys are made once, not twice per config (a fleet has thousands).
        let quorumKey = EffectiveServiceConfig.SettingLookupKey.rabbitQuorumQueue
        let transientKey = EffectiveServiceConfig.SettingLookupKey.rabbitTransientQuorumQueue
        for config in deployment.effective.configs {
            guard let quorum = config.setting(lookupKey: quorumKey),
                  !quorum.isConditional, quorum.boolValue == true else { continue }
            let transient = config.setting(lookupKey: transientKey)
            if let transient, transient.isConditional || transient.boolValue != false { continue }
            // Point at the override that turns it off, else at Kolla's flag (or the release line).
            let location: SourceLocation?, off: Found.Off
            if let transient, transient.isWrittenInTree {
                (location, off) = (transient.provenance.anchor, .decided)
            } else if let line = decidingLine {
                (location, off) = (line, .decided)
            } else {
                location = transient.flatMap { deployment.findingLocation(of: $0) }
                    ?? deployment.findingLocation(of: quorum, fallbackFile: config.layers.last)
                off = transient == nil ? .osloDefault : .kollaDefault(release: QueueRules.releaseName(deployment))
            }
            guard let location else { continue }
            let next = locations.count
            let slot = Self.slot(&slots[location, default: next])
            if slot < next {
                configsByLine[slot].append(config)
            } else {
                locations.append(location)
                offs.append(off)
                configsByLine.append([config])
            }
        }
        // By line. A fleet's configs come in file order, which is mostly line order already:
        // checked in one pass, sorted only when not.
        var order = Array(locations.indices)
        if locations.indices.dropLast().contains(where: { !(locations[$0] < locations[$0 + 1]) }) {
            order.sort { locations[$0] < locations[$1] }
        }
        // The message's part after the services, once per kind of `off` (not per finding).
        let decided = Found.predicate(off: .decided, size: size)
        let osloDefault = Found.predicate(off: .osloDefault, size: size)
        var kollaDefaults: [String: String] = [:]
        for line in order {
            let configs = configsByLine[line]
            let predicate: String
            switch offs[line] {
            case .decided: predicate = decided
            case .osloDefault: predicate = osloDefault
            case .kollaDefault(let release):
                predicate = kollaDefaults[release] ?? Found.predicate(off: offs[line], size: size)
                kollaDefaults[release] = predicate
            }
            body(Found(
                services: QueueRules.services(configs), predicate: predicate,
                service: configs.count == 1 ? configs.first?.service : nil, location: locations[line],
                // The cluster's line is left out where it is the finding's own (the array is
                // shared, not filtered into a copy, when it is not).
                related: clusterRelated.contains { $0.location == locations[line] }
                    ? clusterRelated.filter { $0.location != locations[line] } : clusterRelated))
        }
    }

    /// The value in a dictionary slot (read through `inout`, so the slot is found once).
    private static func slot(_ value: inout Int) -> Int { value }
}
