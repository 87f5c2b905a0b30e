import Testing
import RMQLintCore
import RMQLintRules

/// RMQ101, RMQ106 and RMQ107 need a cluster of two or more RabbitMQ nodes; an unknown cluster
/// size makes them uncertain (info), never a guessed error (docs/spec.md §10.2, §10.4; issue 10).
@Suite("Cluster gates of the mirroring rules")
struct ClusterGateTests {
    /// Wallaby renders the implicit `ha-all` ".*" policy that mirrors reply and fanout queues.
    static let wallaby = "openstack_release: \"wallaby\"\n"

    @Test func singleNodeIsNeverACluster() throws {
        for id in ["RMQ101", "RMQ106", "RMQ107"] {
            let findings = try QueueLint.run(id, ["globals.yml": Self.wallaby, "multinode": QueueLint.inventory(1)])
            #expect(findings.isEmpty, "\(id): \(findings.map(\.message))")
        }
    }

    @Test func unknownSizeIsInfoAndSaysSo() throws {
        let findings = try QueueLint.run("RMQ101", ["globals.yml": Self.wallaby])
        let finding = try #require(findings.first)
        #expect(finding.severity == .info)
        // Said once, by the engine that checked both a cluster and a single node.
        #expect(finding.message.hasSuffix("[holds only if the RabbitMQ cluster has 2 or more nodes; nothing in the tree "
            + "gives the RabbitMQ cluster size (no inventory, no rendered transport_url or cluster_formation nodes): "
            + "pass --inventory]"))
        #expect(finding.message.ranges(of: "cluster size").count == 1)
        #expect(try QueueLint.run("RMQ106", ["globals.yml": Self.wallaby]).allSatisfy { $0.severity == .info })
        // RMQ107 compares the replica count with the node count: nothing to say without it.
        #expect(try QueueLint.run("RMQ107", ["globals.yml": Self.wallaby]).isEmpty)
    }

    @Test func aKnownClusterKeepsTheRuleSeverity() throws {
        let inventory = QueueLint.inventory(3)
        #expect(try QueueLint.run("RMQ101", ["globals.yml": Self.wallaby, "multinode": inventory]).first?.severity == .error)
        #expect(try QueueLint.run("RMQ106", ["globals.yml": Self.wallaby, "multinode": inventory]).first?.severity == .warning)
        let five = try QueueLint.run("RMQ107", ["globals.yml": Self.wallaby, "multinode": QueueLint.inventory(5)])
        #expect(five.count == 1)
    }
}

/// RMQ101 names services, not one "service" per host: per-host configs gave
/// "424 services (nova-conductor on ctl01, …)" on a real tree of 212 hosts.
@Suite("RMQ101 counts services and hosts")
struct MirroredTransientQueuesCountTests {
    @Test func perHostConfigsAreCountedAsServicesWithTheirHosts() throws {
        var files = [ExampleFile(path: "globals.yml", contents: ClusterGateTests.wallaby),
                     ExampleFile(path: "multinode", contents: QueueLint.inventory(3) + "\n[compute]\ncmp01\ncmp02\ncmp03\n")]
        // Per-host overrides: Kolla renders one nova-compute config per host.
        for host in 1...3 {
            files.append(ExampleFile(path: "config/nova/cmp0\(host)/nova.conf", contents: "[DEFAULT]\ndebug = true\n"))
        }
        let findings = try ExampleRunner.findings(of: "RMQ101", files: files, arguments: [])
        let message = try #require(findings.first?.message)
        #expect(message.contains("the reply queues (`reply_<hex>`) of 18 services (heat-api, heat-api-cfn, heat-engine "
            + "and 15 more), with per-host configs on 3 hosts;"))
        #expect(!message.contains("nova-compute on cmp01"))
    }
}
