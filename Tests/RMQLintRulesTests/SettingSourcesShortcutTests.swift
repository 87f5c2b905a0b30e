import Foundation
import Testing
@testable import RMQLintCore
@testable import RMQLintModel
@testable import RMQLintRules

/// `Deployment.settingSources` takes a shortcut over the rendered configs of a deployment (each
/// its own source when their paths are distinct, checked once per deployment and shared by its
/// candidate releases' models) and, with `keeping:`, drops the sources no kept config is
/// reached by before making them; with value and service tests, passes over the rendered files
/// of a service and value (found once per deployment) the tests refuse. All must give exactly
/// what grouping every config through the identity table and filtering afterwards gives: for
/// every candidate release's model (or the decided model) of every rule example, every Sample,
/// a generated fleet, a fleet in which two rendered configs share a path, and one in which a
/// file's lines say they are in another file (where the shortcuts must not be taken).
@Suite("Setting sources: shortcut and filter")
struct SettingSourcesShortcutTests {
    /// The package root (the Samples are read from disk).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every deployment model a rule sees for `deployment`: one per candidate release, else itself.
    static func models(of deployment: Deployment) -> [Deployment] {
        let releases = ModelBuilder.candidateReleases(of: deployment)
        guard !releases.isEmpty else { return [deployment] }
        let rendered = ModelBuilder.renderedFileSettings(of: deployment)
        return releases.map { ModelBuilder.candidate(of: deployment, release: $0, rendered: rendered) }
    }

    /// Every model of each deployment (``models(of:)``), taken in order and then in reverse,
    /// each order from the files' settings made anew: a new index, whose facts shared by the
    /// candidate models (``Deployment/renderedFilesFact(_:uses:_:)``) another model then fills
    /// first. What a shortcut shared across candidate models is compared over.
    static func forEachModelInBothOrders(_ deployments: [Deployment], _ body: (Deployment) -> Void) {
        for deployment in deployments {
            for order in [false, true] {
                var fresh = deployment
                if deployment.renderedIndex != nil {
                    fresh.renderedSettings = EffectiveDeploymentBuilder.renderedFileSettings(deployment)
                    fresh.renderedIndex = fresh.renderedSettings.map(RenderedFileIndex.init)
                }
                let candidates = Self.models(of: fresh)
                for model in order ? candidates.reversed() : candidates { body(model) }
            }
        }
    }

    /// The loose deployment of `fleet`'s `/g/hosts` with its first oslo file whose path ends
    /// with `suffix` listed twice, its effective model rebuilt: two rendered configs of one path,
    /// where no shortcut over rendered files may be taken.
    static func looseWithAFileListedTwice(_ fleet: some FileSystem, suffix: String) throws -> Deployment {
        let deployments = try lint(fleet, paths: ["/g/hosts"])
        var loose = try #require(deployments.first { $0.kind == .loose })
        let file = try #require(loose.osloFiles.first { $0.document.path.hasSuffix(suffix) })
        loose.osloFiles.append(file)
        loose.effective = EffectiveDeploymentBuilder.build(loose)
        return loose
    }

    static func lint(_ fileSystem: some FileSystem, paths: [String], arguments: [String] = []) throws -> [Deployment] {
        var options = LintOptions(paths: paths, failOn: .never)
        var index = 0
        while index + 1 < arguments.count {
            switch arguments[index] {
            case "--release": options.release = arguments[index + 1]
            case "--rabbitmq-version": options.rabbitmqVersion = arguments[index + 1]
            case "--inventory": options.inventory = arguments[index + 1]
            default: break
            }
            index += 2
        }
        return try Linter(rules: [], fileSystem: fileSystem).lint(options).get().model.deployments
    }

    /// The rendered files of a 4-host fleet, where `h0`'s `nova.conf` says its lines are in
    /// `h1`'s: a precondition every shortcut over rendered files must check.
    static func fleetWithOwnLinesInAnotherFile() throws -> Deployment {
        let deployments = try Self.lint(Self.fleet(hosts: 4), paths: ["/g/hosts"])
        var loose = try #require(deployments.first { $0.kind == .loose })
        let position = try #require(loose.osloFiles.firstIndex { $0.document.path.hasSuffix("h0/nova-compute/nova.conf") })
        let other = try #require(loose.osloFiles.first { $0.document.path.hasSuffix("h1/nova-compute/nova.conf") }).document.path
        var file = loose.osloFiles[position]
        for section in file.document.sections.indices {
            for entry in file.document.sections[section].entries.indices {
                file.document.sections[section].entries[entry].valueLocation.path = other
            }
        }
        loose.osloFiles[position] = file
        loose.effective = EffectiveDeploymentBuilder.build(loose)
        return loose
    }

