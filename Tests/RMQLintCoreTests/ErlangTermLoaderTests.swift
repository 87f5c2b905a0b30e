import Testing
@testable import RMQLintCore
@testable import RMQLintLoaders
import RMQLintKnowledge
import RMQLintSource

@Suite("Erlang-term loader (advanced.config, rabbitmq.config)")
struct ErlangTermLoaderTests {
    private func parse(_ text: String, jinja: Bool = false, limits: ErlangTermLimits = .default)
        -> (document: ErlangTermDocument, diagnostics: [LoadDiagnostic]) {
        ErlangTermLoader.parse(text, path: "advanced.config", jinja: jinja, limits: limits)
    }

    private func errors(_ text: String, jinja: Bool = false) -> [String] {
        parse(text, jinja: jinja).diagnostics.map(\.description)
    }

    @Test func classicRabbitMQConfigWithLocations() throws {
        let text = """
            % Kolla queens rabbitmq.config
            [
              {kernel, [{net_ticktime, 20}]},
              {rabbit, [
                {tcp_listeners, [{"10.0.0.1", 5672}]},
                {cluster_partition_handling, ignore}   % the default
              ]},
              {rabbitmq_management, [{load_definitions, "/etc/rabbitmq/definitions.json"}]}
            ].

            """
        let (document, diagnostics) = parse(text)
        #expect(diagnostics.isEmpty)
        #expect(document.terms.count == 1)
        let handling = try #require(document.parameter("rabbit", "cluster_partition_handling"))
        #expect(handling.value.atom == "ignore")
        #expect(handling.value.location == SourceLocation(path: "advanced.config", line: 6, column: 34, length: 6))
        #expect(handling.entry.location.line == 6 && handling.entry.location.column == 5)
        let tick = try #require(document.parameter("kernel", "net_ticktime"))
        #expect(tick.value.intValue == 20)
        #expect(tick.value.location == SourceLocation(path: "advanced.config", line: 3, column: 28, length: 2))
        #expect(document.parameter("rabbitmq_management", "load_definitions")?.value.value == .string("/etc/rabbitmq/definitions.json"))
        let listener = try #require(document.parameter("rabbit", "tcp_listeners")?.value.listElements?.first?.tupleElements)
        #expect(listener.map(\.value) == [.string("10.0.0.1"), .integer(text: "5672", value: 5672)])
    }

