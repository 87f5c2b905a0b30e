import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ001: a file of a recognised kind cannot be read or parsed.
public struct ParseErrorRule: ViolationRule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ001",
        slug: "parse-error",
        severity: .error,
        summary: "A configuration file cannot be read or parsed",
        whatItDoes: """
            Reports every file rmqlint recognises (globals, oslo.config overrides, HAProxy files, \
            RabbitMQ definitions and rabbitmq.conf, inventories) that cannot be read or parsed: syntax \
            errors, keys outside any `[section]`, binary or non-UTF-8 content, files too large to read, \
            unreadable files, YAML alias bombs and nesting beyond the limits. The location is the line \
            and column where reading stopped.
            """,
        whyItMatters: """
            A file that cannot be parsed is a file whose settings rmqlint cannot check, and usually one \
            Kolla-Ansible will reject or silently mis-render at deploy time. Reporting it as an error \
            keeps a broken file from passing the gate unchecked.
            """,
        fix: "Fix the syntax at the reported line; for an intentionally non-standard file, exclude it.",
        references: [
            "https://docs.openstack.org/kolla-ansible/latest/admin/advanced-configuration.html",
            "https://docs.openstack.org/oslo.config/latest/",
        ],
        triggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/nova.conf": "↓debug = true\n[DEFAULT]\n",
            ]),
            RuleExample([
                "globals.yml": "kolla_base_distro: ubuntu\nopenstack_release: [2024.1\n↓",
            ]),
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/haproxy/services.d/rabbitmq.cfg": "    ↓mode tcp\nlisten rabbitmq\n",
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\nenable_cinder: \"yes\"\n",
                "config/nova.conf": "[DEFAULT]\ndebug = true\n[oslo_messaging_rabbit]\nheartbeat_timeout_threshold: 60\n",
            ]),
            // Other tools' files under config/ are not read, so they cannot be parse errors.
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/fluentd/input/00-global.conf": "<source>\n  @type tail\n</source>\n",
            ]),
        ])

    /// A file that cannot be read or parsed, and where reading stopped.
    public struct Found: Violation {
        /// The loader's account of what stopped it.
        var diagnostic: String
        public var location: SourceLocation

        /// Kept as `parse:` + the loader's text, the format baselines already store: a parse
        /// error has no other fact than that text (a different error in the same file is a
        /// different finding), so rewording a loader diagnostic is a fingerprint change.
        public var semanticKey: String { "parse:\(diagnostic)" }
        public var message: String { diagnostic }
    }

    public func violations(in context: LintContext) -> [Found] {
        context.model.loadDiagnostics.map { Found(diagnostic: $0.message, location: $0.location) }
    }
}
