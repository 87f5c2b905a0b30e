/// How serious a finding is. Ordered: `info < warning < error`.
public enum Severity: String, CaseIterable, Comparable, Codable, Sendable {
    /// Hygiene or a no-op setting.
    case info
    /// An availability risk.
    case warning
    /// Breaks a deploy, a service or the data path.
    case error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    /// The SARIF `level` for this severity.
    public var sarifLevel: String {
        switch self {
        case .info: "note"
        case .warning: "warning"
        case .error: "error"
        }
    }
}

/// The lowest severity that makes `rmqlint` exit 1 (`--fail-on`).
public enum FailThreshold: String, CaseIterable, Sendable {
    case error, warning, info, never

    /// Whether a finding of `severity` fails the run.
    public func fails(on severity: Severity) -> Bool {
        switch self {
        case .never: false
        case .info: true
        case .warning: severity >= .warning
        case .error: severity >= .error
        }
    }
}
