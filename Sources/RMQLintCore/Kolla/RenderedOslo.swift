import RMQLintSource
import RMQLintJinja

// What Kolla-Ansible's service templates render into every oslo.messaging config (docs/domain.md §1.3).
//
// Read at KA `ansible/roles/nova/templates/nova.conf.j2` (the representative template) at the
// branch tips of §0 and at tags 12.8.0, 13.7.0, 13.8.0, 14.7.0, 14.8.0, 15.0.0, 15.1.0,
// 16.2.0, 16.3.0, 17.0.0, 18.6.0, 18.7.0, 19.4.0, 19.5.0, 20.0.0, 22.0.0. The same
// `[oslo_messaging_rabbit]` block (same keys, same conditions) is in every oslo service
// template: `git grep -l` counts 24 templates at 13.8.0 … 2023.2-eol, 26 at
// unmaintained/2024.1 and stable/2025.1, 24 at master. Only `heartbeat_in_pthread` and
// `processname` differ per service.

/// One `[section] key = value` line a Kolla template renders.
public struct RenderedOsloKey: Hashable, Sendable {
    /// The INI section.
    public let section: String
    /// The option name.
    public let key: String
    /// The value as the template writes it: a literal (`true`) or template text
    /// (`{{ om_rabbitmq_qos_prefetch_count }}`, `{{ service_name == 'nova-api' }}`).
    public let value: String
    /// The Jinja condition under which the line is rendered, as Kolla writes it
    /// (nested `{% if %}` blocks joined with `and`); `nil` when always rendered.
    public let condition: String?
    /// Whether the value (or presence) depends on the service rendering it; resolve with
    /// ``KollaKnowledge/renderedRabbitKeys(for:service:)``.
    public let perService: Bool
    /// Where it was read.
    public let source: String

    /// Creates a key.
    public init(section: String, key: String, value: String, condition: String?, perService: Bool, source: String) {
        self.section = section
        self.key = key
        self.value = value
        self.condition = condition
        self.perService = perService
        self.source = source
    }
}

/// Which services a template gives `processname = {{ service_name }}` (queue manager; KA
/// 4e0c0aa7 and backports 0ca2349c 18.7.0 / 97e3c609 19.5.0).
public struct ProcessnameRule: Hashable, Sendable {
    /// The Kolla project (role) whose template carries the rule.
    public let project: String
    /// The template's condition (`service_name == 'aodh-api'`); `nil` when every service
    /// rendering the template gets it (ironic).
    public let condition: String?
    /// The Kolla services the condition matches; empty when it matches none (keystone tests
    /// `'keystone-api'` but the service is named `keystone`).
    public let services: [String]
    /// The releases whose template has the rule (from 18.7.0 / 19.5.0 on in 2024.1 / 2024.2).
    public let releases: ClosedRange<OpenStackRelease>
    /// Where it was read.
    public let source: String
}

/// How Kolla builds `rpc_transport_url` / `notify_transport_url` (docs/domain.md §1.3 "Transport URL").
public struct TransportURLShape: Hashable, Sendable {
    /// `rpc_transport_url` or `notify_transport_url`.
    public let variable: String
    /// Variable holding the scheme (`om_rpc_transport`).
    public let schemeVariable: String
    /// Variable holding the user (`om_rpc_user`).
    public let userVariable: String
    /// Variable holding the password (`om_rpc_password`).
    public let passwordVariable: String
    /// Variable naming the inventory group whose hosts are listed (`om_rpc_group`).
    public let groupVariable: String
    /// Variable holding the port (`om_rpc_port`).
    public let portVariable: String
    /// Variable holding the vhost (`om_rpc_vhost`); `nil` before Stein, whose URL has no
    /// `/vhost` path.
    public let vhostVariable: String?
    /// The expression giving each host's address.
    public let addressExpression: String
    /// Where it was read.
    public let source: String

    /// The URL Kolla renders: every host of the group as `user:password@address:port`, joined
    /// with `,`, then `/vhost` when the release has one (vhost `/` gives a trailing `//`).
    public func render(scheme: String, user: String, password: String, addresses: [String], port: String, vhost: String?) -> String {
        let hosts = addresses.map { "\(user):\(password)@\($0):\(port)" }.joined(separator: ",")
        var url = "\(scheme)://\(hosts)"
        if vhostVariable != nil, let vhost { url += "/\(vhost)" }
        return url
    }
}

