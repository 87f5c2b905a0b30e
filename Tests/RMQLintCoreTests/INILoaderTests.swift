import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintJinja
@testable import RMQLintKnowledge
@testable import RMQLintLoaders
@testable import RMQLintModel
@testable import RMQLintSource

/// Shorthand for a one-line location in the test file.
private func loc(_ line: Int, _ column: Int, _ length: Int = 0, path: String = "config/nova.conf") -> RMQLintCore.SourceLocation {
    RMQLintCore.SourceLocation(path: path, line: line, column: column, length: length)
}

private func parse(_ text: String, path: String = "config/nova.conf") -> (document: INIDocument, diagnostics: [LoadDiagnostic]) {
    INILoader.parse(text, path: path)
}

@Suite("oslo.config INI loader")
struct INILoaderTests {
    // MARK: A realistic Kolla override

    static let novaConf = """
        # Kolla override: /etc/kolla/config/nova.conf
        [DEFAULT]
        transport_url = rabbit://openstack:pw@10.0.0.1:5672,openstack:pw@10.0.0.2:5672//
        debug: True
        lock_path = %(state_path)s/lock

        [oslo_messaging_rabbit]
        heartbeat_in_pthread = false
        heartbeat_timeout_threshold = 60
        amqp_durable_queues = true
        ; rabbit_ha_queues = true
        #rabbit_quorum_queue = true

        [filter_scheduler]
        enabled_filters = ComputeFilter
        enabled_filters = ImagePropertiesFilter
        available_filters = nova.scheduler.filters.all_filters,
            nova.scheduler.filters.extra
        """

