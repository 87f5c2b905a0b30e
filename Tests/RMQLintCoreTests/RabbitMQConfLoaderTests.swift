import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintJinja
@testable import RMQLintKnowledge
@testable import RMQLintLoaders
@testable import RMQLintModel
@testable import RMQLintSource

@Suite("rabbitmq.conf loader")
struct RabbitMQConfLoaderTests {
    private func parse(_ text: String) -> (conf: RabbitMQConf, diagnostics: [LoadDiagnostic]) {
        RabbitMQConfLoader.parse(text, path: "rabbitmq.conf")
    }

    @Test func keysValuesAndLocations() throws {
        let (conf, diagnostics) = parse("# comment\nlisteners.tcp.1 = 10.0.0.1:5672\n  cluster_partition_handling=pause_minority  \n")
        #expect(diagnostics.isEmpty)
        #expect(conf.entries.map(\.key) == ["listeners.tcp.1", "cluster_partition_handling"])
        let handling = try #require(conf.last("cluster_partition_handling"))
        #expect(handling.value == "pause_minority")
        #expect(handling.keyLocation == RMQLintCore.SourceLocation(path: "rabbitmq.conf", line: 3, column: 3, length: 26))
        #expect(handling.valueLocation == RMQLintCore.SourceLocation(path: "rabbitmq.conf", line: 3, column: 30, length: 14))
    }

    /// Regression (issue 6): the file was split into Characters, where "\r\n" is one
    /// grapheme that is not "\n", so a CRLF file read as a single line.
    @Test func crlfLinesAreSeparateLines() throws {
        let (conf, diagnostics) = parse("a = 1\r\nb = 2\r\n\r\nbroken line\r\n")
        #expect(conf.entries.map(\.key) == ["a", "b"])
        #expect(conf.entries.map(\.value) == ["1", "2"])
        #expect(conf.last("b")?.keyLocation.line == 2)
        #expect(diagnostics.map(\.description) == ["rabbitmq.conf:4:1: expected 'key = value' in rabbitmq.conf"])
    }

    /// Entries inside `{% if %}` / `{% for %}` blocks are conditional; `else`, an assigning
    /// `set` and a block opened and closed on one line open nothing.
    @Test func entriesInsideJinjaBlocksAreConditional() {
        let (conf, _) = parse("""
            a = 1
            {% if x %}
            b = 2
            {% else %}
            c = 3
            {%- for y in z %}
            d = 4
            {% endfor -%}
            e = 5
            {% endif %}
            f = 6
            {% set v = 1 %}{% if w %}{% endif %}
            g = 7
            {% set block %}
            h = 8
            {% endset %}
            i = 9
            """)
        #expect(conf.entries.filter(\.isConditional).map(\.key) == ["b", "c", "d", "e", "h"])
        #expect(RabbitMQConfLoader.jinjaBlockChange("{% endif %}{% endif %}") == -2)
    }

    @Test func jinjaLinesAndTemplatedValues() {
        let (conf, diagnostics) = parse("{% if x %}\ndefault_pass = {{ rabbitmq_password }}\n{# a\nb #}\n{% endif %}\n")
        #expect(diagnostics.isEmpty)
        #expect(conf.entries.map(\.key) == ["default_pass"])
        #expect(conf.entries.first?.isTemplated == true)
    }

    @Test func missingKeyIsLocatedAtTheEqualsSign() {
        #expect(parse("  = value\n").diagnostics.map(\.description) == ["rabbitmq.conf:1:3: missing key before '='"])
    }
}
