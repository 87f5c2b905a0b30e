import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintJinja
@testable import RMQLintKnowledge
@testable import RMQLintLoaders
@testable import RMQLintModel
@testable import RMQLintSource

@Suite("Effective model")
struct EffectiveModelTests {
    static let inventory = """
        [control]
        ctl01
        ctl02
        ctl03

        [compute]
        cmp01
        cmp02

        [rabbitmq:children]
        control

        """

    func deployment(_ files: [String: String], release: String? = nil) throws -> Deployment {
        var fs = InMemoryFileSystem(currentDirectory: "/")
        var all = files
        if all["/k/multinode"] == nil { all["/k/multinode"] = Self.inventory }
        for (path, contents) in all { fs.addFile(path, contents: contents) }
        let model = try Linter(rules: [], fileSystem: fs).lint(LintOptions(paths: ["/k"], release: release)).get().model
        return try #require(model.deployments.first)
    }

    func config(_ deployment: Deployment, _ service: String, host: String? = nil) throws -> EffectiveServiceConfig {
        try #require(deployment.effective.configs.first { $0.service == service && $0.host == host && $0.origin == .kolla })
    }

    func file(_ setting: EffectiveSetting?) -> String? {
        guard case .file(let location)? = setting?.provenance.origin else { return nil }
        return location.description
    }

    // MARK: Template layer

    @Test func kollaTemplateRendersPerServiceHeartbeatAndFlags() throws {
        let deployment = try deployment(["/k/globals.yml": "openstack_release: \"2024.1\"\n"])
        let api = try config(deployment, "nova-api")
        let conductor = try config(deployment, "nova-conductor")
        #expect(api.setting(section: "oslo_messaging_rabbit", key: "heartbeat_in_pthread")?.value == "true")
        #expect(conductor.setting(section: "oslo_messaging_rabbit", key: "heartbeat_in_pthread")?.value == "false")
        // 2024.1 defaults: quorum on, HA off, queue manager off (KA unmaintained/2024.1 group_vars).
        let quorum = try #require(conductor.setting(section: "oslo_messaging_rabbit", key: "rabbit_quorum_queue"))
        #expect(quorum.value == "true")
        #expect(quorum.provenance.selectedBy.map(\.description) == ["k/globals.yml:1:20"])
        if case .kollaTemplate(let source) = quorum.provenance.origin {
            #expect(source.contains("nova.conf.j2"))
        } else {
            Issue.record("expected the Kolla template as provenance")
        }
        let durable = try #require(conductor.setting(section: "oslo_messaging_rabbit", key: "amqp_durable_queues"))
        #expect(durable.value == "False")
        #expect(durable.isDefault)
        if case .osloDefault = durable.provenance.origin {} else { Issue.record("expected the oslo default") }
        #expect(conductor.setting(section: "oslo_messaging_rabbit", key: "use_queue_manager")?.value == "False")
    }

    /// Template lines are resolved once per model and shared by every service template that
    /// renders them (TemplateLineCache): each service's setting still cites its own template.
    @Test func sharedTemplateLinesCiteEachServicesOwnTemplate() throws {
        let deployment = try deployment(["/k/globals.yml": "openstack_release: \"2024.1\"\nenable_glance: true\n"])
        func origin(_ service: String) throws -> (String, EffectiveSetting) {
            let setting = try #require(try config(deployment, service).setting(section: "oslo_messaging_rabbit", key: "rabbit_quorum_queue"))
            guard case .kollaTemplate(let source) = setting.provenance.origin else {
                Issue.record("expected the Kolla template as provenance of \(service)")
                return ("", setting)
            }
            return (source, setting)
        }
        let (glance, glanceSetting) = try origin("glance-api")
        let (nova, novaSetting) = try origin("nova-api")
        let (cell, _) = try origin("nova-compute")
        #expect(glance.contains("roles/glance/templates/glance-api.conf.j2"))
        #expect(nova.contains("roles/nova/templates/nova.conf.j2"))
        #expect(cell.contains("roles/nova-cell/templates/nova.conf.j2"))
        #expect(glanceSetting.value == novaSetting.value)
        #expect(glanceSetting.provenance.selectedBy == novaSetting.provenance.selectedBy)
    }

