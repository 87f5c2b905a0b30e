import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ106: a mirroring policy that keeps RabbitMQ's `when-synced` promotion.
public struct PromoteOnShutdownRule: ViolationRule {
    public init() {}

    static let variable = "rabbitmq_ha_promote_on_shutdown"

    public static let description = RuleDescription(
        id: "RMQ106",
        slug: "promote-on-shutdown",
        severity: .warning,
        summary: "A mirroring policy does not promote unsynchronised mirrors when the leader stops",
        whatItDoes: """
            On RabbitMQ 3.x and a cluster of two or more RabbitMQ hosts (of unknown size: info, and the \
            message says it holds only on a cluster), for every effective policy that sets classic mirroring (`ha-mode`, applied to \
            queues) — the tree's definitions.json or the `ha-all` policy Kolla-Ansible's template renders \
            for the release and flags — reports `ha-promote-on-shutdown` left unset (RabbitMQ's default is \
            `when-synced`) or set to `when-synced`, and `ha-promote-on-failure: when-synced`. For Kolla's \
            template an unset value is reported at `rabbitmq_ha_promote_on_shutdown` when globals set it \
            (to null), else at the line that makes Kolla render the policy (the HA flag, or \
            `openstack_release` for the implicit policy of Queens–Xena); a value in the tree's \
            definitions.json at its own line (at `ha-mode` when the key is absent).
            """,
        whyItMatters: """
            With `when-synced`, a mirrored queue whose leader is stopped in a controlled way (a rolling \
            restart, an upgrade) is not failed over to a mirror that is not fully synchronised — and with \
            the default manual synchronisation a mirror that joined later stays unsynchronised until the \
            queue drains. The queue stays unavailable until its \
            old node returns; if the node does not come back cleanly, it never recovers. That is \
            Kolla-Ansible LP#1954925 (RabbitMQ nodes not recovering after restarts), fixed by \
            `rabbitmq_ha_promote_on_shutdown` (KA 94f3ce0c) defaulting to `always` from 2023.1 \
            (KA a87810db) — zed's backport left it unset. `ha-promote-on-failure: when-synced` does the \
            same when the leader's node crashes, overriding `ha-promote-on-shutdown: always`.
            """,
        fix: """
            Set `rabbitmq_ha_promote_on_shutdown: "always"` in globals (Kolla-Ansible zed 15.2.0+, yoga \
            14.9.0+, xena 13.9.0+; the default from 2023.1), or `"ha-promote-on-shutdown": "always"` in \
            your definitions.json policy, and drop `ha-promote-on-failure: when-synced`. Releases without \
            the variable need a custom `config/rabbitmq/definitions.json`. Better still, move to quorum \
            queues.
            """,
        appliesTo: """
            RabbitMQ 3.x (classic mirroring): every Kolla-Ansible release up to 2024.2 whose effective \
            policies mirror queues — Queens–Xena's implicit `ha-all`, and `om_enable_rabbitmq_high_availability` \
            from wallaby (backport) to 2024.2.
            """,
        references: [
            "https://www.rabbitmq.com/docs/3.13/ha#cluster-shutdown (ha-promote-on-shutdown, ha-promote-on-failure)",
            "https://bugs.launchpad.net/kolla-ansible/+bug/1954925",
            "KA 94f3ce0c \"RabbitMQ: Support setting ha-promote-on-shutdown\" (zed 300f5847, 15.2.0)",
            "KA a87810db \"Set RabbitMQ ha-promote-on-shutdown=always\" (16.0.0)",
            "KA zed-eol:ansible/roles/rabbitmq/templates/definitions.json.j2",
        ],
        triggeringExamples: [
            // zed's defaults render {"ha-mode":"all"} only.
            RuleExample([
                "globals.yml": """
                    openstack_release: "zed"
                    ↓om_enable_rabbitmq_high_availability: true

                    """,
            ]),
            RuleExample([
                "globals.yml": "openstack_release: \"2023.1\"\n",
                "config/rabbitmq/definitions.json": """
                    {"policies": [
                      {"vhost": "/", "name": "ha-topics", "pattern": "^(?!(amq\\\\.)|(.*_fanout_)|(reply_)).*",
                       "apply-to": "queues", "priority": 0,
                       "definition": {"ha-mode": "exactly", "ha-params": 2,
                                      "ha-promote-on-shutdown": ↓"when-synced", "ha-promote-on-failure": ↓"when-synced"}},
                      {"vhost": "/", "name": "ha-notifications", "pattern": "^notifications\\\\.",
                       "apply-to": "queues", "priority": 1, "definition": {"ha-mode": ↓"all"}}
                    ]}

                    """,
            ]),
            // Explicitly unset in globals: reported at that line.
            RuleExample([
                "globals.yml": """
                    openstack_release: "2023.2"
                    om_enable_rabbitmq_high_availability: true
                    om_enable_rabbitmq_quorum_queues: false
                    ↓rabbitmq_ha_promote_on_shutdown:

                    """,
            ]),
            // Xena's implicit ha-all ignores the variable (KA xena-eol
            // ansible/roles/rabbitmq/templates/definitions.json.j2): setting it changes nothing.
            RuleExample([
                "globals.yml": """
                    openstack_release: ↓"xena"
                    rabbitmq_ha_promote_on_shutdown: "always"

                    """,
                "multinode": "[rabbitmq]\nctl01\nctl02\nctl03\n",
            ]),
        ],
        nonTriggeringExamples: [
            // One RabbitMQ node: no mirror to promote.
            RuleExample([
                "globals.yml": "openstack_release: \"zed\"\nom_enable_rabbitmq_high_availability: true\n",
                "multinode": "[rabbitmq]\nctl01\n",
            ]),
            RuleExample([
                "globals.yml": """
                    openstack_release: "zed"
                    om_enable_rabbitmq_high_availability: true
                    rabbitmq_ha_promote_on_shutdown: "always"

                    """,
            ]),
            // 2023.1's default is "always".
            RuleExample(["globals.yml": "openstack_release: \"2023.1\"\nom_enable_rabbitmq_high_availability: true\n"]),
            // Kolla 2025.1 renders no mirroring policy (RabbitMQ 4.0).
            RuleExample(["globals.yml": "openstack_release: \"2025.1\"\n"]),
            // On RabbitMQ 4 the keys do nothing at all: RMQ104 reports them instead.
            RuleExample([
                "globals.yml": "openstack_release: \"2025.1\"\n",
                "config/rabbitmq/definitions.json": """
                    {"policies": [{"vhost": "/", "name": "ha", "pattern": ".*", "definition": {"ha-mode": "all"}}]}

                    """,
            ]),
        ])

