import Foundation
import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintModel
@testable import RMQLintRules

/// RMQ109 reads what a rendered file's own lines say (quorum queues on, transient ones off)
/// once per deployment when only rendered files are modelled
/// (``Deployment/configsAreOwnRenderedFiles``), and every candidate release's model shares it.
/// Its findings must be exactly those made from each model's configs alone, whichever model
/// read the lines first: for every rule example, every Sample, generated fleets, and fleets
/// where the precondition does not hold (a Kolla tree, a file listed twice). The candidate
/// models hand those findings to the engine's merge as blocks of the shared lines: merged, they
/// must be exactly the findings each model makes from its own configs.
@Suite("RMQ109: own lines shared by candidate releases")
struct TransientQueuesSharedLinesTests {
    typealias Shortcut = SettingSourcesShortcutTests

    static func findings(_ model: Deployment, shortcut: Bool) -> [String] {
        let context = LintContext(model: DeploymentModel(deployments: [model], loadDiagnostics: [], filesRead: 0, secrets: []))
        var found: [String] = []
        let rule = TransientQueuesUnreplicatedRule()
        rule.forEachViolation(in: context, shortcut: shortcut) {
            found.append(RemovedOsloOptionSharedLinesTests.describe(rule.finding($0)))
        }
        return found
    }

    /// Compares the shared lines with each model's own configs, the models taken in order and
    /// in reverse; returns how many models could share them and how many findings they had.
    @discardableResult
    static func check(_ deployments: [Deployment], _ what: String) -> (shared: Int, findings: Int) {
        var shared = 0, count = 0
        Shortcut.forEachModelInBothOrders(deployments) { model in
            if model.configsAreOwnRenderedFiles { shared += 1 }
            let general = findings(model, shortcut: false)
            count += general.count
            #expect(findings(model, shortcut: true) == general, "\(what) \(model.release.version)")
        }
        return (shared, count)
    }

    /// Rendered files over every case of the two options: on, off, templated, conditional,
    /// unset; with `unlabeled`, a file no service names (its label is its project's). Host `n`
    /// is named `name(n)`. With `cluster`, every file names the same three brokers (the
    /// cluster is then known: candidates are merged as they are checked, blocks and all).
    static func fleet(
        hosts: Int, unlabeled: Bool = true, cluster: Bool = false, name: (Int) -> String = { "h\($0)" }
    ) -> InMemoryFileSystem {
        var fs = InMemoryFileSystem(currentDirectory: "/g")
        let quorum = ["true", "false", nil, "{{ q }}", "True"]
        let transient = [nil, "false", "true", "{{ t }}", nil, "False"]
        for host in 0..<hosts {
            for (number, (project, service)) in [("nova", "nova-compute"), ("neutron", "neutron-server"), ("nova", "")].enumerated()
            where unlabeled || !service.isEmpty {
                var text = cluster ? "[DEFAULT]\ntransport_url = rabbit://u:p@10.0.0.1:5672,u:p@10.0.0.2:5672,u:p@10.0.0.3:5672//\n" : ""
                text += "[oslo_messaging_rabbit]\n"
                if let value = quorum[(host + number) % quorum.count] { text += "rabbit_quorum_queue = \(value)\n" }
                if host % 7 == 3 { text += "{% if x %}\nrabbit_transient_quorum_queue = false\n{% endif %}\n" }
                if let value = transient[(host * 5 + number) % transient.count] { text += "rabbit_transient_quorum_queue = \(value)\n" }
                fs.addFile(service.isEmpty ? "/g/hosts/\(name(host))/\(project).conf" : "/g/hosts/\(name(host))/\(service)/\(project).conf",
                           contents: text)
            }
        }
        return fs
    }

    @Test func ruleExamples() {
        #expect(Shortcut.checkRuleExamples { Self.check($0, $1).shared } > 50)
    }

    @Test func samples() throws {
        let (samples, _) = try Shortcut.checkSamples { Self.check($0, $1).shared }
        #expect(samples > 20)
    }