/// Which form of the `[oslo_messaging_rabbit]` block a version renders.
enum RabbitBlockStage: Int, Comparable, Sendable {
    /// No HA-related keys (TLS keys only, or nothing).
    case none
    /// `heartbeat_in_pthread` + `amqp_durable_queues` if the HA flag (KA 8b8b4a82 / 09df6fc1
    /// and backports: wallaby tip, 13.8.0, 14.8.0, 15.1.0, 16.0.0).
    case heartbeat
    /// + `rabbit_quorum_queue` if the quorum flag (KA 0b096725 16.3.0, 64575519 17.0.0).
    case quorum
    /// + queue manager, stream fanout, transient quorum, all behind flags (18.7.0, 19.5.0).
    case queueManagerFlags
    /// Queue manager, quorum, transient quorum hard-coded; stream fanout behind its flag (20.0.0+).
    case hardCoded

    static func < (lhs: RabbitBlockStage, rhs: RabbitBlockStage) -> Bool { lhs.rawValue < rhs.rawValue }

    init(_ version: KollaVersion) {
        switch version.release {
        case .queens, .rocky, .stein, .train, .ussuri, .victoria: self = .none
        // KA wallaby-eol has f20f98fa/49f451cc; no 12.x tag contains them.
        case .wallaby: self = version.isBranchTip ? .heartbeat : .none
        // KA a1183525 / 9ffd6588 → 13.8.0; c6320639 / 1be0f8de → 14.8.0.
        case .xena, .yoga: self = version.includes(minor: 8) ? .heartbeat : .none
        // KA 99ed6741 / edd88049 → 15.1.0; 15.0.0 renders TLS keys only.
        case .zed: self = version.includes(minor: 1) ? .heartbeat : .none
        case .antelope: self = version.includes(minor: 3) ? .quorum : .heartbeat
        case .bobcat: self = .quorum
        case .caracal: self = version.includes(minor: 7) ? .queueManagerFlags : .quorum
        case .dalmatian: self = version.includes(minor: 5) ? .queueManagerFlags : .quorum
        case .epoxy, .flamingo, .gazpacho, .master: self = .hardCoded
        }
    }
}

/// Processname rules, read with `git grep -B1 processname` in `ansible/roles/*/templates` at
/// unmaintained/2024.1, 2024.2-eol, stable/2025.1, stable/2025.2, stable/2026.1, master.
let processnameRuleTable: [ProcessnameRule] = [
    ProcessnameRule(project: "aodh", condition: "service_name == 'aodh-api'", services: ["aodh-api"],
                    releases: .caracal ... .master, source: "KA ansible/roles/aodh/templates/aodh.conf.j2"),
    ProcessnameRule(project: "cinder", condition: "service_name == 'cinder-api'", services: ["cinder-api"],
                    releases: .caracal ... .master, source: "KA ansible/roles/cinder/templates/cinder.conf.j2"),
    ProcessnameRule(project: "cloudkitty", condition: "service_name == 'cloudkitty-api'", services: ["cloudkitty-api"],
                    releases: .caracal ... .master, source: "KA ansible/roles/cloudkitty/templates/cloudkitty.conf.j2"),
    ProcessnameRule(project: "heat", condition: "service_name == 'heat-api' or service_name == 'heat-api-cfn'",
                    services: ["heat-api", "heat-api-cfn"],
                    releases: .caracal ... .master, source: "KA ansible/roles/heat/templates/heat.conf.j2"),
    // ironic.conf.j2 sets it unconditionally (inside the queue-manager block); ironic-inspector
    // has its own template without processname.
    ProcessnameRule(project: "ironic", condition: nil, services: ["ironic-api", "ironic-conductor", "ironic-pxe-filter"],
                    releases: .caracal ... .master, source: "KA ansible/roles/ironic/templates/ironic.conf.j2"),
    // The condition never matches: Kolla's service is `keystone` (tasks/config.yml loops over
    // "keystone", "keystone-fernet"), so keystone never gets a processname (docs/domain.md §1.3).
    ProcessnameRule(project: "keystone", condition: "service_name == 'keystone-api'", services: [],
                    releases: .caracal ... .master, source: "KA ansible/roles/keystone/templates/keystone.conf.j2"),
    ProcessnameRule(project: "masakari", condition: "service_name == 'masakari-api'", services: ["masakari-api"],
                    releases: .caracal ... .master, source: "KA ansible/roles/masakari/templates/masakari.conf.j2"),
    ProcessnameRule(project: "nova", condition: "service_name == 'nova-api' or service_name == 'nova-metadata'",
                    services: ["nova-api", "nova-metadata"],
                    releases: .caracal ... .master, source: "KA ansible/roles/nova/templates/nova.conf.j2"),
    ProcessnameRule(project: "octavia", condition: "service_name == 'octavia-api'", services: ["octavia-api"],
                    releases: .caracal ... .master, source: "KA ansible/roles/octavia/templates/octavia.conf.j2"),
    // The zun role is gone from stable/2026.1.
    ProcessnameRule(project: "zun", condition: "service_name == 'zun-api'", services: ["zun-api"],
                    releases: .caracal ... .flamingo, source: "KA ansible/roles/zun/templates/zun.conf.j2"),
]