    /// ``fleet(hosts:)`` whose Kolla tree names no release, linted whole: its Kolla services'
    /// configs depend on the release, so its candidate models share no facts.
    static func kollaTreeWithoutRelease(hosts: Int) throws -> (deployments: [Deployment], tree: Deployment) {
        var fs = Self.fleet(hosts: hosts)
        fs.addFile("/g/etc/kolla/globals.yml", contents: "enable_nova: \"yes\"\n")
        let deployments = try Self.lint(fs, paths: ["/g/etc/kolla", "/g/hosts"])
        return (deployments, try #require(deployments.first { $0.kind != .loose }))
    }

    /// A fleet of collected configs beside a Kolla tree: values true, false, unset, templated,
    /// short and long heartbeats, WSGI and eventlet services, host-specific overrides.
    static func fleet(hosts: Int) -> InMemoryFileSystem {
        var fs = InMemoryFileSystem(currentDirectory: "/g")
        fs.addFile("/g/etc/kolla/globals.yml", contents: "openstack_release: \"2024.1\"\nenable_nova: \"yes\"\n")
        fs.addFile("/g/etc/kolla/config/global.conf", contents: "[oslo_messaging_rabbit]\nheartbeat_in_pthread = true\n")
        fs.addFile("/g/etc/kolla/config/nova/nova-api.conf", contents: "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 0\n")
        let services = [("nova", "nova-api"), ("nova", "nova-compute"), ("keystone", "keystone"),
                        ("neutron", "neutron-server"), ("cinder", "cinder-api"), ("heat", "heat-api")]
        let pthread = ["true", "false", nil, "{{ pthread }}", "True"]
        let threshold = ["0", "3", "60", nil, "{{ x }}"]
        for host in 0..<hosts {
            for (number, (project, service)) in services.enumerated() where (host + number) % 3 != 0 {
                var text = "[DEFAULT]\ntransport_url = rabbit://u:p@10.0.0.\(host % 3 + 1):5672//\n[oslo_messaging_rabbit]\n"
                if let value = pthread[(host + number) % pthread.count] { text += "heartbeat_in_pthread = \(value)\n" }
                if let value = threshold[(host * 7 + number) % threshold.count] { text += "heartbeat_timeout_threshold = \(value)\n" }
                if host % 2 == 0 { text += "rabbit_quorum_queue = true\n" }
                fs.addFile("/g/hosts/h\(host)/\(service)/\(project).conf", contents: text)
            }
        }
        return fs
    }

    /// The predicates the rules keep sources by, and a few others.
    static let predicates: [(name: String, keep: @Sendable (SettingReach, OpenStackRelease) -> Bool)] = [
        ("RMQ206 offending", { reach, _ in PthreadHeartbeatOnEventletRule.isOffending(reach) }),
        ("RMQ205 offending", { reach, release in GreenHeartbeatUnderWSGIRule.isOffending(reach, release: release) }),
        ("RMQ204 too short", { reach, _ in HeartbeatDisabledRule.isTooShort(reach) }),
        ("true", { reach, _ in reach.setting.boolValue == true }),
        ("on a host", { reach, _ in reach.config.host != nil }),
        ("none", { _, _ in false }),
    ]

    /// The value and service tests the rules narrow sources by (with their `keep`), and a few
    /// others: unset values, any value, a service test refusing every service.
    static let narrowings: [(
        name: String, value: @Sendable (String?) -> Bool, service: @Sendable (KollaService?, OpenStackRelease) -> Bool,
        keep: @Sendable (SettingReach, OpenStackRelease) -> Bool
    )] = [
        ("RMQ204 offending", { EffectiveSetting.boolValue($0) == true }, { service, _ in PthreadHeartbeatOnEventletRule.isEventletOnly(service) },
         { reach, _ in PthreadHeartbeatOnEventletRule.isOffending(reach) }),
        ("RMQ205 offending", { EffectiveSetting.boolValue($0) == false },
         { service, release in GreenHeartbeatUnderWSGIRule.patchesEventletUnderWSGI(service, release: release) },
         { reach, release in GreenHeartbeatUnderWSGIRule.isOffending(reach, release: release) }),
        ("RMQ206 too short", { HeartbeatDisabledRule.isTooShort($0) }, { _, _ in true }, { reach, _ in HeartbeatDisabledRule.isTooShort(reach) }),
        ("true, every reach", { EffectiveSetting.boolValue($0) == true }, { _, _ in true }, { _, _ in true }),
        ("unknown value", { $0 == nil }, { _, _ in true }, { _, _ in true }),
        ("any value, WSGI, on a host", { _ in true }, { service, _ in service?.wsgi == true }, { reach, _ in reach.config.host != nil }),
        ("no service", { _ in true }, { _, _ in false }, { _, _ in true }),
    ]

    static let options: [(section: String, key: String)] = [
        ("oslo_messaging_rabbit", "heartbeat_in_pthread"), ("oslo_messaging_rabbit", "heartbeat_timeout_threshold"),
        ("oslo_messaging_rabbit", "rabbit_quorum_queue"), ("DEFAULT", "transport_url"), ("DEFAULT", "rpc_response_timeout"),
    ]

    /// Everything a rule can read of a source, as text.
    static func describe(_ sources: [SettingSource]) -> [String] {
        sources.map { source in
            "\(source.kind) \(source.location) \(source.isFallbackLocation) \(describe(source.setting)) | "
                + source.reaches.map { "\($0.config.origin) \($0.config.label) \(describe($0.setting))" }.joined(separator: "; ")
        }
    }

    static func describe(_ setting: EffectiveSetting) -> String {
        "[\(setting.section)] \(setting.key) = \(setting.value ?? "nil") \(setting.provenance) \(setting.isConditional) "
            + "\(setting.overridden) \(setting.unavailableBefore.map { "\($0)" } ?? "-")"
    }

    /// Compares the shortcut with the reference on every model of `deployments`; returns how
    /// many models had a shared rendered-file index (the shortcut's precondition).
    @discardableResult
    static func check(_ deployments: [Deployment], _ what: String) -> Int {
        var indexed = 0
        for deployment in deployments {
            for model in models(of: deployment) {
                if model.effective.renderedIndex?.distinct == true { indexed += 1 }
                let release = model.release.version.release
                // The options set (the rendered files' listed once per deployment) against the
                // walk over every setting of every config.
                var walked: [String] = []
                for config in model.effective.configs {
                    for setting in config.settings where !setting.isOsloDefault {
                        let name = (setting.section == "DEFAULT" ? "DEFAULT" : setting.section.lowercased()) + " " + setting.key
                        if !walked.contains(name) { walked.append(name) }
                    }
                }
                #expect(model.effective.setOptions.map { $0.section + " " + $0.key } == walked, "\(what) \(release)")
                var options = Self.options
                for option in model.effective.setOptions where !options.contains(where: { $0 == option }) { options.append(option) }
                for option in options {
                    for (splitTemplates, splitDefaults) in [(false, false), (true, false), (true, true), (false, true)] {
                        let reference = model.settingSources(
                            section: option.section, key: option.key, splitTemplates: splitTemplates,
                            splitDefaults: splitDefaults, keeping: nil, shortcut: false)
                        let all = model.settingSources(
                            section: option.section, key: option.key, splitTemplates: splitTemplates, splitDefaults: splitDefaults)
                        #expect(describe(all) == describe(reference), "\(what) \(release) \(option)")
                        for predicate in predicates {
                            let kept = model.settingSources(
                                section: option.section, key: option.key, splitTemplates: splitTemplates,
                                splitDefaults: splitDefaults, keeping: { predicate.keep($0, release) })
                            let filtered = reference.filter { $0.reaches.contains { predicate.keep($0, release) } }
                            #expect(describe(kept) == describe(filtered), "\(what) \(release) \(option) \(predicate.name)")
                        }
                        for narrowing in narrowings {
                            let kept = model.settingSources(
                                section: option.section, key: option.key, splitTemplates: splitTemplates,
                                splitDefaults: splitDefaults, value: narrowing.value, service: { narrowing.service($0, release) },
                                keeping: { narrowing.keep($0, release) })
                            let filtered = reference.filter {
                                $0.reaches.contains {
                                    narrowing.value($0.setting.value) && narrowing.service($0.service, release) && narrowing.keep($0, release)
                                }
                            }
                            #expect(describe(kept) == describe(filtered), "\(what) \(release) \(option) \(narrowing.name)")
                        }
                    }
                }
            }
        }
        return indexed
    }

    /// The deployments of every rule example's tree, each with a label naming the example.
    static func exampleDeployments() -> [(label: String, deployments: [Deployment])] {
        var result: [(label: String, deployments: [Deployment])] = []
        for rule in RuleRegistry.all {
            for example in rule.description.triggeringExamples + rule.description.nonTriggeringExamples {
                var fs = InMemoryFileSystem(currentDirectory: "/example")
                for file in example.resolved().files { fs.addFile(file.path, contents: file.contents) }
                // Files named explicitly (`--path`), else the example's root.
                let named = example.arguments.indices.filter { example.arguments[$0] == "--path" && $0 + 1 < example.arguments.count }
                    .map { "/example/" + example.arguments[$0 + 1] }
                // An example of a tree rmqlint refuses (an error, no model) has nothing to compare.
                let deployments = (try? lint(fs, paths: named.isEmpty ? ["/example"] : named, arguments: example.arguments)) ?? []
                result.append(("\(rule.description.id) \(example.sourceFile):\(example.sourceLine)", deployments))
            }
        }
        return result
    }

    /// `check` over the deployments of every rule example (see ``exampleDeployments()``); how
    /// many deployments were checked.
    static func checkRuleExamples(_ check: ([Deployment], String) -> Int) -> Int {
        var checked = 0
        for example in exampleDeployments() {
            checked += example.deployments.count
            _ = check(example.deployments, example.label)
        }
        return checked
    }

    /// `check` over every Sample's deployments: how many Samples, and the sum of what `check` gave.
    static func checkSamples(_ check: ([Deployment], String) -> Int) throws -> (samples: Int, total: Int) {
        let directory = root.appendingPathComponent("Samples")
        let samples = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        var total = 0
        for sample in samples {
            total += check(try lint(LocalFileSystem(), paths: [directory.appendingPathComponent(sample).path]), sample)
        }
        return (samples.count, total)
    }

    @Test func ruleExamples() throws {
        #expect(Self.checkRuleExamples(Self.check) > 50)
    }

    @Test func samples() throws {
        let (samples, indexed) = try Self.checkSamples(Self.check)
        #expect(samples > 20)
        // Some Sample has collected configs over candidate releases: the shortcut was compared.
        #expect(indexed > 0)
    }

    @Test func generatedFleet() throws {
        let deployments = try Self.lint(Self.fleet(hosts: 12), paths: ["/g/etc/kolla", "/g/hosts"])
        let loose = try #require(deployments.first { $0.kind == .loose })
        #expect(ModelBuilder.candidateReleases(of: loose).count > 10)
        #expect(Self.check(deployments, "fleet") > 10)
        // The value and service tests passed some rendered files over (the narrowing was taken).
        let narrowed = Self.models(of: loose).filter { model in
            let files = model.effective.renderedIndex?.files.count ?? 0
            let chosen = model.chosenRendered(
                .heartbeatInPthread, value: { EffectiveSetting.boolValue($0) == true },
                service: PthreadHeartbeatOnEventletRule.isEventletOnly, start: model.effective.configs.count - files)
            return chosen.map { !$0.isEmpty && $0.count < files } ?? false
        }
        #expect(narrowed.count > 5)
    }

    /// A rendered file whose own lines say they are in another rendered file: its config's
    /// source is not its own, so neither shortcut may be taken.
    @Test func ownLineInAnotherFile() throws {
        let loose = try Self.fleetWithOwnLinesInAnotherFile()
        #expect(loose.effective.renderedIndex?.ownLinesInOwnFiles == false)
        Self.check([loose], "own line in another file")
    }

    /// Two rendered configs of one path (the same file listed twice): each is not its own
    /// source, so the shortcut must not be taken.
    @Test func renderedConfigsSharingAPath() throws {
        let loose = try Self.looseWithAFileListedTwice(Self.fleet(hosts: 4), suffix: "nova-compute/nova.conf")
        #expect(loose.effective.renderedIndex?.distinct == false)
        Self.check([loose], "shared path")
        // The shared path is one source reaching both configs.
        let sources = loose.settingSources(
            section: "DEFAULT", key: "transport_url", splitTemplates: false, splitDefaults: false)
        #expect(sources.contains { $0.reaches.count == 2 })
    }
}
