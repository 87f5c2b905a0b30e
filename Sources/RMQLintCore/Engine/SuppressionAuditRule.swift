import RMQLintSource
import RMQLintModel

/// A rule about the inline suppression directives themselves (RMQ003, RMQ004).
///
/// The engine runs these after every other rule, once it knows which directives
/// silenced which findings, with ``LintContext/suppressions`` filled in. Their findings
/// cannot be suppressed inline (a directive about a directive would be circular); use
/// `ignore`, `per_file_ignores` or `severity` in `.rmqlint.yml` instead.
public protocol SuppressionAuditRule: Rule {}

extension SuppressionAuditRule {
    /// `true`: see ``Rule/auditsSuppressions``.
    public static var auditsSuppressions: Bool { true }
}