    @Test func atomsStringsBinariesAndNumbers() throws {
        let (document, diagnostics) = parse(#"""
            {'quoted atom', "a\"b\n" "c", <<"bin">>, <<1,2>>, 16#ff, 2#101, -7, 1_000, $a, $\n, 1.5e3, -0.25, node@host, [a | b], #{k => v}, {}, []}.
            """#)
        #expect(diagnostics.isEmpty)
        let items = try #require(document.terms.first?.tupleElements)
        try #require(items.count == 17)
        #expect(items[0..<13].map(\.value) == [
            .atom("quoted atom"), .string("a\"b\nc"), .binary("bin"), .binary("1,2"),
            .integer(text: "16#ff", value: 255), .integer(text: "2#101", value: 5), .integer(text: "-7", value: -7),
            .integer(text: "1000", value: 1000), .integer(text: "$a", value: 97), .integer(text: "$\\n", value: 10),
            .float(text: "1.5e3", value: 1500), .float(text: "-0.25", value: -0.25), .atom("node@host"),
        ])
        #expect(items[15].value == .tuple([]) && items[16].value == .list([], tail: []))
        #expect(items[13].listElements?.map(\.atom) == ["a"])
        if case .list(_, let tail) = items[13].value { #expect(tail.map(\.atom) == ["b"]) } else { Issue.record("not a list") }
        if case .map(let pairs) = items[14].value { #expect(pairs.map(\.atom) == ["k", "v"]) } else { Issue.record("not a map") }
        // Adjacent strings keep the span of both.
        #expect(items[1].location.range.start.column == 17)
    }

    @Test func severalFormsAndComments() {
        let (document, diagnostics) = parse("%% header\n{a, 1}.\n% middle\n[b].  % trailing\n")
        #expect(diagnostics.isEmpty)
        #expect(document.terms.map { $0.rendered() } == ["{a,1}", "[b]"])
    }

    @Test func emptyAndCommentOnlyFilesHoldNoTerm() {
        #expect(parse("").diagnostics.isEmpty)
        #expect(parse("% nothing here\n\n").document.terms.isEmpty)
    }

    @Test func malformedInputGivesOneLocatedError() {
        #expect(errors("[{rabbit, []}]\n") == ["advanced.config:2:1: missing '.' after the last term (file:consult needs a dot after each term)"])
        #expect(errors("[\n  {rabbit, [\n") == ["advanced.config:2:12: '[' opened here is never closed with ']'"])
        #expect(errors("[{rabbit, [}].\n") == ["advanced.config:1:12: expected a term before '}'"])
        #expect(errors("[{a, b]].\n") == ["advanced.config:1:7: expected '}' to close '{' opened at 1:2, found ']'"])
        #expect(errors("[{a, b} {c, d}].\n") == ["advanced.config:1:9: expected ',' or ']'"])
        #expect(errors("[{a, B}].\n") == ["advanced.config:1:6: a variable is not allowed in a config term (atoms start with a lowercase letter or are quoted)"])
        #expect(errors("[{a, \"open}].\n") == ["advanced.config:1:6: unterminated string"])
        #expect(errors("[a,].\n") == ["advanced.config:1:4: expected a term before ']'"])
        #expect(errors("{a, 1}\n{b, 2}.\n") == ["advanced.config:2:1: expected '.' after the term"])
        #expect(errors("[a].b\n") == ["advanced.config:1:4: unexpected '.'"])
        #expect(errors("{a, 8#9}.\n") == ["advanced.config:1:5: bad digits for radix 8"])
        #expect(errors("<<a>>.\n") == ["advanced.config:1:3: a binary holds only strings and integers"])
        #expect(errors("#{a b}.\n") == ["advanced.config:1:5: expected ',' or '}'"])
        // Outside Jinja, `{{` is two tuples: valid Erlang.
        #expect(errors("{a, {{ x }}}.\n").isEmpty)
        #expect(errors("{a, {{ x }}}.\n", jinja: true).isEmpty)
    }

    @Test func depthAndSizeAreBounded() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + ".\n"
        #expect(errors(deep) == ["advanced.config:1:201: nesting deeper than 200 levels: file not read"])
        let many = "[" + Array(repeating: "a", count: 50).joined(separator: ",") + "].\n"
        let small = parse(many, limits: ErlangTermLimits(maxDepth: 10, maxTerms: 20))
        #expect(small.diagnostics.map(\.message) == ["too many terms (limit 20): file not read"])
        #expect(small.document.terms.isEmpty)
    }

    @Test func jinjaInOverrideFiles() throws {
        let text = """
            {# an operator's override #}
            [
              {kernel, [
                {inet_dist_use_interface, {% raw %}{{% endraw %}{{ api_interface_address | put_address_in_context('rabbitmq') }}}},
                {net_ticktime, {{ my_tick }}}
              ]}
            ].

            """
        let (document, diagnostics) = parse(text, jinja: true)
        #expect(diagnostics.isEmpty)
        let tick = try #require(document.parameter("kernel", "net_ticktime"))
        #expect(tick.value.value == .template("my_tick"))
        #expect(document.terms.first?.isTemplated == true)
        // The same text read as a plain (rendered) file: `{{` are nested tuples and `{%` is an error.
        #expect(!parse(text).diagnostics.isEmpty)
    }

    @Test func templateBranchesThatDoNotParseAreUnknownNotErrors() {
        let text = "[{rabbit, [{% if x %}{a, 1}{% else %}{a, 2}{% endif %}]}].\n"
        let (document, diagnostics) = parse(text, jinja: true)
        #expect(diagnostics.isEmpty)
        #expect(document.terms.isEmpty)
        #expect(document.hasTemplateStatements)
    }

    /// Fuzz/Regressions/erlang/timeout-1c5db1f4…: reported as a libFuzzer timeout while the
    /// machine ran at 42 executions per second; it replays in 13 ms. Invalid UTF-8 becomes a
    /// located RMQ001 before parsing; decoded lossily, the text is one located syntax error.
    @Test func fuzzTimeoutInputIsImmediate() {
        let bytes: [UInt8] = Array("{a,".utf8) + Array(repeating: 0xD3, count: 7) + [0xC3] + Array(repeating: 0xD3, count: 27)
            + Array(" $]n, $x, 3#\"x\"/utf8>a'}.\n".utf8)
        #expect(bytes.count == 64)
        guard case .failure(let problem) = SourceText.decode(bytes, path: "advanced.config") else {
            Issue.record("invalid UTF-8 was accepted")
            return
        }
        #expect(problem.location.line == 1 && problem.location.column == 4)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(parse(text).diagnostics.count == 1)
        #expect(parse(text, jinja: true).diagnostics.count == 1)
    }

    @Test func renderedTextRoundTrips() {
        let (document, _) = parse("[{rabbit, [{cluster_partition_handling, 'pause_minority'}, {x, <<\"y\">>}]}].")
        #expect(document.terms.first?.rendered() == "[{rabbit,[{cluster_partition_handling,pause_minority},{x,<<\"y\">>}]}]")
    }
}

@Suite("Erlang-term files are recognised by name and content")
struct ErlangTermDiscoveryTests {
    private func sniff(_ text: String) -> FileRole? {
        Discovery.sniffRole(.success(Array(text.utf8)))
    }

    @Test func contentOfExplicitlyNamedFiles() {
        #expect(sniff("[\n  {rabbit, [{cluster_partition_handling, ignore}]}\n].\n") == .looseRabbitMQErlang)
        #expect(sniff("%% advanced.config\n[{kernel, []}].\n") == .looseRabbitMQErlang)
        #expect(sniff("[{rabbit, []}].\n") == .looseRabbitMQErlang)
        // INI sections and JSON stay what they are.
        #expect(sniff("[DEFAULT]\ntransport_url = rabbit://\n") == .looseOslo)
        #expect(sniff("{\"policies\": []}\n") == .looseRabbitMQDefinitions)
    }

    @Test func namesAndRoles() {
        #expect(FileRole.rabbitmqOverride(name: "advanced.config", host: nil).format == .erlangTerms)
        #expect(FileRole.rabbitmqOverride(name: "rabbitmq-env.conf", host: "ctl01").format == .rabbitmqEnv)
        #expect(FileRole.looseRabbitMQErlang.format == .erlangTerms)
    }
}

@Suite("rabbitmq-env.conf loader")
struct RabbitMQEnvLoaderTests {
    @Test func assignmentsQuotesExportAndJinja() throws {
        let text = """
            # Kolla's template
            RABBITMQ_NODENAME=rabbit@{{ ansible_facts.hostname }}
            {% if x %}
            SERVER_ADDITIONAL_ERL_ARGS="+S 2:2 -kernel net_ticktime 20"
            {% endif %}
            export ERL_EPMD_PORT=4369
            not an assignment

            """
        let (env, diagnostics) = RabbitMQEnvLoader.parse(text, path: "rabbitmq-env.conf")
        #expect(env.entries.map(\.name) == ["RABBITMQ_NODENAME", "SERVER_ADDITIONAL_ERL_ARGS", "ERL_EPMD_PORT"])
        let args = try #require(env.last("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"))
        #expect(args.value == "+S 2:2 -kernel net_ticktime 20")
        #expect(args.valueLocation == SourceLocation(path: "rabbitmq-env.conf", line: 4, column: 29, length: 30))
        #expect(env.entries.first?.isTemplated == true)
        #expect(env.last("ERL_EPMD_PORT")?.nameLocation.column == 8)
        #expect(diagnostics.map(\.description) == ["rabbitmq-env.conf:7:1: expected 'NAME=value' in rabbitmq-env.conf"])
    }
}
