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

    /// An option the release's oslo.messaging no longer has, written in the tree or rendered by Kolla.
    public struct Found: Violation {
        /// The option and what the release's oslo.messaging does with it.
        var option: OptionText
        var section: String { option.section }
        var key: String { option.key }
        /// The line as written (`heartbeat_in_pthread = true`), or `nil` for Kolla's template.
        var written: String?
        /// The written file's tree path (identity of a written line).
        var treePath: String
        var services: String
        var releaseNote: String
        public var location: SourceLocation
        public var service: String?
        public var host: String?
        public var related: [RelatedLocation]

        public var semanticKey: String {
            EffectiveSettingSources.semanticKey(section: section, key: key, target: written == nil ? "kolla-template" : treePath)
        }

        public var message: String {
            let consequence = option.consequence
            guard let written else {
                return "Kolla's \(option.version) templates still render \(key) for \(services), but \(consequence). "
                    + "Nothing to change in the tree; do not rely on the value" + releaseNote
            }
            // Made by the thousand on a fleet: one allocation of the final size (the literals'
            // 29 bytes and the parts), not an interpolation's regrowing.
            var text = ""
            text.reserveCapacity(written.utf8.count + services.utf8.count + consequence.utf8.count + 29)
            text += written
            text += " is set for "
            text += services
            text += ", but "
            text += consequence
            text += ". Remove it"
            return text
        }

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
        for deployment in context.model.deployments {
            let release = deployment.release.version.release
            // The removed (or not yet added) options set anywhere, in first-seen order. The
            // model lists each set option once (a fleet sets the same few options in thousands
            // of files, under every candidate release); whether the release has it depends on
            // the option only.
            let options = deployment.effective.setOptions.filter { option in
                KollaKnowledge.osloOptionAdded(section: option.section, key: option.key, release: release) != nil
                    || KollaKnowledge.isRemoved(option: option.key, release: release, section: option.section)
            }
            // What every finding of the deployment says of its release, written once (a fleet
            // has thousands of findings per candidate release).
            let version = deployment.release.version
            let om = OsloMessagingVersion.family(for: version.release)
            let releaseText = (osloMessaging: "\(om.major).\(om.minor)", release: version.release.name, version: "\(version)")
            for option in options {
                let addedIn = KollaKnowledge.osloOptionAdded(section: option.section, key: option.key, release: release).map { "\($0)" }
                let text = OptionText(
                    section: option.section, key: option.key, version: releaseText.version,
                    consequence: Found.consequence(
                        key: option.key, osloMessaging: releaseText.osloMessaging, release: releaseText.release, addedIn: addedIn))
                let sources = deployment.settingSources(section: option.section, key: option.key, splitTemplates: false, splitDefaults: false)
                for source in sources where source.kind != .defaultValue {
                    // One config (a rendered file's own line): no filtered copy.
                    let offending = source.reaches.count == 1
                        ? (source.reaches[0].setting.isConditional ? [] : source.reaches)
                        : source.reaches.filter { !$0.setting.isConditional }
                    guard !offending.isEmpty else { continue }
                    body(violation(source, option: text, offending: offending, deployment: deployment))
                }
            }
        }
    }

    /// `` `key = value` `` (`` `key` `` without a value), in one allocation of its size: one per
    /// finding, by the thousand on a fleet.
    static func written(key: String, value: String?) -> String {
        var text = ""
        text.reserveCapacity(key.utf8.count + (value.map { $0.utf8.count + 3 } ?? 0) + 2)
        text += "`"
        text += key
        if let value {
            text += " = "
            text += value
        }
        text += "`"
        return text
    }

    private func violation(
        _ source: SettingSource, option: OptionText, offending: [SettingReach], deployment: Deployment
    ) -> Found {
        let template = source.kind == .kollaTemplate
        return Found(
            option: option,
            written: template ? nil : Self.written(key: source.setting.key, value: source.setting.value),
            treePath: template ? "" : EffectiveSettingSources.treePath(source.location, in: deployment),
            services: EffectiveSettingSources.serviceList(offending),
            releaseNote: EffectiveSettingSources.releaseNote(source, in: deployment), location: source.location,
            service: SettingSource.singleService(offending), host: SettingSource.singleHost(offending),
            related: EffectiveSettingSources.relatedLayers(of: source, section: option.section, key: option.key, in: deployment))
    }
}
