import RMQLintSource
import RMQLintJinja

// The Kolla services of each project per release, with WSGI-ness and the
// `heartbeat_in_pthread` value their templates render (docs/domain.md §4, §4.1, §4.2).
//
// Rows for zed … master are docs/domain.md §4.2's CSV copied exactly (checked here against
// KA zed-eol: `ansible/roles/<project>/defaults/main.yml` `<project>_services` keys and each
// service's `templates/<service>.json.j2` "command" — same 105 services, same WSGI servers).
// Rows for queens … yoga were read the same way at queens-eol(f8b8e23d) … yoga-eol(4349d96e):
// services = keys of `<project>_services` (queens ironic/murano: the role's
// `templates/*.json.j2`), server = the json.j2 command (`… -DFOREGROUND` / `keystone_cmd` →
// apache, `uwsgi …` → uwsgi, `keystone-startup.sh` → keystone-startup, else not WSGI), and
// `heartbeat_in_pthread` = the project template's expression evaluated for the service at
// wallaby-eol, xena-eol and yoga-eol (KA f20f98fa, a1183525, c6320639); before wallaby no
// template renders it (rows say `false`; see `renderedHeartbeatInPthread`). Helper containers
// that read no oslo.messaging config are left out as in §4.2 (nova-libvirt, nova-ssh,
// ironic-pxe/-tftp/-dnsmasq/-http, keystone-fernet/-ssh, placement-api, tls proxies, bind9,
// masakari monitors).

/// How a WSGI service is served (docs/domain.md §4.2 `server` column).
public enum KollaWSGIServer: String, Hashable, Sendable {
    /// Apache mod_wsgi.
    case apache
    /// uWSGI.
    case uwsgi
    /// Chosen by `<project>_wsgi_provider`, default `uwsgi` (2025.1 / 2025.2).
    case provider
    /// `keystone-startup.sh`, launching Apache (≤ 2025.1) or uWSGI (2025.2+ default).
    case keystoneStartup = "keystone-startup"
}

/// A Kolla service that reads oslo.messaging configuration, over a range of releases.
public struct KollaService: Hashable, Sendable {
    /// Where a row comes from.
    enum Origin: Hashable, Sendable {
        /// docs/domain.md §4.2 (zed … master).
        case domainTable
        /// Read for this table from KA queens-eol … yoga-eol.
        case kollaAnsibleRoles
    }

    /// The Kolla project (role): `nova`, `nova-cell`, `neutron` …
    public let project: String
    /// The Kolla service name: the container / config directory name (`nova-compute`).
    public let name: String
    /// Whether it runs as a WSGI application.
    public let wsgi: Bool
    /// The WSGI server; `nil` when not WSGI.
    public let server: KollaWSGIServer?
    /// The `heartbeat_in_pthread` value its template renders (where any is rendered; see
    /// ``KollaKnowledge/renderedHeartbeatInPthread(service:version:)`` for tags).
    public let heartbeatInPthread: Bool
    /// The releases this row describes.
    public let releases: ClosedRange<OpenStackRelease>
    /// The §4.2 `flag` column verbatim (`MISMATCH-eventlet`, notes in parentheses); `nil` if empty.
    public let flag: String?
    /// Where the row comes from.
    let origin: Origin

    /// Where the row was read. Spelled out when asked, not for each of the catalogue's
    /// hundreds of rows at start-up.
    public var source: String {
        let refs = releases.lowerBound == releases.upperBound
            ? releases.lowerBound.kollaAnsibleRef
            : "\(releases.lowerBound.kollaAnsibleRef) … \(releases.upperBound.kollaAnsibleRef)"
        let read = "KA \(refs):ansible/roles/\(project)/templates/\(name).json.j2"
        switch origin {
        case .domainTable: return "docs/domain.md §4.2; \(read)"
        case .kollaAnsibleRoles: return read
        }
    }

    init(
        project: String, name: String, wsgi: Bool, server: KollaWSGIServer?, heartbeatInPthread: Bool,
        releases: ClosedRange<OpenStackRelease>, flag: String?, origin: Origin
    ) {
        self.project = project
        self.name = name
        self.wsgi = wsgi
        self.server = server
        self.heartbeatInPthread = heartbeatInPthread
        self.releases = releases
        self.flag = flag
        self.origin = origin
    }

    /// The oslo config file the service reads (`nova.conf` for nova-cell services too).
    public func configFileName(in release: OpenStackRelease) -> String {
        KollaKnowledge.configFileName(project: project, service: name, release: release)
    }

    /// The `heartbeat_in_pthread` value Kolla renders for this service at a version (tag
    /// exceptions included), or `nil` when that version renders none.
    public func heartbeatInPthread(at version: KollaVersion) -> Bool? {
        guard releases.contains(version.release) else { return nil }
        return KollaKnowledge.renderedHeartbeatInPthread(service: name, version: version)
    }
}

