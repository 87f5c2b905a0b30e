import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintJinja
@testable import RMQLintKnowledge
@testable import RMQLintLoaders
@testable import RMQLintModel
@testable import RMQLintSource

/// Loads `text` as `path`.
private func load(_ text: String, path: String = "globals.yml", limits: YAMLLimits = .default) -> YAMLLoadResult {
    YAMLLoader.load(text, path: path, limits: limits)
}

/// Loads `text`, expects it to be clean, and returns its single document.
private func document(_ text: String, path: String = "globals.yml") throws -> YAMLNode {
    let result = load(text, path: path)
    #expect(result.diagnostics.map(\.description) == [])
    #expect(!result.isTruncated)
    #expect(result.documents.count == 1)
    return try #require(result.documents.first)
}

/// `line:column-line:column` of a node's span, for compact exact assertions.
private func span(_ node: YAMLNode?) -> String {
    guard let range = node?.location.range else { return "none" }
    return "\(range.start)-\(range.end)"
}

/// How many sequences are nested along the first items, counted without recursion.
private func sequenceDepth(_ node: YAMLNode) -> Int {
    var depth = 0
    var current: YAMLNode? = node
    while let node = current, case .sequence(let items) = node.content {
        depth += 1
        current = items.first
    }
    return depth
}

@Suite("YAML loader")
struct YAMLLoaderTests {
    // MARK: Kolla globals

    static let globals = """
        ---
        # Kolla globals (fragment)
        kolla_base_distro: "ubuntu"
        openstack_release: "2024.1"
        kolla_internal_vip_address: 10.0.0.10
        om_enable_rabbitmq_high_availability: yes
        # the vault-encrypted keystone password
        keystone_admin_password: !vault |
                  $ANSIBLE_VAULT;1.1;AES256
                  62313365396662343061393464336163383764373764613633653634306231386433626436623361
                  6134333665353966363534333632666535333761666131620a663537646436643839616531643561
        nova_console: novnc

        """

