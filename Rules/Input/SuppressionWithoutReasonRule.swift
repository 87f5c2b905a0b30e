import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ003: an inline suppression gives no reason.
public struct SuppressionWithoutReasonRule: SuppressionAuditRule, ViolationRule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ003",
        slug: "suppression-without-reason",
        severity: .info,
        summary: "An inline suppression gives no reason",
        whatItDoes: """
            Reports each `# rmqlint: disable=…` or `# rmqlint: disable-file=…` comment that does not say \
            why, after ` -- `. The directive still suppresses its findings; this rule only makes the missing \
            reason visible. Text written after the rule ids without ` -- ` is not read as a reason. Findings \
            of this rule cannot themselves be suppressed inline: turn it off with `ignore:` or \
            `per_file_ignores:` in `.rmqlint.yml`, or lower it with `severity:`.
            """,
        whyItMatters: """
            A suppression outlives the person who wrote it. Without a reason, nobody can tell later whether \
            the HA risk it hides was accepted on purpose, is a known false positive, or was silenced to get \
            a commit through; reviews and audits need the why next to the directive.
            """,
        fix: """
            Write the reason after ` -- `: `# rmqlint: disable=RMQ201 -- legacy clients need tcpka on both \
            sides until the 2025.1 upgrade`.
            """,
        references: [
            "docs/spec.md §8 (Configuration and suppression)",
            "SwiftLint Source/SwiftLintCore/Models/Command.swift (disable commands with a trailing reason)",
            "Checkov docs/2.Basics/Suppressing and Skipping Policies.md (#checkov:skip=ID:reason)",
        ],
        triggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \"2025.1\"\n↓# rmqlint: disable=RMQ105\nrabbitmq_message_ttl_ms: 600000\n",
            ]),
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/haproxy/services.d/rabbitmq.cfg": """
                    frontend rabbitmq_front
                        bind 10.0.0.10:5672
                        option tcpka ↓# rmqlint: disable=RMQ201 legacy clients
                        default_backend rabbitmq_back

                    """,
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample([
                "globals.yml": """
                    openstack_release: "2025.1"
                    # rmqlint: disable=RMQ105 -- kept until every region runs 2025.1
                    rabbitmq_message_ttl_ms: 600000

                    """,
            ]),
            // A comment that merely mentions rmqlint is not a directive.
            RuleExample(["globals.yml": "openstack_release: \"2024.1\"\n# rmqlint runs in pre-commit\n"]),
        ])

    /// A directive with no reason after ` -- `.
    public struct Found: Violation {
        var scope: String
        /// The rule names as written, comma-joined.
        var names: String
        /// Text after the rule ids that is not a reason (no ` -- ` before it).
        var hasStrayText: Bool
        public var location: SourceLocation

        public var semanticKey: String { "suppression-without-reason:\(scope)=\(names)" }
        public var message: String {
            "`rmqlint: \(scope)=\(names)` gives no reason"
                + (hasStrayText ? " (the text after the rule ids is not read as one without ` -- ` before it)" : "")
                + ": say why after ` -- `, e.g. `# rmqlint: \(scope)=\(names) -- accepted until the next upgrade`"
        }
    }

    public func violations(in context: LintContext) -> [Found] {
        context.suppressions.compactMap { use in
            let directive = use.directive
            guard directive.malformation == nil, directive.reason == nil, let scope = directive.scope else { return nil }
            return Found(
                scope: scope.rawValue, names: directive.rules.map(\.value).joined(separator: ","),
                hasStrayText: directive.strayText != nil, location: directive.location)
        }
    }
}
