import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintJinja
@testable import RMQLintKnowledge
@testable import RMQLintLoaders
@testable import RMQLintModel
@testable import RMQLintSource

private let v3_9 = RabbitMQVersion(major: 3, minor: 9)
private let v3_11 = RabbitMQVersion(major: 3, minor: 11)
private let v3_12 = RabbitMQVersion(major: 3, minor: 12)
private let v3_13 = RabbitMQVersion(major: 3, minor: 13)
private let v4_2 = RabbitMQVersion(major: 4, minor: 2)

/// Kolla 16.0.0–19.x `ha-all` with its defaults on three nodes (docs/domain.md §1.4).
private let kollaHAAll = RabbitMQPolicy(
    name: "ha-all", vhost: "/", pattern: #"^(?!(amq\.)|(.*_fanout_)|(reply_)).*"#, applyTo: "all", priority: 0,
    definition: [
        PolicyDefinitionItem(key: "ha-mode", value: .string("exactly")),
        PolicyDefinitionItem(key: "ha-params", value: .integer(2)),
        PolicyDefinitionItem(key: "ha-promote-on-shutdown", value: .string("always")),
        PolicyDefinitionItem(key: "message-ttl", value: .integer(600_000)),
        PolicyDefinitionItem(key: "expires", value: .integer(3_600_000)),
    ])

/// Kolla 22.0.0's stream retention policy (KA 1b42101d, docs/domain.md §1.4).
private let kollaStreamRetention = RabbitMQPolicy(
    name: "stream-retention-policy", pattern: ".+", applyTo: "streams", priority: 1,
    definition: [
        PolicyDefinitionItem(key: "stream-max-segment-size-bytes", value: .integer(500_000_000)),
        PolicyDefinitionItem(key: "max-age", value: .string("1800s")),
    ])

private func policy(_ name: String, _ pattern: String?, priority: Int? = 0, applyTo: String = "all", vhost: String = "/",
                    _ keys: [(String, PolicyValue)] = [("message-ttl", .integer(1000))]) -> RabbitMQPolicy {
    RabbitMQPolicy(name: name, vhost: vhost, pattern: pattern, applyTo: applyTo, priority: priority,
                   definition: keys.map { PolicyDefinitionItem(key: $0.0, value: $0.1) })
}

private func classic(_ name: String, vhost: String = "/") -> PolicyTarget {
    PolicyTarget(name: name, vhost: vhost, kind: .classicQueue)
}

@Suite("Policy selection: which policy RabbitMQ applies")
struct PolicySelectionTests {
    @Test func kollaHAAllOnClassicQueues() {
        let selection = PolicySelection(policies: [kollaHAAll], rabbitMQ: v3_13)
        #expect(selection.select(for: classic("compute")).policy == .policy(0))
        #expect(selection.select(for: classic("compute.host1")).policy == .policy(0))
        #expect(selection.select(for: classic("notifications.info")).policy == .policy(0))
        let reply = selection.select(for: classic("reply_0123456789abcdef0123456789abcdef"))
        #expect(reply.policy == PolicyChoice.none)
        #expect(reply.verdicts == [.patternDoesNotMatch])
        #expect(selection.select(for: classic("compute_fanout_0123456789abcdef0123456789abcdef")).policy == PolicyChoice.none)
    }

