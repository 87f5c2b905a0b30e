import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintJinja
@testable import RMQLintKnowledge
@testable import RMQLintLoaders
@testable import RMQLintModel
@testable import RMQLintSource

private func at(_ path: String, _ line: Int, _ column: Int, _ length: Int) -> RMQLintCore.SourceLocation {
    RMQLintCore.SourceLocation(path: path, line: line, column: column, length: length)
}

/// Parses each (path, lines) file and builds the model in the given order.
private func model(_ files: [(String, [String])]) -> HAProxyModel {
    HAProxyModel.build(files.map { path, lines in
        let (config, diagnostics) = HAProxyLoader.parse(lines.joined(separator: "\n") + "\n", path: path)
        #expect(diagnostics.isEmpty, "loader diagnostics in \(path): \(diagnostics)")
        return config
    })
}

private func model(_ lines: [String], path: String = "haproxy.cfg") -> HAProxyModel {
    model([(path, lines)])
}

@Suite("HAProxy effective model")
struct HAProxyModelTests {
    /// The `defaults` of Kolla's haproxy_main.cfg.j2 with Kolla's default values.
    static let kollaMain = [
        "global",                          // 1
        "    daemon",                      // 2
        "defaults",                        // 3
        "    log global",                  // 4
        "    option redispatch",           // 5
        "    retries 3",                   // 6
        "    timeout http-request 10s",    // 7
        "    timeout queue 1m",            // 8
        "    timeout connect 10s",         // 9
        "    timeout client 1m",           // 10
        "    timeout server 1m",           // 11
        "    timeout check 10s",           // 12
        "    balance roundrobin",          // 13
    ]

    static let splitAMQP = [
        "frontend rabbitmq_front",                                          // 1
        "    mode tcp",                                                     // 2
        "    bind 10.0.0.10:5672",                                          // 3
        "    option clitcpka",                                              // 4
        "    default_backend rabbitmq_back",                                // 5
        "backend rabbitmq_back",                                            // 6
        "    mode tcp",                                                     // 7
        "    option srvtcpka",                                              // 8
        "    server ctl01 10.0.0.11:5672 check inter 2000 rise 2 fall 5",   // 9
        "    server ctl02 10.0.0.12:5672 check inter 2000 rise 2 fall 5",   // 10
    ]

    @Test func kollaSplitFrontendAndBackendAcrossFiles() throws {
        let model = model([("haproxy.cfg", Self.kollaMain), ("services.d/rabbitmq.cfg", Self.splitAMQP)])
        #expect(model.diagnostics.isEmpty)
        #expect(model.proxies.map(\.name) == ["rabbitmq_front", "rabbitmq_back"])
        let front = try #require(model.proxy(named: "rabbitmq_front", kind: .frontend))
        let back = try #require(model.proxy(named: "rabbitmq_back", kind: .backend))
        #expect(front.path == "services.d/rabbitmq.cfg")
        #expect(front.defaults?.headerLocation == at("haproxy.cfg", 3, 1, 8))

        // The defaults of the first file apply to the proxies of the later file.
        let client = try #require(front.timeout("client"))
        #expect(client.milliseconds == 60_000)
        #expect(client.setting.isInherited)
        #expect(client.setting.section.kind == .defaults)
        #expect(client.setting.directive.location == at("haproxy.cfg", 10, 5, 17))
        let server = try #require(back.timeout("server"))
        #expect(server.milliseconds == 60_000)
        #expect(server.setting.directive.location == at("haproxy.cfg", 11, 5, 17))
        // Sides a proxy does not have: HAProxy ignores those timeouts.
        #expect(front.timeout("server") == nil)
        #expect(back.timeout("client") == nil)
        #expect(front.timeout("tunnel") == nil)
        #expect(back.timeout("tunnel") == nil)

        let clientKeepAlive = try #require(front.tcpKeepAlive(.client))
        #expect(clientKeepAlive.enabled)
        #expect(clientKeepAlive.setting?.directive.location == at("services.d/rabbitmq.cfg", 4, 5, 15))
        #expect(clientKeepAlive.setting?.isInherited == false)
        #expect(front.tcpKeepAlive(.server) == nil)
        let serverKeepAlive = try #require(back.tcpKeepAlive(.server))
        #expect(serverKeepAlive.enabled)
        #expect(serverKeepAlive.setting?.directive.location == at("services.d/rabbitmq.cfg", 8, 5, 15))
        #expect(back.tcpKeepAlive(.client) == nil)

        #expect(front.binds.count == 1)
        #expect(front.binds[0].host == "10.0.0.10")
        #expect(front.binds[0].port == 5672)
        #expect(front.binds[0].location == at("services.d/rabbitmq.cfg", 3, 10, 14))
        #expect(back.servers.map(\.name) == ["ctl01", "ctl02"])
        #expect(back.servers.map(\.port) == [5672, 5672])
        #expect(back.servers[0].host == "10.0.0.11")
        #expect(back.servers[0].location == at("services.d/rabbitmq.cfg", 9, 18, 14))
        #expect(front.defaultBackend == Located("rabbitmq_back", at: at("services.d/rabbitmq.cfg", 5, 21, 13)))
        #expect(model.backends(of: front).map(\.name) == ["rabbitmq_back"])
        #expect(model.frontends(using: back).map(\.name) == ["rabbitmq_front"])
        #expect(model.backends(of: back).isEmpty)
        #expect(front.mode()?.value == "tcp")
        #expect(front.option("redispatch")?.enabled == true)
        #expect(front.option("redispatch")?.setting.isInherited == true)
    }