    @Test func readsRealisticKollaOverride() throws {
        let (document, diagnostics) = parse(Self.novaConf)
        #expect(diagnostics.isEmpty)
        #expect(document.path == "config/nova.conf")
        #expect(document.sections.map(\.name) == ["DEFAULT", "oslo_messaging_rabbit", "filter_scheduler"])
        #expect(document.sections.map(\.nameLocation) == [loc(2, 2, 7), loc(7, 2, 21), loc(14, 2, 16)])
        #expect(document.templateLines.isEmpty)

        let url = try #require(document.last(section: "DEFAULT", key: "transport_url"))
        #expect(url.value == "rabbit://openstack:pw@10.0.0.1:5672,openstack:pw@10.0.0.2:5672//")
        #expect(url.keyLocation == loc(3, 1, 13))
        #expect(url.valueLocation == loc(3, 17, 64))
        #expect(url.isTemplated == false)
        #expect(url.conditionDepth == 0)

        let pthread = try #require(document.last(section: "oslo_messaging_rabbit", key: "heartbeat_in_pthread"))
        #expect(pthread.value == "false")
        #expect(pthread.keyLocation == loc(8, 1, 20))
        #expect(pthread.valueLocation == loc(8, 24, 5))

        let threshold = try #require(document.last(section: "oslo_messaging_rabbit", key: "heartbeat_timeout_threshold"))
        #expect(threshold.value == "60")
        #expect(threshold.valueLocation == loc(9, 31, 2))

        #expect(document.last(section: "oslo_messaging_rabbit", key: "amqp_durable_queues")?.value == "true")
        // Commented-out keys are not entries.
        #expect(document.last(section: "oslo_messaging_rabbit", key: "rabbit_ha_queues") == nil)
        #expect(document.last(section: "oslo_messaging_rabbit", key: "rabbit_quorum_queue") == nil)
        #expect(document.sections[1].entries.map(\.key)
            == ["heartbeat_in_pthread", "heartbeat_timeout_threshold", "amqp_durable_queues"])
    }

    @Test func colonDelimiterAndFirstDelimiterWins() throws {
        let (document, diagnostics) = parse("""
            [DEFAULT]
            debug: True
            key: a=b
            url = http://host:80/
            a:b = c
            """)
        #expect(diagnostics.isEmpty)
        let debug = try #require(document.last(section: "DEFAULT", key: "debug"))
        #expect(debug.value == "True")
        #expect(debug.keyLocation == loc(2, 1, 5))
        #expect(debug.valueLocation == loc(2, 8, 4))
        #expect(document.last(section: "DEFAULT", key: "key")?.value == "a=b")
        #expect(document.last(section: "DEFAULT", key: "url")?.value == "http://host:80/")
        // oslo.config splits at the first ':' or '=' whichever comes first.
        #expect(document.last(section: "DEFAULT", key: "a")?.value == "b = c")
    }

    @Test func interpolationIsKeptVerbatim() {
        let (document, _) = parse(Self.novaConf)
        #expect(document.last(section: "DEFAULT", key: "lock_path")?.value == "%(state_path)s/lock")
    }

    // MARK: Multi-values and repeated sections

    @Test func repeatedKeysAreMultiValues() throws {
        let (document, _) = parse(Self.novaConf)
        let filters = document.entries(section: "filter_scheduler", key: "enabled_filters")
        #expect(filters.map(\.value) == ["ComputeFilter", "ImagePropertiesFilter"])
        #expect(filters.map(\.keyLocation) == [loc(15, 1, 15), loc(16, 1, 15)])
        #expect(document.last(section: "filter_scheduler", key: "enabled_filters")?.value == "ImagePropertiesFilter")
    }

    @Test func repeatedSectionsAreSearchedInFileOrder() {
        let (document, diagnostics) = parse("""
            [DEFAULT]
            debug = false
            [oslo_messaging_rabbit]
            heartbeat_rate = 2
            [DEFAULT]
            debug = true
            """)
        #expect(diagnostics.isEmpty)
        #expect(document.sections.count == 3)
        #expect(document.sections(named: "DEFAULT").map(\.nameLocation) == [loc(1, 2, 7), loc(5, 2, 7)])
        #expect(document.entries(section: "DEFAULT", key: "debug").map(\.value) == ["false", "true"])
        #expect(document.last(section: "DEFAULT", key: "debug")?.keyLocation == loc(6, 1, 5))
        #expect(document.entries(section: "DEFAULT", key: "missing").isEmpty)
        #expect(document.last(section: "nowhere", key: "debug") == nil)
    }

    @Test func sectionMatchingFollowsOsloNormalisation() {
        let (document, _) = parse("""
            [Oslo_Messaging_Rabbit]
            heartbeat_rate = 3
            [default]
            lower = 1
            [DEFAULT]
            upper = 2
            """)
        // Non-DEFAULT groups are compared lower-cased.
        #expect(document.last(section: "oslo_messaging_rabbit", key: "heartbeat_rate")?.value == "3")
        #expect(document.last(section: "OSLO_MESSAGING_RABBIT", key: "heartbeat_rate")?.value == "3")
        // DEFAULT is matched exactly: [default] is another group.
        #expect(document.last(section: "DEFAULT", key: "lower") == nil)
        #expect(document.last(section: "DEFAULT", key: "upper")?.value == "2")
        #expect(document.last(section: "default", key: "lower")?.value == "1")
        #expect(document.last(section: "Default", key: "lower")?.value == "1")
        #expect(document.last(section: "default", key: "upper") == nil)
        // Keys are case-sensitive.
        #expect(document.last(section: "oslo_messaging_rabbit", key: "HEARTBEAT_RATE") == nil)
        #expect(INIDocument.normalizedSectionName("DEFAULT") == "DEFAULT")
        #expect(INIDocument.normalizedSectionName("Filter:AuthToken") == "filter:authtoken")
    }

    @Test func sectionNamesWithColonsAndSpaces() {
        let (document, diagnostics) = parse("""
            [filter:authtoken]
            paste.filter_factory = keystonemiddleware.auth_token:filter_factory
            [a:b:c]
            x = 1
            [  spaced name  ]
            y = 2
            """, path: "api-paste.ini")
        #expect(diagnostics.isEmpty)
        #expect(document.sections.map(\.name) == ["filter:authtoken", "a:b:c", "spaced name"])
        #expect(document.sections[2].nameLocation == loc(5, 4, 11, path: "api-paste.ini"))
        #expect(document.last(section: "filter:authtoken", key: "paste.filter_factory")?.value
            == "keystonemiddleware.auth_token:filter_factory")
        #expect(document.last(section: "a:b:c", key: "x")?.value == "1")
        #expect(document.last(section: "spaced name", key: "y")?.value == "2")
    }

    // MARK: Values

    @Test func continuationLinesJoinWithNewline() throws {
        let (document, diagnostics) = parse(Self.novaConf)
        #expect(diagnostics.isEmpty)
        let filters = try #require(document.last(section: "filter_scheduler", key: "available_filters"))
        #expect(filters.value == "nova.scheduler.filters.all_filters,\nnova.scheduler.filters.extra")
        #expect(filters.valueLocation == loc(17, 21, 35))

        let (tabs, _) = parse("[DEFAULT]\nkey = a\n\tb\n  \t c  \nnext = 1\n")
        #expect(tabs.last(section: "DEFAULT", key: "key")?.value == "a\nb\nc")
        #expect(tabs.last(section: "DEFAULT", key: "next")?.value == "1")
    }

    @Test func indentedCommentAfterAssignmentIsPartOfTheValue() {
        // oslo.config only sees comments at the start of a line; an indented '#'
        // line continues the value (iniparser checks indentation first).
        let (document, diagnostics) = parse("[DEFAULT]\nkey = a\n    # not a comment\n")
        #expect(diagnostics.isEmpty)
        #expect(document.last(section: "DEFAULT", key: "key")?.value == "a\n# not a comment")
    }

    @Test func blankLineOrCommentEndsMultiLineValue() {
        let (document, diagnostics) = parse("[DEFAULT]\nkey = a\n\n    b\n    c\nother = 1\n# note\n  d\n")
        #expect(document.last(section: "DEFAULT", key: "key")?.value == "a")
        #expect(document.last(section: "DEFAULT", key: "other")?.value == "1")
        // One diagnostic per orphan run of indented lines, at its first text.
        #expect(diagnostics.map(\.location) == [loc(4, 5, 1), loc(8, 3, 1)])
        #expect(diagnostics.allSatisfy { $0.message.contains("indented line continues no assignment") })
    }

    @Test func inlineHashIsNotAComment() {
        let (document, _) = parse("[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 60 # seconds\nx = a;b\n")
        #expect(document.last(section: "oslo_messaging_rabbit", key: "heartbeat_timeout_threshold")?.value
            == "60 # seconds")
        #expect(document.last(section: "oslo_messaging_rabbit", key: "x")?.value == "a;b")
    }

    @Test func matchingSurroundingQuotesAreStripped() throws {
        let (document, diagnostics) = parse("""
            [DEFAULT]
            double = "quoted value"
            single = 'x'
            mixed = "x'
            lone = "
            inner = "a" "b"
            middle = a "b" c
            continued = "a
              b"
            """)
        #expect(diagnostics.isEmpty)
        let double = try #require(document.last(section: "DEFAULT", key: "double"))
        #expect(double.value == "quoted value")
        // The location covers the value as written, quotes included.
        #expect(double.valueLocation == loc(2, 10, 14))
        #expect(document.last(section: "DEFAULT", key: "single")?.value == "x")
        #expect(document.last(section: "DEFAULT", key: "mixed")?.value == "\"x'")
        #expect(document.last(section: "DEFAULT", key: "lone")?.value == "")
        #expect(document.last(section: "DEFAULT", key: "inner")?.value == "a\" \"b")
        #expect(document.last(section: "DEFAULT", key: "middle")?.value == "a \"b\" c")
        // Only the first line is unquoted, as in oslo.config.
        #expect(document.last(section: "DEFAULT", key: "continued")?.value == "\"a\nb\"")
    }

    @Test func emptyValuesAreAllowed() throws {
        let (document, diagnostics) = parse("[DEFAULT]\nkey =\nother:   \n")
        #expect(diagnostics.isEmpty)
        let key = try #require(document.last(section: "DEFAULT", key: "key"))
        #expect(key.value == "")
        #expect(key.valueLocation == loc(2, 6, 0))
        #expect(document.last(section: "DEFAULT", key: "other")?.value == "")
    }

    // MARK: Diagnostics

    @Test func keyBeforeAnySectionIsReportedAndSkipped() {
        let (document, diagnostics) = parse("""
            # header comment
            debug = true
              continued
            [DEFAULT]
            debug = false
            """)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.message == "key 'debug' appears before any [section] header")
        #expect(diagnostics.first?.location == loc(2, 1, 5))
        #expect(document.entries(section: "DEFAULT", key: "debug").map(\.value) == ["false"])
    }

    @Test func garbageLineIsReportedWithLocationAndParsingContinues() {
        let (document, diagnostics) = parse("""
            [DEFAULT]
            debug = true
            this line is not ini
              nor its continuation
            verbose = false
            """)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.location == loc(3, 1, 20))
        #expect(diagnostics.first?.message.contains("no '=' or ':'") == true)
        #expect(document.sections[0].entries.map(\.key) == ["debug", "verbose"])
    }

    @Test func malformedHeadersAreReported() {
        let (document, diagnostics) = parse("""
            [DEFAULT
            lost = 1
            [good]
            kept = 2
            [other] # trailing comment
            lost2 = 3
            []
            = value
            """)
        #expect(diagnostics.map(\.location) == [loc(1, 1, 8), loc(5, 1, 26), loc(7, 1, 2), loc(8, 1, 7)])
        #expect(diagnostics[0].message.contains("must end with ']'"))
        #expect(diagnostics[2].message == "empty section name")
        #expect(diagnostics[3].message == "assignment has an empty key")
        // Entries under a rejected header are dropped, not moved to the previous section.
        #expect(document.sections.map(\.name) == ["good"])
        #expect(document.sections[0].entries.map(\.key) == ["kept"])
    }

    @Test func diagnosticsNeverQuoteValues() {
        let (_, diagnostics) = parse("password = s3cr3t\n[DEFAULT]\ns3cr3t-garbage-line\n")
        #expect(diagnostics.count == 2)
        #expect(diagnostics.allSatisfy { !$0.message.contains("s3cr3t") })
    }

    // MARK: Jinja templates

    static let templatedOverride = """
        {# Kolla per-host override, rendered by merge_configs #}
        [DEFAULT]
        transport_url = {{ rabbit_transport_url }}
        {% if inventory_hostname == 'ctl01' %}
        debug = true
        {%- for backend in backends %}
        enabled_backends = {{ backend }}
          {{ backend }}-extra
        {%- endfor %}
        {% else %}
        debug = false
        {% endif %}

        [oslo_messaging_rabbit]
        heartbeat_timeout_threshold = {{ rabbit_heartbeat | default(60) }}
        {{ extra_rabbit_lines }}
        {#
        heartbeat_in_pthread = true
        #}
        {% raw %}
        processname = {{ literal }}
        {% endraw %}
        {{ 'a:b' }} = templated key
        """

    @Test func jinjaLinesAreRecordedAndNotParsed() {
        let (document, diagnostics) = parse(Self.templatedOverride)
        #expect(diagnostics.isEmpty)
        #expect(document.templateLines == [1, 4, 6, 9, 10, 12, 16, 17, 18, 19, 20, 22])
        #expect(document.last(section: "oslo_messaging_rabbit", key: "heartbeat_in_pthread") == nil)
        #expect(document.sections.map(\.name) == ["DEFAULT", "oslo_messaging_rabbit"])
    }

    @Test func conditionDepthFollowsIfAndForBlocks() throws {
        let (document, _) = parse(Self.templatedOverride)
        let url = try #require(document.last(section: "DEFAULT", key: "transport_url"))
        #expect(url.conditionDepth == 0)
        #expect(url.isTemplated)
        #expect(url.value == "{{ rabbit_transport_url }}")
        #expect(url.valueLocation == loc(3, 17, 26))

        let debug = document.entries(section: "DEFAULT", key: "debug")
        #expect(debug.map(\.value) == ["true", "false"])
        #expect(debug.map(\.conditionDepth) == [1, 1])
        #expect(debug.map(\.isTemplated) == [false, false])

        let backends = try #require(document.last(section: "DEFAULT", key: "enabled_backends"))
        #expect(backends.conditionDepth == 2)
        #expect(backends.isTemplated)
        #expect(backends.value == "{{ backend }}\n{{ backend }}-extra")

        let threshold = try #require(document.last(section: "oslo_messaging_rabbit", key: "heartbeat_timeout_threshold"))
        #expect(threshold.conditionDepth == 0)
        #expect(threshold.isTemplated)
        #expect(threshold.value == "{{ rabbit_heartbeat | default(60) }}")
    }

    @Test func rawBlockContentIsPlainINI() throws {
        let (document, _) = parse(Self.templatedOverride)
        let processname = try #require(document.last(section: "oslo_messaging_rabbit", key: "processname"))
        #expect(processname.value == "{{ literal }}")
        #expect(processname.isTemplated == false)
        #expect(processname.conditionDepth == 0)
        #expect(processname.keyLocation == loc(21, 1, 11))
    }

    @Test func delimitersInsideJinjaTagsAreSkipped() throws {
        let (document, _) = parse(Self.templatedOverride)
        let entry = try #require(document.last(section: "oslo_messaging_rabbit", key: "{{ 'a:b' }}"))
        #expect(entry.value == "templated key")
        #expect(entry.keyLocation == loc(23, 1, 11))
    }

    @Test func kollaHostConditionalOverride() throws {
        let text = """
            [oslo_messaging_rabbit]
            {% if inventory_hostname == 'ctl01' %}
            heartbeat_in_pthread = true
            {% elif inventory_hostname in groups['compute'] %}
            heartbeat_in_pthread = false
            {% endif %}
            amqp_durable_queues = {{ om_enable_rabbitmq_high_availability | bool }}
            """
        let (document, diagnostics) = parse(text, path: "config/nova/nova-api.conf")
        #expect(diagnostics.isEmpty)
        let values = document.entries(section: "oslo_messaging_rabbit", key: "heartbeat_in_pthread")
        #expect(values.map(\.value) == ["true", "false"])
        #expect(values.map(\.conditionDepth) == [1, 1])
        #expect(values.map(\.keyLocation)
            == [loc(3, 1, 20, path: "config/nova/nova-api.conf"), loc(5, 1, 20, path: "config/nova/nova-api.conf")])
        let durable = try #require(document.last(section: "oslo_messaging_rabbit", key: "amqp_durable_queues"))
        #expect(durable.conditionDepth == 0)
        #expect(durable.isTemplated)
        #expect(document.templateLines == [2, 4, 6])
        // Each line keeps the branch it is in: the elif branch requires the if test false.
        let conditions = values.map { $0.conditions.first }
        #expect(conditions.map { $0?.test } == ["inventory_hostname == 'ctl01'", "inventory_hostname in groups['compute']"])
        #expect(conditions.map { $0?.earlierTests } == [[], ["inventory_hostname == 'ctl01'"]])
        #expect(conditions.map { $0?.location.line } == [2, 2])
    }

    @Test func elseBranchesLoopsAndMultiLineStatementsKeepTheirConditions() throws {
        let (document, diagnostics) = parse("""
            [DEFAULT]
            {%- if a | bool -%}
            x = 1
            {% else %}
            x = 2
            {% endif %}
            {% for h in hosts %}
            y = {{ h }}
            {% endfor %}
            {% if b
               and c %}
            z = 3
            {% endif %}
            """)
        #expect(diagnostics.isEmpty)
        let xs = document.entries(section: "DEFAULT", key: "x").map(\.conditions)
        #expect(xs == [
            [INICondition(kind: .branch, test: "a | bool", location: loc(2, 1, 19))],
            [INICondition(kind: .branch, earlierTests: ["a | bool"], test: nil, location: loc(2, 1, 19))],
        ])
        #expect(document.last(section: "DEFAULT", key: "y")?.conditions.map(\.kind) == [.loop])
        let z = try #require(document.last(section: "DEFAULT", key: "z")?.conditions.first)
        #expect(z.isOpaque)
        #expect(z.test == nil)
    }

    @Test func templateLinesDoNotEndMultiLineValues() {
        let (document, _) = parse("[DEFAULT]\nkey = a\n{% if x %}\n  b\n{# note #}\n  c\n{% endif %}\n")
        #expect(document.last(section: "DEFAULT", key: "key")?.value == "a\nb\nc")
    }

    @Test func unbalancedBlocksAreReportedAndDepthClampsAtZero() throws {
        let (document, diagnostics) = parse("""
            [DEFAULT]
            {% endif %}
            a = 1
            {% if x %}
            {% endfor %}
            b = 2
            {% for y in z %}
            c = 3
            {# never closed
            d = 4
            """)
        #expect(document.last(section: "DEFAULT", key: "a")?.conditionDepth == 0)
        // The mismatched endfor still closes the if (reported).
        #expect(document.last(section: "DEFAULT", key: "b")?.conditionDepth == 0)
        #expect(document.last(section: "DEFAULT", key: "c")?.conditionDepth == 1)
        #expect(document.last(section: "DEFAULT", key: "d") == nil)
        #expect(diagnostics.map(\.location) == [loc(2, 1, 11), loc(5, 1, 12), loc(9, 1, 2), loc(7, 1, 16)])
        #expect(diagnostics[0].message.contains("closes no open"))
        #expect(diagnostics[1].message.contains("opened at line 4"))
        #expect(diagnostics[2].message.contains("never closed"))
        #expect(diagnostics[3].message.contains("never closed"))
    }

    @Test func multiLineStatementAndTagsOnOneLine() {
        let (document, diagnostics) = parse("""
            [DEFAULT]
            {% set hosts = [
                 'a:b',
               ] %}
            {% if a %}{% if b %}
            x = 1
            {% endif %}{% endif %}
            {% if c %}inline = ignored{% endif %}
            y = 2
            """)
        #expect(diagnostics.isEmpty)
        #expect(document.templateLines == [2, 3, 4, 5, 7, 8])
        #expect(document.last(section: "DEFAULT", key: "x")?.conditionDepth == 2)
        #expect(document.last(section: "DEFAULT", key: "y")?.conditionDepth == 0)
        #expect(document.last(section: "DEFAULT", key: "inline") == nil)
        #expect(document.sections[0].entries.map(\.key) == ["x", "y"])
    }

    @Test func unclosedRawBlockIsReported() {
        let (document, diagnostics) = parse("[DEFAULT]\n{% raw %}\nx = {% if %}\n")
        #expect(document.last(section: "DEFAULT", key: "x")?.value == "{% if %}")
        #expect(document.last(section: "DEFAULT", key: "x")?.isTemplated == false)
        #expect(diagnostics.map(\.location) == [loc(2, 1, 9)])
    }

    // MARK: Line endings and columns

    @Test func crlfLineEndingsAndMissingFinalNewline() throws {
        let (document, diagnostics) = parse("[DEFAULT]\r\nkey = value\r\nmulti = a\r\n  b\r\n\r\nlast = end")
        #expect(diagnostics.isEmpty)
        let key = try #require(document.last(section: "DEFAULT", key: "key"))
        #expect(key.value == "value")
        #expect(key.valueLocation == loc(2, 7, 5))
        #expect(document.last(section: "DEFAULT", key: "multi")?.value == "a\nb")
        let last = try #require(document.last(section: "DEFAULT", key: "last"))
        #expect(last.value == "end")
        #expect(last.keyLocation == loc(6, 1, 4))
        #expect(last.valueLocation == loc(6, 8, 3))
    }

    @Test func columnsCountUnicodeScalars() throws {
        let (document, _) = parse("[DÉFAULT]\nnamé = välue\u{00A0}\nclé\u{3000}= 🐇x\n")
        #expect(document.sections[0].nameLocation == loc(1, 2, 7))
        let name = try #require(document.last(section: "défault", key: "namé"))
        #expect(name.keyLocation == loc(2, 1, 4))
        // Python's strip() removes the trailing no-break space too.
        #expect(name.value == "välue")
        #expect(name.valueLocation == loc(2, 8, 5))
        let rabbit = try #require(document.last(section: "DÉFAULT", key: "clé"))
        #expect(rabbit.value == "🐇x")
        #expect(rabbit.valueLocation == loc(3, 7, 2))
    }

    @Test func emptyAndCommentOnlyFiles() {
        #expect(parse("").document.sections.isEmpty)
        #expect(parse("").diagnostics.isEmpty)
        let comments = parse("# a\n; b\n\n   \n")
        #expect(comments.document.sections.isEmpty)
        #expect(comments.diagnostics.isEmpty)
    }

    @Test func manyContinuationLinesParseInLinearTime() {
        let lines = (0..<50_000).map { "    line\($0)" }.joined(separator: "\n")
        let (document, diagnostics) = parse("[DEFAULT]\nkey = first\n" + lines + "\n")
        #expect(diagnostics.isEmpty)
        let value = document.last(section: "DEFAULT", key: "key")?.value ?? ""
        #expect(value.hasPrefix("first\nline0\nline1\n"))
        #expect(value.hasSuffix("\nline49999"))
    }

    @Test func longLinesParseInLinearTime() {
        let long = String(repeating: "x", count: 1_000_000)
        let (document, diagnostics) = parse("[DEFAULT]\nkey = \(long)\n\(long)\n")
        #expect(document.last(section: "DEFAULT", key: "key")?.value.utf8.count == 1_000_000)
        #expect(diagnostics.map(\.location) == [loc(3, 1, 1_000_000)])
    }
}
