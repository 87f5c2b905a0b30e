import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintModel
@testable import RMQLintSource

/// Reports are written in pieces to a sink (never held whole): the bytes must be the ones
/// the whole-document rendering gives, whatever the number of findings around the piece and
/// batch sizes, and a destination that fails must stop the writing with its reason.
@Suite("Report streaming")
struct ReportStreamingTests {
    /// A report of `count` findings (plus suppressed and baselined ones, and absent baseline
    /// entries) whose messages hold JSON escapes, control characters, non-ASCII text, the
    /// characters GitHub escapes and secrets to redact.
    static func report(findings count: Int) -> LintReport {
        let severities: [Severity] = [.error, .warning, .info]
        func finding(_ index: Int, prefix: String) -> Finding {
            Finding(
                ruleID: "RMQ20\(index % 3)", slug: "slug-\(index % 3)", severity: severities[index % 3],
                message: "\(prefix) \(index): \"q\" \\ é — 🐇 \u{2028} tab\t nl\nctl\u{01} 100%, a:b hunter2 "
                    + "rabbit://openstack:s3cr3t@10.0.0.\(index % 250):5672//",
                location: SourceLocation(path: "etc/kolla/config/nova/host\(index % 17).conf", line: index + 1, column: 1 + index % 5, length: index % 4),
                service: index % 2 == 0 ? "nova-compute" : nil, host: index % 3 == 0 ? "compute\(index)" : nil,
                related: index % 4 == 0
                    ? [RelatedLocation("set here with hunter2 ✓", at: SourceLocation(path: "etc/kolla/globals.yml", line: 3, column: 1, length: 2))]
                    : [],
                semanticKey: "\(prefix)-\(index)")
        }
        let findings = (0..<count).map { finding($0, prefix: "f") }.sorted(by: Finding.reportOrder)
        let suppressed = (0..<(count / 3)).map { index in
            SuppressedFinding(
                finding: finding(index, prefix: "s"),
                directive: SuppressionDirective(
                    scope: .line, rules: [], reason: index % 2 == 0 ? "known: hunter2 ✓" : nil,
                    location: SourceLocation(path: "etc/kolla/globals.yml", line: index + 1, column: 1)))
        }
        let baselined = (0..<(count / 5)).map { finding($0, prefix: "b") }.sorted(by: Finding.reportOrder)
        var report = LintReport(
            findings: findings, rules: ReportFixture.rules, release: "2024.1", rabbitmqVersion: "3.13",
            filesLinted: 40, redactor: Redactor(secrets: ReportFixture.secrets), suppressed: suppressed, baselined: baselined)
        let absent = (0..<(count / 7)).map { index in
            BaselineEntry(ruleID: "RMQ101", slug: "gone", path: "etc/kolla/old\(index).yml", fingerprint: "fp\(index)",
                          message: "was hunter2 é")
        }
        report.baseline = BaselineComparison(path: "baseline.json", fingerprints: Set(baselined.map(\.fingerprint)), absent: absent, strict: false)
        return report
    }

    /// The bytes `format` writes to a sink that hands over every `bufferSize` bytes.
    static func streamed(_ report: LintReport, as format: ReportFormat, bufferSize: Int, style: ReportStyle = .init()) -> [UInt8] {
        var received: [UInt8] = []
        let sink = ReportSink(bufferSize: bufferSize) { bytes in
            received.append(contentsOf: bytes)
            return nil
        }
        Reporters.write(report, as: format, style: style, to: sink)
        #expect(sink.bytes.isEmpty, "everything was handed over")
        return received
    }

    /// Counts around the pieces (256 elements, written on every core) and the batches
    /// (1,024 elements alive at once), and three batches whose last has fewer pieces than
    /// the others (each piece's buffer is refilled batch after batch).
    static let counts = [0, 1, 255, 256, 257, 1023, 1024, 1025, 2 * 1024 + 300]

    @Test(arguments: counts)
    func jsonAndSARIFStreamAsTheWholeDocument(count: Int) throws {
        let report = Self.report(findings: count)
        let json = JSONReporter.document(report).rendered()
        let sarif = SARIFReporter.document(report).rendered()
        #expect(json.contains("hunter2") == false && json.contains("s3cr3t") == false)
        for bufferSize in [7, 4096, 1 << 16] {
            #expect(String(decoding: Self.streamed(report, as: .json, bufferSize: bufferSize), as: UTF8.self) == json, "\(count) findings, buffer \(bufferSize)")
            #expect(String(decoding: Self.streamed(report, as: .sarif, bufferSize: bufferSize), as: UTF8.self) == sarif, "\(count) findings, buffer \(bufferSize)")
        }
        #expect(Reporters.render(report, as: .json) == json)
        #expect(Reporters.render(report, as: .sarif) == sarif)
        // Every finding is there, in order.
        let findings = try #require(JSONReporter.document(report).member("findings"))
        guard case .array(let items) = findings else { Issue.record("findings is not an array"); return }
        #expect(items.count == count)
    }

