import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders

/// Where HAProxy accepts a proxy keyword, from the keyword matrix of HAP
/// `doc/configuration.txt` §4.1 "Proxy keywords matrix" @50872daa (columns:
/// defaults, frontend, listen, backend; "(*)" marks options that accept the `no` /
/// `default` modifiers). The same caps are enforced by the parser: an option or
/// timeout used where its side does not exist is ignored with a warning
/// (HAP `src/cfgparse-listen.c` `warnifnotcap`, `src/proxy.c` proxy_parse_timeout).
enum HAProxyKeywords {
    /// One row of the matrix.
    struct Row {
        var defaults: Bool
        var frontend: Bool
        var listen: Bool
        var backend: Bool
        var negatable: Bool

        init(_ defaults: Bool, _ frontend: Bool, _ listen: Bool, _ backend: Bool, negatable: Bool = false) {
            self.defaults = defaults
            self.frontend = frontend
            self.listen = listen
            self.backend = backend
            self.negatable = negatable
        }

        func allows(_ kind: HAProxySection.Kind) -> Bool {
            switch kind {
            case .defaults: return defaults
            case .frontend: return frontend
            case .listen: return listen
            case .backend: return backend
            case .global, .other: return false
            }
        }
    }

    /// `option <name>` rows.
    static let options: [String: Row] = [
        "abortonclose": Row(true, true, true, true, negatable: true),
        "allbackups": Row(true, false, true, true, negatable: true),
        "checkcache": Row(true, false, true, true, negatable: true),
        "clitcpka": Row(true, true, true, false, negatable: true),
        "contstats": Row(true, true, true, false, negatable: true),
        "disable-h2-upgrade": Row(true, true, true, false, negatable: true),
        "dontlog-normal": Row(true, true, true, false, negatable: true),
        "dontlognull": Row(true, true, true, false, negatable: true),
        "external-check": Row(true, false, true, true, negatable: false),
        "forwardfor": Row(true, true, true, true, negatable: false),
        "forwarded": Row(true, false, true, true, negatable: true),
        "h1-case-adjust-bogus-client": Row(true, true, true, false, negatable: true),
        "h1-case-adjust-bogus-server": Row(true, false, true, true, negatable: true),
        "http-buffer-request": Row(true, true, true, true, negatable: true),
        "http-drop-request-trailers": Row(true, false, false, true, negatable: true),
        "http-drop-response-trailers": Row(true, false, true, false, negatable: true),
        "http-ignore-probes": Row(true, true, true, false, negatable: true),
        "http-keep-alive": Row(true, true, true, true, negatable: true),
        "http-no-delay": Row(true, true, true, true, negatable: true),
        "http-pretend-keepalive": Row(true, false, true, true, negatable: true),
        "http-restrict-req-hdr-names": Row(true, true, true, true, negatable: false),
        "http-server-close": Row(true, true, true, true, negatable: true),
        "http-use-proxy-header": Row(true, true, true, false, negatable: true),
        "httpchk": Row(true, false, true, true, negatable: false),
        "httpclose": Row(true, true, true, true, negatable: true),
        "httplog": Row(true, true, true, false, negatable: false),
        "httpslog": Row(true, true, true, false, negatable: false),
        "idle-close-on-response": Row(true, true, true, false, negatable: true),
        "independent-streams": Row(true, true, true, true, negatable: true),
        "ldap-check": Row(true, false, true, true, negatable: false),
        "log-health-checks": Row(true, false, true, true, negatable: true),
        "log-separate-errors": Row(true, true, true, false, negatable: true),
        "logasap": Row(true, true, true, false, negatable: true),
        "mysql-check": Row(true, false, true, true, negatable: false),
        "nolinger": Row(true, true, true, true, negatable: true),
        "originalto": Row(true, true, true, true, negatable: false),
        "persist": Row(true, false, true, true, negatable: true),
        "pgsql-check": Row(true, false, true, true, negatable: false),
        "prefer-last-server": Row(true, false, true, true, negatable: true),
        "redispatch": Row(true, false, true, true, negatable: true),
        "redis-check": Row(true, false, true, true, negatable: false),
        "smtpchk": Row(true, false, true, true, negatable: false),
        "socket-stats": Row(true, true, true, false, negatable: true),
        "splice-auto": Row(true, true, true, true, negatable: true),
        "splice-request": Row(true, true, true, true, negatable: true),
        "splice-response": Row(true, true, true, true, negatable: true),
        "spop-check": Row(true, false, true, true, negatable: false),
        "srvtcpka": Row(true, false, true, true, negatable: true),
        "ssl-hello-chk": Row(true, false, true, true, negatable: false),
        "tcp-check": Row(true, false, true, true, negatable: false),
        "tcp-smart-accept": Row(true, true, true, false, negatable: true),
        "tcp-smart-connect": Row(true, false, true, true, negatable: true),
        "tcpka": Row(true, true, true, true, negatable: false),
        "tcplog": Row(true, true, true, false, negatable: false),
        "use-small-buffers": Row(true, false, true, true, negatable: true),
    ]

    /// `timeout <name>` rows. HAProxy rejects any other timeout name.
    static let timeouts: [String: Row] = [
        "check": Row(true, false, true, true),
        "client": Row(true, true, true, false),
        "client-fin": Row(true, true, true, false),
        "client-hs": Row(true, true, true, false),
        "connect": Row(true, false, true, true),
        "http-keep-alive": Row(true, true, true, true),
        "http-request": Row(true, true, true, true),
        "queue": Row(true, false, true, true),
        "server": Row(true, false, true, true),
        "server-fin": Row(true, false, true, true),
        "tarpit": Row(true, true, true, true),
        "tunnel": Row(true, false, true, true),
    ]

    /// Other rows rules need: listening and server addresses, backend selection and
    /// the TCP keep-alive tuning keywords (since 2.3, HAP b24bc0df).
    static let keywords: [String: Row] = [
        "balance": Row(true, false, true, true),
        "bind": Row(false, true, true, false),
        "clitcpka-cnt": Row(true, true, true, false),
        "clitcpka-idle": Row(true, true, true, false),
        "clitcpka-intvl": Row(true, true, true, false),
        "default-server": Row(true, false, true, true),
        "default_backend": Row(true, true, true, false),
        "mode": Row(true, true, true, true),
        "server": Row(false, false, true, true),
        "server-template": Row(false, false, true, true),
        "srvtcpka-cnt": Row(true, false, true, true),
        "srvtcpka-idle": Row(true, false, true, true),
        "srvtcpka-intvl": Row(true, false, true, true),
        "use_backend": Row(false, true, true, false),
    ]
}
