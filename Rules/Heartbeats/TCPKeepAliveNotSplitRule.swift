import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ201: `option tcpka` in a frontend or backend only covers one side.
public struct TCPKeepAliveNotSplitRule: ViolationRule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ201",
        slug: "tcpka-not-split",
        severity: .warning,
        summary: "`option tcpka` in a frontend or backend gives keep-alives to one side only",
        whatItDoes: """
            Flags `option tcpka` written in a `frontend` or `backend` section, and keep-alive options \
            written on the wrong side: `option clitcpka` in a backend, `option srvtcpka` in a frontend \
            (HAProxy does not allow them there). `option tcpka` in `defaults` or `listen` is fine.
            """,
        whyItMatters: """
            HAProxy's documentation: `option tcpka` "is meaningful only in defaults or listen sections. \
            If this option is used in a frontend, only the client side will get keep-alives, and if \
            this option is used in a backend, only the server side will get keep-alives." A split \
            AMQP proxy written with `tcpka` looks protected but leaves one side of every connection \
            without keep-alives, so half-open connections to a failed RabbitMQ node or client linger \
            until the OS gives up (about 11 minutes on Linux defaults).
            """,
        fix: """
            In a split configuration write `option clitcpka` in the frontend and `option srvtcpka` in \
            the backend (as Kolla does for MariaDB's external load balancer), or put `option tcpka` \
            in a `listen` or `defaults` section.
            """,
        references: [
            "HAProxy doc/configuration.txt: option tcpka, option clitcpka, option srvtcpka",
            "KA master:ansible/roles/mariadb/defaults/main.yml (frontend_tcp_extra / backend_tcp_extra)",
        ],
        triggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/haproxy/services.d/rabbitmq.cfg": """
                    frontend rabbitmq_front
                        mode tcp
                        bind 10.0.0.10:5672
                        ↓option tcpka
                        default_backend rabbitmq_back

                    backend rabbitmq_back
                        mode tcp
                        ↓option tcpka
                        server ctl01 10.0.0.11:5672 check

                    """,
            ]),
            RuleExample([
                "haproxy.cfg": """
                    frontend amqp
                        bind :5672
                        ↓option srvtcpka
                        default_backend amqp_nodes
                    backend amqp_nodes
                        ↓option clitcpka
                        server r1 10.0.0.11:5672

                    """,
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/haproxy/services.d/rabbitmq.cfg": """
                    frontend rabbitmq_front
                        bind 10.0.0.10:5672
                        option clitcpka
                        default_backend rabbitmq_back
                    backend rabbitmq_back
                        option srvtcpka
                        server ctl01 10.0.0.11:5672 check

                    """,
            ]),
            RuleExample([
                "haproxy.cfg": """
                    defaults
                        option tcpka
                    listen rabbitmq
                        bind :5672
                        option tcpka
                        server r1 10.0.0.11:5672

                    """,
            ]),
            // tcpka inherited from defaults reaches each side of a split pair.
            RuleExample([
                "haproxy.cfg": """
                    defaults
                        option tcpka
                    frontend amqp
                        bind :5672
                        default_backend amqp_nodes
                    backend amqp_nodes
                        server r1 10.0.0.11:5672

                    """,
            ]),
        ])

    /// A keep-alive option on one side only, or on the wrong side.
    public struct Found: Violation {
        enum Problem { case oneSided, wrongSide }
        var problem: Problem
        /// The option written: `tcpka`, `clitcpka` or `srvtcpka`.
        var option: String
        /// Whether the proxy is a frontend (else a backend).
        var isFrontend: Bool
        /// The proxy's stable id and display label.
        var proxyID: String
        var proxyLabel: String
        /// The proxies on the other side (backends of a frontend, frontends using a backend).
        var counterparts: [String]
        public var location: SourceLocation

        public var semanticKey: String { "\(proxyID)/option \(option)" }
        public var message: String {
            switch problem {
            case .oneSided: oneSidedMessage
            case .wrongSide: wrongSideMessage
            }
        }

        var oneSidedMessage: String {
            let counterpart = isFrontend
                ? "and `option srvtcpka` in " + (counterparts.isEmpty ? "its backends" : counterparts.joined(separator: ", "))
                : "and `option clitcpka` in " + (counterparts.isEmpty ? "the frontends that use it" : counterparts.joined(separator: ", "))
            let (side, missing) = isFrontend ? ("client", "server") : ("server", "client")
            return "`option tcpka` in \(proxyLabel) only enables keep-alives on the \(side) side; the \(missing) "
                + "side gets none. \(fix.description) here \(counterpart), or move `option tcpka` "
                + "to a listen or defaults section"
        }

        var wrongSideMessage: String {
            let right = isFrontend ? "a backend" : "a frontend"
            return "`option \(option)` is not valid in a \(isFrontend ? "frontend" : "backend") (\(proxyLabel)): "
                + "it belongs in \(right). \(fix.description) here"
        }

        /// The option this side should carry.
        var correct: String { isFrontend ? "clitcpka" : "srvtcpka" }

        /// Replace the option's name with this side's own keep-alive option. For `tcpka`
        /// this is safe: in a frontend `tcpka` enables exactly what `clitcpka` does (in a
        /// backend, `srvtcpka`), so behaviour is unchanged. For an option on the wrong side
        /// it is unsafe: HAProxy ignores the misplaced option, so the replacement turns on
        /// keep-alives that were off.
        var fix: Fix {
            // The option's range ends with its name (`option tcpka`): replace the name only,
            // keeping the spacing before it.
            let end = location.range.end
            let name = SourceLocation(
                path: location.path,
                range: SourceRange(start: SourcePosition(line: end.line, column: max(1, end.column - option.count)), end: end))
            return Fix(
                "Write `option \(correct)` instead of `option \(option)`", problem == .oneSided ? .safe : .unsafe,
                edits: [.replace(name, with: correct)])
        }
        public var fixes: [Fix] { [fix] }
    }

    public func violations(in context: LintContext) -> [Found] {
        context.model.deployments.flatMap { deployment in
            deployment.haproxy.flatMap { view in view.model.proxies.flatMap { violations(of: $0, in: view.model) } }
        }
    }

    private func violations(of proxy: HAProxyProxy, in model: HAProxyModel) -> [Found] {
        guard proxy.isFrontend || proxy.isBackend else { return [] }
        let isFrontend = proxy.isFrontend
        func found(_ problem: Found.Problem, _ option: String, at location: SourceLocation) -> Found {
            let counterparts = isFrontend ? model.backends(of: proxy) : model.frontends(using: proxy)
            return Found(
                problem: problem, option: option, isFrontend: isFrontend, proxyID: proxy.stableID,
                proxyLabel: proxy.label, counterparts: counterparts.map(\.label), location: location)
        }
        var result: [Found] = []
        if let tcpka = proxy.option("tcpka"), tcpka.enabled, !tcpka.setting.isInherited {
            result.append(found(.oneSided, "tcpka", at: tcpka.setting.location))
        }
        let wrongSide = isFrontend ? "srvtcpka" : "clitcpka"
        if let misplaced = proxy.option(wrongSide), misplaced.enabled, !misplaced.setting.isInherited {
            result.append(found(.wrongSide, wrongSide, at: misplaced.setting.location))
        }
        return result
    }
}
