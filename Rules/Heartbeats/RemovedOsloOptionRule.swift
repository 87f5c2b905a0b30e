import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ207: an oslo.messaging option set where the release's oslo.messaging no longer has it.
public struct RemovedOsloOptionRule: ViolationRule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ207",
        slug: "removed-oslo-option",
        severity: .info,
        summary: "An oslo.messaging option is set that the release's oslo.messaging no longer or not yet has",
        whatItDoes: """
            Reports every effective oslo.messaging option of a Kolla service or rendered config that the \
            target release's oslo.messaging has removed: `heartbeat_in_pthread` from oslo.messaging 18.0 \
            (master, after 2026.1); and every option the release's oslo.messaging does not have yet \
            (`rabbit_transient_quorum_queue`, `rabbit_stream_fanout`, `use_queue_manager` before 14.7.0, \
            `rabbit_quorum_queue` before 12.13.0), which the queue model then ignores. One finding per line that sets it, naming the services it reaches; the \
            value Kolla's own templates still render on master is reported once, at the `openstack_release` \
            line that selects them.
            """,
        whyItMatters: """
            oslo.config ignores options no code registers, so the line does nothing: whoever reads it \
            believes the heartbeat thread is configured when it is not. `heartbeat_in_pthread` was added for \
            WSGI applications in 10.1.0 (OM 22f240b8), defaulted to True in 12.6.0, back to False in 14.0.0 \
            after it broke eventlet services (LP#1961402), was deprecated in 14.9.0 because it "never worked as \
            expected with services using eventlet" (OM 133ca65f), and was removed in 18.0.0 (OM 624f8572). \
            Kolla's master templates still render it.
            """,
        fix: "Remove the option from the override. Nothing to do for the value Kolla's templates render.",
        appliesTo: "master (oslo.messaging 18.x): `heartbeat_in_pthread`; options added after the release's oslo.messaging (upper-constraints pin), every release.",
        references: [
            "OM 624f8572 (18.0.0): remove heartbeat_in_pthread",
            "OM 133ca65f (14.9.0): deprecate heartbeat_in_pthread",
            "OM e44f286e (14.0.0), https://bugs.launchpad.net/oslo.messaging/+bug/1961402",
            "KA master:ansible/roles/nova/templates/nova.conf.j2 [oslo_messaging_rabbit]",
            "OM 989dbb8a (14.7.0): rabbit_transient_quorum_queue; requirements 2023.2-eol upper-constraints: oslo.messaging===14.4.2",
        ],
        triggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: ↓\"master\"\nenable_nova: \"yes\"\n",
                "config/nova/nova-api.conf": """
                    [oslo_messaging_rabbit]
                    heartbeat_in_pthread = ↓true

                    """,
            ]),
            RuleExample([
                "ctl01/nova-api/nova.conf": "[oslo_messaging_rabbit]\nheartbeat_in_pthread = ↓true\n",
            ], arguments: ["--release", "master"]),
            // 2023.2 installs oslo.messaging 14.4.x; the option arrived in 14.7.0.
            RuleExample([
                "globals.yml": "openstack_release: \"2023.2\"\n",
                "config/global.conf": "[oslo_messaging_rabbit]\nrabbit_transient_quorum_queue = ↓true\n",
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \"2026.1\"\nenable_nova: \"yes\"\n",
                "config/global.conf": """
                    [oslo_messaging_rabbit]
                    heartbeat_in_pthread = false

                    """,
            ]),
            RuleExample([
                "ctl01/nova-api/nova.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 60\n",
            ], arguments: ["--release", "master"]),
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/global.conf": "[oslo_messaging_rabbit]\nrabbit_transient_quorum_queue = true\n",
            ]),
        ])

    /// What rmqlint knows about each removal, for the message.
    static let removals: [String: String] = [
        "heartbeat_in_pthread": "removed in 18.0.0 by OM 624f8572",
    ]

    /// What every finding of one option in one model says alike, written once per option
    /// and held by one reference (a fleet has thousands of findings per option, each copied
    /// and dropped on its way to the report).
    final class OptionText: Sendable {
        let section: String
        let key: String
        /// The Kolla-Ansible version (for Kolla's template).
        let version: String
        /// What the release's oslo.messaging does with the option (``Found/consequence(key:osloMessaging:release:addedIn:)``).
        let consequence: String

        init(section: String, key: String, version: String, consequence: String) {
            self.section = section
            self.key = key
            self.version = version
            self.consequence = consequence
        }
    }

    /// What a finding says of the line it reports, whatever the release: the same in every
    /// candidate release's model of a fleet's rendered files, where it is made once (see
    /// ``RemovedOsloOptionRule/lines(section:key:in:uses:shortcut:)``) and shared by reference.
    final class Line: Sendable {
        /// Whether the value is Kolla's template's (no line of the tree writes it).
        let isTemplate: Bool
        /// The option as written, and its value (`nil`: the line has none).
        let writtenKey: String
        let value: String?
        /// The services it reaches (``EffectiveSettingSources/serviceList(_:limit:)``), for one
        /// config its label alone, `servicesHost` (its host) then following in parentheses: held
        /// as the model's strings, not joined into a new one per line.
        let services: String
        let servicesHost: String?
        let releaseNote: String
        let location: SourceLocation
        let service: String?
        let host: String?
        let related: [RelatedLocation]
        /// `[section]key@<tree path>` for a written line, `…@kolla-template` otherwise.
        let semanticKey: String

        init(
            section: String, key: String, isTemplate: Bool, writtenKey: String, value: String?, services: String, servicesHost: String?,
            treePath: String, releaseNote: String, location: SourceLocation, service: String?, host: String?,
            related: [RelatedLocation]
        ) {
            self.isTemplate = isTemplate
            self.writtenKey = writtenKey
            self.value = value
            self.services = services
            self.servicesHost = servicesHost
            self.releaseNote = releaseNote
            self.location = location
            self.service = service
            self.host = host
            self.related = related
            semanticKey = EffectiveSettingSources.semanticKey(
                section: section, key: key, target: isTemplate ? "kolla-template" : treePath)
        }

        /// ``services`` with ``servicesHost``: `nova-compute (cmp01)`.
        var servicesText: String { servicesHost.map { "\(services) (\($0))" } ?? services }

        /// What a written line's message begins with, whatever the release:
        /// `` `key = value` is set for <services> (<host>), but ``; followed by `first` and `second`
        /// (a message's ending), if given.
        func writtenPrefix(followedBy first: String = "", _ second: String = "") -> String {
            // Made by the thousand on a fleet: written at once (a part left out is empty).
            EffectiveSettingSources.joined(
                "`", writtenKey, value == nil ? "" : " = ", value ?? "", "` is set for ", services,
                servicesHost == nil ? "" : " (", servicesHost ?? "", servicesHost == nil ? "" : ")", ", but ", first, second)
        }
    }

    /// The lines of an option in a fleet's rendered files, made once for every candidate
    /// release's model (``RemovedOsloOptionRule/linesAndRows(section:key:in:uses:)``); with the
    /// rows of their findings when the models are candidates sharing the files, which each
    /// candidate hands the merge as a block (held by it until the findings are merged).
    final class SharedLines: Sendable {
        let lines: [Line]
        /// One row per line: its finding with ``Line/writtenPrefix(followedBy:_:)`` as its message.
        let rows: CandidateRows?

        init(lines: [Line], rows: CandidateRows?) {
            self.lines = lines
            self.rows = rows
        }
    }

    /// An option the release's oslo.messaging no longer has, written in the tree or rendered by Kolla.
    public struct Found: Violation {
        /// The option and what the release's oslo.messaging does with it.
        var option: OptionText
        /// The line that sets it.
        var line: Line
        var section: String { option.section }
        var key: String { option.key }
        public var location: SourceLocation { line.location }
        public var service: String? { line.service }
        public var host: String? { line.host }
        public var related: [RelatedLocation] { line.related }
        public var semanticKey: String { line.semanticKey }

        public var message: String {
            let consequence = option.consequence
            guard !line.isTemplate else {
                return "Kolla's \(option.version) templates still render \(key) for \(line.servicesText), but \(consequence). "
                    + "Nothing to change in the tree; do not rely on the value" + line.releaseNote
            }
            // `key = value` is set for <services> (<host>), but <consequence>. Remove it
            return line.writtenPrefix(followedBy: consequence, Self.endingLiteral)
        }

        private static let endingLiteral = ". Remove it"

        /// What a written line's message ends with (after ``Line/writtenPrefix(followedBy:_:)``).
        static func ending(consequence: String) -> String { consequence + endingLiteral }

        /// `oslo.messaging 12.1 (ussuri) does not have the option yet (added in 12.13.0): …` or
        /// `… no longer has the option (removed in …): it is ignored`: `osloMessaging` is the
        /// release's oslo.messaging family (`18.0`), `addedIn` the version that added the option
        /// when the release's is older.
        static func consequence(key: String, osloMessaging: String, release: String, addedIn: String?) -> String {
            let removal = RemovedOsloOptionRule.removals[key].map { " (\($0))" } ?? ""
            return addedIn.map {
                "oslo.messaging \(osloMessaging) (\(release)) does not have the option yet (added in \($0)): it is ignored, "
                    + "and rmqlint's queue model does not count it"
            } ?? "oslo.messaging \(osloMessaging) (\(release)) no longer has the option\(removal): it is ignored"
        }
    }

    public func violations(in context: LintContext) -> [Found] {
        collectedViolations(in: context)
    }

    public func forEachViolation(in context: LintContext, _ body: (Found) -> Void) {
        forEachViolation(in: context, shortcut: true, body)
    }

    /// ``forEachViolation(in:_:)``, where a candidate release's model hands the lines every
    /// candidate shares as one block per option: each such line says the same but for the
    /// release's consequence, and the option's lines are reported only there.
    public func forEachViolationOrBlock(in context: LintContext, _ body: (CandidateViolation<Found>) -> Void) {
        walk(context, shortcut: true, blocks: true, body)
    }

    /// ``forEachViolation(in:_:)``; `shortcut: false` makes every line from the model at hand
    /// (the reference the shared lines are tested against).
    func forEachViolation(in context: LintContext, shortcut: Bool, _ body: (Found) -> Void) {
        walk(context, shortcut: shortcut, blocks: false) { item in
            if case .violation(let found) = item { body(found) }
        }
    }

    /// The lines of each option some candidate release flags, made ahead in the model of the
    /// first that does (see ``Rule/sharedFacts(of:candidates:)``): the option's shared lines are
    /// the most of this rule's work on a fleet, asked for by every candidate that flags it.
    public func sharedFacts(of deployment: Deployment, candidates: [OpenStackRelease]) -> [SharedFact] {
        // Where the models share no facts, each makes its own lines: nothing to make ahead.
        guard deployment.configsAreOwnRenderedFiles else { return [] }
        return deployment.effective.setOptions.compactMap { option in
            guard let first = candidates.first(where: { Self.flags(option.section, option.key, release: $0) }) else { return nil }
            return SharedFact(release: first) { context in
                for deployment in context.model.deployments {
                    // Only as the model's own check asks for it (``walk(_:shortcut:blocks:_:)``).
                    for flagged in Self.flaggedOptions(in: deployment) where flagged.section == option.section && flagged.key == option.key {
                        deployment.prepareRenderedFilesFact(Self.factKey(section: option.section, key: option.key), uses: flagged.uses) {
                            sharedLines(section: option.section, key: option.key, in: deployment, uses: flagged.uses).shared
                        }
                    }
                }
            }
        }
    }

    /// The options the release of `deployment` flags, set anywhere, in first-seen order; each
    /// with how many candidate release models ask for its lines (`nil`: the model is no candidate's).
    static func flaggedOptions(in deployment: Deployment) -> [(section: String, key: String, uses: Int?)] {
        let release = deployment.release.version.release
        // A candidate release's model: each candidate that flags an option asks for its lines once.
        let candidates = ModelBuilder.candidateReleases(of: deployment)
        // The model lists each set option once (a fleet sets the same few options in thousands
        // of files, under every candidate release); whether the release has it depends on
        // the option only.
        return deployment.effective.setOptions.filter { flags($0.section, $0.key, release: release) }.map { option in
            (option.section, option.key, candidates.isEmpty ? nil : candidates.filter { flags(option.section, option.key, release: $0) }.count)
        }
    }

    private func walk(_ context: LintContext, shortcut: Bool, blocks: Bool, _ body: (CandidateViolation<Found>) -> Void) {
        for deployment in context.model.deployments {
            // The removed (or not yet added) options set anywhere, in first-seen order.
            let options = Self.flaggedOptions(in: deployment)
            // What every finding of the deployment says of its release, written once (a fleet
            // has thousands of findings per candidate release).
            let version = deployment.release.version
            let om = OsloMessagingVersion.family(for: version.release)
            let releaseText = (osloMessaging: "\(om.major).\(om.minor)", release: version.release.name, version: "\(version)")
            for option in options {
                let addedIn = KollaKnowledge.osloOptionAdded(section: option.section, key: option.key, release: version.release).map { "\($0)" }
                let text = OptionText(
                    section: option.section, key: option.key, version: releaseText.version,
                    consequence: Found.consequence(
                        key: option.key, osloMessaging: releaseText.osloMessaging, release: releaseText.release, addedIn: addedIn))
                // The fact asked for once: each candidate takes it once.
                let (lines, rows) = shortcut ? linesAndRows(section: option.section, key: option.key, in: deployment, uses: option.uses)
                    : (madeLines(section: option.section, key: option.key, in: deployment), nil)
                if blocks, let rows,
                   let block = CandidateBlock(rows: rows, codes: nil, suffixes: [Found.ending(consequence: text.consequence)]) {
                    body(.block(block))
                    continue
                }
                for line in lines {
                    body(.violation(Found(option: text, line: line)))
                }
            }
        }
    }

    /// Whether the release's oslo.messaging has removed the option or does not have it yet.
    static func flags(_ section: String, _ key: String, release: OpenStackRelease) -> Bool {
        KollaKnowledge.osloOptionAdded(section: section, key: key, release: release) != nil
            || KollaKnowledge.isRemoved(option: key, release: release, section: section)
    }

    /// The lines that set `[section] key` (written ones and Kolla's template), whatever the
    /// release's oslo.messaging makes of the option. Where only a fleet's rendered files are
    /// modelled, a written line says the same in every candidate release's model: the lines are
    /// then made once per deployment and shared (``Deployment/renderedFilesFact(_:uses:_:)``,
    /// let go after `uses` models took them), unless one is not a written line (then every
    /// model makes its own, `shortcut: false` too).
    func lines(section: String, key: String, in deployment: Deployment, uses: Int? = nil, shortcut: Bool = true) -> [Line] {
        guard shortcut else { return madeLines(section: section, key: key, in: deployment) }
        return linesAndRows(section: section, key: key, in: deployment, uses: uses).lines
    }

    /// The lines of ``lines(section:key:in:uses:shortcut:)``, shared (``Deployment/renderedFilesFact(_:uses:_:)``)
    /// unless one is not a written line; with their rows when shared by the candidate models
    /// (`uses` given) of a deployment whose files they share.
    func linesAndRows(section: String, key: String, in deployment: Deployment, uses: Int?) -> (lines: [Line], rows: CandidateRows?) {
        var made: [Line]?
        let shared = deployment.renderedFilesFact(Self.factKey(section: section, key: key), uses: uses) { () -> SharedLines? in
            let (lines, shared) = sharedLines(section: section, key: key, in: deployment, uses: uses)
            made = lines
            return shared
        }
        guard let shared else { return (made ?? madeLines(section: section, key: key, in: deployment), nil) }
        return (shared.lines, shared.rows)
    }

    /// The name of the fact that holds the shared lines of `[section] key`.
    static func factKey(section: String, key: String) -> String {
        "RMQ207\u{0}" + section + "\u{0}" + key
    }

    /// The lines of `[section] key` made from this model, and what the models share of them
    /// (``linesAndRows(section:key:in:uses:)``): `nil` when a line is not a written one.
    private func sharedLines(section: String, key: String, in deployment: Deployment, uses: Int?) -> (lines: [Line], shared: SharedLines?) {
        let lines = madeLines(section: section, key: key, in: deployment)
        guard lines.allSatisfy({ !$0.isTemplate && $0.releaseNote.isEmpty }) else { return (lines, nil) }
        guard uses != nil, deployment.configsAreOwnRenderedFiles else { return (lines, SharedLines(lines: lines, rows: nil)) }
        // Each row is the line's finding, its message what every release's begins with.
        let description = Self.description
        let option = OptionText(section: section, key: key, version: "", consequence: "")
        return (lines, SharedLines(lines: lines, rows: CandidateRows(lines.map { line in
            Self.finding(Found(option: option, line: line), description: description, message: line.writtenPrefix())
        })))
    }

    /// ``lines(section:key:in:uses:shortcut:)`` made from this model.
    private func madeLines(section: String, key: String, in deployment: Deployment) -> [Line] {
        var lines: [Line] = []
        let sources = deployment.settingSources(section: section, key: key, splitTemplates: false, splitDefaults: false)
        for source in sources where source.kind != .defaultValue {
            // One config (a rendered file's own line): no filtered copy.
            let offending = source.reaches.count == 1
                ? (source.reaches[0].setting.isConditional ? [] : source.reaches)
                : source.reaches.filter { !$0.setting.isConditional }
            guard !offending.isEmpty else { continue }
            lines.append(line(source, section: section, key: key, offending: offending, deployment: deployment))
        }
        return lines
    }

    private func line(
        _ source: SettingSource, section: String, key: String, offending: [SettingReach], deployment: Deployment
    ) -> Line {
        let template = source.kind == .kollaTemplate
        // One reach: its label and host, as `serviceList` joins them (a rendered file's own line).
        let one = offending.count == 1 ? offending[0] : nil
        return Line(
            section: section, key: key, isTemplate: template, writtenKey: source.setting.key, value: source.setting.value,
            services: one?.serviceLabel ?? EffectiveSettingSources.serviceList(offending), servicesHost: one?.config.host,
            treePath: template ? "" : EffectiveSettingSources.treePath(source.location, in: deployment),
            releaseNote: EffectiveSettingSources.releaseNote(source, in: deployment), location: source.location,
            service: SettingSource.singleService(offending), host: SettingSource.singleHost(offending),
            related: EffectiveSettingSources.relatedLayers(of: source, section: section, key: key, in: deployment))
    }
}
