import Testing
import RMQLintCore
import RMQLintRules

/// The cluster and broker findings of issue 11, each at its line and severity, through the
/// whole pipeline (discovery, loaders, effective model, rules) on in-memory trees.
@Suite("Cluster and broker rules")
struct ClusterRulesTests {
    private func findings(_ id: String, _ files: KeyValuePairs<String, String>, arguments: [String] = []) throws -> [Finding] {
        try ExampleRunner.findings(
            of: id, files: files.map { ExampleFile(path: $0.key, contents: $0.value) }, arguments: arguments)
    }

    private func describe(_ findings: [Finding]) -> [String] {
        findings.map { "\($0.location.path):\($0.location.line):\($0.location.column) \($0.severity.rawValue)" }
    }

    @Test func autohealOnThreeNodesIsAWarningAtTheGlobalsLine() throws {
        let result = try findings("RMQ403", [
            "globals.yml": "openstack_release: \"2024.1\"\nrabbitmq_cluster_partition_handling: \"autoheal\"\n",
            "multinode": "[rabbitmq]\nctl01\nctl02\nctl03\n",
        ])
        #expect(describe(result) == ["globals.yml:2:1 warning"])
        #expect(result.first?.message.contains("`cluster_partition_handling = autoheal`") == true)
        #expect(result.first?.related.map(\.location.description) == ["multinode:1:2"])
    }

    @Test func autohealIsInfoOnRabbitMQ43AndWithAnUnknownClusterSize() throws {
        let newBroker = try findings("RMQ403", [
            "globals.yml": "openstack_release: \"2024.1\"\nrabbitmq_cluster_partition_handling: \"autoheal\"\n",
            "multinode": "[rabbitmq]\nctl[01:03]\n",
        ], arguments: ["--rabbitmq-version", "4.3"])
        #expect(describe(newBroker) == ["globals.yml:2:1 info"])
        let unknownSize = try findings("RMQ403", [
            "globals.yml": "openstack_release: \"2024.1\"\nrabbitmq_cluster_partition_handling: \"ignore\"\n",
        ])
        #expect(describe(unknownSize) == ["globals.yml:2:1 info"])
    }

    @Test func twoNodeClusterIsEvenAndPauseMinorityIsWrongThere() throws {
        let files: KeyValuePairs<String, String> = [
            "globals.yml": "openstack_release: \"2024.2\"\n",
            "multinode": "[control]\nctl01\nctl02\n\n[rabbitmq:children]\ncontrol\n",
        ]
        #expect(describe(try findings("RMQ402", files)) == ["multinode:5:2 warning"])
        // Kolla's default pause_minority: at the line that selects the release.
        let partition = try findings("RMQ403", files)
        #expect(describe(partition) == ["globals.yml:1:20 warning"])
        #expect(partition.first?.message.contains("Kolla-Ansible's default") == true)
    }

    @Test func vipTransportURLIsAWarningAtTheOverrideLine() throws {
        let result = try findings("RMQ401", [
            "globals.yml": "openstack_release: \"2024.1\"\nkolla_internal_vip_address: \"10.0.0.10\"\n",
            "multinode": "[rabbitmq]\nctl[01:03]\n",
            "config/global.conf": "[DEFAULT]\n# one endpoint\ntransport_url = rabbit://openstack:Sup3rSecret@10.0.0.10:5672//\n",
        ])
        #expect(describe(result) == ["config/global.conf:3:17 warning"])
        let message = try #require(result.first?.message)
        #expect(message.contains("10.0.0.10 (the VIP, `kolla_internal_vip_address`)"))
        #expect(!message.contains("Sup3rSecret"))
    }

    @Test func streamFanoutWithoutTransientQuorumQueuesIsAnError() throws {
        let result = try findings("RMQ404", [
            "globals.yml": "openstack_release: \"2024.2\"\nom_enable_rabbitmq_stream_fanout: true\n",
            "multinode": "[rabbitmq]\nctl[01:03]\n",
        ])
        #expect(describe(result) == ["globals.yml:2:1 error"])
        #expect(result.first?.message.contains("`rabbit_transient_quorum_queue` is") == true, "\(result.map(\.message))")
        // An override that turns transient quorum queues off on 2025.1.
        let override = try findings("RMQ404", [
            "globals.yml": "openstack_release: \"2025.1\"\n",
            "config/global.conf": "[oslo_messaging_rabbit]\nrabbit_transient_quorum_queue = false\n",
        ])
        #expect(describe(override) == ["config/global.conf:2:33 error"])
    }

    @Test func wholeFileRabbitMQConfWithoutLoadDefinitions() throws {
        let result = try findings("RMQ503", [
            "globals.yml": "openstack_release: \"2024.1\"\nrabbitmq_extra_config:\n  vm_memory_high_watermark.relative: 0.6\n",
            "config/rabbitmq/rabbitmq.conf": """
                listeners.tcp.1 = {{ api_interface_address }}:5672
                cluster_partition_handling = pause_minority

                """,
        ])
        #expect(describe(result) == ["config/rabbitmq/rabbitmq.conf:1:1 warning"])
        let finding = try #require(result.first)
        #expect(finding.message.contains("`management.load_definitions`"))
        #expect(!finding.message.contains("listener"))
        #expect(finding.related.map(\.location.description) == ["globals.yml:2:1"])
    }

