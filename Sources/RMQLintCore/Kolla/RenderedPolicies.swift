import RMQLintSource
import RMQLintJinja

// The RabbitMQ policies Kolla renders into definitions.json (docs/domain.md §1.4) and the broker
// settings of its rabbitmq.conf template (§1.5).
//
// Read at KA `ansible/roles/rabbitmq/templates/definitions.json.j2` at every branch tip of §0
// and at the tags 11.3.0/11.4.0, 12.3.0/12.4.0, 12.8.0, 13.0.1/13.1.0, 13.7.0/13.8.0/13.9.0,
// 14.0.0, 14.7.0/14.8.0/14.9.0, 15.0.0/15.1.0/15.2.0, 16.0.0, 20.0.0, 22.0.0 (`git show`).
// Only the policies for the main RabbitMQ are modelled: the copy for Murano's
// `outward_rabbitmq` vhost (`{% if project_name == 'outward_rabbitmq' %}`, dropped by KA
// 6c31bb67) belongs to a separate broker.

/// When a policy definition entry is emitted.
public enum PolicyEmitCondition: Hashable, Sendable {
    /// Always.
    case always
    /// Only when the variable is not none (`{% if x is not none %}`).
    case ifNotNone(String)
    /// Only when the variable is none (the `{% else %}` branch).
    case ifNone(String)
}

/// One key of a rendered policy's `definition`.
public struct PolicyDefinitionEntry: Hashable, Sendable {
    /// How the template writes the JSON value.
    public enum JSONKind: Hashable, Sendable {
        /// Inside quotes: `"{{ x }}"` or `"all"`.
        case string
        /// Bare: `{{ x | int }}` or `2`.
        case number
    }

    /// The policy key (`ha-mode`, `message-ttl`).
    public let key: String
    /// The value as template text: a literal (`all`) or a Jinja expression in braces
    /// (`{{ rabbitmq_ha_replica_count | int }}`).
    public let value: String
    /// Quoted or bare in the JSON.
    public let json: JSONKind
    /// When the entry is emitted.
    public let emitWhen: PolicyEmitCondition

    /// Creates an entry.
    public init(key: String, value: String, json: JSONKind, emitWhen: PolicyEmitCondition = .always) {
        self.key = key
        self.value = value
        self.json = json
        self.emitWhen = emitWhen
    }
}

/// A policy in Kolla's `definitions.json` template.
public struct RenderedPolicy: Hashable, Sendable {
    /// The policy name.
    public let name: String
    /// The vhost (Kolla hard-codes `/`, whatever `om_rpc_vhost` says).
    public let vhost: String
    /// The queue-name regex as RabbitMQ receives it (JSON escapes decoded).
    public let pattern: String
    /// `apply-to`.
    public let applyTo: String
    /// `priority`.
    public let priority: Int
    /// The definition entries, in template order.
    public let definition: [PolicyDefinitionEntry]
    /// The Jinja condition under which the policy is rendered; `nil` when always rendered.
    public let condition: String?
    /// Where it was read.
    public let source: String
}

/// A broker setting Kolla's RabbitMQ config template renders.
public struct RenderedBrokerSetting: Hashable, Sendable {
    /// The file (`rabbitmq.conf`, or `rabbitmq.config` in Erlang terms before Stein).
    public let file: String
    /// The setting.
    public let key: String
    /// A literal (`autoheal`) or template text (`{{ rabbitmq_cluster_partition_handling }}`).
    public let value: String
    /// Where it was read.
    public let source: String
}

