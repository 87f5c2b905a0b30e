import RMQLintSource
import RMQLintJinja

// oslo.messaging (and service) option defaults per release.
//
// Sources: docs/domain.md §5 and the option definitions read at github.com/openstack/oslo.messaging
// (OM) tags: `oslo_messaging/_drivers/impl_rabbit.py`, `_drivers/amqp.py`, `rpc/client.py`,
// `transport.py` at 5.35.0, 8.1.0, 9.5.0, 10.2.0, 12.1.0, 12.5.0, 12.6.0, 12.7.0, 12.9.0,
// 12.11.0, 12.13.0, 14.0.0, 14.2.0, 14.3.0, 14.4.0, 14.5.0, 14.7.0, 14.9.0, 16.1.0, 17.1.0,
// 17.3.0, 18.0.0, 18.1.0. Series → OM family: the `oslo.messaging===` pin of
// openstack/requirements `upper-constraints.txt` at queens-eol (d6b99013) 5.35.6, rocky-eol
// (a619ac22) 8.1.4, stein-eol (8ca8e28d) 9.5.2, train-eol (c5e371c0) 10.2.4, ussuri-eol (02ef245c)
// 12.1.6, victoria-eol (b5edee25) 12.5.2, wallaby-eol (7e8c973d) 12.7.3, xena-eol (b53e02c7)
// 12.9.4, unmaintained/yoga (367627e0) 12.13.3, unmaintained/zed (ccd35176) 14.0.3,
// unmaintained/2023.1 (f6aa88bc) 14.2.5, 2023.2-eol (5df9e1dc) 14.4.2, unmaintained/2024.1
// (312d8c11) 14.7.2, 2024.2-eol (9cc6272c) 14.9.3, stable/2025.1 (19088b84) 16.1.2, stable/2025.2
// (0e88245f) 17.1.0, stable/2026.1 (0190a07f) 17.3.0, master (33536777) 18.2.0.

/// An oslo.messaging release number (`14.7.0`).
public struct OsloMessagingVersion: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Major version.
    public let major: Int
    /// Minor version.
    public let minor: Int
    /// Patch version.
    public let patch: Int

    /// Creates a version.
    public init(_ major: Int, _ minor: Int, _ patch: Int = 0) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// Numeric order.
    public static func < (lhs: OsloMessagingVersion, rhs: OsloMessagingVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }

    /// `14.7.0`.
    public var description: String { "\(major).\(minor).\(patch)" }

    /// The oslo.messaging release family a series installs (its upper-constraints pin):
    /// the first release of the family, which is what the per-version tables are keyed by.
    public static func family(for release: OpenStackRelease) -> OsloMessagingVersion {
        switch release {
        case .queens: OsloMessagingVersion(5, 35)     // OM queens-eol → 5.35.6
        case .rocky: OsloMessagingVersion(8, 1)       // OM rocky-eol → 8.1.4
        case .stein: OsloMessagingVersion(9, 5)       // OM stein-eol → 9.5.2
        case .train: OsloMessagingVersion(10, 2)      // OM train-eol → 10.2.4 (docs/domain.md §0.1)
        case .ussuri: OsloMessagingVersion(12, 1)     // → 12.1.6
        case .victoria: OsloMessagingVersion(12, 5)   // → 12.5.2
        case .wallaby: OsloMessagingVersion(12, 7)    // → 12.7.3
        case .xena: OsloMessagingVersion(12, 9)       // → 12.9.4
        case .yoga: OsloMessagingVersion(12, 13)      // → 12.13.3
        case .zed: OsloMessagingVersion(14, 0)        // → 14.0.3
        case .antelope: OsloMessagingVersion(14, 2)   // → 14.2.5
        case .bobcat: OsloMessagingVersion(14, 4)     // → 14.4.2
        case .caracal: OsloMessagingVersion(14, 7)    // → 14.7.3
        case .dalmatian: OsloMessagingVersion(14, 9)  // → 14.9.3
        case .epoxy: OsloMessagingVersion(16, 1)      // stable/2025.1 → 16.1.1
        case .flamingo: OsloMessagingVersion(17, 1)   // stable/2025.2 → 17.1.0
        case .gazpacho: OsloMessagingVersion(17, 3)   // stable/2026.1 → 17.3.0
        case .master: OsloMessagingVersion(18, 2)     // master → 18.2.0 (requirements master 33536777
                                                      // upper-constraints, 2e3ae7f4; same options as 18.1.0 at OM master 8ea2d5b4)
        }
    }
}

