import Foundation
import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintJinja
@testable import RMQLintKnowledge
@testable import RMQLintLoaders
@testable import RMQLintModel
@testable import RMQLintSource

/// A hand-built report: four findings across two files, related locations, a finding
/// with service and host, a message with `%`, `,`, `:` and a newline, and secrets in a
/// message, a related message and a transport URL.
enum ReportFixture {
    static let nova = "etc/kolla/config/nova.conf"
    static let globals = "etc/kolla/globals.yml"

    static func rule(_ id: String, _ slug: String, _ severity: Severity) -> RuleDescription {
        RuleDescription(
            id: id, slug: slug, severity: severity, summary: "Summary of \(slug).",
            whatItDoes: "Checks \(slug).", whyItMatters: "Because \(slug) breaks clouds.",
            fix: "Fix \(slug).", appliesTo: "Kolla-Ansible 2023.1 and later.",
            references: ["https://example.org/\(id)", "kolla-ansible ansible/group_vars/all.yml@stable/2024.1"]
        )
    }

    static let rules = [
        rule("RMQ402", "unused-rule", .error),
        rule("RMQ301", "rpc-ttl-too-short", .info),
        rule("RMQ204", "pthread-heartbeat-on-eventlet", .error),
        rule("RMQ201", "tcpka-not-split", .warning),
        rule("RMQ101", "transient-queue-mirroring", .warning),
    ]

    static let heartbeat = Finding(
        ruleID: "RMQ204", slug: "pthread-heartbeat-on-eventlet", severity: .error,
        message: "heartbeat_in_pthread = true stops heartbeats under eventlet; set it to false",
        location: SourceLocation(path: nova, line: 3, column: 1, length: 19),
        service: "nova-compute", host: "compute01",
        related: [RelatedLocation("enabled by the default section", at: SourceLocation(path: globals, line: 12, column: 1, length: 5))],
        semanticKey: "[oslo_messaging_rabbit]heartbeat_in_pthread@nova-compute"
    )

    static let tcpka = Finding(
        ruleID: "RMQ201", slug: "tcpka-not-split", severity: .warning,
        message: "rabbit_ha_queues: 100% mirrored,\nbut quorum queues are on",
        location: SourceLocation(path: nova, line: 7, column: 5),
        semanticKey: "[oslo_messaging_rabbit]rabbit_ha_queues"
    )

    static let mirroring = Finding(
        ruleID: "RMQ101", slug: "transient-queue-mirroring", severity: .warning,
        message: "om_enable_rabbitmq_high_availability mirrors transient queues",
        location: SourceLocation(
            path: globals,
            range: SourceRange(start: SourcePosition(line: 5, column: 1), end: SourcePosition(line: 6, column: 4))),
        semanticKey: "om_enable_rabbitmq_high_availability"
    )

    static let ttl = Finding(
        ruleID: "RMQ301", slug: "rpc-ttl-too-short", severity: .info,
        message: "transport_url rabbit://openstack:s3cr3t@10.0.0.1:5672,openstack:s3cr3t@10.0.0.2:5672// uses hunter2",
        location: SourceLocation(path: globals, line: 20, column: 3, length: 10),
        related: [
            RelatedLocation("password hunter2 set here", at: SourceLocation(path: "etc/kolla/passwords.yml", line: 4, column: 1, length: 7)),
            RelatedLocation("and here", at: SourceLocation(path: "etc/kolla/passwords.yml", line: 9, column: 3)),
        ],
        semanticKey: "rpc_ttl"
    )

    static var report: LintReport {
        LintReport(
            findings: [heartbeat, tcpka, mirroring, ttl].sorted(by: Finding.reportOrder),
            rules: rules, release: "2024.1", rabbitmqVersion: "3.13", filesLinted: 14,
            redactor: Redactor(secrets: ["hunter2", "s3cr3t"])
        )
    }

    static let secrets = ["hunter2", "s3cr3t"]
}

@Suite("Reporters")
struct ReporterTests {
    // MARK: Text

    /// Every escape of the JSON writer, byte for byte (JSON and SARIF reports rely on it).
    @Test func jsonStringsAreEscapedExactly() {
        let text = "q\" b\\ n\n r\r t\t \u{08}\u{0C}\u{01}\u{1F}\u{7F} é — \u{2028}\u{2029} \u{E2}x 🐇"
        let value = JSONValue.object([("k\"", .array([.string(text), .int(-3), .bool(true), .null, .array([]), .object([])]))])
        let expected = "{\n  \"k\\\"\": [\n    \"q\\\" b\\\\ n\\n r\\r t\\t \\b\\f\\u0001\\u001f\\u007f é — \\u2028\\u2029 \u{E2}x 🐇\",\n"
            + "    -3,\n    true,\n    null,\n    [],\n    {}\n  ]\n}\n"
        #expect(value.rendered() == expected)
        // Escapes at either end of a string, between plain runs, and a string of one run.
        #expect(JSONValue.string("\u{2029}a—\"").rendered() == "\"\\u2029a—\\\"\"\n")
        #expect(JSONValue.string("\u{01}\u{2028}").rendered() == "\"\\u0001\\u2028\"\n")
        #expect(JSONValue.string("plain — é").rendered() == "\"plain — é\"\n")
        #expect(JSONValue.string("").rendered() == "\"\"\n")
    }