    @Test func generatedFleets() throws {
        let deployments = try Shortcut.lint(Self.fleet(hosts: 30), paths: ["/g/hosts"])
        let loose = try #require(deployments.first { $0.kind == .loose })
        let models = Shortcut.models(of: loose)
        #expect(models.count > 10)
        let checked = Self.check(deployments, "fleet")
        #expect(checked.shared >= 2 * models.count && checked.findings > 0)
        let other = try Shortcut.lint(Shortcut.fleet(hosts: 12), paths: ["/g/etc/kolla", "/g/hosts"])
        #expect(Self.check(other, "shortcut fleet").findings > 0)
    }

    /// The generated fleet's candidate models take the shortcut (the comparisons above are
    /// not all of the general path with itself), over every kind of own line; each model's
    /// column codes exactly its findings: the shared lines it reports, in order, with their
    /// wording.
    @Test func fleetTakesTheShortcut() throws {
        let deployments = try Shortcut.lint(Self.fleet(hosts: 30), paths: ["/g/hosts"])
        let loose = try #require(deployments.first { $0.kind == .loose })
        let rule = TransientQueuesUnreplicatedRule()
        var taken = 0
        for model in Shortcut.models(of: loose) where model.release.version.release >= .caracal {
            let shared = try #require(rule.ownLines(model))
            #expect(shared.lines.contains { $0.transientOff != nil } && shared.lines.contains { $0.transientOff == nil })
            #expect(shared.lines.contains { $0.label == nil } && !shared.quorumUnset.isEmpty)
            #expect(shared.transientUnset == shared.lines.indices.filter { shared.lines[$0].transientOff == nil })
            let size = model.effective.cluster.size
            guard let column = rule.ownLineColumn(model, shared, size: size) else { continue }
            taken += 1
            #expect(column.codes.count == shared.lines.count)
            #expect(shared.lines.indices.allSatisfy { shared.lines[$0].transientOff == nil || column.codes[$0] == 1 })
            var found: [TransientQueuesUnreplicatedRule.Found] = []
            rule.ownLineViolations(model, shared, column) { found.append($0) }
            let reported = shared.lines.indices.filter { column.codes[$0] != 0 }
            #expect(found.count == reported.count && !found.isEmpty)
            for (finding, row) in zip(found, reported) {
                #expect(finding.location == shared.lines[row].location)
                #expect(finding.predicate == column.predicates[Int(column.codes[row]) - 1])
            }
            #expect(Self.findings(model, shortcut: false) == found.map { RemovedOsloOptionSharedLinesTests.describe(rule.finding($0)) })
        }
        #expect(taken >= 6)
    }

    /// Hosts named like candidate releases (`master`, `2024.1`, `caracal`): their names are
    /// in the labels the messages begin with, and in the paths.
    @Test func hostsNamedLikeReleases() throws {
        let names = ["master", "2024.1", "caracal", "2025.1", "epoxy", "h5", "2026.1", "flamingo"]
        let deployments = try Shortcut.lint(Self.fleet(hosts: 16) { names[$0 % names.count] + ($0 < names.count ? "" : "x") },
                                            paths: ["/g/hosts"])
        let checked = Self.check(deployments, "hosts named like releases")
        #expect(checked.shared >= 12 && checked.findings > 0)
    }

    /// Files modelled out of path order: the shared lines are sorted into the findings' order.
    @Test func filesOutOfLineOrder() throws {
        let deployments = try Shortcut.lint(Self.fleet(hosts: 12), paths: ["/g/hosts"])
        var loose = try #require(deployments.first { $0.kind == .loose })
        loose.osloFiles.reverse()
        loose.effective = EffectiveDeploymentBuilder.build(loose)
        let model = try #require(Shortcut.models(of: loose).last)
        let shared = try #require(TransientQueuesUnreplicatedRule().ownLines(model))
        #expect(shared.lines.first?.config ?? 0 > shared.lines.last?.config ?? 0)
        let checked = Self.check([loose], "out of order")
        #expect(checked.shared > 0 && checked.findings > 0)
    }

