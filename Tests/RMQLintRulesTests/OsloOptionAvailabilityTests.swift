import Testing
import RMQLintCore
import RMQLintRules

/// oslo.messaging options exist from a version on (spec §10.3): an option the release's
/// oslo.messaging does not have has no effect in the queue model (issue 10).
@Suite("oslo.messaging option availability in the queue model")
struct OsloOptionAvailabilityTests {
    static func tree(_ release: String) -> KeyValuePairs<String, String> {
        [
            "globals.yml": "openstack_release: \"\(release)\"\n",
            "multinode": QueueLint.inventory(3),
            "config/rabbitmq/definitions.json": """
                {"vhosts": [{"name": "/"}],
                 "policies": [{"vhost": "/", "name": "ha-all", "pattern": ".*", "apply-to": "all",
                               "definition": {"ha-mode": "all", "ha-promote-on-shutdown": "always"}, "priority": 0}]}

                """,
            "config/global.conf": """
                [oslo_messaging_rabbit]
                rabbit_quorum_queue = true
                rabbit_transient_quorum_queue = true

                """,
        ]
    }

    @Test func transientQuorumBefore14_7DoesNotSilenceRMQ101() throws {
        // 2023.2 installs oslo.messaging 14.4.2 (requirements 2023.2-eol upper-constraints).
        let findings = try QueueLint.run("RMQ101", Self.tree("2023.2"), rabbitMQ: "3.12")
        #expect(!findings.isEmpty)
        #expect(findings.allSatisfy { $0.severity == .error })
    }

    @Test func transientQuorumFrom14_7ReplicatesReplyAndFanoutQueues() throws {
        let findings = try QueueLint.run("RMQ101", Self.tree("2024.1"), rabbitMQ: "3.12")
        #expect(findings.isEmpty, "\(findings.map(\.message))")
    }

    @Test func theIgnoredLineIsReportedAtInfo() throws {
        let findings = try QueueLint.run("RMQ207", Self.tree("2023.2"), rabbitMQ: "3.12")
        #expect(findings.map(QueueLint.position) == ["config/global.conf:3:33"])
        #expect(findings.first?.severity == .info)
        #expect(findings.first?.message.contains("added in 14.7.0") == true)
    }

    @Test func mastersPinIs18_2() {
        #expect(OsloMessagingVersion.family(for: .master) == OsloMessagingVersion(18, 2))
        #expect(OsloMessagingVersion.family(for: .bobcat) == OsloMessagingVersion(14, 4))
        #expect(KollaKnowledge.osloOptionAdded(section: "oslo_messaging_rabbit", key: "rabbit_transient_quorum_queue",
                                               release: .bobcat) == OsloMessagingVersion(14, 7))
        #expect(KollaKnowledge.osloOptionAdded(section: "oslo_messaging_rabbit", key: "rabbit_transient_quorum_queue",
                                               release: .caracal) == nil)
        #expect(KollaKnowledge.osloOptionAdded(section: "oslo_messaging_rabbit", key: "rabbit_quorum_queue",
                                               release: .xena) == OsloMessagingVersion(12, 13))
    }
}
