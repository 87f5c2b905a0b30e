import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ302: a policy `message-ttl` / `expires` that RabbitMQ rejects or that is seconds
/// written as milliseconds.
public struct InvalidTTLRule: ViolationRule {
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

    /// A `message-ttl` or `expires` that RabbitMQ rejects or that is below a second.
    public struct Found: Violation {
        /// What is wrong with the value.
        enum Problem {
            /// Not an integer (`the string "30m"`); `kollaInt`: Kolla pipes it through `| int`.
            case notInteger(String, kollaInt: Bool)
            case negative(Int)
            case zeroExpires
            /// 0 ≤ n < 1000 ms.
            case belowSecond(Int)
        }
        /// Where the value is written.
        enum Source {
            /// A globals variable that Kolla's template renders into the policy.
            case variable(String, release: String, policy: String)
            /// The policy's own key; `isDefault`: a default of the template.
            case policy(String, isDefault: Bool, key: QueueRules.PolicyKey)
        }
        /// `message-ttl` or `expires`.
        var key: String
        var problem: Problem
        var source: Source
        public var location: SourceLocation
        public var related: [RelatedLocation]
        /// The globals definition of the variable (a fix rewrites it); nil for a policy value,
        /// which a fix replaces at `location`, or when the definition is not a plain line.
        var definition: QueueRules.GlobalsDefinition?
        /// The value a fix writes is certain (a quoted integer RabbitMQ would not accept as
        /// such): safe. Otherwise it is a guess at what was meant: unsafe.
        var valueOnly: Bool = false

        /// The value as RabbitMQ needs it, where the written one says what was meant: a quoted
        /// integer unquoted (safe: the same number), a duration such as `"30m"` in
        /// milliseconds, or a value below 1000 read as seconds (unsafe: a reading of intent).
        /// No fix for negative values, `expires: 0` or a TTL of 0 (nothing says what was meant).
        public var fixes: [Fix] {
            guard let (number, applicability) = replacement else { return [] }
            switch source {
            case .variable(let name, _, _):
                guard let definition else { return [] }
                return [Fix("Set `\(name): \(number)` in globals", applicability, edits: definition.replaced(with: "\(name): \(number)"))]
            case .policy(_, let isDefault, _):
                guard !isDefault, !location.isKollaTemplate else { return [] }
                return [Fix("Write `\(number)`", applicability, edits: [.replace(location, with: "\(number)")])]
            }
        }

        /// The number to write and how certain it is.
        var replacement: (Int, FixApplicability)? {
            switch problem {
            case .notInteger(let description, _):
                guard description.hasPrefix("the string \""), description.hasSuffix("\"") else { return nil }
                let text = description.dropFirst("the string \"".count).dropLast()
                if let number = Int(text) { return number >= 1000 ? (number, .safe) : nil }
                return InvalidTTLRule.milliseconds(String(text)).map { ($0, .unsafe) }
            case .belowSecond(let number) where number > 0:
                return (number * 1000, .unsafe)
            case .negative, .zeroExpires, .belowSecond:
                return nil
            }
        }

        public var semanticKey: String {
            switch source {
            case .variable(let name, _, _): "variable:\(name)"
            case .policy(_, _, let key): key.text
            }
        }

        public var message: String {
            switch source {
            case .variable(let name, let release, let policy):
                "`\(name)` is \(value), which Kolla-Ansible \(release)'s definitions.json template renders as "
                    + "`\(key)` of \(policy): \(effect). \(advice)"
            case .policy(let policy, let isDefault, _):
                "`\(key)` of \(policy) is \(value)\(isDefault ? " (a default of the template)" : ""): \(effect). \(advice)"
            }
        }

        var value: String {
            switch problem {
            case .notInteger(let description, _): description
            case .negative(let number), .belowSecond(let number): "\(number)"
            case .zeroExpires: "0"
            }
        }

        var effect: String {
            let expires = key == "expires"
            switch problem {
            case .notInteger(_, let kollaInt):
                return kollaInt
                    ? "not an integer number of milliseconds, and Kolla's `| int` turns it into 0 or a truncated number"
                    : "not an integer number of milliseconds, so RabbitMQ rejects the policy (or the JSON) when it "
                        + "imports the definitions"
            case .negative: return "RabbitMQ rejects a negative `\(key)` (it must be an integer ≥ \(expires ? 1 : 0))"
            case .zeroExpires: return "RabbitMQ rejects it (`expires` must be at least 1 ms)"
            case .belowSecond(let number):
                return expires
                    ? "RabbitMQ counts milliseconds, so idle queues are deleted after \(number) ms"
                    : number == 0
                        ? "messages that no consumer takes at once are dropped"
                        : "RabbitMQ counts milliseconds, so messages not consumed within \(number) ms are dropped"
            }
        }

