import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintJinja
@testable import RMQLintKnowledge
@testable import RMQLintLoaders
@testable import RMQLintModel
@testable import RMQLintSource

private func tag(_ major: Int, _ minor: Int, _ patch: Int = 0) -> KollaVersion {
    guard let release = OpenStackRelease(kollaMajor: major) else {
        Issue.record("no release for major \(major)")
        return KollaVersion(.master)
    }
    return KollaVersion(release, minor: minor, patch: patch)
}

@Suite("Kolla knowledge: releases and version parsing")
struct KollaReleaseTests {
    @Test(arguments: [
        ("queens", OpenStackRelease.queens), ("Wallaby", .wallaby), ("ZED", .zed), ("2023.1", .antelope),
        ("2024.1", .caracal), ("2026.1", .gazpacho), ("caracal", .caracal), ("Epoxy", .epoxy), ("master", .master),
        ("  yoga\n", .yoga), ("MASTER", .master),
    ])
    func parsesSeriesNames(text: String, release: OpenStackRelease) {
        #expect(KollaVersion.parse(text) == KollaVersion(release))
    }

    @Test func parsesKollaTagNumbers() {
        #expect(KollaVersion.parse("16.3.0") == KollaVersion(.antelope, minor: 3, patch: 0))
        #expect(KollaVersion.parse("16.3") == KollaVersion(.antelope, minor: 3))
        #expect(KollaVersion.parse("16") == KollaVersion(.antelope))
        #expect(KollaVersion.parse("6.0.0") == KollaVersion(.queens, minor: 0, patch: 0))
        #expect(KollaVersion.parse("15.0.0") == KollaVersion(.zed, minor: 0, patch: 0))
        #expect(KollaVersion.parse("22.1.0") == KollaVersion(.gazpacho, minor: 1, patch: 0))
        #expect(KollaVersion.parse("18.7.2")?.patch == 2)
        #expect(KollaVersion.parse("16.3")?.patch == nil)
    }

    @Test(arguments: [
        ("stable/2024.1", OpenStackRelease.caracal), ("unmaintained/2024.1", .caracal), ("unmaintained/yoga", .yoga),
        ("stable/Wallaby", .wallaby), ("2024.1-eol", .caracal), ("zed-eol", .zed), ("yoga-eom", .yoga),
        ("queens-em", .queens), ("2023.2-EOL", .bobcat),
    ])
    func parsesBranchesAndEndOfLifeTags(text: String, release: OpenStackRelease) {
        #expect(KollaVersion.parse(text) == KollaVersion(release))
    }

    @Test(arguments: [
        "", "   ", "auto", "2023.10", "2024.10", "2023.3", "2022.1", "23.0.0", "5.0.0", "16.3.0.1", "16..3", "16.",
        ".3", "v16.3.0", "16.3.0rc1", "16.-1", "stable/master", "master-eol", "stable/16", "16.3.0-eol", "wallaby!",
        "stable/", "-eol", "x-eol", "１６.３.０", "1234567.0.0", String(repeating: "9", count: 200), "wallaby yoga",
    ])
    func rejectsAnythingElse(text: String) {
        #expect(KollaVersion.parse(text) == nil)
    }

    @Test func ordersReleasesAndVersions() {
        #expect(OpenStackRelease.allCases.count == 18)
        #expect(OpenStackRelease.allCases.first == .queens)
        #expect(OpenStackRelease.allCases.last == .master)
        #expect(OpenStackRelease.zed < .antelope)
        #expect(OpenStackRelease.newestStable == .gazpacho)
        #expect(KollaVersion(.antelope, minor: 2) < KollaVersion(.antelope, minor: 3, patch: 0))
        #expect(KollaVersion(.antelope, minor: 3, patch: 9) < KollaVersion(.antelope))
        #expect(KollaVersion(.antelope) < KollaVersion(.bobcat, minor: 0, patch: 0))
        #expect(KollaVersion(.master, minor: 4).minor == nil)
    }

    @Test func namesMajorsAndDescriptions() {
        #expect(OpenStackRelease.queens.kollaMajor == 6)
        #expect(OpenStackRelease.zed.kollaMajor == 15)
        #expect(OpenStackRelease.antelope.kollaMajor == 16)
        #expect(OpenStackRelease.gazpacho.kollaMajor == 22)
        #expect(OpenStackRelease.master.kollaMajor == nil)
        #expect(OpenStackRelease(kollaMajor: 5) == nil)
        #expect(OpenStackRelease(kollaMajor: 23) == nil)
        #expect(OpenStackRelease.dalmatian.name == "2024.2")
        #expect(OpenStackRelease.dalmatian.codename == "dalmatian")
        #expect(OpenStackRelease.yoga.codename == "yoga")
        #expect(KollaVersion(.antelope, minor: 3, patch: 0).description == "2023.1 (16.3.0)")
        #expect(KollaVersion(.antelope, minor: 3).description == "2023.1 (16.3)")
        #expect(KollaVersion(.wallaby).description == "wallaby")
    }
}

@Suite("Kolla knowledge: RabbitMQ and oslo.messaging versions")
struct KollaRabbitMQVersionTests {
    @Test func parsesVersions() {
        #expect(RabbitMQVersion.parse("3.13") == RabbitMQVersion(major: 3, minor: 13))
        #expect(RabbitMQVersion.parse("3.13.7") == RabbitMQVersion(major: 3, minor: 13))
        #expect(RabbitMQVersion.parse(" 4.1 ") == RabbitMQVersion(major: 4, minor: 1))
        for bad in ["", "4", "3.x", "3.13.7.1", "v4.1", "4.1-rc1", "4..1", "-4.1"] {
            #expect(RabbitMQVersion.parse(bad) == nil, "\(bad)")
        }
        #expect(RabbitMQVersion(major: 3, minor: 9) < RabbitMQVersion(major: 3, minor: 13))
        #expect(RabbitMQVersion(major: 3, minor: 13).supportsClassicMirroring)
        #expect(!RabbitMQVersion.v4_0.supportsClassicMirroring)
        #expect(RabbitMQVersion(major: 3, minor: 13).description == "3.13")
    }

    @Test(arguments: [
        ("quay.io/openstack.kolla/rabbitmq-4-1:2024.1-ubuntu-jammy", RabbitMQVersion?.some(RabbitMQVersion(major: 4, minor: 1))),
        ("rabbitmq-3-13", RabbitMQVersion(major: 3, minor: 13)),
        ("registry.example.com:5000/kolla/rabbitmq-4-1", RabbitMQVersion(major: 4, minor: 1)),
        ("registry:5000/kolla/rabbitmq-3-12:2023.1", RabbitMQVersion(major: 3, minor: 12)),
        ("quay.io/openstack.kolla/rabbitmq-4-1@sha256:0123abcd", RabbitMQVersion(major: 4, minor: 1)),
        ("kolla/centos-source-rabbitmq-3.7.24:train", RabbitMQVersion(major: 3, minor: 7)),
        ("{{ docker_image_url }}rabbitmq-4-1", RabbitMQVersion(major: 4, minor: 1)),
        ("quay.io/openstack.kolla/rabbitmq:2024.1-ubuntu-jammy", nil),
        ("kolla/ubuntu-source-rabbitmq", nil),
        ("rabbitmq-latest", nil),
        ("rabbitmq-4-1/other:tag", nil),
        ("", nil),
    ])
    func readsImageSuffix(image: String, expected: RabbitMQVersion?) {
        #expect(RabbitMQVersion.fromImage(image) == expected)
    }