    /// A fleet of rendered files given a Kolla tree's globals (variables, and with `file` its
    /// globals file, where a default's finding points): a globals line decides Kolla's flag,
    /// or a default's finding would point at globals, in some candidate releases' models,
    /// which take the general path, while the others keep the shortcut. Returns how many
    /// models kept it and how many fell back.
    static func fleetWithGlobals(_ globals: String, file: Bool) throws -> (columns: Int, fallbacks: Int) {
        let loose = try Self.looseWithGlobals(Self.fleet(hosts: 12), globals, file: file)
        let rule = TransientQueuesUnreplicatedRule()
        var columns = 0, fallbacks = 0
        for model in Shortcut.models(of: loose) where model.release.version.release >= .caracal {
            let shared = try #require(rule.ownLines(model))
            if rule.ownLineColumn(model, shared, size: model.effective.cluster.size) == nil { fallbacks += 1 } else { columns += 1 }
        }
        #expect(Self.check([loose], "globals \(globals) \(file)").findings > 0)
        return (columns, fallbacks)
    }

    /// The loose deployment of `fs`'s `/g/hosts`, given the globals of its `/g/etc/kolla`
    /// (with `file`, its globals file too).
    static func looseWithGlobals(_ fs: InMemoryFileSystem, _ globals: String, file: Bool) throws -> Deployment {
        var fs = fs
        fs.addFile("/g/etc/kolla/globals.yml", contents: globals)
        let deployments = try Shortcut.lint(fs, paths: ["/g/etc/kolla", "/g/hosts"])
        let tree = try #require(deployments.first { $0.kind != .loose })
        var loose = try #require(deployments.first { $0.kind == .loose })
        loose.globals = tree.globals
        if file { loose.fileRoles += tree.fileRoles.filter { if case .globals = $0.role { true } else { false } } }
        loose.effective = EffectiveDeploymentBuilder.build(loose)
        return loose
    }

    @Test func candidatesFallingBack() throws {
        // Kolla's flag reads `om_enable_queue_manager` on 2024.1/2024.2 only.
        let some = try Self.fleetWithGlobals("om_enable_queue_manager: true\n", file: false)
        #expect(some.columns > 0 && some.fallbacks > 0)
        #expect(try Self.fleetWithGlobals("om_enable_rabbitmq_transient_quorum_queue: false\n", file: false).columns == 0)
        #expect(try Self.fleetWithGlobals("enable_nova: \"yes\"\n", file: true).columns == 0)
        #expect(try Self.fleetWithGlobals("enable_nova: \"yes\"\n", file: false).fallbacks == 0)
    }

    /// A Kolla tree without a release, with rendered files: each model reads its own configs.
    @Test func kollaTreeOverCandidates() throws {
        var fs = Self.fleet(hosts: 6)
        fs.addFile("/g/etc/kolla/globals.yml", contents: "enable_nova: \"yes\"\n")
        fs.addFile("/g/etc/kolla/multinode", contents: "[rabbitmq]\nrmq[01:03]\n")
        let deployments = try Shortcut.lint(fs, paths: ["/g/etc/kolla", "/g/hosts"])
        let tree = try #require(deployments.first { $0.kind != .loose })
        #expect(!Shortcut.models(of: tree).contains { $0.configsAreOwnRenderedFiles })
        #expect(Self.check(deployments, "Kolla tree").findings > 0)
    }

    /// A rendered file listed twice: one line reaches both configs, so nothing is shared.
    @Test func renderedConfigsSharingAPath() throws {
        let loose = try Shortcut.looseWithAFileListedTwice(Self.fleet(hosts: 6), suffix: "h0/nova-compute/nova.conf")
        #expect(!loose.configsAreOwnRenderedFiles)
        let checked = Self.check([loose], "shared path")
        #expect(checked.shared == 0 && checked.findings > 0)
    }