/// The default of one configuration option for a release.
public struct OsloDefault: Hashable, Sendable {
    /// The INI section (`oslo_messaging_rabbit`, `DEFAULT`).
    public let section: String
    /// The option name.
    public let key: String
    /// The default as oslo.config would print it (`False`, `60`, `rabbit://`); empty when the
    /// option has no default (`None`).
    public let value: String
    /// Whether the option is deprecated for removal in that release.
    public let deprecated: Bool
    /// The project that defines the option: `oslo.messaging`, `nova`, `neutron`.
    public let definedBy: String
    /// Where the default was read.
    public let source: String
}

/// One option with its history.
struct OsloOptionHistory: Sendable {
    let section: String
    let key: String
    /// `nil` for oslo.messaging options; else the only project that reads the option.
    let project: String?
    /// The first release that has the option; `nil`: before every release rmqlint knows.
    let addedIn: OsloMessagingVersion?
    /// Default values, each from the given version on, oldest first.
    let defaults: [(since: OsloMessagingVersion, value: String)]
    /// Deprecated-for-removal windows: from (inclusive) – until (exclusive, `nil` = open).
    let deprecated: [(from: OsloMessagingVersion, until: OsloMessagingVersion?)]
    /// The first release without the option.
    let removedIn: OsloMessagingVersion?
    /// For project options: the first OpenStack release of the project that has it.
    let projectSince: OpenStackRelease?
    let source: String

    init(
        _ section: String, _ key: String, project: String? = nil,
        added: OsloMessagingVersion? = nil, defaults: [(since: OsloMessagingVersion, value: String)],
        deprecated: [(from: OsloMessagingVersion, until: OsloMessagingVersion?)] = [],
        removed: OsloMessagingVersion? = nil, projectSince: OpenStackRelease? = nil, source: String
    ) {
        self.section = section
        self.key = key
        self.project = project
        self.addedIn = added
        self.defaults = defaults
        self.deprecated = deprecated
        self.removedIn = removed
        self.projectSince = projectSince
        self.source = source
    }
}

private let om0 = OsloMessagingVersion(0, 0)