    @Test func knowsEachReleaseDefault() {
        let expected: [(OpenStackRelease, Int, Int)] = [
            (.queens, 3, 6), (.rocky, 3, 6), (.stein, 3, 7), (.train, 3, 7), (.ussuri, 3, 8), (.victoria, 3, 8),
            (.wallaby, 3, 9), (.xena, 3, 9), (.yoga, 3, 9), (.zed, 3, 10), (.antelope, 3, 11), (.bobcat, 3, 12),
            (.caracal, 3, 13), (.dalmatian, 3, 13), (.epoxy, 4, 0), (.flamingo, 4, 1), (.gazpacho, 4, 2), (.master, 4, 3),
        ]
        #expect(expected.count == OpenStackRelease.allCases.count)
        for (release, major, minor) in expected {
            #expect(RabbitMQVersion.default(for: release) == RabbitMQVersion(major: major, minor: minor), "\(release)")
        }
        #expect(RabbitMQVersion.default(for: tag(16, 0)) == RabbitMQVersion(major: 3, minor: 11))
        #expect(RabbitMQVersion.alternativeImages(for: .caracal).map(\.image) == ["rabbitmq-4-1"])
        #expect(RabbitMQVersion.alternativeImages(for: .antelope).map(\.version.minor) == [12, 13])
        #expect(RabbitMQVersion.alternativeImages(for: .flamingo).isEmpty)
    }

    @Test func mapsSeriesToOsloMessaging() {
        #expect(OsloMessagingVersion.family(for: .train) == OsloMessagingVersion(10, 2))
        #expect(OsloMessagingVersion.family(for: .ussuri) == OsloMessagingVersion(12, 1))
        #expect(OsloMessagingVersion.family(for: .yoga) == OsloMessagingVersion(12, 13))
        #expect(OsloMessagingVersion.family(for: .caracal) == OsloMessagingVersion(14, 7))
        #expect(OsloMessagingVersion.family(for: .epoxy) == OsloMessagingVersion(16, 1))
        #expect(OsloMessagingVersion.family(for: .master) == OsloMessagingVersion(18, 2))
        #expect(OsloMessagingVersion.family(for: .master).description == "18.2.0")
        let families = OpenStackRelease.allCases.map { OsloMessagingVersion.family(for: $0) }
        #expect(families == families.sorted())
    }
}

@Suite("Kolla knowledge: variable defaults")
struct KollaVariableTests {
    @Test func quorumFlagArrivesIn16_3AndFlipsIn2023_2() throws {
        #expect(KollaKnowledge.defaults(for: tag(16, 2))["om_enable_rabbitmq_quorum_queues"] == nil)
        let at163 = try #require(KollaKnowledge.defaults(for: tag(16, 3))["om_enable_rabbitmq_quorum_queues"])
        #expect(at163.value == "false")
        #expect(!at163.quoted)
        #expect(at163.source == "KA 2023.1-eol:ansible/group_vars/all.yml (KA 0b096725 (16.3.0))")
        #expect(KollaKnowledge.defaults(for: KollaVersion(.bobcat))["om_enable_rabbitmq_quorum_queues"]?.value == "true")
        #expect(KollaKnowledge.defaults(for: tag(17, 0))["om_enable_rabbitmq_quorum_queues"]?.value == "true")
        #expect(KollaKnowledge.defaults(for: KollaVersion(.epoxy))["om_enable_rabbitmq_quorum_queues"] == nil)
    }

    @Test func highAvailabilityFlagFollowsItsBackports() {
        func ha(_ version: KollaVersion) -> String? { KollaKnowledge.defaults(for: version)["om_enable_rabbitmq_high_availability"]?.value }
        #expect(ha(tag(15, 0)) == nil)
        #expect(ha(tag(15, 1)) == "false")
        #expect(ha(KollaVersion(.zed)) == "false")
        #expect(ha(tag(12, 8)) == nil)
        #expect(ha(KollaVersion(.wallaby)) == "false")
        #expect(ha(tag(13, 7)) == nil)
        #expect(ha(tag(13, 8)) == "false")
        #expect(ha(tag(14, 7)) == nil)
        #expect(ha(tag(14, 8)) == "false")
        #expect(ha(KollaVersion(.victoria)) == nil)
        #expect(ha(KollaVersion(.dalmatian)) == "false")
        #expect(ha(KollaVersion(.epoxy)) == nil)
        #expect(ha(KollaVersion(.master)) == nil)
    }

