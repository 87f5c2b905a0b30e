import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// Every built-in rule, sorted by id. A test checks this list against the
/// `*Rule.swift` files under `Rules/`, so a rule cannot be forgotten here.
public enum RuleRegistry {
    /// All rule types, in id order.
    public static let all: [any Rule.Type] = [
        ParseErrorRule.self,
        UnknownReleaseRule.self,
        SuppressionWithoutReasonRule.self,
        UnusedSuppressionRule.self,
        FileNotReadRule.self,
        MirroredTransientQueuesRule.self,
        HAAndQuorumTogetherRule.self,
        NoQueueReplicationRule.self,
        ClassicMirroringRemovedRule.self,
        RemovedKollaVariableRule.self,
        PromoteOnShutdownRule.self,
        ReplicationFactorRule.self,
        HAQueuesWithoutPolicyRule.self,
        TransientQueuesUnreplicatedRule.self,
        TCPKeepAliveNotSplitRule.self,
        AMQPProxyWithoutKeepAliveRule.self,
        AMQPProxyTimeoutRule.self,
        PthreadHeartbeatOnEventletRule.self,
        GreenHeartbeatUnderWSGIRule.self,
        HeartbeatDisabledRule.self,
        RemovedOsloOptionRule.self,
        MessageTTLBelowRPCTimeoutRule.self,
        InvalidTTLRule.self,
        SingleEndpointTransportRule.self,
        EvenClusterSizeRule.self,
        PartitionHandlingRule.self,
        StreamFanoutPrerequisitesRule.self,
        BrokerTCPKeepAliveRule.self,
        ShortNetTicktimeRule.self,
        OverrideNeverReadRule.self,
        OverrideForUnknownHostRule.self,
        IncompleteRabbitMQConfRule.self,
    ]

    /// The rule with `id` or `slug`, case-insensitively.
    public static func rule(named name: String) -> (any Rule.Type)? {
        let wanted = name.lowercased()
        return all.first { $0.description.id.lowercased() == wanted || $0.description.slug == wanted }
    }
}
