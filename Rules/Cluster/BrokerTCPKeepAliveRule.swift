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
            it false, else at the start of the file. A `true` written only inside a Jinja block \
            (`{% if %}`, `{% for %}`…) holds only where the block is rendered, which the tree does not \
            decide: it is reported too, as uncertain, without a fix. Kolla's own template leaves it at \
            RabbitMQ's default (false) too and is not reported; `rabbitmq_extra_config` can add it there.
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
            // The file already builds its own listener options: adding keepalive changes only it (safe fix).
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/rabbitmq/rabbitmq.conf": "↓listeners.tcp.1 = 0.0.0.0:5672\ntcp_listen_options.backlog = 4096\n",
            ]),
            // `true` only where the block is rendered: uncertain, no fix.
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/rabbitmq/rabbitmq.conf": """
                    listeners.tcp.1 = 0.0.0.0:5672
                    {% if rabbitmq_keepalive | bool %}
                    tcp_listen_options.keepalive = ↓true
                    {% endif %}

                    """,
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/rabbitmq/rabbitmq.conf": "listeners.tcp.1 = 0.0.0.0:5672\ntcp_listen_options.keepalive = true\n",
            ]),
            // A block elsewhere in the file leaves the unconditional `true` certain.
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/rabbitmq/rabbitmq.conf": """
                    {% if rabbitmq_debug | bool %}
                    log.console.level = debug
                    {% endif %}
                    tcp_listen_options.keepalive = true

                    """,
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
        /// The value is written only inside a Jinja block: it holds where the block is rendered.
        var conditional = false
        public var host: String?
        public var location: SourceLocation

        /// Where `true` goes (nil: no fix).
        var edit: KeepAliveEdit? = nil

        /// The written `false` (in rabbitmq.conf or advanced.config), or the line after which
        /// `tcp_listen_options.keepalive = true` goes in the custom rabbitmq.conf, and whether
        /// that file already builds its own listener option list.
        enum KeepAliveEdit: Equatable {
            case value(SourceLocation)
            case insertAfter(path: String, line: Int, ownOptions: Bool)
        }

        public var semanticKey: String { "broker:tcp_listen_options.keepalive" }
        public var message: String {
            if conditional {
                return "The custom rabbitmq.conf of \(scope) sets `tcp_listen_options.keepalive = \(value ?? "")` only inside a "
                    + "Jinja block, and the tree does not decide whether the block is rendered: where it is not, RabbitMQ's "
                    + "default (false) applies and the broker detects dead client connections only through heartbeats. "
                    + "Move the line out of the block if keep-alives should hold on every rendering."
            }
            return "The custom rabbitmq.conf of \(scope) \(state): the broker detects dead client connections only "
                + "through heartbeats. " + (fixes.first.map { "\($0.description)." } ?? "Add `tcp_listen_options.keepalive = true`.")
        }
        var state: String {
            value.map { "sets `tcp_listen_options.keepalive = \($0)`" }
                ?? "does not set `tcp_listen_options.keepalive`, so RabbitMQ's default (false) applies"
        }

        /// `true` for the listener's keep-alive. Safe where only that option changes: the written
        /// `false` turned to `true`, or a line added to a file that already sets other
        /// `tcp_listen_options.*` keys (the listener's option list is already the file's own).
        /// Keep-alive probes only cross idle connections and close only those whose peer is gone —
        /// the problem. Unsafe when the file sets no `tcp_listen_options.*` key: RabbitMQ builds
        /// the listener's whole option list from those keys, so the first one may replace the
        /// built-in defaults (`nodelay`, `linger`, `backlog`…) — rmqlint does not model that list.
        public var fixes: [Fix] {
            switch edit {
            case .value(let location)?:
                return [Fix("Set it to `true`", .safe, edits: [.replace(location, with: "true")])]
            case .insertAfter(let path, let line, let own)?:
                return [Fix("Add `tcp_listen_options.keepalive = true` to the custom rabbitmq.conf", own ? .safe : .unsafe,
                            edits: [.insertLineAfter(path: path, line: line, text: "tcp_listen_options.keepalive = true", indentLike: line)])]
            case nil:
                return []
            }
        }
    }

    public func violations(in context: LintContext) -> [Found] {
        var found: [Found] = []
        for deployment in context.model.deployments {
            var seen: [String: Int] = [:]
            for broker in deployment.effective.brokers {
                guard let path = broker.customRabbitMQConfPath else { continue }
                let setting = broker.effective("tcp_listen_options.keepalive")
                // A `true` inside `{% if %}` holds only where the block is rendered: uncertain, no fix.
                let conditionalTrue = setting?.value == "true" && setting?.isConditional == true
                if (setting?.value == "true" && !conditionalTrue) || (setting != nil && setting?.value == nil) { continue }
                let location = setting?.provenance.anchor ?? .wholeFile(path)
                let edit = conditionalTrue ? nil : Self.edit(setting, broker, at: location)
                // One finding per line; its fix only if every view that shares the line wants the same edit.
                if let index = seen[location.description] {
                    if found[index].edit != edit { found[index].edit = nil }
                    continue
                }
                seen[location.description] = found.count
                found.append(Found(scope: broker.scope, value: setting.map { $0.value ?? "" }, conditional: conditionalTrue,
                                   host: broker.host, location: location, edit: edit))
            }
        }
        return found
    }

    /// Where `true` goes: the written `false` itself; else, when nothing in `advanced.config`
    /// sets the listener options (it would replace what rabbitmq.conf builds), after the last
    /// entry of the custom rabbitmq.conf that no Jinja block encloses (none: no fix).
    static func edit(_ setting: BrokerSetting?, _ broker: EffectiveBrokerConfig, at location: SourceLocation) -> Found.KeepAliveEdit? {
        if let setting {
            return ClusterRules.writtenValue(setting, broker, at: location).map { .value($0) }
        }
        guard case .kolla = broker.origin, let path = broker.customRabbitMQConfPath,
              !broker.settings.contains(where: { $0.form != .rabbitmqConf && $0.key.hasPrefix("tcp_listen_options") }) else { return nil }
        // The custom file's own entries outside Jinja blocks, with their lines: a line added
        // after an entry inside `{% if %}` would be rendered only when the condition holds.
        let own = broker.settings.compactMap { setting -> (key: String, line: Int)? in
            guard setting.form == .rabbitmqConf, !setting.isConditional, case .file(let written) = setting.provenance.origin,
                  written.path == path else { return nil }
            return (setting.key, written.range.end.line)
        }
        guard let last = own.map(\.line).max() else { return nil }
        return .insertAfter(path: path, line: last, ownOptions: own.contains { $0.key.hasPrefix("tcp_listen_options.") })
    }
}
