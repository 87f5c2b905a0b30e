import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ201: `option tcpka` in a frontend or backend only covers one side.
public struct TCPKeepAliveNotSplitRule: Rule {
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

    public func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for deployment in context.model.deployments {
            for view in deployment.haproxy {
                for proxy in view.model.proxies {
                    findings += check(proxy, model: view.model)
                }
            }
        }
        return findings
    }

    private func check(_ proxy: HAProxyProxy, model: HAProxyModel) -> [Finding] {
        guard proxy.isFrontend || proxy.isBackend else { return [] }
        var findings: [Finding] = []
        let isFrontend = proxy.isFrontend
        if let tcpka = proxy.option("tcpka"), tcpka.enabled, !tcpka.setting.isInherited {
            let others = isFrontend
                ? model.backends(of: proxy).map(\.label)
                : model.frontends(using: proxy).map(\.label)
            let counterpart = isFrontend
                ? "and `option srvtcpka` in " + (others.isEmpty ? "its backends" : others.joined(separator: ", "))
                : "and `option clitcpka` in " + (others.isEmpty ? "the frontends that use it" : others.joined(separator: ", "))
            let side = isFrontend ? "client" : "server"
            let missing = isFrontend ? "server" : "client"
            let replacement = isFrontend ? "clitcpka" : "srvtcpka"
            findings.append(finding(
                "`option tcpka` in \(proxy.label) only enables keep-alives on the \(side) side; the \(missing) "
                    + "side gets none. Write `option \(replacement)` here \(counterpart), or move `option tcpka` "
                    + "to a listen or defaults section",
                at: tcpka.setting.location, key: "\(proxy.label)/option tcpka"))
        }
        let wrongSide = isFrontend ? "srvtcpka" : "clitcpka"
        if let misplaced = proxy.option(wrongSide), misplaced.enabled, !misplaced.setting.isInherited {
            let right = isFrontend ? "a backend" : "a frontend"
            let correct = isFrontend ? "clitcpka" : "srvtcpka"
            findings.append(finding(
                "`option \(wrongSide)` is not valid in a \(isFrontend ? "frontend" : "backend") (\(proxy.label)): "
                    + "it belongs in \(right); here write `option \(correct)`",
                at: misplaced.setting.location, key: "\(proxy.label)/option \(wrongSide)"))
        }
        return findings
    }
}