    /// A mirroring policy that leaves a queue unavailable while its leader's node is down.
    public struct Found: Violation {
        enum Problem {
            /// `ha-promote-on-shutdown: when-synced` written; `template`: in Kolla's template.
            case shutdownWhenSynced(template: Bool)
            /// A user policy without `ha-promote-on-shutdown`.
            case shutdownUnset
            /// Kolla's template renders no `ha-promote-on-shutdown`.
            case templateUnset(implicit: Bool, definition: String, variableInGlobals: Bool, releaseHasVariable: Bool)
            /// `ha-promote-on-failure: when-synced`.
            case failureWhenSynced
        }
        var problem: Problem
        var policyName: String
        /// The policy as a sentence subject, and the Kolla-Ansible release.
        var policy: String
        var release: String
        var policyKey: QueueRules.PolicyKey
        public var location: SourceLocation
        public var related: [RelatedLocation]
        /// Where globals define things a fix edits (plain top-level `key: value` lines only).
        var globalsFacts = GlobalsFacts()

        /// The globals lines a fix of a Kolla-rendered policy replaces or adds after.
        struct GlobalsFacts: Sendable {
            /// The effective definition of `rabbitmq_ha_promote_on_shutdown`.
            var variable: QueueRules.GlobalsDefinition?
            /// The effective definition of the HA flag.
            var haFlag: QueueRules.GlobalsDefinition?
            /// A top-level line new variables go after: the HA flag, else `openstack_release`.
            var anchor: QueueRules.GlobalsDefinition?
            /// This release's HA-flag policy (`om_enable_rabbitmq_high_availability`) renders
            /// `ha-promote-on-shutdown` from the variable (xena 13.9.0, yoga 14.9.0, zed 15.2.0 on).
            var haPolicyReadsVariable = false
        }