extension KollaKnowledge {
    /// The transport and `[oslo_messaging_rabbit]` lines Kolla renders into every oslo service
    /// config of a version, in template order, with nova.conf.j2's per-service expressions.
    /// Kolla never renders `heartbeat_timeout_threshold`, `heartbeat_rate`,
    /// `rpc_response_timeout`, `rabbit_transient_queues_ttl`, `kombu_*`, `rabbit_retry_*`,
    /// `amqp_auto_delete` (docs/domain.md §1.3): oslo.messaging defaults apply to those.
    public static func renderedRabbitKeys(for version: KollaVersion) -> [RenderedOsloKey] {
        let release = version.release
        let template = KollaReads.cite("ansible/roles/nova/templates/nova.conf.j2", release: release)
        var keys: [RenderedOsloKey] = [
            // Every release since queens (KA queens-eol … master nova.conf.j2).
            RenderedOsloKey(section: "DEFAULT", key: "transport_url", value: "{{ rpc_transport_url }}",
                            condition: nil, perService: false, source: template),
            RenderedOsloKey(section: "oslo_messaging_notifications", key: "transport_url", value: "{{ notify_transport_url }}",
                            condition: nil, perService: false, source: template),
        ]
        let stage = RabbitBlockStage(version)
        guard stage > .none else { return keys }
        let rabbit = "oslo_messaging_rabbit"
        func key(_ name: String, _ value: String, _ condition: String?, perService: Bool = false, _ note: String) -> RenderedOsloKey {
            RenderedOsloKey(section: rabbit, key: name, value: value, condition: condition, perService: perService,
                            source: "\(template) (line introduced by \(note))")
        }
        let heartbeat = key("heartbeat_in_pthread", "{{ service_name == 'nova-api' }}", nil, perService: true,
                            "KA 8b8b4a82; per service, see the service catalogue")
        switch stage {
        case .none:
            break
        case .heartbeat, .quorum:
            keys.append(heartbeat)
            keys.append(key("amqp_durable_queues", "true", "om_enable_rabbitmq_high_availability | bool", "KA 09df6fc1"))
            if stage == .quorum {
                keys.append(key("rabbit_quorum_queue", "true", "om_enable_rabbitmq_quorum_queues | bool", "KA 64575519 / 0b096725"))
            }
        case .queueManagerFlags:
            let quorum = "om_enable_rabbitmq_quorum_queues | bool"
            keys.append(key("use_queue_manager", "true", "om_enable_queue_manager | bool", "KA 0ca2349c / 97e3c609"))
            keys.append(key("processname", "{{ service_name }}",
                            "om_enable_queue_manager | bool and (service_name == 'nova-api' or service_name == 'nova-metadata')",
                            perService: true, "KA 0ca2349c / 97e3c609; per service, see processnameRules"))
            keys.append(heartbeat)
            keys.append(key("amqp_durable_queues", "true", "om_enable_rabbitmq_high_availability | bool", "KA 09df6fc1"))
            keys.append(key("rabbit_quorum_queue", "true", quorum, "KA 64575519"))
            keys.append(key("rabbit_stream_fanout", "true", "\(quorum) and om_enable_rabbitmq_stream_fanout | bool",
                            "KA 438dc2f2 / 8ea1121c"))
            keys.append(key("rabbit_qos_prefetch_count", "{{ om_rabbitmq_qos_prefetch_count }}",
                            "\(quorum) and om_enable_rabbitmq_stream_fanout | bool", "KA 438dc2f2 / 8ea1121c"))
            keys.append(key("rabbit_transient_quorum_queue", "true",
                            "\(quorum) and om_enable_rabbitmq_transient_quorum_queue | bool", "KA 195c245d / 4af0eb56"))
        case .hardCoded:
            keys.append(key("use_queue_manager", "true", nil, "KA 4e0c0aa7"))
            keys.append(key("processname", "{{ service_name }}", "service_name == 'nova-api' or service_name == 'nova-metadata'",
                            perService: true, "KA 4e0c0aa7; per service, see processnameRules"))
            keys.append(heartbeat)
            keys.append(key("rabbit_quorum_queue", "true", nil, "KA 50bbcb09"))
            keys.append(key("rabbit_stream_fanout", "true", "om_enable_rabbitmq_stream_fanout | bool", "KA 4614aad4"))
            keys.append(key("rabbit_qos_prefetch_count", "{{ om_rabbitmq_qos_prefetch_count }}",
                            "om_enable_rabbitmq_stream_fanout | bool", "KA 4614aad4"))
            keys.append(key("rabbit_transient_quorum_queue", "true", nil, "KA 3c3a18aa"))
        }
        return keys
    }

