import Testing
import RMQLintCore
import RMQLintRules

/// RMQ104 classic-mirroring-removed: `ha-*` policy keys on RabbitMQ ≥ 4.0.
@Suite("RMQ104 classic-mirroring-removed")
struct ClassicMirroringRemovedRuleTests {
    static let definitions = """
        {
          "policies": [
            {"vhost": "/", "name": "ha-all", "pattern": ".*", "apply-to": "all", "priority": 0,
             "definition": {"message-ttl": 1800000, "ha-mode": "exactly", "ha-params": 2, "ha-sync-mode": "automatic"}},
            {"vhost": "/", "name": "sync", "pattern": "^x", "definition": {"ha-sync-batch-size": 10}},
            {"vhost": "/", "name": "ttl", "pattern": "^notifications", "definition": {"message-ttl": 600000}}
          ],
          "operator_policies": [
            {"vhost": "/", "name": "op", "pattern": ".*", "definition": {"ha-promote-on-failure": "when-synced"}}
          ]
        }

        """

    @Test func customDefinitionsOn2025_1() throws {
        let findings = try QueueLint.run("RMQ104", [
            "globals.yml": "openstack_release: \"2025.1\"\n",
            "config/rabbitmq/definitions.json": Self.definitions,
        ])
        #expect(findings.map(QueueLint.position) == [
            "config/rabbitmq/definitions.json:4:56",
            "config/rabbitmq/definitions.json:5:90",
            "config/rabbitmq/definitions.json:9:91",
        ])
        #expect(findings.map(\.semanticKey) == [
            "policy:ha-all@/:ha-mode", "policy:sync@/:ha-sync-batch-size", "policy:op@/:ha-promote-on-failure",
        ])
        #expect(findings.allSatisfy { $0.severity == .error && $0.related.isEmpty })
        #expect(findings.first?.message == "Policy 'ha-all' (vhost /) sets classic-mirroring keys (`ha-mode`, "
            + "`ha-params`, `ha-sync-mode`), but RabbitMQ 4.0 (the image Kolla-Ansible 2025.1 ships) removed classic "
            + "queue mirroring: they replicate nothing, and RabbitMQ 4 does not accept them as policy keys. Remove the "
            + "`ha-*` keys (and the policy if nothing else is left) and use quorum queues")
        #expect(findings.last?.message.hasPrefix("Operator policy 'op' (vhost /) sets classic-mirroring keys "
            + "(`ha-promote-on-failure`)") == true)
    }

    /// The same file across releases and broker versions.
    @Test(arguments: [
        ("2023.2", nil, 0), ("2024.2", nil, 0), ("2024.2", "4.1", 3), ("2025.1", nil, 3), ("2026.1", nil, 3),
        ("2025.1", "3.13", 0),
    ] as [(String, String?, Int)])
    func releaseAndBrokerAwareness(release: String, rabbitMQ: String?, count: Int) throws {
        let findings = try QueueLint.run("RMQ104", [
            "globals.yml": "kolla_base_distro: \"ubuntu\"\n",
            "config/rabbitmq/definitions.json": Self.definitions,
        ], release: release, rabbitMQ: rabbitMQ)
        #expect(findings.count == count)
    }

    /// Kolla's own ha-all policy with a RabbitMQ 4 image: reported at the HA flag, which is
    /// what makes Kolla render it, with the image line related. Without an inventory the
    /// replica count is unknown, but `ha-mode` is rendered either way.
    @Test func kollaTemplateWithRabbitMQ4Image() throws {
        let findings = try QueueLint.run("RMQ104", [
            "globals.yml": """
                openstack_release: "2024.1"
                rabbitmq_image: "quay.io/openstack.kolla/rabbitmq-4-1"
                om_enable_rabbitmq_high_availability: true
                om_enable_rabbitmq_quorum_queues: false

                """,
        ])
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(QueueLint.position(finding) == "globals.yml:3:1")
        #expect(finding.message == "Policy 'ha-all' (vhost /) from Kolla-Ansible's 2024.1 definitions.json template sets "
            + "classic-mirroring keys (`ha-mode`, `ha-promote-on-shutdown`), but RabbitMQ 4.1 (from `rabbitmq_image`) "
            + "removed classic queue mirroring: they replicate nothing, and RabbitMQ 4 does not accept them as policy keys. "
            + "Kolla-Ansible 2024.1 renders it because of this line: remove the flag and use quorum queues")
        #expect(QueueLint.related(finding) == [
            "globals.yml:2:17 selects RabbitMQ 4.1",
            "globals.yml:1:20 selects Kolla-Ansible 2024.1",
        ])
        #expect(finding.semanticKey == "policy:ha-all@/:ha-mode")
    }

    @Test func withInventoryTheReplicaCountIsKnown() throws {
        let findings = try QueueLint.run("RMQ104", [
            "globals.yml": "om_enable_rabbitmq_high_availability: true\nom_enable_rabbitmq_quorum_queues: false\n",
            "multinode": QueueLint.inventory(3),
        ], release: "2024.2", rabbitMQ: "4.1")
        #expect(findings.count == 1)
        #expect(findings.first?.message.contains("(`ha-mode`, `ha-params`, `ha-promote-on-shutdown`)") == true)
        #expect(findings.first.map(QueueLint.position) == "globals.yml:1:1")
    }

    @Test func perHostDefinitions() throws {
        let findings = try QueueLint.run("RMQ104", [
            "globals.yml": "openstack_release: \"2025.1\"\n",
            "multinode": QueueLint.inventory(3),
            "config/rabbitmq/rmq02/definitions.json": """
                {"policies": [{"vhost": "/", "name": "ha", "pattern": ".*", "definition": {"ha-mode": "all"}}]}

                """,
        ])
        let finding = try #require(findings.first)
        #expect(QueueLint.position(finding) == "config/rabbitmq/rmq02/definitions.json:1:87")
        #expect(finding.semanticKey == "policy:ha@/:ha-mode@rmq02")
        #expect(finding.message.hasPrefix("Policy 'ha' (vhost /) on rmq02 sets classic-mirroring keys (`ha-mode`)"))
    }

    /// Kolla 2025.1 renders no mirroring policy; a file without ha-* keys is fine.
    @Test func nothingToReport() throws {
        #expect(try QueueLint.run("RMQ104", ["globals.yml": "openstack_release: \"2025.1\"\n"]).isEmpty)
        #expect(try QueueLint.run("RMQ104", [
            "globals.yml": "openstack_release: \"2025.1\"\nom_enable_rabbitmq_high_availability: true\n",
        ]).isEmpty)
    }
}
