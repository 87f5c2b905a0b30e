import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ401: a `transport_url` names one host (often a VIP) while RabbitMQ is a cluster.
public struct SingleEndpointTransportRule: ViolationRule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ401",
        slug: "single-endpoint-transport",
        severity: .warning,
        summary: "A transport_url names a single host (or the VIP) while the RabbitMQ cluster has several",
        whatItDoes: """
            Reads the effective `[DEFAULT] transport_url` and `[oslo_messaging_notifications] transport_url` \
            of every service (Kolla's computed URL, overrides, rendered files) and counts the hosts it lists. \
            One host while the `rabbitmq` group has two or more is a warning; the message says when that \
            host is Kolla's VIP (`kolla_internal_vip_address`, `kolla_internal_fqdn`). With the cluster size \
            unknown the finding is info. Services that share one written URL are reported once, at its line. \
            Credentials are never printed.
            """,
        whyItMatters: """
            oslo.messaging fails over between the hosts of its URL and reconnects to a surviving node on its \
            own; RabbitMQ nodes are active/active, so every client should list every node. A single host \
            makes that node a single point of failure; a VIP adds a proxy whose idle timeouts and lack of \
            keep-alives cut AMQP connections, and whose failover the client cannot see. Kolla-Ansible removed \
            its RabbitMQ VIP in 2015 (KA 347730ce) and Fuel removed its AMQP proxy for the same reason \
            (LP#1421611).
            """,
        fix: """
            Remove the `transport_url` override and let Kolla render its URL with every host of the \
            `rabbitmq` group, or list every node: \
            `rabbit://user:pass@ctl01:5672,user:pass@ctl02:5672,user:pass@ctl03:5672//`.
            """,
        appliesTo: "Every release.",
        references: [
            "KA 347730ce \"Remove vip for rabbitmq\" (2015)",
            "https://bugs.launchpad.net/fuel/+bug/1421611",
            "https://docs.openstack.org/oslo.messaging/latest/reference/transport.html (transport URL with several hosts)",
            "KA master:ansible/group_vars/all/common.yml (rpc_transport_url lists every host of om_rpc_group)",
        ],
        triggeringExamples: [
            RuleExample([
                "globals.yml": """
                    openstack_release: "2024.1"
                    kolla_internal_vip_address: "10.0.0.10"

                    """,
                "multinode": "[rabbitmq]\nctl[01:03]\n",
                "config/global.conf": """
                    [DEFAULT]
                    transport_url = ↓rabbit://openstack:secret@10.0.0.10:5672//

                    """,
            ]),
        ],
        nonTriggeringExamples: [
            // Rendered files and no inventory: Kolla renders every RabbitMQ host into each
            // transport_url, so one host there is a one-node cluster, not a single endpoint.
            RuleExample([
                "nova-api/nova.conf": "[DEFAULT]\ntransport_url = rabbit://openstack:pw@mq.example.com:5672//\n",
            ]),
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "multinode": "[rabbitmq]\nctl[01:03]\n",
                "config/global.conf": """
                    [DEFAULT]
                    transport_url = rabbit://o:p@ctl01:5672,o:p@ctl02:5672,o:p@ctl03:5672//

                    """,
            ]),
            // A single-node deployment.
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "multinode": "[rabbitmq]\nctl01\n",
                "config/global.conf": "[DEFAULT]\ntransport_url = rabbit://o:p@ctl01:5672//\n",
            ]),
            // Kolla's own URL lists every host.
            RuleExample(["globals.yml": "openstack_release: \"2024.1\"\n", "multinode": "[rabbitmq]\nctl[01:03]\n"]),
        ])

    /// The facts of one finding: the setting, the one host it names, and the services it reaches.
    public struct Found: Violation {
        /// `[DEFAULT] transport_url`.
        var key: String
        var host: String
        /// The VIP variable the host is the value of, if any.
        var vip: String?
        /// The `rabbitmq` group's size; `nil` when the tree does not give it (the engine then
        /// reports the finding at info, as holding only on a cluster).
        var size: Int?
        var services: String
        public var service: String?
        public var location: SourceLocation
        public var related: [RelatedLocation]

        /// The override lines to delete so that Kolla's own URL applies (nil: no fix).
        var deletable: ClosedRange<Int>? = nil

        public var semanticKey: String { "transport_url:\(key):\(host)" }
        public var message: String {
            "`\(key)` of \(services) names one RabbitMQ host, \(host)\(vip.map { " (the VIP, `\($0)`)" } ?? ""), "
                + "\(size.map { "while the `rabbitmq` group has \($0) nodes" } ?? "while RabbitMQ runs as a cluster"): "
                + "oslo.messaging can only fail over between the hosts its URL lists. "
                + (fixes.first.map { "\($0.description)." }
                    ?? "List every RabbitMQ node in the URL (or remove the override and let Kolla render it).")
        }

        /// Deleting the override where every service it reaches then gets the URL Kolla's own
        /// template renders (every host of the `rabbitmq` group). Unsafe: the override may carry
        /// its own user, password, vhost or options, or point at a broker on purpose; Kolla's URL
        /// replaces all of that. No fix where a lower layer of the tree sets the key too (it
        /// would take over), where Kolla's template does not render the key, or for rendered
        /// files. A URL listing every node is not written: it needs each node's address and the
        /// password, which rmqlint never prints.
        public var fixes: [Fix] {
            guard let deletable else { return [] }
            return [Fix("Delete this override so that Kolla renders the URL with every node of the `rabbitmq` group", .unsafe,
                        edits: [.deleteLines(path: location.path, lines: deletable)])]
        }
    }

    public func violations(in context: LintContext) -> [Found] {
        context.model.deployments.flatMap(violations)
    }

    /// The two URLs, as messages name them, with their lookup keys (made once, not per config).
    static let transportURLs: [(label: String, key: EffectiveServiceConfig.SettingLookupKey)] = [
        ("[DEFAULT] transport_url", .transportURL),
        ("[oslo_messaging_notifications] transport_url", .notificationsTransportURL),
    ]

    private func violations(_ deployment: Deployment) -> [Found] {
        let size = deployment.effective.cluster.size
        if let size, size < 2 { return [] }
        var vips: [String: String] = [:]
        for name in ["kolla_internal_vip_address", "kolla_internal_fqdn", "kolla_external_vip_address", "kolla_external_fqdn"] {
            if case .string(let value)? = deployment.effective.variables?.value(name) { vips[value] = name }
        }
        var byLine: [SourceLocation: (host: String, key: String, configs: [EffectiveServiceConfig], deletable: Bool)] = [:]
        // Only configs whose URL may name one host (a fleet's collected files are passed over).
        for config in deployment.effective.configsMayNameOneTransportHost {
            for (label, lookup) in Self.transportURLs {
                guard let setting = config.setting(lookupKey: lookup), !setting.isConditional,
                      let hosts = setting.transportURLHosts, hosts.count == 1,
                      let location = deployment.findingLocation(of: setting.provenance, fallbackFile: config.layers.last),
                      let host = hosts.first else { continue }
                byLine[location, default: (host, label, [], true)].configs.append(config)
                if !Self.kollaRendersBelow(setting, config, at: location) { byLine[location]?.deletable = false }
            }
        }
        return byLine.keys.sorted().compactMap { location in
            guard let entry = byLine[location] else { return nil }
            return Found(
                key: entry.key, host: entry.host, vip: vips[entry.host], size: size,
                services: QueueRules.services(entry.configs),
                service: entry.configs.count == 1 ? entry.configs.first?.service : nil, location: location,
                related: ClusterRules.clusterRelated(deployment).filter { $0.location != location },
                deletable: entry.deletable ? location.range.start.line...location.range.end.line : nil)
        }
    }

    /// Whether deleting the line that writes `setting` leaves `config` with the URL Kolla's own
    /// template renders: the line is an override of the deployment tree, and every lower layer
    /// that sets the key is Kolla's template (none is a file of the tree).
    static func kollaRendersBelow(_ setting: EffectiveSetting, _ config: EffectiveServiceConfig, at location: SourceLocation) -> Bool {
        guard case .kolla = config.origin, case .file(let written) = setting.provenance.origin, written == location,
              !location.isKollaTemplate, !setting.overridden.isEmpty else { return false }
        return setting.overridden.allSatisfy { provenance in
            if case .kollaTemplate = provenance.origin { return true }
            return false
        }
    }
}