    @Test func prefetchCountHistory() {
        func prefetch(_ version: KollaVersion) -> String? { KollaKnowledge.defaults(for: version)["om_rabbitmq_qos_prefetch_count"]?.value }
        #expect(prefetch(tag(18, 6)) == nil)
        #expect(prefetch(tag(18, 7)) == "1")
        #expect(prefetch(tag(19, 4)) == nil)
        #expect(prefetch(tag(19, 5)) == "1")
        #expect(prefetch(KollaVersion(.flamingo)) == "1")
        #expect(prefetch(tag(22, 0)) == "1")
        #expect(prefetch(tag(22, 1)) == "50")
        #expect(prefetch(KollaVersion(.gazpacho)) == "50")
        #expect(prefetch(KollaVersion(.master)) == "50")
        #expect(KollaKnowledge.defaults(for: tag(22, 0))["om_rabbitmq_qos_prefetch_count"]?.source
            == "KA 22.0.0:ansible/group_vars/all/common.yml")
    }

    @Test func queueManagerAndStreamFlags() {
        let at187 = KollaKnowledge.defaults(for: tag(18, 7))
        #expect(at187["om_enable_queue_manager"]?.value == "false")
        #expect(at187["om_enable_rabbitmq_transient_quorum_queue"]?.value
            == "{{ om_enable_rabbitmq_quorum_queues | bool and om_enable_queue_manager | bool }}")
        #expect(at187["om_enable_rabbitmq_transient_quorum_queue"]?.isTemplated == true)
        #expect(at187["om_enable_rabbitmq_stream_fanout"]?.value
            == "{{ om_enable_rabbitmq_quorum_queues | bool and om_enable_rabbitmq_transient_quorum_queue | bool }}")
        #expect(KollaKnowledge.defaults(for: tag(18, 6))["om_enable_queue_manager"] == nil)
        #expect(KollaKnowledge.defaults(for: tag(19, 5))["om_enable_queue_manager"]?.value == "false")
        let epoxy = KollaKnowledge.defaults(for: KollaVersion(.epoxy))
        #expect(epoxy["om_enable_queue_manager"] == nil)
        #expect(epoxy["om_enable_rabbitmq_stream_fanout"]?.value == "true")
        #expect(epoxy["om_enable_rabbitmq_stream_fanout"]?.quoted == false)
    }

    @Test func ttlAndReplicaVariables() throws {
        let antelope = KollaKnowledge.defaults(for: KollaVersion(.antelope))
        #expect(antelope["rabbitmq_message_ttl_ms"]?.value == "600000")
        #expect(antelope["rabbitmq_message_ttl_ms"]?.quoted == false)
        #expect(antelope["rabbitmq_queue_expiry_ms"]?.value == "3600000")
        #expect(antelope["rabbitmq_ha_promote_on_shutdown"]?.value == "always")
        #expect(antelope["rabbitmq_ha_replica_count"]?.value == "{{ (rabbitmq_server_count | int // 2 + 1) }}")
        #expect(antelope["rabbitmq_server_count"]?.value == "{{ groups[role_rabbitmq_groups] | length }}")
        #expect(antelope["rabbitmq_message_ttl_ms"]?.source
            == "KA 2023.1-eol:ansible/roles/rabbitmq/defaults/main.yml (KA fd30dfb8 (16.0.0); unused from 20.0.0 (KA 8f0a4f67))")
        let zedTip = try #require(KollaKnowledge.defaults(for: KollaVersion(.zed))["rabbitmq_ha_replica_count"])
        #expect(zedTip.isNull)
        #expect(zedTip.value == "")
        #expect(KollaKnowledge.defaults(for: tag(15, 1))["rabbitmq_ha_replica_count"] == nil)
        #expect(KollaKnowledge.defaults(for: tag(13, 9))["rabbitmq_ha_replica_count"]?.isNull == true)
        #expect(KollaKnowledge.defaults(for: tag(13, 9))["rabbitmq_message_ttl_ms"] == nil)
        #expect(KollaKnowledge.defaults(for: KollaVersion(.xena))["rabbitmq_message_ttl_ms"]?.isNull == true)
        #expect(KollaKnowledge.defaults(for: KollaVersion(.zed))["rabbitmq_server_count"] == nil)
    }

    @Test func escapeHatchAndPartitionHandling() {
        #expect(KollaKnowledge.defaults(for: tag(11, 3))["rabbitmq_remove_ha_all_policy"] == nil)
        #expect(KollaKnowledge.defaults(for: tag(11, 4))["rabbitmq_remove_ha_all_policy"]?.value == "false")
        #expect(KollaKnowledge.defaults(for: tag(13, 1))["rabbitmq_remove_ha_all_policy"]?.value == "false")
        #expect(KollaKnowledge.defaults(for: KollaVersion(.yoga))["rabbitmq_remove_ha_all_policy"] == nil)
        #expect(KollaKnowledge.defaults(for: tag(11, 0))["rabbitmq_cluster_partition_handling"] == nil)
        #expect(KollaKnowledge.defaults(for: tag(11, 1))["rabbitmq_cluster_partition_handling"]?.value == "pause_minority")
        #expect(KollaKnowledge.defaults(for: KollaVersion(.master))["rabbitmq_cluster_partition_handling"]?.value == "pause_minority")
        #expect(KollaKnowledge.defaults(for: tag(15, 3))["rabbitmq_extra_config"] == nil)
        #expect(KollaKnowledge.defaults(for: tag(15, 4))["rabbitmq_extra_config"]?.value == "{}")
    }

    @Test func openstackReleaseIncludingEarlyTags() {
        func release(_ version: KollaVersion) -> String? { KollaKnowledge.defaults(for: version)["openstack_release"]?.value }
        #expect(release(KollaVersion(.queens)) == "auto")
        #expect(release(tag(9, 0)) == "master")
        #expect(release(tag(9, 1)) == "train")
        #expect(release(tag(17, 0)) == "master")
        #expect(release(tag(17, 1)) == "master")
        #expect(release(tag(17, 2)) == "2023.2")
        #expect(release(KollaVersion(.bobcat)) == "2023.2")
        #expect(release(tag(19, 0)) == "master")
        #expect(release(tag(20, 0)) == "master")
        #expect(release(tag(20, 1)) == "2025.1")
        #expect(release(KollaVersion(.gazpacho)) == "2026.1")
        #expect(release(KollaVersion(.master)) == "master")
        #expect(KollaKnowledge.default(of: "openstack_release", for: tag(17, 0))?.source == "KA 17.0.0:ansible/group_vars/all.yml")
    }

    @Test func citesTheFileOfEachRelease() {
        #expect(KollaKnowledge.defaults(for: KollaVersion(.epoxy))["om_rpc_vhost"]?.source == "KA stable/2025.1:ansible/group_vars/all.yml")
        #expect(KollaKnowledge.defaults(for: KollaVersion(.flamingo))["om_rpc_vhost"]?.source
            == "KA stable/2025.2:ansible/group_vars/all/common.yml")
        #expect(KollaKnowledge.defaults(for: KollaVersion(.flamingo))["rabbitmq_port"]?.source
            == "KA stable/2025.2:ansible/group_vars/all/rabbitmq.yml")
        #expect(KollaKnowledge.defaults(for: KollaVersion(.master))["enable_nova"]?.source == "KA master:ansible/group_vars/all/nova.yml")
        #expect(KollaKnowledge.defaults(for: KollaVersion(.wallaby))["haproxy_client_timeout"]?.source
            == "KA wallaby-eol:ansible/roles/haproxy/defaults/main.yml")
        #expect(KollaKnowledge.defaults(for: KollaVersion(.xena))["haproxy_server_timeout"]?.source
            == "KA xena-eol:ansible/roles/loadbalancer/defaults/main.yml")
    }

    @Test func transportAndPortVariables() {
        let queens = KollaKnowledge.defaults(for: KollaVersion(.queens))
        #expect(queens["om_rpc_vhost"] == nil)
        #expect(queens["rabbitmq_port"]?.value == "5672")
        #expect(queens["rabbitmq_port"]?.quoted == true)
        #expect(queens["rpc_transport_url"]?.value.hasSuffix("{% endfor %}") == true)
        let gazpacho = KollaKnowledge.defaults(for: KollaVersion(.gazpacho))
        #expect(gazpacho["rpc_transport_url"]?.value == "{{ om_rpc_transport }}://{% for host in groups[om_rpc_group] %}"
            + "{{ om_rpc_user }}:{{ om_rpc_password }}@{{ 'api' | kolla_address(host) | put_address_in_context('url') }}"
            + ":{{ om_rpc_port }}{%if not loop.last %},{% endif %}{% endfor %}/{{ om_rpc_vhost }}")
        #expect(gazpacho["rabbitmq_port"]?.value == "{{ '5671' if rabbitmq_enable_tls | bool else '5672' }}")
        #expect(gazpacho["om_rpc_port"]?.value == "{{ rabbitmq_port }}")
        #expect(gazpacho["om_rpc_vhost"]?.value == "/")
        #expect(gazpacho["om_notify_vhost"]?.value == "/")
        #expect(gazpacho["om_rpc_user"]?.value == "{{ rabbitmq_user }}")
        #expect(gazpacho["enable_rabbitmq"]?.value == "{{ 'yes' if om_rpc_transport == 'rabbit' or om_notify_transport == 'rabbit' else 'no' }}")
        #expect(gazpacho["rabbitmq_image"]?.value == "{{ docker_image_url }}rabbitmq")
        #expect(gazpacho["rabbitmq_stream_segment_max_age"]?.value == "1800s")
    }

    @Test func projectFlagsAndProviders() {
        let caracal = KollaKnowledge.defaults(for: KollaVersion(.caracal))
        #expect(caracal["enable_nova"]?.value == "{{ enable_openstack_core | bool }}")
        #expect(caracal["enable_keystone"]?.value == "{{ enable_openstack_core | bool }}")
        #expect(caracal["enable_cinder"]?.value == "no")
        #expect(caracal["enable_cinder"]?.quoted == true)
        #expect(caracal["enable_murano"] == nil)
        #expect(caracal["enable_openstack_core"]?.value == "yes")
        let gazpacho = KollaKnowledge.defaults(for: KollaVersion(.gazpacho))
        #expect(gazpacho["enable_cinder"]?.value == "false")
        #expect(gazpacho["enable_cinder"]?.quoted == false)
        #expect(gazpacho["enable_zun"] == nil)
        #expect(gazpacho["nova_wsgi_provider"] == nil)
        #expect(KollaKnowledge.defaults(for: KollaVersion(.queens))["enable_nova"]?.value == "yes")
        #expect(KollaKnowledge.defaults(for: KollaVersion(.epoxy))["nova_wsgi_provider"]?.value == "uwsgi")
        #expect(KollaKnowledge.defaults(for: KollaVersion(.flamingo))["heat_wsgi_provider"]?.value == "uwsgi")
    }

    @Test func everyReleaseDefinesTheCoreVariables() {
        let core = ["openstack_release", "om_rpc_transport", "om_notify_transport", "om_rpc_user", "om_rpc_port",
                    "rabbitmq_port", "rabbitmq_user", "enable_rabbitmq", "rabbitmq_image", "haproxy_client_timeout",
                    "haproxy_server_timeout", "rpc_transport_url", "notify_transport_url", "enable_nova", "enable_neutron"]
        for release in OpenStackRelease.allCases {
            let defaults = KollaKnowledge.defaults(for: KollaVersion(release))
            for name in core {
                #expect(defaults[name] != nil, "\(name) @ \(release)")
            }
            #expect(defaults["haproxy_client_timeout"]?.value == "1m")
            #expect(defaults.values.allSatisfy { $0.source.hasPrefix("KA ") })
        }
    }

    @Test func removedVariablesForRMQ105() throws {
        #expect(KollaKnowledge.removedVariables(for: KollaVersion(.dalmatian)).isEmpty == false)
        #expect(KollaKnowledge.removedVariables(for: KollaVersion(.dalmatian)).keys.sorted() == ["rabbitmq_remove_ha_all_policy"])
        #expect(KollaKnowledge.removedVariables(for: KollaVersion(.xena)).isEmpty)
        let epoxy = KollaKnowledge.removedVariables(for: KollaVersion(.epoxy))
        let ha = try #require(epoxy["om_enable_rabbitmq_high_availability"])
        #expect(ha.severity == .warning)
        #expect(ha.commit == "KA 8f0a4f67")
        #expect(ha.removedIn == .epoxy)
        #expect(epoxy["om_enable_rabbitmq_quorum_queues"]?.commit == "KA 50bbcb09")
        #expect(epoxy["om_enable_queue_manager"]?.severity == .warning)
        #expect(epoxy["om_enable_rabbitmq_transient_quorum_queue"]?.severity == .warning)
        for name in ["rabbitmq_message_ttl_ms", "rabbitmq_queue_expiry_ms", "rabbitmq_ha_promote_on_shutdown", "rabbitmq_ha_replica_count"] {
            #expect(epoxy[name]?.severity == .info, "\(name)")
        }
        #expect(epoxy["om_enable_rabbitmq_stream_fanout"] == nil)
        #expect(KollaKnowledge.removedVariables(for: KollaVersion(.master)).count == 9)
        // A variable reported removed is indeed no longer read by that release's templates,
        // though the unused TTL/replica ones are still defined.
        let masterDefaults = KollaKnowledge.defaults(for: KollaVersion(.master))
        #expect(masterDefaults["om_enable_rabbitmq_high_availability"] == nil)
        #expect(masterDefaults["rabbitmq_message_ttl_ms"] != nil)
    }
}

