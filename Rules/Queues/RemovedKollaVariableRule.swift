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

        public var semanticKey: String { "variable:\(name)" }
        public var severity: Severity? { removal.severity }
        public var related: [RelatedLocation] { alsoSet.map { RelatedLocation("also set here", at: $0) } }
        public var message: String {
            "`\(name)` is not read by Kolla-Ansible \(release) (removed in \(removal.removedIn.name) by "
                + "\(removal.commit)): \(removal.reason). Remove it from globals"
        }
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
                    alsoSet: variable.overridden))
            }
        }
        return found
    }
}
