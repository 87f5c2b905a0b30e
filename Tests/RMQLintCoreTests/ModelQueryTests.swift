import Testing
@testable import RMQLintCore
@testable import RMQLintKnowledge
@testable import RMQLintModel
@testable import RMQLintSource

/// The model API rules ask instead of deciding themselves: where a finding points, what a
/// policy certainly sets and whether it mirrors, each written broker setting once, the hosts
/// of a transport URL, and the sources of an effective oslo value.
@Suite("Model queries the rules use")
struct ModelQueryTests {
    func deployment(_ files: [String: String], release: String? = nil) throws -> Deployment {
        var fs = InMemoryFileSystem(currentDirectory: "/")
        for (path, contents) in files { fs.addFile(path, contents: contents) }
        let model = try Linter(rules: [], fileSystem: fs).lint(LintOptions(paths: ["/k"], release: release)).get().model
        return try #require(model.deployments.first)
    }

    static let threeNodes = "[rabbitmq]\nctl01\nctl02\nctl03\n"

    // MARK: Transport URLs

    @Test func transportURLHostsWithoutCredentialsOrPorts() {
        #expect(TransportURL.hosts("rabbit://u:p@ctl01:5672,u:p@ctl02:5672,u:p@ctl03:5672//") == ["ctl01", "ctl02", "ctl03"])
        // A password with `/`, `:` and `@`: the host is after the entry's last `@`.
        #expect(TransportURL.hosts("rabbit://openstack:a/b:c@d@10.0.0.10:5672/vhost?ssl=1") == ["10.0.0.10"])
        #expect(TransportURL.hosts("rabbit://u:p@[fd00::1]:5672,u:p@[fd00::2]:5672//") == ["fd00::1", "fd00::2"])
        // The same host twice is one endpoint.
        #expect(TransportURL.hosts("rabbit://a:p@vip:5672,b:p@vip:5671//") == ["vip"])
        // Jinja in the credentials is fine; in a host it is not evaluated: nil, never a guess.
        #expect(TransportURL.hosts("rabbit://openstack:{{ rabbitmq_password }}@ctl01:5672//") == ["ctl01"])
        #expect(TransportURL.hosts("rabbit://u:p@{{ api_interface_address }}:5672//") == nil)
        #expect(TransportURL.hosts("rabbit://{% for h in groups['rabbitmq'] %}u:p@{{ h }}{% endfor %}//") == nil)
        #expect(TransportURL.hosts("not a url") == nil)
    }

    // MARK: Broker settings