/// The option table (docs/domain.md §5, checked against OM tags listed at the top of this file).
let osloOptionTable: [OsloOptionHistory] = [
    // OM 22f240b8 (10.1.0, Train) added, False; add5ab4e 12.6.0 True + deprecated; d24edef1 12.11.0
    // un-deprecated; e44f286e 14.0.0 False; 133ca65f 14.9.0 deprecated again; 624f8572 18.0.0 removed.
    // Yoga ships 12.13.x (True; the later False on OM unmaintained/yoga was never released).
    OsloOptionHistory(
        "oslo_messaging_rabbit", "heartbeat_in_pthread", added: OsloMessagingVersion(10, 1),
        defaults: [(OsloMessagingVersion(10, 1), "False"), (OsloMessagingVersion(12, 6), "True"), (OsloMessagingVersion(14, 0), "False")],
        deprecated: [(OsloMessagingVersion(12, 6), OsloMessagingVersion(12, 11)), (OsloMessagingVersion(14, 9), nil)],
        removed: OsloMessagingVersion(18, 0),
        source: "OM oslo_messaging/_drivers/impl_rabbit.py (22f240b8, add5ab4e, d24edef1, e44f286e, 133ca65f, 624f8572)"),
    // OM b9e134d7 (1.9.0): 60 s; 0 disables heartbeats.
    OsloOptionHistory(
        "oslo_messaging_rabbit", "heartbeat_timeout_threshold", defaults: [(om0, "60")],
        source: "OM oslo_messaging/_drivers/impl_rabbit.py (b9e134d7)"),
    // OM 36fb5bce (14.5.0): 2 → 3.
    OsloOptionHistory(
        "oslo_messaging_rabbit", "heartbeat_rate", defaults: [(om0, "2"), (OsloMessagingVersion(14, 5), "3")],
        source: "OM oslo_messaging/_drivers/impl_rabbit.py (36fb5bce, 14.5.0)"),
    // OM _drivers/amqp.py, every tag read.
    OsloOptionHistory(
        "oslo_messaging_rabbit", "amqp_durable_queues", defaults: [(om0, "False")],
        source: "OM oslo_messaging/_drivers/amqp.py"),
    OsloOptionHistory(
        "oslo_messaging_rabbit", "amqp_auto_delete", defaults: [(om0, "False")],
        source: "OM oslo_messaging/_drivers/amqp.py"),
    // OM impl_rabbit.py, every tag read (queue argument x-ha-policy; no effect since RabbitMQ 3.0).
    OsloOptionHistory(
        "oslo_messaging_rabbit", "rabbit_ha_queues", defaults: [(om0, "False")],
        source: "OM oslo_messaging/_drivers/impl_rabbit.py"),
    // OM 7e8acbf8 (12.13.0, Yoga).
    OsloOptionHistory(
        "oslo_messaging_rabbit", "rabbit_quorum_queue", added: OsloMessagingVersion(12, 13),
        defaults: [(OsloMessagingVersion(12, 13), "False")],
        source: "OM oslo_messaging/_drivers/impl_rabbit.py (7e8acbf8, 12.13.0)"),
    // OM 13.0.0 (absent in 12.13.0).
    OsloOptionHistory(
        "oslo_messaging_rabbit", "rabbit_quorum_delivery_limit", added: OsloMessagingVersion(13, 0),
        defaults: [(OsloMessagingVersion(13, 0), "0")],
        source: "OM 13.0.0:oslo_messaging/_drivers/impl_rabbit.py"),
    // OM 115cfb5b (14.3.0) fixed the misspelled `rabbit_quroum_max_memory_*` (13.0.0–14.2.x),
    // keeping the old names as deprecated_name.
    OsloOptionHistory(
        "oslo_messaging_rabbit", "rabbit_quorum_max_memory_length", added: OsloMessagingVersion(14, 3),
        defaults: [(OsloMessagingVersion(14, 3), "0")],
        source: "OM 14.3.0:oslo_messaging/_drivers/impl_rabbit.py (115cfb5b)"),
    OsloOptionHistory(
        "oslo_messaging_rabbit", "rabbit_quorum_max_memory_bytes", added: OsloMessagingVersion(14, 3),
        defaults: [(OsloMessagingVersion(14, 3), "0")],
        source: "OM 14.3.0:oslo_messaging/_drivers/impl_rabbit.py (115cfb5b)"),
    OsloOptionHistory(
        "oslo_messaging_rabbit", "rabbit_quroum_max_memory_length", added: OsloMessagingVersion(13, 0),
        defaults: [(OsloMessagingVersion(13, 0), "0")], deprecated: [(OsloMessagingVersion(14, 3), nil)],
        source: "OM 13.0.0, 14.3.0:oslo_messaging/_drivers/impl_rabbit.py (deprecated_name since 115cfb5b)"),
    OsloOptionHistory(
        "oslo_messaging_rabbit", "rabbit_quroum_max_memory_bytes", added: OsloMessagingVersion(13, 0),
        defaults: [(OsloMessagingVersion(13, 0), "0")], deprecated: [(OsloMessagingVersion(14, 3), nil)],
        source: "OM 13.0.0, 14.3.0:oslo_messaging/_drivers/impl_rabbit.py (deprecated_name since 115cfb5b)"),
    // OM 989dbb8a (14.7.0, 2024.1).
    OsloOptionHistory(
        "oslo_messaging_rabbit", "rabbit_transient_quorum_queue", added: OsloMessagingVersion(14, 7),
        defaults: [(OsloMessagingVersion(14, 7), "False")],
        source: "OM oslo_messaging/_drivers/impl_rabbit.py (989dbb8a, 14.7.0)"),
    // OM 10625eed (4.1.0) 600 → b6a8d51e (2016) 1800; 1800 at every tag read.
    OsloOptionHistory(
        "oslo_messaging_rabbit", "rabbit_transient_queues_ttl", defaults: [(om0, "1800")],
        source: "OM oslo_messaging/_drivers/impl_rabbit.py (10625eed, b6a8d51e)"),
    // OM e95f3344 (14.7.0).
    OsloOptionHistory(
        "oslo_messaging_rabbit", "rabbit_stream_fanout", added: OsloMessagingVersion(14, 7),
        defaults: [(OsloMessagingVersion(14, 7), "False")],
        source: "OM oslo_messaging/_drivers/impl_rabbit.py (e95f3344, 14.7.0)"),
    // OM 4614132a (14.7.0): use_queue_manager, hostname, processname.
    OsloOptionHistory(
        "oslo_messaging_rabbit", "use_queue_manager", added: OsloMessagingVersion(14, 7),
        defaults: [(OsloMessagingVersion(14, 7), "False")],
        source: "OM oslo_messaging/_drivers/impl_rabbit.py (4614132a, 14.7.0)"),
    OsloOptionHistory(
        "oslo_messaging_rabbit", "hostname", added: OsloMessagingVersion(14, 7),
        defaults: [(OsloMessagingVersion(14, 7), "socket.gethostname()")],
        source: "OM oslo_messaging/_drivers/impl_rabbit.py (4614132a, 14.7.0)"),
    OsloOptionHistory(
        "oslo_messaging_rabbit", "processname", added: OsloMessagingVersion(14, 7),
        defaults: [(OsloMessagingVersion(14, 7), "os.path.basename(sys.argv[0])")],
        source: "OM oslo_messaging/_drivers/impl_rabbit.py (4614132a, 14.7.0)"),
    // OM impl_rabbit.py, every tag read: 0 = unlimited.
    OsloOptionHistory(
        "oslo_messaging_rabbit", "rabbit_qos_prefetch_count", defaults: [(om0, "0")],
        source: "OM oslo_messaging/_drivers/impl_rabbit.py"),
    OsloOptionHistory(
        "oslo_messaging_rabbit", "kombu_reconnect_delay", defaults: [(om0, "1.0")],
        source: "OM oslo_messaging/_drivers/impl_rabbit.py"),
    OsloOptionHistory(
        "oslo_messaging_rabbit", "kombu_failover_strategy", defaults: [(om0, "round-robin")],
        source: "OM oslo_messaging/_drivers/impl_rabbit.py"),
    OsloOptionHistory(
        "oslo_messaging_rabbit", "kombu_missing_consumer_retry_timeout", defaults: [(om0, "60")],
        source: "OM oslo_messaging/_drivers/impl_rabbit.py"),
    OsloOptionHistory(
        "oslo_messaging_rabbit", "rabbit_retry_interval", defaults: [(om0, "1")],
        source: "OM oslo_messaging/_drivers/impl_rabbit.py"),
    OsloOptionHistory(
        "oslo_messaging_rabbit", "rabbit_retry_backoff", defaults: [(om0, "2")],
        source: "OM oslo_messaging/_drivers/impl_rabbit.py"),
    OsloOptionHistory(
        "oslo_messaging_rabbit", "rabbit_interval_max", defaults: [(om0, "30")],
        source: "OM oslo_messaging/_drivers/impl_rabbit.py"),
    // OM b7e9faf6 (10.2.0) added; 2b89d978 (12.7.0) deprecated; present at 18.1.0.
    OsloOptionHistory(
        "oslo_messaging_rabbit", "direct_mandatory_flag", added: OsloMessagingVersion(10, 2),
        defaults: [(OsloMessagingVersion(10, 2), "True")], deprecated: [(OsloMessagingVersion(12, 7), nil)],
        source: "OM oslo_messaging/_drivers/impl_rabbit.py (b7e9faf6, 2b89d978)"),
    // OM 196fa877 (12.3.0).
    OsloOptionHistory(
        "oslo_messaging_rabbit", "enable_cancel_on_failover", added: OsloMessagingVersion(12, 3),
        defaults: [(OsloMessagingVersion(12, 3), "False")],
        source: "OM oslo_messaging/_drivers/impl_rabbit.py (196fa877, 12.3.0)"),
    // OM rpc/client.py: 60 s at every tag read.
    OsloOptionHistory(
        "DEFAULT", "rpc_response_timeout", defaults: [(om0, "60")],
        source: "OM oslo_messaging/rpc/client.py"),
    // OM transport.py: no default at 8.1.0, "rabbit://" from 9.5.0 on.
    OsloOptionHistory(
        "DEFAULT", "transport_url", defaults: [(om0, ""), (OsloMessagingVersion(9, 0), "rabbit://")],
        source: "OM oslo_messaging/transport.py"),
    // NOVA fe26a520 (nova 18.0.0, Rocky) "Use oslo.messaging per-call monitoring"; nova/conf/rpc.py.
    OsloOptionHistory(
        "DEFAULT", "long_rpc_timeout", project: "nova", defaults: [(om0, "1800")], projectSince: .rocky,
        source: "NOVA master:nova/conf/rpc.py (fe26a520)"),
    // NEU f1592c42 (neutron 14.0.0, Stein); neutron/conf/service.py L48.
    OsloOptionHistory(
        "DEFAULT", "rpc_response_max_timeout", project: "neutron", defaults: [(om0, "600")], projectSince: .stein,
        source: "NEU master:neutron/conf/service.py (f1592c42)"),
]

