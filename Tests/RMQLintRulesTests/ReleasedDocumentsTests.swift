import Testing
@testable import RMQLintCore
@testable import RMQLintLoaders
@testable import RMQLintModel
@testable import RMQLintRules
@testable import RMQLintSource

/// A lint run that hands no model out lets the rendered and loose oslo files' documents go
/// once the model is built (`Deployment.releaseRenderedDocuments`), keeping each file's Jinja
/// reads. `templateReferences(to:)` searches those reads: it must find what a walk of every
/// document finds, before and after the documents go, and RMQ105 must report the same.
@Suite("Released oslo documents")
struct ReleasedDocumentsTests {
    /// A 2025.1 Kolla tree setting variables the release no longer reads, which an override
    /// file and a rendered file of the tree read in values and in `{% if %}` / `{% elif %}` /
    /// `{% for %}` tests; beside it, collected files (one loose) with Jinja of their own.
    static func tree() -> InMemoryFileSystem {
        var fs = InMemoryFileSystem(currentDirectory: "/t")
        let files: [String: String] = [
            "/t/etc/kolla/globals.yml": """
                openstack_release: "2025.1"
                om_enable_rabbitmq_quorum_queues: false
                om_enable_queue_manager: true
                rabbitmq_message_ttl_ms: 600000
                other: "{{ om_enable_queue_manager }}"
                """,
            "/t/etc/kolla/config/nova.conf": """
                [oslo_messaging_rabbit]
                {% if om_enable_rabbitmq_quorum_queues | bool %}
                rabbit_quorum_queue = true
                {% elif om_enable_queue_manager %}
                use_queue_manager = {{ om_enable_queue_manager }}
                {% else %}
                rabbit_quorum_queue = false
                {% endif %}
                """,
            "/t/etc/kolla/nova-api/nova.conf": """
                [DEFAULT]
                transport_url = rabbit://openstack:pw@10.0.0.11:5672//
                [oslo_messaging_rabbit]
                heartbeat_timeout_threshold = {{ rabbitmq_message_ttl_ms // 1000 }}
                {% if om_enable_rabbitmq_quorum_queues %}
                {% for host in groups['rabbitmq'] %}
                rabbit_quorum_queue = true
                {% endfor %}
                {% endif %}
                """,
            "/t/hosts/ctl01/nova-api/nova.conf": """
                [oslo_messaging_rabbit]
                rabbit_quorum_queue = {{ om_enable_rabbitmq_quorum_queues }}
                """,
            "/t/hosts/ctl02/nova-api/nova.conf": """
                [oslo_messaging_rabbit]
                rabbit_quorum_queue = true
                """,
            "/t/hosts/loose/nova.conf": """
                [DEFAULT]
                {% if om_enable_queue_manager %}
                transport_url = rabbit://openstack:pw@10.0.0.11:5672//
                {% endif %}
                """,
        ]
        for (path, contents) in files { fs.addFile(path, contents: contents + "\n") }
        return fs
    }

    /// The walk `templateReferences(to:)` made before the reads were kept: every templated
    /// value and every enclosing block's tests, of every oslo file's document.
    static func documentWalk(_ deployment: Deployment, _ name: String) -> [RMQLintSource.SourceLocation] {
        var found: [RMQLintSource.SourceLocation] = []
        func scan(_ node: YAMLNode, depth: Int = 0) {
            guard depth < 64 else { return }
            switch node.content {
            case .scalar(let text, _):
                if node.isTemplated, Jinja.referencedVariables(inTemplate: text).contains(name) { found.append(node.location) }
            case .sequence(let items): for item in items { scan(item, depth: depth + 1) }
            case .mapping(let pairs): for pair in pairs { scan(pair.value, depth: depth + 1) }
            }
        }
        for (other, variable) in deployment.globals where other != name { scan(variable.value) }
        for file in deployment.osloFiles {
            for section in file.document.sections {
                for entry in section.entries {
                    if entry.isTemplated, Jinja.referencedVariables(inTemplate: entry.value).contains(name) {
                        found.append(entry.valueLocation)
                    }
                    for condition in entry.conditions {
                        let tests = condition.earlierTests + (condition.test.map { [$0] } ?? [])
                        if tests.contains(where: { Jinja.referencedVariables($0).contains(name) }) { found.append(condition.location) }
                    }
                }
            }
        }
        return Array(Set(found)).sorted()
    }

    static let names = [
        "om_enable_rabbitmq_quorum_queues", "om_enable_queue_manager", "rabbitmq_message_ttl_ms", "groups", "host",
        "other", "not_read_anywhere",
    ]

    static func deployments() throws -> [Deployment] {
        try Linter(rules: [], fileSystem: tree()).lint(LintOptions(paths: ["/t"], failOn: .never)).get().model.deployments
    }

