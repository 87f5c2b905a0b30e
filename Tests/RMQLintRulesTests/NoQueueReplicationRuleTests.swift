import Testing
import RMQLintCore
import RMQLintRules

/// RMQ103 no-queue-replication: cluster size, flags and overrides, severity per release.
@Suite("RMQ103 no-queue-replication")
struct NoQueueReplicationRuleTests {
    static let threeNodes = QueueLint.inventory(3)

    @Test func quorumSwitchedOffOn2024_1() throws {
        let findings = try QueueLint.run("RMQ103", [
            "globals.yml": "openstack_release: \"2024.1\"\nom_enable_rabbitmq_quorum_queues: false\n",
            "multinode": "[control]\nctl[01:03]\n\n[rabbitmq:children]\ncontrol\n",
        ])
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(QueueLint.position(finding) == "globals.yml:2:1")
        #expect(finding.severity == .error)
        #expect(finding.message == "The RabbitMQ cluster has 3 nodes, but no queue of any service is replicated: "
            + "`om_enable_rabbitmq_quorum_queues` is false, and no classic mirroring policy applies. A node that stops "
            + "takes its queues and their messages with it. Kolla-Ansible 2024.1's precheck fails when neither queue flag "
            + "is true. Set `om_enable_rabbitmq_quorum_queues: true` and migrate the queues (Kolla's RabbitMQ guide, "
            + "\"High Availability\")")
        #expect(QueueLint.related(finding) == [
            "globals.yml:1:20 selects Kolla-Ansible 2024.1",
            "multinode:4:2 the `rabbitmq` group: 3 hosts",
        ])
        #expect(finding.semanticKey == "queues:no-replication")
    }

    /// Both flags false: Kolla's precheck rejects that on 2023.2–2024.2 only; zed has no
    /// quorum flag (the HA flag is the line); 2025.1 hard-codes quorum queues.
    @Test(arguments: [
        ("zed", Severity.warning, 1), ("2023.1", .warning, 2), ("2023.2", .error, 2), ("2024.1", .error, 2),
        ("2024.2", .error, 2),
    ])
    func severityPerRelease(release: String, severity: Severity, line: Int) throws {
        let findings = try QueueLint.run("RMQ103", [
            "globals.yml": "om_enable_rabbitmq_high_availability: false\nom_enable_rabbitmq_quorum_queues: false\n",
            "multinode": Self.threeNodes,
        ], release: release)
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.severity == severity)
        #expect(QueueLint.position(finding) == "globals.yml:\(line):1")
        #expect(finding.message.contains("precheck fails") == (severity == .error))
    }

    @Test(arguments: ["2025.1", "2025.2", "2026.1"])
    func quorumHardCodedFrom2025_1(release: String) throws {
        #expect(try QueueLint.run("RMQ103", [
            "globals.yml": "om_enable_rabbitmq_high_availability: false\nom_enable_rabbitmq_quorum_queues: false\n",
            "multinode": Self.threeNodes,
        ], release: release).isEmpty)
    }

    @Test func zedMessageAsksForTheHAFlag() throws {
        let findings = try QueueLint.run("RMQ103", [
            "globals.yml": "openstack_release: \"zed\"\n",
            "multinode": Self.threeNodes,
        ])
        let finding = try #require(findings.first)
        #expect(QueueLint.position(finding) == "globals.yml:1:20")
        #expect(finding.severity == .warning)
        #expect(finding.message.contains(
            "`om_enable_rabbitmq_high_availability` is false (Kolla-Ansible's zed default) and Kolla-Ansible zed has no quorum flag"))
        #expect(finding.message.hasSuffix("Set `om_enable_rabbitmq_high_availability: true` (durable queues with Kolla's "
            + "`ha-all` mirroring policy) and `rabbitmq_ha_promote_on_shutdown: \"always\"` where the release has it"))
    }

    /// The release given on the command line: no line selects the defaults, so the finding
    /// is at the start of globals.yml and says the value is a default.
    @Test func defaultsWithReleaseFromTheCommandLine() throws {
        let findings = try QueueLint.run("RMQ103", [
            "globals.yml": "kolla_base_distro: \"ubuntu\"\n",
            "multinode": Self.threeNodes,
        ], release: "2023.1")
        let finding = try #require(findings.first)
        #expect(QueueLint.position(finding) == "globals.yml:1:1")
        #expect(finding.message.contains("`om_enable_rabbitmq_quorum_queues` is false (Kolla-Ansible's 2023.1 default)"))
    }

    @Test func mirroringCountsOnRabbitMQ3() throws {
        let files: KeyValuePairs<String, String> = [
            "globals.yml": "om_enable_rabbitmq_high_availability: true\nom_enable_rabbitmq_quorum_queues: false\n",
            "multinode": Self.threeNodes,
        ]
        #expect(try QueueLint.run("RMQ103", files, release: "2023.2").isEmpty)
        #expect(try QueueLint.run("RMQ103", files, release: "2024.2").isEmpty)
    }

    /// On RabbitMQ 4 Kolla's ha-all policy replicates nothing (RMQ104 reports it).
    @Test func mirroringDoesNotCountOnRabbitMQ4() throws {
        let findings = try QueueLint.run("RMQ103", [
            "globals.yml": """
                openstack_release: "2024.2"
                rabbitmq_image: "quay.io/openstack.kolla/rabbitmq-4-1"
                om_enable_rabbitmq_high_availability: true
                om_enable_rabbitmq_quorum_queues: false

                """,
            "multinode": Self.threeNodes,
        ])
        let finding = try #require(findings.first)
        #expect(QueueLint.position(finding) == "globals.yml:4:1")
        // The flags differ, so Kolla's precheck passes: a warning.
        #expect(finding.severity == .warning)
        #expect(finding.message.contains("(policy 'ha-all' sets `ha-mode`, but RabbitMQ 4.1 (from `rabbitmq_image`) has "
            + "no classic mirroring: RMQ104)"))
        #expect(QueueLint.related(finding).contains("globals.yml:2:17 selects RabbitMQ 4.1"))
    }

    /// Without a cluster of two only Kolla 2023.2–2024.2's precheck is reported: it fails
    /// whatever the cluster size.
    @Test(arguments: [0, 1])
    func onlyThePrecheckWithoutAClusterOfTwo(hosts: Int) throws {
        var files: [String: String] = ["globals.yml": "openstack_release: \"2024.1\"\nom_enable_rabbitmq_quorum_queues: false\n"]
        if hosts > 0 { files["multinode"] = QueueLint.inventory(hosts) }
        let findings = try ExampleRunner.findings(
            of: "RMQ103", files: files.sorted { $0.key < $1.key }.map { ExampleFile(path: $0.key, contents: $0.value) },
            arguments: [])
        #expect(findings.map(\.semanticKey) == ["queues:precheck"])
        #expect(findings.first?.severity == .error)
        #expect(findings.first.map(QueueLint.position) == "globals.yml:2:1")
        #expect(findings.first?.message.contains(hosts == 0 ? "(here a cluster of unknown size)" : "(here 1 RabbitMQ node)") == true)
    }

    @Test(arguments: [0, 1])
    func noFindingWithoutAClusterOfTwoOutsideThePrecheck(hosts: Int) throws {
        var files: [String: String] = ["globals.yml": "openstack_release: \"2023.1\"\n"]
        if hosts > 0 { files["multinode"] = QueueLint.inventory(hosts) }
        let findings = try ExampleRunner.findings(
            of: "RMQ103", files: files.sorted { $0.key < $1.key }.map { ExampleFile(path: $0.key, contents: $0.value) },
            arguments: [])
        #expect(findings.isEmpty)
    }

    @Test func twoNodesAreACluster() throws {
        let findings = try QueueLint.run("RMQ103", [
            "globals.yml": "openstack_release: \"2024.1\"\nom_enable_rabbitmq_quorum_queues: false\n",
            "multinode": QueueLint.inventory(2),
        ])
        #expect(findings.first?.message.hasPrefix("The RabbitMQ cluster has 2 nodes") == true)
    }

    @Test func unknownFlagIsNotGuessed() throws {
        #expect(try QueueLint.run("RMQ103", [
            "globals.yml": "openstack_release: \"2024.1\"\nom_enable_rabbitmq_quorum_queues: \"{{ site_quorum }}\"\n",
            "multinode": Self.threeNodes,
        ]).isEmpty)
    }

    /// An override that turns quorum queues off for one project is reported at its line,
    /// listing the services that read it.
    @Test func overrideOptsOut() throws {
        let findings = try QueueLint.run("RMQ103", [
            "globals.yml": "openstack_release: \"2024.2\"\nenable_neutron: false\nenable_heat: false\nenable_glance: false\n",
            "multinode": Self.threeNodes,
            "config/nova.conf": "[oslo_messaging_rabbit]\nrabbit_quorum_queue = false\n",
        ])
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(QueueLint.position(finding) == "config/nova.conf:2:23")
        #expect(finding.severity == .warning)
        #expect(finding.message == "The RabbitMQ cluster has 3 nodes, but `rabbit_quorum_queue = false` here leaves the "
            + "queues of 9 services of nova and nova-cell classic and unreplicated, and no classic mirroring policy "
            + "applies. A node that stops takes those queues with it. Remove this override")
        #expect(finding.semanticKey == "[oslo_messaging_rabbit]rabbit_quorum_queue")
        #expect(QueueLint.related(finding) == ["multinode:1:2 the `rabbitmq` group: 3 hosts"])
    }

    /// Quorum queues for one project only: the others are reported at the release line.
    @Test func partialQuorumFromOverrides() throws {
        let findings = try QueueLint.run("RMQ103", [
            "globals.yml": "openstack_release: \"2023.1\"\nenable_heat: false\nenable_glance: false\n",
            "multinode": Self.threeNodes,
            "config/nova.conf": "[oslo_messaging_rabbit]\nrabbit_quorum_queue = true\n",
        ])
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(QueueLint.position(finding) == "globals.yml:1:20")
        #expect(finding.message.hasPrefix(
            "The RabbitMQ cluster has 3 nodes, but the queues of 16 services of keystone and neutron are not replicated: "))
        #expect(!finding.message.contains("nova"))
        #expect(finding.message.contains("`om_enable_rabbitmq_quorum_queues` is false (Kolla-Ansible's 2023.1 default)"))
    }

    @Test func customMirroringPolicy() throws {
        func definitions(_ pattern: String) -> String {
            """
            {"policies": [{"vhost": "/", "name": "ha", "pattern": "\(pattern)", "apply-to": "queues",
              "definition": {"ha-mode": "all", "ha-promote-on-shutdown": "always"}}]}
            """
        }
        let base = "openstack_release: \"2023.1\"\n"
        #expect(try QueueLint.run("RMQ103", [
            "globals.yml": base, "multinode": Self.threeNodes, "config/rabbitmq/definitions.json": definitions(".*"),
        ]).isEmpty)
        // A pattern that matches no queue name mirrors nothing.
        #expect(try QueueLint.run("RMQ103", [
            "globals.yml": base, "multinode": Self.threeNodes, "config/rabbitmq/definitions.json": definitions("^$"),
        ]).count == 1)
    }
}