        public var semanticKey: String { policyKey.text }

        public var message: String {
            problemMessage
        }

        /// Setting promotion to `always`, the release- and tree-correct way:
        /// - a `when-synced` value (definitions.json, or the variable in globals) becomes
        ///   `always`; `ha-promote-on-failure: when-synced` becomes RabbitMQ's default `always`;
        ///   a policy of the tree's definitions.json without the key gets it. Safe: it changes
        ///   only which mirror may take over from a stopped or failed leader — the problem.
        /// - Kolla's HA policy that reads `rabbitmq_ha_promote_on_shutdown`: the variable is set
        ///   (or its null in globals replaced) with `"always"`, Kolla's own default from 2023.1.
        ///   Safe.
        /// - Kolla's implicit `ha-all` of Queens–Xena ignores the variable: setting it changes
        ///   nothing. Where the release's HA-flag policy reads it, the fix turns that policy on
        ///   (`om_enable_rabbitmq_high_availability: true`) with the variable: unsafe, since it
        ///   also changes which queues are mirrored (reply and fanout queues no longer are).
        ///   Elsewhere there is no fix (a custom definitions.json is a judgement).
        public var fixes: [Fix] {
            let variable = PromoteOnShutdownRule.variable
            let line = "\(variable): \"always\""
            switch problem {
            case .shutdownWhenSynced(template: true):
                guard let definition = globalsFacts.variable else { return [] }
                return [Fix("Set `\(line)` in globals", .safe, edits: definition.replaced(with: line))]
            case .shutdownWhenSynced(template: false):
                return [Fix("Set `\"ha-promote-on-shutdown\": \"always\"`", .safe, edits: [.replace(location, with: "\"always\"")])]
            case .failureWhenSynced:
                return [Fix("Set it to `always` (RabbitMQ's default)", .safe, edits: [.replace(location, with: "\"always\"")])]
            case .shutdownUnset:
                let end = SourceLocation(path: location.path, range: SourceRange(start: location.range.end, end: location.range.end))
                return [Fix("Add `\"ha-promote-on-shutdown\": \"always\"` to its definition", .safe,
                            edits: [.replace(end, with: ", \"ha-promote-on-shutdown\": \"always\"")])]
            case .templateUnset(let implicit, _, _, let releaseHasVariable):
                if releaseHasVariable {
                    if let definition = globalsFacts.variable {
                        return [Fix("Set `\(line)` in globals", .safe, edits: definition.replaced(with: line))]
                    }
                    guard let anchor = globalsFacts.anchor else { return [] }
                    return [Fix("Set `\(line)` in globals", .safe, edits: [anchor.adding(line)])]
                }
                guard implicit, globalsFacts.haPolicyReadsVariable, let anchor = globalsFacts.anchor else { return [] }
                let flag = "\(HAAndQuorumTogetherRule.haFlag): true"
                var edits: [FixEdit] = []
                if let definition = globalsFacts.variable { edits += definition.replaced(with: line) }
                let added = globalsFacts.variable == nil ? "\n" + line : ""
                if let definition = globalsFacts.haFlag {
                    // The flag's definition is also the anchor: one insertion there.
                    edits += definition.replaced(with: flag + added)
                } else {
                    edits.append(anchor.adding(flag + added))
                }
                return [Fix("Set `\(flag)` and `\(line)` in globals (Kolla's HA policy reads the variable; its implicit "
                                + "policy does not, and mirrors reply and fanout queues too)", .unsafe, edits: edits)]
            }
        }

