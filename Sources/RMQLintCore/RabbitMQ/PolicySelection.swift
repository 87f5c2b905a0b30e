import RMQLintSource
import RMQLintJinja

// Which RabbitMQ policy applies to a queue or exchange, and what an operator policy adds.
//
// Sources (RS = github.com/rabbitmq/rabbitmq-server; the newest patch of each minor was read,
// as Kolla's images install `rabbitmq-server-<major>.<minor>.*`, docs/domain.md §0.1):
// - Selection [RS v3.8.35 / v3.11.0 / v3.12.0 / v3.13.7 / v4.0.9 / v4.2.0:
//   deps/rabbit/src/rabbit_policy.erl `match_all/2,3`, `matches/2,3`]: a policy applies when its
//   vhost equals the entity's, its `apply-to` admits the entity, the entity's queue type accepts
//   every key of its definition (`is_applicable` → `rabbit_queue_type:is_policy_applicable/2`,
//   3.9+; quorum queues only in 3.8) and `re:run(Name, Pattern, [{capture, none}])` matches.
//   The matching policies are sorted with `priority_comparator(A, B) -> priority(A) >= priority(B)`
//   and the head wins. Among equal priorities the head is whichever the broker lists first
//   (`rabbit_runtime_parameters:list/2`: Mnesia `set` table [RS v3.13.7:rabbit_table.erl] or the
//   Khepri ETS projection [RS v4.2.0:rabbit_khepri.erl `register_simple_projection`], both hash
//   ordered), not definitions.json order; RabbitMQ's docs call the choice non-deterministic
//   [RW docs/policies.md, docs/domain.md §6]. rmqlint therefore reports a tie, never a winner.
// - `apply-to` [RS rabbit_policy.erl `apply_to_validation/2`, `matches_type/2`,
//   `matches_queue_type/3`]: `all`, `queues`, `exchanges` in every version; `classic_queues`,
//   `quorum_queues`, `streams` from 3.12.0 (RS v3.12.0 L565–570; v3.11.0 accepts only the first
//   three, and an unknown value makes the policy — and a definitions import — fail).
// - Keys a queue type refuses: `unsupported_policies` in RS `rabbit_{classic,quorum,stream}_queue.erl`
//   `capabilities/0` (3.9+), `rabbit_quorum_queue:is_policy_applicable/2` (v3.8.35).
// - Operator policies (`operator_policies` in definitions.json) are selected the same way from
//   their own list (`match_op/1`); the queue then gets both definitions merged key by key
//   (`merge_operator_definitions/2`): a key set by one side is taken from it, a key set by both is
//   merged by `merge_policy_value/3` [RS rabbit_policies.erl, rabbit_mirror_queue_misc.erl
//   (3.11.10–3.13), rabbit_quorum_queue.erl]. Operator policies may only carry the keys
//   registered as `operator_policy_validator` for the version (see `operatorPolicyKeys`).
//
// Patterns are compiled once per distinct text (PolicyPattern); an unknown match result, pattern
// or priority that could change the answer makes the choice `.unknown`, never a guess.

/// What a policy is matched against.
public enum PolicyTargetKind: String, Hashable, Sendable, CaseIterable {
    /// A classic queue (`x-queue-type` absent or `classic`).
    case classicQueue = "classic"
    /// A quorum queue.
    case quorumQueue = "quorum"
    /// A stream.
    case stream
    /// An exchange.
    case exchange

    /// Whether it is a queue of some type.
    public var isQueue: Bool { self != .exchange }
}

/// A queue or exchange a policy may apply to.
public struct PolicyTarget: Hashable, Sendable {
    /// The queue or exchange name.
    public var name: String
    /// Its virtual host.
    public var vhost: String
    /// Queue type, or exchange.
    public var kind: PolicyTargetKind

    /// Creates a target.
    public init(name: String, vhost: String, kind: PolicyTargetKind) {
        self.name = name
        self.vhost = vhost
        self.kind = kind
    }
}

