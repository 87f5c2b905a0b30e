import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintJinja
@testable import RMQLintKnowledge
@testable import RMQLintLoaders
@testable import RMQLintModel
@testable import RMQLintSource

/// Baselines: the file format (sorted, stable, redacted, versioned), fingerprints equal to
/// the findings' own, rebasing to another working directory, parse errors, and how a
/// report is judged against one.
@Suite("Baseline")
struct BaselineTests {
    static func finding(_ rule: String, _ path: String, line: Int, key: String, message: String = "m", severity: Severity = .warning) -> Finding {
        Finding(ruleID: rule, slug: "slug-\(rule)", severity: severity, message: message,
                location: RMQLintCore.SourceLocation(path: path, line: line, column: 1), semanticKey: key)
    }

    @Test func fingerprintFormulaIsTheFindingsOwn() {
        let finding = Self.finding("RMQ201", "etc/kolla/config/haproxy/services.d/rabbitmq.cfg", line: 5, key: "frontend f/option tcpka")
        #expect(Baseline.fingerprint(ruleID: finding.ruleID, path: finding.location.path, key: finding.semanticKey) == finding.fingerprint)
    }

    @Test func renderedFileIsSortedStableAndRedacted() throws {
        let findings = [
            Self.finding("RMQ203", "b.cfg", line: 9, key: "k2", message: "timeout 20s"),
            Self.finding("RMQ201", "b.cfg", line: 3, key: "k1"),
            Self.finding("RMQ201", "b.cfg", line: 30, key: "k1"),   // same fingerprint: recorded once
            Self.finding("RMQ001", "a.yml", line: 1, key: "parse:hunter2 is bad", message: "password hunter2"),
        ]
        let baseline = Baseline(findings: findings, redactor: Redactor(secrets: ["hunter2"]), directory: "/repo", currentDirectory: "/repo")
        let text = baseline.rendered()
        #expect(text == """
            {
              "version": 1,
              "tool": "rmqlint",
              "findings": [
                {
                  "ruleId": "RMQ001",
                  "slug": "slug-RMQ001",
                  "path": "a.yml",
                  "fingerprint": "\(findings[3].fingerprint)",
                  "key": null,
                  "message": "password ******"
                },
                {
                  "ruleId": "RMQ201",
                  "slug": "slug-RMQ201",
                  "path": "b.cfg",
                  "fingerprint": "\(findings[1].fingerprint)",
                  "key": "k1",
                  "message": "m"
                },
                {
                  "ruleId": "RMQ203",
                  "slug": "slug-RMQ203",
                  "path": "b.cfg",
                  "fingerprint": "\(findings[0].fingerprint)",
                  "key": "k2",
                  "message": "timeout 20s"
                }
              ]
            }

            """)
        #expect(!text.contains("hunter2"))
        // Order of findings does not matter; reading back gives the same entries.
        let again = Baseline(findings: findings.reversed(), redactor: Redactor(secrets: ["hunter2"]), directory: "/repo", currentDirectory: "/repo")
        #expect(again.rendered() == text)
        let parsed = try Baseline.parse(text, path: "base.json", directory: "/repo").get()
        #expect(parsed.entries == baseline.entries)
        #expect(parsed.rendered() == text)
    }

    @Test func pathsAreRelativeToTheBaselineAndFingerprintsFollowThem() throws {
        // Written from /repo/etc/kolla into /repo/base.json …
        let finding = Self.finding("RMQ201", "config/h.cfg", line: 2, key: "k")
        let baseline = Baseline(findings: [finding], redactor: Redactor(), directory: "/repo", currentDirectory: "/repo/etc/kolla")
        let entry = try #require(baseline.entries.first)
        #expect(entry.path == "etc/kolla/config/h.cfg")
        #expect(entry.fingerprint == Self.finding("RMQ201", "etc/kolla/config/h.cfg", line: 9, key: "k").fingerprint)
        // … it matches a run in /repo, and again one in /repo/etc/kolla.
        #expect(baseline.entries(seenFrom: "/repo") == baseline.entries)
        let seen = try #require(baseline.entries(seenFrom: "/repo/etc/kolla").first)
        #expect(seen.path == "config/h.cfg" && seen.fingerprint == finding.fingerprint)
        // Outside the baseline's directory, paths become absolute.
        #expect(baseline.entries(seenFrom: "/elsewhere").first?.path == "/repo/etc/kolla/config/h.cfg")
    }

    @Test func parseErrorsAreLocated() {
        func failure(_ text: String) -> String? {
            if case .failure(let error) = Baseline.parse(text, path: "base.json", directory: "/") { return error.description }
            return nil
        }
        #expect(failure("[]") == "base.json:1:1: error: not an rmqlint baseline (expected a JSON object)")
        #expect(failure("{\"findings\": []}") == "base.json:1:1: error: not an rmqlint baseline (no 'version')")
        #expect(failure("{\"version\": 2, \"findings\": []}") == "base.json:1:13: error: unsupported baseline version '2' (this rmqlint reads version 1)")
        #expect(failure("{\"version\": 1, \"findings\": {}}") == "base.json:1:28: error: 'findings' must be a list")
        #expect(failure("{\"version\": 1, \"findings\": [{\"ruleId\": \"RMQ201\", \"path\": \"a\", \"fingerprint\": \"xyz\"}]}")
            == "base.json:1:78: error: finding without a valid 'fingerprint' (32 hex digits)")
        #expect(failure("{\"version\": 1,\n \"findings\": [{\"path\": \"a\", \"fingerprint\": \"0123456789abcdef0123456789abcdef\"}]}")
            == "base.json:2:15: error: finding without 'ruleId'")
        #expect(failure("{\"version\": 1, \"findings\": [") != nil)
        #expect(failure("{\"version\": 1, \"findings\": []}") == nil)
    }

    @Test func unreadableBaselineIsOneLine() {
        let fs = InMemoryFileSystem(currentDirectory: "/repo")
        guard case .failure(let error) = Baseline.load("missing.json", fileSystem: fs) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.description == "missing.json: error: cannot read baseline: no such file")
    }

    // MARK: Judging a report

    @Test func reportAgainstBaseline() throws {
        let old = Self.finding("RMQ201", "h.cfg", line: 3, key: "old", severity: .error)
        let fixed = Self.finding("RMQ202", "h.cfg", line: 8, key: "fixed")
        let silenced = Self.finding("RMQ203", "h.cfg", line: 12, key: "silenced")
        let baseline = Baseline(findings: [old, fixed, silenced], redactor: Redactor(), directory: "/repo", currentDirectory: "/repo")

        let moved = Self.finding("RMQ201", "h.cfg", line: 40, key: "old", severity: .error)   // same key, new line
        let new = Self.finding("RMQ201", "h.cfg", line: 41, key: "new")
        let directive = try #require(SuppressionParser.parse(
            comment: "# rmqlint: disable=RMQ203 -- accepted", at: RMQLintCore.SourceLocation(path: "h.cfg", line: 11, column: 1)))
        var report = LintReport(
            findings: [moved, new], rules: [], filesLinted: 1,
            suppressed: [SuppressedFinding(finding: Self.finding("RMQ203", "h.cfg", line: 13, key: "silenced"), directive: directive)])
        report = report.applyingBaseline(baseline, path: "base.json", strict: false)

        #expect(report.findings.map(\.semanticKey) == ["new"])
        #expect(report.baselined.map(\.location.line) == [40])
        #expect(report.baseline?.absent.map(\.ruleID) == ["RMQ202"])
        #expect(report.exitStatus == 1)   // the new warning
        #expect(TextReporter.summary(report) == "0 errors, 1 warning, 0 info in 1 file (1 suppressed, 1 baselined, 1 baseline entry no longer found).")

        var clean = LintReport(findings: [moved], rules: [], filesLinted: 1)
        clean = clean.applyingBaseline(baseline, path: "base.json", strict: false)
        #expect(clean.exitStatus == 0)
        #expect(clean.baseline?.absent.count == 2)
        let strict = LintReport(findings: [moved], rules: [], filesLinted: 1).applyingBaseline(baseline, path: "base.json", strict: true)
        #expect(strict.exitStatus == 1)
        var never = strict
        never.failThreshold = .never
        #expect(never.exitStatus == 0)
    }
}