    /// Findings are written as bytes by one shaping function, and built as values by the
    /// same function for ``JSONReporter/document(_:)``: the bytes must be what the value
    /// renders, with fixes of every edit kind, escapes, non-ASCII text and secrets.
    @Test func findingBytesAreWhatTheirValueRenders() {
        let location = SourceLocation(path: "etc/kolla/config/nova.conf", line: 2, column: 3, length: 4)
        let fixes = [
            Fix("set \"x\" to hunter2 ✓\n", .safe, edits: [
                .replace(location, with: "heartbeat = 60\t# é \u{2028}"),
                .createFile(path: "etc/kolla/config/new\u{01}.conf", text: "[DEFAULT]\npassword = hunter2\n"),
                .rename(from: "a/b.conf", to: "a/c \\ d.conf"),
                .deleteLines(path: "x.conf", lines: 3...5),
                .insertLineAfter(path: "h.cfg", line: 7, text: "timeout client 1m rabbit://u:s3cr3t@h//", indentLike: nil),
                .insertLine(path: "n.conf", section: "oslo_messaging_rabbit", line: "k = 🐇"),
            ]),
            Fix("", .unsafe, edits: []),
        ]
        var findings = [Finding(
            ruleID: "RMQ201", slug: "s", severity: .warning, message: "m", location: location,
            service: "nova-compute", host: "cmp\"01", semanticKey: "k", fixes: fixes)]
        findings += Self.report(findings: 9).findings
        var report = Self.report(findings: 0)
        report.findings = findings.sorted(by: Finding.reportOrder)
        report.baselined = findings
        let json = JSONReporter.document(report).rendered()
        #expect(Reporters.render(report, as: .json) == json)
        #expect(json.contains("\"edits\": [\n") && json.contains("\"kind\": \"insertLine\"") && json.contains("\"fixes\": []"))
        #expect(!json.contains("hunter2") && !json.contains("s3cr3t"))
    }

