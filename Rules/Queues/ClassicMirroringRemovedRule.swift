import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ104: classic-mirroring policy keys on RabbitMQ 4.x.
public struct ClassicMirroringRemovedRule: ViolationRule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ104",
        slug: "classic-mirroring-removed",
        severity: .error,
        summary: "A policy carries classic-mirroring keys (ha-*) on RabbitMQ 4.0 or later",
        whatItDoes: """
            When the deployment runs RabbitMQ 4.0 or later (`--rabbitmq-version`, a versioned \
            `rabbitmq_image` such as `rabbitmq-4-1`, or the image the Kolla-Ansible release ships: 4.0 from \
            2025.1), reports every effective policy whose definition has `ha-mode`, `ha-params`, \
            `ha-sync-mode`, `ha-sync-batch-size`, `ha-promote-on-shutdown` or `ha-promote-on-failure`: in \
            the tree's `config/rabbitmq/[<host>/]definitions.json`, or in Kolla's own template (2024.1 and \
            2024.2 with `om_enable_rabbitmq_high_availability` and a RabbitMQ 4 image). One finding per \
            policy, at its `ha-mode` value (else its first `ha-*` key), or for Kolla's template at the line \
            that makes Kolla render it. A policy that exists only under an unknown condition is not reported.
            """,
        whyItMatters: """
            RabbitMQ 4.0 removed classic queue mirroring (rabbitmq-server PR #9815; deprecated since 3.9): \
            "all classic queue mirroring-related parts of policies will have no effect" (RabbitMQ 4.0.1 \
            release notes), so queues the operator believes replicated are single-node classic queues. \
            RabbitMQ 4.x registers no validator for `ha-*` keys and rejects unknown policy keys, so a \
            definitions file that still carries them can stop the import at boot (vexxhost/atmosphere#3080: \
            such policies "prevent init jobs to finish"). Kolla-Ansible removed its `ha-all` policy before \
            moving to RabbitMQ 4.0 (KA 8f0a4f67).
            """,
        fix: """
            Remove the `ha-*` keys (and policies left empty) from definitions.json — `rabbitmqadmin \
            definitions export --transformations strip_cmq_keys_from_policies,drop_empty_policies` does it \
            for a running broker — and replicate with quorum queues (`rabbit_quorum_queue = true`, \
            Kolla's default from 2023.2). With Kolla's template, unset \
            `om_enable_rabbitmq_high_availability` before switching to a RabbitMQ 4 image.
            """,
        appliesTo: "RabbitMQ 4.0 and later: Kolla-Ansible 2025.1 and later, or 2024.1/2024.2 with a `rabbitmq-4-1` image.",
        references: [
            "RS release-notes/4.0.1.md (classic queue mirroring removed)",
            "https://www.rabbitmq.com/docs/3.13/ha (deprecated, removed in 4.0)",
            "https://github.com/vexxhost/atmosphere/pull/3080",
            "KA 8f0a4f67 \"Remove om_enable_rabbitmq_high_availability\" (20.0.0)",
            "https://www.rabbitmq.com/docs/definitions (strip_cmq_keys_from_policies)",
        ],
        triggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \"2025.1\"\n",
                "config/rabbitmq/definitions.json": """
                    {
                      "policies": [
                        {"vhost": "/", "name": "ha-all", "pattern": "^(?!(amq\\\\.)|(.*_fanout_)|(reply_)).*",
                         "apply-to": "all", "priority": 0,
                         "definition": {"ha-mode": ↓"exactly", "ha-params": 2, "message-ttl": 1800000}}
                      ]
                    }

                    """,
            ]),
            // 2024.1 with the RabbitMQ 4.1 image and Kolla's mirroring policy still switched on.
            RuleExample([
                "globals.yml": """
                    openstack_release: "2024.1"
                    rabbitmq_image: "quay.io/openstack.kolla/rabbitmq-4-1"
                    ↓om_enable_rabbitmq_high_availability: true
                    om_enable_rabbitmq_quorum_queues: false

                    """,
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \"2025.1\"\n",
                "config/rabbitmq/definitions.json": """
                    {
                      "policies": [
                        {"vhost": "/", "name": "ttl", "pattern": "^(?!(amq\\\\.)|(.*_fanout_)|(reply_)).*",
                         "apply-to": "queues", "priority": 0,
                         "definition": {"message-ttl": 1800000}}
                      ]
                    }

                    """,
            ]),
            // RabbitMQ 3.13 (Kolla 2024.1's image) still has mirroring.
            RuleExample([
                "globals.yml": """
                    openstack_release: "2024.1"
                    om_enable_rabbitmq_high_availability: true
                    om_enable_rabbitmq_quorum_queues: false

                    """,
            ]),
        ])

    /// A loaded policy with classic-mirroring keys on a RabbitMQ without classic mirroring.
    public struct Found: Violation {
        /// The policy as a sentence subject (`The policy 'ha-all' (vhost /) in …`).
        var policy: String
        /// The `ha-*` keys it certainly sets, in order, once each.
        var keys: [String]
        /// The effective RabbitMQ version as a phrase, and where it comes from.
        var rabbitMQ: String
        /// The Kolla-Ansible release whose template renders the policy, if it is Kolla's.
        var kollaRelease: String?
        /// Identity: the policy's name, vhost and host, and the primary key.
        var policyKey: QueueRules.PolicyKey
        public var location: SourceLocation
        public var related: [RelatedLocation]

        public var semanticKey: String { policyKey.text }
        public var message: String {
            "\(policy) sets classic-mirroring keys (\(keys.map { "`\($0)`" }.joined(separator: ", "))), but \(rabbitMQ) "
                + "removed classic queue mirroring: they replicate nothing, and RabbitMQ 4 does not accept them as "
                + "policy keys" + fix
        }
        var fix: String {
            kollaRelease.map { ". Kolla-Ansible \($0) renders it because of this line: remove the flag and use quorum queues" }
                ?? ". Remove the `ha-*` keys (and the policy if nothing else is left) and use quorum queues"
        }
    }

    public func violations(in context: LintContext) -> [Found] {
        var found: [Found] = []
        for deployment in context.model.deployments where !deployment.rabbitMQ.version.supportsClassicMirroring {
            for set in deployment.effective.policySets {
                for policy in set.policies where policy.hasMirroringKeys && deployment.isCertainlyLoaded(policy, in: set) {
                    if let one = violation(policy, in: set, deployment) { found.append(one) }
                }
            }
        }
        return found
    }

    private func violation(_ policy: EffectivePolicy, in set: EffectivePolicySet, _ deployment: Deployment) -> Found? {
        // Keys whose presence is certain (a template entry may depend on an unknown variable).
        let keys = policy.definition.map(\.key).filter { key in
            guard key.hasPrefix("ha-") else { return false }
            switch deployment.keyState(key, of: policy, in: set) {
            case .present, .presentAmbiguous: return true
            case .absent, .unknown: return false
            }
        }
        guard let primary = keys.contains("ha-mode") ? "ha-mode" : keys.first else { return nil }
        // Kolla's template: the line that makes Kolla render the policy, not a value variable.
        let location = set.isKollaTemplate
            ? deployment.findingLocation(of: policy.provenance)
            : deployment.findingLocation(ofKey: primary, in: policy, set: set)
        guard let location else { return nil }
        var unique: [String] = []
        for key in keys where !unique.contains(key) { unique.append(key) }
        return Found(
            policy: QueueRules.sentence(QueueRules.describe(policy, in: set, deployment)), keys: unique,
            rabbitMQ: QueueRules.rabbitMQText(deployment),
            kollaRelease: set.isKollaTemplate ? QueueRules.releaseName(deployment) : nil,
            policyKey: QueueRules.PolicyKey(policy, primary, in: set), location: location,
            related: QueueRules.rabbitMQRelated(deployment)
                + QueueRules.templateRelated(policy, set: set, deployment, primary: location))
    }
}