    @Test func tcpkaInFrontendOnlyCoversClients() throws {
        let model = model([
            "frontend amqp",                    // 1
            "    bind :5672",                   // 2
            "    option tcpka",                 // 3
            "    default_backend amqp_servers", // 4
            "backend amqp_servers",             // 5
            "    option tcpka",                 // 6
            "backend plain",                    // 7
            "    server s 10.0.0.1:5672",       // 8
        ])
        let front = try #require(model.proxy(named: "amqp", kind: .frontend))
        #expect(front.option("tcpka")?.enabled == true)
        #expect(front.tcpKeepAlive(.client)?.enabled == true)
        #expect(front.tcpKeepAlive(.client)?.setting?.directive.location == at("haproxy.cfg", 3, 5, 12))
        #expect(front.tcpKeepAlive(.server) == nil)
        let back = try #require(model.proxy(named: "amqp_servers", kind: .backend))
        #expect(back.tcpKeepAlive(.server)?.enabled == true)
        let plain = try #require(model.proxy(named: "plain", kind: .backend))
        #expect(plain.tcpKeepAlive(.server)?.enabled == false)
        #expect(plain.tcpKeepAlive(.server)?.setting == nil)
        #expect(plain.option("tcpka") == nil)
        #expect(front.binds[0].host == "")
        #expect(front.binds[0].port == 5672)
    }

    @Test func sideOptionsWhereTheSideIsMissingAreIgnored() throws {
        let model = model([
            "frontend f",
            "    option srvtcpka",
            "backend b",
            "    option clitcpka",
        ])
        let front = try #require(model.proxy(named: "f", kind: .frontend))
        let back = try #require(model.proxy(named: "b", kind: .backend))
        // As written (for RMQ201) …
        #expect(front.option("srvtcpka")?.enabled == true)
        #expect(back.option("clitcpka")?.enabled == true)
        // … but HAProxy ignores them.
        #expect(front.tcpKeepAlive(.client)?.enabled == false)
        #expect(back.tcpKeepAlive(.server)?.enabled == false)
    }

