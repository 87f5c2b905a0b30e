import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ302: a policy `message-ttl` / `expires` that RabbitMQ rejects or that is seconds
/// written as milliseconds.
public struct InvalidTTLRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ302",
        slug: "invalid-ttl",
        severity: .error,
        summary: "A policy message-ttl or expires is not a valid number of milliseconds",
        whatItDoes: """
            Checks `message-ttl` and `expires` in every effective policy — the tree's definitions.json, and \
            the `ha-all` policy Kolla-Ansible renders from `rabbitmq_message_ttl_ms` / \
            `rabbitmq_queue_expiry_ms` (zed 15.2.0 to 2024.2, when `om_enable_rabbitmq_high_availability` \
            makes Kolla render the policy). It reports a value that is not an integer, a negative value, \
            `expires` of 0, and any value below 1000 ms, which is almost always seconds written where \
            RabbitMQ expects milliseconds. Values from Kolla's template are reported at the globals line \
            of the variable; values that depend on something rmqlint cannot evaluate, and variables Kolla \
            does not render in this deployment, are not reported.
            """,
        whyItMatters: """
            Both keys are milliseconds: `message-ttl` must be an integer ≥ 0 and `expires` an integer ≥ 1 \
            (RabbitMQ "Time-To-Live and Expiration"; `rabbit_policies` validators). A string or fraction is \
            rejected when the definitions are imported, so the broker starts without any policy; Kolla's \
            `| int` turns `"10m"` into 0 instead, which expires every message that is not consumed at once. \
            `message-ttl: 600` meant as ten minutes drops RPC requests and notifications after 0.6 s, and \
            `expires: 3600` deletes idle queues — `compute.<host>` while a compute node restarts — after \
            3.6 s. Kolla-Ansible's own defaults (KA fd30dfb8) are 600000 ms and 3600000 ms.
            """,
        fix: """
            Write integers in milliseconds: `rabbitmq_message_ttl_ms: 1800000` (30 min, at least nova's \
            `long_rpc_timeout`), `rabbitmq_queue_expiry_ms: 3600000`, or the same numbers as JSON integers in \
            definitions.json.
            """,
        appliesTo: """
            Every release and RabbitMQ version for definitions.json; Kolla-Ansible zed (15.2.0+) to 2024.2 for \
            `rabbitmq_message_ttl_ms` / `rabbitmq_queue_expiry_ms` with the HA flag (2025.1 no longer reads them: RMQ105).
            """,
        references: [
            "https://www.rabbitmq.com/docs/ttl",
            "RS v3.13.7:deps/rabbit/src/rabbit_policies.erl (message-ttl, expires validators)",
            "KA dae2cbca \"Add flags for RabbitMQ message TTL & queue expiry\"; fd30dfb8 (defaults, 16.0.0)",
            "KA 2023.1-eol:ansible/roles/rabbitmq/templates/definitions.json.j2",
        ],
        triggeringExamples: [
            // Seconds instead of milliseconds.
            RuleExample([
                "globals.yml": """
                    openstack_release: "2023.1"
                    om_enable_rabbitmq_high_availability: true
                    ↓rabbitmq_message_ttl_ms: 600
                    ↓rabbitmq_queue_expiry_ms: "1h"

                    """,
            ]),
            RuleExample([
                "globals.yml": "openstack_release: \"2024.2\"\n",
                "config/rabbitmq/definitions.json": """
                    {"policies": [
                      {"vhost": "/", "name": "notifications", "pattern": "^notifications\\\\.", "apply-to": "queues",
                       "definition": {"message-ttl": ↓"600000", "expires": ↓0}},
                      {"vhost": "/", "name": "fanout", "pattern": "_fanout_", "apply-to": "queues",
                       "definition": {"expires": ↓-1, "message-ttl": ↓1.5}}
                    ]}

                    """,
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample([
                "globals.yml": """
                    openstack_release: "2023.1"
                    om_enable_rabbitmq_high_availability: true
                    rabbitmq_message_ttl_ms: 1800000
                    rabbitmq_queue_expiry_ms: "3600000"

                    """,
            ]),
            // The HA flag is off: Kolla renders no policy, the variables are inert.
            RuleExample([
                "globals.yml": "openstack_release: \"2023.1\"\nrabbitmq_message_ttl_ms: 600\n",
            ]),
            // message-ttl 0 would drop everything, but a templated value rmqlint cannot evaluate is not guessed.
            RuleExample([
                "globals.yml": """
                    openstack_release: "2023.1"
                    om_enable_rabbitmq_high_availability: true
                    rabbitmq_message_ttl_ms: "{{ site_ttl }}"

                    """,
            ]),
        ])

    static let keys = ["message-ttl", "expires"]

    public func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for deployment in context.model.deployments {
            var seen: Set<String> = []
            for set in deployment.effective.policySets {
                for policy in set.policies where deployment.isCertainlyLoaded(policy, in: set) {
                    for key in Self.keys {
                        guard case .present(let value) = QueueRules.value(key, in: policy, set: set, deployment),
                              let found = check(key, value, policy: policy, set: set, deployment),
                              seen.insert("\(found.location)\u{1F}\(found.semanticKey)").inserted else { continue }
                        findings.append(found)
                    }
                }
            }
        }
        return findings
    }

    /// What RabbitMQ would make of a value: an integer, "not an integer", or unknown (`nil`).
    private enum Reading {
        case integer(Int)
        case notInteger(String)
    }

    private func read(_ value: JinjaValue, lenientStrings: Bool) -> Reading? {
        if value.containsUnknown { return nil }
        switch value {
        case .int(let number): return .integer(number)
        case .string(let text):
            // Kolla pipes the variables through `| int`, so a quoted number is fine there.
            if lenientStrings, let number = Int(text.trimmingSpaces) { return .integer(number) }
            return .notInteger("the string \(QueueRules.jsonText(value))")
        case .float: return .notInteger("the fraction \(QueueRules.jsonText(value))")
        case .bool: return .notInteger("the boolean \(QueueRules.jsonText(value))")
        case .none: return .notInteger("null")
        case .list: return .notInteger("a list")
        case .dict: return .notInteger("an object")
        case .unknown: return nil
        }
    }

    private func check(
        _ key: String, _ value: EffectivePolicyValue, policy: EffectivePolicy, set: EffectivePolicySet, _ deployment: Deployment
    ) -> Finding? {
        let name = QueueRules.describe(policy, in: set, deployment)
        // Kolla's template: judge the globals variable as written (before `| int`), at its line.
        if set.isKollaTemplate {
            for variable in QueueRules.templateVariables(of: key, policy: policy, deployment) {
                guard let line = QueueRules.globalsLine(variable, in: deployment),
                      let raw = deployment.effective.variables?.value(variable),
                      let reading = read(raw, lenientStrings: true) else { continue }
                // `| int` on both keys from KA d1b24a41 (16.0.0); zed/yoga/xena render `expires` as written.
                let piped = deployment.kollaTemplate(of: policy)?.definition
                    .contains { $0.key == key && $0.value.contains("| int") } ?? false
                guard let problem = problem(key, reading, kollaInt: piped) else { return nil }
                return finding(
                    "`\(variable)` is \(problem.value), which Kolla-Ansible \(QueueRules.releaseName(deployment))'s "
                        + "definitions.json template renders as `\(key)` of "
                        + "\(QueueRules.describe(policy, in: set, deployment, source: false)): \(problem.effect). \(problem.advice)",
                    at: line, key: "variable:\(variable)",
                    related: QueueRules.templateRelated(policy, set: set, deployment, primary: line)
                        + QueueRules.alsoSetRelated(variable, in: deployment))
            }
        }
        guard let reading = read(value.value, lenientStrings: false),
              let problem = problem(key, reading, kollaInt: false),
              let location = QueueRules.location(of: key, in: policy, set: set, deployment) else { return nil }
        let source = value.provenance.isDefault ? " (a default of the template)" : ""
        return finding(
            "`\(key)` of \(name) is \(problem.value)\(source): \(problem.effect). \(problem.advice)",
            at: location, key: QueueRules.policyKey(policy, key, in: set),
            related: QueueRules.templateRelated(policy, set: set, deployment, primary: location))
    }

    /// What is wrong with a value — the value, its effect, the fix — or `nil` when it is a
    /// valid TTL of at least a second.
    private func problem(_ key: String, _ reading: Reading, kollaInt: Bool) -> (value: String, effect: String, advice: String)? {
        let expires = key == "expires"
        switch reading {
        case .notInteger(let description):
            let effect = kollaInt
                ? "not an integer number of milliseconds, and Kolla's `| int` turns it into 0 or a truncated number"
                : "not an integer number of milliseconds, so RabbitMQ rejects the policy (or the JSON) when it imports "
                    + "the definitions"
            return (description, effect, "Write an integer in milliseconds, e.g. \(expires ? 3_600_000 : 1_800_000)")
        case .integer(let number):
            if number < 0 {
                return ("\(number)", "RabbitMQ rejects a negative `\(key)` (it must be an integer ≥ \(expires ? 1 : 0))",
                        "Write a positive number of milliseconds")
            }
            if expires && number == 0 {
                return ("0", "RabbitMQ rejects it (`expires` must be at least 1 ms)",
                        "Write a positive number of milliseconds, e.g. 3600000, or remove `expires`")
            }
            guard number < 1000 else { return nil }
            let effect = expires
                ? "RabbitMQ counts milliseconds, so idle queues are deleted after \(number) ms"
                : number == 0
                    ? "messages that no consumer takes at once are dropped"
                    : "RabbitMQ counts milliseconds, so messages not consumed within \(number) ms are dropped"
            let advice = number == 0
                ? "If that is not intended, write the TTL in milliseconds, e.g. 1800000"
                : "If \(number) was meant as seconds, write \(number * 1000)"
            return ("\(number)", effect, advice)
        }
    }
}
