import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ004: an inline suppression suppresses nothing.
public struct UnusedSuppressionRule: SuppressionAuditRule, ViolationRule {
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
            "docs/spec.md §8 (Configuration and suppression)",
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

    /// A directive, or one name in it, that suppresses nothing.
    public enum Found: Violation {
        /// A comment that starts `rmqlint:` but is no directive; `why` says what is wrong with it.
        case malformed(why: String, at: SourceLocation)
        /// A rule that reported nothing where its directive applies (`line` is the directive's).
        case unused(name: String, ruleID: String?, scope: SuppressionDirective.Scope, line: Int, at: SourceLocation)
        /// A name that is no rule's id or slug.
        case unknownRule(name: String, scope: SuppressionDirective.Scope, at: SourceLocation)
        /// A rule about suppressions themselves.
        case notSuppressible(name: String, ruleID: String?, scope: SuppressionDirective.Scope, at: SourceLocation)

        public var location: SourceLocation {
            switch self {
            case .malformed(_, let at), .unused(_, _, _, _, let at), .unknownRule(_, _, let at),
                 .notSuppressible(_, _, _, let at): at
            }
        }

        public var semanticKey: String {
            switch self {
            case .malformed(let why, _): "malformed-suppression:\(why)"
            case .unused(let name, let id, let scope, _, _), .notSuppressible(let name, let id, let scope, _):
                "unused-suppression:\(scope.rawValue)=\(id ?? name.uppercased())"
            case .unknownRule(let name, let scope, _): "unused-suppression:\(scope.rawValue)=\(name.uppercased())"
            }
        }

        public var message: String {
            switch self {
            case .malformed(let why, _):
                "this `rmqlint:` comment suppresses nothing: \(why)"
            case .unused(let name, let id, let scope, let line, _):
                scope == .file
                    ? "`disable-file=\(name)` suppresses nothing: \(id ?? name) reports no finding in this file; remove it"
                    : "`disable=\(name)` suppresses nothing: \(id ?? name) reports no finding on line \(line) or \(line + 1); remove it"
            case .unknownRule(let name, _, _):
                "'\(name)' is not the id or slug of an rmqlint rule (see `rmqlint rules`), so it suppresses nothing"
            case .notSuppressible(let name, let id, _, _):
                "\(id ?? name) is about suppressions themselves and cannot be suppressed inline; "
                    + "use `ignore:` or `per_file_ignores:` in .rmqlint.yml"
            }
        }
    }

    public func violations(in context: LintContext) -> [Found] {
        var found: [Found] = []
        for use in context.suppressions {
            let directive = use.directive
            if let malformation = directive.malformation {
                found.append(.malformed(why: malformation, at: directive.location))
                continue
            }
            guard let scope = directive.scope else { continue }
            for outcome in use.outcomes {
                let name = outcome.name.value, at = outcome.name.location
                switch outcome.status {
                case .used, .notRun: continue
                case .unused: found.append(.unused(name: name, ruleID: outcome.ruleID, scope: scope, line: directive.line, at: at))
                case .unknownRule: found.append(.unknownRule(name: name, scope: scope, at: at))
                case .notSuppressible: found.append(.notSuppressible(name: name, ruleID: outcome.ruleID, scope: scope, at: at))
                }
            }
        }
        return found
    }
}
