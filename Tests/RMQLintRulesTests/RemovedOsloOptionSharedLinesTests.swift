import Foundation
import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintModel
@testable import RMQLintRules

/// RMQ207 makes what a finding says of its line (the written text, services, host, related
/// places, semantic key) once per deployment when only rendered files are modelled
/// (``Deployment/configsAreOwnRenderedFiles``), and every candidate release's model shares it.
/// Its findings must be exactly those made from each model alone, whichever model made the
/// shared lines first: for every rule example, every Sample, a generated fleet, and fleets
/// where the precondition does not hold (a Kolla tree, a file listed twice, a file whose lines
/// say they are in another file).
@Suite("RMQ207: lines shared by candidate releases")
struct RemovedOsloOptionSharedLinesTests {
    typealias Shortcut = SettingSourcesShortcutTests

    /// Every finding field, as text.
    static func describe(_ finding: Finding) -> String {
        "\(finding.ruleID) \(finding.severity) \(finding.location) \(finding.service ?? "-") \(finding.host ?? "-") "
            + "\(finding.semanticKey) \(finding.related) \(finding.fixes) | \(finding.message)"
    }

    static func findings(_ model: Deployment, shortcut: Bool) -> [String] {
        let context = LintContext(model: DeploymentModel(deployments: [model], loadDiagnostics: [], filesRead: 0, secrets: []))
        var found: [String] = []
        RemovedOsloOptionRule().forEachViolation(in: context, shortcut: shortcut) { found.append(describe(RemovedOsloOptionRule().finding($0))) }
        return found
    }

    /// Compares the shared lines with each model's own, the models taken in order and in
    /// reverse (another model fills the shared lines first); returns how many models shared them.
    @discardableResult
    static func check(_ deployments: [Deployment], _ what: String) -> Int {
        var shared = 0
        Shortcut.forEachModelInBothOrders(deployments) { model in
            if model.configsAreOwnRenderedFiles { shared += 1 }
            #expect(findings(model, shortcut: true) == findings(model, shortcut: false), "\(what) \(model.release.version)")
        }
        return shared
    }