@Suite("Kolla knowledge: byte-wise text search")
struct KollaTextSearchTests {
    /// The search as first written: UTF-8 index by UTF-8 index.
    private func steppingRange(_ text: Substring, _ needle: String) -> Range<Substring.Index>? {
        let target = Array(needle.utf8)
        guard !target.isEmpty else { return nil }
        var index = text.utf8.startIndex
        while index != text.utf8.endIndex {
            var probe = index
            var matched = 0
            while matched < target.count, probe != text.utf8.endIndex, text.utf8[probe] == target[matched] {
                matched += 1
                probe = text.utf8.index(after: probe)
            }
            if matched == target.count { return index..<probe }
            index = text.utf8.index(after: index)
        }
        return nil
    }

    /// The contiguous search finds what stepping through the UTF-8 view finds, in whole
    /// strings and in slices, and replacing keeps what has no occurrence.
    @Test func contiguousSearchIsTheSteppingSearch() {
        let texts = ["nova/<service>.conf", "<service>", "<servic", "aaab", "", "é<service>é", "e\u{301}<host>/x", "<host><host>"]
        let needles = ["<service>", "<host>", "a", "aab", "b", "é", "\u{301}", "", "longer than any text here"]
        for text in texts {
            for slice in [Substring(text), Substring(text).dropFirst(), Substring(text).dropLast(2)] {
                for needle in needles {
                    #expect(slice.kollaRange(of: needle) == steppingRange(slice, needle), "\(slice) \(needle)")
                }
            }
        }
        #expect("nova/<service>/<service>.conf".kollaReplacing("<service>", with: "nova-api") == "nova/nova-api/nova-api.conf")
        #expect("global.conf".kollaReplacing("<service>", with: "nova-api") == "global.conf")
        #expect("é<host>é".kollaReplacing("<host>", with: "ctl01") == "éctl01é")
    }
}

@Suite("Kolla knowledge: rendered oslo.messaging keys")
struct KollaRenderedKeysTests {
    private func rabbitKeys(_ version: KollaVersion) -> [String] {
        KollaKnowledge.renderedRabbitKeys(for: version).filter { $0.section == "oslo_messaging_rabbit" }.map(\.key)
    }

    @Test func zed15_0RendersNoHeartbeat() {
        let keys = KollaKnowledge.renderedRabbitKeys(for: tag(15, 0))
        #expect(keys.map(\.key) == ["transport_url", "transport_url"])
        #expect(keys.map(\.section) == ["DEFAULT", "oslo_messaging_notifications"])
        #expect(keys.first?.value == "{{ rpc_transport_url }}")
        #expect(rabbitKeys(KollaVersion(.victoria)).isEmpty)
        #expect(rabbitKeys(tag(12, 8)).isEmpty)
        #expect(rabbitKeys(tag(13, 7)).isEmpty)
    }

    @Test func heartbeatAndDurableFromTheBackports() throws {
        for version in [tag(15, 1), KollaVersion(.wallaby), tag(13, 8), tag(14, 8), tag(16, 2)] {
            #expect(rabbitKeys(version) == ["heartbeat_in_pthread", "amqp_durable_queues"], "\(version)")
        }
        let durable = try #require(KollaKnowledge.renderedRabbitKeys(for: tag(15, 1)).first { $0.key == "amqp_durable_queues" })
        #expect(durable.value == "true")
        #expect(durable.condition == "om_enable_rabbitmq_high_availability | bool")
        #expect(!durable.perService)
        let heartbeat = try #require(KollaKnowledge.renderedRabbitKeys(for: tag(15, 1)).first { $0.key == "heartbeat_in_pthread" })
        #expect(heartbeat.perService)
        #expect(heartbeat.condition == nil)
        #expect(heartbeat.value == "{{ service_name == 'nova-api' }}")
    }

    @Test func quorumKeyFrom16_3() throws {
        #expect(rabbitKeys(tag(16, 3)) == ["heartbeat_in_pthread", "amqp_durable_queues", "rabbit_quorum_queue"])
        #expect(rabbitKeys(KollaVersion(.bobcat)) == ["heartbeat_in_pthread", "amqp_durable_queues", "rabbit_quorum_queue"])
        #expect(rabbitKeys(tag(18, 6)) == ["heartbeat_in_pthread", "amqp_durable_queues", "rabbit_quorum_queue"])
        let quorum = try #require(KollaKnowledge.renderedRabbitKeys(for: tag(16, 3)).first { $0.key == "rabbit_quorum_queue" })
        #expect(quorum.condition == "om_enable_rabbitmq_quorum_queues | bool")
    }