    /// SARIF results are written as bytes by one shaping function, and built as values by
    /// the same function for ``SARIFReporter/document(_:limit:)``: the bytes must be what
    /// the value renders, and a result holds exactly the layout the log had when it was a
    /// value tree (checked member by member below: fixes of every edit kind, an empty
    /// region, a created file, a suppression with and without a reason, escapes, secrets).
    @Test func sarifResultBytesAreWhatTheirValueRenders() {
        let location = SourceLocation(path: "etc/kolla/config/nova.conf", line: 2, column: 3, length: 4)
        let finding = Finding(
            ruleID: "RMQ201", slug: "s", severity: .warning, message: "m \"é\" hunter2", location: location,
            service: "nova-compute", host: "cmp\"01", semanticKey: "k",
            fixes: [
                Fix("set \"x\" to hunter2 ✓\n", .safe, edits: [
                    .replace(location, with: "heartbeat = 60\t# é \u{2028}"),
                    .replace(SourceLocation(path: "etc/kolla/config/nova.conf", line: 5, column: 1), with: "k = v\n"),
                    .replace(SourceLocation(path: "etc/kolla/config/nova.conf", line: 7, column: 1, length: 3), with: ""),
                    .createFile(path: "etc/kolla/config/new.conf", text: "[DEFAULT]\npassword = hunter2\n"),
                ]),
                Fix("rename", .unsafe, edits: [.rename(from: "a/b.conf", to: "a/c.conf")]),
                Fix("", .unsafe, edits: []),
            ])
        let directive = SuppressionDirective(
            scope: .line, rules: [], reason: "known: hunter2 ✓", location: SourceLocation(path: "/abs/globals.yml", line: 4, column: 1))
        var report = Self.report(findings: 0)
        report.findings = []
        report.suppressed = [SuppressedFinding(finding: finding, directive: directive)]
        report.baseline = nil
        let sarif = SARIFReporter.document(report).rendered()
        #expect(Reporters.render(report, as: .sarif) == sarif)
        let results = sarif.components(separatedBy: "\"results\": [\n")[1].components(separatedBy: "\n      ],\n")[0]
        let expected = """
                {
                  "ruleId": "RMQ201",
                  "ruleIndex": 0,
                  "level": "warning",
                  "message": {
                    "text": "m \\"é\\" ******"
                  },
                  "locations": [
                    {
                      "physicalLocation": {
                        "artifactLocation": {
                          "uri": "etc/kolla/config/nova.conf",
                          "uriBaseId": "%SRCROOT%"
                        },
                        "region": {
                          "startLine": 2,
                          "startColumn": 3,
                          "endLine": 2,
                          "endColumn": 7
                        }
                      }
                    }
                  ],
                  "partialFingerprints": {
                    "rmqlint/v1": "\(finding.fingerprint)"
                  },
                  "fixes": [
                    {
                      "description": {
                        "text": "set \\"x\\" to ****** ✓\\n"
                      },
                      "artifactChanges": [
                        {
                          "artifactLocation": {
                            "uri": "etc/kolla/config/nova.conf",
                            "uriBaseId": "%SRCROOT%"
                          },
                          "replacements": [
                            {
                              "deletedRegion": {
                                "startLine": 2,
                                "startColumn": 3,
                                "endLine": 2,
                                "endColumn": 7
                              },
                              "insertedContent": {
                                "text": "heartbeat = 60\\t# é \\u2028"
                              }
                            },
                            {
                              "deletedRegion": {
                                "startLine": 5,
                                "startColumn": 1,
                                "endColumn": 1
                              },
                              "insertedContent": {
                                "text": "k = v\\n"
                              }
                            },
                            {
                              "deletedRegion": {
                                "startLine": 7,
                                "startColumn": 1,
                                "endLine": 7,
                                "endColumn": 4
                              }
                            }
                          ]
                        },
                        {
                          "artifactLocation": {
                            "uri": "etc/kolla/config/new.conf",
                            "uriBaseId": "%SRCROOT%"
                          },
                          "replacements": [
                            {
                              "deletedRegion": {
                                "startLine": 1,
                                "startColumn": 1,
                                "endColumn": 1
                              },
                              "insertedContent": {
                                "text": "[DEFAULT]\\npassword = ******\\n"
                              }
                            }
                          ]
                        }
                      ],
                      "properties": {
                        "applicability": "safe"
                      }
                    }
                  ],
                  "suppressions": [
                    {
                      "kind": "inSource",
                      "justification": "known: ****** ✓",
                      "location": {
                        "physicalLocation": {
                          "artifactLocation": {
                            "uri": "file:///abs/globals.yml"
                          },
                          "region": {
                            "startLine": 4,
                            "startColumn": 1,
                            "endLine": 4,
                            "endColumn": 2
                          }
                        }
                      }
                    }
                  ],
                  "properties": {
                    "service": "nova-compute",
                    "host": "cmp\\"01"
                  }
                }
        """
        #expect(results == expected)

        // Without a reason, the suppression has no justification; without service or host, no properties.
        var plain = finding
        plain.service = nil
        plain.host = nil
        plain.fixes = []
        var bare = directive
        bare.reason = nil
        report.suppressed = [SuppressedFinding(finding: plain, directive: bare)]
        let second = SARIFReporter.document(report).rendered()
        #expect(Reporters.render(report, as: .sarif) == second)
        #expect(!second.contains("justification"))
        #expect(!second.contains("\"fixes\""))
        #expect(!second.contains("\"properties\": {\n            \"service"))
        #expect(second.contains("\"kind\": \"inSource\",\n              \"location\": {\n                \"physicalLocation\": {"))
    }

    /// Integers are written digit by digit, as `String(_:)` spells them.
    @Test func integersAreWrittenAsTheirDecimalText() {
        for value in [0, 1, -1, 9, 10, -10, 99, 100, 12_345, Int(Int32.max), Int.max, Int.min, Int.min + 1] {
            var bytes: [UInt8] = []
            JSONValue.writeInt(value, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == String(value))
        }
    }

    /// A fingerprint member's digits, written into the bytes from the hash, are the string
    /// `Finding.fingerprint` spells: the hash of rule, path and key joined by U+001F.
    @Test func fingerprintDigitsAreTheFingerprint() {
        for (rule, path, key) in [("RMQ201", "etc/kolla/globals.yml", "k"), ("", "", ""), ("RMQ207", "é/🐇", "a\u{1F}b\"")] {
            let finding = Finding(
                ruleID: rule, slug: "s", severity: .info, message: "m",
                location: SourceLocation(path: path, line: 1, column: 1), semanticKey: key)
            #expect(finding.fingerprint == Fingerprint.hex("\(rule)\u{1F}\(path)\u{1F}\(key)"))
            var written: [UInt8] = []
            JSONObjectWriter.write(into: &written, indent: 2) { $0.add("fingerprint", fingerprint: finding.fingerprintHash) }
            var rendered: [UInt8] = []
            JSONValue.object([("fingerprint", .string(finding.fingerprint))]).write(to: &rendered, indent: 2)
            #expect(written == rendered)
        }
    }

