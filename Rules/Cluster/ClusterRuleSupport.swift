import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// What the cluster and broker rules (RMQ401–RMQ406, RMQ503) share: the cluster size
/// as a related location and a broker setting as messages name it. The decisions (each
/// written setting once, transport URL hosts, where a finding points) are model API;
/// release and cluster-size uncertainty is the engine's (spec §10.1, §10.2).
enum ClusterRules {
    /// `the `rabbitmq` group: 3 hosts` at the inventory line, when known.
    static func clusterRelated(_ deployment: Deployment) -> [RelatedLocation] {
        let cluster = deployment.effective.cluster
        guard let size = cluster.size, let location = cluster.location else { return [] }
        return [RelatedLocation("the `\(cluster.group)` group: \(size) host\(size == 1 ? "" : "s")", at: location)]
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

    /// The location of a broker value written in the deployment tree, exactly its text
    /// (`10` in `-kernel net_ticktime 10`), for a fix that replaces it; nil for Kolla's
    /// templates and defaults, files collected from hosts (not what Kolla deploys), and values
    /// whose location is not exactly their text.
    static func writtenValue(_ setting: BrokerSetting, _ broker: EffectiveBrokerConfig, at location: SourceLocation) -> SourceLocation? {
        guard case .kolla = broker.origin, case .file(let written) = setting.provenance.origin, written == location,
              !location.isKollaTemplate, let value = setting.value,
              location.range.start.line == location.range.end.line,
              location.range.end.column - location.range.start.column == value.unicodeScalars.count else { return nil }
        return location
    }
}