    @Test func queueManagerBlockIn18_7() throws {
        #expect(rabbitKeys(tag(18, 7)) == ["use_queue_manager", "processname", "heartbeat_in_pthread", "amqp_durable_queues",
                                           "rabbit_quorum_queue", "rabbit_stream_fanout", "rabbit_qos_prefetch_count",
                                           "rabbit_transient_quorum_queue"])
        #expect(rabbitKeys(tag(19, 5)) == rabbitKeys(tag(18, 7)))
        let keys = KollaKnowledge.renderedRabbitKeys(for: tag(18, 7))
        #expect(keys.first { $0.key == "use_queue_manager" }?.condition == "om_enable_queue_manager | bool")
        #expect(keys.first { $0.key == "rabbit_stream_fanout" }?.condition
            == "om_enable_rabbitmq_quorum_queues | bool and om_enable_rabbitmq_stream_fanout | bool")
        let prefetch = try #require(keys.first { $0.key == "rabbit_qos_prefetch_count" })
        #expect(prefetch.value == "{{ om_rabbitmq_qos_prefetch_count }}")
        #expect(keys.first { $0.key == "rabbit_transient_quorum_queue" }?.condition
            == "om_enable_rabbitmq_quorum_queues | bool and om_enable_rabbitmq_transient_quorum_queue | bool")
    }

    @Test func hardCodedFrom2025_1() {
        for release in [OpenStackRelease.epoxy, .flamingo, .gazpacho, .master] {
            let keys = KollaKnowledge.renderedRabbitKeys(for: KollaVersion(release))
            #expect(rabbitKeys(KollaVersion(release)) == ["use_queue_manager", "processname", "heartbeat_in_pthread",
                                                          "rabbit_quorum_queue", "rabbit_stream_fanout",
                                                          "rabbit_qos_prefetch_count", "rabbit_transient_quorum_queue"])
            #expect(keys.first { $0.key == "use_queue_manager" }?.condition == nil)
            #expect(keys.first { $0.key == "rabbit_quorum_queue" }?.condition == nil)
            #expect(keys.first { $0.key == "rabbit_transient_quorum_queue" }?.condition == nil)
            #expect(keys.first { $0.key == "rabbit_stream_fanout" }?.condition == "om_enable_rabbitmq_stream_fanout | bool")
            #expect(keys.allSatisfy { $0.source.hasPrefix("KA \(release.kollaAnsibleRef):ansible/roles/nova/templates/nova.conf.j2") })
        }
    }

    @Test func resolvesPerServiceKeys() throws {
        let metadata = KollaKnowledge.renderedRabbitKeys(for: KollaVersion(.epoxy), service: "nova-metadata")
        #expect(metadata.first { $0.key == "heartbeat_in_pthread" }?.value == "false")
        let processname = try #require(metadata.first { $0.key == "processname" })
        #expect(processname.value == "nova-metadata")
        #expect(processname.condition == nil)
        let compute = KollaKnowledge.renderedRabbitKeys(for: KollaVersion(.epoxy), service: "nova-compute")
        #expect(compute.first { $0.key == "heartbeat_in_pthread" }?.value == "false")
        #expect(compute.contains { $0.key == "processname" } == false)
        let api = KollaKnowledge.renderedRabbitKeys(for: tag(18, 7), service: "nova-api")
        #expect(api.first { $0.key == "heartbeat_in_pthread" }?.value == "true")
        #expect(api.first { $0.key == "processname" }?.condition == "om_enable_queue_manager | bool")
        let keystone = KollaKnowledge.renderedRabbitKeys(for: KollaVersion(.epoxy), service: "keystone")
        #expect(keystone.first { $0.key == "heartbeat_in_pthread" }?.value == "true")
        #expect(keystone.contains { $0.key == "processname" } == false)
        let unknown = KollaKnowledge.renderedRabbitKeys(for: KollaVersion(.epoxy), service: "no-such-service")
        #expect(unknown.contains { $0.perService } == false)
        #expect(unknown.count == 7)
        #expect(KollaKnowledge.getsProcessname(service: "ironic-conductor", release: .epoxy))
        #expect(!KollaKnowledge.getsProcessname(service: "ironic-pxe-filter", release: .epoxy))
        #expect(KollaKnowledge.getsProcessname(service: "ironic-pxe-filter", release: .flamingo))
        #expect(!KollaKnowledge.getsProcessname(service: "zun-api", release: .gazpacho))
        #expect(KollaKnowledge.processnameRules(for: .bobcat).isEmpty)
        #expect(KollaKnowledge.processnameRules(for: .master).first { $0.project == "keystone" }?.services == [])
    }

    @Test func ironicInspectorHeartbeatException() {
        func inspector(_ version: KollaVersion) -> Bool? {
            KollaKnowledge.renderedHeartbeatInPthread(service: "ironic-inspector", version: version)
        }
        #expect(inspector(tag(16, 4)) == true)
        #expect(inspector(tag(16, 5, 1)) == true)
        #expect(inspector(tag(16, 6)) == false)
        #expect(inspector(KollaVersion(.antelope)) == false)
        #expect(inspector(tag(17, 3)) == true)
        #expect(inspector(tag(17, 4)) == false)
        #expect(inspector(tag(15, 0)) == nil)
        #expect(inspector(tag(15, 1)) == true)
        #expect(inspector(KollaVersion(.zed)) == false)
        #expect(inspector(tag(14, 9)) == true)
        #expect(inspector(KollaVersion(.yoga)) == false)
        #expect(inspector(KollaVersion(.xena)) == true)
        #expect(inspector(tag(13, 7)) == nil)
        #expect(inspector(KollaVersion(.epoxy)) == false)
        #expect(inspector(KollaVersion(.flamingo)) == nil)
        #expect(KollaKnowledge.renderedHeartbeatInPthread(service: "nova-api", version: KollaVersion(.master)) == true)
        let row = KollaKnowledge.service(named: "ironic-inspector", release: .antelope)
        #expect(row?.heartbeatInPthread(at: tag(16, 4)) == true)
        #expect(row?.heartbeatInPthread(at: tag(16, 6)) == false)
        #expect(row?.heartbeatInPthread(at: KollaVersion(.flamingo)) == nil)
        #expect(KollaKnowledge.renderedHeartbeatInPthread(service: "nova-compute", version: KollaVersion(.victoria)) == nil)
    }

    @Test func transportURLShape() {
        let shape = KollaKnowledge.transportURLShape(for: .caracal)
        #expect(shape.variable == "rpc_transport_url")
        #expect(shape.vhostVariable == "om_rpc_vhost")
        #expect(shape.render(scheme: "rabbit", user: "openstack", password: "pw", addresses: ["10.0.0.1", "10.0.0.2"],
                             port: "5672", vhost: "/")
            == "rabbit://openstack:pw@10.0.0.1:5672,openstack:pw@10.0.0.2:5672//")
        let queens = KollaKnowledge.transportURLShape(for: .queens, notify: true)
        #expect(queens.variable == "notify_transport_url")
        #expect(queens.userVariable == "om_notify_user")
        #expect(queens.vhostVariable == nil)
        #expect(queens.render(scheme: "rabbit", user: "u", password: "p", addresses: ["h1"], port: "5672", vhost: "/")
            == "rabbit://u:p@h1:5672")
        #expect(KollaKnowledge.transportURLShape(for: .flamingo).source == "KA stable/2025.2:ansible/group_vars/all/common.yml @ 257605a5")
    }
}

@Suite("Kolla knowledge: rendered RabbitMQ policies")
struct KollaPolicyTests {
    private let flaggedPattern = "^(?!(amq\\.)|(.*_fanout_)|(reply_)).*"

    @Test func queensToXenaRenderImplicitHaAll() throws {
        for version in [KollaVersion(.queens), KollaVersion(.ussuri), tag(12, 0), tag(11, 3), tag(13, 0)] {
            let policies = KollaKnowledge.renderedPolicies(for: version)
            let policy = try #require(policies.first)
            #expect(policies.count == 1)
            #expect(policy.name == "ha-all")
            #expect(policy.pattern == ".*")
            #expect(policy.vhost == "/")
            #expect(policy.applyTo == "all")
            #expect(policy.priority == 0)
            #expect(policy.definition == [PolicyDefinitionEntry(key: "ha-mode", value: "all", json: .string)])
            #expect(policy.condition == nil)
        }
    }

    @Test func escapeHatchVictoriaToXena() {
        for version in [tag(11, 4), tag(12, 4), tag(12, 8), tag(13, 1), tag(13, 7), KollaVersion(.victoria)] {
            let policies = KollaKnowledge.renderedPolicies(for: version)
            #expect(policies.map(\.pattern) == [".*"], "\(version)")
            #expect(policies.first?.condition == "not (rabbitmq_remove_ha_all_policy | bool)", "\(version)")
        }
    }

