import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintJinja
@testable import RMQLintKnowledge
@testable import RMQLintLoaders
@testable import RMQLintModel
@testable import RMQLintSource

/// A location on one line of `path`.
private func at(_ path: String, _ line: Int, _ column: Int, _ length: Int) -> RMQLintCore.SourceLocation {
    RMQLintCore.SourceLocation(path: path, line: line, column: column, length: length)
}

private func parse(_ lines: [String], path: String = "haproxy.cfg") -> (config: HAProxyConfig, diagnostics: [LoadDiagnostic]) {
    HAProxyLoader.parse(lines.joined(separator: "\n") + "\n", path: path)
}

@Suite("HAProxy loader")
struct HAProxyLoaderTests {
    /// Kolla's haproxy_main.cfg.j2 as rendered (KA master).
    static let kollaMain = [
        "#jinja2: lstrip_blocks: True",                        // 1
        "global",                                              // 2
        "    chroot /var/lib/haproxy",                         // 3
        "    daemon",                                          // 4
        "",                                                    // 5
        "defaults",                                            // 6
        "    log global",                                      // 7
        "    option redispatch",                               // 8
        "    retries 3",                                       // 9
        "    timeout client 1m",                               // 10
        "    timeout server 1m",                               // 11
        "",                                                    // 12
        "listen stats",                                        // 13
        "   bind 10.0.0.5:1984",                               // 14
        "   stats realm Haproxy\\ Stats",                      // 15
    ]

