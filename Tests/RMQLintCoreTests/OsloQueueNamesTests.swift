import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintJinja
@testable import RMQLintKnowledge
@testable import RMQLintLoaders
@testable import RMQLintModel
@testable import RMQLintSource

private let hex = "0123456789abcdef0123456789abcdef"

private func names(_ service: String, release: OpenStackRelease = .gazpacho,
                   settings: OsloQueueSettings = OsloQueueSettings()) -> [String] {
    KollaKnowledge.queueNames(for: service, host: "ctl1", release: release, settings: settings).map(\.name)
}

@Suite("oslo.messaging queue names per Kolla service")
struct OsloQueueNamesTests {
    @Test func novaCompute() throws {
        let queues = KollaKnowledge.queueNames(for: "nova-compute", host: "ctl1", release: .gazpacho)
        #expect(queues.map(\.name) == ["compute", "compute.ctl1", "compute_fanout_\(hex)", "reply_\(hex)"])
        #expect(queues.map(\.kind) == [.topic, .topicHost, .fanout, .reply])
        #expect(queues.map(\.durability) == [.followsDurableQueues, .followsDurableQueues,
                                             .transientUnlessTransientQuorum, .transientUnlessTransientQuorum])
        #expect(queues.allSatisfy { !$0.isDurable && $0.queueType == .classicQueue && $0.consumed })
        #expect(queues[0].callTimeout == .novaLongRPCTimeout)
        #expect(queues[1].callTimeout == .novaLongRPCTimeout)
        #expect(queues[2].callTimeout == nil)
        #expect(queues[3].callTimeout == nil)
        #expect(queues[3].topic == "reply")
        #expect(OsloCallTimeout.novaLongRPCTimeout.defaultLongestWait == 1800)
        let profile = try #require(KollaKnowledge.osloMessaging(for: "nova-compute", release: .gazpacho))
        #expect(profile.project == "nova")
        #expect(profile.calls == ["conductor", "compute"])
    }

    @Test func novaServices() {
        #expect(names("nova-api") == ["reply_\(hex)"])
        #expect(names("nova-metadata") == [])
        #expect(names("nova-scheduler") == ["scheduler", "scheduler.ctl1", "scheduler_fanout_\(hex)"])
        #expect(names("nova-conductor") == ["conductor", "conductor.ctl1", "conductor_fanout_\(hex)", "reply_\(hex)"])
        #expect(names("nova-super-conductor") == names("nova-conductor"))
        #expect(names("nova-compute-ironic") == ["compute", "compute.ctl1", "compute_fanout_\(hex)", "reply_\(hex)"])
        #expect(names("nova-novncproxy") == ["reply_\(hex)"])
        // Queens–Stein: the consoleauth service and its callers.
        #expect(names("nova-consoleauth", release: .stein) == ["consoleauth", "consoleauth.ctl1", "consoleauth_fanout_\(hex)"])
        #expect(names("nova-consoleauth", release: .gazpacho) == [])
        #expect(KollaKnowledge.osloMessaging(for: "nova-api", release: .stein)?.calls == ["conductor", "compute", "consoleauth"])
        // nova-compute belongs to nova-cell from Train; same queues.
        #expect(KollaKnowledge.project(ofService: "nova-compute", release: .gazpacho) == "nova-cell")
        #expect(names("nova-compute", release: .queens) == names("nova-compute"))
    }

    @Test func neutronServerAndAgents() {
        let rpc = ["q-plugin", "q-plugin.ctl1", "q-plugin_fanout_\(hex)",
                   "q-server-resource-versions", "q-server-resource-versions.ctl1", "q-server-resource-versions_fanout_\(hex)",
                   "q-reports-plugin", "q-reports-plugin.ctl1", "q-reports-plugin_fanout_\(hex)",
                   "q-l3-plugin", "q-l3-plugin.ctl1", "q-l3-plugin_fanout_\(hex)"]
        #expect(names("neutron-server", release: .epoxy) == rpc)
        // Kolla 2025.2 serves the API under uWSGI and the RPC from neutron-rpc-server.
        #expect(names("neutron-server", release: .flamingo) == [])
        #expect(names("neutron-rpc-server", release: .flamingo) == rpc)
        #expect(names("neutron-rpc-server", release: .epoxy) == [])
        #expect(names("neutron-dhcp-agent") == ["dhcp_agent", "dhcp_agent.ctl1", "dhcp_agent_fanout_\(hex)", "reply_\(hex)"])
        #expect(names("neutron-l3-agent") == ["l3_agent", "l3_agent.ctl1", "l3_agent_fanout_\(hex)", "reply_\(hex)"])
        #expect(names("neutron-metadata-agent") == ["reply_\(hex)"])
        #expect(names("neutron-ovn-metadata-agent") == [])
        #expect(names("neutron-openvswitch-agent") == [
            "q-agent-notifier-tunnel-update", "q-agent-notifier-tunnel-update.ctl1", "q-agent-notifier-tunnel-update_fanout_\(hex)",
            "q-agent-notifier-tunnel-delete", "q-agent-notifier-tunnel-delete.ctl1", "q-agent-notifier-tunnel-delete_fanout_\(hex)",
            "q-agent-notifier-dvr-update", "q-agent-notifier-dvr-update.ctl1", "q-agent-notifier-dvr-update_fanout_\(hex)",
            "q-agent-notifier-l2population-update", "q-agent-notifier-l2population-update.ctl1",
            "q-agent-notifier-l2population-update_fanout_\(hex)",
            "neutron-vo-Port-1.10", "neutron-vo-Port-1.10.ctl1", "neutron-vo-Port-1.10_fanout_\(hex)",
            "reply_\(hex)",
        ])
        #expect(names("neutron-openvswitch-agent", release: .caracal).contains("neutron-vo-Port-1.9"))
        #expect(!names("neutron-openvswitch-agent", release: .zed).contains { $0.hasPrefix("neutron-vo-") })
        let queues = KollaKnowledge.queueNames(for: "neutron-dhcp-agent", host: "ctl1", release: .gazpacho)
        #expect(queues[0].callTimeout == .neutronRPCResponseMaxTimeout)
        #expect(KollaKnowledge.queueNames(for: "neutron-dhcp-agent", host: "ctl1", release: .rocky)[0].callTimeout
            == .neutronBackoffBeforeStein)
    }

    @Test func otherProjects() {
        #expect(names("cinder-volume") == ["cinder-volume", "cinder-volume.ctl1", "cinder-volume_fanout_\(hex)"])
        #expect(names("cinder-backup") == ["cinder-backup", "cinder-backup.ctl1", "cinder-backup_fanout_\(hex)", "reply_\(hex)"])
        #expect(names("cinder-api") == ["reply_\(hex)"])
        #expect(names("glance-api") == [])
        #expect(names("keystone") == [])
        #expect(names("heat-api") == ["reply_\(hex)"])
        #expect(names("heat-engine") == [
            "engine", "engine.ctl1", "engine_fanout_\(hex)",
            "heat-engine-listener", "heat-engine-listener.01234567-89ab-cdef-0123-456789abcdef", "heat-engine-listener_fanout_\(hex)",
            "engine_worker", "engine_worker.01234567-89ab-cdef-0123-456789abcdef", "engine_worker_fanout_\(hex)",
            "reply_\(hex)",
        ])
        #expect(names("octavia-api") == [])
        #expect(names("octavia-worker") == ["octavia_provisioning_v2", "octavia_provisioning_v2.ctl1",
                                            "octavia_provisioning_v2_fanout_\(hex)"])
        #expect(names("octavia-worker", release: .zed).first == "octavia_prov")
        #expect(names("octavia-worker", release: .zed).count == 6)
        #expect(names("octavia-worker", release: .stein) == ["octavia_prov", "octavia_prov.ctl1", "octavia_prov_fanout_\(hex)"])
        #expect(names("designate-central") == ["central", "central.ctl1", "central_fanout_\(hex)"])
        #expect(names("designate-sink") == ["reply_\(hex)", "notifications_designate.info"])
        #expect(names("designate-mdns", release: .yoga).first == "mdns")
        #expect(names("designate-mdns", release: .zed) == ["reply_\(hex)"])
        #expect(names("barbican-worker") == ["barbican.workers", "barbican.workers.barbican.queue", "barbican.workers_fanout_\(hex)"])
        #expect(names("barbican-keystone-listener") == ["barbican_notifications.info"])
        #expect(names("manila-share") == ["manila-share", "manila-share.ctl1", "manila-share_fanout_\(hex)"])
        #expect(names("ironic-conductor") == ["ironic.conductor_manager", "ironic.conductor_manager.ctl1",
                                              "ironic.conductor_manager_fanout_\(hex)"])
        #expect(names("magnum-conductor") == ["magnum-conductor", "magnum-conductor.ctl1", "magnum-conductor_fanout_\(hex)"])
        #expect(names("aodh-listener") == ["alarm.all.sample", "alarming.sample"])
        #expect(names("aodh-notifier") == ["alarming.sample"])
        #expect(names("ceilometer-notification") == ["notifications.info", "notifications.sample", "notifications.error"])
        #expect(names("ceilometer-compute") == ["notifications.sample"])
        #expect(names("placement-api") == [])
        #expect(KollaKnowledge.osloMessaging(for: "placement-api") != nil)
    }

    @Test func notificationQueues() {
        let listener = KollaKnowledge.queueNames(for: "aodh-listener", host: "ctl1", release: .gazpacho)
        #expect(listener.map(\.topic) == ["alarm.all", "alarming"])
        #expect(listener.map(\.consumed) == [true, false])
        #expect(listener.allSatisfy { $0.kind == .notification && $0.durability == .followsDurableQueues })
        let published = KollaKnowledge.queueNames(
            for: "keystone", host: "ctl1", release: .gazpacho,
            settings: OsloQueueSettings(publishedNotificationTopics: ["notifications", "barbican_notifications"]))
        #expect(published.map(\.name) == ["notifications.info", "notifications.error",
                                          "barbican_notifications.info", "barbican_notifications.error"])
        #expect(published.allSatisfy { !$0.consumed })
        // A queue both listened to and published is listed once, as consumed.
        let notification = KollaKnowledge.queueNames(
            for: "ceilometer-notification", host: "ctl1", release: .gazpacho,
            settings: OsloQueueSettings(publishedNotificationTopics: ["notifications"]))
        #expect(notification.map(\.name) == ["notifications.info", "notifications.sample", "notifications.error"])
        #expect(notification.allSatisfy { $0.consumed })
    }

    @Test func settingsChangeNamesDurabilityAndType() {
        let queueManager = names("nova-compute", settings: OsloQueueSettings(useQueueManager: true))
        #expect(queueManager == ["compute", "compute.ctl1", "compute_fanout_ctl1:nova-compute:1", "reply_ctl1:nova-compute:1"])

        let stream = KollaKnowledge.queueNames(for: "nova-compute", host: "ctl1", release: .gazpacho,
                                               settings: OsloQueueSettings(transientQuorumQueue: true, streamFanout: true))
        #expect(stream.map(\.name) == ["compute", "compute.ctl1", "compute_fanout", "reply_\(hex)"])
        #expect(stream.map(\.queueType) == [.classicQueue, .classicQueue, .stream, .quorumQueue])
        #expect(stream.map(\.isDurable) == [false, false, true, true])

        let quorum = KollaKnowledge.queueNames(for: "nova-compute", host: "ctl1", release: .gazpacho,
                                               settings: OsloQueueSettings(quorumQueue: true))
        #expect(quorum.map(\.queueType) == [.quorumQueue, .quorumQueue, .classicQueue, .classicQueue])
        #expect(quorum.map(\.isDurable) == [true, true, false, false])

        let durable = KollaKnowledge.queueNames(for: "nova-compute", host: "ctl1", release: .gazpacho,
                                                settings: OsloQueueSettings(amqpDurableQueues: true))
        #expect(durable.map(\.isDurable) == [true, true, false, false])
        #expect(durable.map(\.queueType) == [.classicQueue, .classicQueue, .classicQueue, .classicQueue])
    }

    @Test func callTimeouts() {
        #expect(KollaKnowledge.callTimeout(project: "nova", topic: "compute", release: .queens) == .rpcResponseTimeout)
        #expect(KollaKnowledge.callTimeout(project: "nova", topic: "compute", release: .rocky) == .novaLongRPCTimeout)
        #expect(KollaKnowledge.callTimeout(project: "nova-cell", topic: "conductor", release: .gazpacho) == .novaLongRPCTimeout)
        #expect(KollaKnowledge.callTimeout(project: "nova", topic: "consoleauth", release: .stein) == .rpcResponseTimeout)
        #expect(KollaKnowledge.callTimeout(project: "neutron", topic: "q-plugin", release: .rocky) == .neutronBackoffBeforeStein)
        #expect(KollaKnowledge.callTimeout(project: "neutron", topic: "q-plugin", release: .stein) == .neutronRPCResponseMaxTimeout)
        #expect(KollaKnowledge.callTimeout(project: "cinder", topic: "cinder-volume", release: .gazpacho) == .rpcResponseTimeout)
        #expect(OsloCallTimeout.neutronBackoffBeforeStein.defaultLongestWait == 600)
        #expect(OsloCallTimeout.neutronRPCResponseMaxTimeout.defaultLongestWait == 600)
        #expect(OsloCallTimeout.rpcResponseTimeout.defaultLongestWait == 60)
        #expect(OsloCallTimeout.novaLongRPCTimeout.option == "long_rpc_timeout")
    }

    @Test func kollaHAPatternAgainstEveryModelledService() throws {
        // Kolla's own pattern must skip every reply and fanout queue and reach every topic,
        // server and notification queue (KA 09df6fc1, docs/domain.md §1.4).
        let pattern = try #require(PolicyPattern.compile(#"^(?!(amq\.)|(.*_fanout_)|(reply_)).*"#).pattern)
        var checked = 0
        for service in KollaKnowledge.services(for: .gazpacho) {
            for queue in KollaKnowledge.queueNames(for: service.name, host: "ctl1", release: .gazpacho) {
                let expected: PolicyPatternMatch = queue.kind == .reply || queue.kind == .fanout ? .doesNotMatch : .matches
                #expect(pattern.matches(queue.name) == expected, "\(service.name): \(queue.name)")
                checked += 1
            }
        }
        #expect(checked == 151)
    }

    @Test func profilesNameKollaServices() {
        // Every modelled name is a Kolla service of some release (placement-api aside), and the
        // services of the projects the rules need are all modelled in 2026.1 but these.
        let projects: Set<String> = ["nova", "nova-cell", "neutron", "cinder", "glance", "heat", "keystone", "octavia",
                                     "designate", "barbican", "manila", "ironic", "magnum", "aodh", "ceilometer"]
        for release in OpenStackRelease.allCases {
            for service in KollaKnowledge.services(for: release) where projects.contains(service.project) {
                let modelled = KollaKnowledge.osloMessaging(for: service.name, release: release) != nil
                let knownGaps: Set<String> = ["ironic-pxe-filter", "ironic-neutron-agent", "neutron-bgp-dragent",
                                              "neutron-eswitchd", "neutron-infoblox-ipam-agent", "neutron-mlnx-agent",
                                              "neutron-ovn-maintenance-worker", "neutron-ovn-vpn-agent", "neutron-lbaas-agent",
                                              "neutron-openvswitch-agent-xenapi"]
                #expect(modelled != knownGaps.contains(service.name), "\(service.name) in \(release)")
            }
        }
        let catalogue = Set(KollaKnowledge.serviceCatalogue.map(\.name))
        #expect(KollaKnowledge.osloMessagingServiceNames.subtracting(catalogue) == ["placement-api"])
        #expect(KollaKnowledge.osloMessaging(for: "nova-consoleauth", release: .gazpacho) == nil)
        #expect(KollaKnowledge.osloMessaging(for: "nova-metadata", release: .zed) == nil)
        #expect(KollaKnowledge.osloMessaging(for: "no-such-service") == nil)
    }
}