    @Test func wallabyTipHasBothBranches() {
        let policies = KollaKnowledge.renderedPolicies(for: KollaVersion(.wallaby))
        #expect(policies.map(\.pattern) == [flaggedPattern, ".*"])
        #expect(policies.map(\.condition) == ["om_enable_rabbitmq_high_availability | bool",
                                              "not (om_enable_rabbitmq_high_availability | bool) and not (rabbitmq_remove_ha_all_policy | bool)"])
        #expect(policies.first?.definition == [PolicyDefinitionEntry(key: "ha-mode", value: "all", json: .string)])
        #expect(KollaKnowledge.renderedPolicies(for: tag(13, 9)).first?.definition.map(\.key)
            == ["ha-mode", "ha-params", "ha-mode", "ha-promote-on-shutdown"])
    }

    @Test func yogaRemovedMirroring() {
        #expect(KollaKnowledge.renderedPolicies(for: tag(14, 0)).isEmpty)
        #expect(KollaKnowledge.renderedPolicies(for: tag(14, 7)).isEmpty)
        #expect(KollaKnowledge.renderedPolicies(for: tag(15, 0)).isEmpty)
        let yoga = KollaKnowledge.renderedPolicies(for: KollaVersion(.yoga))
        #expect(yoga.count == 1)
        #expect(yoga.first?.condition == "om_enable_rabbitmq_high_availability | bool")
        #expect(KollaKnowledge.renderedPolicies(for: KollaVersion(.epoxy)).isEmpty)
        #expect(KollaKnowledge.renderedPolicies(for: KollaVersion(.flamingo)).isEmpty)
    }

    @Test func flagDrivenPolicyOf2023_1() throws {
        let policies = KollaKnowledge.renderedPolicies(for: KollaVersion(.antelope))
        let policy = try #require(policies.first)
        #expect(policies.count == 1)
        #expect(policy.name == "ha-all")
        #expect(policy.pattern == flaggedPattern)
        #expect(policy.condition == "om_enable_rabbitmq_high_availability | bool")
        #expect(policy.definition == [
            PolicyDefinitionEntry(key: "ha-mode", value: "exactly", json: .string, emitWhen: .ifNotNone("rabbitmq_ha_replica_count")),
            PolicyDefinitionEntry(key: "ha-params", value: "{{ rabbitmq_ha_replica_count | int }}", json: .number,
                                  emitWhen: .ifNotNone("rabbitmq_ha_replica_count")),
            PolicyDefinitionEntry(key: "ha-mode", value: "all", json: .string, emitWhen: .ifNone("rabbitmq_ha_replica_count")),
            PolicyDefinitionEntry(key: "ha-promote-on-shutdown", value: "{{ rabbitmq_ha_promote_on_shutdown }}", json: .string,
                                  emitWhen: .ifNotNone("rabbitmq_ha_promote_on_shutdown")),
            PolicyDefinitionEntry(key: "message-ttl", value: "{{ rabbitmq_message_ttl_ms | int }}", json: .number,
                                  emitWhen: .ifNotNone("rabbitmq_message_ttl_ms")),
            PolicyDefinitionEntry(key: "expires", value: "{{ rabbitmq_queue_expiry_ms | int }}", json: .number,
                                  emitWhen: .ifNotNone("rabbitmq_queue_expiry_ms")),
        ])
        #expect(policy.source == "KA 2023.1-eol:ansible/roles/rabbitmq/templates/definitions.json.j2 @ 4891a21d (policy introduced by KA fd30dfb8, d1b24a41 (16.0.0))")
        #expect(KollaKnowledge.renderedPolicies(for: KollaVersion(.dalmatian)) == KollaKnowledge.renderedPolicies(for: KollaVersion(.dalmatian)))
        #expect(KollaKnowledge.renderedPolicies(for: tag(15, 2)).first?.definition.last?.value == "{{ rabbitmq_queue_expiry_ms }}")
    }

    @Test func streamRetentionFrom2026_1() throws {
        let policy = try #require(KollaKnowledge.renderedPolicies(for: KollaVersion(.gazpacho)).first)
        #expect(policy.name == "stream-retention-policy")
        #expect(policy.pattern == ".+")
        #expect(policy.applyTo == "streams")
        #expect(policy.priority == 1)
        #expect(policy.condition == "om_enable_rabbitmq_stream_fanout | bool")
        #expect(policy.definition.map(\.key) == ["stream-max-segment-size-bytes", "max-age"])
        #expect(policy.definition.map(\.json) == [.number, .string])
        #expect(KollaKnowledge.renderedPolicies(for: KollaVersion(.master)).map(\.name) == ["stream-retention-policy"])
    }

    @Test func partitionHandlingInTheTemplate() {
        #expect(KollaKnowledge.templatePartitionHandling(for: KollaVersion(.queens)).value == "autoheal")
        #expect(KollaKnowledge.templatePartitionHandling(for: KollaVersion(.queens)).file == "rabbitmq.config")
        #expect(KollaKnowledge.templatePartitionHandling(for: KollaVersion(.stein)).value == "autoheal")
        #expect(KollaKnowledge.templatePartitionHandling(for: KollaVersion(.train)).value == "pause_minority")
        #expect(KollaKnowledge.templatePartitionHandling(for: tag(11, 0)).value == "pause_minority")
        #expect(KollaKnowledge.templatePartitionHandling(for: tag(11, 1)).value == "{{ rabbitmq_cluster_partition_handling }}")
        #expect(KollaKnowledge.templatePartitionHandling(for: KollaVersion(.master)).file == "rabbitmq.conf")
    }
}

@Suite("Kolla knowledge: service catalogue")
struct KollaServiceTests {
    /// The lookup by name finds the row scanning the catalogue finds: the first row of that
    /// name whose releases hold the release, nil for names it does not have.
    @Test func serviceLookupIsTheCatalogueScan() {
        let names = Set(KollaKnowledge.serviceCatalogue.map(\.name)).sorted() + ["", "nova", "Nova-API", "nova-api "]
        for release in OpenStackRelease.allCases {
            for name in names {
                let scanned = KollaKnowledge.serviceCatalogue.first { $0.name == name && $0.releases.contains(release) }
                #expect(KollaKnowledge.service(named: name, release: release) == scanned, "\(name) \(release)")
            }
        }
    }

    @Test func copiesEveryDomainRow() {
        #expect(domainServiceTable.count == 140)
        #expect(domainServiceTable.first?.name == "aodh-api")
        #expect(domainServiceTable.last?.name == "zun-wsproxy")
        #expect(domainServiceTable.allSatisfy { $0.source.hasPrefix("docs/domain.md §4.2; KA ") })
    }

    @Test func oneRowPerServiceAndRelease() {
        for release in OpenStackRelease.allCases {
            let names = KollaKnowledge.services(for: release).map(\.name)
            #expect(Set(names).count == names.count, "\(release)")
            #expect(names.count > 80, "\(release)")
        }
    }

    @Test func novaMetadataIn2025_1() throws {
        let metadata = try #require(KollaKnowledge.service(named: "nova-metadata", release: .epoxy))
        #expect(metadata.wsgi)
        #expect(!metadata.heartbeatInPthread)
        #expect(metadata.server == .provider)
        #expect(metadata.flag == "MISMATCH-eventlet")
        #expect(metadata.project == "nova")
        #expect(KollaKnowledge.isEventletPatchedUnderWSGI(service: "nova-metadata", release: .epoxy))
        #expect(!KollaKnowledge.isEventletPatchedUnderWSGI(service: "nova-metadata", release: .gazpacho))
        #expect(KollaKnowledge.service(named: "nova-metadata", release: .dalmatian) == nil)
    }

    @Test func eventletPatchedWSGIServices() throws {
        let trove = try #require(KollaKnowledge.service(named: "trove-api", release: .antelope))
        #expect(trove.wsgi)
        #expect(trove.server == .apache)
        #expect(KollaKnowledge.isEventletPatchedUnderWSGI(service: "trove-api", release: .antelope))
        #expect(KollaKnowledge.service(named: "trove-api", release: .zed)?.wsgi == false)
        #expect(!KollaKnowledge.isEventletPatchedUnderWSGI(service: "trove-api", release: .zed))
        #expect(KollaKnowledge.isEventletPatchedUnderWSGI(service: "blazar-api", release: .gazpacho))
        #expect(!KollaKnowledge.isEventletPatchedUnderWSGI(service: "blazar-api", release: .flamingo))
        #expect(KollaKnowledge.isEventletPatchedUnderWSGI(service: "nova-api", release: .dalmatian))
        #expect(KollaKnowledge.isEventletPatchedUnderWSGI(service: "nova-api", release: .victoria))
        #expect(!KollaKnowledge.isEventletPatchedUnderWSGI(service: "nova-api", release: .ussuri))
        #expect(!KollaKnowledge.isEventletPatchedUnderWSGI(service: "nova-api", release: .gazpacho))
        #expect(!KollaKnowledge.isEventletPatchedUnderWSGI(service: "barbican-api", release: .epoxy))
        #expect(!KollaKnowledge.isEventletPatchedUnderWSGI(service: "nova-compute", release: .epoxy))
    }