        var problemMessage: String {
            let variable = PromoteOnShutdownRule.variable, key = "ha-promote-on-shutdown"
            switch problem {
            case .shutdownWhenSynced(let template):
                let advice = fixes.first?.description.lowercasingFirst
                    ?? (template ? "set `\(variable): \"always\"` in globals" : "set `\"\(key)\": \"always\"`")
                return "\(policy) sets `\(key): when-synced`: when the node holding a queue's leader is "
                    + "stopped (restart, upgrade), no unsynchronised mirror takes over and the queue stays unavailable "
                    + "until that node returns (LP#1954925). \(QueueRules.sentence(advice))"
            case .shutdownUnset:
                return "\(policy) mirrors queues without `\(key)`: RabbitMQ's default "
                    + "`when-synced` leaves a queue whose leader's node is stopped (restart, upgrade) unavailable until "
                    + "that node returns (LP#1954925). " + (fixes.first?.description ?? "Add `\"\(key)\": \"always\"` to its definition")
            case .templateUnset(let implicit, let definition, let inGlobals, let releaseHasVariable):
                // The variable matters only where the rendered policy reads it (not the implicit
                // ha-all of Queens–Xena, whatever globals say).
                let variableState = releaseHasVariable
                    ? inGlobals
                        ? "with `\(variable)` unset (null in globals)"
                        : "with `\(variable)` unset (Kolla-Ansible's \(release) default)"
                    : inGlobals
                        ? "without `ha-promote-on-shutdown`: this policy does not read `\(variable)`, so its value in globals has no effect"
                        : implicit
                            ? "without `ha-promote-on-shutdown` (this policy does not read `\(variable)`)"
                            : "without `ha-promote-on-shutdown` (this release has no `\(variable)`)"
                let advice = fixes.first.map { $0.description + (releaseHasVariable ? "" : ", or provide config/rabbitmq/definitions.json "
                                                                    + "with `\"\(key)\": \"always\"` in the policy") }
                    ?? (releaseHasVariable
                        ? "Set `\(variable): \"always\"` in globals"
                        : "Provide config/rabbitmq/definitions.json with `\"\(key)\": \"always\"` in the policy, or move to "
                            + (implicit
                                ? "a release whose HA policy reads `\(variable)` (xena 13.9.0, yoga 14.9.0, zed 15.2.0 and later) "
                                    + "and set `\(HAAndQuorumTogetherRule.haFlag): true` with it"
                                : "a release that has `\(variable)` (xena 13.9.0, yoga 14.9.0, zed 15.2.0 and later)"))
                return "Kolla-Ansible's \(release) definitions.json template renders "
                    + "\(implicit ? "its implicit policy" : "policy") '\(policyName)' "
                    + "\(variableState): `\(definition)` leaves `\(key)` at RabbitMQ's default "
                    + "`when-synced`, so a queue whose leader's node is stopped (restart, upgrade) stays unavailable "
                    + "until that node returns (LP#1954925). \(advice)"
            case .failureWhenSynced:
                return "\(policy) sets `ha-promote-on-failure: when-synced`: when the node holding a queue's leader "
                    + "fails, no unsynchronised mirror is promoted — even with `ha-promote-on-shutdown: always` — and the "
                    + "queue is unavailable until that node recovers. " + (fixes.first?.description ?? "Remove it (RabbitMQ's default is `always`)")
            }
        }
    }

