import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintKnowledge
@testable import RMQLintSource

/// The report coverage's test of a finding's rule and path (`ReportCoverage.ran`), which
/// makes the path absolute only when `per_file_ignores` could match it: the same answer as
/// the general test, with and without `per_file_ignores`.
@Suite("Report coverage")
struct ReportCoverageTests {
    /// The general test: the rule is selected and `per_file_ignores` do not match the
    /// path made absolute.
    static func generalRan(_ options: LintOptions, _ ruleID: String, _ path: String, currentDirectory: String) -> Bool {
        options.isSelected(ruleID)
            && !options.isIgnored(ruleID, atAbsolutePath: PathUtilities.normalize(path, relativeTo: currentDirectory))
    }

    static let paths = [
        "etc/kolla/config/nova.conf", "/repo/etc/kolla/globals.yml", "./hosts/cmp0001/nova-compute/nova.conf",
        "../elsewhere/haproxy.cfg", "etc/kolla/../kolla/config/neutron.conf", "/other/nova.conf", "",
    ]
    static let rules = ["RMQ101", "RMQ201", "RMQ001", "RMQ999"]

    static func coverage(_ options: LintOptions) -> ReportCoverage {
        ReportCoverage(
            scope: ReportScope(trees: [], loader: { $0 }), wholeTreeRoots: ["/repo"], currentDirectory: "/repo",
            options: options)
    }

    @Test func withoutPerFileIgnoresEveryPathOfASelectedRuleIsCoveredAsTheGeneralTestSays() throws {
        var options = LintOptions()
        options.select = ["RMQ1", "RMQ2"]
        let coverage = Self.coverage(options)
        for rule in Self.rules {
            for path in Self.paths {
                #expect(coverage.ran(rule, on: path) == Self.generalRan(options, rule, path, currentDirectory: "/repo"))
            }
        }
        #expect(coverage.ran("RMQ101", on: "etc/kolla/config/nova.conf"))
        #expect(!coverage.ran("RMQ001", on: "etc/kolla/config/nova.conf"))
    }

    @Test func withPerFileIgnoresThePathIsJudgedAsTheGeneralTestSays() throws {
        var options = LintOptions()
        options.perFileIgnores = [
            Configuration.PerFileIgnore(pattern: try #require(PathPattern("*.conf")), rules: ["RMQ1"]),
            Configuration.PerFileIgnore(pattern: try #require(PathPattern("etc/kolla/globals.yml")), rules: ["RMQ201"]),
        ]
        options.perFileIgnoresDirectory = "/repo"
        let coverage = Self.coverage(options)
        for rule in Self.rules {
            for path in Self.paths {
                #expect(coverage.ran(rule, on: path) == Self.generalRan(options, rule, path, currentDirectory: "/repo"))
            }
        }
        // The ignores do match (relative and absolute paths alike).
        #expect(!coverage.ran("RMQ101", on: "etc/kolla/config/nova.conf"))
        #expect(!coverage.ran("RMQ201", on: "/repo/etc/kolla/globals.yml"))
        #expect(coverage.ran("RMQ201", on: "etc/kolla/config/nova.conf"))
    }
}
