import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ203: an AMQP proxy's idle timeout shorter than the heartbeat interval.
public struct AMQPProxyTimeoutRule: ViolationRule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ203",
        slug: "amqp-proxy-timeout",
        severity: .error,
        summary: "An AMQP proxy's idle timeout cuts connections between heartbeats",
        whatItDoes: """
            For every HAProxy proxy that carries AMQP, takes the effective `timeout client` (frontend or \
            listen), `timeout server` and `timeout tunnel` (backend or listen), counting what each section \
            inherits from its `defaults` (in a Kolla tree without a `haproxy_main.cfg` override, Kolla's own \
            template: `haproxy_client_timeout` / `haproxy_server_timeout`, default `1m`). `timeout tunnel` \
            supersedes the other two once a TCP connection is established. It reports each timeout that is \
            at most half the services' `heartbeat_timeout_threshold` (the oslo.messaging default of 60 s \
            unless an oslo config in the tree sets another value; the largest one counts), and any finite \
            timeout when a service disables heartbeats (`heartbeat_timeout_threshold = 0`).
            """,
        whyItMatters: """
            An idle AMQP connection carries only heartbeat frames, sent about every \
            `heartbeat_timeout_threshold / 2` seconds. HAProxy closes a connection that stays silent \
            longer than its timeout, so a timeout at or below that interval drops healthy consumers and \
            RPC reply listeners: services reconnect over and over, replies are lost and calls time out. \
            With heartbeats disabled nothing crosses an idle connection at all (RabbitMQ docs, \
            "Heartbeats" and "TCP proxies").
            """,
        fix: """
            Set the AMQP proxy's timeouts well above the heartbeat interval: rmqlint's fix writes twice \
            the longest effective `heartbeat_timeout_threshold` into the proxy itself (`timeout client 2m` \
            in the frontend and `timeout server 2m` in the backend for the default of 60 s; `12h` for \
            heartbeats 6 h apart), or use `timeout tunnel`; keep heartbeats enabled.
            """,
        references: [
            "https://www.rabbitmq.com/docs/heartbeats",
            "HAProxy doc/configuration.txt: timeout client, timeout server, timeout tunnel",
            "KA master:ansible/roles/loadbalancer/templates/haproxy/haproxy_main.cfg.j2 (defaults)",
            "OM master:oslo_messaging/_drivers/impl_rabbit.py heartbeat_timeout_threshold",
        ],
        triggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/haproxy/services.d/rabbitmq.cfg": """
                    frontend rabbitmq_front
                        bind 10.0.0.10:5672
                        option clitcpka
                        ↓timeout client 30s
                        default_backend rabbitmq_back
                    backend rabbitmq_back
                        option srvtcpka
                        ↓timeout server 20s
                        server ctl01 10.0.0.11:5672 check

                    """,
            ]),
            // Inherited from defaults: reported at the defaults line that sets it.
            RuleExample([
                "haproxy.cfg": """
                    defaults
                        mode tcp
                        option tcpka
                        ↓timeout client 10s
                        timeout server 1h
                    listen rabbitmq
                        bind :5672
                        server r1 10.0.0.11:5672

                    """,
            ]),
            // Heartbeats disabled: any finite timeout drops idle connections. Kolla's template
            // sets both timeouts to 1m; each is reported at the proxy that inherits it.
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/global.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 0\n",
                "config/haproxy/services.d/rabbitmq.cfg": """
                    ↓↓listen rabbitmq
                        bind 10.0.0.10:5672
                        option tcpka
                        server ctl01 10.0.0.11:5672 check

                    """,
            ]),
            // A larger threshold in one project raises the bar for the shared proxy.
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/nova.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 180\n",
                "config/haproxy/services.d/rabbitmq.cfg": """
                    listen rabbitmq
                        bind 10.0.0.10:5672
                        option tcpka
                        ↓timeout tunnel 90s
                        server ctl01 10.0.0.11:5672 check

                    """,
            ]),
        ],
        nonTriggeringExamples: [
            // Kolla's template defaults (1m) against the default 60 s threshold (30 s interval).
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/haproxy/services.d/rabbitmq.cfg": """
                    listen rabbitmq
                        bind 10.0.0.10:5672
                        option tcpka
                        server ctl01 10.0.0.11:5672 check

                    """,
            ]),
            // tunnel supersedes a short client timeout.
            RuleExample([
                "haproxy.cfg": """
                    listen rabbitmq
                        bind :5672
                        option tcpka
                        timeout client 10s
                        timeout server 10s
                        timeout tunnel 2h
                        server r1 10.0.0.11:5672

                    """,
            ]),
            // Not AMQP.
            RuleExample([
                "haproxy.cfg": """
                    listen keystone_internal
                        bind 10.0.0.10:5000
                        timeout client 5s
                        server ctl01 10.0.0.11:5000

                    """,
            ]),
            // A templated timeout is unknown, never guessed.
            RuleExample([
                "globals.yml": "haproxy_client_timeout: \"{{ my_timeout }}\"\n",
                "config/haproxy/services.d/rabbitmq.cfg": """
                    listen rabbitmq
                        bind 10.0.0.10:5672
                        option tcpka
                        timeout server 1h
                        server ctl01 10.0.0.11:5672 check

                    """,
            ]),
        ])

    /// An AMQP proxy timeout that cuts idle connections between heartbeats.
    public struct Found: Violation {
        /// Why heartbeats do not keep the connection alive.
        enum Heartbeats { case disabled(provenance: String), every(seconds: Int, provenance: String) }
        /// Where the timeout's value comes from, when not written in the proxy itself.
        enum Origin { case own, inheritedDefaults(proxy: String), kollaVariable(name: String, fallback: String?) }
        /// The proxy's label (`listen rabbitmq`), part of the released key format.
        var proxy: String
        /// `client`, `server` or `tunnel`.
        var timeoutName: String
        /// The timeout line as written.
        var written: String
        var milliseconds: Int
        var origin: Origin
        var heartbeats: Heartbeats
        public var location: SourceLocation
        public var related: [RelatedLocation]

        /// The timeout's value as written in the proxy's own section (a fix replaces it); nil
        /// when it is inherited (a fix adds the timeout to the proxy instead).
        var ownValue: SourceLocation?
        /// Where a fix adds a directive to the proxy (nil for Kolla's own template).
        var insertion: DirectiveInsertion?

        public var semanticKey: String { "\(proxy)/timeout \(timeoutName)" }

        public var message: String {
            "AMQP \(proxy): `\(written)`\(originPhrase) closes connections idle for \(shown), but \(problem): \(advice)"
        }

        var advice: String {
            switch heartbeats {
            case .disabled:
                return "turn heartbeats on (RMQ206), then set the timeout well above their interval"
            case .every(let seconds, _):
                if let fix = fixes.first { return fix.description.lowercasingFirst }
                return "set `timeout \(timeoutName) \(Self.haproxyTime(seconds * 2))` in \(proxy) (twice the longest "
                    + "heartbeat_timeout_threshold, \(seconds) s)"
            }
        }

        /// Twice the longest effective `heartbeat_timeout_threshold`: oslo.messaging and
        /// RabbitMQ send a heartbeat about every half threshold, so an idle connection sees
        /// four before the proxy would cut it. Computed from the heartbeats in front of it —
        /// `1h` is too short for heartbeats 6 h apart. Safe: the only connections the proxy
        /// keeps longer are idle AMQP ones that heartbeats keep checking, which is the problem;
        /// the timeout is written in the proxy itself (replacing its own value, or added under
        /// its header when it comes from a `defaults` section or Kolla's template), so other
        /// proxies sharing those defaults keep theirs. No fix while heartbeats are off.
        public var fixes: [Fix] {
            guard case .every(let seconds, _) = heartbeats else { return [] }
            let value = Self.haproxyTime(seconds * 2)
            let description = "Set `timeout \(timeoutName) \(value)` in \(proxy) (twice the longest "
                + "heartbeat_timeout_threshold, \(seconds) s)"
            if let ownValue {
                return [Fix(description, .safe, edits: [.replace(ownValue, with: value)])]
            }
            guard let insertion else { return [] }
            return [Fix(description, .safe, edits: [insertion.edit("timeout \(timeoutName) \(value)")])]
        }

        /// `seconds` in HAProxy's time format, in the largest unit that divides it.
        static func haproxyTime(_ seconds: Int) -> String {
            if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
            if seconds % 60 == 0 { return "\(seconds / 60)m" }
            return "\(seconds)s"
        }

        var shown: String {
            let seconds = Double(milliseconds) / 1000
            return seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
        }

        var originPhrase: String {
            switch origin {
            case .own: ""
            case .inheritedDefaults(let proxy): " (in the defaults inherited by \(proxy))"
            case .kollaVariable(let name, nil): " (inherited from Kolla's haproxy_main.cfg defaults, `\(name)` set in globals)"
            case .kollaVariable(let name, let fallback?):
                " (inherited from Kolla's haproxy_main.cfg defaults: `\(name)` defaults to \(fallback))"
            }
        }

        var problem: String {
            switch heartbeats {
            case .disabled(let provenance):
                "heartbeats are disabled (\(provenance)), so nothing crosses an idle connection"
            case .every(let seconds, let provenance):
                "heartbeats only cross an idle connection about every \(seconds / 2) s (\(provenance))"
            }
        }
    }

    public func violations(in context: LintContext) -> [Found] {
        var found: [Found] = []
        for deployment in context.model.deployments {
            // Without a proxy there is nothing to compare: the heartbeats (read from every
            // config of a fleet) are not worked out.
            let chains = deployment.amqpProxyChains
            guard !chains.isEmpty else { continue }
            let thresholds = deployment.heartbeatThresholds
            let disabled = thresholds.first { $0.seconds <= 0 }
            guard let longest = thresholds.filter({ $0.seconds > 0 }).max(by: { $0.seconds < $1.seconds }) ?? disabled
            else { continue }
            for chain in chains {
                for (timeout, proxy) in effectiveTimeouts(chain) {
                    guard let milliseconds = timeout.milliseconds, milliseconds > 0 else { continue }
                    if let disabled {
                        found.append(violation(
                            timeout, milliseconds, proxy, .disabled(provenance: "\(disabled.provenance)"), disabled, deployment))
                    } else if milliseconds <= longest.seconds * 500 {
                        found.append(violation(
                            timeout, milliseconds, proxy, .every(seconds: longest.seconds, provenance: "\(longest.provenance)"),
                            longest, deployment))
                    }
                }
            }
        }
        return found
    }

    /// The timeouts that bound idle AMQP connections on a chain, with the proxy each
    /// is effective in: the tunnel timeout where set, else client (front) and server (backs).
    private func effectiveTimeouts(_ chain: AMQPProxyChain) -> [(Timeout, HAProxyProxy)] {
        var result: [(Timeout, HAProxyProxy)] = []
        var tunnelled = true
        for back in chain.backs {
            if let tunnel = back.timeout("tunnel"), let milliseconds = tunnel.milliseconds, milliseconds > 0 {
                result.append((Timeout(name: "tunnel", milliseconds: milliseconds, setting: tunnel.setting), back))
            } else {
                tunnelled = false
                if let server = back.timeout("server") {
                    result.append((Timeout(name: "server", milliseconds: server.milliseconds, setting: server.setting), back))
                }
            }
        }
        if !tunnelled || chain.backs.isEmpty, let front = chain.front, let client = front.timeout("client") {
            result.append((Timeout(name: "client", milliseconds: client.milliseconds, setting: client.setting), front))
        }
        return result
    }

    private struct Timeout {
        var name: String
        var milliseconds: Int?
        var setting: HAProxySetting
    }

    private func violation(
        _ timeout: Timeout, _ milliseconds: Int, _ proxy: HAProxyProxy, _ heartbeats: Found.Heartbeats,
        _ heartbeat: HeartbeatThreshold, _ deployment: Deployment
    ) -> Found {
        var related: [RelatedLocation] = []
        var origin = Found.Origin.own
        var location = timeout.setting.location
        if let variable = deployment.kollaTemplateVariable(of: timeout.setting) {
            // Kolla's template is not in the tree: point at the proxy and say where the value comes from.
            location = proxy.headerLocation
            origin = .kollaVariable(name: variable.name, fallback: variable.setAt == nil ? "\(variable.fallback)" : nil)
            if let set = variable.setAt {
                related.append(RelatedLocation("`\(variable.name)` is set here", at: set))
            }
        } else if timeout.setting.isInherited {
            origin = .inheritedDefaults(proxy: proxy.label)
            related.append(RelatedLocation("\(proxy.label) inherits this timeout", at: proxy.headerLocation))
        }
        if let written = heartbeat.location {
            related.append(RelatedLocation("heartbeat_timeout_threshold is set here", at: written))
        }
        let own = !timeout.setting.isInherited && !timeout.setting.location.isKollaTemplate
        return Found(
            proxy: proxy.label, timeoutName: timeout.name, written: timeout.setting.text, milliseconds: milliseconds,
            origin: origin, heartbeats: heartbeats, location: location, related: related,
            ownValue: own ? timeout.setting.argumentLocation(1) : nil, insertion: proxy.directiveInsertion)
    }
}