/// A policy's `apply-to` value.
public enum PolicyApplyTo: String, Hashable, Sendable, CaseIterable {
    /// Queues of every type and exchanges (the default).
    case all
    /// Queues of every type.
    case queues
    /// Exchanges.
    case exchanges
    /// Classic queues only (RabbitMQ ≥ 3.12).
    case classicQueues = "classic_queues"
    /// Quorum queues only (RabbitMQ ≥ 3.12).
    case quorumQueues = "quorum_queues"
    /// Streams only (RabbitMQ ≥ 3.12).
    case streams

    /// The first RabbitMQ version that accepts the value [RS v3.12.0:rabbit_policy.erl L565–570].
    public var introducedIn: RabbitMQVersion {
        switch self {
        case .all, .queues, .exchanges: RabbitMQVersion(major: 3, minor: 0)
        case .classicQueues, .quorumQueues, .streams: RabbitMQVersion(major: 3, minor: 12)
        }
    }

    /// The value RabbitMQ `version` accepts for `text`; `nil` when it rejects it (unknown
    /// word, or a queue-type value before 3.12), which fails the policy and its import.
    public static func accepted(_ text: String, by version: RabbitMQVersion) -> PolicyApplyTo? {
        guard let value = PolicyApplyTo(rawValue: text), version >= value.introducedIn else { return nil }
        return value
    }

    /// Whether the value admits an entity of `kind`.
    public func admits(_ kind: PolicyTargetKind) -> Bool {
        switch self {
        case .all: true
        case .queues: kind.isQueue
        case .exchanges: kind == .exchange
        case .classicQueues: kind == .classicQueue
        case .quorumQueues: kind == .quorumQueue
        case .streams: kind == .stream
        }
    }
}

/// A definition value, as far as merging needs it.
public enum PolicyValue: Hashable, Sendable {
    /// A JSON integer.
    case integer(Int)
    /// A JSON string.
    case string(String)
    /// A JSON boolean.
    case bool(Bool)
    /// Another JSON value (a list of nodes, a float, an object).
    case other
    /// Not known (a template rmqlint cannot evaluate).
    case unknown
}

/// One key of a policy definition.
public struct PolicyDefinitionItem: Hashable, Sendable {
    /// The key (`message-ttl`).
    public var key: String
    /// The value.
    public var value: PolicyValue

    /// Creates an item.
    public init(key: String, value: PolicyValue) {
        self.key = key
        self.value = value
    }
}

/// A user or operator policy as RabbitMQ loads it.
public struct RabbitMQPolicy: Hashable, Sendable {
    /// The policy name.
    public var name: String
    /// The virtual host.
    public var vhost: String
    /// The pattern; `nil` when not known.
    public var pattern: String?
    /// `apply-to` as written (`all` when absent).
    public var applyTo: String
    /// `priority` (0 when absent); `nil` when not known.
    public var priority: Int?
    /// The definition, in written order.
    public var definition: [PolicyDefinitionItem]

    /// Creates a policy.
    public init(name: String, vhost: String = "/", pattern: String?, applyTo: String = "all", priority: Int? = 0,
                definition: [PolicyDefinitionItem]) {
        self.name = name
        self.vhost = vhost
        self.pattern = pattern
        self.applyTo = applyTo
        self.priority = priority
        self.definition = definition
    }

    /// The definition keys, in written order.
    public var definitionKeys: [String] { definition.map(\.key) }

    /// The value of `key`, if the definition sets it.
    public func value(_ key: String) -> PolicyValue? {
        definition.last { $0.key == key }?.value
    }
}

/// Why a policy does or does not apply to a target.
public enum PolicyVerdict: Hashable, Sendable {
    /// It matches; whether it wins depends on priorities.
    case matches
    /// It would match, but its priority is unknown.
    case matchesWithUnknownPriority
    /// Another virtual host.
    case otherVirtualHost
    /// `apply-to` does not admit the target's kind.
    case applyToExcludes
    /// `apply-to` is not accepted by this RabbitMQ version: the broker rejects the policy.
    case applyToRejected(String)
    /// The target's queue type refuses some of the definition's keys (in written order).
    case keysRefusedByQueueType([String])
    /// The pattern does not match the name.
    case patternDoesNotMatch
    /// Whether the pattern matches is unknown.
    case patternUnknown(PolicyPatternUnknownReason)
    /// The pattern itself is unknown (not evaluable).
    case patternNotKnown

