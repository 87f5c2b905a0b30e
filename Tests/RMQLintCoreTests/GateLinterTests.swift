import Foundation
import Synchronization
import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintJinja
@testable import RMQLintKnowledge
@testable import RMQLintLoaders
@testable import RMQLintModel
@testable import RMQLintSource

/// The gate inside the engine, with small test rules: inline suppressions in each format
/// (files still read once), the audit of directives only for rules that ran, `exclude`,
/// `per_file_ignores`, severity overrides everywhere, the report scope, the configured
/// release, and a baseline that survives lines inserted above its findings.
@Suite("Gate in the linter")
struct GateLinterTests {
    // MARK: Test rules

    /// RMQ101: every global variable named `bad_*`, at its key.
    struct BadGlobalRule: Rule {
        static let description = RuleDescription(
            id: "RMQ101", slug: "bad-global", severity: .warning, summary: "s", whatItDoes: "w", whyItMatters: "y", fix: "f")
        func check(_ context: LintContext) -> [Finding] {
            context.model.deployments.flatMap { deployment in
                deployment.globals.values.filter { $0.name.hasPrefix("bad_") }.map {
                    finding("global \($0.name)", at: $0.location, key: "global:\($0.name)")
                }
            }
        }
    }

    /// RMQ201: every oslo.config entry named `bad`, and every HAProxy `option bad`.
    struct BadSettingRule: Rule {
        static let description = RuleDescription(
            id: "RMQ201", slug: "bad-setting", severity: .error, summary: "s", whatItDoes: "w", whyItMatters: "y", fix: "f")
        func check(_ context: LintContext) -> [Finding] {
            var findings: [Finding] = []
            for deployment in context.model.deployments {
                for file in deployment.osloFiles {
                    for section in file.document.sections {
                        for entry in section.entries where entry.key == "bad" {
                            findings.append(finding("bad entry", at: entry.keyLocation, key: "[\(section.name)]bad"))
                        }
                    }
                }
                for view in deployment.haproxy {
                    for proxy in view.model.proxies {
                        for directive in proxy.section.directives where directive.words == ["option", "bad"] {
                            findings.append(finding("option bad", at: directive.location, key: "\(proxy.name)/option bad"))
                        }
                    }
                }
            }
            return findings
        }
    }

    /// RMQ004: echoes every rule name of every directive that is not used, with its status.
    struct AuditEchoRule: SuppressionAuditRule {
        static let description = RuleDescription(
            id: "RMQ004", slug: "audit-echo", severity: .info, summary: "s", whatItDoes: "w", whyItMatters: "y", fix: "f")
        func check(_ context: LintContext) -> [Finding] {
            context.suppressions.flatMap { use in
                use.outcomes.filter { $0.status != .used }.map {
                    finding("\($0.name.value) \($0.status.rawValue)", at: $0.name.location, key: "\($0.name.value)")
                }
            }
        }
    }

    static let rules: [any Rule.Type] = [AuditEchoRule.self, BadGlobalRule.self, BadSettingRule.self]

    /// Counts reads per path, to prove suppressions cost no second read.
    final class CountingFileSystem: FileSystem, @unchecked Sendable {
        let base: InMemoryFileSystem
        let reads = Mutex<[String: Int]>([:])
        init(_ base: InMemoryFileSystem) { self.base = base }
        var currentDirectory: String { base.currentDirectory }
        func kind(of path: String) -> FileKind? { base.kind(of: path) }
        func contentsOfDirectory(_ path: String) -> [String]? { base.contentsOfDirectory(path) }
        func identity(of path: String) -> String? { base.identity(of: path) }
        func readFile(_ path: String, limit: Int) -> Result<[UInt8], FileReadError> {
            reads.withLock { $0[path, default: 0] += 1 }
            return base.readFile(path, limit: limit)
        }
    }

