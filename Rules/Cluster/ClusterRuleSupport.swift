import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// What the cluster and broker rules (RMQ401–RMQ406, RMQ503) share: the cluster size
/// with its location, where a finding about a broker setting points, and how release or
/// cluster-size uncertainty lowers a severity (spec §10.1, §10.2). Reads the model only.
enum ClusterRules {
    /// `the `rabbitmq` group: 3 hosts` at the inventory line, when known.
    static func clusterRelated(_ deployment: Deployment) -> [RelatedLocation] {
        let cluster = deployment.effective.cluster
        guard let size = cluster.size, let location = cluster.location else { return [] }
        return [RelatedLocation("the `\(cluster.group)` group: \(size) host\(size == 1 ? "" : "s")", at: location)]
    }

    /// Where a finding about a broker setting points: the line that writes it, else the line
    /// that selects the release's template, else the start of globals.yml.
    static func location(of setting: BrokerSetting, in deployment: Deployment) -> SourceLocation? {
        QueueRules.location(of: setting.provenance, in: deployment)
    }

    /// `rabbitmq.conf` line 12 / `advanced.config`, for messages: where and in what form.
    static func describe(_ setting: BrokerSetting) -> String {
        switch setting.provenance.origin {
        case .file:
            switch setting.form {
            case .rabbitmqConf: return "`\(setting.key) = \(setting.value ?? "…")`"
            case .advancedConfig, .classicConfig: return "`{\(setting.key), \(setting.value ?? "…")}` in \(setting.form.rawValue)"
            case .erlangArguments: return "`-kernel \(setting.key) \(setting.value ?? "…")` in the Erlang arguments"
            }
        case .kollaTemplate, .kollaDefault:
            return "`\(setting.key) = \(setting.value ?? "…")` (Kolla-Ansible's default)"
        default:
            return "`\(setting.key) = \(setting.value ?? "…")`"
        }
    }

    /// Whether a value is decided by the release rmqlint assumed (a template default of an
    /// unknown release): findings about it are info (spec §10.1).
    static func dependsOnAssumedRelease(_ provenance: Provenance, _ deployment: Deployment) -> Bool {
        deployment.release.isAssumed && !provenance.isWrittenInTree
    }

    /// A note for messages lowered to info because the release is assumed.
    static func assumedReleaseNote(_ deployment: Deployment) -> String {
        " The release is not known (rmqlint assumed Kolla-Ansible \(QueueRules.releaseName(deployment))); pin it with "
            + "`openstack_release` or --release (RMQ002)."
    }

    /// Whether the RabbitMQ version is only the default of an assumed release.
    static func rabbitMQIsAssumed(_ deployment: Deployment) -> Bool {
        if case .releaseDefault = deployment.rabbitMQ.source { return deployment.release.isAssumed }
        return false
    }

    /// Each view's settings once: the global view and host views share the global files, and
    /// a finding about one written line must be reported once.
    static func uniqueSettings(
        _ key: String, in deployment: Deployment, effectiveOnly: Bool = true
    ) -> [(setting: BrokerSetting, broker: EffectiveBrokerConfig)] {
        var seen: Set<String> = []
        var result: [(BrokerSetting, EffectiveBrokerConfig)] = []
        for broker in deployment.effective.brokers {
            let settings = effectiveOnly ? (broker.effective(key).map { [$0] } ?? []) : broker.all(key)
            for setting in settings {
                let identity = setting.provenance.anchor.map(\.description) ?? "\(setting.provenance.summary)@\(broker.scope)"
                guard seen.insert(identity).inserted else { continue }
                result.append((setting, broker))
            }
        }
        return result
    }

    /// The hosts of a transport URL (`rabbit://u:p@h1:5672,u:p@h2:5672//`): `h1`, `h2`, without
    /// credentials. `nil` when a host holds Jinja or the text is not a URL.
    static func transportHosts(_ url: String) -> [String]? {
        // Jinja is allowed in the credentials (`{{ rabbitmq_password }}`), never in a host.
        guard !url.containsASCII("{%"), let scheme = url.utf8RangeOfASCII("://") else { return nil }
        let rest = url[scheme.upperBound...]
        var hosts: [String] = []
        for entry in rest.split(separator: ",", omittingEmptySubsequences: false) {
            var address = entry
            if let at = address.lastIndex(of: "@") { address = address[address.index(after: at)...] }
            if let end = address.firstIndex(where: { $0 == "/" || $0 == "?" }) { address = address[..<end] }
            // host:port, [v6]:port
            var host = String(address)
            if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
                host = String(host[host.index(after: host.startIndex)..<close])
            } else if let colon = host.lastIndex(of: ":") {
                host = String(host[..<colon])
            }
            if host.containsASCII("{{") || host.containsASCII("}}") { return nil }
            if !host.isEmpty { hosts.append(host) }
        }
        return hosts
    }
}