    @Test func quorumQueuesRefuseMirroringKeys() {
        let selection = PolicySelection(policies: [kollaHAAll], rabbitMQ: v3_13)
        let quorum = selection.select(for: PolicyTarget(name: "compute", vhost: "/", kind: .quorumQueue))
        #expect(quorum.policy == PolicyChoice.none)
        #expect(quorum.verdicts == [.keysRefusedByQueueType(["ha-mode", "ha-params", "ha-promote-on-shutdown"])])
        // 3.9 quorum queues also refused message-ttl (supported from 3.10).
        let old = PolicySelection(policies: [policy("ttl", ".*")], rabbitMQ: v3_9)
        #expect(old.select(for: PolicyTarget(name: "compute", vhost: "/", kind: .quorumQueue)).verdicts
            == [.keysRefusedByQueueType(["message-ttl"])])
        let newer = PolicySelection(policies: [policy("ttl", ".*")], rabbitMQ: v3_13)
        #expect(newer.select(for: PolicyTarget(name: "compute", vhost: "/", kind: .quorumQueue)).policy == .policy(0))
    }

    @Test func aRefusedPolicyLetsALowerOneApply() {
        // The refused higher-priority policy is skipped, as `is_policy_applicable` filters
        // before sorting (RS rabbit_policy.erl match_all/3).
        let mirror = policy("mirror", ".*", priority: 10, [("ha-mode", .string("all"))])
        let ttl = policy("ttl", ".*", priority: 1)
        let selection = PolicySelection(policies: [mirror, ttl], rabbitMQ: v3_13)
        #expect(selection.select(for: PolicyTarget(name: "q", vhost: "/", kind: .quorumQueue)).policy == .policy(1))
        #expect(selection.select(for: classic("q")).policy == .policy(0))
    }

    @Test func streamsGetOnlyTheStreamPolicy() {
        let selection = PolicySelection(policies: [kollaHAAll, kollaStreamRetention], rabbitMQ: v4_2)
        let stream = selection.select(for: PolicyTarget(name: "compute_fanout", vhost: "/", kind: .stream))
        #expect(stream.policy == .policy(1))
        #expect(stream.verdicts == [
            .keysRefusedByQueueType(["ha-mode", "ha-params", "ha-promote-on-shutdown", "message-ttl", "expires"]),
            .matches,
        ])
        let queue = selection.select(for: classic("compute"))
        #expect(queue.policy == .policy(0))
        #expect(queue.verdicts == [.matches, .applyToExcludes])
    }

    @Test func highestPriorityWins() {
        let selection = PolicySelection(policies: [
            policy("low", ".*", priority: 0), policy("high", "^compute", priority: 5), policy("mid", "compute", priority: 3),
        ], rabbitMQ: v3_13)
        #expect(selection.select(for: classic("compute")).policy == .policy(1))
        #expect(selection.select(for: classic("nova-compute")).policy == .policy(2))
        #expect(selection.select(for: classic("conductor")).policy == .policy(0))
        // Negative priorities are numbers too.
        let negative = PolicySelection(policies: [policy("a", ".*", priority: -1), policy("b", ".*", priority: -2)], rabbitMQ: v3_13)
        #expect(negative.select(for: classic("x")).policy == .policy(0))
    }

    @Test func equalPrioritiesAreATieNotTheFirstInTheFile() {
        let selection = PolicySelection(policies: [
            policy("a", ".*", priority: 1), policy("b", "^x", priority: 0), policy("c", "x", priority: 1),
        ], rabbitMQ: v3_13)
        let application = selection.select(for: classic("xy"))
        #expect(application.policy == .tie([0, 2]))
        #expect(application.policy.possible == [0, 2])
        #expect(application.policy.index == nil)
        #expect(selection.effectiveDefinition(of: application) == nil)
        // No tie when only one of them matches.
        #expect(selection.select(for: classic("y")).policy == .policy(0))
    }

    @Test func unknownMatchesPropagate() {
        let catastrophic = #"(a*)*b"#
        let name = String(repeating: "a", count: 40)
        // An unknown match that could outrank the certain one: unknown.
        let above = PolicySelection(policies: [policy("sure", ".*", priority: 0), policy("hostile", catastrophic, priority: 1)],
                                    rabbitMQ: v3_13)
        let application = above.select(for: classic(name))
        #expect(application.policy == .unknown([0, 1]))
        #expect(application.verdicts[1] == .patternUnknown(.stepBudgetExceeded(budget: PolicyPattern.defaultStepBudget)))
        // One that could only tie: still unknown.
        let tied = PolicySelection(policies: [policy("sure", ".*", priority: 1), policy("hostile", catastrophic, priority: 1)],
                                   rabbitMQ: v3_13)
        #expect(tied.select(for: classic(name)).policy == .unknown([0, 1]))
        // One below the winner cannot change the answer.
        let below = PolicySelection(policies: [policy("sure", ".*", priority: 2), policy("hostile", catastrophic, priority: 1)],
                                    rabbitMQ: v3_13)
        #expect(below.select(for: classic(name)).policy == .policy(0))
        // Nothing certain: unknown between "none" and the uncertain one.
        let alone = PolicySelection(policies: [policy("hostile", catastrophic)], rabbitMQ: v3_13)
        #expect(alone.select(for: classic(name)).policy == .unknown([0]))
    }

    @Test func unknownPatternsAndPrioritiesPropagate() {
        let selection = PolicySelection(policies: [
            policy("templated", nil, priority: 0), policy("sure", ".*", priority: 0),
            policy("invalid", "(", priority: 0), policy("unsupported", #"(a)\1"#, priority: 0),
        ], rabbitMQ: v3_13)
        let application = selection.select(for: classic("compute"))
        #expect(application.policy == .unknown([0, 1, 2, 3]))
        #expect(application.verdicts[0] == .patternNotKnown)
        #expect(application.verdicts[2] == .patternUnknown(.invalidPattern(
            PolicyPatternError(message: "missing closing parenthesis", offset: 0, utf8Offset: 0))))
        #expect(application.verdicts[3] == .patternUnknown(.unsupportedPattern(
            PolicyPatternUnsupported(feature: #"back-reference or octal escape \1"#, offset: 3, utf8Offset: 3))))
        #expect(selection.compiledPattern("(") == .invalid(
            PolicyPatternError(message: "missing closing parenthesis", offset: 0, utf8Offset: 0)))
        #expect(selection.compiledPattern("never used") == nil)

        let priority = PolicySelection(policies: [policy("sure", ".*", priority: 5), policy("unknown", ".*", priority: nil)],
                                       rabbitMQ: v3_13)
        let withUnknownPriority = priority.select(for: classic("x"))
        #expect(withUnknownPriority.policy == .unknown([0, 1]))
        #expect(withUnknownPriority.verdicts == [.matches, .matchesWithUnknownPriority])
    }

    @Test func virtualHostsMustBeEqual() {
        let selection = PolicySelection(policies: [policy("root", ".*", vhost: "/"), policy("os", ".*", vhost: "openstack")],
                                        rabbitMQ: v3_13)
        let application = selection.select(for: classic("compute", vhost: "openstack"))
        #expect(application.policy == .policy(1))
        #expect(application.verdicts == [.otherVirtualHost, .matches])
        #expect(selection.select(for: classic("compute", vhost: "/OpenStack")).policy == PolicyChoice.none)
    }

    @Test func applyToPerVersion() {
        let typed = [policy("classic", ".*", applyTo: "classic_queues"), policy("quorum", ".*", applyTo: "quorum_queues"),
                     policy("streams", ".*", applyTo: "streams", [("max-age", .string("1h"))])]
        let before = PolicySelection(policies: typed, rabbitMQ: v3_11)
        #expect(before.select(for: classic("q")).verdicts == [
            .applyToRejected("classic_queues"), .applyToRejected("quorum_queues"), .applyToRejected("streams"),
        ])
        let after = PolicySelection(policies: typed, rabbitMQ: v3_12)
        #expect(after.select(for: classic("q")).policy == .policy(0))
        #expect(after.select(for: PolicyTarget(name: "q", vhost: "/", kind: .quorumQueue)).policy == .policy(1))
        #expect(after.select(for: PolicyTarget(name: "q", vhost: "/", kind: .stream)).policy == .policy(2))
        #expect(after.select(for: PolicyTarget(name: "x", vhost: "/", kind: .exchange)).verdicts
            == [.applyToExcludes, .applyToExcludes, .applyToExcludes])

        #expect(PolicyApplyTo.accepted("classic_queues", by: v3_11) == nil)
        #expect(PolicyApplyTo.accepted("classic_queues", by: v3_12) == .classicQueues)
        #expect(PolicyApplyTo.accepted("queues", by: RabbitMQVersion(major: 3, minor: 8)) == .queues)
        #expect(PolicyApplyTo.accepted("queue", by: v4_2) == nil)
        #expect(PolicyApplyTo.accepted("All", by: v4_2) == nil)
        #expect(PolicyApplyTo.streams.introducedIn == v3_12)
    }

    @Test func exchangesAndQueues() {
        let selection = PolicySelection(policies: [
            policy("queues", ".*", priority: 1, applyTo: "queues"), policy("exchanges", ".*", priority: 0, applyTo: "exchanges"),
            policy("all", "^nova$", priority: 0, applyTo: "all", [("ha-mode", .string("all"))]),
        ], rabbitMQ: v3_13)
        // Exchanges refuse no keys; `all` admits them.
        #expect(selection.select(for: PolicyTarget(name: "nova", vhost: "/", kind: .exchange)).policy == .tie([1, 2]))
        #expect(selection.select(for: PolicyTarget(name: "neutron", vhost: "/", kind: .exchange)).policy == .policy(1))
        #expect(selection.select(for: classic("nova")).policy == .policy(0))
        #expect(PolicyApplyTo.queues.admits(.stream))
        #expect(!PolicyApplyTo.queues.admits(.exchange))
        #expect(PolicyApplyTo.all.admits(.exchange))
    }
}

