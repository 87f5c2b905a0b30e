import Testing
import RMQLintCore
import RMQLintRules

/// RMQ102 ha-and-quorum-together: the flags as Kolla evaluates them, per release, and
/// `rabbit_ha_queues` with `rabbit_quorum_queue` in effective service configs.
@Suite("RMQ102 ha-and-quorum-together")
struct HAAndQuorumTogetherRuleTests {
    @Test func haFlagOn2024_1PointsAtTheFlagAndSaysQuorumIsTheDefault() throws {
        let findings = try QueueLint.run("RMQ102", [
            "globals.yml": "openstack_release: \"2024.1\"\nom_enable_rabbitmq_high_availability: true\n",
        ])
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(QueueLint.position(finding) == "globals.yml:2:1")
        #expect(finding.location.range.end == SourcePosition(line: 2, column: 37))
        #expect(finding.severity == .error)
        #expect(finding.message == "`om_enable_rabbitmq_high_availability` is true and "
            + "`om_enable_rabbitmq_quorum_queues` is true (Kolla-Ansible's 2024.1 default): Kolla-Ansible 2024.1 would "
            + "render the `ha-all` mirroring policy with durable classic queues and quorum queues together, and Kolla's "
            + "precheck fails unless exactly one of the two flags is true. Choose one: remove "
            + "`om_enable_rabbitmq_high_availability` and keep quorum queues (classic mirroring is gone in RabbitMQ 4.0, "
            + "Kolla 2025.1)")
        #expect(QueueLint.related(finding) == ["globals.yml:1:20 selects Kolla-Ansible 2024.1"])
        #expect(finding.semanticKey == "variable:om_enable_rabbitmq_high_availability")
    }

    @Test func bothFlagsWrittenOn2023_1() throws {
        let findings = try QueueLint.run("RMQ102", [
            "globals.yml": """
                openstack_release: "2023.1"
                om_enable_rabbitmq_quorum_queues: yes
                om_enable_rabbitmq_high_availability: "True"

                """,
        ])
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(QueueLint.position(finding) == "globals.yml:3:1")
        #expect(finding.message.hasPrefix(
            "`om_enable_rabbitmq_high_availability` is true and `om_enable_rabbitmq_quorum_queues` is true: "))
        #expect(finding.message.contains("Kolla's precheck fails (\"only one of HA or quorum queues, or none\")"))
        #expect(finding.message.contains("or set `om_enable_rabbitmq_quorum_queues: false` to keep mirroring"))
        #expect(QueueLint.related(finding) == ["globals.yml:2:1 quorum queues enabled here"])
    }

    /// A later globals.d file wins; the earlier one is a related location.
    @Test func globalsDOverrideIsTheLocation() throws {
        let findings = try QueueLint.run("RMQ102", [
            "globals.yml": "openstack_release: \"2024.2\"\nom_enable_rabbitmq_high_availability: false\n",
            "globals.d/rabbitmq.yml": "om_enable_rabbitmq_high_availability: true\n",
        ])
        let finding = try #require(findings.first)
        #expect(QueueLint.position(finding) == "globals.d/rabbitmq.yml:1:1")
        #expect(QueueLint.related(finding) == [
            "globals.yml:1:20 selects Kolla-Ansible 2024.2",
            "globals.yml:2:1 also set here (overridden)",
        ])
    }

    /// The same globals across releases: 2023.1 (quorum off by default), 2023.2 and 2024.2
    /// (quorum on by default), 2025.1 (the flags are gone: RMQ105's business).
    @Test(arguments: [("2023.1", false), ("2023.2", true), ("2024.2", true), ("2025.1", false), ("zed", false)])
    func releaseAwareness(release: String, fires: Bool) throws {
        let findings = try QueueLint.run("RMQ102", [
            "globals.yml": "om_enable_rabbitmq_high_availability: true\n",
        ], release: release)
        #expect(findings.count == (fires ? 1 : 0))
        if let finding = findings.first {
            #expect(QueueLint.position(finding) == "globals.yml:1:1")
            #expect(finding.message.contains("(Kolla-Ansible's \(release) default)"))
        }
    }

    /// 2023.1 16.0.0 has no quorum flag (added in 16.3.0, KA 0b096725).
    @Test func kollaTagBeforeTheQuorumFlag() throws {
        let files: KeyValuePairs<String, String> = [
            "globals.yml": "om_enable_rabbitmq_high_availability: true\nom_enable_rabbitmq_quorum_queues: true\n",
        ]
        #expect(try QueueLint.run("RMQ102", files, release: "16.0.0").isEmpty)
        #expect(try QueueLint.run("RMQ102", files, release: "16.3.0").count == 1)
    }

    @Test func haFlagThroughAnotherVariable() throws {
        let findings = try QueueLint.run("RMQ102", [
            "globals.yml": """
                openstack_release: "2024.1"
                site_mirroring: true
                om_enable_rabbitmq_high_availability: "{{ site_mirroring }}"

                """,
        ])
        #expect(findings.map(QueueLint.position) == ["globals.yml:2:1"])
        #expect(try #require(findings.first).related.map(\.location.line).contains(3))
    }

    /// One finding per written `rabbit_ha_queues` line, naming every service that reads it.
    @Test func serviceConfigsWithBothQueueArguments() throws {
        let findings = try QueueLint.run("RMQ102", [
            "globals.yml": "openstack_release: \"2024.1\"\nenable_neutron: false\nenable_heat: false\nenable_glance: false\n",
            "config/global.conf": "[oslo_messaging_rabbit]\nrabbit_ha_queues = true\n",
            "config/nova.conf": "[oslo_messaging_rabbit]\nrabbit_ha_queues = false\n",
        ])
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(QueueLint.position(finding) == "config/global.conf:2:20")
        #expect(finding.message.hasPrefix("`rabbit_ha_queues = true` together with `rabbit_quorum_queue = true` for keystone"))
        #expect(finding.message.contains("oslo.messaging raises RuntimeError and the service does not start"))
        #expect(!finding.message.contains("nova"))
        #expect(finding.semanticKey == "[oslo_messaging_rabbit]rabbit_ha_queues")
    }

    @Test func singleServiceFindingNamesServiceAndHost() throws {
        let findings = try QueueLint.run("RMQ102", [
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "multinode": "[compute]\ncmp01\n\n[rabbitmq]\nrmq01\n",
            "config/nova/cmp01/nova-compute.conf": "[oslo_messaging_rabbit]\nrabbit_ha_queues = on\n",
        ])
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(QueueLint.position(finding) == "config/nova/cmp01/nova-compute.conf:2:20")
        #expect(finding.service == "nova-compute")
        #expect(finding.host == "cmp01")
        #expect(finding.message.contains("for nova-compute on cmp01:"))
    }

    /// A written quorum key pairs with a written ha key in a rendered (collected) file too.
    @Test func renderedFile() throws {
        let findings = try QueueLint.run("RMQ102", [
            "ctl01/nova-conductor/nova.conf": """
                [oslo_messaging_rabbit]
                rabbit_quorum_queue = true
                rabbit_ha_queues = true

                """,
        ])
        let finding = try #require(findings.first)
        #expect(QueueLint.position(finding) == "ctl01/nova-conductor/nova.conf:3:20")
        #expect(QueueLint.related(finding) == [
            "ctl01/nova-conductor/nova.conf:2:23 rabbit_quorum_queue = true comes from here",
        ])
    }
}