    /// Whether the policy might apply (matches, or its match / priority is unknown).
    public var mightApply: Bool {
        switch self {
        case .matches, .matchesWithUnknownPriority, .patternUnknown, .patternNotKnown: true
        default: false
        }
    }
}

/// The policy (of one list) RabbitMQ applies to a target.
public enum PolicyChoice: Hashable, Sendable {
    /// No policy applies.
    case none
    /// This policy (index into the list given) applies.
    case policy(Int)
    /// These policies match with the same, highest priority; RabbitMQ applies one of them,
    /// and which one is not determined by the definitions.
    case tie([Int])
    /// An unknown match, pattern or priority could change the answer; these policies might apply.
    case unknown([Int])

    /// The index of the applied policy when it is certain.
    public var index: Int? {
        if case .policy(let index) = self { return index }
        return nil
    }

    /// Every policy that might be the applied one, in list order.
    public var possible: [Int] {
        switch self {
        case .none: []
        case .policy(let index): [index]
        case .tie(let indices), .unknown(let indices): indices
        }
    }
}

/// The user policy and operator policy RabbitMQ applies to one target.
public struct PolicyApplication: Hashable, Sendable {
    /// The target.
    public let target: PolicyTarget
    /// The user policy chosen from `policies`.
    public let policy: PolicyChoice
    /// The operator policy chosen from `operator_policies`.
    public let operatorPolicy: PolicyChoice
    /// One verdict per user policy, in list order.
    public let verdicts: [PolicyVerdict]
    /// One verdict per operator policy, in list order.
    public let operatorVerdicts: [PolicyVerdict]
}

/// How a key set by both the policy and the operator policy is merged.
public enum PolicyMergeRule: Hashable, Sendable {
    /// The lower value wins (`message-ttl`, `expires`, `max-length`…).
    case lowerWins
    /// The higher value wins (`target-group-size`, `delayed-retry-min`; integer `ha-params`).
    case higherWins
    /// `delivery-limit` from 4.0: the lower, unless one side is negative (unlimited): the higher.
    case lowerWinsUnlessNegative
    /// The operator policy's value wins (`queue-version`, `overflow`, `ha-sync-mode`,
    /// `delayed-retry-type`, two booleans).
    case operatorWins
    /// `ha-mode`: `all` over `exactly` over `nodes` [RS v3.13.7:rabbit_mirror_queue_misc.erl].
    case strongerHAMode
    /// No merge strategy is registered for the key in this version.
    case unmodelled
}

/// Where a merged definition key comes from.
public enum PolicyContribution: Hashable, Sendable {
    /// Only the user policy sets it.
    case policy
    /// Only the operator policy sets it.
    case operatorPolicy
    /// Both set it; merged by the rule.
    case both(PolicyMergeRule)
}

/// One key of the definition a target effectively gets.
public struct PolicyMergedItem: Hashable, Sendable {
    /// The key.
    public let key: String
    /// The effective value (`.unknown` when a side is unknown or the rule is not modelled).
    public let value: PolicyValue
    /// Who set it.
    public let contribution: PolicyContribution
}

/// Chooses the policies RabbitMQ applies, for a fixed set of user and operator policies.
///
/// Build it once per definitions file and RabbitMQ version: each distinct pattern is compiled
/// once, then ``select(for:)`` is cheap per queue name.
public struct PolicySelection: Sendable {
    /// User policies (`policies`), in file order.
    public let policies: [RabbitMQPolicy]
    /// Operator policies (`operator_policies`), in file order.
    public let operatorPolicies: [RabbitMQPolicy]
    /// The broker version whose rules apply.
    public let rabbitMQ: RabbitMQVersion
    /// Matcher steps allowed per pattern and name.
    public let stepBudget: Int
    private let compiled: [String: PolicyPatternCompileResult]

