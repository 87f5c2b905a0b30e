import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders

/// One heartbeat timeout in force for some services of a deployment.
public struct HeartbeatThreshold: Sendable {
    /// `[oslo_messaging_rabbit] heartbeat_timeout_threshold` in seconds; 0 disables heartbeats.
    public var seconds: Int
    /// Where it is set; `nil` for the oslo.messaging default.
    public var setting: OsloSetting?

    /// "`heartbeat_timeout_threshold` 60 s, the oslo.messaging default" or
    /// "`heartbeat_timeout_threshold = 0` at config/global.conf:2:31".
    public var provenance: String {
        guard let setting else { return "`heartbeat_timeout_threshold` \(seconds) s, the oslo.messaging default" }
        return "`heartbeat_timeout_threshold = \(setting.value)` at \(setting.location)"
    }
}

extension Deployment {
    /// oslo.messaging's default `heartbeat_timeout_threshold`, unchanged since 1.9.0
    /// (OM `oslo_messaging/_drivers/impl_rabbit.py`, domain §5). Kolla never sets it (domain §1.3).
    public static let defaultHeartbeatTimeoutThreshold = 60

    /// The heartbeat timeouts the deployment's services run with: every value written
    /// in an oslo config of the tree, plus the default when some service is left on it.
    /// Templated or non-numeric values are skipped (unknown, never guessed).
    public var heartbeatThresholds: [HeartbeatThreshold] {
        let settings = osloSettings(section: "oslo_messaging_rabbit", key: "heartbeat_timeout_threshold")
        var thresholds: [HeartbeatThreshold] = []
        for setting in settings {
            guard let seconds = Int(setting.value.trimmingSpaces) else { continue }
            thresholds.append(HeartbeatThreshold(seconds: seconds, setting: setting))
        }
        let coversEveryService: Bool
        if kind == .loose {
            // Rendered files: each is a whole service config.
            let setFiles = Set(settings.map { $0.file.document.path })
            coversEveryService = !osloFiles.isEmpty && osloFiles.allSatisfy { setFiles.contains($0.document.path) }
        } else {
            coversEveryService = settings.contains { $0.file.role == .osloOverride(.global) }
        }
        if !coversEveryService {
            thresholds.append(HeartbeatThreshold(seconds: Self.defaultHeartbeatTimeoutThreshold, setting: nil))
        }
        return thresholds
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        return String(scalars[first...last])
    }
}