extension KollaKnowledge {
    /// The default of `[section] key` for services of a release, or `nil` when the release does
    /// not have the option. Project options (nova `long_rpc_timeout`, neutron
    /// `rpc_response_max_timeout`) are returned only when `project` names that project
    /// (`nova-cell` counts as `nova`).
    public static func osloDefault(
        section: String, key: String, release: OpenStackRelease, project: String? = nil
    ) -> OsloDefault? {
        let om = OsloMessagingVersion.family(for: release)
        let wantedProject = project == "nova-cell" ? "nova" : project
        for option in osloOptionTable where option.section == section && option.key == key {
            if let owner = option.project {
                guard owner == wantedProject, let since = option.projectSince, release >= since else { continue }
            } else {
                if let added = option.addedIn, om < added { continue }
                if let removed = option.removedIn, om >= removed { continue }
            }
            guard let value = option.defaults.last(where: { $0.since <= om })?.value else { continue }
            let deprecated = option.project == nil && option.deprecated.contains { window in
                om >= window.from && (window.until.map { om < $0 } ?? true)
            }
            return OsloDefault(
                section: section, key: key, value: value, deprecated: deprecated,
                definedBy: option.project ?? "oslo.messaging",
                source: option.project == nil ? "\(option.source) @ \(om) (\(release.name))" : option.source)
        }
        return nil
    }