    /// Prepares the selection, compiling every distinct pattern once.
    public init(policies: [RabbitMQPolicy], operatorPolicies: [RabbitMQPolicy] = [], rabbitMQ: RabbitMQVersion,
                stepBudget: Int = PolicyPattern.defaultStepBudget) {
        self.policies = policies
        self.operatorPolicies = operatorPolicies
        self.rabbitMQ = rabbitMQ
        self.stepBudget = stepBudget
        var compiled: [String: PolicyPatternCompileResult] = [:]
        for policy in policies + operatorPolicies {
            if let pattern = policy.pattern, compiled[pattern] == nil {
                compiled[pattern] = PolicyPattern.compile(pattern)
            }
        }
        self.compiled = compiled
    }

    /// The compile result of a pattern used by some policy (for reporting invalid patterns).
    public func compiledPattern(_ pattern: String) -> PolicyPatternCompileResult? {
        compiled[pattern]
    }

    /// The user and operator policy RabbitMQ applies to `target`.
    public func select(for target: PolicyTarget) -> PolicyApplication {
        let verdicts = policies.map { verdict($0, for: target) }
        let operatorVerdicts = operatorPolicies.map { verdict($0, for: target) }
        return PolicyApplication(
            target: target,
            policy: Self.choose(policies, verdicts),
            operatorPolicy: Self.choose(operatorPolicies, operatorVerdicts),
            verdicts: verdicts, operatorVerdicts: operatorVerdicts)
    }

    /// The definition the target effectively gets when both choices are certain (`.none` or
    /// `.policy`); `nil` when a tie or an unknown choice leaves it open.
    public func effectiveDefinition(of application: PolicyApplication) -> [PolicyMergedItem]? {
        func chosen(_ choice: PolicyChoice, _ list: [RabbitMQPolicy]) -> RabbitMQPolicy?? {
            switch choice {
            case .none: return .some(nil)
            case .policy(let index): return index < list.count ? .some(list[index]) : nil
            case .tie, .unknown: return nil
            }
        }
        guard let policy = chosen(application.policy, policies),
              let operatorPolicy = chosen(application.operatorPolicy, operatorPolicies) else { return nil }
        return Self.merge(policy: policy, operatorPolicy: operatorPolicy, rabbitMQ: rabbitMQ)
    }

    private func verdict(_ policy: RabbitMQPolicy, for target: PolicyTarget) -> PolicyVerdict {
        guard policy.vhost == target.vhost else { return .otherVirtualHost }
        guard let applyTo = PolicyApplyTo.accepted(policy.applyTo, by: rabbitMQ) else {
            return .applyToRejected(policy.applyTo)
        }
        guard applyTo.admits(target.kind) else { return .applyToExcludes }
        let refused = Self.refusedKeys(policy.definitionKeys, kind: target.kind, rabbitMQ: rabbitMQ)
        guard refused.isEmpty else { return .keysRefusedByQueueType(refused) }
        guard let pattern = policy.pattern, let compiledPattern = compiled[pattern] else { return .patternNotKnown }
        switch compiledPattern.matches(target.name, stepBudget: stepBudget) {
        case .matches: return policy.priority == nil ? .matchesWithUnknownPriority : .matches
        case .doesNotMatch: return .patternDoesNotMatch
        case .unknown(let reason): return .patternUnknown(reason)
        }
    }

    /// `match/2`: the highest priority among certain matches, unless an uncertain policy could
    /// reach it.
    private static func choose(_ list: [RabbitMQPolicy], _ verdicts: [PolicyVerdict]) -> PolicyChoice {
        var certain: [(index: Int, priority: Int)] = []
        var uncertain: [(index: Int, priority: Int?)] = []
        for (index, verdict) in verdicts.enumerated() where verdict.mightApply {
            let priority = index < list.count ? list[index].priority : nil
            if verdict == .matches, let priority {
                certain.append((index, priority))
            } else {
                uncertain.append((index, priority))
            }
        }
        guard let top = certain.map(\.priority).max() else {
            return uncertain.isEmpty ? .none : .unknown(uncertain.map(\.index))
        }
        let leaders = certain.filter { $0.priority == top }.map(\.index)
        let rivals = uncertain.filter { $0.priority.map { $0 >= top } ?? true }.map(\.index)
        if !rivals.isEmpty { return .unknown((leaders + rivals).sorted()) }
        return leaders.count == 1 ? .policy(leaders[0]) : .tie(leaders)
    }

