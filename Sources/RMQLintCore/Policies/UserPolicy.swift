import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders
import RMQLintModel
import RMQLintEngine

/// A site policy written by an operator in `.rmqlint.yml` (`policies:`) or a file named by
/// `policy_files:` (spec §11): a rule defined at run time over the effective model.
///
/// ```yaml
/// - id: SITE001
///   slug: compute-heartbeat-timeout
///   severity: error
///   summary: compute nodes must tolerate two minutes without AMQP heartbeats
///   match:
///     setting: oslo_messaging_rabbit.heartbeat_timeout_threshold
///     service: nova-compute
///   require:
///     ">=": 120
/// ```
///
/// It is validated when the configuration is read (``UserPolicyParser``) and evaluated by
/// ``UserPolicyEvaluator``; its ``description`` makes it a rule like any other for the
/// catalogue, `explain`, selection, severity overrides, suppressions and reporters.
public struct UserPolicy: Sendable {
    /// Identity and documentation, as for a built-in rule (``RuleDescription/isUserDefined`` is true).
    public var description: RuleDescription
    /// Which values the policy looks at.
    public var match: PolicyMatch
    /// Preconditions on the deployment; all must hold.
    public var conditions: [PolicyCondition]
    /// What every matched value must satisfy.
    public var requirement: PolicyRequirement
    /// Where the policy's `id:` is written.
    public var location: SourceLocation

    /// The policy id (`SITE001`).
    public var id: String { description.id }
}

/// A glob over names (`nova-*`, `cmp[0-9]*`), or a list of them: matches when any does.
public struct NameFilter: Sendable, CustomStringConvertible {
    /// The globs as written.
    public var globs: [String]

    /// Whether `name` is matched by one of the globs (`*`, `?`, `[…]`; the whole name).
    public func matches(_ name: String) -> Bool {
        globs.contains { PathPattern.matchComponent($0, name) }
    }

    public var description: String { globs.count == 1 ? globs[0] : "[" + globs.joined(separator: ", ") + "]" }
}

/// Which inventory hosts a policy looks at.
public enum HostFilter: Sendable, CustomStringConvertible {
    /// Hosts whose name a glob (or one of a list) matches.
    case names(NameFilter)
    /// The hosts of an inventory group (`group:compute`), through `:children`.
    case group(String)

    public var description: String {
        switch self {
        case .names(let filter): filter.description
        case .group(let name): "group:\(name)"
        }
    }
}

/// What an HAProxy match reads of each proxy.
public enum HAProxyProperty: Sendable, Equatable, CustomStringConvertible {
    /// `option NAME`: true when enabled, false for `no option` / `default option`.
    case option(String)
    /// `timeout NAME`: the time as written (compared in milliseconds).
    case timeout(String)
    /// The last line with this keyword (`balance`, `mode`, `maxconn`): its arguments.
    case directive(String)

    /// `option srvtcpka`, `timeout client`, `balance`.
    public var description: String {
        switch self {
        case .option(let name): "option \(name)"
        case .timeout(let name): "timeout \(name)"
        case .directive(let keyword): keyword
        }
    }
}

/// What a RabbitMQ policy match reads of each policy.
public enum RabbitMQPolicyKey: Sendable, Equatable {
    case pattern
    case applyTo
    case priority
    /// `definition.<key>` (`ha-mode`, `message-ttl`, `queue-mode`).
    case definition(String)

    /// The key as written in a policy.
    public var name: String {
        switch self {
        case .pattern: "pattern"
        case .applyTo: "apply-to"
        case .priority: "priority"
        case .definition(let key): "definition.\(key)"
        }
    }
}

/// The kind of value a policy checks, with its filters (spec §11 "Kinds of `match`").
public enum PolicyMatch: Sendable {
    /// `[section] key` of the effective oslo config of matching services, per host where
    /// hosts have their own overrides.
    case setting(section: String, key: String, services: NameFilter?, hosts: HostFilter?)
    /// A Kolla variable after globals and Kolla's defaults.
    case variable(String)
    /// A property of every HAProxy proxy (frontend, backend, listen) whose name matches.
    case haproxy(proxies: NameFilter, property: HAProxyProperty, hosts: HostFilter?)
    /// A key of every effective RabbitMQ policy whose name matches.
    case rabbitmqPolicy(names: NameFilter, key: RabbitMQPolicyKey, hosts: HostFilter?)
    /// A `rabbitmq.conf` key of the broker configuration.
    case rabbitmqConf(key: String, hosts: HostFilter?)

