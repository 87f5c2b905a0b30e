import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ206: `heartbeat_timeout_threshold` of 0 (heartbeats off) or below 5 s.
public struct HeartbeatDisabledRule: ViolationRule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ206",
        slug: "heartbeat-disabled",
        severity: .warning,
        summary: "AMQP heartbeats are disabled or set below 5 seconds",
        whatItDoes: """
            Reads the effective `[oslo_messaging_rabbit] heartbeat_timeout_threshold` of every Kolla service \
            (on every host, and on each host with its own overrides) and of every rendered service config, \
            and reports it when it is 0 or less (heartbeats off) or below 5 seconds. One finding per line \
            that sets it, naming the services it reaches (an override in `config/global.conf` reaches them \
            all). Kolla never renders this option, so only values written in the tree are reported; values \
            inside a Jinja `{% if %}` of unknown truth and values that cannot be evaluated are not.
            """,
        whyItMatters: """
            Heartbeats are how a client and RabbitMQ notice a connection that died without a TCP close: a \
            node that lost power, a partition, a proxy or firewall that dropped an idle flow. Without them \
            Linux gives up on the dead peer only after about 11 minutes, and meanwhile consumers wait on a \
            connection that receives nothing and RPC calls time out; idle connections through HAProxy are \
            also cut by its timeouts, since no traffic crosses them (see RMQ203). RabbitMQ's guidance is to \
            disable heartbeats only with TCP keep-alives everywhere, and that values below 5 seconds are \
            likely to cause false positives: healthy connections closed on a short pause. Turning heartbeats off \
            to silence "missed heartbeats" warnings hides their cause (for a WSGI service, often RMQ205).
            """,
        fix: """
            Remove the override (oslo.messaging's default is 60 seconds), or set a value between 10 and 60; \
            fix the cause of missed heartbeats instead (for WSGI services, RMQ205).
            """,
        appliesTo: "All releases (`heartbeat_timeout_threshold` exists since oslo.messaging 1.9.0 with default 60).",
        references: [
            "https://www.rabbitmq.com/docs/heartbeats",
            "OM oslo_messaging/_drivers/impl_rabbit.py heartbeat_timeout_threshold (b9e134d7, 1.9.0): 0 disables heartbeats",
            "https://www.rabbitmq.com/docs/networking#tcp-keepalives",
        ],
        triggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/global.conf": """
                    [oslo_messaging_rabbit]
                    heartbeat_timeout_threshold = ↓0

                    """,
            ]),
            // Per host, per service (2023.2+): only that host's nova-compute.
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "multinode": "[compute]\ncmp01\n",
                "config/nova/cmp01/nova-compute.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = ↓3\n",
            ]),
            RuleExample([
                "ctl01/neutron-server/neutron.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = ↓0\n",
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/global.conf": """
                    [oslo_messaging_rabbit]
                    heartbeat_timeout_threshold = 60

                    """,
            ]),
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/nova.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 5\n",
            ]),
            // Overridden for every service it would reach (keystone has one).
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/keystone.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 0\n",
                "config/keystone/keystone.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 30\n",
            ]),
            // Unknown: a variable rmqlint cannot evaluate.
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/global.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = {{ my_heartbeat }}\n",
            ]),
        ])

    static let key = "heartbeat_timeout_threshold"

    /// A written `heartbeat_timeout_threshold` below 5 s for the services it reaches.
    public struct Found: Violation {
        /// The line as written: `heartbeat_timeout_threshold = 0`.
        var written: String
        /// The effective seconds (≤ 0: heartbeats off).
        var seconds: Int
        /// The services it reaches, as a phrase (`nova-api, nova-compute (cmp01)`).
        var services: String
        /// The written file's path in the tree (identity).
        var treePath: String
        /// Where the value is written (the fix replaces it).
        var value: SourceLocation
        public var location: SourceLocation
        public var service: String?
        public var host: String?
        public var related: [RelatedLocation]

        public var semanticKey: String {
            EffectiveSettingSources.semanticKey(section: EffectiveSettingSources.rabbitSection, key: HeartbeatDisabledRule.key, target: treePath)
        }
        public var message: String { seconds <= 0 ? disabledMessage : tooShortMessage }

        var disabledMessage: String {
            "`\(written)` turns AMQP heartbeats off for \(services)"
                + (seconds < 0 ? " (a negative timeout is no valid heartbeat interval)" : "")
                + ": a RabbitMQ node or proxy that drops the connection without a TCP close goes unnoticed "
                + "until TCP gives up (about 11 minutes with Linux defaults), and idle connections through a "
                + "proxy are cut by its timeouts. \(advice)"
        }

        var advice: String { "\(fix.description) (oslo.messaging's default), or set 10–60" }

        /// Setting oslo.messaging's default of 60 seconds. Unsafe: a judgement — heartbeats
        /// may have been turned off on purpose (RabbitMQ allows it with TCP keep-alives
        /// everywhere), and turning them on changes which idle connections a proxy's
        /// timeouts cut (RMQ203). Replacing the value (not deleting the line) keeps a lower
        /// layer's value from taking over and keeps the line's comments.
        var fix: Fix {
            Fix("Set `\(HeartbeatDisabledRule.key) = 60`", .unsafe, edits: [.replace(value, with: "60")])
        }
        public var fixes: [Fix] { [fix] }

        var tooShortMessage: String {
            "`\(written)` is below 5 seconds for \(services): RabbitMQ warns that such short "
                + "heartbeat timeouts cause false positives, closing healthy connections on a short pause. "
                + advice
        }
    }

    /// Known, unconditional and below 5 seconds (0 included: disabled).
    static func isTooShort(_ reach: SettingReach) -> Bool {
        !reach.setting.isConditional && isTooShort(reach.setting.value)
    }

    /// A value below 5 seconds (0 included).
    static func isTooShort(_ value: String?) -> Bool {
        EffectiveSetting.intValue(value).map { $0 < 5 } ?? false
    }

    public func violations(in context: LintContext) -> [Found] {
        var found: [Found] = []
        let section = EffectiveSettingSources.rabbitSection
        for deployment in context.model.deployments {
            // Only the sources that reach a config with a timeout below 5 seconds (a fleet's
            // files of other values are passed over by value).
            let sources = deployment.settingSources(
                section: section, key: Self.key, splitTemplates: false, splitDefaults: false,
                value: Self.isTooShort, service: { _ in true }, keeping: Self.isTooShort)
            for source in sources where source.kind == .written {
                let offending = source.reaches.filter(Self.isTooShort)
                guard let seconds = offending.first?.setting.intValue else { continue }
                found.append(Found(
                    written: "\(source.setting.key) = \(source.setting.value ?? "")", seconds: seconds,
                    services: EffectiveSettingSources.serviceList(offending),
                    treePath: EffectiveSettingSources.treePath(source.location, in: deployment),
                    value: source.location,
                    location: source.location,
                    service: SettingSource.singleService(offending),
                    host: SettingSource.singleHost(offending),
                    related: EffectiveSettingSources.relatedLayers(of: source, section: section, key: Self.key, in: deployment)))
            }
        }
        return found
    }
}