    @Test func oldFormListenCountsAsBind() throws {
        let model = model([
            "listen rabbitmq 0.0.0.0:5672",   // 1
            "    mode tcp",                   // 2
            "    option tcpka",               // 3
            "    timeout client 48h",         // 4
            "    timeout server 48h",         // 5
            "    balance roundrobin",         // 6
            "    server node-1 10.20.0.3:5673 check inter 5000 rise 2 fall 3", // 7
            "    server node-2 10.20.0.4:5673 check inter 5000 rise 2 fall 3 backup", // 8
        ])
        #expect(model.diagnostics.isEmpty)
        let listen = try #require(model.proxy(named: "rabbitmq", kind: .listen))
        #expect(listen.defaults == nil)
        #expect(listen.binds.count == 1)
        #expect(listen.binds[0].host == "0.0.0.0")
        #expect(listen.binds[0].port == 5672)
        #expect(listen.binds[0].location == at("haproxy.cfg", 1, 17, 12))
        #expect(listen.tcpKeepAlive(.client)?.enabled == true)
        #expect(listen.tcpKeepAlive(.server)?.enabled == true)
        #expect(listen.timeout("client")?.milliseconds == 172_800_000)
        #expect(listen.timeout("server")?.setting.isInherited == false)
        #expect(listen.servers.map(\.port) == [5673, 5673])
        #expect(listen.timeout("tunnel") == nil)
    }

    @Test func negationOverridesDefaults() throws {
        let model = model([
            "defaults",                  // 1
            "    option tcpka",          // 2
            "    option srvtcpka",       // 3
            "listen a",                  // 4
            "    no option tcpka",       // 5
            "listen b",                  // 6
            "    no option clitcpka",    // 7
            "listen c",                  // 8
            "    default option srvtcpka", // 9
        ])
        let a = try #require(model.proxy(named: "a", kind: .listen))
        // As written, the proxy's own line wins over defaults …
        let written = try #require(a.option("tcpka"))
        #expect(written.enabled == false)
        #expect(written.setting.isInherited == false)
        #expect(written.setting.directive.location == at("haproxy.cfg", 5, 5, 15))
        // … but HAProxy rejects `no option tcpka`, so the defaults still apply.
        #expect(a.tcpKeepAlive(.client)?.enabled == true)
        #expect(a.tcpKeepAlive(.client)?.setting?.isInherited == true)
        #expect(model.diagnostics.count == 1)
        #expect(model.diagnostics[0].location == at("haproxy.cfg", 5, 5, 15))
        #expect(model.diagnostics[0].message.contains("'no option tcpka'"))

        let b = try #require(model.proxy(named: "b", kind: .listen))
        #expect(b.tcpKeepAlive(.client)?.enabled == false)
        #expect(b.tcpKeepAlive(.client)?.setting?.directive.location == at("haproxy.cfg", 7, 5, 18))
        #expect(b.tcpKeepAlive(.server)?.enabled == true)
        #expect(b.tcpKeepAlive(.server)?.setting?.directive.location == at("haproxy.cfg", 3, 5, 15))

        let c = try #require(model.proxy(named: "c", kind: .listen))
        #expect(c.option("srvtcpka")?.enabled == false)
        #expect(c.tcpKeepAlive(.server)?.enabled == false)
        #expect(c.tcpKeepAlive(.client)?.enabled == true)
    }

    @Test func aNewDefaultsSectionReplacesThePreviousOne() throws {
        let model = model([
            "defaults",                 // 1
            "    timeout client 1m",    // 2
            "    option tcpka",         // 3
            "    mode tcp",             // 4
            "frontend early",           // 5
            "    bind :1",              // 6
            "defaults",                 // 7
            "    timeout server 2m",    // 8
            "frontend late",            // 9
            "    bind :2",              // 10
            "backend b",                // 11
        ])
        let early = try #require(model.proxy(named: "early", kind: .frontend))
        #expect(early.timeout("client")?.milliseconds == 60_000)
        #expect(early.tcpKeepAlive(.client)?.enabled == true)
        let late = try #require(model.proxy(named: "late", kind: .frontend))
        #expect(late.defaults?.headerLocation == at("haproxy.cfg", 7, 1, 8))
        #expect(late.defaultsChain.count == 1)
        #expect(late.timeout("client") == nil)
        #expect(late.tcpKeepAlive(.client)?.enabled == false)
        #expect(late.mode() == nil)
        let backend = try #require(model.proxy(named: "b", kind: .backend))
        #expect(backend.timeout("server")?.milliseconds == 120_000)
        #expect(model.defaultsSections.count == 2)
    }