/// docs/domain.md §4.2, every CSV row in order.
let domainServiceTable: [KollaService] = [
    KollaService(project: "aodh", name: "aodh-api", wsgi: true, server: .apache, heartbeatInPthread: true, releases: .zed ... .epoxy, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … stable/2025.1
    KollaService(project: "aodh", name: "aodh-api", wsgi: true, server: .provider, heartbeatInPthread: true, releases: .flamingo ... .flamingo, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA stable/2025.2
    KollaService(project: "aodh", name: "aodh-api", wsgi: true, server: .uwsgi, heartbeatInPthread: true, releases: .gazpacho ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA stable/2026.1 … master
    KollaService(project: "aodh", name: "aodh-evaluator", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "aodh", name: "aodh-listener", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "aodh", name: "aodh-notifier", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "barbican", name: "barbican-api", wsgi: true, server: .uwsgi, heartbeatInPthread: false, releases: .zed ... .master, flag: "MISMATCH-harmless", origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "barbican", name: "barbican-keystone-listener", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "barbican", name: "barbican-worker", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "blazar", name: "blazar-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .flamingo, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … stable/2025.2
    KollaService(project: "blazar", name: "blazar-api", wsgi: true, server: .uwsgi, heartbeatInPthread: false, releases: .gazpacho ... .master, flag: "MISMATCH-eventlet", origin: .domainTable),  // docs/domain.md §4.2; KA stable/2026.1 … master
    KollaService(project: "blazar", name: "blazar-manager", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "ceilometer", name: "ceilometer-central", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "ceilometer", name: "ceilometer-compute", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "ceilometer", name: "ceilometer-ipmi", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "ceilometer", name: "ceilometer-notification", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "cinder", name: "cinder-api", wsgi: true, server: .apache, heartbeatInPthread: true, releases: .zed ... .dalmatian, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … 2024.2-eol
    KollaService(project: "cinder", name: "cinder-api", wsgi: true, server: .provider, heartbeatInPthread: true, releases: .epoxy ... .flamingo, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA stable/2025.1 … stable/2025.2
    KollaService(project: "cinder", name: "cinder-api", wsgi: true, server: .uwsgi, heartbeatInPthread: true, releases: .gazpacho ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA stable/2026.1 … master
    KollaService(project: "cinder", name: "cinder-backup", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "cinder", name: "cinder-scheduler", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "cinder", name: "cinder-volume", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "cloudkitty", name: "cloudkitty-api", wsgi: true, server: .apache, heartbeatInPthread: true, releases: .zed ... .flamingo, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … stable/2025.2
    KollaService(project: "cloudkitty", name: "cloudkitty-api", wsgi: true, server: .uwsgi, heartbeatInPthread: true, releases: .gazpacho ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA stable/2026.1 … master
    KollaService(project: "cloudkitty", name: "cloudkitty-processor", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "cyborg", name: "cyborg-agent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "cyborg", name: "cyborg-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .flamingo, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … stable/2025.2
    KollaService(project: "cyborg", name: "cyborg-api", wsgi: true, server: .uwsgi, heartbeatInPthread: false, releases: .gazpacho ... .master, flag: "MISMATCH-harmless", origin: .domainTable),  // docs/domain.md §4.2; KA stable/2026.1 … master
    KollaService(project: "cyborg", name: "cyborg-conductor", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "designate", name: "designate-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .flamingo, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … stable/2025.2
    KollaService(project: "designate", name: "designate-api", wsgi: true, server: .uwsgi, heartbeatInPthread: false, releases: .gazpacho ... .master, flag: "MISMATCH-harmless", origin: .domainTable),  // docs/domain.md §4.2; KA stable/2026.1 … master
    KollaService(project: "designate", name: "designate-central", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "designate", name: "designate-mdns", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "designate", name: "designate-producer", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "designate", name: "designate-sink", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "designate", name: "designate-worker", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "glance", name: "glance-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .flamingo, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … stable/2025.2
    KollaService(project: "glance", name: "glance-api", wsgi: true, server: .uwsgi, heartbeatInPthread: false, releases: .gazpacho ... .master, flag: "MISMATCH-harmless", origin: .domainTable),  // docs/domain.md §4.2; KA stable/2026.1 … master
    KollaService(project: "heat", name: "heat-api", wsgi: true, server: .apache, heartbeatInPthread: true, releases: .zed ... .epoxy, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … stable/2025.1
    KollaService(project: "heat", name: "heat-api", wsgi: true, server: .provider, heartbeatInPthread: true, releases: .flamingo ... .flamingo, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA stable/2025.2
    KollaService(project: "heat", name: "heat-api", wsgi: true, server: .uwsgi, heartbeatInPthread: true, releases: .gazpacho ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA stable/2026.1 … master
    KollaService(project: "heat", name: "heat-api-cfn", wsgi: true, server: .apache, heartbeatInPthread: true, releases: .zed ... .epoxy, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … stable/2025.1
    KollaService(project: "heat", name: "heat-api-cfn", wsgi: true, server: .provider, heartbeatInPthread: true, releases: .flamingo ... .flamingo, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA stable/2025.2
    KollaService(project: "heat", name: "heat-api-cfn", wsgi: true, server: .uwsgi, heartbeatInPthread: true, releases: .gazpacho ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA stable/2026.1 … master
    KollaService(project: "heat", name: "heat-engine", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "ironic", name: "ironic-api", wsgi: true, server: .apache, heartbeatInPthread: true, releases: .zed ... .epoxy, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … stable/2025.1
    KollaService(project: "ironic", name: "ironic-api", wsgi: true, server: .provider, heartbeatInPthread: true, releases: .flamingo ... .flamingo, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA stable/2025.2
    KollaService(project: "ironic", name: "ironic-api", wsgi: true, server: .uwsgi, heartbeatInPthread: true, releases: .gazpacho ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA stable/2026.1 … master
    KollaService(project: "ironic", name: "ironic-conductor", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "ironic", name: "ironic-inspector", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .epoxy, flag: "(true in 15.1.0-15.x; 16.0.0-16.5.x; 17.0.0-17.3.x)", origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … stable/2025.1
    KollaService(project: "ironic", name: "ironic-pxe-filter", wsgi: false, server: nil, heartbeatInPthread: false, releases: .flamingo ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA stable/2025.2 … master
    KollaService(project: "keystone", name: "keystone", wsgi: true, server: .keystoneStartup, heartbeatInPthread: true, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "magnum", name: "magnum-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .flamingo, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … stable/2025.2
    KollaService(project: "magnum", name: "magnum-api", wsgi: true, server: .uwsgi, heartbeatInPthread: false, releases: .gazpacho ... .master, flag: "MISMATCH-harmless", origin: .domainTable),  // docs/domain.md §4.2; KA stable/2026.1 … master
    KollaService(project: "magnum", name: "magnum-conductor", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "manila", name: "manila-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .flamingo, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … stable/2025.2
    KollaService(project: "manila", name: "manila-api", wsgi: true, server: .uwsgi, heartbeatInPthread: false, releases: .gazpacho ... .master, flag: "MISMATCH-harmless", origin: .domainTable),  // docs/domain.md §4.2; KA stable/2026.1 … master
    KollaService(project: "manila", name: "manila-data", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "manila", name: "manila-scheduler", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "manila", name: "manila-share", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "masakari", name: "masakari-api", wsgi: true, server: .apache, heartbeatInPthread: true, releases: .zed ... .epoxy, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … stable/2025.1
    KollaService(project: "masakari", name: "masakari-api", wsgi: true, server: .provider, heartbeatInPthread: true, releases: .flamingo ... .flamingo, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA stable/2025.2
    KollaService(project: "masakari", name: "masakari-api", wsgi: true, server: .uwsgi, heartbeatInPthread: true, releases: .gazpacho ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA stable/2026.1 … master
    KollaService(project: "masakari", name: "masakari-engine", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "mistral", name: "mistral-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .flamingo, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … stable/2025.2
    KollaService(project: "mistral", name: "mistral-api", wsgi: true, server: .uwsgi, heartbeatInPthread: false, releases: .gazpacho ... .master, flag: "MISMATCH-harmless", origin: .domainTable),  // docs/domain.md §4.2; KA stable/2026.1 … master
    KollaService(project: "mistral", name: "mistral-engine", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "mistral", name: "mistral-event-engine", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "mistral", name: "mistral-executor", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "murano", name: "murano-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .bobcat, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … 2023.2-eol
    KollaService(project: "murano", name: "murano-engine", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .bobcat, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … 2023.2-eol
    KollaService(project: "neutron", name: "ironic-neutron-agent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "neutron", name: "neutron-bgp-dragent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "neutron", name: "neutron-dhcp-agent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "neutron", name: "neutron-eswitchd", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "neutron", name: "neutron-infoblox-ipam-agent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .gazpacho, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … stable/2026.1
    KollaService(project: "neutron", name: "neutron-l3-agent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "neutron", name: "neutron-linuxbridge-agent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .dalmatian, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … 2024.2-eol
    KollaService(project: "neutron", name: "neutron-metadata-agent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "neutron", name: "neutron-metering-agent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "neutron", name: "neutron-mlnx-agent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "neutron", name: "neutron-openvswitch-agent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "neutron", name: "neutron-ovn-agent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .antelope ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA 2023.1-eol … master
    KollaService(project: "neutron", name: "neutron-ovn-maintenance-worker", wsgi: false, server: nil, heartbeatInPthread: false, releases: .flamingo ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA stable/2025.2 … master
    KollaService(project: "neutron", name: "neutron-ovn-metadata-agent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "neutron", name: "neutron-ovn-vpn-agent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .gazpacho ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA stable/2026.1 … master
    KollaService(project: "neutron", name: "neutron-periodic-worker", wsgi: false, server: nil, heartbeatInPthread: false, releases: .flamingo ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA stable/2025.2 … master
    KollaService(project: "neutron", name: "neutron-rpc-server", wsgi: false, server: nil, heartbeatInPthread: false, releases: .flamingo ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA stable/2025.2 … master
    KollaService(project: "neutron", name: "neutron-server", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .epoxy, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … stable/2025.1
    KollaService(project: "neutron", name: "neutron-server", wsgi: true, server: .uwsgi, heartbeatInPthread: false, releases: .flamingo ... .master, flag: "MISMATCH-harmless", origin: .domainTable),  // docs/domain.md §4.2; KA stable/2025.2 … master
    KollaService(project: "neutron", name: "neutron-sriov-agent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "nova", name: "nova-api", wsgi: true, server: .apache, heartbeatInPthread: true, releases: .zed ... .dalmatian, flag: "(also serves metadata API in same container)", origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … 2024.2-eol
    KollaService(project: "nova", name: "nova-api", wsgi: true, server: .provider, heartbeatInPthread: true, releases: .epoxy ... .flamingo, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA stable/2025.1 … stable/2025.2
    KollaService(project: "nova", name: "nova-api", wsgi: true, server: .uwsgi, heartbeatInPthread: true, releases: .gazpacho ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA stable/2026.1 … master
    KollaService(project: "nova", name: "nova-metadata", wsgi: true, server: .provider, heartbeatInPthread: false, releases: .epoxy ... .flamingo, flag: "MISMATCH-eventlet", origin: .domainTable),  // docs/domain.md §4.2; KA stable/2025.1 … stable/2025.2
    KollaService(project: "nova", name: "nova-metadata", wsgi: true, server: .uwsgi, heartbeatInPthread: false, releases: .gazpacho ... .master, flag: "MISMATCH-harmless(nova threading)", origin: .domainTable),  // docs/domain.md §4.2; KA stable/2026.1 … master
    KollaService(project: "nova", name: "nova-scheduler", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "nova", name: "nova-super-conductor", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "nova-cell", name: "nova-compute", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "nova-cell", name: "nova-compute-ironic", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "nova-cell", name: "nova-conductor", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "nova-cell", name: "nova-novncproxy", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "nova-cell", name: "nova-serialproxy", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "nova-cell", name: "nova-spicehtml5proxy", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "octavia", name: "octavia-api", wsgi: true, server: .apache, heartbeatInPthread: true, releases: .zed ... .epoxy, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … stable/2025.1
    KollaService(project: "octavia", name: "octavia-api", wsgi: true, server: .provider, heartbeatInPthread: true, releases: .flamingo ... .flamingo, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA stable/2025.2
    KollaService(project: "octavia", name: "octavia-api", wsgi: true, server: .uwsgi, heartbeatInPthread: true, releases: .gazpacho ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA stable/2026.1 … master
    KollaService(project: "octavia", name: "octavia-driver-agent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "octavia", name: "octavia-health-manager", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "octavia", name: "octavia-housekeeping", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "octavia", name: "octavia-worker", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "sahara", name: "sahara-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .bobcat, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … 2023.2-eol
    KollaService(project: "sahara", name: "sahara-engine", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .bobcat, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … 2023.2-eol
    KollaService(project: "senlin", name: "senlin-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .bobcat, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … 2023.2-eol
    KollaService(project: "senlin", name: "senlin-conductor", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .bobcat, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … 2023.2-eol
    KollaService(project: "senlin", name: "senlin-engine", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .bobcat, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … 2023.2-eol
    KollaService(project: "senlin", name: "senlin-health-manager", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .bobcat, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … 2023.2-eol
    KollaService(project: "solum", name: "solum-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .bobcat, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … 2023.2-eol
    KollaService(project: "solum", name: "solum-conductor", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .bobcat, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … 2023.2-eol
    KollaService(project: "solum", name: "solum-deployer", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .bobcat, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … 2023.2-eol
    KollaService(project: "solum", name: "solum-worker", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .bobcat, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … 2023.2-eol
    KollaService(project: "tacker", name: "tacker-conductor", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "tacker", name: "tacker-server", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "trove", name: "trove-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .zed, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol
    KollaService(project: "trove", name: "trove-api", wsgi: true, server: .apache, heartbeatInPthread: false, releases: .antelope ... .flamingo, flag: "MISMATCH-eventlet", origin: .domainTable),  // docs/domain.md §4.2; KA 2023.1-eol … stable/2025.2
    KollaService(project: "trove", name: "trove-api", wsgi: true, server: .uwsgi, heartbeatInPthread: false, releases: .gazpacho ... .master, flag: "MISMATCH-eventlet", origin: .domainTable),  // docs/domain.md §4.2; KA stable/2026.1 … master
    KollaService(project: "trove", name: "trove-conductor", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "trove", name: "trove-taskmanager", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "vitrage", name: "vitrage-api", wsgi: true, server: .apache, heartbeatInPthread: true, releases: .zed ... .bobcat, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … 2023.2-eol
    KollaService(project: "vitrage", name: "vitrage-graph", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .bobcat, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … 2023.2-eol
    KollaService(project: "vitrage", name: "vitrage-ml", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .bobcat, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … 2023.2-eol
    KollaService(project: "vitrage", name: "vitrage-notifier", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .bobcat, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … 2023.2-eol
    KollaService(project: "vitrage", name: "vitrage-persistor", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .bobcat, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … 2023.2-eol
    KollaService(project: "watcher", name: "watcher-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "watcher", name: "watcher-applier", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "watcher", name: "watcher-engine", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .master, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … master
    KollaService(project: "zun", name: "zun-api", wsgi: true, server: .apache, heartbeatInPthread: true, releases: .zed ... .flamingo, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … stable/2025.2
    KollaService(project: "zun", name: "zun-cni-daemon", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .flamingo, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … stable/2025.2
    KollaService(project: "zun", name: "zun-compute", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .flamingo, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … stable/2025.2
    KollaService(project: "zun", name: "zun-wsproxy", wsgi: false, server: nil, heartbeatInPthread: false, releases: .zed ... .flamingo, flag: nil, origin: .domainTable),  // docs/domain.md §4.2; KA zed-eol … stable/2025.2
]

/// queens … yoga, read from KA as described at the top of this file.
let preZedServiceTable: [KollaService] = [
    KollaService(project: "aodh", name: "aodh-api", wsgi: true, server: .apache, heartbeatInPthread: false, releases: .queens ... .victoria, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … victoria-eol
    KollaService(project: "aodh", name: "aodh-api", wsgi: true, server: .apache, heartbeatInPthread: true, releases: .wallaby ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA wallaby-eol … yoga-eol
    KollaService(project: "aodh", name: "aodh-evaluator", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "aodh", name: "aodh-listener", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "aodh", name: "aodh-notifier", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "barbican", name: "barbican-api", wsgi: true, server: .uwsgi, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "barbican", name: "barbican-keystone-listener", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "barbican", name: "barbican-worker", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "blazar", name: "blazar-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "blazar", name: "blazar-manager", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "ceilometer", name: "ceilometer-central", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "ceilometer", name: "ceilometer-compute", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "ceilometer", name: "ceilometer-ipmi", wsgi: false, server: nil, heartbeatInPthread: false, releases: .stein ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA stein-eol … yoga-eol
    KollaService(project: "ceilometer", name: "ceilometer-notification", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "cinder", name: "cinder-api", wsgi: true, server: .apache, heartbeatInPthread: false, releases: .queens ... .victoria, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … victoria-eol
    KollaService(project: "cinder", name: "cinder-api", wsgi: true, server: .apache, heartbeatInPthread: true, releases: .wallaby ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA wallaby-eol … yoga-eol
    KollaService(project: "cinder", name: "cinder-backup", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "cinder", name: "cinder-scheduler", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "cinder", name: "cinder-volume", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "cloudkitty", name: "cloudkitty-api", wsgi: true, server: .apache, heartbeatInPthread: false, releases: .queens ... .victoria, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … victoria-eol
    KollaService(project: "cloudkitty", name: "cloudkitty-api", wsgi: true, server: .apache, heartbeatInPthread: true, releases: .wallaby ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA wallaby-eol … yoga-eol
    KollaService(project: "cloudkitty", name: "cloudkitty-processor", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "cyborg", name: "cyborg-agent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .stein ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA stein-eol … yoga-eol
    KollaService(project: "cyborg", name: "cyborg-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .stein ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA stein-eol … yoga-eol
    KollaService(project: "cyborg", name: "cyborg-conductor", wsgi: false, server: nil, heartbeatInPthread: false, releases: .stein ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA stein-eol … yoga-eol
    KollaService(project: "designate", name: "designate-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "designate", name: "designate-central", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "designate", name: "designate-mdns", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "designate", name: "designate-producer", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "designate", name: "designate-sink", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "designate", name: "designate-worker", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "glance", name: "glance-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "glance", name: "glance-registry", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .rocky, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … rocky-eol
    KollaService(project: "heat", name: "heat-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .train, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … train-eol
    KollaService(project: "heat", name: "heat-api", wsgi: true, server: .apache, heartbeatInPthread: false, releases: .ussuri ... .victoria, flag: nil, origin: .kollaAnsibleRoles),  // KA ussuri-eol … victoria-eol
    KollaService(project: "heat", name: "heat-api", wsgi: true, server: .apache, heartbeatInPthread: true, releases: .wallaby ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA wallaby-eol … yoga-eol
    KollaService(project: "heat", name: "heat-api-cfn", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .train, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … train-eol
    KollaService(project: "heat", name: "heat-api-cfn", wsgi: true, server: .apache, heartbeatInPthread: false, releases: .ussuri ... .victoria, flag: nil, origin: .kollaAnsibleRoles),  // KA ussuri-eol … victoria-eol
    KollaService(project: "heat", name: "heat-api-cfn", wsgi: true, server: .apache, heartbeatInPthread: true, releases: .wallaby ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA wallaby-eol … yoga-eol
    KollaService(project: "heat", name: "heat-engine", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "ironic", name: "ironic-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .ussuri, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … ussuri-eol
    KollaService(project: "ironic", name: "ironic-api", wsgi: true, server: .apache, heartbeatInPthread: false, releases: .victoria ... .victoria, flag: nil, origin: .kollaAnsibleRoles),  // KA victoria-eol
    KollaService(project: "ironic", name: "ironic-api", wsgi: true, server: .apache, heartbeatInPthread: true, releases: .wallaby ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA wallaby-eol … yoga-eol
    KollaService(project: "ironic", name: "ironic-conductor", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "ironic", name: "ironic-inspector", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .victoria, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … victoria-eol
    KollaService(project: "ironic", name: "ironic-inspector", wsgi: false, server: nil, heartbeatInPthread: true, releases: .wallaby ... .xena, flag: nil, origin: .kollaAnsibleRoles),  // KA wallaby-eol … xena-eol
    KollaService(project: "ironic", name: "ironic-inspector", wsgi: false, server: nil, heartbeatInPthread: false, releases: .yoga ... .yoga, flag: "(true in 14.8.0-14.11.x)", origin: .kollaAnsibleRoles),  // KA yoga-eol
    KollaService(project: "keystone", name: "keystone", wsgi: true, server: .apache, heartbeatInPthread: false, releases: .queens ... .stein, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … stein-eol
    KollaService(project: "keystone", name: "keystone", wsgi: true, server: .keystoneStartup, heartbeatInPthread: false, releases: .train ... .victoria, flag: nil, origin: .kollaAnsibleRoles),  // KA train-eol … victoria-eol
    KollaService(project: "keystone", name: "keystone", wsgi: true, server: .keystoneStartup, heartbeatInPthread: true, releases: .wallaby ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA wallaby-eol … yoga-eol
    KollaService(project: "magnum", name: "magnum-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "magnum", name: "magnum-conductor", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "manila", name: "manila-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "manila", name: "manila-data", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "manila", name: "manila-scheduler", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "manila", name: "manila-share", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "masakari", name: "masakari-api", wsgi: true, server: .apache, heartbeatInPthread: false, releases: .train ... .victoria, flag: nil, origin: .kollaAnsibleRoles),  // KA train-eol … victoria-eol
    KollaService(project: "masakari", name: "masakari-api", wsgi: true, server: .apache, heartbeatInPthread: true, releases: .wallaby ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA wallaby-eol … yoga-eol
    KollaService(project: "masakari", name: "masakari-engine", wsgi: false, server: nil, heartbeatInPthread: false, releases: .train ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA train-eol … yoga-eol
    KollaService(project: "mistral", name: "mistral-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "mistral", name: "mistral-engine", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "mistral", name: "mistral-event-engine", wsgi: false, server: nil, heartbeatInPthread: false, releases: .stein ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA stein-eol … yoga-eol
    KollaService(project: "mistral", name: "mistral-executor", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "murano", name: "murano-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "murano", name: "murano-engine", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "neutron", name: "ironic-neutron-agent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .rocky ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA rocky-eol … yoga-eol
    KollaService(project: "neutron", name: "neutron-bgp-dragent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "neutron", name: "neutron-dhcp-agent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "neutron", name: "neutron-eswitchd", wsgi: false, server: nil, heartbeatInPthread: false, releases: .victoria ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA victoria-eol … yoga-eol
    KollaService(project: "neutron", name: "neutron-infoblox-ipam-agent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .rocky ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA rocky-eol … yoga-eol
    KollaService(project: "neutron", name: "neutron-l3-agent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "neutron", name: "neutron-lbaas-agent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .stein, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … stein-eol
    KollaService(project: "neutron", name: "neutron-linuxbridge-agent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "neutron", name: "neutron-metadata-agent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "neutron", name: "neutron-metering-agent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .stein ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA stein-eol … yoga-eol
    KollaService(project: "neutron", name: "neutron-mlnx-agent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .victoria ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA victoria-eol … yoga-eol
    KollaService(project: "neutron", name: "neutron-openvswitch-agent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "neutron", name: "neutron-openvswitch-agent-xenapi", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .ussuri, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … ussuri-eol
    KollaService(project: "neutron", name: "neutron-ovn-metadata-agent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .ussuri ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA ussuri-eol … yoga-eol
    KollaService(project: "neutron", name: "neutron-server", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "neutron", name: "neutron-sriov-agent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "nova", name: "nova-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .ussuri, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … ussuri-eol
    KollaService(project: "nova", name: "nova-api", wsgi: true, server: .apache, heartbeatInPthread: false, releases: .victoria ... .victoria, flag: nil, origin: .kollaAnsibleRoles),  // KA victoria-eol
    KollaService(project: "nova", name: "nova-api", wsgi: true, server: .apache, heartbeatInPthread: true, releases: .wallaby ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA wallaby-eol … yoga-eol
    KollaService(project: "nova", name: "nova-compute", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .stein, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … stein-eol
    KollaService(project: "nova", name: "nova-compute-ironic", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .stein, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … stein-eol
    KollaService(project: "nova", name: "nova-conductor", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .stein, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … stein-eol
    KollaService(project: "nova", name: "nova-consoleauth", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .stein, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … stein-eol
    KollaService(project: "nova", name: "nova-novncproxy", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .stein, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … stein-eol
    KollaService(project: "nova", name: "nova-scheduler", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "nova", name: "nova-serialproxy", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .stein, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … stein-eol
    KollaService(project: "nova", name: "nova-spicehtml5proxy", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .stein, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … stein-eol
    KollaService(project: "nova", name: "nova-super-conductor", wsgi: false, server: nil, heartbeatInPthread: false, releases: .train ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA train-eol … yoga-eol
    KollaService(project: "nova-cell", name: "nova-compute", wsgi: false, server: nil, heartbeatInPthread: false, releases: .train ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA train-eol … yoga-eol
    KollaService(project: "nova-cell", name: "nova-compute-ironic", wsgi: false, server: nil, heartbeatInPthread: false, releases: .train ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA train-eol … yoga-eol
    KollaService(project: "nova-cell", name: "nova-conductor", wsgi: false, server: nil, heartbeatInPthread: false, releases: .train ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA train-eol … yoga-eol
    KollaService(project: "nova-cell", name: "nova-novncproxy", wsgi: false, server: nil, heartbeatInPthread: false, releases: .train ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA train-eol … yoga-eol
    KollaService(project: "nova-cell", name: "nova-serialproxy", wsgi: false, server: nil, heartbeatInPthread: false, releases: .train ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA train-eol … yoga-eol
    KollaService(project: "nova-cell", name: "nova-spicehtml5proxy", wsgi: false, server: nil, heartbeatInPthread: false, releases: .train ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA train-eol … yoga-eol
    KollaService(project: "octavia", name: "octavia-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .victoria, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … victoria-eol
    KollaService(project: "octavia", name: "octavia-api", wsgi: true, server: .apache, heartbeatInPthread: true, releases: .wallaby ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA wallaby-eol … yoga-eol
    KollaService(project: "octavia", name: "octavia-driver-agent", wsgi: false, server: nil, heartbeatInPthread: false, releases: .victoria ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA victoria-eol … yoga-eol
    KollaService(project: "octavia", name: "octavia-health-manager", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "octavia", name: "octavia-housekeeping", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "octavia", name: "octavia-worker", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "sahara", name: "sahara-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "sahara", name: "sahara-engine", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "senlin", name: "senlin-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "senlin", name: "senlin-conductor", wsgi: false, server: nil, heartbeatInPthread: false, releases: .ussuri ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA ussuri-eol … yoga-eol
    KollaService(project: "senlin", name: "senlin-engine", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "senlin", name: "senlin-health-manager", wsgi: false, server: nil, heartbeatInPthread: false, releases: .ussuri ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA ussuri-eol … yoga-eol
    KollaService(project: "solum", name: "solum-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "solum", name: "solum-conductor", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "solum", name: "solum-deployer", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "solum", name: "solum-worker", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "tacker", name: "tacker-conductor", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "tacker", name: "tacker-server", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "trove", name: "trove-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "trove", name: "trove-conductor", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "trove", name: "trove-taskmanager", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "vitrage", name: "vitrage-api", wsgi: true, server: .apache, heartbeatInPthread: false, releases: .queens ... .victoria, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … victoria-eol
    KollaService(project: "vitrage", name: "vitrage-api", wsgi: true, server: .apache, heartbeatInPthread: true, releases: .wallaby ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA wallaby-eol … yoga-eol
    KollaService(project: "vitrage", name: "vitrage-collector", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .rocky, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … rocky-eol
    KollaService(project: "vitrage", name: "vitrage-graph", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "vitrage", name: "vitrage-ml", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "vitrage", name: "vitrage-notifier", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "vitrage", name: "vitrage-persistor", wsgi: false, server: nil, heartbeatInPthread: false, releases: .ussuri ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA ussuri-eol … yoga-eol
    KollaService(project: "watcher", name: "watcher-api", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "watcher", name: "watcher-applier", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "watcher", name: "watcher-engine", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "zun", name: "zun-api", wsgi: true, server: .apache, heartbeatInPthread: false, releases: .queens ... .victoria, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … victoria-eol
    KollaService(project: "zun", name: "zun-api", wsgi: true, server: .apache, heartbeatInPthread: true, releases: .wallaby ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA wallaby-eol … yoga-eol
    KollaService(project: "zun", name: "zun-cni-daemon", wsgi: false, server: nil, heartbeatInPthread: false, releases: .ussuri ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA ussuri-eol … yoga-eol
    KollaService(project: "zun", name: "zun-compute", wsgi: false, server: nil, heartbeatInPthread: false, releases: .queens ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA queens-eol … yoga-eol
    KollaService(project: "zun", name: "zun-wsproxy", wsgi: false, server: nil, heartbeatInPthread: false, releases: .rocky ... .yoga, flag: nil, origin: .kollaAnsibleRoles),  // KA rocky-eol … yoga-eol
]

extension KollaKnowledge {
    /// Every catalogue row, pre-zed rows first; for one release at most one row per service applies.
    static let serviceCatalogue: [KollaService] = preZedServiceTable + domainServiceTable

    /// The Kolla services of a release, in catalogue order (by project, then service).
    public static func services(for release: OpenStackRelease) -> [KollaService] {
        serviceCatalogue.filter { $0.releases.contains(release) }
    }

    /// The services of one project in a release (`nova-cell` is its own project from Train).
    public static func services(ofProject project: String, release: OpenStackRelease) -> [KollaService] {
        serviceCatalogue.filter { $0.project == project && $0.releases.contains(release) }
    }

    /// The catalogue row of a service in a release.
    public static func service(named name: String, release: OpenStackRelease) -> KollaService? {
        for index in catalogueRowsByName[name] ?? [] where serviceCatalogue[index].releases.contains(release) {
            return serviceCatalogue[index]
        }
        return nil
    }

    /// The positions of each service name's rows in the catalogue, in order: a model asks
    /// ``service(named:release:)`` several times for each of its services, which scanned
    /// every row each time.
    static let catalogueRowsByName: [String: [Int]] = {
        var rows: [String: [Int]] = [:]
        for (index, entry) in serviceCatalogue.enumerated() { rows[entry.name, default: []].append(index) }
        return rows
    }()

    /// The project (role) of a service: `nova-cell` for nova-compute from Train on, `nova` before.
    public static func project(ofService name: String, release: OpenStackRelease = .newestStable) -> String? {
        service(named: name, release: release)?.project
    }

    /// The oslo config file a service reads, or `nil` for a service the release does not have.
    public static func configFileName(ofService name: String, release: OpenStackRelease) -> String? {
        service(named: name, release: release)?.configFileName(in: release)
    }

    /// The config file name of a project's service: `nova.conf` for nova and nova-cell,
    /// `<service>.conf` for glance (KA: glance-api.conf, glance-registry.conf) and for
    /// trove-conductor / trove-taskmanager up to victoria (their `templates/<service>.json.j2`
    /// command reads `/etc/trove/<service>.conf`; trove-api reads `trove.conf` in every release,
    /// KA queens-eol … victoria-eol `templates/trove-api.json.j2`), `inspector.conf` for ironic-inspector,
    /// `<project>.conf` otherwise [KA `ansible/roles/*/tasks/config.yml` merge_configs `dest`
    /// at queens-eol … master].
    static func configFileName(project: String, service: String, release: OpenStackRelease) -> String {
        if project == "nova-cell" { return "nova.conf" }
        if service == "ironic-inspector" { return "inspector.conf" }
        if project == "glance" { return "\(service).conf" }
        if project == "trove", release <= .victoria, service != "trove-api" { return "\(service).conf" }
        return "\(project).conf"
    }

    /// Whether a service runs as a WSGI application that monkey-patches eventlet on its WSGI
    /// import path, so that a green-thread heartbeat (`heartbeat_in_pthread = false`) misses
    /// beats (RMQ205; docs/domain.md §4, §4.1): nova-api and nova-metadata while nova ≤ 2025.2
    /// (nova 2026.1 uses the threading backend), trove-api from 2023.1, blazar-api from 2026.1.
    public static func isEventletPatchedUnderWSGI(service name: String, release: OpenStackRelease) -> Bool {
        guard let entry = service(named: name, release: release), entry.wsgi else { return false }
        switch name {
        case "nova-api", "nova-metadata": return release <= .flamingo
        case "trove-api": return release >= .antelope
        case "blazar-api": return release >= .gazpacho
        default: return false
        }
    }
}
