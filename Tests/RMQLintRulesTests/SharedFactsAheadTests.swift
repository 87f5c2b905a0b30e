import Foundation
import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintModel
@testable import RMQLintRules

/// The engine makes the facts a deployment's candidate release models share
/// (``Rule/sharedFacts(of:candidates:)``) before it checks the candidates. A fact made ahead must
/// be the one the candidates ask for (its name, its type, how often it is taken), made only where
/// the candidates share it, and the candidates' findings exactly each model's own.
@Suite("Shared facts made ahead of the candidate models")
struct SharedFactsAheadTests {
    typealias Shortcut = SettingSourcesShortcutTests

    /// A fact made ahead is taken as made (its maker not called) `uses` times, then let go; a fact
    /// made or let go already is left alone.
    @Test func preparing() {
        let facts = SharedFacts()
        var made = 0
        func make() -> [Int]? {
            made += 1
            return [made]
        }
        func ask() -> [Int]? { facts.value("lines", uses: 2, make) }
        facts.prepare("lines", uses: 2, make)
        #expect(made == 1)
        #expect(ask() == [1] && ask() == [1] && made == 1)
        // Let go after its two uses: not made ahead again, made again when asked for.
        facts.prepare("lines", uses: 2, make)
        #expect(made == 1)
        #expect(ask() == [2] && made == 2)
        facts.prepare("lines", uses: 2, make)
        #expect(made == 2 && ask() == [2])
        // A `nil` fact made ahead is taken as such.
        facts.prepare("none") { () -> [Int]? in nil }
        #expect(facts.value("none") { () -> [Int]? in [0] } == nil)
    }

    /// The candidate models of `deployment`, after `rule`'s facts were made ahead in them as the
    /// engine makes them; and how many facts there were.
    static func madeAhead(_ rule: some Rule, _ deployment: Deployment) throws -> (models: [Deployment], facts: Int) {
        let candidates = ModelBuilder.candidateReleases(of: deployment)
        let models = Shortcut.models(of: deployment)
        let facts = rule.sharedFacts(of: deployment, candidates: candidates)
        for fact in facts {
            let position = try #require(candidates.firstIndex(of: fact.release))
            fact.make(LintContext(model: DeploymentModel(deployments: [models[position]], loadDiagnostics: [], filesRead: 0, secrets: [])))
        }
        return (models, facts.count)
    }

    /// RMQ207: each flagged option's lines are made ahead once, taken by every candidate that
    /// flags the option without being made again, and let go after the last.
    @Test func removedOptionLines() throws {
        let deployments = try Shortcut.lint(Shortcut.fleet(hosts: 12), paths: ["/g/hosts"])
        let loose = try #require(deployments.first { $0.kind == .loose })
        #expect(loose.configsAreOwnRenderedFiles)
        let (models, facts) = try Self.madeAhead(RemovedOsloOptionRule(), loose)
        #expect(facts >= 2)
        var taken = 0
        for model in models {
            for option in RemovedOsloOptionRule.flaggedOptions(in: model) {
                let key = RemovedOsloOptionRule.factKey(section: option.section, key: option.key)
                _ = model.renderedFilesFact(key, uses: option.uses) { () -> RemovedOsloOptionRule.SharedLines? in
                    Issue.record("\(key) made again in \(model.release.version)")
                    return nil
                }
                taken += 1
            }
        }
        #expect(taken >= facts)
        // Taken as often as counted: let go.
        let option = try #require(RemovedOsloOptionRule.flaggedOptions(in: models[0]).first)
        var again = false
        _ = models[0].renderedFilesFact(RemovedOsloOptionRule.factKey(section: option.section, key: option.key), uses: option.uses) {
            () -> RemovedOsloOptionRule.SharedLines? in
            again = true
            return nil
        }
        #expect(again)
    }

    /// RMQ109: the own lines are made ahead in the first candidate from 2024.1 on, and taken by
    /// each of those candidates without being made again.
    @Test func transientQueueOwnLines() throws {
        let deployments = try Shortcut.lint(TransientQueuesSharedLinesTests.fleet(hosts: 12, cluster: true), paths: ["/g/hosts"])
        let loose = try #require(deployments.first { $0.kind == .loose })
        let (models, facts) = try Self.madeAhead(TransientQueuesUnreplicatedRule(), loose)
        #expect(facts == 1)
        let asking = models.filter(TransientQueuesUnreplicatedRule.asksForOwnLines)
        #expect(asking.count > 2 && asking.count < models.count)
        for model in asking {
            _ = model.renderedFilesFact("RMQ109", uses: TransientQueuesUnreplicatedRule.ownLinesUses(model)) {
                () -> TransientQueuesUnreplicatedRule.OwnLines in
                Issue.record("RMQ109 made again in \(model.release.version)")
                return TransientQueuesUnreplicatedRule.OwnLines(lines: [], quorumUnset: [])
            }
        }
    }

    /// A deployment whose models share no facts (a Kolla tree without a release: its services'
    /// configs depend on the release) has none to make ahead.
    @Test func nothingAheadWhereNothingIsShared() throws {
        let tree = try Shortcut.kollaTreeWithoutRelease(hosts: 4).tree
        let candidates = ModelBuilder.candidateReleases(of: tree)
        #expect(candidates.count > 1 && !tree.configsAreOwnRenderedFiles)
        #expect(RemovedOsloOptionRule().sharedFacts(of: tree, candidates: candidates).isEmpty)
        #expect(TransientQueuesUnreplicatedRule().sharedFacts(of: tree, candidates: candidates).isEmpty)
    }

    /// With the facts made ahead, every candidate model's findings are its own, for fleets where
    /// the candidates share the facts and where they do not (a Kolla tree, a file listed twice,
    /// a line said to be in another file).
    @Test func findingsAreEachModelsOwn() throws {
        var deployments = try Shortcut.lint(Shortcut.fleet(hosts: 12), paths: ["/g/etc/kolla", "/g/hosts"])
        deployments += try Shortcut.lint(TransientQueuesSharedLinesTests.fleet(hosts: 12, cluster: true), paths: ["/g/hosts"])
        deployments += try Shortcut.kollaTreeWithoutRelease(hosts: 4).deployments
        deployments.append(try Shortcut.looseWithAFileListedTwice(Shortcut.fleet(hosts: 4), suffix: "nova-compute/nova.conf"))
        deployments.append(try Shortcut.fleetWithOwnLinesInAnotherFile())
        var checked = 0
        for deployment in deployments where !ModelBuilder.candidateReleases(of: deployment).isEmpty {
            for both in [true, false] {
                var fresh = deployment
                if deployment.renderedIndex != nil {
                    fresh.renderedSettings = EffectiveDeploymentBuilder.renderedFileSettings(deployment)
                    fresh.renderedIndex = fresh.renderedSettings.map(RenderedFileIndex.init)
                }
                // Both rules' facts made ahead, or one rule's only: each stands alone.
                let models = try Self.madeAhead(RemovedOsloOptionRule(), fresh).models
                if both { _ = try Self.madeAhead(TransientQueuesUnreplicatedRule(), fresh) }
                for model in models {
                    #expect(RemovedOsloOptionSharedLinesTests.findings(model, shortcut: true)
                        == RemovedOsloOptionSharedLinesTests.findings(model, shortcut: false), "\(model.release.version)")
                    #expect(TransientQueuesSharedLinesTests.findings(model, shortcut: true)
                        == TransientQueuesSharedLinesTests.findings(model, shortcut: false), "\(model.release.version)")
                    checked += 1
                }
            }
        }
        #expect(checked > 40)
    }
}