    @Test func namedDefaultsWithFrom() throws {
        let model = model([
            "defaults base",                 // 1
            "    timeout client 1m",         // 2
            "    timeout server 1m",         // 3
            "    option tcpka",              // 4
            "defaults amqp from base",       // 5
            "    timeout client 2h",         // 6
            "defaults short",                // 7
            "    timeout client 5s",         // 8
            "frontend f from amqp",          // 9
            "    bind :5672",                // 10
            "backend b",                     // 11
            "    timeout server 3s",         // 12
            "backend c from base",           // 13
            "listen l from nope",            // 14
        ])
        let f = try #require(model.proxy(named: "f", kind: .frontend))
        #expect(f.defaults?.name == "amqp")
        #expect(f.defaultsChain.map(\.name) == ["amqp", "base"])
        let client = try #require(f.timeout("client"))
        #expect(client.milliseconds == 7_200_000)
        #expect(client.setting.section.name == "amqp")
        #expect(client.setting.directive.location == at("haproxy.cfg", 6, 5, 17))
        // `tcpka` reaches f through amqp from base.
        #expect(f.tcpKeepAlive(.client)?.enabled == true)
        #expect(f.tcpKeepAlive(.client)?.setting?.section.name == "base")

        // Without `from`, the latest defaults (named or not) applies.
        let b = try #require(model.proxy(named: "b", kind: .backend))
        #expect(b.defaults?.name == "short")
        #expect(b.timeout("server")?.milliseconds == 3_000)
        #expect(b.timeout("server")?.setting.isInherited == false)
        #expect(b.tcpKeepAlive(.server)?.enabled == false)

        let c = try #require(model.proxy(named: "c", kind: .backend))
        #expect(c.timeout("server")?.setting.section.name == "base")

        let l = try #require(model.proxy(named: "l", kind: .listen))
        #expect(l.defaults == nil)
        #expect(model.diagnostics.map(\.location) == [at("haproxy.cfg", 14, 15, 4)])
        #expect(model.diagnostics[0].message.contains("'nope' not found"))
    }