    @Test func haFlagInGlobalsSelectsDurableQueuesAndPointsAtTheFlag() throws {
        let deployment = try deployment(["/k/globals.yml": """
            openstack_release: "2023.1"
            om_enable_rabbitmq_high_availability: true

            """])
        let setting = try #require(try config(deployment, "nova-compute")
            .setting(section: "oslo_messaging_rabbit", key: "amqp_durable_queues"))
        #expect(setting.value == "true")
        #expect(setting.provenance.selectedBy.map(\.description) == ["k/globals.yml:2:1"])
        #expect(setting.provenance.anchor?.description == "k/globals.yml:2:1")
    }

    @Test func jinjaValuedDefaultsFollowTheirInputs() throws {
        // 2024.1 tip: transient quorum defaults to "{{ quorum and queue_manager }}".
        let deployment = try deployment(["/k/globals.yml": """
            openstack_release: "2024.1"
            om_enable_queue_manager: "yes"

            """])
        let conductor = try config(deployment, "nova-conductor")
        let transient = try #require(conductor.setting(section: "oslo_messaging_rabbit", key: "rabbit_transient_quorum_queue"))
        #expect(transient.value == "true")
        #expect(transient.provenance.selectedBy.map(\.description) == ["k/globals.yml:2:1"])
        #expect(conductor.setting(section: "oslo_messaging_rabbit", key: "use_queue_manager")?.value == "true")
    }

    @Test func transportURLListsEveryRabbitMQHostWithoutThePassword() throws {
        let deployment = try deployment([
            "/k/globals.yml": "openstack_release: \"2024.1\"\n",
            "/k/passwords.yml": "rabbitmq_password: SuperSecret123\n",
        ])
        let url = try config(deployment, "nova-api").setting(section: "DEFAULT", key: "transport_url")?.value
        #expect(url == "rabbit://openstack:******@ctl01:5672,openstack:******@ctl02:5672,openstack:******@ctl03:5672//")
    }

    // MARK: Override chain

    @Test func lastWriterWinsAlongTheOverrideChain() throws {
        let deployment = try deployment([
            "/k/globals.yml": "openstack_release: \"2024.1\"\n",
            "/k/config/global.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 30\n",
            "/k/config/nova.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 40\nheartbeat_in_pthread = true\n",
            "/k/config/nova/nova-compute.conf": "[Oslo_Messaging_Rabbit]\nheartbeat_timeout_threshold = 50\n",
        ])
        let compute = try config(deployment, "nova-compute")
        let threshold = compute.setting(section: "oslo_messaging_rabbit", key: "heartbeat_timeout_threshold")
        #expect(threshold?.value == "50")
        #expect(file(threshold) == "k/config/nova/nova-compute.conf:2:31")
        #expect(threshold?.overridden.map(\.summary) == ["k/config/global.conf:2:31", "k/config/nova.conf:2:31"])
        // nova.conf reaches every nova service, overriding the template's per-service value.
        let pthread = compute.setting(section: "oslo_messaging_rabbit", key: "heartbeat_in_pthread")
        #expect(pthread?.value == "true")
        #expect(file(pthread) == "k/config/nova.conf:3:24")
        #expect(pthread?.overridden.count == 1)
        let scheduler = try config(deployment, "nova-scheduler")
        #expect(scheduler.setting(section: "oslo_messaging_rabbit", key: "heartbeat_timeout_threshold")?.value == "40")
        #expect(compute.layers == ["k/config/global.conf", "k/config/nova.conf", "k/config/nova/nova-compute.conf"])
        // Other projects get only global.conf.
        let neutron = try config(deployment, "neutron-server")
        #expect(neutron.setting(section: "oslo_messaging_rabbit", key: "heartbeat_timeout_threshold")?.value == "30")
    }

    @Test func hostOverridesGiveThatHostItsOwnConfig() throws {
        let deployment = try deployment([
            "/k/globals.yml": "openstack_release: \"2024.1\"\n",
            "/k/config/nova.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 40\n",
            "/k/config/nova/cmp01/nova.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 120\n",
            "/k/config/nova/cmp02/nova-compute.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 90\n",
        ])
        let configs = deployment.effective.configs(ofService: "nova-compute")
        #expect(configs.map(\.host) == [nil, "cmp01", "cmp02"])
        #expect(configs.map { $0.setting(section: "oslo_messaging_rabbit", key: "heartbeat_timeout_threshold")?.value }
                == ["40", "120", "90"])
        // nova/<host>/<service>.conf is read by nova-cell services only (KA 69a67823), not nova-api.
        #expect(deployment.effective.configs(ofService: "nova-api").map(\.host) == [nil, "cmp01"])
    }

    @Test func novaCellHostServiceFileIsIgnoredBefore2023_2() throws {
        let deployment = try deployment([
            "/k/globals.yml": "openstack_release: \"2023.1\"\n",
            "/k/config/nova/cmp02/nova-compute.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 90\n",
        ])
        #expect(deployment.effective.configs(ofService: "nova-compute").map(\.host) == [nil])
    }

    @Test func overridesKollaNeverReadsChangeNothing() throws {
        let deployment = try deployment([
            "/k/globals.yml": "openstack_release: \"2024.1\"\n",
            // A service directory in the host position, and a host missing from the inventory.
            "/k/config/nova/nova-api/nova.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 5\n",
            "/k/config/nova/ghost01/nova.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 5\n",
            "/k/config/nova/nova-metadata.ini": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 5\n",
        ])
        for config in deployment.effective.configs {
            let threshold = config.setting(section: "oslo_messaging_rabbit", key: "heartbeat_timeout_threshold")
            #expect(threshold?.value == "60", "\(config.label)")
            #expect(config.host == nil)
        }
    }

    // MARK: Jinja in overrides

    @Test func jinjaBlocksInOverridesAreEvaluatedWhenKnown() throws {
        let deployment = try deployment([
            "/k/globals.yml": "openstack_release: \"2024.1\"\nuse_long_heartbeats: true\n",
            "/k/config/global.conf": """
                [oslo_messaging_rabbit]
                {% if use_long_heartbeats | bool %}
                heartbeat_timeout_threshold = 120
                {% else %}
                heartbeat_timeout_threshold = 20
                {% endif %}
                {% if enable_cinder | bool %}
                rabbit_qos_prefetch_count = 7
                {% endif %}
                heartbeat_rate = {{ 2 + 2 }}

                """,
        ])
        let keystone = try config(deployment, "keystone")
        let threshold = keystone.setting(section: "oslo_messaging_rabbit", key: "heartbeat_timeout_threshold")
        #expect(threshold?.value == "120")
        #expect(threshold?.isConditional == false)
        #expect(file(threshold) == "k/config/global.conf:3:31")
        // enable_cinder defaults to "no": the line never reaches the service.
        #expect(keystone.setting(section: "oslo_messaging_rabbit", key: "rabbit_qos_prefetch_count")?.value == "0")
        #expect(keystone.setting(section: "oslo_messaging_rabbit", key: "heartbeat_rate")?.value == "4")
    }

    @Test func unknownJinjaKeepsTheValueButMarksItConditional() throws {
        let deployment = try deployment([
            "/k/globals.yml": "openstack_release: \"2024.1\"\n",
            "/k/config/global.conf": """
                [oslo_messaging_rabbit]
                {% if some_inventory_fact %}
                heartbeat_timeout_threshold = 10
                {% endif %}
                heartbeat_rate = {{ lookup('env', 'RATE') }}

                """,
        ])
        let keystone = try config(deployment, "keystone")
        let threshold = try #require(keystone.setting(section: "oslo_messaging_rabbit", key: "heartbeat_timeout_threshold"))
        #expect(threshold.value == "10")
        #expect(threshold.isConditional)
        #expect(threshold.overridden.isEmpty)
        let rate = try #require(keystone.setting(section: "oslo_messaging_rabbit", key: "heartbeat_rate"))
        #expect(rate.value == nil)
        #expect(rate.intValue == nil)
    }

    // MARK: Projects, policies, cluster

    @Test func enabledProjectsFollowFlagsAndFiles() throws {
        let deployment = try deployment([
            "/k/globals.yml": "openstack_release: \"2024.1\"\nenable_cinder: \"yes\"\nenable_heat: false\n",
            "/k/config/octavia.conf": "[DEFAULT]\ndebug = true\n",
        ])
        let names = deployment.effective.enabledProjects.map(\.name)
        #expect(names == ["cinder", "glance", "keystone", "neutron", "nova", "nova-cell", "octavia"])
        #expect(deployment.effective.services.contains { $0.name == "cinder-volume" })
        #expect(!deployment.effective.services.contains { $0.name == "heat-engine" })
    }

    @Test func wallabyRendersTheImplicitHaAllPolicy() throws {
        let deployment = try deployment(["/k/globals.yml": "kolla_base_distro: ubuntu\nopenstack_release: wallaby\n"])
        let set = try #require(deployment.effective.policySets.first)
        #expect(set.host == nil)
        let policy = try #require(set.policies.first)
        #expect(set.policies.count == 1)
        #expect(policy.name == "ha-all")
        #expect(policy.pattern == ".*")
        #expect(policy.value("ha-mode")?.value == .string("all"))
        #expect(policy.provenance.anchor?.description == "k/globals.yml:2:20")
        #expect(!policy.isConditional)
    }

    @Test func wallabyEscapeHatchRemovesThePolicy() throws {
        let deployment = try deployment(["/k/globals.yml": "openstack_release: wallaby\nrabbitmq_remove_ha_all_policy: yes\n"])
        #expect(deployment.effective.policySets.first?.policies.isEmpty == true)
    }

    @Test func haFlagPolicyOf2023_1UsesReplicaCountFromTheCluster() throws {
        let deployment = try deployment(["/k/globals.yml": """
            openstack_release: "2023.1"
            om_enable_rabbitmq_high_availability: true

            """])
        let policy = try #require(deployment.effective.policySets.first?.policies.first)
        #expect(policy.pattern == "^(?!(amq\\.)|(.*_fanout_)|(reply_)).*")
        #expect(policy.definition.map(\.key) == ["ha-mode", "ha-params", "ha-promote-on-shutdown", "message-ttl", "expires"])
        #expect(policy.value("ha-mode")?.value == .string("exactly"))
        #expect(policy.value("ha-params")?.value == .int(2))
        #expect(policy.value("message-ttl")?.value == .int(600000))
        #expect(policy.value("expires")?.value == .int(3600000))
        #expect(policy.provenance.anchor?.description == "k/globals.yml:2:1")
    }

    @Test func customDefinitionsReplaceTheTemplateAndHostFilesAddSets() throws {
        let definitions = """
            {"policies": [
              {"vhost": "/", "name": "ha", "pattern": "^(?!amq\\\\.).*", "apply-to": "queues",
               "definition": {"ha-mode": "all", "message-ttl": {{ rabbitmq_message_ttl_ms }}}, "priority": 1}
            ]}
            """
        let deployment = try deployment([
            "/k/globals.yml": "openstack_release: \"2023.1\"\nrabbitmq_message_ttl_ms: 1800000\n",
            "/k/config/rabbitmq/definitions.json": definitions,
            "/k/config/rabbitmq/ctl02/definitions.json": "{\"policies\": []}\n",
        ])
        let sets = deployment.effective.policySets
        #expect(sets.map(\.host) == [nil, "ctl02"])
        let policy = try #require(sets.first?.policies.first)
        #expect(policy.pattern == "^(?!amq\\.).*")
        #expect(policy.applyTo == "queues")
        #expect(policy.priority == 1)
        #expect(policy.value("message-ttl")?.value == .int(1800000))
        #expect(policy.provenance.anchor?.description == "k/config/rabbitmq/definitions.json:2:26")
        #expect(deployment.osloFiles.isEmpty)
    }

    // MARK: Policy reach (the merge RMQ301 reads)

    func reach(_ policies: String) throws -> PolicyReach {
        let deployment = try deployment([
            "/k/globals.yml": "openstack_release: \"2024.1\"\n",
            "/k/config/rabbitmq/definitions.json": policies,
        ])
        return try #require(deployment.effective.policyReaches.first)
    }

    func topic(_ reach: PolicyReach, _ name: String) throws -> PolicyReach.Queue {
        try #require(reach.queues.first { $0.queue.name == name })
    }

    @Test func effectiveValueMergesUserAndOperatorPolicyAsRabbitMQDoes() throws {
        let reach = try reach("""
            {"policies": [{"vhost": "/", "name": "user", "pattern": ".*", "definition": {"message-ttl": 120000}, "priority": 0}],
             "operator_policies": [{"vhost": "/", "name": "op", "pattern": "^conductor", "definition": {"message-ttl": 60000}, "priority": 0}]}
            """)
        // Both set it: the lower wins (merge_policy_value/3), and comes from the operator policy.
        let conductor = try #require(reach.effectiveValue("message-ttl", for: try topic(reach, "conductor")))
        #expect(conductor.value == .integer(60000))
        #expect(conductor.policy.name == "op")
        // Only the user policy reaches the scheduler topic.
        let scheduler = try #require(reach.effectiveValue("message-ttl", for: try topic(reach, "scheduler")))
        #expect(scheduler.value == .integer(120000))
        #expect(scheduler.policy.name == "user")
        #expect(reach.effectiveValue("expires", for: try topic(reach, "scheduler")) == nil)
    }

    @Test func effectiveValueIsUnknownWhenTheChoiceIsATie() throws {
        let reach = try reach("""
            {"policies": [{"vhost": "/", "name": "a", "pattern": ".*", "definition": {"message-ttl": 1000}, "priority": 0},
                          {"vhost": "/", "name": "b", "pattern": ".*", "definition": {"message-ttl": 2000}, "priority": 0}]}
            """)
        #expect(reach.effectiveValue("message-ttl", for: try topic(reach, "conductor")) == nil)
    }

    @Test func policiesAreFoundByNameAndVhostNotPosition() throws {
        let reach = try reach("""
            {"policies": [{"vhost": "/", "name": "replies", "pattern": "^reply_", "definition": {"expires": 60000}, "priority": 0},
                          {"vhost": "/", "name": "rest", "pattern": "^conductor", "definition": {"expires": 60000}, "priority": 0}]}
            """)
        let rest = try #require(reach.set.policies.first { $0.name == "rest" })
        let reached = try #require(reach.queues(possiblyReachedBy: rest))
        #expect(!reached.isEmpty)
        #expect(reached.allSatisfy { $0.queue.name.hasPrefix("conductor") })
        var stranger = rest
        stranger.name = "not-in-this-set"
        #expect(reach.queues(possiblyReachedBy: stranger) == nil)
    }

    @Test func clusterComesFromTheRabbitMQGroup() throws {
        let deployment = try deployment(["/k/globals.yml": "openstack_release: \"2024.1\"\n"])
        #expect(deployment.effective.cluster.hosts == ["ctl01", "ctl02", "ctl03"])
        #expect(deployment.effective.cluster.location?.description == "k/multinode:10:2")
    }

    @Test func boolAndIntParsingFollowOsloConfig() {
        func setting(_ value: String?) -> EffectiveSetting {
            EffectiveSetting(section: "s", key: "k", value: value, provenance: Provenance(origin: .kollaTemplate("t")))
        }
        #expect(setting("Yes").boolValue == true)
        #expect(setting("off").boolValue == false)
        #expect(setting("1").boolValue == true)
        #expect(setting("y").boolValue == nil)
        #expect(setting(nil).boolValue == nil)
        #expect(setting(" 42 ").intValue == 42)
        #expect(setting("4.5").intValue == nil)
    }

    /// The ASCII byte reading of `boolValue` against the general path (trim, lower-case,
    /// compare), on every word in mixed case and padding, near misses, control bytes that
    /// pack to the same integer as a word, and non-ASCII values (which take the general path).
    @Test func boolValueOfASCIIBytesAgreesWithTheGeneralPath() {
        var values: [String] = ["", " ", "\t", "tru", "truee", "yess", "offf", "n", "o", "10", "01", "y", "nope", "enabled",
                                "\u{0}true", "\u{0}\u{0}1", "\u{0}no", "t rue", "true\n", "\ntrue", "TRUE\u{0}"]
        for word in ["true", "1", "on", "yes", "false", "0", "off", "no"] {
            for variant in [word, word.uppercased(), word.prefix(1).uppercased() + word.dropFirst()] {
                values += [variant, " \(variant)", "\(variant)\t", "\t \(variant) \t", "\(variant)x", "x\(variant)"]
            }
        }
        // Not ASCII: the Kelvin sign lower-cases to `k`, `İ` to two scalars; the fast path declines them.
        values += ["tru\u{E9}", "\u{212A}", "\u{130}", "yes\u{A0}", "\u{A0}yes", "n\u{F6}"]
        for value in values {
            var copy = value
            copy.makeContiguousUTF8()
            #expect(EffectiveSetting.boolValue(copy) == EffectiveSetting.generalBoolValue(copy), "\(value.debugDescription)")
            let ascii = copy.utf8.withContiguousStorageIfAvailable(EffectiveSetting.asciiBoolValue)
            if value.utf8.contains(where: { $0 >= 0x80 }) {
                #expect(ascii == .some(nil), "\(value.debugDescription) is not read as ASCII")
            } else {
                #expect(ascii == .some(.some(EffectiveSetting.generalBoolValue(copy))), "\(value.debugDescription)")
            }
        }
    }

    // MARK: Wrappers

    func model(_ files: [String: String], paths: [String]) throws -> DeploymentModel {
        var fs = InMemoryFileSystem(currentDirectory: "/")
        for (path, contents) in files { fs.addFile(path, contents: contents) }
        return try Linter(rules: [], fileSystem: fs).lint(LintOptions(paths: paths)).get().model
    }

    @Test func kayobeRepositoryLintsItsKollaDirectoryWithKayobesReleaseAndGroups() throws {
        let files = [
            "/r/etc/kayobe/globals.yml": "kayobe_ansible_user: stack\n",
            "/r/etc/kayobe/openstack.yml": "---\nopenstack_release: \"2024.1\"\n",
            "/r/etc/kayobe/kolla.yml": "kolla_enable_cinder: true\n",
            "/r/etc/kayobe/inventory/groups": "[controllers]\n\n[compute]\n",
            "/r/etc/kayobe/inventory/hosts": "[controllers]\nctl01\nctl02\nctl03\n",
            "/r/etc/kayobe/kolla/config/nova.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 30\n",
        ]
        // Named from the repository root, from etc/kayobe, or through a file inside it.
        for path in ["/r", "/r/etc/kayobe", "/r/etc/kayobe/kolla/config/nova.conf"] {
            let deployment = try #require(try model(files, paths: [path]).deployments.first)
            #expect(deployment.kind == .kayobe)
            #expect(deployment.root == "r/etc/kayobe/kolla")
            #expect(deployment.release.version.release == .caracal)
            #expect(deployment.effective.cluster.hosts == ["ctl01", "ctl02", "ctl03"])
            #expect(deployment.effective.enabledProjects.contains { $0.name == "cinder" })
            let conductor = try #require(deployment.effective.configs(ofService: "nova-conductor").first)
            #expect(conductor.setting(section: "oslo_messaging_rabbit", key: "heartbeat_timeout_threshold")?.value == "30")
        }
    }

    @Test func osismTakesTheReleaseFromTheManagerAndMapsRabbitMQToControl() throws {
        let deployment = try #require(try model([
            "/o/environments/kolla/configuration.yml": "---\nkolla_internal_vip_address: 10.0.0.1\n",
            "/o/environments/manager/configuration.yml": "---\nmanager_version: latest\nopenstack_version: 2024.2\n",
            "/o/inventory/20-roles": "[control]\nc1\nc2\nc3\n",
        ], paths: ["/o"]).deployments.first)
        #expect(deployment.kind == .osism)
        #expect(deployment.release.version.release == .dalmatian)
        #expect(deployment.effective.cluster.hosts == ["c1", "c2", "c3"])
    }

    @Test func novaCellTransportURLIsUnknownOnceACellIsNamed() throws {
        let plain = try deployment(["/k/globals.yml": "openstack_release: \"2024.1\"\n"])
        let named = try deployment([
            "/k/globals.yml": "openstack_release: \"2024.1\"\n",
            "/k/multinode": Self.inventory + "[compute:vars]\nnova_cell_name=cell1\n",
        ])
        let url = "rabbit://openstack:******@ctl01:5672,openstack:******@ctl02:5672,openstack:******@ctl03:5672//"
        #expect(try config(plain, "nova-compute").setting(section: "DEFAULT", key: "transport_url")?.value == url)
        #expect(try config(named, "nova-compute").setting(section: "DEFAULT", key: "transport_url")?.value == nil)
        #expect(try config(named, "nova-api").setting(section: "DEFAULT", key: "transport_url")?.value == url)
    }
}