    /// The kind's name as written in `match`.
    public var kindName: String {
        switch self {
        case .setting: "setting"
        case .variable: "variable"
        case .haproxy: "haproxy"
        case .rabbitmqPolicy: "rabbitmq_policy"
        case .rabbitmqConf: "rabbitmq_conf"
        }
    }

    /// Whether numeric comparisons read HAProxy times (`30s`, `1h`) as milliseconds.
    public var comparesTimes: Bool {
        if case .haproxy(_, .timeout, _) = self { return true }
        return false
    }
}

/// A comparison operator of `require` and `when`.
public enum PolicyComparison: String, Sendable, CaseIterable {
    case greaterOrEqual = ">="
    case greater = ">"
    case lessOrEqual = "<="
    case less = "<"

    /// Whether `lhs OP rhs` holds.
    public func holds<T: Comparable>(_ lhs: T, _ rhs: T) -> Bool {
        switch self {
        case .greaterOrEqual: lhs >= rhs
        case .greater: lhs > rhs
        case .lessOrEqual: lhs <= rhs
        case .less: lhs < rhs
        }
    }
}

/// A scalar a policy compares with: its text, and how YAML typed it (`true` and `120`
/// unquoted are a boolean and a number; quoted, strings).
public struct PolicyScalar: Sendable, CustomStringConvertible {
    /// The text as written.
    public var text: String
    /// The boolean, when written as one (YAML 1.1, as Ansible reads it).
    public var bool: Bool?
    /// The number, when written as one.
    public var number: Double?

    public var description: String { text }
}

/// What `require` asks of each matched value (spec §11 "Operators").
public enum PolicyRequirement: Sendable {
    case equals(PolicyScalar)
    case notEquals(PolicyScalar)
    case oneOf([PolicyScalar])
    case matches(PolicyPattern)
    case present
    case absent
    /// A numeric comparison; for HAProxy timeouts the bound is in milliseconds.
    case compare(PolicyComparison, Double, written: String)

    /// The operator as written, with its operand: `>= 120`, `one_of [a, b]`.
    public var description: String {
        switch self {
        case .equals(let value): "equals \(value)"
        case .notEquals(let value): "not_equals \(value)"
        case .oneOf(let values): "one_of [" + values.map(\.text).joined(separator: ", ") + "]"
        case .matches(let pattern): "matches /\(pattern.source)/"
        case .present: "present"
        case .absent: "absent"
        case .compare(let comparison, _, let written): "\(comparison.rawValue) \(written)"
        }
    }
}

/// A precondition of `when` (spec §11): all of a policy's must hold; one that cannot be
/// decided (assumed release, unknown cluster size, unknown variable) means no finding.
public enum PolicyCondition: Sendable {
    /// Comparisons over the release order, e.g. `>= 2023.2, < 2025.1`.
    case release([(PolicyComparisonOrEqual, OpenStackRelease)], written: String)
    /// Comparisons over the number of hosts of the `rabbitmq` group.
    case clusterSize([(PolicyComparisonOrEqual, Int)], written: String)
    /// A Kolla variable's effective value equals this.
    case variable(name: String, value: PolicyScalar)

    /// The condition as written, for documentation.
    public var description: String {
        switch self {
        case .release(_, let written): "release \(written)"
        case .clusterSize(_, let written): "cluster size \(written)"
        case .variable(let name, let value): "\(name) is \(value)"
        }
    }
}

/// `==`, `!=` or an ordering, for `when` comparisons.
public enum PolicyComparisonOrEqual: Sendable {
    case equal
    case notEqual
    case ordered(PolicyComparison)

    /// Whether `lhs OP rhs` holds.
    public func holds<T: Comparable>(_ lhs: T, _ rhs: T) -> Bool {
        switch self {
        case .equal: lhs == rhs
        case .notEqual: lhs != rhs
        case .ordered(let comparison): comparison.holds(lhs, rhs)
        }
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs (policy operands, numbers).
    func policyTrimmed() -> String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}
