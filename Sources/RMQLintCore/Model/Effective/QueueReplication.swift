import RMQLintSource
import RMQLintKnowledge

/// Whether classic mirroring replicates the RPC topic queues of a deployment (see
/// ``Deployment/topicQueueMirroring``).
public enum TopicQueueMirroring: Sendable {
    /// A mirroring policy reaches some RPC topic queue, or whether one does cannot be decided
    /// from the tree (a policy that may not be loaded, an unknown pattern or `ha-mode`): never
    /// reported as unreplicated.
    case mirroredOrUndecided
    /// No policy mirrors a topic queue. `deadOnBroker` are the policies that set `ha-mode`
    /// but mirror nothing because the broker has no classic mirroring (RabbitMQ 4.0 removed it).
    case none(deadOnBroker: [EffectivePolicy])
}

/// The Kolla-rendered service configs whose queues are classic (`rabbit_quorum_queue` known
/// false, or an oslo.messaging without the option), split by where that comes from.
public struct ClassicQueueConfigs: Sendable {
    /// Classic from Kolla's flags and defaults (no written line decides it).
    public var fromDefaults: [EffectiveServiceConfig] = []
    /// Classic because of a `rabbit_quorum_queue = false` written in the tree, by line.
    public var written: [SourceLocation: [EffectiveServiceConfig]] = [:]
    /// Every Kolla-rendered config considered.
    public var total = 0

    public var isEmpty: Bool { fromDefaults.isEmpty && written.isEmpty }
}

extension Deployment {
    /// Whether classic mirroring replicates RPC topic queues: real policy selection
    /// (pattern, `apply-to`, priority, vhost: ``PolicyReach``), on a RabbitMQ that still has
    /// classic mirroring (3.x; removed in 4.0, rabbitmq-server release-notes/4.0.1.md).
    /// What the tree does not decide counts as mirrored: never guessed.
    public var topicQueueMirroring: TopicQueueMirroring {
        let broker = rabbitMQ.version
        var dead: [EffectivePolicy] = []
        for reach in effective.policyReaches {
            let set = reach.set
            for policy in set.policies where policy.value("ha-mode") != nil {
                guard isCertainlyLoaded(policy, in: set), policy.pattern != nil else { return .mirroredOrUndecided }
                if case .unknown = keyState("ha-mode", of: policy, in: set) { return .mirroredOrUndecided }
                guard certainlyMirrors(policy, in: set), !Self.matchesNoQueue(policy.pattern) else { continue }
                guard broker.supportsClassicMirroring else {
                    dead.append(policy)
                    continue
                }
                guard let reached = reach.queues(possiblyReachedBy: policy) else { return .mirroredOrUndecided }
                if reached.contains(where: { $0.queue.kind == .topic || $0.queue.kind == .topicHost }) {
                    return .mirroredOrUndecided
                }
            }
        }
        return .none(deadOnBroker: dead)
    }

    /// The Kolla-rendered configs whose queues are classic: `rabbit_quorum_queue` known false.
    /// Unknown or conditional values count as quorum (replicated): never guessed.
    public var classicQueueConfigs: ClassicQueueConfigs {
        var result = ClassicQueueConfigs()
        for config in effective.configs where config.origin == .kolla {
            result.total += 1
            if let setting = config.activeSetting(lookupKey: .rabbitQuorumQueue) {
                guard !setting.isConditional, setting.boolValue == false else { continue }
                if setting.provenance.isWrittenInTree, let line = setting.provenance.anchor {
                    result.written[line, default: []].append(config)
                    continue
                }
            }
            result.fromDefaults.append(config)
        }
        return result
    }

    /// Patterns that can match no queue name at all (`^$` matches only the empty name).
    static func matchesNoQueue(_ pattern: String?) -> Bool {
        guard let pattern else { return false }
        return pattern == "^$" || pattern == "$^" || pattern == "\\A\\z"
    }
}