@Suite("Policy selection: operator policies")
struct OperatorPolicyTests {
    @Test func operatorPolicyMergesWithThePolicy() throws {
        let operatorPolicy = policy("op", ".*", [("message-ttl", .integer(60_000)), ("max-length", .integer(1000))])
        let selection = PolicySelection(policies: [kollaHAAll], operatorPolicies: [operatorPolicy], rabbitMQ: v3_13)
        let application = selection.select(for: classic("compute"))
        #expect(application.policy == .policy(0))
        #expect(application.operatorPolicy == .policy(0))
        let merged = try #require(selection.effectiveDefinition(of: application))
        #expect(merged == [
            PolicyMergedItem(key: "expires", value: .integer(3_600_000), contribution: .policy),
            PolicyMergedItem(key: "ha-mode", value: .string("exactly"), contribution: .policy),
            PolicyMergedItem(key: "ha-params", value: .integer(2), contribution: .policy),
            PolicyMergedItem(key: "ha-promote-on-shutdown", value: .string("always"), contribution: .policy),
            PolicyMergedItem(key: "max-length", value: .integer(1000), contribution: .operatorPolicy),
            PolicyMergedItem(key: "message-ttl", value: .integer(60_000), contribution: .both(.lowerWins)),
        ])
        // A reply queue gets the operator policy alone.
        let reply = selection.select(for: classic("reply_1"))
        #expect(reply.policy == PolicyChoice.none)
        #expect(selection.effectiveDefinition(of: reply) == [
            PolicyMergedItem(key: "max-length", value: .integer(1000), contribution: .operatorPolicy),
            PolicyMergedItem(key: "message-ttl", value: .integer(60_000), contribution: .operatorPolicy),
        ])
    }

    @Test func operatorPoliciesAreChosenByTheSameRules() {
        let selection = PolicySelection(policies: [], operatorPolicies: [
            policy("a", ".*", priority: 0), policy("b", "^reply_", priority: 3), policy("c", ".*", vhost: "other"),
        ], rabbitMQ: v3_13)
        #expect(selection.select(for: classic("reply_1")).operatorPolicy == .policy(1))
        #expect(selection.select(for: classic("compute")).operatorPolicy == .policy(0))
        #expect(selection.select(for: classic("compute")).operatorVerdicts == [.matches, .patternDoesNotMatch, .otherVirtualHost])
    }

    @Test func mergeRules() {
        #expect(PolicySelection.mergeRule(for: "message-ttl", rabbitMQ: v3_13) == .lowerWins)
        #expect(PolicySelection.mergeRule(for: "expires", rabbitMQ: v4_2) == .lowerWins)
        #expect(PolicySelection.mergeRule(for: "delivery-limit", rabbitMQ: v3_13) == .lowerWins)
        #expect(PolicySelection.mergeRule(for: "delivery-limit", rabbitMQ: .v4_0) == .lowerWinsUnlessNegative)
        #expect(PolicySelection.mergeRule(for: "target-group-size", rabbitMQ: v4_2) == .higherWins)
        #expect(PolicySelection.mergeRule(for: "overflow", rabbitMQ: v4_2) == .operatorWins)
        #expect(PolicySelection.mergeRule(for: "ha-mode", rabbitMQ: v3_13) == .strongerHAMode)
        #expect(PolicySelection.mergeRule(for: "ha-mode", rabbitMQ: v4_2) == .unmodelled)
        #expect(PolicySelection.mergeRule(for: "dead-letter-exchange", rabbitMQ: v4_2) == .unmodelled)

        func merged(_ key: String, _ mine: PolicyValue, _ theirs: PolicyValue, _ version: RabbitMQVersion) -> PolicyValue? {
            PolicySelection.merge(policy: policy("p", ".*", [(key, mine)]), operatorPolicy: policy("o", ".*", [(key, theirs)]),
                                  rabbitMQ: version).first?.value
        }
        #expect(merged("delivery-limit", .integer(-1), .integer(5), .v4_0) == .integer(5))
        #expect(merged("delivery-limit", .integer(3), .integer(5), .v4_0) == .integer(3))
        #expect(merged("delivery-limit", .integer(-1), .integer(5), v3_13) == .integer(-1))
        #expect(merged("ha-mode", .string("exactly"), .string("all"), v3_13) == .string("all"))
        #expect(merged("ha-mode", .string("nodes"), .string("exactly"), v3_13) == .string("exactly"))
        #expect(merged("ha-params", .integer(2), .integer(3), v3_13) == .integer(3))
        #expect(merged("message-ttl", .unknown, .integer(3), v3_13) == .unknown)
        #expect(merged("message-ttl", .string("x"), .integer(3), v3_13) == .unknown)
        #expect(merged("queue-version", .integer(1), .integer(2), v3_13) == .integer(2))
        // Booleans: the operator's value (3.9+).
        #expect(PolicySelection.merge(policy: policy("p", ".*", [("x-flag", .bool(true))]),
                                      operatorPolicy: policy("o", ".*", [("x-flag", .bool(false))]), rabbitMQ: v3_13)
            == [PolicyMergedItem(key: "x-flag", value: .bool(false), contribution: .both(.operatorWins))])
    }

    @Test func operatorPolicyKeysPerVersion() {
        let base: Set<String> = ["expires", "message-ttl", "max-length", "max-length-bytes", "max-in-memory-length",
                                 "max-in-memory-bytes", "delivery-limit"]
        #expect(PolicySelection.operatorPolicyKeys(rabbitMQ: RabbitMQVersion(major: 3, minor: 10)) == base)
        #expect(PolicySelection.operatorPolicyKeys(rabbitMQ: v3_11)
            == base.union(["ha-mode", "ha-params", "ha-sync-mode", "queue-version"]))
        #expect(PolicySelection.operatorPolicyKeys(rabbitMQ: v3_13)
            == base.union(["ha-mode", "ha-params", "ha-sync-mode", "queue-version", "overflow", "target-group-size"]))
        #expect(PolicySelection.operatorPolicyKeys(rabbitMQ: v4_2)
            == base.union(["queue-version", "overflow", "target-group-size", "queue-master-locator"]))
        #expect(PolicySelection.operatorPolicyKeys(rabbitMQ: .v4_3).contains("delayed-retry-type"))
    }

    @Test func unsupportedKeysPerQueueTypeAndVersion() {
        #expect(PolicySelection.unsupportedKeys(for: .exchange, rabbitMQ: v3_13).isEmpty)
        #expect(PolicySelection.unsupportedKeys(for: .classicQueue, rabbitMQ: RabbitMQVersion(major: 3, minor: 8)).isEmpty)
        #expect(PolicySelection.unsupportedKeys(for: .classicQueue, rabbitMQ: v3_13) == [
            "max-age", "stream-max-segment-size-bytes", "initial-cluster-size", "queue-leader-locator", "delivery-limit",
            "dead-letter-strategy", "max-in-memory-length", "max-in-memory-bytes", "target-group-size",
        ])
        #expect(PolicySelection.unsupportedKeys(for: .quorumQueue, rabbitMQ: RabbitMQVersion(major: 3, minor: 8)) == [
            "message-ttl", "max-priority", "queue-mode", "single-active-consumer", "ha-mode", "ha-params", "ha-sync-mode",
            "ha-promote-on-shutdown", "ha-promote-on-failure", "queue-master-locator",
        ])
        #expect(!PolicySelection.unsupportedKeys(for: .quorumQueue, rabbitMQ: v4_2).contains("single-active-consumer"))
        #expect(PolicySelection.unsupportedKeys(for: .stream, rabbitMQ: v4_2).isSuperset(of: ["message-ttl", "expires", "ha-mode"]))
        #expect(PolicySelection.refusedKeys(["message-ttl", "max-age", "expires"], kind: .stream, rabbitMQ: v4_2)
            == ["message-ttl", "expires"])
    }
}