    /// ``renderedRabbitKeys(for:)`` resolved for one Kolla service: `heartbeat_in_pthread`
    /// becomes the literal `true`/`false` that service's template renders at that version
    /// (including the ironic-inspector tag exception) and `processname` is kept only for the
    /// services whose template sets it, with the service-name part of its condition dropped.
    /// For a service the catalogue does not know, the per-service keys are left out.
    ///
    /// Provenance names the template that really renders the service's config (the role
    /// template of its `merge_configs` chain: `roles/glance/templates/glance-api.conf.j2`,
    /// `roles/nova-cell/templates/nova.conf.j2`) at the ref and commit of the release; a
    /// `transport_url` line is kept only where one of those templates renders it (blazar,
    /// cloudkitty and zun render no notification `transport_url`) [generated table, KollaReads].
    public static func renderedRabbitKeys(for version: KollaVersion, service: String) -> [RenderedOsloKey] {
        // A pure function of the release data: every candidate model of a run asks it for
        // every service, and it walks the override chain and the read table each time.
        renderedKeysCache.value(RenderedKeysCacheKey(version: version, service: service)) {
            resolvedRabbitKeys(for: $0.version, service: $0.service)
        }
    }

    private struct RenderedKeysCacheKey: Hashable, Sendable {
        let version: KollaVersion
        let service: String
    }

    /// Bounded: versions × services of the catalogue (a tree names no others here).
    private static let renderedKeysCache = BoundedCache<RenderedKeysCacheKey, [RenderedOsloKey]>(capacity: 65_536)

    private static func resolvedRabbitKeys(for version: KollaVersion, service: String) -> [RenderedOsloKey] {
        let pthread = renderedHeartbeatInPthread(service: service, version: version)
        let processname = getsProcessname(service: service, release: version.release)
        let release = version.release
        let templates = overrideChain(service: service, version: version).filter { $0.kind == .roleTemplate }.map(\.pattern)
        var rendered: Set<String>? = templates.isEmpty ? nil : []
        for template in templates {
            guard let keys = KollaReads.renderedTransportKeys(template: template, release: release) else { rendered = nil; break }
            rendered?.formUnion(keys)
        }
        var result: [RenderedOsloKey] = []
        for key in renderedRabbitKeys(for: version, citing: templates.first) {
            if key.key == "transport_url", let rendered, !rendered.contains("\(key.section).transport_url") { continue }
            guard key.perService else {
                result.append(key)
                continue
            }
            switch key.key {
            case "heartbeat_in_pthread":
                guard let pthread else { continue }
                result.append(RenderedOsloKey(section: key.section, key: key.key, value: pthread ? "true" : "false",
                                              condition: key.condition, perService: true, source: key.source))
            case "processname":
                guard processname else { continue }
                let flag: String? = RabbitBlockStage(version) == .queueManagerFlags ? "om_enable_queue_manager | bool" : nil
                result.append(RenderedOsloKey(section: key.section, key: key.key, value: service,
                                              condition: flag, perService: true, source: key.source))
            default:
                result.append(key)
            }
        }
        return result
    }

