import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ406: `net_ticktime` below 30 seconds.
public struct ShortNetTicktimeRule: ViolationRule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ406",
        slug: "short-net-ticktime",
        severity: .warning,
        summary: "net_ticktime below 30 seconds makes RabbitMQ see partitions that are not there",
        whatItDoes: """
            Reports every `net_ticktime` below 30 in any form Kolla passes to RabbitMQ: `net_ticktime = N` \
            in a custom `rabbitmq.conf` or in `rabbitmq_extra_config`, `{kernel, [{net_ticktime, N}]}` in \
            `advanced.config` or a classic `rabbitmq.config`, and `-kernel net_ticktime N` in \
            `rabbitmq_server_additional_erl_args` or a custom `rabbitmq-env.conf`. Each written value is \
            reported once, at its own line and column.
            """,
        whyItMatters: """
            `net_ticktime` (default 60 s) is how long an Erlang node waits before declaring a silent peer \
            down. Below 30 s, a garbage-collection pause, a busy scheduler (Kolla pins RabbitMQ to two \
            schedulers by default) or a short network hiccup is enough for nodes to drop each other: the \
            cluster "partitions" and, with `pause_minority` or `autoheal`, pauses or restarts nodes that \
            were healthy. RabbitMQ advises great care with the value and warns that low values cause false \
            positives.
            """,
        fix: "Set it to 60 (RabbitMQ's default), or at least 30.",
        appliesTo: "Every release and RabbitMQ version.",
        references: [
            "https://www.rabbitmq.com/docs/nettick",
            "https://www.erlang.org/doc/apps/kernel/kernel_app.html#net_ticktime",
        ],
        triggeringExamples: [
            RuleExample([
                "globals.yml": """
                    openstack_release: "2024.1"
                    rabbitmq_server_additional_erl_args: "+S 2:2 -kernel net_ticktime ↓10"

                    """,
            ]),
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/rabbitmq/advanced.config": "[{kernel, [{net_ticktime, ↓15}]}].\n",
            ]),
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\nrabbitmq_extra_config:\n  ↓net_ticktime: 20\n",
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\nrabbitmq_extra_config:\n  net_ticktime: 60\n",
            ]),
            RuleExample(["globals.yml": "openstack_release: \"2024.1\"\n"]),
        ])

    /// The facts of one finding: the setting, in the form that writes it, and its host.
    public struct Found: Violation {
        var setting: String
        var seconds: Int
        var form: BrokerConfigForm
        public var host: String?
        public var location: SourceLocation

        /// The written number itself, when the deployment tree writes it (nil: no fix).
        var value: SourceLocation? = nil

        public var semanticKey: String { "broker:net_ticktime:\(form.rawValue)" }
        public var message: String {
            "\(setting) sets `net_ticktime` to \(seconds) s: nodes declare each other down "
                + "after at most \(seconds) s of silence, so a GC pause or a short network hiccup looks like a "
                + "partition. " + (fixes.first.map { "\($0.description)." } ?? "Remove it (default 60 s) or use 30 s or more.")
        }

        /// RabbitMQ's default in place of the written number, in whatever form writes it (the
        /// number is replaced rather than the setting removed, so no other form of the same
        /// setting takes over). Unsafe: a node that really fails is then declared down after up
        /// to 60 s instead of the written value — slower failover, which someone may have traded for
        /// on purpose. No fix for files collected from hosts (not what Kolla deploys).
        public var fixes: [Fix] {
            guard let value else { return [] }
            return [Fix("Set it to 60 (RabbitMQ's default) instead of \(seconds)", .unsafe, edits: [.replace(value, with: "60")])]
        }
    }

    public func violations(in context: LintContext) -> [Found] {
        context.model.deployments.flatMap { deployment in
            deployment.uniqueBrokerSettings("net_ticktime", effectiveOnly: false).compactMap { setting, broker in
                guard let seconds = setting.intValue, seconds < 30,
                      let location = deployment.findingLocation(of: setting.provenance) else { return nil }
                return Found(setting: ClusterRules.describe(setting), seconds: seconds, form: setting.form,
                             host: broker.host, location: location,
                             value: ClusterRules.writtenValue(setting, broker, at: location))
            }
        }
    }
}