    static let globals = """
        openstack_release: "2024.1"
        bad_one: 1 # rmqlint: disable=RMQ101 -- accepted
        # rmqlint: disable=RMQ101
        bad_two: 2
        bad_three: 3

        """
    static let nova = """
        [DEFAULT]
        # rmqlint: disable=bad-setting -- reason
        bad = 1
        bad = 2  # rmqlint: disable=RMQ201 -- part of the value in oslo.config
        # rmqlint: disable=RMQ101 -- RMQ101 never fires here

        """
    static let haproxy = """
        # rmqlint: disable-file=RMQ201 -- whole file
        listen a
            option bad
            option bad # rmqlint: disable=RMQ201,RMQ999 -- also covered by the file directive

        """

    static func tree(globals: String = globals) -> InMemoryFileSystem {
        var fs = InMemoryFileSystem(currentDirectory: "/repo")
        fs.addFile("etc/kolla/globals.yml", contents: globals)
        fs.addFile("etc/kolla/config/nova.conf", contents: nova)
        fs.addFile("etc/kolla/config/haproxy/services.d/a.cfg", contents: haproxy)
        return fs
    }

    static func lint(_ fileSystem: any FileSystem, _ options: LintOptions = LintOptions()) throws -> LintReport {
        try Linter(rules: rules, fileSystem: fileSystem).lint(options).get().report
    }

    static func describe(_ findings: [Finding]) -> [String] {
        findings.map { "\($0.location.path):\($0.location.line):\($0.location.column): \($0.ruleID) \($0.message)" }
    }

    // MARK: Suppressions

