import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ405: a custom rabbitmq.conf without TCP keep-alives on the AMQP listener.
public struct BrokerTCPKeepAliveRule: ViolationRule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ405",
        slug: "broker-tcp-keepalive",
        severity: .info,
        summary: "A custom rabbitmq.conf does not set tcp_listen_options.keepalive = true",
        whatItDoes: """
            For every whole-file `config/rabbitmq/[<host>/]rabbitmq.conf`, checks that the effective \
            `tcp_listen_options.keepalive` (in that file or in `advanced.config` as \
            `{rabbit, [{tcp_listen_options, [{keepalive, true}]}]}`) is true. Reported at the line that sets \
            it false, else at the start of the file. Kolla's own template leaves it at RabbitMQ's default \
            (false) too and is not reported; `rabbitmq_extra_config` can add it there.
            """,
        whyItMatters: """
            Without TCP keep-alives the broker only notices a vanished client (a crashed host, a dropped \
            NAT or firewall state) through AMQP heartbeats — and not at all where heartbeats are disabled or \
            a proxy absorbs them; the dead connections and their exclusive and auto-delete queues stay until \
            the kernel gives up (about 11 minutes on Linux with default settings, often much longer). Fuel \
            enabled them for this reason (FL 2bd2d3b8).
            """,
        fix: "Add `tcp_listen_options.keepalive = true` to the custom rabbitmq.conf.",
        appliesTo: "Every release that reads `config/rabbitmq/rabbitmq.conf` (stein and later).",
        references: [
            "https://www.rabbitmq.com/docs/networking#tcp-keepalives",
            "https://www.rabbitmq.com/docs/heartbeats#tcp-keepalives",
            "FL 2bd2d3b8 \"Use TCPKA for Rabbit cluster\"",
        ],
        triggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/rabbitmq/rabbitmq.conf": """
                    ↓listeners.tcp.1 = 0.0.0.0:5672
                    cluster_partition_handling = pause_minority
                    management.load_definitions = /etc/rabbitmq/definitions.json

                    """,
            ]),
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/rabbitmq/ctl01/rabbitmq.conf": "listeners.tcp.1 = 0.0.0.0:5672\ntcp_listen_options.keepalive = ↓false\n",
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/rabbitmq/rabbitmq.conf": "listeners.tcp.1 = 0.0.0.0:5672\ntcp_listen_options.keepalive = true\n",
            ]),
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/rabbitmq/rabbitmq.conf": "listeners.tcp.1 = 0.0.0.0:5672\n",
                "config/rabbitmq/advanced.config": "[{rabbit, [{tcp_listen_options, [{keepalive, true}]}]}].\n",
            ]),
            // Kolla's template: not a custom file.
            RuleExample(["globals.yml": "openstack_release: \"2024.1\"\n"]),
        ])

    /// The facts of one finding: the custom file's view and what it writes (`nil`: unset).
    public struct Found: Violation {
        var scope: String
        var value: String?
        public var host: String?
        public var location: SourceLocation

        public var semanticKey: String { "broker:tcp_listen_options.keepalive" }
        public var message: String {
            "The custom rabbitmq.conf of \(scope) \(state): the broker detects dead client connections only "
                + "through heartbeats. Add `tcp_listen_options.keepalive = true`."
        }
        var state: String {
            value.map { "sets `tcp_listen_options.keepalive = \($0)`" }
                ?? "does not set `tcp_listen_options.keepalive`, so RabbitMQ's default (false) applies"
        }
    }

    public func violations(in context: LintContext) -> [Found] {
        var found: [Found] = []
        for deployment in context.model.deployments {
            var seen: Set<String> = []
            for broker in deployment.effective.brokers {
                guard let path = broker.customRabbitMQConfPath else { continue }
                let setting = broker.effective("tcp_listen_options.keepalive")
                if setting?.value == "true" || (setting != nil && setting?.value == nil) { continue }
                let location = setting?.provenance.anchor ?? .wholeFile(path)
                guard seen.insert(location.description).inserted else { continue }
                found.append(Found(scope: broker.scope, value: setting.map { $0.value ?? "" }, host: broker.host, location: location))
            }
        }
        return found
    }
}