        var advice: String {
            switch problem {
            case .notInteger:
                fixes.first.map { "\($0.description) (an integer in milliseconds)" }
                    ?? "Write an integer in milliseconds, e.g. \(key == "expires" ? 3_600_000 : 1_800_000)"
            case .negative: "Write a positive number of milliseconds"
            case .zeroExpires: "Write a positive number of milliseconds, e.g. 3600000, or remove `expires`"
            case .belowSecond(0): "If that is not intended, write the TTL in milliseconds, e.g. 1800000"
            case .belowSecond(let number):
                "If \(number) was meant as seconds, " + (fixes.first?.description.lowercasingFirst ?? "write \(number * 1000)")
            }
        }
    }

    public func violations(in context: LintContext) -> [Found] {
        var found: [Found] = []
        for deployment in context.model.deployments {
            var seen: Set<String> = []
            for set in deployment.effective.policySets {
                for policy in set.policies where deployment.isCertainlyLoaded(policy, in: set) {
                    for key in Self.keys {
                        guard case .present(let value) = deployment.keyState(key, of: policy, in: set),
                              let one = violation(key, value, policy: policy, set: set, deployment),
                              seen.insert("\(one.location)\u{1F}\(one.semanticKey)").inserted else { continue }
                        found.append(one)
                    }
                }
            }
        }
        return found
    }

    /// What RabbitMQ would make of a value: an integer, "not an integer" (described), or
    /// unknown (`nil`). Kolla pipes its variables through `| int`, so there a quoted number is fine.
    private func read(_ value: JinjaValue, lenientStrings: Bool) -> Result<Int, Failure>? {
        if value.containsUnknown { return nil }
        switch value {
        case .int(let number): return .success(number)
        case .string(let text):
            if lenientStrings, let number = Int(text.trimmingSpaces) { return .success(number) }
            return .failure(Failure("the string \(QueueRules.jsonText(value))"))
        case .float: return .failure(Failure("the fraction \(QueueRules.jsonText(value))"))
        case .bool: return .failure(Failure("the boolean \(QueueRules.jsonText(value))"))
        case .none: return .failure(Failure("null"))
        case .list: return .failure(Failure("a list"))
        case .dict: return .failure(Failure("an object"))
        case .unknown: return nil
        }
    }

    private struct Failure: Error {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// The problem with a value, or `nil` when it is a valid TTL of at least a second.
    private func problem(_ key: String, _ reading: Result<Int, Failure>, kollaInt: Bool) -> Found.Problem? {
        switch reading {
        case .failure(let failure): return .notInteger(failure.description, kollaInt: kollaInt)
        case .success(let number) where number < 0: return .negative(number)
        case .success(0) where key == "expires": return .zeroExpires
        case .success(let number): return number < 1000 ? .belowSecond(number) : nil
        }
    }

    private func violation(
        _ key: String, _ value: EffectivePolicyValue, policy: EffectivePolicy, set: EffectivePolicySet, _ deployment: Deployment
    ) -> Found? {
        // Kolla's template: judge the globals variable as written (before `| int`), at its line.
        if set.isKollaTemplate {
            for variable in deployment.templateVariables(deciding: key, of: policy) {
                guard let line = deployment.globalsLine(variable),
                      let raw = deployment.effective.variables?.value(variable),
                      let reading = read(raw, lenientStrings: true) else { continue }
                // `| int` on both keys from KA d1b24a41 (16.0.0); zed/yoga/xena render `expires` as written.
                let piped = deployment.kollaTemplate(of: policy)?.definition
                    .contains { $0.key == key && $0.value.contains("| int") } ?? false
                guard let problem = problem(key, reading, kollaInt: piped) else { return nil }
                return Found(
                    key: key, problem: problem,
                    source: .variable(
                        variable, release: QueueRules.releaseName(deployment),
                        policy: QueueRules.describe(policy, in: set, deployment, source: false)),
                    location: line,
                    related: QueueRules.templateRelated(policy, set: set, deployment, primary: line)
                        + QueueRules.alsoSetRelated(variable, in: deployment),
                    definition: QueueRules.globalsDefinition(variable, in: deployment))
            }
        }
        guard let reading = read(value.value, lenientStrings: false),
              let problem = problem(key, reading, kollaInt: false),
              let location = deployment.findingLocation(ofKey: key, in: policy, set: set) else { return nil }
        return Found(
            key: key, problem: problem,
            source: .policy(
                QueueRules.describe(policy, in: set, deployment), isDefault: value.provenance.isDefault,
                key: QueueRules.PolicyKey(policy, key, in: set)),
            location: location, related: QueueRules.templateRelated(policy, set: set, deployment, primary: location))
    }

    /// `30m`, `1h`, `90s`, `500ms` (digits and one unit) in milliseconds; nil otherwise.
    static func milliseconds(_ text: String) -> Int? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9, let number = Int(digits) else { return nil }
        let factor: Int
        switch text.dropFirst(digits.count) {
        case "ms": factor = 1
        case "s": factor = 1000
        case "m", "min": factor = 60_000
        case "h": factor = 3_600_000
        case "d": factor = 86_400_000
        default: return nil
        }
        let value = number * factor
        return value >= 1000 ? value : nil
    }
}