    /// The definition keys a queue of `kind` refuses (`is_policy_applicable`), in written order.
    /// Exchanges refuse none.
    public static func refusedKeys(_ keys: [String], kind: PolicyTargetKind, rabbitMQ: RabbitMQVersion) -> [String] {
        let unsupported = unsupportedKeys(for: kind, rabbitMQ: rabbitMQ)
        return keys.filter { unsupported.contains($0) }
    }

    /// The policy keys a queue type refuses in a RabbitMQ version: a policy carrying any of them
    /// does not apply to such a queue at all, so a lower-priority policy may apply instead.
    public static func unsupportedKeys(for kind: PolicyTargetKind, rabbitMQ version: RabbitMQVersion) -> Set<String> {
        let mirroring: Set<String> = ["ha-mode", "ha-params", "ha-sync-mode", "ha-promote-on-shutdown",
                                      "ha-promote-on-failure", "queue-master-locator"]
        let streamKeys: Set<String> = ["max-age", "stream-max-segment-size-bytes", "initial-cluster-size"]
        let selectors: Set<String> = version >= RabbitMQVersion(major: 4, minor: 3)
            ? ["selector-fields", "selector-field-max-bytes"] : []
        switch kind {
        case .exchange:
            return []
        case .classicQueue:
            // RS v3.9.29 / v3.10.25 / v3.12.14 / v3.13.7 / v4.0.9 / v4.3.5:rabbit_classic_queue.erl capabilities/0.
            if version < RabbitMQVersion(major: 3, minor: 9) { return [] }
            var keys = streamKeys
            if version < .v4_0 { keys.insert("queue-leader-locator") }
            if version >= RabbitMQVersion(major: 3, minor: 10) { keys.formUnion(["delivery-limit", "dead-letter-strategy"]) }
            if version >= RabbitMQVersion(major: 3, minor: 12) {
                keys.formUnion(["max-in-memory-length", "max-in-memory-bytes", "target-group-size"])
            }
            return keys.union(selectors)
        case .quorumQueue:
            // RS v3.8.35:rabbit_quorum_queue.erl is_policy_applicable/2; v3.9.29 … v4.3.5 capabilities/0.
            var keys = mirroring.union(["max-priority", "queue-mode"])
            if version < RabbitMQVersion(major: 4, minor: 2) { keys.insert("single-active-consumer") }
            if version < RabbitMQVersion(major: 3, minor: 10) { keys.insert("message-ttl") }
            if version >= RabbitMQVersion(major: 3, minor: 9) { keys.formUnion(streamKeys) }
            if version >= RabbitMQVersion(major: 3, minor: 9), version < RabbitMQVersion(major: 3, minor: 10) {
                keys.insert("queue-leader-locator")
            }
            return keys.union(selectors)
        case .stream:
            // RS v3.9.29 … v4.3.5:rabbit_stream_queue.erl capabilities/0 (streams exist from 3.9).
            var keys = mirroring.union(["expires", "message-ttl", "dead-letter-exchange", "dead-letter-routing-key",
                                        "max-length", "max-in-memory-length", "max-in-memory-bytes", "max-priority",
                                        "overflow", "queue-mode", "delivery-limit"])
            if version < RabbitMQVersion(major: 4, minor: 2) { keys.insert("single-active-consumer") }
            if version >= RabbitMQVersion(major: 3, minor: 10) { keys.insert("dead-letter-strategy") }
            if version >= RabbitMQVersion(major: 3, minor: 12) { keys.insert("target-group-size") }
            return keys.union(selectors)
        }
    }

