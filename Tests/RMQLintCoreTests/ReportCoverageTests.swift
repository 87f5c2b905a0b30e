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

    /// A whole tree's scope holds the display paths the model already holds for its files when
    /// it is given them (one list per tree, as many as the tree's files), else makes its own:
    /// either way it answers as the scope made from the trees alone, skipped named files and
    /// trees scoped to named paths included.
    @Test func scopeSharingTheModelsDisplayPathsAnswersAsTheScopeMadeFromTheTrees() {
        let display = { (path: String) in PathUtilities.display(path, currentDirectory: "/repo") }
        var fleet = DeploymentTree(kind: .kolla, root: "/repo/etc/kolla", configDirectory: nil, files: [
            TreeFile(path: "/repo/etc/kolla/globals.yml", role: .globals(order: 0)),
            TreeFile(path: "/repo/hosts/cmp0001/nova-compute/nova.conf", role: .renderedOslo(service: "nova-compute", project: "nova")),
        ], reportScope: nil)
        fleet.skipped = [SkippedFile(path: "/repo/etc/kolla/named.conf", reason: "x", named: true),
                         SkippedFile(path: "/repo/etc/kolla/other.conf", reason: "x")]
        let named = DeploymentTree(kind: .kolla, root: "/repo/other", configDirectory: nil, files: [
            TreeFile(path: "/repo/other/globals.yml", role: .globals(order: 0)),
        ], reportScope: ["/repo/other/config"])
        let trees = [fleet, named]
        let general = ReportScope(trees: trees, loader: display)
        let paths = ["etc/kolla/globals.yml", "hosts/cmp0001/nova-compute/nova.conf", "etc/kolla/named.conf",
                     "etc/kolla/other.conf", "other/globals.yml", "other/config", "other/config/nova.conf", "/elsewhere"]
        let displayed = trees.map { $0.files.map { display($0.path) } }
        // The model's lists; lists of another length (the scope then makes its own paths); none.
        for lists in [displayed, [displayed[0] + ["extra"], displayed[1]], [["etc/kolla/globals.yml"]], []] {
            let scope = ReportScope(trees: trees, displayedFiles: lists, loader: display)
            for path in paths { #expect(scope.contains(path) == general.contains(path), "\(path) \(lists)") }
        }
        #expect(general.contains("hosts/cmp0001/nova-compute/nova.conf") && general.contains("etc/kolla/named.conf"))
        #expect(!general.contains("etc/kolla/other.conf") && !general.contains("other/globals.yml"))
    }
}
