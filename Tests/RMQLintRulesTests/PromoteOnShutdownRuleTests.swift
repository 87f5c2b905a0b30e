import Testing
import RMQLintCore
import RMQLintRules

/// RMQ106 promote-on-shutdown: Kolla's template per release and flags, custom definitions.
@Suite("RMQ106 promote-on-shutdown")
struct PromoteOnShutdownRuleTests {
    /// zed's defaults render `{"ha-mode":"all"}` only: reported at the HA flag.
    @Test func zedDefaultsAtTheHAFlag() throws {
        let findings = try QueueLint.run("RMQ106", [
            "multinode": QueueLint.inventory(3),
            "globals.yml": "openstack_release: \"zed\"\nom_enable_rabbitmq_high_availability: true\n",
        ])
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(QueueLint.position(finding) == "globals.yml:2:1")
        #expect(finding.severity == .warning)
        #expect(finding.message == "Kolla-Ansible's zed definitions.json template renders policy 'ha-all' with "
            + "`rabbitmq_ha_promote_on_shutdown` unset (Kolla-Ansible's zed default): `{\"ha-mode\":\"all\"}` leaves "
            + "`ha-promote-on-shutdown` at RabbitMQ's default `when-synced`, so a queue whose leader's node is stopped "
            + "(restart, upgrade) stays unavailable until that node returns (LP#1954925). Set "
            + "`rabbitmq_ha_promote_on_shutdown: \"always\"` in globals")
        #expect(QueueLint.related(finding) == ["globals.yml:1:20 selects Kolla-Ansible zed"])
        #expect(finding.semanticKey == "policy:ha-all@/:ha-promote-on-shutdown")
    }

    /// zed 15.1.0 has the HA flag but not the variable (KA 300f5847 is in 15.2.0).
    @Test func zedBeforeTheVariable() throws {
        let findings = try QueueLint.run("RMQ106", [
            "multinode": QueueLint.inventory(3),
            "globals.yml": "om_enable_rabbitmq_high_availability: true\n",
        ], release: "15.1.0")
        let finding = try #require(findings.first)
        #expect(QueueLint.position(finding) == "globals.yml:1:1")
        #expect(finding.message.contains("(this release has no `rabbitmq_ha_promote_on_shutdown`)"))
        #expect(finding.message.hasSuffix("Provide config/rabbitmq/definitions.json with `\"ha-promote-on-shutdown\": "
            + "\"always\"` in the policy, or move to a release that has `rabbitmq_ha_promote_on_shutdown` (xena 13.9.0, "
            + "yoga 14.9.0, zed 15.2.0 and later)"))
    }

    /// Xena's implicit ha-all ignores `rabbitmq_ha_promote_on_shutdown`: the message says so
    /// (not "unset"), and the fix turns on Kolla's HA-flag policy, which reads it (unsafe).
    @Test func xenaImplicitPolicyIgnoresTheVariable() throws {
        let findings = try QueueLint.run("RMQ106", [
            "multinode": QueueLint.inventory(3),
            "globals.yml": "openstack_release: \"xena\"\nrabbitmq_ha_promote_on_shutdown: \"always\"\n",
        ])
        let finding = try #require(findings.first)
        #expect(finding.message.contains("this policy does not read `rabbitmq_ha_promote_on_shutdown`, so its value in globals has no effect"))
        #expect(!finding.message.contains("unset"))
        #expect(finding.fixes.map(\.applicability) == [.unsafe])
        #expect(finding.fixes.first?.description.hasPrefix(
            "Set `om_enable_rabbitmq_high_availability: true` and `rabbitmq_ha_promote_on_shutdown: \"always\"` in globals") == true)
        // Wallaby's HA policy does not read the variable either: no fix, only advice.
        let wallaby = try QueueLint.run("RMQ106", [
            "multinode": QueueLint.inventory(3), "globals.yml": "openstack_release: \"wallaby\"\n",
        ])
        #expect(wallaby.first?.fixes == [])
    }

    /// Queens–Xena's implicit ha-all policy: reported at openstack_release.
    @Test func wallabyImplicitPolicy() throws {
        let findings = try QueueLint.run("RMQ106", ["globals.yml": "openstack_release: \"wallaby\"\n"])
        let finding = try #require(findings.first)
        #expect(QueueLint.position(finding) == "globals.yml:1:20")
        #expect(finding.message.hasPrefix(
            "Kolla-Ansible's wallaby definitions.json template renders its implicit policy 'ha-all' without"))
        #expect(finding.related.isEmpty)
    }

    @Test func valueFromGlobalsIsReportedAtItsLine() throws {
        let findings = try QueueLint.run("RMQ106", [
            "multinode": QueueLint.inventory(3),
            "globals.yml": """
                openstack_release: "2024.1"
                rabbitmq_ha_promote_on_shutdown: "when-synced"
                om_enable_rabbitmq_high_availability: true
                om_enable_rabbitmq_quorum_queues: false

                """,
        ])
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(QueueLint.position(finding) == "globals.yml:2:1")
        #expect(finding.message == "Policy 'ha-all' (vhost /) from Kolla-Ansible's 2024.1 definitions.json template sets "
            + "`ha-promote-on-shutdown: when-synced`: when the node holding a queue's leader is stopped (restart, "
            + "upgrade), no unsynchronised mirror takes over and the queue stays unavailable until that node returns "
            + "(LP#1954925). Set `rabbitmq_ha_promote_on_shutdown: \"always\"` in globals")
        #expect(QueueLint.related(finding) == [
            "globals.yml:3:1 makes Kolla render policy 'ha-all'",
            "globals.yml:1:20 selects Kolla-Ansible 2024.1",
        ])
    }

    @Test func nullInGlobals() throws {
        let findings = try QueueLint.run("RMQ106", [
            "multinode": QueueLint.inventory(3),
            "globals.yml": """
                openstack_release: "2023.2"
                om_enable_rabbitmq_high_availability: true
                om_enable_rabbitmq_quorum_queues: false
                rabbitmq_ha_promote_on_shutdown: ~

                """,
            "multinode": QueueLint.inventory(3),
        ])
        let finding = try #require(findings.first)
        #expect(QueueLint.position(finding) == "globals.yml:4:1")
        #expect(finding.message.contains("with `rabbitmq_ha_promote_on_shutdown` unset (null in globals): "
            + "`{\"ha-mode\":\"exactly\",\"ha-params\":2,\"message-ttl\":600000,\"expires\":3600000}` leaves"))
    }

    /// The same globals across releases: 2025.1 renders no mirroring policy, and RabbitMQ 4
    /// has none (RMQ104's business).
    @Test(arguments: [("2023.1", 1), ("2023.2", 1), ("2024.2", 1), ("2025.1", 0)])
    func releaseAwareness(release: String, count: Int) throws {
        let findings = try QueueLint.run("RMQ106", [
            "multinode": QueueLint.inventory(3),
            "globals.yml": """
                om_enable_rabbitmq_high_availability: true
                om_enable_rabbitmq_quorum_queues: false
                rabbitmq_ha_promote_on_shutdown: when-synced

                """,
        ], release: release)
        #expect(findings.count == count)
        #expect(findings.allSatisfy { QueueLint.position($0) == "globals.yml:3:1" })
    }

    @Test func rabbitMQ4Image() throws {
        #expect(try QueueLint.run("RMQ106", [
            "multinode": QueueLint.inventory(3),
            "globals.yml": "om_enable_rabbitmq_high_availability: true\nrabbitmq_image: \"x/rabbitmq-4-1\"\n",
        ], release: "zed").isEmpty)
    }

    @Test func customDefinitions() throws {
        let findings = try QueueLint.run("RMQ106", [
            "multinode": QueueLint.inventory(3),
            "globals.yml": "openstack_release: \"2024.2\"\n",
            "config/rabbitmq/definitions.json": """
                {"policies": [
                  {"vhost": "/", "name": "a", "pattern": "^a", "apply-to": "queues",
                   "definition": {"ha-mode": "all", "ha-promote-on-shutdown": "when-synced", "ha-promote-on-failure": "when-synced"}},
                  {"vhost": "/", "name": "b", "pattern": "^b", "definition": {"ha-mode": "all"}},
                  {"vhost": "/", "name": "c", "pattern": "^c", "definition": {"ha-mode": "all", "ha-promote-on-shutdown": "always"}},
                  {"vhost": "/", "name": "d", "pattern": "^d", "apply-to": "exchanges", "definition": {"ha-mode": "all"}},
                  {"vhost": "/", "name": "e", "pattern": "^e", "definition": {"ha-mode": "all",
                                                                              "ha-promote-on-shutdown": "{{ promote }}"}}
                ]}

                """,
        ])
        #expect(findings.map(QueueLint.position) == [
            "config/rabbitmq/definitions.json:3:63",
            "config/rabbitmq/definitions.json:3:103",
            "config/rabbitmq/definitions.json:4:74",
        ])
        #expect(findings.map(\.semanticKey) == [
            "policy:a@/:ha-promote-on-shutdown", "policy:a@/:ha-promote-on-failure", "policy:b@/:ha-promote-on-shutdown",
        ])
        #expect(findings.dropFirst().first?.message.hasPrefix("Policy 'a' (vhost /) sets `ha-promote-on-failure: "
            + "when-synced`: when the node holding a queue's leader fails, no unsynchronised mirror is promoted") == true)
        #expect(findings.last?.message == "Policy 'b' (vhost /) mirrors queues without `ha-promote-on-shutdown`: "
            + "RabbitMQ's default `when-synced` leaves a queue whose leader's node is stopped (restart, upgrade) "
            + "unavailable until that node returns (LP#1954925). Add `\"ha-promote-on-shutdown\": \"always\"` to its "
            + "definition")
    }

    /// Mirrors need a second node (docs/spec.md §10.4): one node, nothing; an unknown size, info.
    @Test func clusterGate() throws {
        let globals = "openstack_release: \"zed\"\nom_enable_rabbitmq_high_availability: true\n"
        #expect(try QueueLint.run("RMQ106", ["globals.yml": globals, "multinode": QueueLint.inventory(1)]).isEmpty)
        let unknown = try #require(try QueueLint.run("RMQ106", ["globals.yml": globals]).first)
        #expect(unknown.severity == .info)
        #expect(unknown.message.contains("[holds only if the RabbitMQ cluster has 2 or more nodes;"))
        #expect(unknown.message.ranges(of: "cluster size").count == 1)
        let known = try #require(try QueueLint.run("RMQ106", ["globals.yml": globals, "multinode": QueueLint.inventory(2)]).first)
        #expect(known.severity == .warning)
    }
}
