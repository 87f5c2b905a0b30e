import Foundation
import Testing
@testable import RMQLintCore
@testable import RMQLintRules

/// `LintOptions.modelKeptUpToFiles` (what the command line sets): the linter lets the
/// deployments go before the candidates' findings are merged and the report is made. The report
/// must be the one a run that keeps the model makes, on Samples whose release is decided, a
/// range (candidate releases merged), and rendered configs collected from hosts.
@Suite("Model let go before the report")
struct EarlyModelReleaseTests {
    static let samples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Samples")

    @Test(arguments: ["collected-configs", "unknown-release", "healthy-kolla", "broken-heartbeats", "kayobe"])
    func theReportIsTheOneOfARunThatKeepsTheModel(sample: String) throws {
        let linter = Linter(rules: RuleRegistry.all, fileSystem: LocalFileSystem())
        var options = LintOptions(paths: [Self.samples.appendingPathComponent(sample).path])
        let kept = try linter.lint(options).get()
        options.modelKeptUpToFiles = 0
        let released = try linter.lint(options).get()

        #expect(!kept.model.deployments.isEmpty)
        #expect(released.model.deployments.isEmpty, "the deployments were let go")
        #expect(released.model.filesRead == kept.model.filesRead)
        let (before, after) = (kept.report, released.report)
        #expect(after.findings == before.findings)
        #expect(after.suppressed.map(\.finding) == before.suppressed.map(\.finding))
        #expect(after.release == before.release)
        #expect(after.rabbitmqVersion == before.rabbitmqVersion)
        #expect(after.releaseEvidence == before.releaseEvidence)
        #expect(after.releaseCandidates == before.releaseCandidates)
        #expect(after.skipped.map(\.path) == before.skipped.map(\.path))
    }

    /// A run that reads no more files than the limit keeps its model.
    @Test func aSmallRunKeepsItsModel() throws {
        let linter = Linter(rules: RuleRegistry.all, fileSystem: LocalFileSystem())
        var options = LintOptions(paths: [Self.samples.appendingPathComponent("unknown-release").path])
        options.modelKeptUpToFiles = 10_000
        #expect(try !linter.lint(options).get().model.deployments.isEmpty)
    }
}