    @Test func projectsAndConfigFiles() {
        #expect(KollaKnowledge.project(ofService: "nova-compute") == "nova-cell")
        #expect(KollaKnowledge.project(ofService: "nova-compute", release: .stein) == "nova")
        #expect(KollaKnowledge.project(ofService: "nova-compute", release: .train) == "nova-cell")
        #expect(KollaKnowledge.project(ofService: "ironic-neutron-agent") == "neutron")
        #expect(KollaKnowledge.project(ofService: "nope") == nil)
        #expect(KollaKnowledge.configFileName(ofService: "nova-compute", release: .antelope) == "nova.conf")
        #expect(KollaKnowledge.configFileName(ofService: "glance-api", release: .antelope) == "glance-api.conf")
        #expect(KollaKnowledge.configFileName(ofService: "ironic-inspector", release: .antelope) == "inspector.conf")
        #expect(KollaKnowledge.configFileName(ofService: "trove-api", release: .victoria) == "trove.conf")
        #expect(KollaKnowledge.configFileName(ofService: "trove-conductor", release: .victoria) == "trove-conductor.conf")
        #expect(KollaKnowledge.configFileName(ofService: "trove-api", release: .wallaby) == "trove.conf")
        #expect(KollaKnowledge.configFileName(ofService: "neutron-l3-agent", release: .master) == "neutron.conf")
        #expect(KollaKnowledge.configFileName(ofService: "zun-api", release: .master) == nil)
    }

    @Test func releaseMembership() {
        let master = Set(KollaKnowledge.services(for: .master).map(\.name))
        #expect(master.contains("neutron-ovn-vpn-agent"))
        #expect(!master.contains("zun-api"))
        #expect(!master.contains("neutron-infoblox-ipam-agent"))
        #expect(Set(KollaKnowledge.services(for: .gazpacho).map(\.name)).contains("neutron-infoblox-ipam-agent"))
        #expect(!Set(KollaKnowledge.services(for: .caracal).map(\.name)).contains("murano-api"))
        #expect(Set(KollaKnowledge.services(for: .queens).map(\.name)).contains("nova-consoleauth"))
        #expect(KollaKnowledge.services(ofProject: "nova-cell", release: .antelope).map(\.name)
            == ["nova-compute", "nova-compute-ironic", "nova-conductor", "nova-novncproxy", "nova-serialproxy", "nova-spicehtml5proxy"])
        #expect(KollaKnowledge.service(named: "keystone", release: .antelope)?.server == .keystoneStartup)
        #expect(KollaKnowledge.service(named: "keystone", release: .queens)?.server == .apache)
        #expect(KollaKnowledge.service(named: "nova-api", release: .ussuri)?.wsgi == false)
        #expect(KollaKnowledge.service(named: "nova-api", release: .victoria)?.server == .apache)
        #expect(KollaKnowledge.service(named: "neutron-server", release: .flamingo)?.server == .uwsgi)
        #expect(KollaKnowledge.service(named: "neutron-server", release: .epoxy)?.wsgi == false)
        #expect(KollaKnowledge.service(named: "ironic-inspector", release: .zed)?.flag
            == "(true in 15.1.0-15.x; 16.0.0-16.5.x; 17.0.0-17.3.x)")
    }
}

@Suite("Kolla knowledge: override chains")
struct KollaOverrideChainTests {
    @Test func novaComputeGainsAHostServiceFileIn2023_2() {
        let antelope = KollaKnowledge.overrideChain(service: "nova-compute", version: KollaVersion(.antelope))
        #expect(antelope.map(\.pattern) == ["ansible/roles/nova-cell/templates/nova.conf.j2", "global.conf", "nova.conf",
                                            "nova/nova-compute.conf", "nova/<host>/nova.conf"])
        #expect(antelope.map(\.kind) == [.roleTemplate, .customFile, .customFile, .customFile, .customFile])
        let bobcat = KollaKnowledge.overrideChain(service: "nova-compute", version: KollaVersion(.bobcat))
        #expect(bobcat.count == 6)
        #expect(bobcat.last?.pattern == "nova/<host>/nova-compute.conf")
        #expect(bobcat.last?.path(host: "compute01") == "nova/compute01/nova-compute.conf")
        #expect(bobcat.last?.isPerHost == true)
        #expect(bobcat.first?.isPerHost == false)
        #expect(bobcat.last?.source == "KA 2023.2-eol:ansible/roles/nova-cell/tasks/config.yml @ 94ecb2ef")
        #expect(KollaKnowledge.overrideChain(service: "nova-api", version: KollaVersion(.bobcat)).count == 5)
    }

    @Test func projectSpecificChains() {
        #expect(KollaKnowledge.overrideChain(service: "glance-api", version: KollaVersion(.caracal)).map(\.pattern)
            == ["ansible/roles/glance/templates/glance-api.conf.j2", "global.conf", "glance.conf", "glance/glance-api.conf",
                "glance/<host>/glance-api.conf"])
        #expect(KollaKnowledge.overrideChain(service: "manila-share", version: KollaVersion(.master)).map(\.pattern)
            == ["ansible/roles/manila/templates/manila.conf.j2", "ansible/roles/manila/templates/manila-share.conf.j2",
                "global.conf", "manila.conf", "manila-share.conf", "manila/manila-share.conf", "manila/<host>/manila.conf"])
        #expect(KollaKnowledge.overrideChain(service: "ironic-inspector", version: KollaVersion(.zed)).map(\.pattern)
            == ["ansible/roles/ironic/templates/ironic-inspector.conf.j2", "global.conf", "ironic-inspector.conf",
                "ironic-inspector/inspector.conf", "ironic-inspector/<host>/inspector.conf"])
        // trove-api reads trove.conf in every release (KA victoria-eol templates/trove-api.json.j2);
        // trove-conductor reads trove-conductor.conf up to Victoria, merged from Rocky on.
        #expect(KollaKnowledge.overrideChain(service: "trove-api", version: KollaVersion(.victoria)).map(\.pattern)
            == ["ansible/roles/trove/templates/trove.conf.j2", "global.conf", "trove.conf", "trove/trove-api.conf",
                "trove/<host>/trove.conf"])
        #expect(KollaKnowledge.overrideChain(service: "trove-conductor", version: KollaVersion(.victoria)).map(\.pattern)
            == ["ansible/roles/trove/templates/trove-conductor.conf.j2", "global.conf", "trove-conductor.conf",
                "trove/trove-conductor.conf", "trove/<host>/trove-conductor.conf"])
        #expect(KollaKnowledge.overrideChain(service: "trove-conductor", version: KollaVersion(.queens)).map(\.pattern)
            == ["ansible/roles/trove/templates/trove-conductor.conf.j2"])
        #expect(KollaKnowledge.overrideChain(service: "vitrage-api", version: KollaVersion(.zed)).map(\.pattern)
            == ["ansible/roles/vitrage/templates/vitrage.conf.j2", "global.conf", "messaging.conf", "vitrage.conf",
                "vitrage/vitrage-api.conf", "vitrage/<host>/vitrage.conf"])
        #expect(KollaKnowledge.overrideChain(service: "vitrage-api", version: KollaVersion(.stein)).count == 1)
        #expect(KollaKnowledge.overrideChain(service: "neutron-server", version: KollaVersion(.master)).map(\.pattern).last
            == "neutron/<host>/neutron.conf")
        #expect(KollaKnowledge.overrideChain(service: "unknown-thing", version: KollaVersion(.master)).isEmpty)
    }

    @Test func rabbitMQWholeFileLookup() {
        #expect(KollaKnowledge.rabbitMQFileLookup(file: "definitions.json", release: .antelope).map(\.pattern)
            == ["rabbitmq/<host>/definitions.json", "rabbitmq/definitions.json", "ansible/roles/rabbitmq/templates/definitions.json.j2"])
        #expect(KollaKnowledge.rabbitMQFileLookup(file: "rabbitmq.conf", release: .master).first?.path(host: "ctl01")
            == "rabbitmq/ctl01/rabbitmq.conf")
        #expect(KollaKnowledge.rabbitMQFileLookup(file: "definitions.json", release: .queens).map(\.kind) == [.roleTemplate])
        #expect(KollaKnowledge.rabbitMQFileLookup(file: "rabbitmq.conf", release: .queens).isEmpty)
        #expect(KollaKnowledge.rabbitMQFileLookup(file: "enabled_plugins", release: .ussuri).isEmpty)
        #expect(KollaKnowledge.rabbitMQFileLookup(file: "enabled_plugins", release: .victoria).count == 3)
        #expect(KollaKnowledge.rabbitMQOverridableFiles(for: .stein) == ["rabbitmq-env.conf", "rabbitmq.conf", "definitions.json"])
        #expect(KollaKnowledge.rabbitMQOverridableFiles(for: .master).count == 6)
    }

    @Test func haproxyLookups() {
        #expect(KollaKnowledge.haproxyMainLookup(release: .queens).map(\.pattern)
            == ["haproxy/<host>/haproxy.cfg", "haproxy/haproxy.cfg", "ansible/roles/haproxy/templates/haproxy.cfg.j2"])
        #expect(KollaKnowledge.haproxyMainLookup(release: .master).map(\.pattern)
            == ["haproxy/<host>/haproxy_main.cfg", "haproxy/haproxy_main.cfg",
                "ansible/roles/loadbalancer/templates/haproxy/haproxy_main.cfg.j2"])
        #expect(KollaKnowledge.haproxyServicesGlob(version: KollaVersion(.rocky)) == nil)
        #expect(KollaKnowledge.haproxyServicesGlob(version: tag(8, 0)) == nil)
        #expect(KollaKnowledge.haproxyServicesGlob(version: tag(8, 1))?.pattern == "haproxy/services.d/*.cfg")
        #expect(KollaKnowledge.haproxyServicesGlob(version: KollaVersion(.master))?.kind == .customGlob)
        #expect(KollaKnowledge.haproxyServiceLookup(service: "rabbitmq_management", release: .wallaby).map(\.pattern)
            == ["haproxy-config/<host>/rabbitmq_management.cfg", "haproxy-config/rabbitmq_management.cfg",
                "haproxy-config/<host>/haproxy_single_service_split.cfg.j2", "haproxy-config/haproxy_single_service_split.cfg.j2",
                "ansible/roles/haproxy-config/templates/haproxy_single_service_split.cfg.j2"])
        #expect(KollaKnowledge.haproxyServiceLookup(service: "nova_api", release: .train).map(\.pattern).first
            == "haproxy-config/<host>/haproxy_single_service_listen.cfg.j2")
        #expect(KollaKnowledge.haproxyServiceLookup(service: "nova_api", release: .rocky).isEmpty)
    }

    @Test func hostSubstitution() {
        let source = OverrideSource(kind: .customFile, pattern: "a/<host>/b/<host>.conf", source: "test")
        #expect(source.path(host: "h1") == "a/h1/b/h1.conf")
        #expect(source.path(host: "ünï") == "a/ünï/b/ünï.conf")
        #expect(OverrideSource(kind: .customFile, pattern: "<host", source: "t").path(host: "x") == "<host")
    }
}