    public func violations(in context: LintContext) -> [Found] {
        var found: [Found] = []
        for deployment in context.model.deployments where deployment.rabbitMQ.version.supportsClassicMirroring {
            // Mirrors need a second node (docs/spec.md §10.4); a single node has nothing to promote.
            let size = deployment.effective.cluster.size
            // An unknown size: the engine also checks a single node, where this does not hold.
            if let size, size < 2 { continue }
            for set in deployment.effective.policySets {
                for policy in set.policies where deployment.certainlyMirrors(policy, in: set) {
                    found += violations(policy, in: set, deployment)
                }
            }
        }
        return found
    }

    private func violations(
        _ policy: EffectivePolicy, in set: EffectivePolicySet, _ deployment: Deployment
    ) -> [Found] {
        let template = set.isKollaTemplate
        let key = "ha-promote-on-shutdown", failureKey = "ha-promote-on-failure"
        let facts = template ? globalsFacts(deployment) : Found.GlobalsFacts()
        func found(_ problem: Found.Problem, _ key: String, at location: SourceLocation) -> Found {
            Found(
                problem: problem, policyName: policy.name,
                policy: QueueRules.sentence(QueueRules.describe(policy, in: set, deployment)),
                release: QueueRules.releaseName(deployment), policyKey: QueueRules.PolicyKey(policy, key, in: set),
                location: location, related: QueueRules.templateRelated(policy, set: set, deployment, primary: location),
                globalsFacts: facts)
        }
        var result: [Found] = []
        switch deployment.keyState(key, of: policy, in: set) {
        case .unknown, .presentAmbiguous:
            break
        case .present(let shutdown):
            if shutdown.value == .string("when-synced"),
               let location = deployment.findingLocation(ofKey: key, in: policy, set: set) {
                result.append(found(.shutdownWhenSynced(template: template), key, at: location))
            }
        case .absent:
            // Unset: RabbitMQ's default `when-synced` applies.
            if template, let location = deployment.findingLocation(ofKey: key, in: policy, set: set) {
                result.append(found(.templateUnset(
                    implicit: deployment.isImplicitTemplatePolicy(policy), definition: QueueRules.definitionText(policy),
                    variableInGlobals: deployment.globalsLine(Self.variable) != nil,
                    releaseHasVariable: !deployment.templateVariables(deciding: key, of: policy).isEmpty),
                    key, at: location))
            } else if !template, let location = deployment.findingLocation(ofKey: "ha-mode", in: policy, set: set) {
                result.append(found(.shutdownUnset, key, at: location))
            }
        }
        if !template, case .present(let failure) = deployment.keyState(failureKey, of: policy, in: set),
           failure.value == .string("when-synced"),
           let location = deployment.findingLocation(ofKey: failureKey, in: policy, set: set) {
            result.append(found(.failureWhenSynced, failureKey, at: location))
        }
        return result
    }

    /// The globals lines a fix of Kolla's rendered policy edits, and whether the release's
    /// HA-flag policy reads `rabbitmq_ha_promote_on_shutdown`.
    private func globalsFacts(_ deployment: Deployment) -> Found.GlobalsFacts {
        func definition(_ name: String) -> QueueRules.GlobalsDefinition? { QueueRules.globalsDefinition(name, in: deployment) }
        var facts = Found.GlobalsFacts()
        facts.variable = definition(Self.variable)
        facts.haFlag = definition(HAAndQuorumTogetherRule.haFlag)
        facts.anchor = facts.haFlag ?? definition("openstack_release")
        facts.haPolicyReadsVariable = KollaKnowledge.renderedPolicies(for: deployment.release.version).contains { policy in
            policy.condition == "\(HAAndQuorumTogetherRule.haFlag) | bool" && policy.definition.contains { entry in
                guard entry.key == "ha-promote-on-shutdown" else { return false }
                if case .ifNotNone(let name) = entry.emitWhen { return name == Self.variable }
                return Jinja.referencedVariables(inTemplate: entry.value).contains(Self.variable)
            }
        }
        return facts
    }
}