extension KollaKnowledge {
    /// The policies Kolla's `definitions.json.j2` renders for a version, with their conditions.
    /// Empty when the template renders `"policies":[]` unconditionally (yoga before 14.8.0,
    /// zed 15.0.0, 2025.1, 2025.2).
    public static func renderedPolicies(for version: KollaVersion) -> [RenderedPolicy] {
        let release = version.release
        let source = KollaReads.cite("ansible/roles/rabbitmq/templates/definitions.json.j2", release: release)
        let haFlag = "om_enable_rabbitmq_high_availability | bool"
        let removeFlag = "rabbitmq_remove_ha_all_policy | bool"
        // KA e7441a42 (4.0.0): the implicit ha-all policy of Queens–Xena.
        func legacy(_ condition: String?, _ note: String) -> RenderedPolicy {
            RenderedPolicy(name: "ha-all", vhost: "/", pattern: ".*", applyTo: "all", priority: 0,
                           definition: [PolicyDefinitionEntry(key: "ha-mode", value: "all", json: .string)],
                           condition: condition, source: "\(source) (policy introduced by \(note))")
        }
        // KA 09df6fc1: the flag-driven policy excluding amq., *_fanout_ and reply_ queues.
        func flagged(_ definition: [PolicyDefinitionEntry], _ note: String) -> RenderedPolicy {
            RenderedPolicy(name: "ha-all", vhost: "/", pattern: "^(?!(amq\\.)|(.*_fanout_)|(reply_)).*", applyTo: "all",
                           priority: 0, definition: definition, condition: haFlag, source: "\(source) (policy introduced by \(note))")
        }
        switch HAPolicyStage(version) {
        case .legacyOnly:
            return [legacy(nil, "KA e7441a42")]
        case .legacyWithEscapeHatch:
            return [legacy("not (\(removeFlag))", "KA e7441a42; escape hatch KA 2764844e / 8e1c98d9 / 425ead57")]
        case .none:
            return []
        case .flaggedAllOnly(let withLegacy):
            var policies = [flagged(haDefinition(.modeAllOnly), "KA 09df6fc1 / 49f451cc / 9ffd6588 / 1be0f8de / edd88049")]
            if withLegacy {
                policies.append(legacy("not (\(haFlag)) and not (\(removeFlag))", "KA e7441a42; escape hatch KA 8e1c98d9 / 425ead57"))
            }
            return policies
        case .flaggedReplicas:
            return [flagged(haDefinition(.replicasAndPromote), "KA 2af2b16d / a060f45b (13.9.0)"),
                    legacy("not (\(haFlag)) and not (\(removeFlag))", "KA e7441a42; escape hatch KA 425ead57")]
        case .flaggedFull(let expiresInt, let withLegacy):
            var policies = [flagged(haDefinition(expiresInt ? .fullExpiresInt : .fullExpiresRaw),
                                    expiresInt ? "KA fd30dfb8, d1b24a41 (16.0.0)" : "KA cf40e515 / 8affe4ed / fdf47169")]
            if withLegacy {
                policies.append(legacy("not (\(haFlag)) and not (\(removeFlag))", "KA e7441a42; escape hatch KA 425ead57"))
            }
            return policies
        case .streamRetention:
            // KA 1b42101d "Make RabbitMQ stream retention policy configurable" (22.0.0).
            return [RenderedPolicy(
                name: "stream-retention-policy", vhost: "/", pattern: ".+", applyTo: "streams", priority: 1,
                definition: [
                    PolicyDefinitionEntry(key: "stream-max-segment-size-bytes", value: "{{ rabbitmq_stream_max_segment_size_bytes }}", json: .number),
                    PolicyDefinitionEntry(key: "max-age", value: "{{ rabbitmq_stream_segment_max_age }}", json: .string),
                ],
                condition: "om_enable_rabbitmq_stream_fanout | bool", source: "\(source) (policy introduced by KA 1b42101d)")]
        }
    }

    /// What Kolla's RabbitMQ template sets `cluster_partition_handling` to: hard-coded
    /// `autoheal` (queens–stein), hard-coded `pause_minority` (KA 5b0a281d, train 9.0.0 until
    /// victoria 11.0.x / wallaby 12.0.x), then `{{ rabbitmq_cluster_partition_handling }}`
    /// (KA 3b5bcc16 11.1.0, 0e0f9693 12.1.0, c9984127 13.0.0).
    /// [KA `ansible/roles/rabbitmq/templates/rabbitmq.config.j2` at queens-eol, rocky-eol;
    /// `rabbitmq.conf.j2` at 8.0.0, stein-eol, 9.0.0, train-eol, ussuri-eol, 11.0.0, 11.1.0,
    /// 12.0.0, 12.1.0, 13.0.0, master]
    public static func templatePartitionHandling(for version: KollaVersion) -> RenderedBrokerSetting {
        let release = version.release
        let file = release <= .rocky ? "rabbitmq.config" : "rabbitmq.conf"
        let source = KollaReads.cite("ansible/roles/rabbitmq/templates/\(file).j2", release: release)
        let value: String
        switch release {
        case .queens, .rocky, .stein:
            value = "autoheal"
        case .train, .ussuri:
            value = "pause_minority"
        case .victoria, .wallaby:
            value = version.includes(minor: 1) ? "{{ rabbitmq_cluster_partition_handling }}" : "pause_minority"
        default:
            value = "{{ rabbitmq_cluster_partition_handling }}"
        }
        return RenderedBrokerSetting(file: file, key: "cluster_partition_handling", value: value, source: source)
    }

    private enum HADefinitionKind {
        case modeAllOnly, replicasAndPromote, fullExpiresRaw, fullExpiresInt
    }

