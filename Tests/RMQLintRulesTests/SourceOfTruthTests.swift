import Testing
import RMQLintCore
import RMQLintRules

/// Rules read one source of truth, the effective model: a value written where Kolla never
/// reads it is RMQ501's alone, and no other rule counts it.
@Suite("One source of truth")
struct SourceOfTruthTests {
    static func lint(_ files: KeyValuePairs<String, String>) throws -> [Finding] {
        var fileSystem = InMemoryFileSystem(currentDirectory: ExampleRunner.root)
        for (path, contents) in files { fileSystem.addFile(path, contents: contents) }
        var options = LintOptions(paths: [ExampleRunner.root], failOn: .never)
        // RMQ109 (info) reports Kolla 2024.1's default of classic reply queues at globals.yml,
        // whatever these probes write: not what they are about.
        options.ignore = ["RMQ109"]
        return try Linter(rules: RuleRegistry.all, fileSystem: fileSystem).lint(options).get().report.findings
    }

    static let amqpListen = """
        listen rabbitmq
            bind 10.0.0.10:5672
            option tcpka
            timeout client 1h
            timeout server 1h
            server ctl01 10.0.0.11:5672 check

        """

    /// Issue #15's probe: heartbeats disabled only in a mistyped service file. Kolla never
    /// reads it, so the services keep the 60 s default and a 1 h proxy timeout is fine.
    @Test func heartbeatsDisabledOnlyInAMistypedFileGiveRMQ501Only() throws {
        let findings = try Self.lint([
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "config/neutron/neutron-servr.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 0\n",
            "config/haproxy/services.d/rabbitmq.cfg": Self.amqpListen,
        ])
        #expect(findings.map { "\($0.ruleID) \($0.location.path)" } == ["RMQ501 config/neutron/neutron-servr.conf"])
    }

    /// The same line in the file Kolla does read: RMQ203 (twice: client and server side)
    /// and RMQ206, so the probe above cannot pass by RMQ203 never firing.
    @Test func heartbeatsDisabledInTheRealFileAreReported() throws {
        let findings = try Self.lint([
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "config/neutron/neutron-server.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 0\n",
            "config/haproxy/services.d/rabbitmq.cfg": Self.amqpListen,
        ])
        #expect(findings.map(\.ruleID).sorted() == ["RMQ203", "RMQ203", "RMQ206"])
    }
}
