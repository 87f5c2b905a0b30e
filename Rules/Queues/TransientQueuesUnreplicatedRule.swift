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
        forEachViolation(in: context, shortcut: true, body)
    }

    /// ``forEachViolation(in:_:)``, where a candidate release's model of a fleet of rendered
    /// files hands its findings of the shared lines over as one block (``ownLineBlock(_:_:_:)``).
    public func forEachViolationOrBlock(in context: LintContext, _ body: (CandidateViolation<Found>) -> Void) {
        forEachViolation(in: context, shortcut: true, blocks: true, body)
    }

    /// ``forEachViolation(in:_:)``; `shortcut: false` reads every config of the model at hand
    /// (the reference the shared lines are tested against).
    func forEachViolation(in context: LintContext, shortcut: Bool, _ body: (Found) -> Void) {
        forEachViolation(in: context, shortcut: shortcut, blocks: false) { if case .violation(let found) = $0 { body(found) } }
    }

    /// The violations, and with `blocks` (and `shortcut`) the blocks that stand for some.
    func forEachViolation(in context: LintContext, shortcut: Bool, blocks: Bool, _ body: (CandidateViolation<Found>) -> Void) {
        for deployment in context.model.deployments where Self.isChecked(deployment) {
            let size = deployment.effective.cluster.size
            if shortcut, let shared = ownLines(deployment), let column = ownLineColumn(deployment, shared, size: size) {
                if blocks, let block = ownLineBlock(deployment, shared, column) {
                    body(.block(block))
                } else {
                    ownLineViolations(deployment, shared, column) { body(.violation($0)) }
                }
                continue
            }
            violations(deployment, size: size) { body(.violation($0)) }
        }
    }

    /// What a rendered file's config says of RMQ109 through its own lines, the same in every
    /// candidate release's model (``Deployment/configsAreOwnRenderedFiles``).
    struct OwnLine: Sendable {
        /// The config's position in the deployment's configs.
        var config: Int
        /// The file's unconditional `rabbit_quorum_queue = true`.
        var quorum: SourceLocation
        /// The file's unconditional `rabbit_transient_quorum_queue = false`; `nil` when the
        /// file leaves it unset (its default is the release's).
        var transientOff: SourceLocation?
        /// Where the config's finding points: the line that turns transient queues off, else
        /// the one that turns quorum queues on.
        var location: SourceLocation { transientOff ?? quorum }
        /// The config's label, when its service names it (else the project, which the release's
        /// catalogue may give, names it: read from the model).
        var label: String?
        var service: String?
    }

    /// The configs whose file turns quorum queues on, and the positions of those whose file
    /// leaves `rabbit_quorum_queue` unset (their default is the release's): made once for the
    /// candidate releases' models when only rendered files are modelled, else `nil`.
    struct OwnLines: Sendable {
        /// In the order of their findings (by ``OwnLine/location``): a model reports a
        /// subsequence. The locations are distinct (each in its own file, the files' paths
        /// distinct), so that order is the one the general path sorts its findings into.
        var lines: [OwnLine]
        var quorumUnset: [Int]
        /// The positions in `lines` of the files that leave `rabbit_transient_quorum_queue`
        /// unset: the only ones whose finding depends on the release (through its default).
        var transientUnset: [Int] = []
        /// The lines as the candidates' merge takes them: each line's finding with its
        /// services as the message (the predicates are the endings); `nil` without candidate
        /// releases, or when a line's label is the model's (the release's catalogue may name it).
        var rows: CandidateRows?
        /// The cluster's related places the rows were made with.
        var related: [RelatedLocation] = []
    }

    func ownLines(_ deployment: Deployment) -> OwnLines? {
        guard deployment.configsAreOwnRenderedFiles else { return nil }
        let uses = Self.ownLinesUses(deployment)
        return deployment.renderedFilesFact("RMQ109", uses: uses) { madeOwnLines(deployment, uses: uses) }
    }

    /// The shared lines made ahead, in the model of the first candidate release the rule checks
    /// (see ``Rule/sharedFacts(of:candidates:)``): on a fleet, the most of this rule's work.
    public func sharedFacts(of deployment: Deployment, candidates: [OpenStackRelease]) -> [SharedFact] {
        // Where the models share no facts, each reads its own configs: nothing to make ahead.
        guard deployment.configsAreOwnRenderedFiles, let first = candidates.first(where: { $0 >= .caracal }) else { return [] }
        return [SharedFact(release: first) { context in
            for deployment in context.model.deployments where Self.asksForOwnLines(deployment) {
                let uses = Self.ownLinesUses(deployment)
                deployment.prepareRenderedFilesFact("RMQ109", uses: uses) { madeOwnLines(deployment, uses: uses) }
            }
        }]
    }

    /// Whether the check of `deployment` asks for ``ownLines(_:)``'s fact
    /// (``forEachViolation(in:shortcut:blocks:_:)``, with the shortcut).
    static func asksForOwnLines(_ deployment: Deployment) -> Bool {
        isChecked(deployment) && deployment.configsAreOwnRenderedFiles
    }

    /// Whether the rule reads `deployment` at all: a release whose oslo.messaging has the
    /// transient quorum queue option (2024.1 and later), on two or more nodes or an unknown number.
    static func isChecked(_ deployment: Deployment) -> Bool {
        deployment.release.version.release >= .caracal && (deployment.effective.cluster.size.map { $0 >= 2 } ?? true)
    }

    /// How many candidate release models ask for the shared lines (`nil`: the model is no candidate's).
    static func ownLinesUses(_ deployment: Deployment) -> Int? {
        let uses = ModelBuilder.candidateReleases(of: deployment).filter { $0 >= .caracal }.count
        return uses == 0 ? nil : uses
    }

    /// ``ownLines(_:)`` made from this model; the candidates' rows when `uses` is given.
    private func madeOwnLines(_ deployment: Deployment, uses: Int?) -> OwnLines {
        var shared = OwnLines(lines: [], quorumUnset: [])
        for (position, config) in deployment.effective.configs.enumerated() {
            // Only the file's own (written) lines are read: a default is the release's.
            guard let quorum = config.setting(lookupKey: .rabbitQuorumQueue), quorum.isWrittenInTree,
                  let quorumLine = quorum.anchor else {
                shared.quorumUnset.append(position)
                continue
            }
            guard !quorum.isConditional, quorum.boolValue == true else { continue }
            var transientOff: SourceLocation?
            if let transient = config.setting(lookupKey: .rabbitTransientQuorumQueue), transient.isWrittenInTree {
                guard !transient.isConditional, transient.boolValue == false, let line = transient.anchor else { continue }
                transientOff = line
            }
            shared.lines.append(OwnLine(
                config: position, quorum: quorumLine, transientOff: transientOff,
                label: config.service == nil ? nil : config.label, service: config.service))
        }
        // A fleet's files come in path order, which is mostly line order already: checked
        // in one pass, sorted only when not.
        if shared.lines.indices.dropLast().contains(where: { !(shared.lines[$0].location < shared.lines[$0 + 1].location) }) {
            shared.lines.sort { $0.location < $1.location }
        }
        shared.transientUnset = shared.lines.indices.filter { shared.lines[$0].transientOff == nil }
        if uses != nil {
            // The cluster is the deployment's in every candidate model; each checks it (ownLineBlock).
            shared.related = ClusterRules.clusterRelated(deployment)
            shared.rows = candidateRows(shared.lines, related: shared.related)
        }
        return shared
    }

    /// One candidate model's findings over the shared lines, a lossless encoding of them:
    /// per line, 0 when the model does not report it, else `k` for the wording
    /// `predicates[k - 1]` (what follows the services in the message). Only the wording and
    /// whether a line is reported depend on the release.
    struct OwnLineColumn: Sendable {
        static let decided: UInt8 = 1
        static let kollaDefault: UInt8 = 2
        static let osloDefault: UInt8 = 3
        /// Index for index with ``OwnLines/lines``.
        var codes: [UInt8]
        /// The predicates of `.decided`, `.kollaDefault(release:)` and `.osloDefault`, in
        /// the order of the codes.
        var predicates: [String]
    }

    /// The model's column over `shared`, when every finding points at a line of its own file
    /// (distinct files, so no two configs share a line); `nil` when one would point elsewhere
    /// (a globals line, a default's line, a file whose quorum queues are on by default): the
    /// general path decides then.
    func ownLineColumn(_ deployment: Deployment, _ shared: OwnLines, size: Int?) -> OwnLineColumn? {
        guard deployment.decidingGlobalsLines("om_enable_rabbitmq_transient_quorum_queue").isEmpty else { return nil }
        let configs = deployment.effective.configs
        let quorumKey = EffectiveServiceConfig.SettingLookupKey.rabbitQuorumQueue
        let transientKey = EffectiveServiceConfig.SettingLookupKey.rabbitTransientQuorumQueue
        for position in shared.quorumUnset {
            if let quorum = configs[position].setting(lookupKey: quorumKey), !quorum.isConditional, quorum.boolValue == true {
                return nil
            }
        }
        // A file's own line turning transient queues off decides it in every release.
        var codes = [UInt8](repeating: OwnLineColumn.decided, count: shared.lines.count)
        for index in shared.transientUnset {
            guard let transient = configs[shared.lines[index].config].setting(lookupKey: transientKey) else {
                codes[index] = OwnLineColumn.osloDefault
                continue
            }
            if transient.isConditional || transient.boolValue != false {
                codes[index] = 0
                continue
            }
            // The default's own line (or globals) would be the finding's: shared by configs.
            if deployment.findingLocation(of: transient) != nil { return nil }
            codes[index] = OwnLineColumn.kollaDefault
        }
        return OwnLineColumn(codes: codes, predicates: [
            Found.predicate(off: .decided, size: size),
            Found.predicate(off: .kollaDefault(release: QueueRules.releaseName(deployment)), size: size),
            Found.predicate(off: .osloDefault, size: size),
        ])
    }

    /// The findings `column` encodes, in line order.
    func ownLineViolations(_ deployment: Deployment, _ shared: OwnLines, _ column: OwnLineColumn, _ body: (Found) -> Void) {
        let configs = deployment.effective.configs
        let clusterRelated = ClusterRules.clusterRelated(deployment)
        // By position, not copies of the lines (each holds four references).
        for index in shared.lines.indices where column.codes[index] != 0 {
            let at = shared.lines[index].location
            body(Found(
                services: shared.lines[index].label ?? configs[shared.lines[index].config].label,
                predicate: column.predicates[Int(column.codes[index]) - 1], service: shared.lines[index].service, location: at,
                related: Self.related(clusterRelated, at: at)))
        }
    }

    /// The findings ``ownLineViolations(_:_:_:_:)`` gives, as a block of the shared rows:
    /// `nil` when there are no rows, or the model's cluster is not the one they were made with.
    func ownLineBlock(_ deployment: Deployment, _ shared: OwnLines, _ column: OwnLineColumn) -> CandidateBlock? {
        guard let rows = shared.rows, ClusterRules.clusterRelated(deployment) == shared.related else { return nil }
        return CandidateBlock(rows: rows, codes: column.codes, suffixes: column.predicates)
    }

    /// ``OwnLines/rows`` of `lines`: `nil` when one has no label of its own.
    private func candidateRows(_ lines: [OwnLine], related: [RelatedLocation]) -> CandidateRows? {
        var findings: [Finding] = []
        findings.reserveCapacity(lines.count)
        for line in lines {
            guard let label = line.label else { return nil }
            let at = line.location
            findings.append(finding(Found(
                services: label, predicate: "", service: line.service, location: at, related: Self.related(related, at: at))))
        }
        return CandidateRows(findings)
    }

    /// The cluster's related places for a finding at `location`: its own line left out (the
    /// array is shared, not filtered into a copy, when it is not among them).
    private static func related(_ clusterRelated: [RelatedLocation], at location: SourceLocation) -> [RelatedLocation] {
        clusterRelated.contains { $0.location == location } ? clusterRelated.filter { $0.location != location } : clusterRelated
    }

    private func violations(_ deployment: Deployment, size: Int?, _ body: (Found) -> Void) {
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
        let predicates = Predicates(size: size)
        for line in order {
            let configs = configsByLine[line]
            body(Found(
                services: QueueRules.services(configs), predicate: predicates.text(offs[line]),
                service: configs.count == 1 ? configs.first?.service : nil, location: locations[line],
                related: Self.related(clusterRelated, at: locations[line])))
        }
    }

    /// The message's part after the services, made once per kind of `off` (not per finding).
    private final class Predicates {
        let size: Int?
        lazy var decided = Found.predicate(off: .decided, size: size)
        lazy var osloDefault = Found.predicate(off: .osloDefault, size: size)
        var kollaDefaults: [String: String] = [:]

        init(size: Int?) { self.size = size }

        func text(_ off: Found.Off) -> String {
            switch off {
            case .decided: return decided
            case .osloDefault: return osloDefault
            case .kollaDefault(let release):
                if let known = kollaDefaults[release] { return known }
                let made = Found.predicate(off: off, size: size)
                kollaDefaults[release] = made
                return made
            }
        }
    }

    /// The value in a dictionary slot (read through `inout`, so the slot is found once).
    private static func slot(_ value: inout Int) -> Int { value }
}