    /// RMQ109 without blocks or shared lines: each candidate model's findings from its own
    /// configs (the reference the blocks are compared with).
    struct WithoutBlocks: ViolationRule {
        static let description = TransientQueuesUnreplicatedRule.description
        func violations(in context: LintContext) -> [TransientQueuesUnreplicatedRule.Found] { collectedViolations(in: context) }
        func forEachViolation(in context: LintContext, _ body: (TransientQueuesUnreplicatedRule.Found) -> Void) {
            TransientQueuesUnreplicatedRule().forEachViolation(in: context, shortcut: false, body)
        }
    }

    /// The candidate models' findings merged by the engine, with the rule's blocks or without
    /// (``WithoutBlocks``); and how many blocks the candidate models hand over.
    static func merged(_ deployment: Deployment, blocks: Bool) -> (findings: [String], blocks: Int) {
        var fresh = deployment
        fresh.renderedSettings = EffectiveDeploymentBuilder.renderedFileSettings(deployment)
        fresh.renderedIndex = fresh.renderedSettings.map(RenderedFileIndex.init)
        let model = DeploymentModel(deployments: [fresh], loadDiagnostics: [], filesRead: 0, secrets: [])
        let rules: [any Rule] = blocks ? [TransientQueuesUnreplicatedRule()] : [WithoutBlocks()]
        let findings = Linter.check(rules, model: model, versions: VersionOverrides()).merged().flatMap { $0 }
        var sent = 0
        for candidate in Shortcut.models(of: fresh) {
            let context = LintContext(model: DeploymentModel(deployments: [candidate], loadDiagnostics: [], filesRead: 0, secrets: []))
            TransientQueuesUnreplicatedRule().forEachViolationOrBlock(in: context) { if case .block = $0 { sent += 1 } }
        }
        return (findings.map(RemovedOsloOptionSharedLinesTests.describe), sent)
    }

    /// Compares the merged findings with blocks and without; returns how many blocks were sent.
    @discardableResult
    static func checkMerged(_ deployment: Deployment, _ what: String) -> Int {
        let fast = Self.merged(deployment, blocks: true), reference = Self.merged(deployment, blocks: false)
        #expect(!reference.findings.isEmpty, "\(what)")
        #expect(fast.findings == reference.findings, "\(what)")
        return fast.blocks
    }

    /// The candidate models of a fleet whose files all name their service hand their findings
    /// of the shared lines over as blocks; merged, they are the findings each model makes from
    /// its own configs: with hosts named like releases (their rows name a release, so are
    /// merged as findings), with a file no service names (no rows: findings), and when some
    /// candidates take the general path (a globals line decides Kolla's flag on 2024.1/2024.2)
    /// while the others send blocks.
    @Test func blocksMergeAsFindingsDo() throws {
        func loose(_ fs: InMemoryFileSystem) throws -> Deployment {
            try #require(try Shortcut.lint(fs, paths: ["/g/hosts"]).first { $0.kind == .loose })
        }
        let plain = try loose(Self.fleet(hosts: 30, unlabeled: false, cluster: true))
        #expect(plain.effective.cluster.size == 3)
        #expect(Self.checkMerged(plain, "fleet") == 6)
        let names = ["master", "2024.1", "caracal", "2025.1", "epoxy", "h5", "2026.1", "flamingo"]
        let named = try loose(Self.fleet(hosts: 16, unlabeled: false, cluster: true) { names[$0 % names.count] + ($0 < names.count ? "" : "x") })
        #expect(Self.checkMerged(named, "hosts named like releases") == 6)
        let unlabeled = try loose(Self.fleet(hosts: 30, cluster: true))
        #expect(Self.checkMerged(unlabeled, "a file without a label") == 0)
        let mixed = try Self.looseWithGlobals(Self.fleet(hosts: 20, unlabeled: false, cluster: true), "om_enable_queue_manager: true\n", file: false)
        let sent = Self.checkMerged(mixed, "some candidates falling back")
        #expect(sent > 0 && sent < 6)
    }
}
