import Testing
import RMQLintCore
import RMQLintRules

/// RMQ302 invalid-ttl: policy `message-ttl` / `expires` and Kolla's TTL variables.
@Suite("RMQ302 invalid-ttl")
struct InvalidTTLRuleTests {
    static let haOn2023_1 = "openstack_release: \"2023.1\"\nom_enable_rabbitmq_high_availability: true\n"

    @Test func secondsForMillisecondsInGlobals() throws {
        let findings = try QueueLint.run("RMQ302", [
            "globals.yml": Self.haOn2023_1 + "rabbitmq_message_ttl_ms: 600\n",
            "multinode": QueueLint.inventory(3),
        ])
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(QueueLint.position(finding) == "globals.yml:3:1")
        #expect(finding.severity == .error)
        #expect(finding.message == "`rabbitmq_message_ttl_ms` is 600, which Kolla-Ansible 2023.1's definitions.json "
            + "template renders as `message-ttl` of policy 'ha-all' (vhost /): RabbitMQ counts milliseconds, so messages "
            + "not consumed within 600 ms are dropped. If 600 was meant as seconds, set `rabbitmq_message_ttl_ms: 600000` in globals")
        // A reading of intent (600 s? 600 ms?): unsafe.
        #expect(finding.fixes.map(\.applicability) == [.unsafe])
        #expect(QueueLint.related(finding) == [
            "globals.yml:2:1 makes Kolla render policy 'ha-all'",
            "globals.yml:1:20 selects Kolla-Ansible 2023.1",
        ])
        #expect(finding.semanticKey == "variable:rabbitmq_message_ttl_ms")
    }

    /// Without an inventory Kolla's replica count is unknown; the TTL is not, so it is checked.
    @Test func notAnIntegerInGlobalsWithoutInventory() throws {
        let findings = try QueueLint.run("RMQ302", ["globals.yml": Self.haOn2023_1 + "rabbitmq_queue_expiry_ms: \"1h\"\n"])
        let finding = try #require(findings.first)
        #expect(QueueLint.position(finding) == "globals.yml:3:1")
        #expect(finding.message == "`rabbitmq_queue_expiry_ms` is the string \"1h\", which Kolla-Ansible 2023.1's "
            + "definitions.json template renders as `expires` of policy 'ha-all' (vhost /): not an integer number of "
            + "milliseconds, and Kolla's `| int` turns it into 0 or a truncated number. Set `rabbitmq_queue_expiry_ms: 3600000` "
            + "in globals (an integer in milliseconds)")
        #expect(finding.fixes.map(\.applicability) == [.unsafe])
    }

    /// zed renders `expires` without `| int` (KA d1b24a41 added it in 16.0.0).
    @Test func zedRendersExpiresAsWritten() throws {
        let findings = try QueueLint.run("RMQ302", [
            "globals.yml": "openstack_release: \"zed\"\nom_enable_rabbitmq_high_availability: true\nrabbitmq_queue_expiry_ms: 1h\n",
        ])
        #expect(findings.map(QueueLint.position) == ["globals.yml:3:1"])
        #expect(findings.first?.message.contains("so RabbitMQ rejects the policy (or the JSON) when it imports") == true)
    }

    @Test(arguments: ["rabbitmq_message_ttl_ms: 1800000", "rabbitmq_message_ttl_ms: \"600000\"",
                      "rabbitmq_queue_expiry_ms: 1000", "rabbitmq_message_ttl_ms: \"{{ site_ttl }}\""])
    func validOrUnknownValues(line: String) throws {
        #expect(try QueueLint.run("RMQ302", ["globals.yml": Self.haOn2023_1 + line + "\n"]).isEmpty)
    }

    /// Kolla renders the TTL variables only into the HA policy.
    @Test func inertWithoutTheHAFlag() throws {
        #expect(try QueueLint.run("RMQ302", [
            "globals.yml": "openstack_release: \"2023.1\"\nrabbitmq_message_ttl_ms: 600\nrabbitmq_queue_expiry_ms: 0\n",
        ]).isEmpty)
    }

    /// The same globals on 2023.2 and 2024.2 (read) and 2025.1 (no longer read: RMQ105).
    @Test(arguments: [("2023.2", 1), ("2024.2", 1), ("2025.1", 0)])
    func releaseAwareness(release: String, count: Int) throws {
        let findings = try QueueLint.run("RMQ302", [
            "globals.yml": """
                om_enable_rabbitmq_high_availability: true
                om_enable_rabbitmq_quorum_queues: false
                rabbitmq_queue_expiry_ms: 900

                """,
        ], release: release)
        #expect(findings.count == count)
        if let finding = findings.first {
            #expect(QueueLint.position(finding) == "globals.yml:3:1")
            #expect(finding.message.contains("RabbitMQ counts milliseconds, so idle queues are deleted after 900 ms. "
                + "If 900 was meant as seconds, set `rabbitmq_queue_expiry_ms: 900000` in globals"))
        }
    }

    @Test func customDefinitions() throws {
        let findings = try QueueLint.run("RMQ302", [
            "globals.yml": "openstack_release: \"2025.1\"\n",
            "config/rabbitmq/definitions.json": """
                {"policies": [
                  {"vhost": "/", "name": "a", "pattern": "^a", "definition": {"message-ttl": "600000", "expires": 0}},
                  {"vhost": "/", "name": "b", "pattern": "^b", "definition": {"expires": -5, "message-ttl": 1.5}},
                  {"vhost": "/", "name": "c", "pattern": "^c", "definition": {"message-ttl": 0, "expires": 999}},
                  {"vhost": "/", "name": "d", "pattern": "^d", "definition": {"message-ttl": 1000, "expires": 1800000}}
                ]}

                """,
        ])
        #expect(findings.map(QueueLint.position) == [
            "config/rabbitmq/definitions.json:2:78", "config/rabbitmq/definitions.json:2:99",
            "config/rabbitmq/definitions.json:3:74", "config/rabbitmq/definitions.json:3:93",
            "config/rabbitmq/definitions.json:4:78", "config/rabbitmq/definitions.json:4:92",
        ])
        #expect(findings.map(\.semanticKey) == [
            "policy:a@/:message-ttl", "policy:a@/:expires", "policy:b@/:expires", "policy:b@/:message-ttl",
            "policy:c@/:message-ttl", "policy:c@/:expires",
        ])
        #expect(findings.map(\.message) == [
            "`message-ttl` of policy 'a' (vhost /) is the string \"600000\": not an integer number of milliseconds, so "
                + "RabbitMQ rejects the policy (or the JSON) when it imports the definitions. Write `600000` (an integer "
                + "in milliseconds)",
            "`expires` of policy 'a' (vhost /) is 0: RabbitMQ rejects it (`expires` must be at least 1 ms). Write a "
                + "positive number of milliseconds, e.g. 3600000, or remove `expires`",
            "`expires` of policy 'b' (vhost /) is -5: RabbitMQ rejects a negative `expires` (it must be an integer ≥ 1). "
                + "Write a positive number of milliseconds",
            "`message-ttl` of policy 'b' (vhost /) is the fraction 1.5: not an integer number of milliseconds, so "
                + "RabbitMQ rejects the policy (or the JSON) when it imports the definitions. Write an integer in "
                + "milliseconds, e.g. 1800000",
            "`message-ttl` of policy 'c' (vhost /) is 0: messages that no consumer takes at once are dropped. If that "
                + "is not intended, write the TTL in milliseconds, e.g. 1800000",
            "`expires` of policy 'c' (vhost /) is 999: RabbitMQ counts milliseconds, so idle queues are deleted after "
                + "999 ms. If 999 was meant as seconds, write `999000`",
        ])
        // The quoted integer is certain (safe); 999 as seconds is a guess (unsafe); 0, -5 and 1.5 have none.
        #expect(findings.map { $0.fixes.map(\.applicability) } == [[.safe], [], [], [], [], [.unsafe]])
    }

    /// A definitions.json linted on its own (no tree around it).
    @Test func looseDefinitionsFile() throws {
        let findings = try QueueLint.run("RMQ302", [
            "definitions.json": """
                {"operator_policies": [{"vhost": "/", "name": "cap", "pattern": ".*", "definition": {"expires": 60}}]}

                """,
        ])
        let finding = try #require(findings.first)
        #expect(QueueLint.position(finding) == "definitions.json:1:97")
        #expect(finding.message.hasPrefix("`expires` of operator policy 'cap' (vhost /) is 60: "))
        #expect(finding.semanticKey == "policy:cap@/:expires")
    }

    /// A huge value is quoted clipped: one readable line whatever the file holds.
    @Test func hugeValueIsClipped() throws {
        let huge = String(repeating: "9", count: 100_000) + "s"
        let name = String(repeating: "n", count: 5_000)
        let findings = try QueueLint.run("RMQ302", [
            "definitions.json": """
                {"policies": [{"vhost": "/", "name": "\(name)", "pattern": ".*", "definition": {"message-ttl": "\(huge)"}}]}

                """,
        ])
        let finding = try #require(findings.first)
        #expect(finding.message.count < 500)
        #expect(finding.message.contains("is the string \"\(String(repeating: "9", count: 60))…\""))
        #expect(finding.message.hasPrefix("`message-ttl` of policy '\(String(repeating: "n", count: 80))…' (vhost /)"))
    }
}