    static func isRendered(_ file: OsloConfigFile) -> Bool {
        switch file.role {
        case .renderedOslo, .looseOslo: true
        default: false
        }
    }

    @Test func readsFindWhatTheDocumentWalkFinds() throws {
        let deployments = try Self.deployments()
        #expect(deployments.map(\.kind) == [.kolla, .loose])
        for deployment in deployments {
            for name in Self.names {
                #expect(deployment.templateReferences(to: name) == Self.documentWalk(deployment, name), "\(name)")
            }
        }
        // Rendered and loose files' Jinja is found: values, a block's own test and an earlier one.
        let kolla = deployments[0], loose = deployments[1]
        func places(_ deployment: Deployment, _ name: String) -> [String] {
            deployment.templateReferences(to: name).map { "\($0.path):\($0.line)" }
        }
        #expect(places(kolla, "rabbitmq_message_ttl_ms") == ["etc/kolla/nova-api/nova.conf:4"])
        #expect(places(kolla, "om_enable_queue_manager")
            == ["etc/kolla/config/nova.conf:2", "etc/kolla/config/nova.conf:5", "etc/kolla/globals.yml:5"])
        #expect(places(kolla, "om_enable_rabbitmq_quorum_queues") == ["etc/kolla/config/nova.conf:2", "etc/kolla/nova-api/nova.conf:5"])
        #expect(places(loose, "om_enable_rabbitmq_quorum_queues") == ["hosts/ctl01/nova-api/nova.conf:2"])
        #expect(places(loose, "om_enable_queue_manager") == ["hosts/loose/nova.conf:2"])
    }

    @Test func releasedDeploymentsKeepReadsAndSettings() throws {
        for deployment in try Self.deployments() {
            var released = deployment
            released.releaseRenderedDocuments()
            for (before, after) in zip(deployment.osloFiles, released.osloFiles) {
                #expect(after.document.path == before.document.path)
                #expect(after.templateReads == before.templateReads)
                if Self.isRendered(before) {
                    #expect(after.document.sections.isEmpty)
                } else {
                    #expect(after.document == before.document)
                }
            }
            #expect(released.osloFiles.contains { Self.isRendered($0) })
            for name in Self.names {
                #expect(released.templateReferences(to: name) == Self.documentWalk(deployment, name), "\(name)")
            }
            // The settings made from the documents with the model are still the model's.
            let settings = ModelBuilder.renderedFileSettings(of: released)
            #expect(settings.map(\.path) == ModelBuilder.renderedFileSettings(of: deployment).map(\.path))
            #expect(settings.map(\.keyList) == ModelBuilder.renderedFileSettings(of: deployment).map(\.keyList))
            #expect(released.renderedIndex === deployment.renderedIndex)
        }
    }

    /// Without the settings made with the model (the files were set again), nothing goes.
    @Test func nothingGoesWithoutTheModelsSettings() throws {
        for deployment in try Self.deployments() {
            var changed = deployment
            changed.osloFiles = deployment.osloFiles
            changed.releaseRenderedDocuments()
            #expect(changed.osloFiles.map(\.document) == deployment.osloFiles.map(\.document))
            #expect(ModelBuilder.renderedFileSettings(of: changed).map(\.keyList)
                == ModelBuilder.renderedFileSettings(of: deployment).map(\.keyList))
        }
    }

    /// Setting a document again makes its reads again.
    @Test func settingTheDocumentMakesItsReads() throws {
        let deployment = try #require(try Self.deployments().first)
        var file = try #require(deployment.osloFiles.first { $0.document.path.hasSuffix("config/nova.conf") })
        #expect(!file.templateReads.isEmpty)
        file.document = INIDocument(path: file.document.path)
        #expect(file.templateReads.isEmpty)
    }

    /// RMQ105 reports the same (its related lines are the template references) whether the run
    /// keeps its model or lets it and the documents go.
    @Test func removedVariableFindingsAreTheSame() throws {
        func findings(keptUpTo limit: Int?) throws -> [Finding] {
            var options = LintOptions(paths: ["/t"], failOn: .never)
            options.modelKeptUpToFiles = limit
            let result = try Linter(rules: [RemovedKollaVariableRule.self], fileSystem: Self.tree()).lint(options).get()
            #expect(result.model.deployments.isEmpty == (limit != nil))
            return result.report.findings
        }
        let kept = try findings(keptUpTo: nil)
        #expect(kept.count == 3)
        #expect(kept.contains { $0.related.contains { $0.location.path == "etc/kolla/nova-api/nova.conf" } })
        #expect(try findings(keptUpTo: 0) == kept)
    }
}