    @Test func fromOnlyFindsEarlierDefaultsAndRejectsAmbiguity() {
        let model = model([
            "frontend f from later",    // 1
            "defaults later",           // 2
            "defaults twice",           // 3
            "defaults twice",           // 4
            "backend b from twice",     // 5
            "defaults twice",           // 6
        ])
        #expect(model.diagnostics.map(\.location) == [
            at("haproxy.cfg", 1, 17, 5), at("haproxy.cfg", 5, 16, 5), at("haproxy.cfg", 6, 10, 5),
        ])
        #expect(model.diagnostics[1].message.contains("ambiguous"))
        #expect(model.diagnostics[2].message.contains("declared again"))
        #expect(model.proxy(named: "b", kind: .backend)?.defaults?.headerLocation == at("haproxy.cfg", 4, 1, 14))
    }

    @Test func useBackendWithConditions() throws {
        let model = model([
            "frontend amqp_front",                                        // 1
            "    bind 10.0.0.10:5672,10.0.0.10:5671",                      // 2
            "    acl is_tls dst_port 5671",                                // 3
            "    use_backend amqp_tls if is_tls",                          // 4
            "    use_backend missing_back if { src 10.0.0.0/8 }",          // 5
            "    use_backend %[req.hdr(host),lower] unless is_tls",        // 6
            "    use_backend amqp_tls if !is_tls",                         // 7
            "    default_backend amqp_plain",                              // 8
            "backend amqp_tls",                                            // 9
            "    server s1 10.0.0.11:5671",                                // 10
            "listen amqp_plain",                                           // 11
            "    server s1 10.0.0.11:5672",                                // 12
            "frontend other",                                              // 13
            "    use_backend amqp_tls",                                    // 14
        ])
        #expect(model.diagnostics.isEmpty)
        let front = try #require(model.proxy(named: "amqp_front", kind: .frontend))
        #expect(front.useBackends.map(\.value) == ["amqp_tls", "missing_back", "%[req.hdr(host),lower]", "amqp_tls"])
        #expect(front.useBackends[1].location == at("haproxy.cfg", 5, 17, 12))
        #expect(model.backends(of: front).map(\.name) == ["amqp_plain", "amqp_tls"])
        let tls = try #require(model.proxy(named: "amqp_tls", kind: .backend))
        #expect(model.frontends(using: tls).map(\.name) == ["amqp_front", "other"])
        #expect(front.binds.map(\.port) == [5672, 5671])
        #expect(front.binds.map(\.location) == [at("haproxy.cfg", 2, 10, 14), at("haproxy.cfg", 2, 25, 14)])
        #expect(model.backendProxy(named: "amqp_plain")?.kind == .listen)
    }

    @Test func duplicateKeywordsLastOneWins() throws {
        let model = model([
            "defaults",                    // 1
            "    timeout client 10s",      // 2
            "    timeout client 30s",      // 3
            "    option clitcpka",         // 4
            "    no option clitcpka",      // 5
            "frontend f",                  // 6
            "    timeout client 1m",       // 7
            "    timeout client 90s",      // 8
            "    mode http",               // 9
            "    mode tcp",                // 10
            "frontend g",                  // 11
        ])
        let f = try #require(model.proxy(named: "f", kind: .frontend))
        #expect(f.timeout("client")?.milliseconds == 90_000)
        #expect(f.timeout("client")?.setting.directive.location == at("haproxy.cfg", 8, 5, 18))
        #expect(f.mode()?.value == "tcp")
        let g = try #require(model.proxy(named: "g", kind: .frontend))
        #expect(g.timeout("client")?.milliseconds == 30_000)
        #expect(g.tcpKeepAlive(.client)?.enabled == false)
        #expect(g.tcpKeepAlive(.client)?.setting?.directive.location == at("haproxy.cfg", 5, 5, 18))
        #expect(g.option("clitcpka")?.enabled == false)
    }

    @Test func unparsableAndInfiniteTimeouts() throws {
        let model = model([
            "listen a",
            "    timeout client 0",
            "    timeout server 1.5s",
            "    timeout tunnel",
        ])
        let a = try #require(model.proxy(named: "a", kind: .listen))
        #expect(a.timeout("client")?.milliseconds == 0)
        let server = try #require(a.timeout("server"))
        #expect(server.milliseconds == nil)
        #expect(server.setting.directive.arguments == ["server", "1.5s"])
        let tunnel = try #require(a.timeout("tunnel"))
        #expect(tunnel.milliseconds == nil)
    }

    @Test func defaultBackendAndModeAreInherited() throws {
        let model = model([
            "defaults",
            "    mode tcp",
            "    default_backend fallback",
            "frontend f",
            "    bind :1",
            "backend fallback",
        ])
        let f = try #require(model.proxy(named: "f", kind: .frontend))
        #expect(f.defaultBackend == Located("fallback", at: at("haproxy.cfg", 3, 21, 8)))
        #expect(f.mode()?.setting.isInherited == true)
        #expect(model.backends(of: f).map(\.name) == ["fallback"])
        let fallback = try #require(model.proxy(named: "fallback", kind: .backend))
        #expect(fallback.defaultBackend == nil)
    }

    @Test func duplicateProxyNames() {
        let model = model([
            "frontend rabbitmq",   // 1
            "backend rabbitmq",    // 2: different side, accepted before HAProxy 3.3
            "listen rabbitmq",     // 3
            "backend other",       // 4
            "backend other",       // 5
        ])
        #expect(model.diagnostics.map(\.location) == [at("haproxy.cfg", 3, 8, 8), at("haproxy.cfg", 5, 9, 5)])
        #expect(model.diagnostics[0].message.contains("frontend declared at haproxy.cfg:1:1"))
        #expect(model.proxy(named: "rabbitmq", kind: .backend)?.section.headerLocation == at("haproxy.cfg", 2, 1, 16))
    }

    @Test func namelessProxiesAreLeftOut() {
        let (config, diagnostics) = HAProxyLoader.parse("frontend\n  bind :5672\nbackend b\n", path: "p")
        #expect(diagnostics.count == 1)
        let model = HAProxyModel.build([config])
        #expect(model.proxies.map(\.name) == ["b"])
    }

    @Test func quotedBindIsLocatedAtTheWord() throws {
        let model = model([
            "frontend f",
            #"    bind "${VIP}:5672,${VIP}:5671" ssl"#,
        ])
        let f = try #require(model.proxy(named: "f", kind: .frontend))
        #expect(f.binds.map(\.host) == ["${VIP}", "${VIP}"])
        #expect(f.binds.map(\.port) == [5672, 5671])
        #expect(f.binds.map(\.location) == [at("haproxy.cfg", 2, 10, 25), at("haproxy.cfg", 2, 10, 25)])
    }

    @Test func endpointForms() {
        let here = at("f", 1, 1, 1)
        func parse(_ text: String) -> HAProxyEndpoint { HAProxyEndpoint(parsing: text, at: here) }

        let cases: [(String, String?, String, Int?, String)] = [
            (":5672", nil, "", 5672, "5672"),
            ("*:5672", nil, "*", 5672, "5672"),
            ("0.0.0.0:5672", nil, "0.0.0.0", 5672, "5672"),
            ("10.0.0.1:5672", nil, "10.0.0.1", 5672, "5672"),
            ("[::]:5672", nil, "::", 5672, "5672"),
            ("[2001:db8::1]:5671", nil, "2001:db8::1", 5671, "5671"),
            (":::5672", nil, "::", 5672, "5672"),
            ("ipv6@:5672", "ipv6", "", 5672, "5672"),
            ("tcp4@10.0.0.1:5672", "tcp4", "10.0.0.1", 5672, "5672"),
            ("${VIP}:5672", nil, "${VIP}", 5672, "5672"),
            ("{{ api_interface_address }}:{{ rabbitmq_port }}", nil, "{{ api_interface_address }}", nil, "{{ rabbitmq_port }}"),
            ("{{ 'api' | kolla_address(host) }}:5672", nil, "{{ 'api' | kolla_address(host) }}", 5672, "5672"),
            ("rabbit.example.org", nil, "rabbit.example.org", nil, ""),
            ("10.0.0.1:+1000", nil, "10.0.0.1", nil, "+1000"),
            ("10.0.0.1:70000", nil, "10.0.0.1", nil, "70000"),
        ]
        for (text, prefix, host, port, portText) in cases {
            let endpoint = parse(text)
            #expect(endpoint.prefix == prefix, "\(text)")
            #expect(endpoint.host == host, "\(text)")
            #expect(endpoint.port == port, "\(text)")
            #expect(endpoint.portText == portText, "\(text)")
            #expect(!endpoint.isSocket, "\(text)")
            #expect(endpoint.address == text)
        }

        let range = parse("10.0.0.1:5671-5672")
        #expect(range.port == nil)
        #expect(range.portRange == 5671...5672)
        #expect(range.includes(port: 5671))
        #expect(range.includes(port: 5672))
        #expect(!range.includes(port: 5673))
        #expect(parse(":5672").portRange == 5672...5672)
        #expect(parse(":5673-5672").portRange == nil)

        let unix = parse("unix@/var/run/rabbit.sock")
        #expect(unix.isSocket)
        #expect(unix.prefix == "unix")
        #expect(unix.host == "/var/run/rabbit.sock")
        #expect(unix.port == nil)
        #expect(parse("/run/haproxy.sock").isSocket)
        #expect(parse("fd@${FD_APP1}").isSocket)
        #expect(parse("stream+unix@/x").isSocket)
        #expect(HAProxyEndpoint(parsing: "10.0.0.1:5672", at: here, name: "ctl01").name == "ctl01")
    }

    /// ASCII addresses are scanned by bytes: the same answers as scanning by characters, and
    /// text that is not ASCII (a combining mark after `@` or `:` makes another character)
    /// still goes by characters.
    @Test func endpointByteScansAreTheCharacterScans() {
        let texts = [
            ":5672", "tcp4@10.0.0.1:5672", "ipv6@:5672", "@:5672", "stream+unix@/x", "Tcp@1:2", "a-b@1:2",
            "{{ a:b }}:5672", "${V:x}:1", "}:{:}", "10.0.0.1", "", "x\r\n:1", "é@h:1", "ipv4@\u{301}h:1",
            "h:\u{301}1", "h\u{301}:1", "{{ 'é' }}:5672", "tcp@{:}:\u{300}",
        ]
        for text in texts {
            let slice = Substring(text)
            #expect(HAProxyEndpoint.prefixEnd(slice) == HAProxyEndpoint.prefixEndByCharacters(slice), "\(text)")
            #expect(HAProxyEndpoint.lastTopLevelColon(slice) == HAProxyEndpoint.lastTopLevelColonByCharacters(slice), "\(text)")
            let inner = slice.dropFirst()
            #expect(HAProxyEndpoint.prefixEnd(inner) == HAProxyEndpoint.prefixEndByCharacters(inner), "\(text)")
            #expect(HAProxyEndpoint.lastTopLevelColon(inner) == HAProxyEndpoint.lastTopLevelColonByCharacters(inner), "\(text)")
        }
        #expect(HAProxyEndpoint.prefixEnd("ipv4@\u{301}h:1") == nil)
        // `:` and a combining mark are one character, not a colon.
        let marked = HAProxyEndpoint(parsing: "tcp@h:\u{301}1", at: at("f", 1, 1, 1))
        #expect(marked.host == "h:\u{301}1" && marked.portText == "" && marked.prefix == "tcp")
    }

    /// The byte scan of port text accepts what the definition by characters does: one or two
    /// `-`-joined runs of at most five ASCII digits, each at most 65535, low to high.
    @Test func portsAreTheCharacterDefinition() {
        func byCharacters(_ text: String) -> ClosedRange<Int>? {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 1 || parts.count == 2 else { return nil }
            var numbers: [Int] = []
            for part in parts {
                guard !part.isEmpty, part.count <= 5, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                      let number = Int(part), number <= 65535 else { return nil }
                numbers.append(number)
            }
            guard let low = numbers.first, let high = numbers.last, low <= high else { return nil }
            return low...high
        }
        let texts = [
            "5672", "05672", "5671-5672", "5672-5671", "0", "65535", "65536", "000001", "99999", "1-2-3", "-1", "1-",
            "-", "", "5672 ", "+1000", "{{ rabbitmq_port }}", "٥٦٧٢", "5\u{301}672", "1\r\n", "5672-\u{301}5673",
            "00000-65535", "65535-65535", "1--2",
        ]
        for text in texts {
            #expect(HAProxyEndpoint.ports(text) == byCharacters(text), "\(text)")
        }
    }

    /// A list without a comma is its one element, as splitting it gives, written verbatim or
    /// not; lists with commas are split.
    @Test func addressListWithoutCommaIsTheSplit() {
        let lists = ["10.0.0.1:5672", "{{ a }}:5672", "é:5672", "", "{a,b}:1", "a,b", ",", "h\u{301}:1"]
        for list in lists {
            let count = list.unicodeScalars.count
            for location in [at("f", 3, 5, count), at("f", 3, 5, count + 2), at("f", 3, 5, 0)] {
                let fast = HAProxyEndpoint.addresses(list, at: location)
                let split = HAProxyEndpoint.splittingAddresses(list, at: location)
                #expect(fast == split, "\(list)")
            }
        }
        #expect(HAProxyEndpoint.addresses("a:1,b:2", at: at("f", 1, 1, 7)).map(\.address) == ["a:1", "b:2"])
    }

    @Test func timeFormat() {
        let cases: [(String, Int?)] = [
            ("1000", 1000), ("0", 0), ("1ms", 1), ("1s", 1000), ("1m", 60_000), ("1h", 3_600_000),
            ("1d", 86_400_000), ("48h", 172_800_000), ("24d", 2_073_600_000),
            ("1us", 1), ("1000us", 1), ("1001us", 2), ("0us", 0),
            ("2147483647", 2_147_483_647), ("2147483648", nil), ("25d", nil), ("597h", nil), ("596h", 2_145_600_000),
            ("99999999999999999999999999d", nil), ("99999999999999999999999999us", nil),
            ("10sec", 10_000), ("5mins", 300_000),
            ("", nil), ("s", nil), ("-1", nil), ("+1", nil), ("1.5s", nil), ("1x", nil), ("5u", nil), ("1 s", nil),
            ("1M", nil), ("{{ haproxy_client_timeout }}", nil), ("${T}", nil),
        ]
        for (text, expected) in cases {
            #expect(HAProxyModel.milliseconds(text) == expected, "\(text)")
        }
    }

    @Test func keywordMatrix() {
        let kinds: [HAProxySection.Kind] = [.defaults, .frontend, .listen, .backend]
        func row(_ allowed: (HAProxySection.Kind) -> Bool) -> [Bool] { kinds.map(allowed) }
        #expect(row { HAProxyModel.isAllowed(option: "tcpka", in: $0) } == [true, true, true, true])
        #expect(row { HAProxyModel.isAllowed(option: "clitcpka", in: $0) } == [true, true, true, false])
        #expect(row { HAProxyModel.isAllowed(option: "srvtcpka", in: $0) } == [true, false, true, true])
        #expect(row { HAProxyModel.isAllowed(timeout: "client", in: $0) } == [true, true, true, false])
        #expect(row { HAProxyModel.isAllowed(timeout: "server", in: $0) } == [true, false, true, true])
        #expect(row { HAProxyModel.isAllowed(timeout: "tunnel", in: $0) } == [true, false, true, true])
        #expect(row { HAProxyModel.isAllowed(keyword: "clitcpka-idle", in: $0) == true } == [true, true, true, false])
        #expect(row { HAProxyModel.isAllowed(keyword: "srvtcpka-intvl", in: $0) == true } == [true, false, true, true])
        #expect(row { HAProxyModel.isAllowed(keyword: "use_backend", in: $0) == true } == [false, true, true, false])
        #expect(!HAProxyModel.isAllowed(option: "tcpka", in: .global))
        #expect(!HAProxyModel.isAllowed(option: "tcpka", in: .other("peers")))
        #expect(HAProxyModel.isAllowed(option: "some-future-option", in: .frontend))
        #expect(!HAProxyModel.isAllowed(timeout: "forever", in: .listen))
        #expect(HAProxyModel.isAllowed(keyword: "stick-table", in: .backend) == nil)
        #expect(HAProxyModel.isNegatable(option: "tcpka") == false)
        #expect(HAProxyModel.isNegatable(option: "clitcpka") == true)
        #expect(HAProxyModel.isNegatable(option: "unknown") == nil)
    }

    @Test func deepDefaultsChainsAreCut() {
        var lines = ["defaults d0", "    timeout client 1s"]
        for level in 1...70 { lines.append("defaults d\(level) from d\(level - 1)") }
        lines.append("frontend f")
        let model = model(lines)
        #expect(model.diagnostics.count == 1)
        #expect(model.diagnostics[0].location.line == 66)
        let f = model.proxies[0]
        #expect(f.defaultsChain.count <= HAProxyModel.maximumDefaultsDepth)
        #expect(f.defaults?.name == "d70")
    }
}