    /// The keys an operator policy may set in a RabbitMQ version (its `operator_policy_validator`
    /// registrations); an operator policy with any other key is rejected.
    /// [RS v3.8.35 … v4.3.5:deps/rabbit/src/rabbit_policies.erl, rabbit_mirror_queue_misc.erl
    /// (`ha-*` from 3.11.10 to 3.13), rabbit_quorum_queue.erl; newest patch of each minor]
    public static func operatorPolicyKeys(rabbitMQ version: RabbitMQVersion) -> Set<String> {
        var keys: Set<String> = ["expires", "message-ttl", "max-length", "max-length-bytes", "max-in-memory-length",
                                 "max-in-memory-bytes", "delivery-limit"]
        if version >= RabbitMQVersion(major: 3, minor: 11) { keys.insert("queue-version") }
        if version >= RabbitMQVersion(major: 3, minor: 11), version < .v4_0 {
            keys.formUnion(["ha-mode", "ha-params", "ha-sync-mode"])
        }
        if version >= RabbitMQVersion(major: 3, minor: 12) { keys.insert("overflow") }
        if version >= RabbitMQVersion(major: 3, minor: 13) { keys.insert("target-group-size") }
        if version >= .v4_0 { keys.insert("queue-master-locator") }
        if version >= .v4_3 { keys.formUnion(["delayed-retry-type", "delayed-retry-min", "delayed-retry-max"]) }
        return keys
    }

    /// How a key set by both sides is merged in a version (`merge_policy_value/3`).
    public static func mergeRule(for key: String, rabbitMQ version: RabbitMQVersion) -> PolicyMergeRule {
        switch key {
        case "message-ttl", "max-length", "max-length-bytes", "max-in-memory-length", "max-in-memory-bytes", "expires",
             "delayed-retry-max":
            return .lowerWins
        case "delivery-limit":
            return version >= .v4_0 ? .lowerWinsUnlessNegative : .lowerWins
        case "target-group-size", "delayed-retry-min":
            return .higherWins
        case "queue-version", "overflow", "delayed-retry-type":
            return .operatorWins
        case "ha-mode":
            return version < .v4_0 ? .strongerHAMode : .unmodelled
        case "ha-params":
            return version < .v4_0 ? .higherWins : .unmodelled
        case "ha-sync-mode":
            return version < .v4_0 ? .operatorWins : .unmodelled
        default:
            return .unmodelled
        }
    }

    /// `merge_operator_definitions/2`: the union of both definitions, sorted by key as
    /// `lists:umerge/2` leaves it.
    public static func merge(policy: RabbitMQPolicy?, operatorPolicy: RabbitMQPolicy?,
                             rabbitMQ version: RabbitMQVersion) -> [PolicyMergedItem] {
        var keys = Set(policy?.definitionKeys ?? [])
        keys.formUnion(operatorPolicy?.definitionKeys ?? [])
        return keys.sorted().map { key in
            let mine = policy?.value(key)
            let theirs = operatorPolicy?.value(key)
            switch (mine, theirs) {
            case (let value?, nil):
                return PolicyMergedItem(key: key, value: value, contribution: .policy)
            case (nil, let value?):
                return PolicyMergedItem(key: key, value: value, contribution: .operatorPolicy)
            case (let value?, let operatorValue?):
                var rule = mergeRule(for: key, rabbitMQ: version)
                if rule == .unmodelled, version >= RabbitMQVersion(major: 3, minor: 9),
                   case .bool = value, case .bool = operatorValue {
                    rule = .operatorWins  // "use operator policy value for booleans" (3.9+)
                }
                return PolicyMergedItem(key: key, value: mergedValue(value, operatorValue, rule: rule),
                                        contribution: .both(rule))
            case (nil, nil):
                return PolicyMergedItem(key: key, value: .unknown, contribution: .policy)
            }
        }
    }

    private static func mergedValue(_ value: PolicyValue, _ operatorValue: PolicyValue, rule: PolicyMergeRule) -> PolicyValue {
        if value == .unknown || operatorValue == .unknown { return .unknown }
        switch rule {
        case .operatorWins:
            return operatorValue
        case .lowerWins, .higherWins, .lowerWinsUnlessNegative:
            guard case .integer(let mine) = value, case .integer(let theirs) = operatorValue else { return .unknown }
            switch rule {
            case .lowerWins: return .integer(min(mine, theirs))
            case .higherWins: return .integer(max(mine, theirs))
            default: return .integer(mine < 0 || theirs < 0 ? max(mine, theirs) : min(mine, theirs))
            }
        case .strongerHAMode:
            guard case .string(let mine) = value, case .string(let theirs) = operatorValue else { return .unknown }
            for mode in ["all", "exactly"] where mine == mode || theirs == mode { return .string(mode) }
            return mine == theirs ? value : .unknown
        case .unmodelled:
            return .unknown
        }
    }
}
