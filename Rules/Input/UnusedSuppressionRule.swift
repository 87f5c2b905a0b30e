import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ004: an inline suppression suppresses nothing.
public struct UnusedSuppressionRule: SuppressionAuditRule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ004",
        slug: "unused-suppression",
        severity: .info,
        summary: "An inline suppression suppresses nothing",
        whatItDoes: """
            Reports a rule named in a `# rmqlint: disable=…` comment that reported nothing on the comment's \
            line or the line below it (for `disable-file=…`, nothing in the file), a name that is no rule's \
            id or slug, and a comment that starts `rmqlint:` but is not a directive rmqlint can read (a \
            misspelt keyword, a missing `=`). A rule that did not run on the file — left out by `--select`, \
            `--ignore` or `per_file_ignores` — is never reported here, since whether its directive is still \
            needed cannot be told. Findings of this rule cannot themselves be suppressed inline.
            """,
        whyItMatters: """
            A stale suppression is a trap: the problem it once excused is gone, but the comment will \
            silently excuse the next one that appears on that line. A misspelt directive is worse: its \
            author believes a finding is handled while nothing is suppressed, or the other way round.
            """,
        fix: """
            Delete the directive (or the rule's name from it), or fix its spelling: \
            `# rmqlint: disable=RMQ201 -- reason` on the finding's line or the line above, \
            `# rmqlint: disable-file=RMQ201 -- reason` anywhere in the file.
            """,
        references: [
            "rmqlint spec §8 (Configuration and suppression)",
            "SwiftLint superfluous_disable_command rule",
            "ruff RUF100 unused-noqa (crates/ruff_linter/src/noqa.rs)",
        ],
        triggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/haproxy/services.d/rabbitmq.cfg": """
                    listen rabbitmq
                        bind 10.0.0.10:5672
                        # rmqlint: disable=↓RMQ201 -- was a frontend with tcpka once
                        option tcpka
                        server rmq1 10.0.0.11:5672 check

                    """,
            ], arguments: ["--select", "RMQ201"]),
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/nova.conf": "[oslo_messaging_rabbit]\n# rmqlint: disable=↓RMQ999 -- typo for a real id\nheartbeat_timeout_threshold = 60\n",
            ]),
            RuleExample([
                "globals.yml": "openstack_release: \"2025.1\"\n↓# rmqlint: disable RMQ105 -- the '=' is missing\nrabbitmq_message_ttl_ms: 600000\n",
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/haproxy/services.d/rabbitmq.cfg": """
                    frontend rabbitmq_front
                        bind 10.0.0.10:5672
                        # rmqlint: disable=RMQ201 -- clients and servers both need keep-alives here
                        option tcpka
                        default_backend rabbitmq_back

                    """,
            ], arguments: ["--select", "RMQ201"]),
            // RMQ201 did not run (only RMQ004 is selected): the directive cannot be judged.
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/haproxy/services.d/rabbitmq.cfg": """
                    listen rabbitmq
                        # rmqlint: disable=RMQ201 -- judged only when RMQ201 runs
                        option tcpka

                    """,
            ]),
        ])

    public func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for use in context.suppressions {
            let directive = use.directive
            if let malformation = directive.malformation {
                findings.append(finding(
                    "this `rmqlint:` comment suppresses nothing: \(malformation)",
                    at: directive.location, key: "malformed-suppression:\(malformation)"))
                continue
            }
            guard let scope = directive.scope else { continue }
            for outcome in use.outcomes {
                let name = outcome.name.value
                let message: String
                switch outcome.status {
                case .used, .notRun:
                    continue
                case .unused:
                    let id = outcome.ruleID ?? name
                    message = scope == .file
                        ? "`disable-file=\(name)` suppresses nothing: \(id) reports no finding in this file; remove it"
                        : "`disable=\(name)` suppresses nothing: \(id) reports no finding on line \(directive.line) or \(directive.line + 1); remove it"
                case .unknownRule:
                    message = "'\(name)' is not the id or slug of an rmqlint rule (see `rmqlint rules`), so it suppresses nothing"
                case .notSuppressible:
                    message = "\(outcome.ruleID ?? name) is about suppressions themselves and cannot be suppressed inline; "
                        + "use `ignore:` or `per_file_ignores:` in .rmqlint.yml"
                }
                findings.append(finding(
                    message, at: outcome.name.location,
                    key: "unused-suppression:\(scope.rawValue)=\(outcome.ruleID ?? name.uppercased())"))
            }
        }
        return findings
    }
}