    /// The oslo.messaging version that added an oslo.messaging option, when the release's
    /// oslo.messaging predates it (`rabbit_transient_quorum_queue` on 2023.2: 14.7.0); `nil`
    /// when the release has the option or rmqlint does not know it.
    public static func osloOptionAdded(section: String, key: String, release: OpenStackRelease) -> OsloMessagingVersion? {
        let om = OsloMessagingVersion.family(for: release)
        let wanted = section == "DEFAULT" ? section : section.lowercased()
        for option in osloOptionTable where option.project == nil && option.section == wanted && option.key == key {
            if let added = option.addedIn, om < added { return added }
        }
        return nil
    }

    /// Whether ``osloDefault(section:key:release:project:)`` of `[section] key` can depend on
    /// the project: some project defines the option itself (otherwise only oslo.messaging's
    /// rows, which ignore the project, are read).
    package static func osloDefaultDependsOnProject(section: String, key: String) -> Bool {
        osloOptionTable.contains { $0.section == section && $0.key == key && $0.project != nil }
    }

    /// Whether the release's oslo.messaging no longer has an option it once had (RMQ207):
    /// `heartbeat_in_pthread` from oslo.messaging 18.0.0 (master after 2026.1).
    /// `section` narrows the lookup when given.
    public static func isRemoved(option key: String, release: OpenStackRelease, section: String? = nil) -> Bool {
        let om = OsloMessagingVersion.family(for: release)
        return osloOptionTable.contains { option in
            option.key == key && (section == nil || option.section == section)
                && option.removedIn.map { om >= $0 } == true
        }
    }
}