    /// A short string member with nothing to escape is written whole with its name; every
    /// other string through the escaping path: the bytes are the value's rendering either way,
    /// at the length limit and past it, with each escaped character at the start, the middle
    /// and the end, and with non-ASCII text that needs no escape (`é`, `–`, which starts with
    /// 0xE2 as U+2028 does).
    @Test func shortStringMembersAreWhatTheirValueRenders() {
        let specials = ["\"", "\\", "\n", "\t", "\u{01}", "\u{7F}", "\u{2028}", "\u{2029}", "–", "é", "🐇", "a"]
        var strings = [""]
        for length in [1, 7, 8, 9, 15, 16, 17, 63, 120, 124, 125, 126, 127, 128, 129, 130, 200] {
            let plain = String(repeating: "x", count: length)
            strings.append(plain)
            for special in specials {
                strings.append(special + plain)
                strings.append(String(plain.prefix(length / 2)) + special + String(plain.dropFirst(length / 2)))
                strings.append(plain + special)
            }
        }
        for string in strings {
            var written: [UInt8] = []
            JSONObjectWriter.write(into: &written, indent: 2) {
                $0.add("name", string: string)
                $0.add("other", optional: string)
            }
            var rendered: [UInt8] = []
            JSONValue.object([("name", .string(string)), ("other", .string(string))]).write(to: &rendered, indent: 2)
            #expect(written == rendered, "\(string.debugDescription)")
        }
    }

    /// Text and GitHub: the streamed bytes are the findings' own lines, each once and in
    /// order (as rendering each finding alone gives them), then the trailer.
    @Test(arguments: [0, 1, 300, 1025])
    func textAndGitHubStreamEveryLineOnce(count: Int) {
        let report = Self.report(findings: count)
        func alone(_ finding: Finding, _ format: ReportFormat, _ style: ReportStyle) -> String {
            var single = report
            single.findings = [finding]
            single.suppressed = []
            single.baselined = []
            single.baseline = nil
            return Reporters.render(single, as: format, style: style)
        }
        let quiet = ReportStyle(quiet: true)
        let textLines = report.findings.map { alone($0, .text, quiet) }.joined()
        let githubLines = report.findings.map { alone($0, .github, .init()) }.joined()
        for style in [ReportStyle(), quiet, ReportStyle(showSuppressed: true), ReportStyle(statistics: true)] {
            let whole = Reporters.render(report, as: .text, style: style)
            for bufferSize in [7, 4096, 1 << 16] {
                #expect(String(decoding: Self.streamed(report, as: .text, bufferSize: bufferSize, style: style), as: UTF8.self) == whole)
            }
            if !style.statistics { #expect(whole.hasPrefix(textLines)) }
            #expect(!whole.contains("hunter2"))
        }
        let text = Reporters.render(report, as: .text)
        #expect(text.hasSuffix(TextReporter.summary(report) + "\n"))
        let github = Reporters.render(report, as: .github)
        #expect(github.hasPrefix(githubLines))
        #expect(!github.contains("hunter2"))
        for bufferSize in [7, 4096] {
            #expect(String(decoding: Self.streamed(report, as: .github, bufferSize: bufferSize), as: UTF8.self) == github)
        }
    }

    /// A destination that fails (a closed pipe, a full disk): the first reason is kept,
    /// nothing more is handed to it, and the reporter stops instead of shaping the rest.
    @Test(arguments: ReportFormat.allCases)
    func aFailingDestinationStopsTheReport(format: ReportFormat) {
        let report = Self.report(findings: 3000)
        let whole = Reporters.render(report, as: format).utf8.count
        var calls = 0, handed = 0
        let sink = ReportSink(bufferSize: 1024) { bytes in
            calls += 1
            if calls >= 3 { return "No space left on device" }
            handed += bytes.count
            return nil
        }
        Reporters.write(report, as: format, to: sink)
        #expect(sink.failure == "No space left on device")
        #expect(sink.failed)
        #expect(calls == 3, "nothing is handed over after the failure")
        #expect(handed < whole)
        sink.write("more")
        sink.flush()
        #expect(calls == 3)
    }
}

extension JSONValue {
    /// The member `name` of an object.
    func member(_ name: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == name }?.1
    }
}