    /// ``renderedRabbitKeys(for:)`` citing `template` (a role template's path) where they cite
    /// nova.conf.j2; as they are for `nil`. Every service of a project renders from the same
    /// template, so the keys are built once per version and template, not once per service.
    private static func renderedRabbitKeys(for version: KollaVersion, citing template: String?) -> [RenderedOsloKey] {
        citedKeysCache.value(CitedKeysCacheKey(version: version, template: template)) { wanted in
            let keys = renderedRabbitKeys(for: wanted.version)
            guard let template = wanted.template else { return keys }
            let release = wanted.version.release
            let generic = KollaReads.cite("ansible/roles/nova/templates/nova.conf.j2", release: release)
            let real = KollaReads.cite(template, release: release)
            return keys.map { key in
                RenderedOsloKey(section: key.section, key: key.key, value: key.value, condition: key.condition,
                                perService: key.perService, source: key.source.kollaReplacing(generic, with: real))
            }
        }
    }

    private struct CitedKeysCacheKey: Hashable, Sendable {
        let version: KollaVersion
        let template: String?
    }

    /// Bounded: versions × role templates of the read table.
    private static let citedKeysCache = BoundedCache<CitedKeysCacheKey, [RenderedOsloKey]>(capacity: 65_536)

    /// The `heartbeat_in_pthread` value Kolla renders for a service, or `nil` when that version
    /// renders none for it (before the KA 8b8b4a82 backports, zed 15.0.0, unknown services).
    /// ironic-inspector rendered `true` until KA 88aa51ac "ironic: disable heartbeat_in_pthreads"
    /// (Related-Bug 2054705): wallaby tip, xena 13.8.0+, yoga 14.8.0–14.11.x, zed 15.1.0–15.x,
    /// 2023.1 16.0.0–16.5.x, 2023.2 17.0.0–17.3.x [KA tags 13.8.0, 13.9.0, 14.8.0…14.11.0,
    /// 15.1.0, 15.6.0, 16.5.0, 16.6.0, 17.3.0, 17.4.0, 18.0.0 and the eol refs:
    /// `ansible/roles/ironic/templates/ironic-inspector.conf.j2`; yoga fix 2177b9be after 14.11.0].
    public static func renderedHeartbeatInPthread(service: String, version: KollaVersion) -> Bool? {
        guard RabbitBlockStage(version) > .none, let entry = KollaKnowledge.service(named: service, release: version.release) else {
            return nil
        }
        if service == "ironic-inspector" {
            switch version.release {
            case .wallaby, .xena: return true
            case .yoga, .zed: return !version.isBranchTip
            case .antelope: return !version.includes(minor: 6)
            case .bobcat: return !version.includes(minor: 4)
            default: return entry.heartbeatInPthread
            }
        }
        return entry.heartbeatInPthread
    }

    /// Whether a service's template renders `processname = <service>` in a release (when the
    /// queue manager is on).
    public static func getsProcessname(service: String, release: OpenStackRelease) -> Bool {
        processnameRuleTable.contains { $0.releases.contains(release) && $0.services.contains(service) }
            && (service != "ironic-pxe-filter" || release >= .flamingo)
    }

    /// The processname rules of a release's templates (empty before 2024.1).
    public static func processnameRules(for release: OpenStackRelease) -> [ProcessnameRule] {
        processnameRuleTable.filter { $0.releases.contains(release) }
    }

    /// How `rpc_transport_url` (or, with `notify: true`, `notify_transport_url`) is built.
    /// [KA queens-eol/rocky-eol: no vhost, address from `ansible_<api_interface>.ipv4`;
    /// stein-eol: `/{{ om_rpc_vhost }}` added; train-eol … master:
    /// `'api' | kolla_address(host) | put_address_in_context('url')`; all in group_vars
    /// (`all.yml` ≤ 2025.1, `all/common.yml` ≥ 2025.2)]
    public static func transportURLShape(for release: OpenStackRelease, notify: Bool = false) -> TransportURLShape {
        let prefix = notify ? "om_notify" : "om_rpc"
        let address = release >= .train
            ? "'api' | kolla_address(host) | put_address_in_context('url')"
            : "hostvars[host]['ansible_' + hostvars[host]['api_interface']]['ipv4']['address']"
        let file = release >= .flamingo ? "ansible/group_vars/all/common.yml" : "ansible/group_vars/all.yml"
        return TransportURLShape(
            variable: notify ? "notify_transport_url" : "rpc_transport_url",
            schemeVariable: "\(prefix)_transport", userVariable: "\(prefix)_user", passwordVariable: "\(prefix)_password",
            groupVariable: "\(prefix)_group", portVariable: "\(prefix)_port",
            vhostVariable: release >= .stein ? "\(prefix)_vhost" : nil,
            addressExpression: address, source: KollaReads.cite("\(file)", release: release))
    }
}
