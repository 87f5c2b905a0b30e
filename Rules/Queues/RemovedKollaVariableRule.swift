import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ105: globals set a variable the target release no longer reads.
public struct RemovedKollaVariableRule: ViolationRule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ105",
        slug: "removed-kolla-variable",
        severity: .warning,
        summary: "Globals set a RabbitMQ variable the target Kolla-Ansible release no longer reads",
        whatItDoes: """
            Reports each variable in `globals.yml` / `globals.d` that the target release of Kolla-Ansible \
            has removed or no longer uses: the queue flags removed in 2025.1 \
            (`om_enable_rabbitmq_high_availability`, `om_enable_rabbitmq_quorum_queues`, \
            `om_enable_queue_manager`, `om_enable_rabbitmq_transient_quorum_queue`) as a warning, and the \
            TTL, expiry, promote-on-shutdown and replica-count variables that are still defined but read by \
            nothing from 2025.1 as info.
            """,
        whyItMatters: """
            Kolla silently ignores them. An operator who keeps `om_enable_rabbitmq_quorum_queues: false` \
            through an upgrade to 2025.1 believes queues stay classic, while Kolla now hard-codes quorum \
            queues (KA 50bbcb09 "Don't allow quorum queues to be disabled") and the upgrade requires the \
            queue migration first (KA 2024.2 `doc/source/reference/message-queues/rabbitmq.rst`). A dead \
            TTL variable suggests a message TTL that no longer exists.
            """,
        fix: "Remove the variable from globals, after checking that what it asked for is what the release now does.",
        appliesTo: "Kolla-Ansible 2025.1 and later for the queue flags and TTL/replica variables; other removals per release.",
        references: [
            "KA 8f0a4f67 \"Remove om_enable_rabbitmq_high_availability\" (20.0.0)",
            "KA 50bbcb09 \"Don't allow quorum queues to be disabled\" (20.0.0)",
            "KA stable/2025.1:ansible/roles/rabbitmq/defaults/main.yml",
        ],
        triggeringExamples: [
            RuleExample([
                "globals.yml": """
                    openstack_release: "2025.1"
                    ↓om_enable_rabbitmq_high_availability: false
                    ↓om_enable_rabbitmq_quorum_queues: true
                    ↓rabbitmq_message_ttl_ms: 600000

                    """,
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample([
                "globals.yml": """
                    openstack_release: "2024.1"
                    om_enable_rabbitmq_high_availability: false
                    om_enable_rabbitmq_quorum_queues: true

                    """,
            ]),
            RuleExample(["globals.yml": "openstack_release: \"2025.1\"\nom_enable_rabbitmq_stream_fanout: true\n"]),
        ])

    /// A globals variable the target release no longer reads.
    public struct Found: Violation {
        var name: String
        var release: String
        var removal: RemovedVariable
        public var location: SourceLocation
        /// Earlier definitions of the same variable.
        var alsoSet: [SourceLocation]
        /// The lines of every definition, when each is a plain top-level `key: value`.
        var definitions: [(path: String, lines: ClosedRange<Int>)]?
        /// Where the tree's own templates read the variable.
        var readBy: [SourceLocation]

        public var semanticKey: String { "variable:\(name)" }
        public var severity: Severity? { removal.severity }
        public var related: [RelatedLocation] {
            alsoSet.map { RelatedLocation("also set here", at: $0) }
                + readBy.map { RelatedLocation("read here by the tree's own template", at: $0) }
        }
        public var message: String {
            "`\(name)` is not read by Kolla-Ansible \(release) (removed in \(removal.removedIn.name) by "
                + "\(removal.commit)): \(removal.reason). " + advice
        }
        var advice: String {
            guard let fix = fixes.first else { return "Remove it from globals" }
            return fix.description
        }

        /// Deleting every definition. Kolla's own roles do not read the variable in this
        /// release, so removing it changes nothing Kolla renders: safe when the tree itself
        /// selects this release (`openstack_release` in globals). Unsafe when a template of
        /// the tree reads the variable (removal changes or breaks what it renders), or when
        /// the release comes from `--release` or the configuration (the tree may still be
        /// deployed with an earlier release that reads it — an upgrade being checked).
        public var fixes: [Fix] {
            guard let definitions else { return [] }
            let place = alsoSet.isEmpty ? "from globals" : "from globals (all \(alsoSet.count + 1) definitions)"
            let edits = definitions.map { FixEdit.deleteLines(path: $0.path, lines: $0.lines) }
            if !readBy.isEmpty {
                return [Fix("Delete `\(name)` \(place), then edit the tree's templates that still read it", .unsafe, edits: edits)]
            }
            if !releaseFromTree {
                return [Fix("Delete `\(name)` \(place) once the tree is deployed with \(release)", .unsafe, edits: edits)]
            }
            return [Fix("Delete `\(name)` \(place)", .safe, edits: edits)]
        }
        /// Whether the tree's own globals select the release (not `--release` or the configuration).
        var releaseFromTree: Bool
    }

    public func violations(in context: LintContext) -> [Found] {
        var found: [Found] = []
        for deployment in context.model.deployments where deployment.kind != .loose {
            let version = deployment.release.version
            let removed = KollaKnowledge.removedVariables(for: version)
            for name in deployment.globals.keys.sorted() {
                guard let entry = removed[name], let variable = deployment.globals[name] else { continue }
                found.append(Found(
                    name: name, release: version.release.name, removal: entry, location: variable.location,
                    alsoSet: variable.overridden, definitions: variable.definitionLines,
                    readBy: deployment.templateReferences(to: name),
                    releaseFromTree: { if case .globals = deployment.release.source { true } else { false } }()))
            }
        }
        return found
    }
}