    /// Strings are scanned eight bytes at a time while no byte may need an escape: every
    /// escape, and every character that only looks like one, at every offset of a longer
    /// string is written as the one-character-at-a-time spelling says.
    @Test func escapesAreFoundAtEveryOffsetOfALongString() {
        func expected(_ text: String) -> String {
            var result = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": result += "\\\""
                case "\\": result += "\\\\"
                case "\n": result += "\\n"
                case "\r": result += "\\r"
                case "\t": result += "\\t"
                case "\u{08}": result += "\\b"
                case "\u{0C}": result += "\\f"
                case "\u{2028}": result += "\\u2028"
                case "\u{2029}": result += "\\u2029"
                default:
                    if scalar.value < 0x20 || scalar.value == 0x7F {
                        result += "\\u00" + String(repeating: "0", count: scalar.value < 0x10 ? 1 : 0) + String(scalar.value, radix: 16)
                    } else {
                        result.unicodeScalars.append(scalar)
                    }
                }
            }
            return result + "\""
        }
        let specials = ["\"", "\\", "\n", "\u{00}", "\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}", "—", "…", "é", "🐇", " ", "!", "~", "#", "[", "]"]
        for special in specials {
            for offset in 0...17 {
                for tail in [0, 1, 7, 9] {
                    let text = String(repeating: "a", count: offset) + special + String(repeating: "b", count: tail)
                    var bytes: [UInt8] = []
                    JSONValue.writeString(text, to: &bytes)
                    #expect(String(decoding: bytes, as: UTF8.self) == expected(text), "\(text.debugDescription)")
                }
            }
        }
    }

    /// Long arrays are written in pieces on every core: the text must be the one written in a
    /// single pass, at any length around the piece size and nested in an object.
    @Test func longArraysAreWrittenAsInOnePass() {
        for count in [255, 256, 257, 513, 1000] {
            let items = (0..<count).map { JSONValue.object([("i", .int($0)), ("s", .array([.string("a\"\($0)")]))]) }
            let body = (0..<count).map { "    {\n      \"i\": \($0),\n      \"s\": [\n        \"a\\\"\($0)\"\n      ]\n    }" }
            let expected = "{\n  \"findings\": [\n" + body.joined(separator: ",\n") + "\n  ]\n}\n"
            #expect(JSONValue.object([("findings", .array(items))]).rendered() == expected, "\(count) items")
        }
    }

    @Test func textFormatIsExact() {
        let expected = """
            etc/kolla/config/nova.conf:3:1: error RMQ204 pthread-heartbeat-on-eventlet: heartbeat_in_pthread = true stops heartbeats under eventlet; set it to false
                etc/kolla/globals.yml:12:1: note: enabled by the default section
            etc/kolla/config/nova.conf:7:5: warning RMQ201 tcpka-not-split: rabbit_ha_queues: 100% mirrored,\\nbut quorum queues are on
            etc/kolla/globals.yml:5:1: warning RMQ101 transient-queue-mirroring: om_enable_rabbitmq_high_availability mirrors transient queues
            etc/kolla/globals.yml:20:3: info RMQ301 rpc-ttl-too-short: transport_url rabbit://openstack:******@10.0.0.1:5672,openstack:******@10.0.0.2:5672// uses ******
                etc/kolla/passwords.yml:4:1: note: password ****** set here
                etc/kolla/passwords.yml:9:3: note: and here

            1 error, 2 warnings, 1 info in 14 files.

            """
        #expect(Reporters.render(ReportFixture.report, as: .text) == expected)
        #expect(!expected.contains("\u{1B}"))
    }

    @Test func textSummaryWordsAgree() {
        func summary(_ severities: [Severity], files: Int) -> String {
            let findings = severities.enumerated().map { index, severity in
                Finding(ruleID: "RMQ101", slug: "s", severity: severity, message: "m",
                        location: SourceLocation(path: "f", line: index + 1, column: 1), semanticKey: "\(index)")
            }
            return TextReporter.summary(LintReport(findings: findings, rules: [], filesLinted: files))
        }
        #expect(summary([], files: 14) == "No problems found in 14 files.")
        #expect(summary([], files: 1) == "No problems found in 1 file.")
        #expect(summary([], files: 0) == "No problems found in 0 files.")
        #expect(summary([.error, .error, .warning], files: 1) == "2 errors, 1 warning, 0 info in 1 file.")
        #expect(summary([.error, .warning, .warning, .info, .info], files: 3) == "1 error, 2 warnings, 2 info in 3 files.")
        #expect(summary([.info], files: 2) == "0 errors, 0 warnings, 1 info in 2 files.")
    }

    @Test func textWithoutFindingsIsOnlyTheSummary() {
        let report = LintReport(findings: [], rules: ReportFixture.rules, filesLinted: 14)
        #expect(Reporters.render(report, as: .text) == "No problems found in 14 files.\n")
        #expect(Reporters.render(report, as: .text, style: ReportStyle(colour: true)) == "No problems found in 14 files.\n")
    }

    @Test func textColourOnlyWhenAsked() {
        let report = ReportFixture.report
        let coloured = Reporters.render(report, as: .text, style: ReportStyle(colour: true))
        let lines = coloured.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "etc/kolla/config/nova.conf:3:1: \u{1B}[1;31merror\u{1B}[0m \u{1B}[2mRMQ204\u{1B}[0m pthread-heartbeat-on-eventlet: heartbeat_in_pthread = true stops heartbeats under eventlet; set it to false")
        #expect(lines.dropFirst(2).first?.hasPrefix("etc/kolla/config/nova.conf:7:5: \u{1B}[1;33mwarning\u{1B}[0m \u{1B}[2mRMQ201\u{1B}[0m ") == true)
        #expect(lines.dropFirst(4).first?.hasPrefix("etc/kolla/globals.yml:20:3: \u{1B}[1;36minfo\u{1B}[0m \u{1B}[2mRMQ301\u{1B}[0m ") == true)
        // Without the colour codes it is the plain output.
        let stripped = coloured
            .replacingOccurrences(of: "\u{1B}[1;31m", with: "").replacingOccurrences(of: "\u{1B}[1;33m", with: "")
            .replacingOccurrences(of: "\u{1B}[1;36m", with: "").replacingOccurrences(of: "\u{1B}[2m", with: "")
            .replacingOccurrences(of: "\u{1B}[0m", with: "")
        #expect(stripped == Reporters.render(report, as: .text))
    }

    @Test func textEscapesControlCharactersFromLintedFiles() {
        let finding = Finding(ruleID: "RMQ001", slug: "invalid-input", severity: .error,
                              message: "bad \u{1B}[31mred\u{1B}[0m\r\tvalue\u{9B}",
                              location: SourceLocation(path: "odd\nname.conf", line: 1, column: 2), semanticKey: "k")
        let output = TextReporter.render(LintReport(findings: [finding], rules: [], filesLinted: 1))
        #expect(output == "odd\\nname.conf:1:2: error RMQ001 invalid-input: bad \\u{1B}[31mred\\u{1B}[0m\\r\tvalue\\u{9B}\n\n1 error, 0 warnings, 0 info in 1 file.\n")
    }

    // MARK: GitHub

    @Test func githubFormatIsExact() {
        let expected = """
            ::error file=etc/kolla/config/nova.conf,line=3,col=1,endLine=3,endColumn=20,title=RMQ204 pthread-heartbeat-on-eventlet::heartbeat_in_pthread = true stops heartbeats under eventlet; set it to false (see etc/kolla/globals.yml:12:1: enabled by the default section)
            ::warning file=etc/kolla/config/nova.conf,line=7,col=5,endLine=7,endColumn=6,title=RMQ201 tcpka-not-split::rabbit_ha_queues: 100%25 mirrored,%0Abut quorum queues are on
            ::warning file=etc/kolla/globals.yml,line=5,col=1,endLine=6,endColumn=4,title=RMQ101 transient-queue-mirroring::om_enable_rabbitmq_high_availability mirrors transient queues
            ::notice file=etc/kolla/globals.yml,line=20,col=3,endLine=20,endColumn=13,title=RMQ301 rpc-ttl-too-short::transport_url rabbit://openstack:******@10.0.0.1:5672,openstack:******@10.0.0.2:5672// uses ****** (see etc/kolla/passwords.yml:4:1: password ****** set here) (see etc/kolla/passwords.yml:9:3: and here)

            """
        #expect(Reporters.render(ReportFixture.report, as: .github) == expected)
    }

    @Test func githubEscapesPropertiesAndData() {
        #expect(GitHubReporter.escapeProperty("a,b:c%d\r\ne") == "a%2Cb%3Ac%25d%0D%0Ae")
        #expect(GitHubReporter.escapeData("a,b:c%d\r\ne") == "a,b:c%25d%0D%0Ae")
        let finding = Finding(ruleID: "RMQ501", slug: "x", severity: .info, message: "m\n::error::injected",
                              location: SourceLocation(path: "odd,dir/a:b%.cfg", line: 2, column: 3, length: 2),
                              semanticKey: "k")
        let output = GitHubReporter.render(LintReport(findings: [finding], rules: [], filesLinted: 1))
        #expect(output == "::notice file=odd%2Cdir/a%3Ab%25.cfg,line=2,col=3,endLine=2,endColumn=5,title=RMQ501 x::m%0A::error::injected\n")
    }

    @Test func githubWithoutFindingsIsEmpty() {
        #expect(Reporters.render(LintReport(findings: [], rules: [], filesLinted: 3), as: .github) == "")
    }

    // MARK: JSON

    @Test func jsonDocumentHasSpecShapeAndOrder() throws {
        let document = JSONReporter.document(ReportFixture.report)
        guard case .object(let top) = document else {
            Issue.record("not an object")
            return
        }
        #expect(top.map(\.0) == ["schemaVersion", "tool", "release", "rabbitmqVersion", "findings", "suppressed", "baselined", "absent", "summary",
                                  "releaseCandidates", "releaseEvidence", "skipped"])
        #expect(top[0].1 == .int(JSONReporter.schemaVersion))
        #expect(top[1].1 == .object([("name", .string("rmqlint")), ("version", .string(ToolInfo.version))]))
        #expect(top[2].1 == .string("2024.1"))
        #expect(top[3].1 == .string("3.13"))
        #expect(top[5].1 == .array([]) && top[6].1 == .array([]) && top[7].1 == .array([]))
        #expect(top[8].1 == .object([
            ("files", .int(14)), ("errors", .int(1)), ("warnings", .int(2)), ("infos", .int(1)),
            ("suppressed", .int(0)), ("baselined", .int(0)), ("absent", .int(0)), ("failed", .bool(true)),
            ("skipped", .int(0)),
        ]))
        #expect(top[9].1 == .array([]) && top[10].1 == .array([]) && top[11].1 == .array([]))
        guard case .array(let findings) = top[4].1 else {
            Issue.record("findings is not an array")
            return
        }
        #expect(findings.count == 4)
        let heartbeat = ReportFixture.heartbeat
        #expect(findings.first == .object([
            ("ruleId", .string("RMQ204")),
            ("slug", .string("pthread-heartbeat-on-eventlet")),
            ("severity", .string("error")),
            ("message", .string(heartbeat.message)),
            ("path", .string("etc/kolla/config/nova.conf")),
            ("line", .int(3)), ("column", .int(1)), ("endLine", .int(3)), ("endColumn", .int(20)),
            ("service", .string("nova-compute")),
            ("host", .string("compute01")),
            ("related", .array([.object([
                ("message", .string("enabled by the default section")),
                ("path", .string("etc/kolla/globals.yml")),
                ("line", .int(12)), ("column", .int(1)), ("endLine", .int(12)), ("endColumn", .int(6)),
            ])])),
            ("fingerprint", .string(heartbeat.fingerprint)),
            ("fixes", .array([])),
        ]))
        // Absent service and host are null; an empty range keeps end == start.
        #expect(findings.dropFirst().first == .object([
            ("ruleId", .string("RMQ201")),
            ("slug", .string("tcpka-not-split")),
            ("severity", .string("warning")),
            ("message", .string("rabbit_ha_queues: 100% mirrored,\nbut quorum queues are on")),
            ("path", .string("etc/kolla/config/nova.conf")),
            ("line", .int(7)), ("column", .int(5)), ("endLine", .int(7)), ("endColumn", .int(5)),
            ("service", .null),
            ("host", .null),
            ("related", .array([])),
            ("fingerprint", .string(ReportFixture.tcpka.fingerprint)),
            ("fixes", .array([])),
        ]))
        guard case .object(let ttl) = findings.last, let message = ttl.first(where: { $0.0 == "message" })?.1 else {
            Issue.record("no ttl finding")
            return
        }
        #expect(message == .string("transport_url rabbit://openstack:******@10.0.0.1:5672,openstack:******@10.0.0.2:5672// uses ******"))
    }

    @Test func jsonRenderingIsExact() {
        let finding = Finding(ruleID: "RMQ201", slug: "tcpka-not-split", severity: .warning,
                              message: "say \"hi\"", location: SourceLocation(path: "h.cfg", line: 2, column: 3, length: 4),
                              related: [RelatedLocation("defaults", at: SourceLocation(path: "h.cfg", line: 1, column: 1))],
                              semanticKey: "frontend rabbitmq/option tcpka")
        let report = LintReport(findings: [finding], rules: [], filesLinted: 1, failThreshold: .error)
        let expected = """
            {
              "schemaVersion": 1,
              "tool": {
                "name": "rmqlint",
                "version": "\(ToolInfo.version)"
              },
              "release": null,
              "rabbitmqVersion": null,
              "findings": [
                {
                  "ruleId": "RMQ201",
                  "slug": "tcpka-not-split",
                  "severity": "warning",
                  "message": "say \\"hi\\"",
                  "path": "h.cfg",
                  "line": 2,
                  "column": 3,
                  "endLine": 2,
                  "endColumn": 7,
                  "service": null,
                  "host": null,
                  "related": [
                    {
                      "message": "defaults",
                      "path": "h.cfg",
                      "line": 1,
                      "column": 1,
                      "endLine": 1,
                      "endColumn": 1
                    }
                  ],
                  "fingerprint": "\(finding.fingerprint)",
                  "fixes": []
                }
              ],
              "suppressed": [],
              "baselined": [],
              "absent": [],
              "summary": {
                "files": 1,
                "errors": 0,
                "warnings": 1,
                "infos": 0,
                "suppressed": 0,
                "baselined": 0,
                "absent": 0,
                "failed": false,
                "skipped": 0
              },
              "releaseCandidates": [],
              "releaseEvidence": [],
              "skipped": []
            }

            """
        #expect(Reporters.render(report, as: .json) == expected)
        let parsed = try? JSONSerialization.jsonObject(with: Data(expected.utf8))
        #expect(parsed != nil)
    }

    // MARK: SARIF

    @Test func sarifFieldsAreFilled() throws {
        let sarif = try parse(Reporters.render(ReportFixture.report, as: .sarif))
        #expect(sarif["$schema"] as? String == "https://json.schemastore.org/sarif-2.1.0.json")
        #expect(sarif["version"] as? String == "2.1.0")
        let runs = try #require(sarif["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let run = try #require(runs.first)
        #expect(run["columnKind"] as? String == "unicodeCodePoints")
        let invocations = try #require(run["invocations"] as? [[String: Any]])
        #expect(invocations.count == 1)
        #expect(invocations.first?["executionSuccessful"] as? Bool == true)
        #expect(invocations.first?["exitCode"] as? Int == 1)
        #expect(invocations.first?["toolExecutionNotifications"] == nil)

        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "rmqlint")
        #expect(driver["version"] as? String == ToolInfo.version)
        #expect(driver["semanticVersion"] as? String == ToolInfo.version)
        #expect(driver["informationUri"] as? String == ToolInfo.informationURI)

        // Only the rules that fired, sorted by id.
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.compactMap { $0["id"] as? String } == ["RMQ101", "RMQ201", "RMQ204", "RMQ301"])
        let rule = try #require(rules.dropFirst(2).first)
        #expect(rule["name"] as? String == "pthread-heartbeat-on-eventlet")
        #expect((rule["shortDescription"] as? [String: Any])?["text"] as? String == "Summary of pthread-heartbeat-on-eventlet.")
        #expect((rule["fullDescription"] as? [String: Any])?["text"] as? String == "Checks pthread-heartbeat-on-eventlet.")
        #expect(rule["helpUri"] as? String == ToolInfo.helpURI(forRule: "RMQ204"))
        #expect((rule["defaultConfiguration"] as? [String: Any])?["level"] as? String == "error")
        let properties = try #require(rule["properties"] as? [String: Any])
        #expect(properties["tags"] as? [String] == ["rabbitmq", "Heartbeats and keep-alives"])
        #expect(properties["precision"] as? String == "high")
        let help = try #require(rule["help"] as? [String: Any])
        #expect(help["markdown"] as? String == """
            ## What it does
            Checks pthread-heartbeat-on-eventlet.

            ## Why is this bad?
            Because pthread-heartbeat-on-eventlet breaks clouds.

            ## Use instead
            Fix pthread-heartbeat-on-eventlet.

            ## Applies to
            Kolla-Ansible 2023.1 and later.

            ## References
            - https://example.org/RMQ204
            - kolla-ansible ansible/group_vars/all.yml@stable/2024.1
            """)
        #expect((help["text"] as? String)?.hasPrefix("What it does\nChecks pthread-heartbeat-on-eventlet.\n\nWhy is this bad?\nBecause") == true)
        #expect((rules.last?["defaultConfiguration"] as? [String: Any])?["level"] as? String == "note")

        // Results in report order, each pointing at its own rule.
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 4)
        #expect(results.compactMap { $0["ruleId"] as? String } == ["RMQ204", "RMQ201", "RMQ101", "RMQ301"])
        #expect(results.compactMap { $0["ruleIndex"] as? Int } == [2, 1, 0, 3])
        for result in results {
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == result["ruleId"] as? String)
        }
        #expect(results.compactMap { $0["level"] as? String } == ["error", "warning", "warning", "note"])

        let first = try #require(results.first)
        #expect((first["message"] as? [String: Any])?["text"] as? String == ReportFixture.heartbeat.message)
        let location = try #require((first["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        let artifact = try #require(location["artifactLocation"] as? [String: Any])
        #expect(artifact["uri"] as? String == "etc/kolla/config/nova.conf")
        #expect(artifact["uriBaseId"] as? String == "%SRCROOT%")
        #expect(location["region"] as? [String: Int] == ["startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 20])
        #expect(first["partialFingerprints"] as? [String: String] == ["rmqlint/v1": ReportFixture.heartbeat.fingerprint])
        #expect(first["properties"] as? [String: String] == ["service": "nova-compute", "host": "compute01"])
        let related = try #require(first["relatedLocations"] as? [[String: Any]])
        #expect(related.count == 1)
        #expect(related.first?["id"] as? Int == 1)
        #expect((related.first?["message"] as? [String: Any])?["text"] as? String == "enabled by the default section")
        let relatedLocation = try #require(related.first?["physicalLocation"] as? [String: Any])
        #expect((relatedLocation["artifactLocation"] as? [String: Any])?["uri"] as? String == "etc/kolla/globals.yml")
        #expect(relatedLocation["region"] as? [String: Int] == ["startLine": 12, "startColumn": 1, "endLine": 12, "endColumn": 6])

        // An empty range is widened to one column; no properties without service or host.
        let second = try #require(results.dropFirst().first)
        let secondRegion = (((second["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"]) as? [String: Int]
        #expect(secondRegion == ["startLine": 7, "startColumn": 5, "endLine": 7, "endColumn": 6])
        #expect(second["properties"] == nil)
        #expect(second["relatedLocations"] == nil)
        // A multi-line range keeps its end.
        let thirdRegion = ((((results.dropFirst(2).first)?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"]) as? [String: Int]
        #expect(thirdRegion == ["startLine": 5, "startColumn": 1, "endLine": 6, "endColumn": 4])

        let last = try #require(results.last)
        #expect((last["relatedLocations"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [1, 2])
    }

    @Test func sarifFingerprintIgnoresLines() throws {
        var moved = ReportFixture.heartbeat
        moved.location = SourceLocation(path: ReportFixture.nova, line: 40, column: 9)
        #expect(moved.fingerprint == ReportFixture.heartbeat.fingerprint)
        let sarif = try parse(SARIFReporter.render(LintReport(findings: [moved], rules: ReportFixture.rules, filesLinted: 1)))
        let result = try #require(((sarif["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])?.first)
        #expect(result["partialFingerprints"] as? [String: String] == ["rmqlint/v1": ReportFixture.heartbeat.fingerprint])
    }

    @Test func sarifURIs() {
        #expect(SARIFReporter.artifactLocation("etc/kolla/globals.yml")
            == .object([("uri", .string("etc/kolla/globals.yml")), ("uriBaseId", .string("%SRCROOT%"))]))
        #expect(SARIFReporter.artifactLocation("./etc/my config/nova%.conf")
            == .object([("uri", .string("etc/my%20config/nova%25.conf")), ("uriBaseId", .string("%SRCROOT%"))]))
        #expect(SARIFReporter.artifactLocation("c:x/a#b?c[d]é.cfg")
            == .object([("uri", .string("c%3Ax/a%23b%3Fc%5Bd%5D%C3%A9.cfg")), ("uriBaseId", .string("%SRCROOT%"))]))
        #expect(SARIFReporter.artifactLocation("/etc/kolla/globals.yml")
            == .object([("uri", .string("file:///etc/kolla/globals.yml"))]))
        #expect(SARIFReporter.artifactLocation("/srv/a b/x.cfg")
            == .object([("uri", .string("file:///srv/a%20b/x.cfg"))]))
    }

    @Test func sarifRuleMissingFromTheCatalogueStillGetsADescriptor() throws {
        let finding = Finding(ruleID: "RMQ001", slug: "invalid-input", severity: .error, message: "",
                              location: SourceLocation(path: "/tmp/x.yml", line: 0, column: 0), semanticKey: "k")
        let report = LintReport(findings: [finding, ReportFixture.tcpka], rules: ReportFixture.rules, filesLinted: 2)
        let sarif = try parse(SARIFReporter.render(report))
        let run = try #require((sarif["runs"] as? [[String: Any]])?.first)
        let rules = try #require((run["tool"] as? [String: Any]).flatMap { $0["driver"] as? [String: Any] }?["rules"] as? [[String: Any]])
        #expect(rules.compactMap { $0["id"] as? String } == ["RMQ001", "RMQ201"])
        #expect(rules.first?["name"] as? String == "invalid-input")
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.compactMap { $0["ruleIndex"] as? Int } == [0, 1])
        let first = try #require(results.first)
        // An empty message falls back to something non-empty; positions are clamped to 1.
        #expect((first["message"] as? [String: Any])?["text"] as? String == "RMQ001 invalid-input")
        let location = try #require((first["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect(location["artifactLocation"] as? [String: String] == ["uri": "file:///tmp/x.yml"])
        #expect(location["region"] as? [String: Int] == ["startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 2])
    }

    @Test func sarifEmptyMessageFallsBackToTheRuleSummary() throws {
        var finding = ReportFixture.tcpka
        finding.message = "  "
        let sarif = try parse(SARIFReporter.render(LintReport(findings: [finding], rules: ReportFixture.rules, filesLinted: 1)))
        let result = try #require(((sarif["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])?.first)
        #expect((result["message"] as? [String: Any])?["text"] as? String == "Summary of tcpka-not-split.")
    }

    @Test func sarifWithoutFindingsHasEmptyRulesAndResults() throws {
        let sarif = try parse(SARIFReporter.render(LintReport(findings: [], rules: ReportFixture.rules, filesLinted: 3)))
        let run = try #require((sarif["runs"] as? [[String: Any]])?.first)
        #expect((run["results"] as? [Any])?.isEmpty == true)
        #expect(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"].map { ($0 as? [Any])?.isEmpty } == true)
        #expect((run["invocations"] as? [[String: Any]])?.first?["exitCode"] as? Int == 0)
    }

    @Test(.timeLimit(.minutes(2))) func sarifKeepsAtMost25000ResultsErrorsFirst() throws {
        // 20 infos sort first in report order; the remaining 24,990 are warnings and errors.
        let findings = (0..<25_010).map { index in
            let severity: Severity = index < 20 ? .info : (index % 1_000 == 999 ? .error : .warning)
            return Finding(ruleID: index < 20 ? "RMQ301" : "RMQ201", slug: "s", severity: severity, message: "finding \(index)",
                           location: SourceLocation(path: "f\(String(format: "%05d", index)).cfg", line: 1, column: 1),
                           semanticKey: "k")
        }
        let report = LintReport(findings: findings, rules: ReportFixture.rules, filesLinted: 25_010)
        let document = SARIFReporter.document(report)
        let run = try #require(member(document, "runs").flatMap(elements)?.first)
        let results = try #require(member(run, "results").flatMap(elements))
        #expect(results.count == 25_000)
        let messages = results.compactMap { member($0, "message").flatMap { member($0, "text") } }
        // The first 10 infos are kept (report order), the last 10 dropped; survivors stay in report order.
        #expect(messages.prefix(11) == (0..<10).map { JSONValue.string("finding \($0)") } + [.string("finding 20")])
        #expect(!messages.contains(.string("finding 10")) && !messages.contains(.string("finding 19")))
        #expect(messages.last == .string("finding 25009"))
        let errors = results.filter { member($0, "level") == .string("error") }
        #expect(errors.count == 25)

        let invocation = try #require(member(run, "invocations").flatMap(elements)?.first)
        #expect(member(invocation, "exitCode") == .int(1))
        let notifications = try #require(member(invocation, "toolExecutionNotifications").flatMap(elements))
        #expect(notifications.count == 1)
        #expect(member(notifications[0], "level") == .string("warning"))
        guard case .string(let text) = member(notifications[0], "message").flatMap({ member($0, "text") }) else {
            Issue.record("no notification text")
            return
        }
        #expect(text.contains("25010 results") && text.contains("at most 25000") && text.contains("10 lower-severity results were dropped"))
    }

    @Test func sarifCapWithSmallLimitValidates() throws {
        let sarif = SARIFReporter.render(ReportFixture.report, limit: 2)
        let parsed = try parse(sarif)
        let run = try #require((parsed["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        // Error first, then the first warning in report order; back in report order.
        #expect(results.compactMap { $0["ruleId"] as? String } == ["RMQ204", "RMQ201"])
        let rules = (((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]]) ?? []
        #expect(rules.compactMap { $0["id"] as? String } == ["RMQ201", "RMQ204"])
        #expect(results.compactMap { $0["ruleIndex"] as? Int } == [1, 0])
        try validateAgainstSchema(sarif, name: "capped")
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["RMQLINT_SKIP_SCHEMA"] != "1",
                   "RMQLINT_SKIP_SCHEMA=1 skips SARIF schema validation"))
    func sarifValidatesAgainstTheSchema() throws {
        try validateAgainstSchema(Reporters.render(ReportFixture.report, as: .sarif), name: "fixture")
        try validateAgainstSchema(Reporters.render(LintReport(findings: [], rules: [], filesLinted: 0), as: .sarif), name: "empty")
        let odd = Finding(ruleID: "RMQ001", slug: "invalid-input", severity: .error, message: "",
                          location: SourceLocation(path: "/abs/dir with space/x%.yml", line: 0, column: 0), semanticKey: "k")
        try validateAgainstSchema(
            Reporters.render(LintReport(findings: [odd, ReportFixture.ttl], rules: [], filesLinted: 2), as: .sarif), name: "odd")
    }

    // MARK: Suppressed, baselined, absent

    /// The fixture with the tcpka finding suppressed inline (reason quoting a secret), the
    /// mirroring finding baselined, and one baseline entry no longer found.
    static func gateReport(strict: Bool = false) throws -> LintReport {
        let directive = try #require(SuppressionParser.parse(
            comment: "# rmqlint: disable=RMQ201 -- accepted, see hunter2 ticket",
            at: SourceLocation(path: ReportFixture.nova, line: 6, column: 1, length: 56)))
        let gone = BaselineEntry(ruleID: "RMQ402", slug: "unused-rule", path: "etc/kolla/multinode",
                                 fingerprint: String(repeating: "ab", count: 16), key: "k", message: "even cluster, password s3cr3t")
        var report = ReportFixture.report
        report.findings = [ReportFixture.heartbeat, ReportFixture.ttl]
        report.suppressed = [SuppressedFinding(finding: ReportFixture.tcpka, directive: directive)]
        report.baselined = [ReportFixture.mirroring]
        report.baseline = BaselineComparison(
            path: ".rmqlint-baseline.json",
            fingerprints: [ReportFixture.mirroring.fingerprint, gone.fingerprint], absent: [gone], strict: strict)
        return report
    }

    @Test func textCountsSuppressedAndListsThemOnRequest() throws {
        let report = try Self.gateReport()
        let plain = Reporters.render(report, as: .text)
        #expect(plain.hasSuffix("""
            etc/kolla/multinode: note RMQ402 unused-rule: baselined finding no longer occurs (was: even cluster, password ******); remove it from the baseline with --write-baseline

            1 error, 0 warnings, 1 info in 14 files (1 suppressed, 1 baselined, 1 baseline entry no longer found).

            """))
        #expect(!plain.contains("(suppressed)") && !plain.contains("(baselined)"))
        let shown = Reporters.render(report, as: .text, style: ReportStyle(showSuppressed: true))
        #expect(shown.contains("""
            etc/kolla/config/nova.conf:7:5: warning RMQ201 tcpka-not-split (suppressed): rabbit_ha_queues: 100% mirrored,\\nbut quorum queues are on
                etc/kolla/config/nova.conf:6:1: note: suppressed here: accepted, see ****** ticket
            etc/kolla/globals.yml:5:1: warning RMQ101 transient-queue-mirroring (baselined): om_enable_rabbitmq_high_availability mirrors transient queues

            """))
        #expect(report.exitStatus == 1)   // the error, not the absent entry
        let strict = Reporters.render(try Self.gateReport(strict: true), as: .text)
        #expect(strict.contains("etc/kolla/multinode: error RMQ402 unused-rule: baselined finding no longer occurs"))
    }

    @Test func jsonListsSuppressedBaselinedAndAbsent() throws {
        let document = JSONReporter.document(try Self.gateReport())
        guard case .object(let top) = document,
              case .array(let suppressed)? = top.first(where: { $0.0 == "suppressed" })?.1,
              case .object(let entry)? = suppressed.first,
              case .array(let absent)? = top.first(where: { $0.0 == "absent" })?.1,
              case .object(let summary)? = top.first(where: { $0.0 == "summary" })?.1 else {
            Issue.record("unexpected JSON shape")
            return
        }
        #expect(entry.first { $0.0 == "ruleId" }?.1 == .string("RMQ201"))
        #expect(entry.last?.0 == "suppression")
        #expect(entry.last?.1 == .object([
            ("kind", .string("inSource")), ("justification", .string("accepted, see ****** ticket")),
            ("path", .string(ReportFixture.nova)), ("line", .int(6)), ("column", .int(1)),
        ]))
        #expect(absent == [.object([
            ("ruleId", .string("RMQ402")), ("slug", .string("unused-rule")), ("path", .string("etc/kolla/multinode")),
            ("fingerprint", .string(String(repeating: "ab", count: 16))), ("message", .string("even cluster, password ******")),
        ])])
        #expect(summary.map(\.0) == ["files", "errors", "warnings", "infos", "suppressed", "baselined", "absent", "failed", "skipped"])
        #expect(summary.map(\.1)[4...6] == [.int(1), .int(1), .int(1)])
    }

    @Test func sarifCarriesSuppressionsAndBaselineStates() throws {
        let sarif = Reporters.render(try Self.gateReport(strict: true), as: .sarif)
        let run = try #require((try parse(sarif)["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.map { "\($0["ruleId"] ?? "") \($0["baselineState"] ?? "-")" } == [
            "RMQ204 new", "RMQ201 new", "RMQ101 unchanged", "RMQ301 new", "RMQ402 absent",
        ])
        let suppressions = try #require(results[1]["suppressions"] as? [[String: Any]])
        #expect(suppressions.count == 1)
        #expect(suppressions.first?["kind"] as? String == "inSource")
        #expect(suppressions.first?["justification"] as? String == "accepted, see ****** ticket")
        let absent = results[4]
        #expect(absent["level"] as? String == "error")
        #expect((absent["partialFingerprints"] as? [String: String])?["rmqlint/v1"] == String(repeating: "ab", count: 16))
        let region = (((absent["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Int])
        #expect(region == ["startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 2])
        #expect(!sarif.contains("hunter2") && !sarif.contains("s3cr3t"))
        try validateAgainstSchema(sarif, name: "gate")
        // Without a baseline, no result has a baselineState.
        #expect(!Reporters.render(ReportFixture.report, as: .sarif).contains("baselineState"))
    }

    @Test func sarifCapKeepsFindingsNeedingAttentionFirst() throws {
        let sarif = SARIFReporter.render(try Self.gateReport(), limit: 2)
        let run = try #require((try parse(sarif)["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        // The error and the info finding beat the suppressed, baselined and absent results.
        #expect(results.compactMap { $0["ruleId"] as? String } == ["RMQ204", "RMQ301"])
        #expect(SARIFReporter.droppedResults(try Self.gateReport(), limit: 2) == 3)
        #expect(SARIFReporter.droppedResults(try Self.gateReport()) == 0)
    }

    @Test func githubAnnotatesAbsentEntriesButNotSuppressedFindings() throws {
        let lines = Reporters.render(try Self.gateReport(strict: true), as: .github).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(!lines.contains { $0.contains("RMQ201") || $0.contains("RMQ101") })
        #expect(lines.last == "::error file=etc/kolla/multinode,title=RMQ402 unused-rule::Baselined finding no longer occurs (was: even cluster, password ******); remove it from the baseline with --write-baseline")
    }

    @Test func statisticsCountFindingsPerRule() throws {
        var report = ReportFixture.report
        var second = ReportFixture.tcpka
        second.location = SourceLocation(path: ReportFixture.globals, line: 30, column: 1)
        report.findings.append(second)
        let text = Reporters.render(report, as: .text, style: ReportStyle(statistics: true))
        #expect(text == """
            2  RMQ201  warning  tcpka-not-split
            1  RMQ101  warning  transient-queue-mirroring
            1  RMQ204  error    pthread-heartbeat-on-eventlet
            1  RMQ301  info     rpc-ttl-too-short

            1 error, 3 warnings, 1 info in 14 files.

            """)
        // Suppressed findings are not counted as findings; the summary still mentions them.
        let gate = Reporters.render(try Self.gateReport(), as: .text, style: ReportStyle(statistics: true))
        #expect(gate.hasPrefix("1  RMQ204  error    pthread-heartbeat-on-eventlet\n1  RMQ301  info     rpc-ttl-too-short\n"))
        #expect(!gate.contains("RMQ201"))
    }

    @Test func quietPrintsFindingsOnly() throws {
        let report = ReportFixture.report
        let full = Reporters.render(report, as: .text)
        let quiet = Reporters.render(report, as: .text, style: ReportStyle(quiet: true))
        #expect(full.hasPrefix(quiet) && full.hasSuffix("1 error, 2 warnings, 1 info in 14 files.\n"))
        #expect(quiet.split(separator: "\n").allSatisfy { $0.hasPrefix("etc/kolla/") || $0.hasPrefix("    etc/kolla/") })
        var clean = report
        clean.findings = []
        #expect(Reporters.render(clean, as: .text, style: ReportStyle(quiet: true)) == "")
        #expect(Reporters.render(clean, as: .text) == "No problems found in 14 files.\n")
    }

    /// GitHub keeps 10 annotations of each kind per step: past that, one plain line says so.
    @Test func githubSaysWhenAnnotationsExceedGitHubsLimit() throws {
        var report = ReportFixture.report
        let atLimit = (1...GitHubReporter.annotationsPerKind).map { line in
            var finding = ReportFixture.tcpka
            finding.location = SourceLocation(path: ReportFixture.globals, line: 100 + line, column: 1)
            return finding
        }
        report.findings = atLimit
        let ten = Reporters.render(report, as: .github)
        #expect(ten.split(separator: "\n").count == 10 && ten.split(separator: "\n").allSatisfy { $0.hasPrefix("::warning ") })
        report.findings = atLimit + [ReportFixture.tcpka, ReportFixture.heartbeat]
        let lines = Reporters.render(report, as: .github).split(separator: "\n")
        #expect(lines.count == 13)
        #expect(lines.last.map(String.init) == "rmqlint: 1 error, 11 warnings: GitHub shows at most 10 annotations of each kind per step (50 per job) "
                + "and drops the rest; the job log above lists all of them, and --format text or sarif reports them too")
    }

    @Test func sarifCanOmitSuppressedAndBaselinedFindings() throws {
        let report = try Self.gateReport(strict: true)
        let omitted = report.omittingSuppressed()
        #expect(omitted.exitStatus == report.exitStatus)
        let all = try parse(Reporters.render(report, as: .sarif))
        let some = try parse(Reporters.render(omitted, as: .sarif))
        func results(_ document: [String: Any]) -> [[String: Any]] {
            ((document["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        }
        #expect(results(all).count == 5)
        #expect(results(all).contains { $0["suppressions"] != nil })
        #expect(results(all).contains { $0["baselineState"] as? String == "unchanged" })
        // The findings needing attention and the absent baseline entry remain.
        #expect(results(some).count == 3)
        #expect(!results(some).contains { $0["suppressions"] != nil })
        #expect(!results(some).contains { $0["baselineState"] as? String == "unchanged" })
        #expect(results(some).contains { $0["baselineState"] as? String == "absent" })
        try validateAgainstSchema(Reporters.render(omitted, as: .sarif), name: "omitted")
    }

    @Test func severityOverridesAreListedForTheRulesThatFired() throws {
        var report = ReportFixture.report
        report.severityOverrides = ["RMQ201": .error, "RMQ999": .info]
        let sarif = Reporters.render(report, as: .sarif)
        let run = try #require((try parse(sarif)["runs"] as? [[String: Any]])?.first)
        let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
        let overrides = try #require(invocation["ruleConfigurationOverrides"] as? [[String: Any]])
        #expect(overrides.count == 1)
        #expect((overrides.first?["descriptor"] as? [String: Any])?["id"] as? String == "RMQ201")
        #expect((overrides.first?["descriptor"] as? [String: Any])?["index"] as? Int == 1)
        #expect((overrides.first?["configuration"] as? [String: Any])?["level"] as? String == "error")
        try validateAgainstSchema(sarif, name: "overrides")
    }

    // MARK: Secrets

    @Test func secretsNeverAppearInAnyFormat() {
        var report = ReportFixture.report
        var withSecretsEverywhere = ReportFixture.heartbeat
        withSecretsEverywhere.service = "svc-hunter2"
        withSecretsEverywhere.host = "host-s3cr3t"
        withSecretsEverywhere.related.append(RelatedLocation("rabbit://u:plainpw@h//", at: SourceLocation(path: "x", line: 1, column: 1)))
        report.findings.append(withSecretsEverywhere)
        for format in ReportFormat.allCases {
            for colour in [false, true] {
                let output = Reporters.render(report, as: format, style: ReportStyle(colour: colour))
                for secret in ReportFixture.secrets + ["plainpw"] {
                    #expect(!output.contains(secret), "\(format) output contains \(secret)")
                }
                #expect(output.contains("******"), "\(format) output masks nothing")
            }
        }
    }

    @Test func formatsHaveStableNames() {
        #expect(ReportFormat.allCases.map(\.rawValue) == ["text", "json", "sarif", "github"])
        #expect(ReportFormat(rawValue: "sarif") == .sarif)
        let report = ReportFixture.report
        #expect(Reporters.TextReporter.render(report) == Reporters.render(report, as: .text))
        #expect(Reporters.JSONReporter.render(report) == Reporters.render(report, as: .json))
        #expect(Reporters.SARIFReporter.render(report) == Reporters.render(report, as: .sarif))
        #expect(Reporters.GitHubReporter.render(report) == Reporters.render(report, as: .github))
    }

    @Test func outputIsDeterministic() {
        for format in ReportFormat.allCases {
            #expect(Reporters.render(ReportFixture.report, as: format) == Reporters.render(ReportFixture.report, as: format))
        }
    }

    // MARK: Helpers

    private func parse(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    private func member(_ value: JSONValue, _ key: String) -> JSONValue? {
        guard case .object(let members) = value else { return nil }
        return members.first { $0.0 == key }?.1
    }

    private func elements(_ value: JSONValue) -> [JSONValue]? {
        guard case .array(let items) = value else { return nil }
        return items
    }

    /// Validates `sarif` with Python's `jsonschema` against the vendored SARIF 2.1.0 schema
    /// (`Tests/Schemas/sarif-schema-2.1.0.json`).
    /// Missing schema, python3 or jsonschema is a failure, not a silent pass, unless
    /// `RMQLINT_SKIP_SCHEMA=1`.
    private func validateAgainstSchema(_ sarif: String, name: String) throws {
        if ProcessInfo.processInfo.environment["RMQLINT_SKIP_SCHEMA"] == "1" { return }
        // Tests/RMQLintCoreTests/ReporterTests.swift → package root.
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let schema = root.appendingPathComponent("Tests/Schemas/sarif-schema-2.1.0.json")
        guard FileManager.default.fileExists(atPath: schema.path) else {
            Issue.record("SARIF schema missing at \(schema.path)")
            return
        }
        let check = try runPython(["-c", "import json, jsonschema"])
        guard check.status == 0 else {
            Issue.record("python3 with the jsonschema module is needed to validate SARIF (\(check.stderr)); set RMQLINT_SKIP_SCHEMA=1 to skip")
            return
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rmqlint-\(name)-\(UUID().uuidString).sarif")
        try Data(sarif.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try runPython([
            "-c",
            "import json,jsonschema,sys; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))",
            file.path, schema.path,
        ])
        #expect(run.status == 0, "SARIF (\(name)) does not validate against \(schema.path): \(run.stderr)")
    }

    private func runPython(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
