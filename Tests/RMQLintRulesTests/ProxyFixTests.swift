import Testing
import RMQLintCore
import RMQLintRules

/// The fixes of the HAProxy rules: computed from the tree in front of them (RMQ203's timeout
/// from the effective heartbeat interval), edits where the section is.
@Suite("Proxy fixes (RMQ202, RMQ203)")
struct ProxyFixTests {
    static func lint(_ files: KeyValuePairs<String, String>) throws -> [Finding] {
        var fileSystem = InMemoryFileSystem(currentDirectory: ExampleRunner.root)
        for (path, contents) in files { fileSystem.addFile(path, contents: contents) }
        let options = LintOptions(paths: [ExampleRunner.root], select: ["RMQ202", "RMQ203"], failOn: .never)
        return try Linter(rules: RuleRegistry.all, fileSystem: fileSystem).lint(options).get().report.findings
    }

    static let proxy = """
        listen rabbitmq
            bind 10.0.0.10:5672
            option tcpka
            timeout client 1h
            timeout server 1h
            server r1 10.0.0.11:5672

        """

    /// Heartbeats 6 h apart (threshold 21600 s): `1h` is no fix; twice the threshold is.
    @Test func timeoutFollowsTheHeartbeatInterval() throws {
        let findings = try Self.lint([
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "config/global.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 21600\n",
            "config/haproxy/services.d/rabbitmq.cfg": Self.proxy,
        ])
        #expect(findings.map(\.ruleID) == ["RMQ203", "RMQ203"])
        let client = try #require(findings.first)
        #expect(client.message.hasSuffix(": set `timeout client 12h` in listen 'rabbitmq' (twice the longest "
            + "heartbeat_timeout_threshold, 21600 s)"))
        #expect(client.fixes.map(\.applicability) == [.safe])
        #expect(client.fixes.first?.edits == [
            .replace(SourceLocation(path: "config/haproxy/services.d/rabbitmq.cfg", line: 4, column: 20, length: 2), with: "12h"),
        ])
        // With oslo.messaging's default of 60 s the same proxy is fine.
        #expect(try Self.lint([
            "globals.yml": "openstack_release: \"2024.1\"\n", "config/haproxy/services.d/rabbitmq.cfg": Self.proxy,
        ]).isEmpty)
    }

    /// A timeout inherited from `defaults` is set in the proxy itself (other proxies keep theirs).
    @Test func inheritedTimeoutIsAddedToTheProxy() throws {
        let findings = try Self.lint([
            "haproxy.cfg": "defaults\n    timeout client 20s\n    option tcpka\nlisten amqp\n\tbind :5672\n\tserver r1 10.0.0.11:5672\n",
        ])
        #expect(findings.map(\.ruleID) == ["RMQ203"])
        #expect(findings.first?.fixes.first?.description == "Set `timeout client 2m` in listen 'amqp' (twice the longest "
            + "heartbeat_timeout_threshold, 60 s)")
        // After the header, indented like the section's own first line (a tab here).
        #expect(findings.first?.fixes.first?.edits == [
            .replace(SourceLocation(path: "haproxy.cfg", line: 5, column: 1, length: 0), with: "\ttimeout client 2m\n"),
        ])
    }

    /// No fix while heartbeats are off: the advice is RMQ206's.
    @Test func noTimeoutFixWithoutHeartbeats() throws {
        let findings = try Self.lint([
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "config/global.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 0\n",
            "config/haproxy/services.d/rabbitmq.cfg": Self.proxy,
        ])
        #expect(!findings.isEmpty && findings.allSatisfy { $0.fixes.isEmpty })
        #expect(findings.first?.message.hasSuffix("turn heartbeats on (RMQ206), then set the timeout well above their interval") == true)
    }

    /// RMQ202: the missing option under the header (safe); a `no option` line of the section
    /// itself is replaced instead (unsafe: someone turned it off here).
    @Test func keepAliveFixes() throws {
        let findings = try Self.lint([
            "haproxy.cfg": """
                frontend amqp
                    bind :5672
                    no option clitcpka
                    default_backend nodes
                backend nodes
                    server r1 10.0.0.11:5672

                """,
        ])
        #expect(findings.map(\.ruleID) == ["RMQ202", "RMQ202"])
        #expect(findings.map { $0.fixes.map(\.description) } == [
            ["Replace `no option clitcpka` with `option clitcpka` in frontend 'amqp'"],
            ["Add `option srvtcpka` to backend 'nodes'"],
        ])
        #expect(findings.map { $0.fixes.map(\.applicability) } == [[.unsafe], [.safe]])
        #expect(findings.last?.fixes.first?.edits == [
            .replace(SourceLocation(path: "haproxy.cfg", line: 6, column: 1, length: 0), with: "    option srvtcpka\n"),
        ])
    }
}