    /// The `definition` of the flag-driven ha-all policy.
    private static func haDefinition(_ kind: HADefinitionKind) -> [PolicyDefinitionEntry] {
        guard kind != .modeAllOnly else {
            return [PolicyDefinitionEntry(key: "ha-mode", value: "all", json: .string)]
        }
        var entries = [
            PolicyDefinitionEntry(key: "ha-mode", value: "exactly", json: .string, emitWhen: .ifNotNone("rabbitmq_ha_replica_count")),
            PolicyDefinitionEntry(key: "ha-params", value: "{{ rabbitmq_ha_replica_count | int }}", json: .number,
                                  emitWhen: .ifNotNone("rabbitmq_ha_replica_count")),
            PolicyDefinitionEntry(key: "ha-mode", value: "all", json: .string, emitWhen: .ifNone("rabbitmq_ha_replica_count")),
            PolicyDefinitionEntry(key: "ha-promote-on-shutdown", value: "{{ rabbitmq_ha_promote_on_shutdown }}", json: .string,
                                  emitWhen: .ifNotNone("rabbitmq_ha_promote_on_shutdown")),
        ]
        guard kind != .replicasAndPromote else { return entries }
        entries.append(PolicyDefinitionEntry(key: "message-ttl", value: "{{ rabbitmq_message_ttl_ms | int }}", json: .number,
                                             emitWhen: .ifNotNone("rabbitmq_message_ttl_ms")))
        // `| int` on expires from KA d1b24a41 (16.0.0); the zed/yoga/xena backports lack it.
        entries.append(PolicyDefinitionEntry(
            key: "expires", value: kind == .fullExpiresInt ? "{{ rabbitmq_queue_expiry_ms | int }}" : "{{ rabbitmq_queue_expiry_ms }}",
            json: .number, emitWhen: .ifNotNone("rabbitmq_queue_expiry_ms")))
        return entries
    }
}

/// Which policy block a version's definitions.json.j2 has.
private enum HAPolicyStage {
    /// `ha-all` `.*` always (queens … ussuri; victoria < 11.4; wallaby < 12.4; xena < 13.1).
    case legacyOnly
    /// `ha-all` `.*` unless `rabbitmq_remove_ha_all_policy` (victoria ≥ 11.4, wallaby 12.4–12.8, xena 13.1–13.7).
    case legacyWithEscapeHatch
    /// `"policies":[]` (yoga 14.0–14.7, zed 15.0.0, 2025.1, 2025.2).
    case none
    /// Flag-driven policy with `{"ha-mode":"all"}`; plus the legacy branch on wallaby/xena.
    case flaggedAllOnly(withLegacy: Bool)
    /// Flag-driven policy with replicas and promote-on-shutdown (xena 13.9.x), plus legacy branch.
    case flaggedReplicas
    /// Flag-driven policy with replicas, promote, message-ttl and expires.
    case flaggedFull(expiresInt: Bool, withLegacy: Bool)
    /// The 2026.1+ stream retention policy.
    case streamRetention

    init(_ version: KollaVersion) {
        switch version.release {
        case .queens, .rocky, .stein, .train, .ussuri:
            self = .legacyOnly
        case .victoria:
            self = version.includes(minor: 4) ? .legacyWithEscapeHatch : .legacyOnly
        case .wallaby:
            if version.isBranchTip {
                self = .flaggedAllOnly(withLegacy: true)
            } else {
                self = version.includes(minor: 4) ? .legacyWithEscapeHatch : .legacyOnly
            }
        case .xena:
            if version.isBranchTip {
                self = .flaggedFull(expiresInt: false, withLegacy: true)
            } else if version.includes(minor: 9) {
                self = .flaggedReplicas
            } else if version.includes(minor: 8) {
                self = .flaggedAllOnly(withLegacy: true)
            } else {
                self = version.includes(minor: 1) ? .legacyWithEscapeHatch : .legacyOnly
            }
        case .yoga:
            if version.includes(minor: 9) {
                self = .flaggedFull(expiresInt: false, withLegacy: false)
            } else {
                self = version.includes(minor: 8) ? .flaggedAllOnly(withLegacy: false) : .none
            }
        case .zed:
            if version.includes(minor: 2) {
                self = .flaggedFull(expiresInt: false, withLegacy: false)
            } else {
                self = version.includes(minor: 1) ? .flaggedAllOnly(withLegacy: false) : .none
            }
        case .antelope, .bobcat, .caracal, .dalmatian:
            self = .flaggedFull(expiresInt: true, withLegacy: false)
        case .epoxy, .flamingo:
            self = .none
        case .gazpacho, .master:
            self = .streamRetention
        }
    }
}
