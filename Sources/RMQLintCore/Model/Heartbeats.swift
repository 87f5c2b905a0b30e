import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders

/// One heartbeat timeout in force for some services of a deployment.
public struct HeartbeatThreshold: Sendable {
    /// `[oslo_messaging_rabbit] heartbeat_timeout_threshold` in seconds; 0 disables heartbeats.
    public var seconds: Int
    /// The value as written; `nil` for the oslo.messaging default.
    public var written: String?
    /// Where it is written; `nil` for the oslo.messaging default.
    public var location: SourceLocation?

    /// "`heartbeat_timeout_threshold` 60 s, the oslo.messaging default" or
    /// "`heartbeat_timeout_threshold = 0` at config/global.conf:2:31".
    public var provenance: String {
        guard let written, let location else { return "`heartbeat_timeout_threshold` \(seconds) s, the oslo.messaging default" }
        return "`heartbeat_timeout_threshold = \(written)` at \(location)"
    }
}

extension Deployment {
    /// oslo.messaging's default `heartbeat_timeout_threshold`, unchanged since 1.9.0
    /// (OM `oslo_messaging/_drivers/impl_rabbit.py`, domain §5). Kolla never sets it (domain §1.3).
    public static let defaultHeartbeatTimeoutThreshold = 60

    /// The heartbeat timeouts the deployment's services run with, read from the effective
    /// configs (so a file Kolla never reads sets none): each distinct written line in tree
    /// order, then the default when some config is left on it (or when the tree has no
    /// service config at all). Conditional, templated or
    /// non-numeric values are skipped (unknown, never guessed).
    public var heartbeatThresholds: [HeartbeatThreshold] {
        var written: [SourceLocation: HeartbeatThreshold] = [:]
        var defaultSeconds: Int?
        for config in effective.configs {
            guard let setting = config.setting(lookupKey: .heartbeatTimeoutThreshold), !setting.isConditional else { continue }
            // Only the first default counts: the others (every config of a fleet's candidate
            // models) are passed over without being parsed.
            let isWritten = setting.isWrittenInTree
            if !isWritten, defaultSeconds != nil { continue }
            guard let seconds = setting.intValue else { continue }
            if isWritten, let location = setting.provenance.anchor {
                written[location] = HeartbeatThreshold(seconds: seconds, written: setting.value, location: location)
            } else if defaultSeconds == nil {
                defaultSeconds = seconds
            }
        }
        if effective.configs.isEmpty {
            // No service config in the tree (loose HAProxy files alone): the services that
            // use the proxy run elsewhere, with oslo.messaging's default.
            defaultSeconds = Self.defaultHeartbeatTimeoutThreshold
        }
        var thresholds = written.keys.sorted().compactMap { written[$0] }
        if let defaultSeconds {
            thresholds.append(HeartbeatThreshold(seconds: defaultSeconds, written: nil, location: nil))
        }
        return thresholds
    }
}
