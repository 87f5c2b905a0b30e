import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders

/// Which queues of the deployed services each effective policy reaches, with real regex
/// matching of the policy patterns (RMQ101, RMQ301).
///
/// For each service config the queues oslo.messaging declares are built from its effective
/// durability settings (`KollaKnowledge.queueNames`), then `PolicySelection` decides, per
/// queue, which user and operator policy RabbitMQ applies: same vhost, `apply-to` admitting
/// the queue type, pattern matching, highest priority, keys the queue type accepts.
/// Computed once per policy set when the model is built (`EffectiveDeployment.policyReaches`),
/// so every rule that asks reads the same answer.
public struct PolicyReach: Sendable {
    /// One queue of one service, and what RabbitMQ applies to it.
    public struct Queue: Sendable {
        /// The service config that declares (or publishes to) the queue.
        public let config: EffectiveServiceConfig
        /// The queue.
        public let queue: OsloQueue
        /// The user and operator policy chosen for it.
        public let application: PolicyApplication
    }

    /// The policy set.
    public let set: EffectivePolicySet
    /// User policies in the order of `selection.policies`, with their model entries.
    public let userPolicies: [EffectivePolicy]
    /// Operator policies in the order of `selection.operatorPolicies`.
    public let operatorPolicies: [EffectivePolicy]
    /// The selection over the certain policies of the set.
    public let selection: PolicySelection
    /// Every queue of every service whose settings are known.
    public let queues: [Queue]

    /// Matches the policies of `set` against the queues of every service config, on the
    /// given broker; `fallbackHost` names the per-server queues of configs for every host.
    init(set: EffectivePolicySet, configs: [EffectiveServiceConfig], release: OpenStackRelease,
         rabbitMQ: RabbitMQVersion, fallbackHost: String) {
        self.set = set
        // A policy that may not exist is left out: rules must not fire on it.
        let certain = set.policies.filter { !$0.isConditional }
        userPolicies = certain.filter { $0.kind == .user }
        operatorPolicies = certain.filter { $0.kind == .operatorPolicy }
        selection = PolicySelection(
            policies: userPolicies.map(Self.rabbitMQPolicy), operatorPolicies: operatorPolicies.map(Self.rabbitMQPolicy),
            rabbitMQ: rabbitMQ)
        var queues: [Queue] = []
        for config in configs {
            guard let service = config.service, let settings = Self.settings(of: config) else { continue }
            let vhost = Self.vhost(of: config)
            for queue in KollaKnowledge.queueNames(for: service, host: config.host ?? fallbackHost, release: release,
                                                    settings: settings) {
                let target = PolicyTarget(name: queue.name, vhost: vhost, kind: queue.queueType)
                queues.append(Queue(config: config, queue: queue, application: selection.select(for: target)))
            }
        }
        self.queues = queues
    }

    /// The durability settings of a config, or `nil` when one of them is unknown or
    /// conditional (then nothing is concluded about that service).
    static func settings(of config: EffectiveServiceConfig) -> OsloQueueSettings? {
        func flag(_ key: EffectiveServiceConfig.SettingLookupKey) -> Bool?? {
            guard let setting = config.activeSetting(lookupKey: key) else { return .some(false) }
            if setting.isConditional { return nil }
            guard let value = setting.boolValue else { return nil }
            return .some(value)
        }
        guard let durable = flag(.amqpDurableQueues), let quorum = flag(.rabbitQuorumQueue),
              let transient = flag(.rabbitTransientQuorumQueue), let stream = flag(.rabbitStreamFanout),
              let manager = flag(.useQueueManager) else { return nil }
        return OsloQueueSettings(
            amqpDurableQueues: durable ?? false, quorumQueue: quorum ?? false, transientQuorumQueue: transient ?? false,
            streamFanout: stream ?? false, useQueueManager: manager ?? false)
    }

    /// The vhost of a config's `[DEFAULT] transport_url` (`…:5672//` → `/`); `/` when unknown.
    static func vhost(of config: EffectiveServiceConfig) -> String {
        guard let url = config.setting(lookupKey: .transportURL)?.value,
              let scheme = Substring(url).kollaRange(of: "://") else { return "/" }
        let rest = url[scheme.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return "/" }
        let path = rest[rest.index(after: slash)...]
        let vhost = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return vhost.isEmpty ? "/" : vhost
    }

    /// A model policy as `PolicySelection` sees it.
    static func rabbitMQPolicy(_ policy: EffectivePolicy) -> RabbitMQPolicy {
        RabbitMQPolicy(
            name: policy.name, vhost: policy.vhost, pattern: policy.pattern, applyTo: policy.applyTo,
            priority: policy.priority,
            definition: policy.definition.map { item in
                PolicyDefinitionItem(key: item.key, value: item.isConditional ? .unknown : policyValue(item.value))
            })
    }

    static func policyValue(_ value: JinjaValue) -> PolicyValue {
        switch value {
        case .int(let number): .integer(number)
        case .string(let text): .string(text)
        case .bool(let flag): .bool(flag)
        case .unknown: .unknown
        default: value.containsUnknown ? .unknown : .other
        }
    }

    /// The value a queue effectively gets for a policy key, and the policy it comes from:
    /// the user and operator policy merged as RabbitMQ merges them
    /// (``PolicySelection/effectiveDefinition(of:)``, `merge_operator_definitions/2`).
    /// When both set the key, the policy whose value won (the user policy on equal values).
    /// `nil` when a choice is a tie or unknown, the key is unset, or the merged value is
    /// unknown (a conditional or unevaluated value on either side): never guessed.
    public func effectiveValue(_ key: String, for queue: Queue) -> (value: PolicyValue, policy: EffectivePolicy)? {
        guard let item = selection.effectiveDefinition(of: queue.application)?.first(where: { $0.key == key }),
              item.value != .unknown else { return nil }
        let user = queue.application.policy.index.flatMap { $0 < userPolicies.count ? userPolicies[$0] : nil }
        let operatorPolicy = queue.application.operatorPolicy.index
            .flatMap { $0 < operatorPolicies.count ? operatorPolicies[$0] : nil }
        let source: EffectivePolicy?
        switch item.contribution {
        case .policy: source = user
        case .operatorPolicy: source = operatorPolicy
        case .both:
            let userValue = queue.application.policy.index
                .flatMap { $0 < selection.policies.count ? selection.policies[$0].value(key) : nil }
            source = userValue == item.value ? user : operatorPolicy
        }
        return source.map { (item.value, $0) }
    }

    /// The queues a user policy of this set (found by name, vhost and kind, not by position)
    /// may apply to: chosen for them, or among a tie or an unknown choice. `nil` when the
    /// policy is not one of the set's certain user policies.
    public func queues(possiblyReachedBy policy: EffectivePolicy) -> [Queue]? {
        guard let index = userPolicies.firstIndex(where: {
            $0.name == policy.name && $0.vhost == policy.vhost && $0.kind == policy.kind
        }) else { return nil }
        return queues.filter { $0.application.policy.possible.contains(index) }
    }

    /// The queues a user policy (index into `userPolicies`) certainly applies to.
    public func queues(reachedBy index: Int) -> [Queue] {
        queues.filter { $0.application.policy.index == index }
    }
}