    @Test func suppressionsInYAMLINIAndHAProxyFilesReadOnce() throws {
        let fs = CountingFileSystem(Self.tree())
        let report = try Self.lint(fs)
        #expect(Self.describe(report.findings) == [
            "etc/kolla/config/haproxy/services.d/a.cfg:4:42: RMQ004 RMQ999 unknownRule",
            "etc/kolla/config/nova.conf:4:1: RMQ201 bad entry",
            "etc/kolla/config/nova.conf:5:20: RMQ004 RMQ101 unused",
            "etc/kolla/globals.yml:5:1: RMQ101 global bad_three",
        ])
        #expect(report.suppressed.map { "\($0.finding.location.path):\($0.finding.location.line) by \($0.directive.line): \($0.directive.reason ?? "-")" } == [
            "etc/kolla/config/haproxy/services.d/a.cfg:3 by 1: whole file",
            "etc/kolla/config/haproxy/services.d/a.cfg:4 by 4: also covered by the file directive",
            "etc/kolla/config/nova.conf:3 by 2: reason",
            "etc/kolla/globals.yml:2 by 2: accepted",
            "etc/kolla/globals.yml:4 by 3: -",
        ])
        #expect(report.exitStatus == 1)
        #expect(fs.reads.withLock { $0 }.values.allSatisfy { $0 == 1 })
        #expect(fs.reads.withLock { $0.count } == 3)
    }

    @Test func directivesForRulesThatDidNotRunAreNotJudged() throws {
        let fs = Self.tree()
        var options = LintOptions()
        options.select = ["RMQ004", "RMQ201"]
        let selected = try Self.lint(fs, options)
        // RMQ101 did not run: its directives are neither used nor unused, but "not run".
        #expect(Self.describe(selected.findings).filter { $0.contains("RMQ004") } == [
            "etc/kolla/config/haproxy/services.d/a.cfg:4:42: RMQ004 RMQ999 unknownRule",
            "etc/kolla/config/nova.conf:5:20: RMQ004 RMQ101 notRun",
            "etc/kolla/globals.yml:2:31: RMQ004 RMQ101 notRun",
            "etc/kolla/globals.yml:3:20: RMQ004 RMQ101 notRun",
        ])
        // With only the audit selected, no directive was used.
        options.select = ["RMQ004"]
        let auditOnly = Self.describe(try Self.lint(fs, options).findings)
        #expect(auditOnly == [
            "etc/kolla/config/haproxy/services.d/a.cfg:1:25: RMQ004 RMQ201 notRun",
            "etc/kolla/config/haproxy/services.d/a.cfg:4:35: RMQ004 RMQ201 notRun",
            "etc/kolla/config/haproxy/services.d/a.cfg:4:42: RMQ004 RMQ999 unknownRule",
            "etc/kolla/config/nova.conf:2:20: RMQ004 bad-setting notRun",
            "etc/kolla/config/nova.conf:5:20: RMQ004 RMQ101 notRun",
            "etc/kolla/globals.yml:2:31: RMQ004 RMQ101 notRun",
            "etc/kolla/globals.yml:3:20: RMQ004 RMQ101 notRun",
        ])
        // per_file_ignores turning RMQ101 off for nova.conf also leaves its directive unjudged.
        options = LintOptions()
        options.perFileIgnores = [Configuration.PerFileIgnore(pattern: try #require(PathPattern("nova.conf")), rules: ["RMQ101"])]
        options.perFileIgnoresDirectory = "/repo"
        let ignored = Self.describe(try Self.lint(fs, options).findings)
        #expect(ignored.contains("etc/kolla/config/nova.conf:5:20: RMQ004 RMQ101 notRun"))
        #expect(!ignored.contains { $0.contains("RMQ101 unused") })
    }

    // MARK: Configuration effects

    @Test func excludedFilesAreNeitherReadNorReported() throws {
        let fs = CountingFileSystem(Self.tree())
        var options = LintOptions()
        options.exclude = PathPatternSet(directory: "/repo", patterns: [try #require(PathPattern("etc/kolla/config/haproxy"))])
        let report = try Self.lint(fs, options)
        #expect(!report.findings.contains { $0.location.path.contains("haproxy") })
        #expect(!report.suppressed.contains { $0.finding.location.path.contains("haproxy") })
        #expect(fs.reads.withLock { $0.keys.sorted() } == ["/repo/etc/kolla/config/nova.conf", "/repo/etc/kolla/globals.yml"])
    }

    @Test func perFileIgnoresDropFindings() throws {
        var options = LintOptions()
        options.perFileIgnores = [Configuration.PerFileIgnore(pattern: try #require(PathPattern("*.yml")), rules: ["RMQ1"])]
        options.perFileIgnoresDirectory = "/repo"
        let report = try Self.lint(Self.tree(), options)
        #expect(!report.findings.contains { $0.ruleID == "RMQ101" })
        #expect(!report.suppressed.contains { $0.finding.ruleID == "RMQ101" })
        #expect(report.findings.contains { $0.ruleID == "RMQ201" })
    }

    @Test func severityOverridesApplyToExitTextJSONAndSARIF() throws {
        var options = LintOptions()
        options.severityOverrides = ["RMQ201": .info, "RMQ101": .error]
        options.failOn = .error
        var report = try Self.lint(Self.tree(), options)
        #expect(report.findings.filter { $0.ruleID == "RMQ201" }.map(\.severity) == [.info])
        #expect(report.findings.filter { $0.ruleID == "RMQ101" }.map(\.severity) == [.error])
        #expect(report.suppressed.filter { $0.finding.ruleID == "RMQ201" }.allSatisfy { $0.finding.severity == .info })
        #expect(report.exitStatus == 1)
        #expect(TextReporter.summary(report) == "1 error, 0 warnings, 3 info in 3 files (5 suppressed).")
        let sarif = SARIFReporter.render(report)
        #expect(sarif.contains("\"ruleConfigurationOverrides\""))
        #expect(JSONReporter.render(report).contains("\"severity\": \"info\""))

        // Only the RMQ201 error of nova.conf line 4 reaches --fail-on error.
        options.severityOverrides = ["RMQ101": .info]
        report = try Self.lint(Self.tree(), options)
        #expect(report.findings.filter { $0.severity == .error }.map(\.location.line) == [4])
        #expect(report.exitStatus == 1)
        options.severityOverrides = ["RMQ201": .warning]
        #expect(try Self.lint(Self.tree(), options).exitStatus == 0)
        options.failOn = .never
        #expect(try Self.lint(Self.tree(), options).exitStatus == 0)
    }

    @Test func configuredReleaseReachesTheModel() throws {
        var fs = InMemoryFileSystem(currentDirectory: "/repo")
        fs.addFile("etc/kolla/globals.yml", contents: "openstack_release: \"2023.1\"\n")
        var options = LintOptions()
        options.configuredRelease = "2025.1"
        options.configuredRabbitMQVersion = "4.1"
        let result = try Linter(rules: Self.rules, fileSystem: fs).lint(options).get()
        let deployment = try #require(result.model.deployments.first)
        #expect(deployment.release.version.description.hasPrefix("2025.1"))
        guard case .configuration = deployment.release.source else {
            Issue.record("release source is not the configuration")
            return
        }
        #expect(deployment.rabbitMQ.version.description == "4.1")
        options.release = "2024.1"
        let commandLine = try Linter(rules: Self.rules, fileSystem: fs).lint(options).get()
        #expect(commandLine.model.deployments.first?.release.version.description.hasPrefix("2024.1") == true)
    }

    // MARK: Baseline and scope

    @Test func baselineSurvivesLinesInsertedAboveItsFindings() throws {
        let first = try Self.lint(Self.tree())
        let baseline = Baseline(findings: first.unsuppressedFindings, redactor: first.redactor, directory: "/repo", currentDirectory: "/repo")
        #expect(baseline.entries.count == 4)

        // Ten lines inserted on top of globals.yml, one finding fixed, one new.
        let edited = String(repeating: "# unrelated\n", count: 10)
            + Self.globals.replacingOccurrences(of: "bad_three: 3", with: "bad_four: 4")
        var options = LintOptions()
        options.baseline = baseline
        options.strictBaseline = true
        let report = try Self.lint(Self.tree(globals: edited), options)
        #expect(Self.describe(report.findings) == ["etc/kolla/globals.yml:15:1: RMQ101 global bad_four"])
        #expect(report.baselined.count == 3)
        #expect(report.baseline?.absent.map(\.path) == ["etc/kolla/globals.yml"])
        #expect(report.baseline?.absent.first?.message == "global bad_three")
        #expect(report.exitStatus == 1)

        // Only the unchanged findings: nothing fails, nothing absent.
        let unchanged = try Self.lint(Self.tree(globals: String(repeating: "\n", count: 3) + Self.globals), options)
        #expect(unchanged.findings.isEmpty && unchanged.baseline?.absent.isEmpty == true)
        #expect(unchanged.exitStatus == 0)
    }

    @Test func scopedRunReportsAndJudgesOnlyTheNamedFiles() throws {
        let full = try Self.lint(Self.tree())
        let baseline = Baseline(findings: full.unsuppressedFindings, redactor: full.redactor, directory: "/repo", currentDirectory: "/repo")
        var options = LintOptions(paths: ["etc/kolla/config/nova.conf"])
        options.baseline = baseline
        options.strictBaseline = true
        let report = try Self.lint(Self.tree(globals: "openstack_release: \"2024.1\"\n"), options)
        // globals.yml's baselined findings are gone, but globals.yml was not named: not absent.
        #expect(report.findings.isEmpty)
        #expect(report.baselined.map(\.location.path) == ["etc/kolla/config/nova.conf", "etc/kolla/config/nova.conf"])
        #expect(report.baseline?.absent.isEmpty == true)
        #expect(report.suppressed.allSatisfy { $0.finding.location.path == "etc/kolla/config/nova.conf" })
        #expect(report.exitStatus == 0)
    }
}