@Suite("Kolla knowledge: oslo.messaging defaults")
struct KollaOsloDefaultTests {
    @Test func heartbeatInPthreadHistory() throws {
        func pthread(_ release: OpenStackRelease) -> OsloDefault? {
            KollaKnowledge.osloDefault(section: "oslo_messaging_rabbit", key: "heartbeat_in_pthread", release: release)
        }
        #expect(pthread(.stein) == nil)
        #expect(pthread(.train)?.value == "False")
        #expect(pthread(.train)?.deprecated == false)
        #expect(pthread(.victoria)?.value == "False")
        #expect(pthread(.wallaby)?.value == "True")
        #expect(pthread(.wallaby)?.deprecated == true)
        #expect(pthread(.xena)?.deprecated == true)
        #expect(pthread(.yoga)?.value == "True")
        #expect(pthread(.yoga)?.deprecated == false)
        #expect(pthread(.zed)?.value == "False")
        #expect(pthread(.caracal)?.deprecated == false)
        #expect(pthread(.dalmatian)?.deprecated == true)
        #expect(pthread(.gazpacho)?.value == "False")
        #expect(pthread(.master) == nil)
        #expect(KollaKnowledge.isRemoved(option: "heartbeat_in_pthread", release: .master))
        #expect(KollaKnowledge.isRemoved(option: "heartbeat_in_pthread", release: .master, section: "oslo_messaging_rabbit"))
        #expect(!KollaKnowledge.isRemoved(option: "heartbeat_in_pthread", release: .master, section: "DEFAULT"))
        #expect(!KollaKnowledge.isRemoved(option: "heartbeat_in_pthread", release: .gazpacho))
        #expect(!KollaKnowledge.isRemoved(option: "rabbit_ha_queues", release: .master))
        let zed = try #require(pthread(.zed))
        #expect(zed.definedBy == "oslo.messaging")
        #expect(zed.source.hasSuffix("@ 14.0.0 (zed)"))
    }

    @Test func heartbeatTimingAndQueues() {
        func value(_ key: String, _ release: OpenStackRelease, _ section: String = "oslo_messaging_rabbit") -> String? {
            KollaKnowledge.osloDefault(section: section, key: key, release: release)?.value
        }
        #expect(value("heartbeat_timeout_threshold", .queens) == "60")
        #expect(value("heartbeat_timeout_threshold", .master) == "60")
        #expect(value("heartbeat_rate", .bobcat) == "2")
        #expect(value("heartbeat_rate", .caracal) == "3")
        #expect(value("rabbit_transient_queues_ttl", .epoxy) == "1800")
        #expect(value("amqp_durable_queues", .epoxy) == "False")
        #expect(value("rabbit_quorum_queue", .xena) == nil)
        #expect(value("rabbit_quorum_queue", .yoga) == "False")
        #expect(value("rabbit_stream_fanout", .bobcat) == nil)
        #expect(value("rabbit_stream_fanout", .caracal) == "False")
        #expect(value("rabbit_qos_prefetch_count", .caracal) == "0")
        #expect(value("rabbit_quroum_max_memory_length", .zed) == "0")
        #expect(KollaKnowledge.osloDefault(section: "oslo_messaging_rabbit", key: "rabbit_quroum_max_memory_length", release: .caracal)?.deprecated == true)
        #expect(value("direct_mandatory_flag", .stein) == nil)
        #expect(value("rpc_response_timeout", .queens, "DEFAULT") == "60")
        #expect(value("rpc_response_timeout", .master, "DEFAULT") == "60")
        #expect(value("transport_url", .rocky, "DEFAULT") == "")
        #expect(value("transport_url", .stein, "DEFAULT") == "rabbit://")
        #expect(value("heartbeat_rate", .caracal, "DEFAULT") == nil)
        #expect(value("no_such_option", .caracal) == nil)
    }

    @Test func serviceTimeouts() {
        #expect(KollaKnowledge.osloDefault(section: "DEFAULT", key: "long_rpc_timeout", release: .rocky, project: "nova")?.value == "1800")
        #expect(KollaKnowledge.osloDefault(section: "DEFAULT", key: "long_rpc_timeout", release: .master, project: "nova-cell")?.value == "1800")
        #expect(KollaKnowledge.osloDefault(section: "DEFAULT", key: "long_rpc_timeout", release: .queens, project: "nova") == nil)
        #expect(KollaKnowledge.osloDefault(section: "DEFAULT", key: "long_rpc_timeout", release: .master) == nil)
        #expect(KollaKnowledge.osloDefault(section: "DEFAULT", key: "long_rpc_timeout", release: .master, project: "cinder") == nil)
        let neutron = KollaKnowledge.osloDefault(section: "DEFAULT", key: "rpc_response_max_timeout", release: .stein, project: "neutron")
        #expect(neutron?.value == "600")
        #expect(neutron?.definedBy == "neutron")
        #expect(KollaKnowledge.osloDefault(section: "DEFAULT", key: "rpc_response_max_timeout", release: .rocky, project: "neutron") == nil)
    }
}
