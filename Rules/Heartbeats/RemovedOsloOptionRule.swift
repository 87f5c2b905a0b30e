import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ207: an oslo.messaging option set where the release's oslo.messaging no longer has it.
public struct RemovedOsloOptionRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ207",
        slug: "removed-oslo-option",
        severity: .info,
        summary: "An oslo.messaging option is set that the release's oslo.messaging no longer has",
        whatItDoes: """
            Reports every effective oslo.messaging option of a Kolla service or rendered config that the \
            target release's oslo.messaging has removed: `heartbeat_in_pthread` from oslo.messaging 18.0 \
            (master, after 2026.1). One finding per line that sets it, naming the services it reaches; the \
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
        appliesTo: "master (oslo.messaging 18.x): `heartbeat_in_pthread`. Earlier releases have every option rmqlint knows.",
        references: [
            "OM 624f8572 (18.0.0): remove heartbeat_in_pthread",
            "OM 133ca65f (14.9.0): deprecate heartbeat_in_pthread",
            "OM e44f286e (14.0.0), https://bugs.launchpad.net/oslo.messaging/+bug/1961402",
            "KA master:ansible/roles/nova/templates/nova.conf.j2 [oslo_messaging_rabbit]",
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
        ])

    /// What rmqlint knows about each removal, for the message.
    static let removals: [String: String] = [
        "heartbeat_in_pthread": "removed in 18.0.0 by OM 624f8572",
    ]

    public func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for deployment in context.model.deployments {
            let release = deployment.release.version.release
            // The removed options set anywhere, in first-seen order.
            var options: [(section: String, key: String)] = []
            var seen: Set<String> = []
            for config in deployment.effective.configs {
                for setting in config.settings {
                    // A default exists only for options the release has.
                    if case .osloDefault = setting.provenance.origin { continue }
                    let section = setting.section == "DEFAULT" ? "DEFAULT" : setting.section.lowercased()
                    guard seen.insert(section + "\u{1F}" + setting.key).inserted,
                          KollaKnowledge.isRemoved(option: setting.key, release: release, section: section) else { continue }
                    options.append((section, setting.key))
                }
            }
            for option in options {
                let sources = EffectiveSettingSources.sources(
                    section: option.section, key: option.key, in: deployment, splitTemplates: false, splitDefaults: false)
                for source in sources where source.kind != .defaultValue {
                    let offending = source.reaches.filter { !$0.setting.isConditional }
                    guard !offending.isEmpty else { continue }
                    findings.append(report(source, option: option, offending: offending, deployment: deployment))
                }
            }
        }
        return findings
    }

    private func report(
        _ source: SettingSource, option: (section: String, key: String), offending: [SettingReach], deployment: Deployment
    ) -> Finding {
        let version = deployment.release.version
        let om = OsloMessagingVersion.family(for: version.release)
        let removal = Self.removals[option.key].map { " (\($0))" } ?? ""
        let gone = "oslo.messaging \(om.major).\(om.minor) (\(version.release.name)) no longer has the option\(removal): "
            + "it is ignored"
        let services = EffectiveSettingSources.serviceList(offending)
        let message: String
        let target: String
        if source.kind == .kollaTemplate {
            message = "Kolla's \(version) templates still render \(option.key) for \(services), but \(gone). "
                + "Nothing to change in the tree; do not rely on the value"
                + EffectiveSettingSources.releaseNote(source, in: deployment)
            target = "kolla-template"
        } else {
            let written = source.setting.value.map { "`\(source.setting.key) = \($0)`" } ?? "`\(source.setting.key)`"
            message = "\(written) is set for \(services), but \(gone). Remove it"
            target = EffectiveSettingSources.treePath(source.location, in: deployment)
        }
        return finding(
            message, at: source.location,
            key: EffectiveSettingSources.semanticKey(section: option.section, key: option.key, target: target),
            service: EffectiveSettingSources.singleService(offending), host: EffectiveSettingSources.singleHost(offending),
            related: EffectiveSettingSources.relatedLayers(of: source, section: option.section, key: option.key, in: deployment))
    }
}