    @Test func kollaGlobalsValuesStylesAndPositions() throws {
        let root = try document(Self.globals)
        #expect(root.pairs.map { $0.key.scalar ?? "?" } == [
            "kolla_base_distro", "openstack_release", "kolla_internal_vip_address",
            "om_enable_rabbitmq_high_availability", "keystone_admin_password", "nova_console",
        ])
        #expect(span(root) == "3:1-12:20")
        #expect(root.location.path == "globals.yml")

        let release = try #require(root.pair(forKey: "openstack_release"))
        #expect(span(release.key) == "4:1-4:18")
        #expect(span(release.value) == "4:20-4:28")
        #expect(release.value.scalar == "2024.1")
        #expect(release.value.scalarStyle == .doubleQuoted)
        #expect(release.value.intValue == nil)

        let vip = try #require(root["kolla_internal_vip_address"])
        #expect(vip.scalar == "10.0.0.10")
        #expect(vip.scalarStyle == .plain)
        #expect(span(vip) == "5:29-5:38")

        let ha = try #require(root.pair(forKey: "om_enable_rabbitmq_high_availability"))
        #expect(span(ha.key) == "6:1-6:37")
        #expect(span(ha.value) == "6:39-6:42")
        #expect(ha.value.ansibleBool == true)

        #expect(root["nova_console"]?.scalar == "novnc")
        #expect(root["missing"] == nil)
    }

    @Test func vaultBlockKeepsTagAndPayload() throws {
        let root = try document(Self.globals)
        let vault = try #require(root["keystone_admin_password"])
        #expect(vault.isVault)
        #expect(vault.tag == "!vault")
        #expect(vault.scalarStyle == .literal)
        #expect(vault.scalar == """
            $ANSIBLE_VAULT;1.1;AES256
            62313365396662343061393464336163383764373764613633653634306231386433626436623361
            6134333665353966363534333632666535333761666131620a663537646436643839616531643561

            """)
        // The span starts at the tag and runs to the start of the line after the payload.
        #expect(span(vault) == "8:26-12:1")
        #expect(!vault.isTemplated)
        #expect(vault.ansibleBool == nil)
    }

    @Test func vaultPayloadNeverAppearsInDiagnostics() {
        let result = load("""
            secret: !vault |
              $ANSIBLE_VAULT;1.1;AES256
              6231336539
            broken: [1, 2
            """)
        #expect(result.diagnostics.count == 1)
        for diagnostic in result.diagnostics {
            #expect(!diagnostic.message.contains("ANSIBLE_VAULT"))
            #expect(!diagnostic.message.contains("6231336539"))
        }
        #expect(result.documents.first?["secret"]?.isVault == true)
        #expect(YAMLNode(content: .scalar("x", .plain), tag: "!vault-encrypted",
                         location: .wholeFile("f")).isVault)
    }

    @Test func duplicateKeysLastWinsAndBothPairsKept() throws {
        let root = try document("""
            om_enable_rabbitmq_high_availability: no
            openstack_release: "2023.2"
            om_enable_rabbitmq_high_availability: yes
            """)
        #expect(root["om_enable_rabbitmq_high_availability"]?.ansibleBool == true)
        let duplicates = root.pairs.filter { $0.key.scalar == "om_enable_rabbitmq_high_availability" }
        #expect(duplicates.map { span($0.key) } == ["1:1-1:37", "3:1-3:37"])
        #expect(duplicates.map { $0.value.ansibleBool } == [false, true])
        #expect(root.pair(forKey: "om_enable_rabbitmq_high_availability").map { span($0.value) } == "3:39-3:42")
    }

    // MARK: Scalar resolution

    static let truthiness: [(String, Bool?)] = [
        ("yes", true), ("Yes", true), ("YES", true), ("true", true), ("True", true), ("TRUE", true),
        ("on", true), ("On", true), ("ON", true),
        ("no", false), ("No", false), ("NO", false), ("false", false), ("False", false), ("FALSE", false),
        ("off", false), ("Off", false), ("OFF", false),
        // PyYAML's resolver (what Ansible uses) does not read these as booleans.
        ("y", nil), ("Y", nil), ("n", nil), ("N", nil), ("yEs", nil), ("tRUE", nil), ("1", nil), ("0", nil),
        ("enabled", nil), ("", nil),
        // Quoted and tagged spellings.
        ("\"yes\"", nil), ("'no'", nil), ("\"true\"", nil), ("!!str yes", nil), ("! yes", nil),
        ("!!bool \"YES\"", true), ("!!bool 'Off'", false), ("!!bool y", nil),
    ]

    @Test(arguments: truthiness)
    func ansibleTruthiness(written: String, expected: Bool?) throws {
        let root = try document("flag: \(written)\n")
        #expect(root["flag"]?.ansibleBool == expected, "flag: \(written)")
    }

    @Test func quotedYesIsAStringPlainYesIsABool() throws {
        let root = try document("""
            plain: yes
            double: "yes"
            single: 'yes'
            """)
        #expect(root["plain"]?.ansibleBool == true)
        #expect(root["double"]?.ansibleBool == nil)
        #expect(root["double"]?.scalar == "yes")
        #expect(root["double"]?.scalarStyle == .doubleQuoted)
        #expect(root["single"]?.ansibleBool == nil)
        #expect(root["single"]?.scalarStyle == .singleQuoted)
    }

    static let nulls: [(String, Bool)] = [
        ("", true), ("~", true), ("null", true), ("Null", true), ("NULL", true), ("!!null \"\"", true),
        ("nULL", false), ("\"null\"", false), ("''", false), ("!!str null", false), ("None", false), ("[]", false),
    ]

    @Test(arguments: nulls)
    func nullSpellings(written: String, expected: Bool) throws {
        let root = try document("value: \(written)\n")
        #expect(root["value"]?.isNull == expected, "value: \(written)")
    }

    static let integers: [(String, Int?)] = [
        ("42", 42), ("-7", -7), ("+3", 3), ("0", 0), ("-0", 0), ("1_000", 1000),
        ("9223372036854775807", Int.max), ("-9223372036854775808", Int.min),
        ("9223372036854775808", nil), ("99999999999999999999999", nil),
        ("010", nil), ("0x1F", nil), ("0o17", nil), ("0b101", nil), ("1:30", nil), ("1.5", nil),
        ("1e3", nil), ("_1", nil), ("+", nil), ("--", nil), ("-_1", nil), ("12a", nil), ("\"5\"", nil), ("!!int \"5\"", 5),
        ("!!str 5", nil), ("٣", nil),
    ]

    @Test(arguments: integers)
    func decimalIntegers(written: String, expected: Int?) throws {
        let root = try document("value: \(written)\n")
        #expect(root["value"]?.intValue == expected, "value: \(written)")
    }

    @Test func templatedScalars() throws {
        let root = try document("""
            expression: "{{ kolla_internal_vip_address }}"
            statement: "{% if x %}a{% endif %}"
            comment: "{# note #}"
            braces: "a { b } c"
            single: "{ x }"
            plain: 5
            unsafe: !unsafe "{{ not_templated }}"
            list: ["{{ a }}"]
            """)
        #expect(root["expression"]?.isTemplated == true)
        #expect(root["expression"]?.scalar == "{{ kolla_internal_vip_address }}")
        #expect(root["statement"]?.isTemplated == true)
        #expect(root["comment"]?.isTemplated == true)
        #expect(root["braces"]?.isTemplated == false)
        #expect(root["single"]?.isTemplated == false)
        #expect(root["plain"]?.isTemplated == false)
        #expect(root["unsafe"]?.isTemplated == false)
        #expect(root["unsafe"]?.tag == "!unsafe")
        #expect(root["list"]?.isTemplated == false)
        #expect(root["list"]?.items.first?.isTemplated == true)
    }

    @Test func accessorsOnTheWrongKindOfNode() throws {
        let root = try document("map: {a: 1}\nlist: [1]\nscalar: x\n")
        let map = try #require(root["map"])
        let list = try #require(root["list"])
        let scalar = try #require(root["scalar"])
        #expect(map.scalar == nil && map.items.isEmpty && map.scalarStyle == nil && !map.isNull)
        #expect(list["a"] == nil && list.pairs.isEmpty && list.intValue == nil && list.ansibleBool == nil)
        #expect(scalar["a"] == nil && scalar.items.isEmpty && scalar.pairs.isEmpty && !scalar.isVault)
    }

    // MARK: Styles and spans

    @Test func blockScalarStylesAndChomping() throws {
        let root = try document("""
            literal: |
              line1
              line2
            folded: >
              a
              b
            keep: |+
              x

            strip: |-
              y
            end: 1
            """)
        #expect(root["literal"]?.scalar == "line1\nline2\n")
        #expect(root["literal"]?.scalarStyle == .literal)
        #expect(root["folded"]?.scalar == "a b\n")
        #expect(root["folded"]?.scalarStyle == .folded)
        #expect(root["keep"]?.scalar == "x\n\n")
        #expect(root["strip"]?.scalar == "y")
    }

    @Test func blockCollectionSpanEndsAtItsLastValue() throws {
        let root = try document("""
            outer:
              inner: 1
              # trailing comment

            list:
              - a
              - b
            flow: {x: [1, 2]}
            """)
        #expect(span(root["outer"]) == "2:3-2:11")
        #expect(span(root["list"]) == "6:3-7:6")
        #expect(span(root["flow"]) == "8:7-8:18")
        #expect(span(root["flow"]?["x"]) == "8:11-8:17")
        #expect(span(root) == "1:1-8:18")
    }

    @Test func anchorsAndTagsAreInsideTheSpan() throws {
        let root = try document("x: &anchor !!str 5\ny: !custom {a: 1}\n")
        let x = try #require(root["x"])
        #expect(span(x) == "1:4-1:19")
        #expect(x.tag == "tag:yaml.org,2002:str")
        #expect(x.scalar == "5")
        #expect(x.intValue == nil)
        #expect(root["y"]?.tag == "!custom")
        #expect(span(root["y"]) == "2:4-2:18")
    }

    // MARK: Columns

    @Test func columnsCountUnicodeScalarsAfterMultibyteCharacters() throws {
        let root = try document("é: x\n日本語: 値\nemoji😀: y\ne\u{301}: z\nk:\tv\n")
        #expect(span(root["é"]) == "1:4-1:5")
        #expect(span(root.pair(forKey: "日本語")?.key) == "2:1-2:4")
        #expect(span(root["日本語"]) == "2:6-2:7")
        #expect(root["日本語"]?.scalar == "値")
        #expect(span(root["emoji😀"]) == "3:9-3:10")
        // A combining accent is its own scalar, so it is its own column.
        #expect(span(root["e\u{301}"]) == "4:5-4:6")
        // A tab counts as one column.
        #expect(span(root["k"]) == "5:4-5:5")
    }

    @Test func byteOrderMarkCharacterCountsAsAColumn() throws {
        let root = try document("\u{FEFF}a: 1\nb: 2\n")
        #expect(span(root.pair(forKey: "a")?.key) == "1:2-1:3")
        #expect(span(root["b"]) == "2:4-2:5")
        #expect(load("\u{FEFF}a: \u{1}").diagnostics.map(\.description) == [
            "globals.yml:1:5: invalid YAML: control characters are not allowed (U+0001)",
        ])
        #expect(load("\u{FEFF}").documents.isEmpty)
    }

    @Test func crlfLineEndings() throws {
        let root = try document("a: 1\r\nb: two\r\n")
        #expect(root["b"]?.scalar == "two")
        #expect(span(root["b"]) == "2:4-2:7")
    }

    // MARK: JSON

    @Test func compactJSON() throws {
        let root = try document(#"{"a":1,"b":[1,2]}"#, path: "definitions.json")
        #expect(root.pairs.map { $0.key.scalar } == ["a", "b"])
        #expect(root.pairs.first?.key.scalarStyle == .doubleQuoted)
        #expect(span(root.pairs.first?.key) == "1:2-1:5")
        #expect(root["a"]?.intValue == 1)
        #expect(span(root["a"]) == "1:6-1:7")
        #expect(root["b"]?.items.map(\.intValue) == [1, 2])
        #expect(span(root["b"]) == "1:12-1:17")
        #expect(span(root) == "1:1-1:18")
        #expect(root.location.path == "definitions.json")
    }

    @Test func jsonEscapesNumbersLiteralsAndNesting() throws {
        let root = try document(#"""
            {"outer": {"inner": {"s": "tab\tquote\" backslash\\ slash\/ e\u00e9 snow\u2603 nl\n"}},
             "numbers": [-1.5e3, 0, 42, -7],
             "t": true, "f": false, "z": null,
             "empty": {}, "none": []}
            """#, path: "definitions.json")
        #expect(root["outer"]?["inner"]?["s"]?.scalar == "tab\tquote\" backslash\\ slash/ eé snow☃ nl\n")
        #expect(root["numbers"]?.items.compactMap(\.scalar) == ["-1.5e3", "0", "42", "-7"])
        #expect(root["numbers"]?.items.map(\.intValue) == [nil, 0, 42, -7])
        #expect(root["t"]?.ansibleBool == true)
        #expect(root["f"]?.ansibleBool == false)
        #expect(root["z"]?.isNull == true)
        #expect(root["empty"]?.pairs.isEmpty == true)
        #expect(root["empty"]?.isNull == false)
        #expect(root["none"]?.content == .sequence([]))
    }

    @Test func jsonIndentedWithTabs() throws {
        let root = try document("{\n\t\"a\": 1,\n\t\"b\": [\n\t\t2\n\t]\n}\n", path: "definitions.json")
        #expect(root["a"]?.intValue == 1)
        #expect(span(root["a"]) == "2:7-2:8")
        #expect(root["b"]?.items.first?.intValue == 2)
    }

    @Test func rabbitMQDefinitionsPolicyPatternSurvivesUnescaping() throws {
        let root = try document(#"""
            {
              "rabbit_version": "3.13.7",
              "vhosts": [{"name": "/"}],
              "policies": [
                {
                  "vhost": "/",
                  "name": "ha-all",
                  "pattern": "^(?!(amq\\.)|(.*_fanout_)|(reply_)).*",
                  "apply-to": "all",
                  "definition": {"ha-mode": "all", "ha-promote-on-shutdown": "always"},
                  "priority": 0
                }
              ]
            }
            """#, path: "config/rabbitmq/definitions.json")
        let policy = try #require(root["policies"]?.items.first)
        let pattern = try #require(policy["pattern"])
        #expect(pattern.scalar == #"^(?!(amq\.)|(.*_fanout_)|(reply_)).*"#)
        #expect(span(pattern) == "8:18-8:57")
        #expect(policy["definition"]?["ha-mode"]?.scalar == "all")
        #expect(policy["priority"]?.intValue == 0)
        #expect(root["vhosts"]?.items.first?["name"]?.scalar == "/")
    }

    @Test func jsonSurrogatePairEscapeIsALocatedError() {
        let result = load(#"["\ud83d\ude00"]"#, path: "definitions.json")
        #expect(result.diagnostics.map(\.description) == [
            "definitions.json:1:5: invalid YAML: found invalid Unicode character escape code "
                + "(while parsing a quoted scalar started at 1:2); JSON surrogate-pair escapes "
                + #"(\ud83d\ude00) are not valid in YAML, write the character itself"#,
        ])
        #expect(result.isTruncated)
    }

    // MARK: Aliases and anchors

    @Test func aliasCopiesTheAnchoredSubtree() throws {
        let root = try document("""
            base: &base
              heartbeat: 30
              durable: true
            copy: *base
            scalar: &s 5
            again: *s
            """)
        let copy = try #require(root["copy"])
        #expect(span(copy) == "4:7-4:12")
        #expect(copy["heartbeat"]?.intValue == 30)
        // Nodes inside the copy keep the place where they were written.
        #expect(span(copy["heartbeat"]) == "2:14-2:16")
        #expect(copy["durable"]?.ansibleBool == true)
        #expect(root["again"]?.intValue == 5)
        #expect(span(root["again"]) == "6:8-6:10")
    }

    @Test func billionLaughsIsStoppedByTheNodeBudget() throws {
        let levels = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        var text = "a: &a [" + Array(repeating: "\"lol\"", count: 10).joined(separator: ",") + "]\n"
        for (previous, level) in zip(levels, levels.dropFirst()) {
            text += "\(level): &\(level) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ",") + "]\n"
        }
        let result = load(text, path: "bomb.yml")
        // Nodes before line 6: 123,461; `f` adds its key and sequence, then 111,111 per `*e`:
        // the 8th alias (column 8 + 3 * 7) is the one that would cross 1,000,000.
        #expect(result.diagnostics.map(\.description) == [
            "bomb.yml:6:29: alias expansion exceeds 1000000 nodes (alias *e); the rest of the file was not loaded",
        ])
        #expect(result.isTruncated)
        let root = try #require(result.documents.first)
        #expect(root.pairs.map { $0.key.scalar } == ["a", "b", "c", "d", "e", "f"])
        #expect(root["f"]?.items.count == 7)
        // e → d → c → b → a → "lol": the copies share the anchored nodes.
        #expect(root["e"]?.items.first?.items.first?.items.first?.items.first?.items.first?.scalar == "lol")
    }

    @Test func smallNodeBudgetStopsAPlainDocument() throws {
        let text = "[" + (1...20).map(String.init).joined(separator: ",") + "]"
        let result = load(text, path: "f.yml", limits: YAMLLimits(maxDepth: 200, maxNodes: 10))
        #expect(result.diagnostics.map(\.description) == [
            "f.yml:1:20: file exceeds 10 YAML nodes; the rest of the file was not loaded",
        ])
        let root = try #require(result.documents.first)
        #expect(root.items.map(\.intValue) == (1...9).map { $0 })
    }

    @Test func unknownAliasIsLocatedAndReadAsNull() throws {
        let result = load("a: 1\nb: *nope\nc: 3\n")
        #expect(result.diagnostics.map(\.description) == [
            "globals.yml:2:4: unknown alias *nope: no anchor &nope precedes it in this document; read as null",
        ])
        #expect(!result.isTruncated)
        let root = try #require(result.documents.first)
        #expect(root["b"]?.isNull == true)
        #expect(span(root["b"]) == "2:4-2:9")
        #expect(root["c"]?.intValue == 3)
    }

    @Test func recursiveAliasIsLocatedAndReadAsNull() throws {
        let result = load("a: &a [1, *a]\n")
        #expect(result.diagnostics.map(\.description) == [
            "globals.yml:1:11: alias *a refers to the node that contains it (a recursive alias); read as null",
        ])
        let root = try #require(result.documents.first)
        #expect(root["a"]?.items.map(\.isNull) == [false, true])
    }

    @Test func redefinedAnchorUsesTheLatestDefinition() throws {
        let root = try document("a: &x 1\nb: &x 2\nc: *x\nd: &y [&y 3, *y]\n")
        #expect(root["c"]?.intValue == 2)
        #expect(root["d"]?.items.map(\.intValue) == [3, 3])
    }

    @Test func anchorsDoNotCrossDocuments() {
        let result = load("a: &x 1\n---\nb: *x\n")
        #expect(result.documents.count == 2)
        #expect(result.diagnostics.map(\.description) == [
            "globals.yml:3:4: unknown alias *x: no anchor &x precedes it in this document; read as null",
        ])
    }

    @Test func mergeKeyStaysAnOrdinaryPair() throws {
        let root = try document("""
            base: &b {x: 1}
            child:
              <<: *b
              y: 2
            """)
        let child = try #require(root["child"])
        #expect(child.pairs.map { $0.key.scalar } == ["<<", "y"])
        #expect(child["<<"]?["x"]?.intValue == 1)
        #expect(child["x"] == nil)
        #expect(child["y"]?.intValue == 2)
    }

    // MARK: Depth

    @Test func tenThousandDeepFlowNestingStopsAtTheLimit() throws {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let result = load(text, path: "deep.yml")
        #expect(result.diagnostics.map(\.description) == [
            "deep.yml:1:201: nesting exceeds 200 levels; the rest of the file was not loaded",
        ])
        #expect(result.isTruncated)
        let root = try #require(result.documents.first)
        #expect(sequenceDepth(root) == 200)
    }

    @Test func tenThousandDeepBlockNestingStopsAtTheLimit() throws {
        let text = String(repeating: "- ", count: 10_000) + "x\n"
        let result = load(text, path: "deep.yml")
        #expect(result.diagnostics.map(\.description) == [
            "deep.yml:1:401: nesting exceeds 200 levels; the rest of the file was not loaded",
        ])
        let root = try #require(result.documents.first)
        #expect(sequenceDepth(root) == 200)
    }

    @Test func deepBlockMappingsStopAtTheNodeThatCrossesTheLimit() {
        var text = ""
        for level in 0..<300 {
            text += String(repeating: "  ", count: level) + "k:\n"
        }
        let result = load(text, path: "deep.yml")
        // Mapping n sits at level n; its key `k` at level n + 1, so the key of the 200th
        // mapping (line 200, column 399) is the first node past the limit.
        #expect(result.diagnostics.map(\.description) == [
            "deep.yml:200:399: nesting exceeds 200 levels; the rest of the file was not loaded",
        ])
    }

    @Test func nestingExactlyAtTheLimitLoads() throws {
        let fits = String(repeating: "[", count: 199) + "1" + String(repeating: "]", count: 199)
        let root = try document(fits)
        #expect(sequenceDepth(root) == 199)

        let tooDeep = String(repeating: "[", count: 200) + "1" + String(repeating: "]", count: 200)
        #expect(load(tooDeep).diagnostics.map(\.description) == [
            "globals.yml:1:201: nesting exceeds 200 levels; the rest of the file was not loaded",
        ])
    }

    @Test func aliasThatWouldNestTooDeepIsStopped() {
        let result = load("a: &a [[[1]]]\nb: [*a]\n", limits: YAMLLimits(maxDepth: 5, maxNodes: 100))
        #expect(result.diagnostics.map(\.description) == [
            "globals.yml:2:5: nesting exceeds 5 levels (through alias *a); the rest of the file was not loaded",
        ])
    }

    // MARK: Syntax errors

    @Test func badIndentationIsLocatedAtLineThree() throws {
        let result = load("""
            a:
              b: 1
             c: 2
            """)
        #expect(result.diagnostics.map(\.description) == [
            "globals.yml:3:2: invalid YAML: did not find expected key (while parsing a block mapping started at 1:1)",
        ])
        #expect(result.isTruncated)
        // What came before the error is kept.
        let root = try #require(result.documents.first)
        #expect(root["a"]?["b"]?.intValue == 1)
    }

    @Test func tabIndentationIsLocated() {
        #expect(load("a:\n\tb: 1\n").diagnostics.map(\.description) == [
            "globals.yml:2:1: invalid YAML: found character that cannot start any token "
                + "(while scanning for the next token started at 2:1); YAML does not allow tabs for indentation",
        ])
        #expect(load("a: 1\n\tb: 2\n").diagnostics.map(\.description) == [
            "globals.yml:2:1: invalid YAML: found a tab character that violates indentation "
                + "(while scanning a plain scalar started at 1:4)",
        ])
    }

    @Test func unterminatedQuoteIsLocated() {
        #expect(load("a: 1\nb: \"open\n").diagnostics.map(\.description) == [
            "globals.yml:3:1: invalid YAML: found unexpected end of stream (while scanning a quoted scalar started at 2:4)",
        ])
    }

    @Test func controlCharacterIsLocatedFromItsByteOffset() {
        #expect(load("a: 1\nb: é\u{1}c\n").diagnostics.map(\.description) == [
            "globals.yml:2:5: invalid YAML: control characters are not allowed (U+0001)",
        ])
    }

    // MARK: Jinja

    @Test func quotedJinjaIsKeptVerbatim() throws {
        let root = try document(#"""
            rabbitmq_host: "{{ kolla_internal_fqdn | default('x') }}"
            single: '{{ "a" }}'
            """#)
        #expect(root["rabbitmq_host"]?.scalar == "{{ kolla_internal_fqdn | default('x') }}")
        #expect(root["single"]?.scalar == #"{{ "a" }}"#)
        #expect(root["single"]?.isTemplated == true)
    }

    @Test func unquotedJinjaValueIsReported() throws {
        let result = load("name: ok\nfoo: {{ bar }}\n")
        #expect(result.diagnostics.map(\.description) == [
            "globals.yml:2:6: unquoted Jinja expression: a value starting with '{{' must be quoted "
                + "(YAML reads it as a nested mapping, which Ansible rejects)",
        ])
        #expect(!result.isTruncated)
        let root = try #require(result.documents.first)
        #expect(root["foo"]?.pairs.count == 1)
        #expect(root["name"]?.scalar == "ok")

        #expect(load("- {{ item }}\n").diagnostics.map(\.description) == [
            "globals.yml:1:3: unquoted Jinja expression: a value starting with '{{' must be quoted "
                + "(YAML reads it as a nested mapping, which Ansible rejects)",
        ])
    }

    @Test func bareJinjaIsAcceptedInTextTemplates() throws {
        // A config/rabbitmq/definitions.json written like Kolla's definitions.json.j2.
        let text = "{\"definition\": {\"message-ttl\": {{ rabbitmq_message_ttl_ms | int }}}}\n"
        #expect(!load(text).diagnostics.isEmpty)
        let result = YAMLLoader.load(text, path: "definitions.json", limits: YAMLLimits(acceptsBareJinja: true))
        #expect(result.diagnostics.isEmpty)
        let ttl = try #require(result.documents.first?["definition"]?["message-ttl"])
        #expect(EffectivePolicyBuilder.bareJinjaExpression(ttl) == "rabbitmq_message_ttl_ms | int")
    }

    @Test func unquotedJinjaFollowedByTextIsASyntaxErrorWithAHint() {
        let result = load("foo: {{ bar }} baz\n")
        #expect(result.diagnostics.map(\.description) == [
            "globals.yml:1:6: unquoted Jinja expression: a value starting with '{{' must be quoted "
                + "(YAML reads it as a nested mapping, which Ansible rejects)",
            "globals.yml:1:16: invalid YAML: did not find expected key (while parsing a block mapping started at 1:1); "
                + "a value starting with '{{' or '{%' must be quoted",
        ])
        #expect(load("- {% if x %}a{% endif %}\n").diagnostics.map(\.description) == [
            "globals.yml:1:4: invalid YAML: found character that cannot start any token "
                + "(while scanning for the next token started at 1:4); a value starting with '{{' or '{%' must be quoted",
        ])
    }

    @Test func nonScalarKeyIsReported() {
        let result = load("? [a, b]\n: c\n")
        #expect(result.diagnostics.map(\.description) == [
            "globals.yml:1:3: mapping key is a sequence; Ansible only accepts scalar keys",
        ])
        #expect(result.documents.first?.pairs.first?.value.scalar == "c")
    }

    // MARK: Streams

    @Test func emptyAndCommentOnlyFilesHaveNoDocuments() {
        for text in ["", "   \n\n", "# only a comment\n\n# another\n", "# no newline at the end"] {
            let result = load(text)
            #expect(result.documents.isEmpty, "\(text.debugDescription)")
            #expect(result.diagnostics.isEmpty, "\(text.debugDescription)")
            #expect(!result.isTruncated)
        }
    }

    @Test func multipleDocuments() throws {
        let result = load("""
            a: 1
            ---
            b: 2
            ...
            ---
            # third
            - c
            """)
        #expect(result.diagnostics.isEmpty)
        #expect(result.documents.count == 3)
        #expect(result.documents.first?["a"]?.intValue == 1)
        #expect(span(result.documents.dropFirst().first?["b"]) == "3:4-3:5")
        #expect(result.documents.last?.items.first?.scalar == "c")
        #expect(span(result.documents.last) == "7:1-7:4")
    }

    @Test func explicitEmptyDocumentIsNull() throws {
        let result = load("---\n")
        #expect(result.documents.count == 1)
        #expect(result.documents.first?.isNull == true)
    }

    @Test func emptyValueIsNullAtTheColon() throws {
        let root = try document("a:\nb: 1\n")
        #expect(root["a"]?.isNull == true)
        #expect(span(root["a"]) == "1:3-1:3")
    }
}