    @Test func eachWrittenBrokerSettingOnceOverTheHostViews() throws {
        let tree = try deployment([
            "/k/globals.yml": "openstack_release: \"2024.1\"\n",
            "/k/multinode": Self.threeNodes,
            "/k/config/rabbitmq/rabbitmq.conf": "cluster_partition_handling = ignore\nnet_ticktime = 20\n",
            "/k/config/rabbitmq/ctl03/advanced.config": "[{kernel, [{net_ticktime, 10}]}].\n",
        ])
        // Two views (every host, ctl03) share the global file: its line is one setting.
        #expect(tree.effective.brokers.count == 2)
        let handling = tree.uniqueBrokerSettings("cluster_partition_handling")
        #expect(handling.map { $0.setting.provenance.anchor?.description } == ["k/config/rabbitmq/rabbitmq.conf:1:30"])
        // Effective only: ctl03's advanced.config wins there; every setting: both lines.
        #expect(tree.uniqueBrokerSettings("net_ticktime").map(\.setting.value) == ["20", "10"])
        #expect(tree.uniqueBrokerSettings("net_ticktime", effectiveOnly: false).map { "\($0.setting.form.rawValue)=\($0.setting.value ?? "")" }
                == ["rabbitmq.conf=20", "advanced.config=10"])
    }

    // MARK: Where a finding points

    @Test func findingLocationIsTheWrittenLineElseTheSelectingLineElseGlobals() throws {
        let tree = try deployment([
            "/k/globals.yml": "openstack_release: \"2024.1\"\nrabbitmq_cluster_partition_handling: autoheal\n",
            "/k/multinode": Self.threeNodes,
        ])
        let written = try #require(tree.effective.brokers.first?.effective("cluster_partition_handling"))
        #expect(tree.findingLocation(of: written.provenance)?.description == "k/globals.yml:2:1")
        #expect(tree.globalsLine("rabbitmq_cluster_partition_handling")?.description == "k/globals.yml:2:1")
        #expect(tree.globalsLine("om_enable_rabbitmq_quorum_queues") == nil)
        // A Kolla default is selected by the release line.
        let defaulted = try deployment(["/k/globals.yml": "openstack_release: \"2024.1\"\n", "/k/multinode": Self.threeNodes])
        let byDefault = try #require(defaulted.effective.brokers.first?.effective("cluster_partition_handling"))
        #expect(defaulted.findingLocation(of: byDefault.provenance)?.description == "k/globals.yml:1:20")
        // The release given outside the tree: nothing selects the default; the start of globals.yml.
        let outside = try deployment(["/k/globals.yml": "kolla_base_distro: ubuntu\n", "/k/multinode": Self.threeNodes],
                                     release: "2024.1")
        let unselected = try #require(outside.effective.brokers.first?.effective("cluster_partition_handling"))
        #expect(unselected.provenance.anchor == nil)
        #expect(outside.globalsStart == .wholeFile("k/globals.yml"))
        #expect(outside.findingLocation(of: unselected.provenance) == .wholeFile("k/globals.yml"))
    }

    @Test func decidingGlobalsLinesFollowKollaDefaultsToTheVariablesSet() throws {
        let tree = try deployment([
            "/k/globals.yml": "openstack_release: \"2024.1\"\nom_enable_queue_manager: true\n",
            "/k/multinode": Self.threeNodes,
        ])
        // 2024.1: transient quorum queues default to quorum queues and the queue manager.
        #expect(tree.decidingGlobalsLines("om_enable_rabbitmq_transient_quorum_queue").map(\.description) == ["k/globals.yml:2:1"])
        #expect(tree.flag("om_enable_rabbitmq_transient_quorum_queue") == true)
        #expect(tree.releaseReads(flag: "om_enable_rabbitmq_transient_quorum_queue"))
        let defaults = try deployment(["/k/globals.yml": "openstack_release: \"2024.1\"\n", "/k/multinode": Self.threeNodes])
        #expect(defaults.decidingGlobalsLines("om_enable_rabbitmq_transient_quorum_queue").isEmpty)
        #expect(defaults.flag("om_enable_rabbitmq_transient_quorum_queue") == false)
        // zed's templates do not know the flag.
        let zed = try deployment(["/k/globals.yml": "openstack_release: \"zed\"\n", "/k/multinode": Self.threeNodes])
        #expect(!zed.releaseReads(flag: "om_enable_rabbitmq_transient_quorum_queue"))
    }

    // MARK: Policies

    func kollaPolicy(_ tree: Deployment) throws -> (EffectivePolicy, EffectivePolicySet) {
        let set = try #require(tree.effective.policySets.first { $0.isKollaTemplate })
        return (try #require(set.policies.first { $0.name == "ha-all" }), set)
    }

    @Test func theImplicitPolicyOfWallabyCertainlyMirrors() throws {
        let tree = try deployment(["/k/globals.yml": "openstack_release: \"wallaby\"\n", "/k/multinode": Self.threeNodes])
        let (policy, set) = try kollaPolicy(tree)
        #expect(tree.isImplicitTemplatePolicy(policy))
        #expect(tree.certainlyMirrors(policy, in: set))
        guard case .present(let mode) = tree.keyState("ha-mode", of: policy, in: set) else {
            Issue.record("ha-mode not certainly present"); return
        }
        #expect(mode.value == .string("all"))
        if case .absent = tree.keyState("ha-promote-on-shutdown", of: policy, in: set) {} else {
            Issue.record("wallaby's template has no ha-promote-on-shutdown")
        }
    }

    @Test func aReplicaCountKnownOrNotDecidesHAModeOrLeavesItAmbiguous() throws {
        // yoga (14.9.0+): `ha-mode` is `exactly` with a replica count, `all` without one.
        let set = "openstack_release: \"yoga\"\nom_enable_rabbitmq_high_availability: true\n"
        let known = try deployment(["/k/globals.yml": set + "rabbitmq_ha_replica_count: 2\n", "/k/multinode": Self.threeNodes])
        let (policy, policies) = try kollaPolicy(known)
        #expect(!known.isImplicitTemplatePolicy(policy))
        guard case .present(let mode) = known.keyState("ha-mode", of: policy, in: policies) else {
            Issue.record("ha-mode not certainly present"); return
        }
        #expect(mode.value == .string("exactly"))
        #expect(known.templateVariables(deciding: "ha-params", of: policy) == ["rabbitmq_ha_replica_count"])
        #expect(known.findingLocation(ofKey: "ha-params", in: policy, set: policies)?.description == "k/globals.yml:3:1")
        // A replica count computed from an inventory the tree lacks: which branch is unknown.
        let unknown = try deployment([
            "/k/globals.yml": set + "rabbitmq_ha_replica_count: \"{{ (groups['rabbitmq'] | length) // 2 + 1 }}\"\n",
        ])
        let (same, unknownSet) = try kollaPolicy(unknown)
        #expect(unknown.keyState("ha-mode", of: same, in: unknownSet).isPresent)
        if case .presentAmbiguous = unknown.keyState("ha-mode", of: same, in: unknownSet) {} else {
            Issue.record("both branches emit ha-mode: present, value ambiguous")
        }
        #expect(unknown.certainlyMirrors(same, in: unknownSet))
    }

    @Test func aUserPolicyMirrorsOnlyWhenItAppliesToQueuesAndHasHAMode() throws {
        func policies(_ json: String) throws -> (Deployment, EffectivePolicySet) {
            let tree = try deployment([
                "/k/globals.yml": "openstack_release: \"2023.1\"\n", "/k/multinode": Self.threeNodes,
                "/k/config/rabbitmq/definitions.json": json,
            ])
            return (tree, try #require(tree.effective.policySets.first { !$0.isKollaTemplate }))
        }
        let policy = #"{"vhost": "/", "name": "p", "pattern": ".*", "apply-to": "APPLY", "definition": DEF, "priority": 0}"#
        func json(_ applyTo: String, _ definition: String) -> String {
            #"{"policies": ["# + policy.replacingOccurrences(of: "APPLY", with: applyTo)
                .replacingOccurrences(of: "DEF", with: definition) + "]}"
        }
        let mirroring = try policies(json("queues", #"{"ha-mode": "all"}"#))
        #expect(mirroring.1.filePath == "k/config/rabbitmq/definitions.json")
        #expect(mirroring.1.policies.allSatisfy { mirroring.0.certainlyMirrors($0, in: mirroring.1) })
        for (applyTo, definition) in [("exchanges", #"{"ha-mode": "all"}"#), ("queues", #"{"message-ttl": 60000}"#)] {
            let (tree, set) = try policies(json(applyTo, definition))
            #expect(!set.policies.isEmpty && set.policies.allSatisfy { !tree.certainlyMirrors($0, in: set) }, "\(applyTo) \(definition)")
        }
    }

    @Test func mirroringOfTopicQueuesFollowsRabbitMQsPolicySelection() throws {
        func tree(_ pattern: String) throws -> Deployment {
            try deployment([
                "/k/globals.yml": "openstack_release: \"2023.1\"\nom_enable_rabbitmq_quorum_queues: false\n",
                "/k/multinode": Self.threeNodes,
                "/k/config/rabbitmq/definitions.json": #"{"policies": [{"vhost": "/", "name": "ha", "pattern": "PATTERN", "#
                    .replacingOccurrences(of: "PATTERN", with: pattern)
                    + #""apply-to": "queues", "definition": {"ha-mode": "all"}, "priority": 0}]}"#,
            ])
        }
        func config(_ tree: Deployment, _ service: String) throws -> EffectiveServiceConfig {
            try #require(tree.effective.configs.first { $0.service == service && $0.origin == .kolla })
        }
        // Every queue but reply and fanout: nova-conductor's topic queue `conductor` is mirrored,
        // and nova-api (no topic queue of its own) counts as mirrored through the others.
        let all = try tree(#"^(?!(amq\\.)|(.*_fanout_)|(reply_)).*"#)
        #expect(all.mirrorsTopicQueues(of: try config(all, "nova-conductor")))
        #expect(all.mirrorsTopicQueues(of: try config(all, "nova-api")))
        // Only nova's compute queues: nova-compute's are mirrored, nova-conductor's are not.
        let compute = try tree("^compute")
        #expect(compute.mirrorsTopicQueues(of: try config(compute, "nova-compute")))
        #expect(!compute.mirrorsTopicQueues(of: try config(compute, "nova-conductor")))
        // A pattern that matches only reply queues mirrors no topic queue at all.
        let replies = try tree("^reply_")
        #expect(!replies.mirrorsTopicQueues(of: try config(replies, "nova-api")))
    }

    // MARK: Sources of an effective oslo value

    /// RMQ103's "is anything replicated" question, answered by the model.
    @Test func topicQueueMirroringFollowsPolicySelectionAndTheBroker() throws {
        func mirroring(_ files: [String: String]) throws -> String {
            switch try deployment(files).topicQueueMirroring {
            case .mirroredOrUndecided: return "mirrored"
            case .none(let dead): return "none" + (dead.isEmpty ? "" : " dead:" + dead.map(\.name).joined(separator: ","))
            }
        }
        // Wallaby's implicit ha-all ".*" mirrors every topic queue.
        #expect(try mirroring(["/k/globals.yml": "openstack_release: wallaby\n", "/k/multinode": Self.threeNodes]) == "mirrored")
        // 2023.1 defaults render no mirroring policy.
        #expect(try mirroring(["/k/globals.yml": "openstack_release: \"2023.1\"\n", "/k/multinode": Self.threeNodes]) == "none")
        let policy = { (pattern: String) in
            "{\"policies\": [{\"vhost\": \"/\", \"name\": \"ha\", \"pattern\": \"\(pattern)\", \"apply-to\": \"queues\", "
                + "\"definition\": {\"ha-mode\": \"all\"}, \"priority\": 0}]}\n"
        }
        // An operator's policy that reaches topic queues; one whose pattern matches no queue.
        #expect(try mirroring(["/k/globals.yml": "openstack_release: \"2023.1\"\n", "/k/multinode": Self.threeNodes,
                               "/k/config/rabbitmq/definitions.json": policy(".*")]) == "mirrored")
        #expect(try mirroring(["/k/globals.yml": "openstack_release: \"2023.1\"\n", "/k/multinode": Self.threeNodes,
                               "/k/config/rabbitmq/definitions.json": policy("^$")]) == "none")
        // RabbitMQ 4 (Kolla 2025.1's image) has no classic mirroring: the policy mirrors nothing.
        #expect(try mirroring(["/k/globals.yml": "openstack_release: \"2025.1\"\n", "/k/multinode": Self.threeNodes,
                               "/k/config/rabbitmq/definitions.json": policy(".*")]) == "none dead:ha")
    }

    @Test func classicQueueConfigsSplitDefaultsFromWrittenLines() throws {
        let defaults = try deployment(["/k/globals.yml": "openstack_release: \"2023.1\"\n", "/k/multinode": Self.threeNodes])
            .classicQueueConfigs
        #expect(defaults.total > 0)
        #expect(defaults.fromDefaults.count == defaults.total)
        #expect(defaults.written.isEmpty)
        // 2024.2 renders quorum queues; one project's written `false` opts its services out.
        let written = try deployment([
            "/k/globals.yml": "openstack_release: \"2024.2\"\n", "/k/multinode": Self.threeNodes,
            "/k/config/neutron.conf": "[oslo_messaging_rabbit]\nrabbit_quorum_queue = false\n",
        ]).classicQueueConfigs
        #expect(written.fromDefaults.isEmpty)
        #expect(written.written.keys.map(\.description) == ["k/config/neutron.conf:2:23"])
        let services = written.written.values.flatMap { $0 }.compactMap(\.project)
        #expect(!services.isEmpty && services.allSatisfy { $0 == "neutron" })
        // A conditional or unknown value counts as quorum: never guessed.
        let conditional = try deployment([
            "/k/globals.yml": "openstack_release: \"2024.2\"\n", "/k/multinode": Self.threeNodes,
            "/k/config/neutron.conf": "[oslo_messaging_rabbit]\nrabbit_quorum_queue = {{ neutron_quorum }}\n",
        ]).classicQueueConfigs
        #expect(conditional.isEmpty)
    }

    @Test func settingSourcesGroupByWrittenLineAndSelectingLine() throws {
        let tree = try deployment([
            "/k/globals.yml": "openstack_release: \"2024.1\"\nenable_neutron: false\nenable_heat: false\n",
            "/k/multinode": Self.threeNodes,
            "/k/config/global.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 0\n",
            "/k/config/nova.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 30\n",
        ])
        let sources = tree.settingSources(
            section: "oslo_messaging_rabbit", key: "heartbeat_timeout_threshold", splitTemplates: false, splitDefaults: false)
        let written = sources.filter { $0.kind == .written }
        #expect(written.map(\.location.description).sorted() == ["k/config/global.conf:2:31", "k/config/nova.conf:2:31"])
        let nova = try #require(written.first { $0.location.path == "k/config/nova.conf" })
        #expect(!nova.reaches.isEmpty && nova.reaches.allSatisfy { $0.config.project?.hasPrefix("nova") == true })
        #expect(written.allSatisfy { !$0.isFallbackLocation })
        #expect(tree.overridePrefix == "config")
        #expect(tree.serviceOverrideFile("nova-api") == "config/nova/nova-api.conf")
        // config/nova.conf is below nova-api's own file (config/nova/nova-api.conf).
        let line = try #require(nova.reaches.first?.setting.provenance.anchor)
        #expect(!tree.isServiceLayerOrAbove(line, service: "nova-api", host: nil))
        #expect(tree.isServiceLayerOrAbove(.wholeFile("k/config/nova/nova-api.conf"), service: "nova-api", host: nil))
    }
}
