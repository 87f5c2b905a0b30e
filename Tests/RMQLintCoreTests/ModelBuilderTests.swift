import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintJinja
@testable import RMQLintKnowledge
@testable import RMQLintLoaders
@testable import RMQLintModel
@testable import RMQLintSource

@Suite("Deployment model")
struct ModelBuilderTests {
    func model(_ files: [String: String], paths: [String] = ["/k"]) throws -> DeploymentModel {
        var fs = InMemoryFileSystem(currentDirectory: "/")
        for (path, contents) in files { fs.addFile(path, contents: contents) }
        return try Linter(rules: [], fileSystem: fs).lint(LintOptions(paths: paths)).get().model
    }

    @Test func globalsDWinsOverGlobalsAndKeepsWhatItOverrides() throws {
        let model = try model([
            "/k/globals.yml": "openstack_release: \"2023.1\"\nenable_cinder: \"no\"\n",
            "/k/globals.d/10-release.yml": "openstack_release: \"2024.1\"\n",
            "/k/globals.d/20-release.yml": "\nopenstack_release: 2024.2\n",
        ])
        let deployment = try #require(model.deployments.first)
        let release = try #require(deployment.globals["openstack_release"])
        #expect(release.value.scalar == "2024.2")
        #expect(release.location.path == "k/globals.d/20-release.yml")
        #expect(release.location.line == 2)
        #expect(release.overridden.map(\.path) == ["k/globals.yml", "k/globals.d/10-release.yml"])
        #expect(deployment.plainGlobal("enable_cinder")?.value == "no")
    }

    @Test func passwordsBecomeSecretsButNotShortValues() throws {
        let model = try model([
            "/k/globals.yml": "",
            "/k/passwords.yml": "rabbitmq_password: s3cretValue\nshort: abc\nnested:\n  - deepSecret1\nempty:\n",
        ])
        #expect(model.secrets.sorted() == ["deepSecret1", "s3cretValue"])
    }

    @Test func osloSettingsComeFromEveryLayerWithTheirService() throws {
        let model = try model([
            "/k/globals.yml": "",
            "/k/config/global.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 30\n",
            "/k/config/nova/nova-api.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 90\n",
        ])
        let deployment = try #require(model.deployments.first)
        let settings = deployment.osloSettings(section: "oslo_messaging_rabbit", key: "heartbeat_timeout_threshold")
        #expect(settings.map(\.value) == ["30", "90"])
        #expect(settings.map(\.file.service) == [nil, "nova-api"])
        #expect(settings.last?.file.project == "nova")
        // global.conf covers every service: the oslo default no longer applies.
        #expect(deployment.heartbeatThresholds.map(\.seconds) == [30, 90])
    }

    @Test func heartbeatDefaultAppliesWhenSomeServicesAreLeftOnIt() throws {
        let model = try model([
            "/k/globals.yml": "",
            "/k/config/nova.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 10\n",
        ])
        let thresholds = try #require(model.deployments.first).heartbeatThresholds
        #expect(thresholds.map(\.seconds) == [10, 60])
        #expect(thresholds.last?.setting == nil)
    }

    @Test func eachFileIsReadOnceEvenWhenNamedTwice() throws {
        let model = try model(
            ["/k/globals.yml": "a: 1\n", "/k/config/nova.conf": "[DEFAULT]\n"],
            paths: ["/k", "/k/config/nova.conf", "/k/globals.yml"])
        #expect(model.filesRead == 2)
        #expect(model.deployments.count == 1)
    }

    @Test func loadProblemsAreCollectedOnce() throws {
        let model = try model([
            "/k/globals.yml": "a: [1\n",
            "/k/config/nova.conf": "debug = true\n",
        ])
        #expect(model.loadDiagnostics.map(\.location.path).sorted() == ["k/config/nova.conf", "k/globals.yml"])
    }
}