    /// A line's message and semantic key are written at once from their parts: the same text
    /// as the parts appended one by one, with or without a value and a host, for small, long,
    /// empty and non-ASCII parts.
    @Test func textsWrittenAtOnceAreThePartsJoined() {
        let parts = ["", "a", "é", "heartbeat_in_pthread", String(repeating: "x", count: 40), "ü ✓ ", ""]
        for count in 0...parts.count {
            #expect(EffectiveSettingSources.joined(parts[0], parts[1 % parts.count], parts[count % parts.count]) ==
                    parts[0] + parts[1 % parts.count] + parts[count % parts.count])
        }
        #expect(EffectiveSettingSources.joined() == "" && EffectiveSettingSources.joined(parts[4], parts[5]) == parts[4] + parts[5])
        #expect(EffectiveSettingSources.semanticKey(section: "oslo_messaging_rabbit", key: "k", target: "hosts/é/nova.conf")
                == "[oslo_messaging_rabbit]k@hosts/é/nova.conf")
        let location = SourceLocation(path: "a.conf", line: 1, column: 1)
        for value in [nil, "", "true", "ü"] as [String?] {
            for host in [nil, "cmp01"] as [String?] {
                let line = RemovedOsloOptionRule.Line(
                    section: "oslo_messaging_rabbit", key: "k", isTemplate: false, writtenKey: "K", value: value,
                    services: "nova-compute", servicesHost: host, treePath: "a.conf", releaseNote: "", location: location,
                    service: nil, host: host, related: [])
                let expected = "`K\(value.map { " = \($0)" } ?? "")` is set for nova-compute\(host.map { " (\($0))" } ?? ""), but "
                #expect(line.writtenPrefix() == expected)
                #expect(line.writtenPrefix(followedBy: "it is ignored", ". Remove it") == expected + "it is ignored. Remove it")
            }
        }
    }

    @Test func ruleExamples() {
        #expect(Shortcut.checkRuleExamples(Self.check) > 50)
    }

    @Test func samples() throws {
        let (samples, _) = try Shortcut.checkSamples(Self.check)
        #expect(samples > 20)
    }

    @Test func generatedFleet() throws {
        let deployments = try Shortcut.lint(Shortcut.fleet(hosts: 12), paths: ["/g/etc/kolla", "/g/hosts"])
        let loose = try #require(deployments.first { $0.kind == .loose })
        let models = Shortcut.models(of: loose)
        #expect(models.count > 10)
        // Two candidates share one line object for a line.
        let first = RemovedOsloOptionRule().lines(section: "oslo_messaging_rabbit", key: "heartbeat_in_pthread", in: models[0])
        let last = RemovedOsloOptionRule().lines(section: "oslo_messaging_rabbit", key: "heartbeat_in_pthread", in: models[models.count - 1])
        #expect(!first.isEmpty && first.count == last.count && zip(first, last).allSatisfy { $0 === $1 })
        #expect(Self.check(deployments, "fleet") >= 2 * models.count)
        #expect(models.contains { !Self.findings($0, shortcut: true).isEmpty })
    }

    /// A Kolla tree without a release, with rendered files: its Kolla services' configs depend
    /// on the release, so each model makes its own lines.
    @Test func kollaTreeOverCandidates() throws {
        let (deployments, tree) = try Shortcut.kollaTreeWithoutRelease(hosts: 4)
        let models = Shortcut.models(of: tree)
        #expect(models.count > 1)
        #expect(!models.contains { $0.configsAreOwnRenderedFiles })
        Self.check(deployments, "Kolla tree")
        let first = RemovedOsloOptionRule().lines(section: "oslo_messaging_rabbit", key: "heartbeat_in_pthread", in: models[0])
        let again = RemovedOsloOptionRule().lines(section: "oslo_messaging_rabbit", key: "heartbeat_in_pthread", in: models[0])
        #expect(!first.isEmpty && !zip(first, again).contains { $0 === $1 })
    }

    /// A rendered file listed twice: one source reaches both configs, so nothing is shared.
    @Test func renderedConfigsSharingAPath() throws {
        let loose = try Shortcut.looseWithAFileListedTwice(Shortcut.fleet(hosts: 4), suffix: "nova-compute/nova.conf")
        #expect(!loose.configsAreOwnRenderedFiles)
        #expect(Self.check([loose], "shared path") == 0)
    }

    /// A rendered file whose lines say they are in another file: nothing is shared.
    @Test func ownLineInAnotherFile() throws {
        let loose = try Shortcut.fleetWithOwnLinesInAnotherFile()
        #expect(!loose.configsAreOwnRenderedFiles)
        #expect(Self.check([loose], "own line in another file") == 0)
    }

    /// The candidates' merge of RMQ207 as the engine makes it (``Linter/check(_:model:versions:)``:
    /// shared lines handed over as blocks) against the merge of each candidate model's own findings
    /// (`shortcut: false`), byte for byte; returns how many blocks the candidate models hand over.
    @discardableResult
    static func checkMerged(_ deployments: [Deployment], _ what: String) -> Int {
        var blocks = 0
        for deployment in deployments {
            let model = DeploymentModel(deployments: [deployment], loadDiagnostics: [], filesRead: 0, secrets: [])
            let merged = Linter.check([RemovedOsloOptionRule()], model: model, versions: VersionOverrides()).merged()[0]
            let candidates = ModelBuilder.candidateReleases(of: deployment)
            let models = Shortcut.models(of: deployment)
            let own = models.map { model in
                let context = LintContext(model: DeploymentModel(deployments: [model], loadDiagnostics: [], filesRead: 0, secrets: []))
                var found: [Finding] = []
                RemovedOsloOptionRule().forEachViolation(in: context, shortcut: false) { found.append(RemovedOsloOptionRule().finding($0)) }
                RemovedOsloOptionRule().forEachViolationOrBlock(in: context) { if case .block = $0 { blocks += 1 } }
                return found
            }
            let expected = candidates.isEmpty ? own[0]
                : Linter.mergeCandidates(own, releases: candidates, reported: deployment.kind != .loose)
            #expect(merged.map(describe) == expected.map(describe), "\(what)")
            #expect(merged.map { Array($0.message.utf8) } == expected.map { Array($0.message.utf8) }, "\(what)")
        }
        return blocks
    }

    /// Rendered files whose lines are shared by the candidates, hosts named after releases,
    /// values that are unbalanced, hold a backtick or are not ASCII, options flagged on
    /// different candidates: the merge of blocks is the merge of the models' own findings.
    @Test func blocksMergeAsEachModelsOwnFindings() throws {
        var fs = Shortcut.fleet(hosts: 6)
        let values = ["(true", "`true", "trué", "true", "false"]
        for (number, host) in ["master", "rocky", "2024.1", "zed01", "cmp1"].enumerated() {
            fs.addFile("/g/hosts/\(host)/nova-compute/nova.conf", contents: """
                [DEFAULT]
                transport_url = rabbit://u:p@10.0.0.1:5672,u:p@10.0.0.2:5672,u:p@10.0.0.3:5672//
                [oslo_messaging_rabbit]
                rabbit_transient_quorum_queue = true
                heartbeat_in_pthread = \(values[number])
                rabbit_quorum_queue = \(values[(number + 1) % values.count])

                """)
        }
        let deployments = try Shortcut.lint(fs, paths: ["/g/hosts"])
        let loose = try #require(deployments.first { $0.kind == .loose })
        // Shared lines, and a cluster size, so that the engine merges blocks.
        #expect(loose.configsAreOwnRenderedFiles && loose.effective.cluster.hosts != nil)
        #expect(Self.checkMerged(deployments, "hosts") > 10)
        // Beside a Kolla tree (its lines are not shared: no blocks there), and pinned (no candidates).
        Self.checkMerged(try Shortcut.lint(fs, paths: ["/g/etc/kolla", "/g/hosts"]), "with a Kolla tree")
        #expect(Self.checkMerged(try Shortcut.lint(fs, paths: ["/g/hosts"], arguments: ["--release", "master"]), "pinned") == 0)
        #expect(Self.checkMerged([try Shortcut.fleetWithOwnLinesInAnotherFile()], "own line in another file") == 0)
    }

    /// A fact is made once, kept until taken `uses` times, then made again when asked for; a
    /// `nil` fact is kept as such; a fact asked for as another type is made again.
    @Test func sharedFactsCounting() {
        let facts = SharedFacts()
        var made = 0
        func ask(_ uses: Int?) -> [Int]? { facts.value("lines", uses: uses) { made += 1; return [made] } }
        #expect(ask(3) == [1] && ask(3) == [1] && ask(3) == [1])
        #expect(made == 1)
        // Taken three times: let go, made again (kept while `uses` is not given).
        #expect(ask(nil) == [2] && ask(nil) == [2] && ask(nil) == [2] && ask(nil) == [2])
        var nilMade = 0
        func none() -> [Int]? { facts.value("none") { nilMade += 1; return nil } }
        #expect(none() == nil && none() == nil && nilMade == 1)
        #expect(facts.value("lines") { "text" } == "text")
    }
}