    @Test func classicRabbitMQConfigWithIgnore() throws {
        // Configs collected from a queens/rocky host: the classic Erlang-term file.
        let files: KeyValuePairs<String, String> = [
            "ctl01/rabbitmq/rabbitmq.config": """
                [
                  {rabbit, [
                    {tcp_listeners, [{"10.0.0.11", 5672}]},
                    {cluster_partition_handling, ignore}
                  ]}
                ].

                """,
        ]
        let unknownSize = try findings("RMQ403", files)
        #expect(describe(unknownSize) == ["ctl01/rabbitmq/rabbitmq.config:4:34 info"])
        // Rendered in a rocky tree whose inventory has three RabbitMQ hosts: a warning.
        let known = try findings("RMQ403", [
            "globals.yml": "openstack_release: \"rocky\"\n",
            "multinode": "[rabbitmq]\nctl01\nctl02\nctl03\n",
            "rabbitmq/rabbitmq.config": files[0].value,
        ])
        // Kolla rocky's own template hard-codes autoheal: reported at the release line too.
        #expect(describe(known) == ["globals.yml:1:20 warning", "rabbitmq/rabbitmq.config:4:34 warning"], "\(known.map(\.message))")
    }

    @Test func malformedErlangTermFileIsOneLocatedParseError() throws {
        let result = try findings("RMQ001", [
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "config/rabbitmq/advanced.config": "[\n  {kernel, [{net_ticktime, 20}]\n].\n",
        ])
        #expect(describe(result) == ["config/rabbitmq/advanced.config:3:1 error"])
        #expect(result.first?.message.contains("expected '}' to close '{' opened at 2:3, found ']'") == true)
    }

    @Test func shortNetTicktimeInEveryForm() throws {
        let result = try findings("RMQ406", [
            "globals.yml": "openstack_release: \"2024.1\"\nrabbitmq_server_additional_erl_args: \"+S 2:2 -kernel net_ticktime 10\"\n",
            "config/rabbitmq/ctl01/advanced.config": "[{kernel, [{net_ticktime, 15}]}].\n",
            "config/rabbitmq/rabbitmq.conf": "net_ticktime = 5\nmanagement.load_definitions = /etc/rabbitmq/definitions.json\n",
        ])
        #expect(describe(result).sorted() == [
            "config/rabbitmq/ctl01/advanced.config:1:27 warning",
            "config/rabbitmq/rabbitmq.conf:1:16 warning",
            "globals.yml:2:67 warning",
        ])
    }

    /// With the release a range, the engine checks every candidate and says where a finding
    /// holds (spec §10.1); the rules add no "assumed release" note of their own.
    @Test func anUnknownReleaseIsSaidOnceByTheEngine() throws {
        let cluster = "[rabbitmq]\nctl[01:03]\n"
        let partition = try findings("RMQ403", ["globals.yml": "kolla_base_distro: ubuntu\n", "multinode": cluster])
        let stream = try findings("RMQ404", ["globals.yml": "om_enable_rabbitmq_stream_fanout: true\n", "multinode": cluster])
        let ha = try findings("RMQ108", [
            "globals.yml": "kolla_base_distro: ubuntu\n", "multinode": cluster,
            "config/global.conf": "[oslo_messaging_rabbit]\nrabbit_ha_queues = true\nrabbit_quorum_queue = false\n",
            "config/rabbitmq/definitions.json": """
                {"policies": [{"vhost": "/", "name": "ha-all", "pattern": ".*", "apply-to": "all",
                               "definition": {"ha-mode": "all"}, "priority": 0}]}
                """,
        ])
        for (result, holds) in [(partition, "queens–stein"), (stream, "2024.1–2024.2"), (ha, "2025.1–master")] {
            let finding = try #require(result.first)
            #expect(result.count == 1 && finding.severity == .info)
            #expect(finding.message.hasSuffix("[holds only on \(holds) of the candidate releases queens–master, and the "
                + "release is not pinned: see RMQ002]"), "\(finding.message)")
            #expect(!finding.message.contains("assumed") && !finding.message.contains("one of the candidate releases;"))
        }
    }

    /// RMQ109 fires on Kolla's 2024.1/2024.2 defaults (upstream turned transient quorum queues on
    /// by default in 2025.1, LP#2078339) and says when the value is a default (spec §5).
    @Test func transientQueuesOffSaysWhetherItIsKollasDefault() throws {
        let cluster = "[rabbitmq]\nrmq[01:03]\n"
        let byDefault = try findings("RMQ109", ["globals.yml": "openstack_release: \"2024.2\"\n", "multinode": cluster])
        #expect(describe(byDefault) == ["globals.yml:1:20 info"])
        #expect(byDefault.first?.message.contains("is off (Kolla-Ansible 2024.2's default) on 3 nodes") == true)
        let chosen = try findings("RMQ109", [
            "globals.yml": "openstack_release: \"2024.2\"\nom_enable_queue_manager: false\n", "multinode": cluster,
        ])
        #expect(describe(chosen) == ["globals.yml:2:1 info"])
        #expect(chosen.first?.message.contains("is off on 3 nodes") == true)
        let override = try findings("RMQ109", [
            "globals.yml": "openstack_release: \"2025.1\"\n", "multinode": cluster,
            "config/global.conf": "[oslo_messaging_rabbit]\nrabbit_transient_quorum_queue = false\n",
        ])
        #expect(describe(override) == ["config/global.conf:2:33 info"])
        #expect(override.first?.message.contains("default") == false)
    }
}
