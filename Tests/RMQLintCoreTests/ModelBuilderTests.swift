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
        #expect(deployment.globals["enable_cinder"]?.value.scalar == "no")
    }

    @Test func passwordsBecomeSecretsButNotShortValues() throws {
        let model = try model([
            "/k/globals.yml": "",
            "/k/passwords.yml": "rabbitmq_password: s3cretValue\nshort: abc\nnested:\n  - deepSecret1\nempty:\n",
        ])
        #expect(model.secrets.sorted() == ["deepSecret1", "s3cretValue"])
    }

    @Test func heartbeatThresholdsComeFromTheEffectiveConfigs() throws {
        let model = try model([
            "/k/globals.yml": "",
            "/k/config/global.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 30\n",
            "/k/config/nova/nova-api.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 90\n",
        ])
        let deployment = try #require(model.deployments.first)
        let api = try #require(deployment.effective.configs(ofService: "nova-api").first)
        #expect(api.setting(section: "oslo_messaging_rabbit", key: "heartbeat_timeout_threshold")?.value == "90")
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
        #expect(thresholds.last?.location == nil)
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

    @Test func aHeartbeatInAFileKollaNeverReadsIsNoThreshold() throws {
        let model = try model([
            "/k/globals.yml": "openstack_release: \"2024.1\"\n",
            "/k/config/neutron/neutron-servr.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 0\n",
        ])
        let thresholds = try #require(model.deployments.first).heartbeatThresholds
        #expect(thresholds.map(\.seconds) == [60])
        #expect(thresholds.first?.location == nil)
    }

    @Test func amqpPortsFollowTheEffectiveRabbitMQPort() throws {
        let plain = try #require(try model(["/k/globals.yml": "rabbitmq_port: 5673\n"]).deployments.first)
        #expect(plain.amqpPorts == [5671, 5672, 5673])
        // Evaluated, not read as text: an expression over globals counts too.
        let derived = try #require(try model(["/k/globals.yml": "my_port: 5680\nrabbitmq_port: \"{{ my_port }}\"\n"]).deployments.first)
        #expect(derived.amqpPorts == [5671, 5672, 5680])
        let unknown = try #require(try model(["/k/globals.yml": "rabbitmq_port: \"{{ nowhere }}\"\n"]).deployments.first)
        #expect(unknown.amqpPorts == [5671, 5672])
    }

    @Test func kollaTemplateTimeoutsNameTheirVariable() throws {
        let set = try #require(try model([
            "/k/globals.yml": "haproxy_client_timeout: 10s\n",
            "/k/config/haproxy/services.d/rabbitmq.cfg": "listen rabbitmq\n    bind 10.0.0.10:5672\n    server a 10.0.0.11:5672\n",
        ]).deployments.first)
        let proxy = try #require(set.amqpProxyChains.first?.front)
        let client = try #require(proxy.timeout("client")).setting
        let variable = try #require(set.kollaTemplateVariable(of: client))
        #expect(variable.name == "haproxy_client_timeout" && variable.fallback == "1m")
        #expect(variable.setAt?.line == 1)
        let server = try #require(proxy.timeout("server")).setting
        #expect(set.kollaTemplateVariable(of: server)?.setAt == nil)
        #expect(set.kollaTemplateVariable(of: server)?.name == "haproxy_server_timeout")
    }

    @Test func kollaPoliciesAreCertainlyLoadedOnlyWhenTheirConditionIsKnownTrue() throws {
        func haAll(_ flag: String) throws -> Bool? {
            let deployment = try #require(try model([
                "/k/globals.yml": "openstack_release: \"2023.1\"\nom_enable_rabbitmq_high_availability: \(flag)\n",
            ]).deployments.first)
            guard let set = deployment.effective.policySets.first(where: \.isKollaTemplate),
                  let policy = set.policies.first(where: { $0.name == "ha-all" }) else { return nil }
            #expect(deployment.kollaTemplate(of: policy) != nil)
            return deployment.isCertainlyLoaded(policy, in: set)
        }
        #expect(try haAll("true") == true)
        #expect(try haAll("\"{{ unknown_flag }}\"") == false)
    }
}
