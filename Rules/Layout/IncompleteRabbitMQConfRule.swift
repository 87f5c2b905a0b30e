import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ503: a whole-file rabbitmq.conf override drops what Kolla's template sets.
public struct IncompleteRabbitMQConfRule: ViolationRule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ503",
        slug: "incomplete-rabbitmq-conf",
        severity: .warning,
        summary: "A whole-file rabbitmq.conf override drops management.load_definitions, the listeners or cluster_partition_handling",
        whatItDoes: """
            Kolla-Ansible copies `config/rabbitmq/<host>/rabbitmq.conf`, else `config/rabbitmq/rabbitmq.conf`, \
            *instead of* its own `rabbitmq.conf.j2` (`with_first_found`, stein and later). For each such \
            override, reports what Kolla's template for the release sets and the override (with \
            `advanced.config`) does not: `management.load_definitions` (or `load_definitions`), an AMQP \
            listener (`listeners.tcp.*` / `listeners.ssl.*`), `cluster_partition_handling`. The finding is at \
            the start of the file and names the globals that the override silently disables \
            (`rabbitmq_cluster_partition_handling`, `rabbitmq_extra_config`).
            """,
        whyItMatters: """
            The override is not merged with Kolla's template: whatever it leaves out is RabbitMQ's default. \
            Without `load_definitions` the users, vhosts, permissions and policies of Kolla's \
            definitions.json are never loaded (services cannot log in on a fresh cluster; policies vanish). \
            Without a listener RabbitMQ listens on 5672 on every interface, not only the API network. \
            Without `cluster_partition_handling` the mode is `ignore`: a partition leaves two diverging \
            clusters.
            """,
        fix: """
            Start the override from Kolla's `rabbitmq.conf.j2` for your release and change only what you \
            need, or delete it and use `rabbitmq_extra_config` (additive) and \
            `rabbitmq_cluster_partition_handling` in globals.
            """,
        appliesTo: "Kolla-Ansible stein and later (earlier releases read no RabbitMQ override).",
        references: [
            "KA master:ansible/roles/rabbitmq/tasks/config.yml (with_first_found)",
            "KA master:ansible/roles/rabbitmq/templates/rabbitmq.conf.j2",
            "https://www.rabbitmq.com/docs/definitions#import-on-boot",
            "https://www.rabbitmq.com/docs/networking#interfaces",
            "https://www.rabbitmq.com/docs/partitions",
        ],
        triggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\nrabbitmq_cluster_partition_handling: \"pause_minority\"\n",
                "config/rabbitmq/rabbitmq.conf": """
                    ↓listeners.tcp.1 = {{ api_interface_address }}:5672
                    cluster_partition_handling = pause_minority
                    tcp_listen_options.keepalive = true

                    """,
            ]),
            RuleExample([
                "globals.yml": "openstack_release: \"2023.1\"\n",
                "config/rabbitmq/ctl01/rabbitmq.conf": "↓# only a tweak\nvm_memory_high_watermark.relative = 0.6\n",
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/rabbitmq/rabbitmq.conf": """
                    listeners.tcp.1 = {{ api_interface_address }}:5672
                    cluster_partition_handling = pause_minority
                    management.load_definitions = /etc/rabbitmq/definitions.json

                    """,
            ]),
            // advanced.config supplies what rabbitmq.conf leaves out.
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/rabbitmq/rabbitmq.conf": "listeners.tcp.1 = 0.0.0.0:5672\n",
                "config/rabbitmq/advanced.config": """
                    [{rabbit, [{cluster_partition_handling, pause_minority}]},
                     {rabbitmq_management, [{load_definitions, "/etc/rabbitmq/definitions.json"}]}].

                    """,
            ]),
            // Rocky reads no override at all (RMQ501's business).
            RuleExample([
                "globals.yml": "openstack_release: \"rocky\"\n",
                "config/rabbitmq/rabbitmq.conf": "vm_memory_high_watermark.relative = 0.6\n",
            ]),
        ])

    /// The facts of one finding: what a whole-file rabbitmq.conf drops from Kolla's template.
    public struct Found: Violation {
        enum Missing { case loadDefinitions, listener, partitionHandling }
        var missing: [Missing]
        /// The citation of the template it replaces.
        var template: String
        public var host: String?
        public var location: SourceLocation
        public var related: [RelatedLocation]

        public var semanticKey: String { "broker:incomplete-rabbitmq-conf" }
        public var message: String {
            "This rabbitmq.conf replaces Kolla-Ansible's template\(host.map { " on host \($0)" } ?? "") as a whole "
                + "(\(template)) and drops \(missing.map(Self.text).joined(separator: "; ")). Copy these lines from "
                + "Kolla's template into the file, or delete it and use `rabbitmq_extra_config` and "
                + "`rabbitmq_cluster_partition_handling` in globals."
        }
        static func text(_ missing: Missing) -> String {
            switch missing {
            case .loadDefinitions:
                "`management.load_definitions` (Kolla's definitions.json with its users, vhosts and policies is never loaded)"
            case .listener: "an AMQP listener `listeners.tcp.1` (RabbitMQ listens on 5672 on every interface)"
            case .partitionHandling:
                "`cluster_partition_handling` (RabbitMQ's default `ignore` applies: a partition leaves two diverging clusters)"
            }
        }
    }

    public func violations(in context: LintContext) -> [Found] {
        var found: [Found] = []
        for deployment in context.model.deployments {
            var seen: Set<String> = []
            for broker in deployment.effective.brokers {
                guard let path = broker.customRabbitMQConfPath, let template = broker.template,
                      seen.insert(path).inserted else { continue }
                let templateKeys = template.lines.map(\.key)
                var missing: [Found.Missing] = []
                if templateKeys.contains("management.load_definitions"),
                   broker.effective("management.load_definitions") == nil, broker.effective("load_definitions") == nil {
                    missing.append(.loadDefinitions)
                }
                if templateKeys.contains(where: { $0.hasPrefix("listeners.") }), !broker.hasKey(withPrefix: "listeners.") {
                    missing.append(.listener)
                }
                if templateKeys.contains("cluster_partition_handling"), broker.effective("cluster_partition_handling") == nil {
                    missing.append(.partitionHandling)
                }
                guard !missing.isEmpty else { continue }
                found.append(Found(
                    missing: missing, template: template.citation(for: deployment.release.version.release),
                    host: broker.host, location: .wholeFile(path),
                    related: broker.ignoredVariables.map {
                        RelatedLocation("`\($0.name)` is ignored: the override replaces the template that reads it", at: $0.location)
                    }))
            }
        }
        return found
    }
}
