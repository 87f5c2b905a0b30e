import Testing
import RMQLintCore
import RMQLintRules

/// RMQ107 replication-factor: `ha-mode all` on large clusters, `exactly` off the majority.
@Suite("RMQ107 replication-factor")
struct ReplicationFactorRuleTests {
    static func zed(_ extra: String = "") -> String {
        "openstack_release: \"zed\"\nom_enable_rabbitmq_high_availability: true\nrabbitmq_ha_promote_on_shutdown: always\n"
            + extra
    }

    @Test func haModeAllOnFiveNodes() throws {
        let findings = try QueueLint.run("RMQ107", ["globals.yml": Self.zed(), "multinode": "[rabbitmq]\nrmq[01:05]\n"])
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(QueueLint.position(finding) == "globals.yml:2:1")
        #expect(finding.severity == .info)
        #expect(finding.message == "Policy 'ha-all' (vhost /) from Kolla-Ansible's zed definitions.json template mirrors "
            + "every queue to all 5 RabbitMQ nodes (`ha-mode: all`): each message is copied to 4 mirrors, while a "
            + "majority of 3 replicas gives the same safety at less cost. Set `rabbitmq_ha_replica_count: 3` in globals")
        #expect(QueueLint.related(finding) == [
            "globals.yml:1:20 selects Kolla-Ansible zed",
            "multinode:1:2 the `rabbitmq` group: 5 hosts",
        ])
        #expect(finding.semanticKey == "policy:ha-all@/:ha-mode")
    }

    /// `ha-mode: all` is reported from 4 nodes on; below that it is the majority or close.
    @Test(arguments: [(2, 0), (3, 0), (4, 1), (7, 1)])
    func clusterSizeForHAModeAll(nodes: Int, count: Int) throws {
        let findings = try QueueLint.run("RMQ107", ["globals.yml": Self.zed(), "multinode": QueueLint.inventory(nodes)])
        #expect(findings.count == count)
    }

    /// Kolla 2023.1's `rabbitmq_ha_replica_count` written in globals: the finding is at that
    /// line; severity depends on the count.
    @Test(arguments: [
        (1, Severity.warning, "keeps a single copy of each queue: losing its node loses the queue"),
        (0, .warning, "keeps no valid replica count of each queue: losing its node loses the queue"),
        (4, .warning, "asks for more replicas than the 3 RabbitMQ nodes, so RabbitMQ mirrors to all of them"),
    ])
    func replicaCountInGlobals(replicas: Int, severity: Severity, problem: String) throws {
        let findings = try QueueLint.run("RMQ107", [
            "globals.yml": """
                openstack_release: "2023.1"
                om_enable_rabbitmq_high_availability: true
                rabbitmq_ha_replica_count: \(replicas)

                """,
            "multinode": QueueLint.inventory(3),
        ])
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(QueueLint.position(finding) == "globals.yml:3:1")
        #expect(finding.severity == severity)
        #expect(finding.message == "Policy 'ha-all' (vhost /) from Kolla-Ansible's 2023.1 definitions.json template sets "
            + "`ha-params: \(replicas)` with `ha-mode: exactly`: it \(problem). Set `rabbitmq_ha_replica_count: 2` in globals")
        #expect(finding.semanticKey == "policy:ha-all@/:ha-params")
        #expect(QueueLint.related(finding).first == "globals.yml:2:1 makes Kolla render policy 'ha-all'")
    }

    /// Kolla's default `rabbitmq_server_count // 2 + 1` follows the inventory.
    @Test(arguments: [2, 3, 4, 5, 6])
    func kollaDefaultIsTheMajority(nodes: Int) throws {
        #expect(try QueueLint.run("RMQ107", [
            "globals.yml": "openstack_release: \"2024.2\"\nom_enable_rabbitmq_high_availability: true\n",
            "multinode": QueueLint.inventory(nodes),
        ]).isEmpty)
    }

    /// The same globals across releases: 2025.1 renders no mirroring policy.
    @Test(arguments: [("2023.1", 1), ("2024.2", 1), ("2025.1", 0)])
    func releaseAwareness(release: String, count: Int) throws {
        let findings = try QueueLint.run("RMQ107", [
            "globals.yml": "om_enable_rabbitmq_high_availability: true\nrabbitmq_ha_replica_count: 5\n",
            "multinode": QueueLint.inventory(5),
        ], release: release)
        #expect(findings.count == count)
        #expect(findings.allSatisfy { $0.severity == .info && $0.message.contains("keeps more replicas than a majority") })
    }

    @Test func customDefinitions() throws {
        let findings = try QueueLint.run("RMQ107", [
            "globals.yml": "openstack_release: \"2023.2\"\n",
            "multinode": QueueLint.inventory(5),
            "config/rabbitmq/definitions.json": """
                {"policies": [
                  {"vhost": "/", "name": "two", "pattern": "^a", "definition": {"ha-mode": "exactly", "ha-params": 2}},
                  {"vhost": "/", "name": "three", "pattern": "^b", "definition": {"ha-mode": "exactly", "ha-params": 3}},
                  {"vhost": "/", "name": "text", "pattern": "^c", "definition": {"ha-mode": "exactly", "ha-params": "3"}},
                  {"vhost": "/", "name": "nodes", "pattern": "^d", "definition": {"ha-mode": "nodes", "ha-params": ["rabbit@a"]}},
                  {"vhost": "/", "name": "all", "pattern": "^e", "definition": {"ha-mode": "all"}}
                ]}

                """,
        ])
        #expect(findings.map(QueueLint.position) == [
            "config/rabbitmq/definitions.json:2:100",
            "config/rabbitmq/definitions.json:6:76",
        ])
        #expect(findings.first?.message == "Policy 'two' (vhost /) sets `ha-params: 2` with `ha-mode: exactly`: it keeps "
            + "fewer replicas than a majority (3 of 5 nodes). Use `\"ha-mode\": \"exactly\", \"ha-params\": 3`")
        #expect(findings.first?.related.map(\.message) == ["the `rabbitmq` group: 5 hosts"])
    }

    @Test func unknownClusterSizeOrRabbitMQ4() throws {
        #expect(try QueueLint.run("RMQ107", ["globals.yml": Self.zed()]).isEmpty)
        #expect(try QueueLint.run("RMQ107", [
            "globals.yml": Self.zed(), "multinode": QueueLint.inventory(5),
        ], rabbitMQ: "4.0").isEmpty)
    }
}