    @Test func readsKollaMainConfigSections() throws {
        let (config, diagnostics) = parse(Self.kollaMain)
        #expect(diagnostics.isEmpty)
        #expect(config.path == "haproxy.cfg")
        #expect(config.sections.map(\.kind) == [.global, .defaults, .listen])
        #expect(config.sections.map(\.name) == [nil, nil, "stats"])
        let defaults = config.sections[1]
        #expect(defaults.headerLocation == at("haproxy.cfg", 6, 1, 8))
        #expect(defaults.directives.map(\.words) == [
            ["log", "global"], ["option", "redispatch"], ["retries", "3"],
            ["timeout", "client", "1m"], ["timeout", "server", "1m"],
        ])
        let timeout = defaults.directives[3]
        #expect(timeout.keyword == "timeout")
        #expect(timeout.arguments == ["client", "1m"])
        #expect(timeout.location == at("haproxy.cfg", 10, 5, 17))
        #expect(timeout.wordLocations == [
            at("haproxy.cfg", 10, 5, 7), at("haproxy.cfg", 10, 13, 6), at("haproxy.cfg", 10, 20, 2),
        ])
        #expect(timeout.argumentLocation(1) == at("haproxy.cfg", 10, 20, 2))
        // `\ ` escapes a space: one word.
        #expect(config.sections[2].directives[1].words == ["stats", "realm", "Haproxy Stats"])
        #expect(config.sections[2].directives[1].wordLocations[2] == at("haproxy.cfg", 15, 16, 14))
        #expect(config.comments.map(\.value) == ["#jinja2: lstrip_blocks: True"])
        #expect(config.comments[0].location == at("haproxy.cfg", 1, 1, 28))
    }

    @Test func readsSplitAMQPFrontendAndBackend() throws {
        let (config, diagnostics) = parse([
            "frontend rabbitmq_front",
            "    mode tcp",
            "    bind 10.0.0.10:5672",
            "    option clitcpka",
            "    default_backend rabbitmq_back",
            "backend rabbitmq_back",
            "\tmode tcp",
            "\toption srvtcpka",
            "\tserver ctl01 10.0.0.11:5672 check inter 2000 rise 2 fall 5",
        ], path: "services.d/rabbitmq.cfg")
        #expect(diagnostics.isEmpty)
        #expect(config.sections.count == 2)
        let front = config.sections[0]
        #expect(front.kind == .frontend)
        #expect(front.name == "rabbitmq_front")
        #expect(front.header.wordLocations[1] == at("services.d/rabbitmq.cfg", 1, 10, 14))
        #expect(front.directives.map(\.keyword) == ["mode", "bind", "option", "default_backend"])
        let back = config.sections[1]
        let server = try #require(back.directives.last)
        #expect(server.keyword == "server")
        #expect(server.arguments == ["ctl01", "10.0.0.11:5672", "check", "inter", "2000", "rise", "2", "fall", "5"])
        // Tabs separate words and count as one column each.
        #expect(server.location == at("services.d/rabbitmq.cfg", 9, 2, 58))
        #expect(server.argumentLocation(1) == at("services.d/rabbitmq.cfg", 9, 15, 14))
    }

    @Test func modifiersSetNegationAndKeyword() throws {
        let (config, diagnostics) = parse([
            "defaults",
            "  no option tcpka",
            "  default option clitcpka",
            "  option tcpka",
        ])
        #expect(diagnostics.isEmpty)
        let directives = config.sections[0].directives
        #expect(directives[0].isNegated)
        #expect(!directives[0].isDefaultPrefixed)
        #expect(directives[0].keyword == "option")
        #expect(directives[0].arguments == ["tcpka"])
        #expect(directives[0].keywordLocation == at("haproxy.cfg", 2, 6, 6))
        #expect(directives[0].argumentLocation(0) == at("haproxy.cfg", 2, 13, 5))
        #expect(directives[1].isDefaultPrefixed)
        #expect(directives[1].keyword == "option")
        #expect(directives[1].arguments == ["clitcpka"])
        #expect(!directives[2].isNegated)
        #expect(directives[2].keyword == "option")
    }

    @Test func modifierBeforeNonOptionIsReported() {
        let (config, diagnostics) = parse([
            "defaults",
            "  no timeout client",
            "  no",
        ])
        #expect(diagnostics.map(\.location) == [at("haproxy.cfg", 2, 3, 2), at("haproxy.cfg", 3, 3, 2)])
        #expect(diagnostics[0].message.contains("'timeout'"))
        #expect(diagnostics[1].message.contains("must be followed"))
        #expect(config.sections[0].directives.count == 2)
    }

    @Test func quotesAndEscapesFollowHAProxy() {
        // configuration.txt §2.2: these five spellings are strictly equivalent.
        let (config, diagnostics) = parse([
            "defaults",
            #"  log-format %{+Q}o\ %t\ %s\ %{-Q}r"#,
            #"  log-format "%{+Q}o %t %s %{-Q}r""#,
            #"  log-format '%{+Q}o %t %s %{-Q}r'"#,
            #"  log-format "%{+Q}o %t"' %s %{-Q}r'"#,
            #"  log-format "%{+Q}o %t"' %s'\ %{-Q}r"#,
        ])
        #expect(diagnostics.isEmpty)
        for directive in config.sections[0].directives {
            #expect(directive.words == ["log-format", "%{+Q}o %t %s %{-Q}r"])
        }
        // The word's location spans its quotes.
        #expect(config.sections[0].directives[1].wordLocations[1] == at("haproxy.cfg", 3, 14, 21))
    }

    @Test func escapeSequences() {
        let (config, diagnostics) = parse([
            "backend b",
            #"  acl a path_reg ^/\d+$ \x41\t "\$x" '\n' \"q\' \\"#,
        ])
        #expect(diagnostics.isEmpty)
        // Unknown escapes keep their backslash; `\$` only escapes inside double
        // quotes; nothing is interpreted inside single quotes.
        #expect(config.sections[0].directives[0].words == ["acl", "a", "path_reg", #"^/\d+$"#, "A\t", "$x", #"\n"#, "\"q'", "\\"])
    }

    @Test func hashInsideQuotesIsNotAComment() {
        let (config, diagnostics) = parse([
            "frontend f",
            #"  http-request set-header X "a # b" # trailing comment"#,
            ##"  acl x path_beg '/#'\#z#tail"##,
            "  bind :80#comment right after",
        ])
        #expect(diagnostics.isEmpty)
        let words = config.sections[0].directives.map(\.words)
        #expect(words == [
            ["http-request", "set-header", "X", "a # b"],
            ["acl", "x", "path_beg", "/##z"],
            ["bind", ":80"],
        ])
        #expect(config.comments.map(\.value) == ["# trailing comment", "#tail", "#comment right after"])
        #expect(config.comments[0].location == at("haproxy.cfg", 2, 37, 18))
        // The directive's span stops at its last word, before the comment.
        #expect(config.sections[0].directives[0].location == at("haproxy.cfg", 2, 3, 33))
    }

    @Test func crlfLineEndings() {
        let text = "defaults\r\n  timeout client 1m\r\n\r\nfrontend f\r\n  bind :5672 # c\r\n"
        let (config, diagnostics) = HAProxyLoader.parse(text, path: "crlf.cfg")
        #expect(diagnostics.isEmpty)
        #expect(config.sections.map(\.name) == [nil, "f"])
        #expect(config.sections[0].directives[0].words == ["timeout", "client", "1m"])
        #expect(config.sections[0].directives[0].location == at("crlf.cfg", 2, 3, 17))
        #expect(config.sections[1].directives[0].location == at("crlf.cfg", 5, 3, 10))
        #expect(config.comments.map(\.value) == ["# c"])
    }

    @Test func indentedSectionHeadersAndBlankLines() {
        let (config, diagnostics) = parse([
            "",
            "   # leading comment",
            "  global",
            "\t\tdaemon",
            "   ",
            "    listen l",
            "  bind :1",
        ])
        #expect(diagnostics.isEmpty)
        #expect(config.sections.map(\.kind) == [.global, .listen])
        #expect(config.sections[1].headerLocation == at("haproxy.cfg", 6, 5, 8))
    }

    @Test func directiveBeforeAnySectionIsReported() {
        let (config, diagnostics) = parse([
            "# services.d file",
            "  option tcpka",
            "listen rabbitmq",
            "  option tcpka",
        ], path: "services.d/x.cfg")
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0].location == at("services.d/x.cfg", 2, 3, 6))
        #expect(diagnostics[0].message.contains("before any section"))
        #expect(config.sections.count == 1)
        #expect(config.sections[0].directives.count == 1)
    }

    @Test func sectionHeadersWithoutNameAreReported() {
        let (config, diagnostics) = parse([
            "frontend",
            "  bind :5672",
            "backend   # no name",
            "listen",
            "defaults",
            "peers mypeers",
        ])
        #expect(diagnostics.map(\.location) == [
            at("haproxy.cfg", 1, 1, 8), at("haproxy.cfg", 3, 1, 7), at("haproxy.cfg", 4, 1, 6),
        ])
        #expect(diagnostics[0].message == "'frontend' section needs a name; HAProxy refuses to start")
        #expect(config.sections.map(\.kind) == [.frontend, .backend, .listen, .defaults, .other("peers")])
        #expect(config.sections[0].name == nil)
        // The nameless frontend still owns its lines: they do not leak elsewhere.
        #expect(config.sections[0].directives.count == 1)
        #expect(config.sections[4].name == "mypeers")
    }

    @Test func headerForms() {
        let (config, diagnostics) = parse([
            "defaults base",
            "defaults from base",
            "defaults amqp from base",
            "listen rabbitmq 0.0.0.0:5672",
            "frontend f from amqp",
            "backend b from amqp",
            "listen l from",
            "backend c extra",
        ])
        #expect(config.sections.map(\.name) == ["base", nil, "amqp", "rabbitmq", "f", "b", "l", "c"])
        #expect(config.sections.map(\.fromDefaults) == [nil, "base", "base", nil, "amqp", "amqp", nil, nil])
        #expect(config.sections[3].legacyAddress == "0.0.0.0:5672")
        #expect(config.sections[3].legacyAddressLocation == at("haproxy.cfg", 4, 17, 12))
        #expect(config.sections[4].fromDefaultsLocation == at("haproxy.cfg", 5, 17, 4))
        #expect(diagnostics.map(\.location) == [at("haproxy.cfg", 7, 10, 4), at("haproxy.cfg", 8, 11, 5)])
        #expect(diagnostics[0].message.contains("'from' must be followed"))
        #expect(diagnostics[1].message.contains("unexpected argument 'extra'"))
    }

    @Test func unterminatedQuoteIsReportedAtTheQuoteAndLineSkipped() {
        let (config, diagnostics) = parse([
            "frontend f",
            "  bind :5672",
            "  http-request set-header X \"abc",
            "  option clitcpka",
            "  acl a path 'x",
        ])
        #expect(diagnostics.map(\.location) == [at("haproxy.cfg", 3, 29, 1), at("haproxy.cfg", 5, 14, 1)])
        #expect(diagnostics[0].message.contains("unterminated double quote"))
        #expect(diagnostics[1].message.contains("unterminated single quote"))
        #expect(config.sections[0].directives.map(\.keyword) == ["bind", "option"])
    }

    @Test func invalidHexEscapeAndEmptyArgumentAreReported() {
        let (config, diagnostics) = parse([
            "backend b",
            #"  acl a hdr(x) -m str \xZZ"#,
            #"  server s1 "" check"#,
            "  server s2 10.0.0.1:5672",
        ])
        #expect(diagnostics.map(\.location) == [at("haproxy.cfg", 2, 23, 2), at("haproxy.cfg", 3, 13, 2)])
        #expect(diagnostics[1].message.contains("empty"))
        #expect(config.sections[0].directives.map(\.words) == [["server", "s2", "10.0.0.1:5672"]])
    }

    @Test func environmentReferencesStayVerbatim() {
        let (config, diagnostics) = parse([
            "frontend f",
            "  bind ${VIP}:5672",
            #"  bind "${VIP}:5671" ssl crt "${CERT_DIR}/x.pem""#,
        ])
        #expect(diagnostics.isEmpty)
        #expect(config.sections[0].directives.map(\.words) == [
            ["bind", "${VIP}:5672"], ["bind", "${VIP}:5671", "ssl", "crt", "${CERT_DIR}/x.pem"],
        ])
    }

    @Test func jinjaExpressionsStayInsideWords() {
        let (config, diagnostics) = parse([
            "listen rabbitmq_management",
            "  bind {{ api_interface_address }}:{{ rabbitmq_management_port }} {{ tls_bind_info }}",
            "  server {{ hostvars[host]['ansible_facts']['hostname'] }} {{ 'api' | kolla_address(host) | put_address_in_context('url') }}:15672 check",
        ], path: "services.d/rabbitmq.cfg")
        #expect(diagnostics.isEmpty)
        let directives = config.sections[0].directives
        #expect(directives[0].words == [
            "bind", "{{ api_interface_address }}:{{ rabbitmq_management_port }}", "{{ tls_bind_info }}",
        ])
        #expect(directives[0].wordLocations[1] == at("services.d/rabbitmq.cfg", 2, 8, 58))
        #expect(directives[1].words == [
            "server", "{{ hostvars[host]['ansible_facts']['hostname'] }}",
            "{{ 'api' | kolla_address(host) | put_address_in_context('url') }}:15672", "check",
        ])
    }

    @Test func jinjaStatementLinesAreRecordedAndSkipped() {
        let (config, diagnostics) = parse([
            "{# custom AMQP proxy #}",                                    // 1
            "{% if enable_rabbitmq | bool %}",                            // 2
            "listen rabbitmq",                                            // 3
            "  {% for host in groups['rabbitmq'] %}",                     // 4
            "  server {{ host }} {{ host }}:5672 check",                  // 5
            "  {% endfor %}",                                             // 6
            "  stats socket /s mode 660{% if admin | bool %} level admin{% endif %}", // 7
            "{#",                                                         // 8
            "  option tcpka",                                             // 9
            "#}",                                                         // 10
            "{% endif %}",                                                // 11
        ], path: "services.d/rabbitmq.cfg")
        #expect(diagnostics.isEmpty)
        #expect(config.sections.count == 1)
        #expect(config.sections[0].directives.map(\.words) == [
            ["server", "{{ host }}", "{{ host }}:5672", "check"],
            ["stats", "socket", "/s", "mode", "660", "level", "admin"],
        ])
        #expect(config.jinjaTags.map(\.value) == [
            "{# custom AMQP proxy #}", "{% if enable_rabbitmq | bool %}", "{% for host in groups['rabbitmq'] %}",
            "{% endfor %}", "{% if admin | bool %}", "{% endif %}", "{#\n  option tcpka\n#}", "{% endif %}",
        ])
        #expect(config.jinjaTags[2].location == at("services.d/rabbitmq.cfg", 4, 3, 36))
        let multiline = config.jinjaTags[6].location.range
        #expect(multiline.start == SourcePosition(line: 8, column: 1))
        #expect(multiline.end == SourcePosition(line: 10, column: 3))
        #expect(config.comments.isEmpty)
    }

    @Test func unclosedJinjaOpenersAreOrdinaryText() {
        let (config, diagnostics) = parse([
            "backend b",
            "  acl a path_reg ^/{{x",
            "  acl c path {#x",
            "  acl d path {%y",
        ])
        #expect(diagnostics.isEmpty)
        #expect(config.sections[0].directives.map(\.words) == [
            ["acl", "a", "path_reg", "^/{{x"], ["acl", "c", "path", "{"], ["acl", "d", "path", "{%y"],
        ])
        #expect(config.comments.map(\.value) == ["#x"])
    }

    @Test func conditionalBlocksAreRecordedNotAttached() {
        let (config, diagnostics) = parse([
            ".if defined(HAPROXY_MWORKER)",
            "  listen mwcli_px",
            "    bind :1111",
            ".else",
            "  listen other",
            ".endif",
        ])
        #expect(diagnostics.isEmpty)
        #expect(config.conditionals.map(\.keyword) == [".if", ".else", ".endif"])
        #expect(config.conditionals[0].location == at("haproxy.cfg", 1, 1, 28))
        #expect(config.sections.map(\.name) == ["mwcli_px", "other"])
        #expect(config.sections[0].directives.count == 1)
    }

    @Test func columnsCountUnicodeScalars() {
        let (config, _) = parse([
            "backend b",
            "  server ctlé-ü 10.0.0.1:5672 # nœud",
        ])
        let server = config.sections[0].directives[0]
        #expect(server.arguments[0] == "ctlé-ü")
        #expect(server.argumentLocation(1) == at("haproxy.cfg", 2, 17, 13))
        #expect(config.comments[0].location == at("haproxy.cfg", 2, 31, 6))
    }

    @Test func carriageReturnEndsTheLine() {
        let (config, _) = HAProxyLoader.parse("backend b\n  server s1 10.0.0.1:1\rignored words\n  mode tcp", path: "p")
        #expect(config.sections[0].directives.map(\.words) == [["server", "s1", "10.0.0.1:1"], ["mode", "tcp"]])
    }

    @Test func emptyAndCommentOnlyFiles() {
        #expect(HAProxyLoader.parse("", path: "e").config.sections.isEmpty)
        let (config, diagnostics) = HAProxyLoader.parse("# only\n\n   \n# comments", path: "c")
        #expect(config.sections.isEmpty)
        #expect(diagnostics.isEmpty)
        #expect(config.comments.count == 2)
    }

    @Test func hugeLinesStayLinear() throws {
        let megabyte = 1 << 20
        let words = String(repeating: "ab ", count: megabyte / 3)
        let openers = String(repeating: "{{", count: megabyte / 2)
        let statements = String(repeating: "{%", count: megabyte / 2)
        let quotes = String(repeating: "'a'", count: megabyte / 3)
        let text = "backend b\n  acl x " + words + "\n  acl y " + openers + "\n  acl z " + statements
            + "\n  acl q " + quotes + "\n  acl r \"" + words + "\n"
        let clock = ContinuousClock()
        let start = clock.now
        let (config, diagnostics) = HAProxyLoader.parse(text, path: "big.cfg")
        let elapsed = clock.now - start
        let directives = config.sections[0].directives
        #expect(directives.count == 4)
        #expect(directives[0].words.count == 2 + megabyte / 3)
        #expect(directives[1].words == ["acl", "y", openers])
        #expect(directives[3].words == ["acl", "q", String(repeating: "a", count: megabyte / 3)])
        #expect(diagnostics.map(\.location) == [at("big.cfg", 6, 9, 1)])
        #expect(elapsed < .seconds(30))
    }
}
