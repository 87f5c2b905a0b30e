import RMQLintSource
import RMQLintJinja

// Kolla-Ansible variable defaults per release (docs/domain.md §1.1, §1.2, §1.4, §1.5).
//
// Every span below was read with `git grep '^<name>:'` over `ansible/group_vars` and
// `ansible/roles/*/defaults/main.yml` at the branch-tip ref of each series (see
// `OpenStackRelease.kollaAnsibleRef`: queens-eol(f8b8e23d), rocky-eol(1afbbeb8),
// stein-eol(0000cb57), train-eol(e51134e0), ussuri-eol(8a94fe9e), victoria-eol(0ea41464),
// wallaby-eol(90904187), xena-eol(1eb757fd), yoga-eol(4349d96e), zed-eol(b1527cd9),
// 2023.1-eol(4891a21d), 2023.2-eol(94ecb2ef), unmaintained/2024.1(1276a433),
// 2024.2-eol(e3f40c8c), stable/2025.1(a7fc0cd6), stable/2025.2(257605a5),
// stable/2026.1(762181ae), master(1a681814)); tag-level gates were read at the tags named in
// each `note` (`git show <tag>:<path>`, `git describe --contains <commit>`).
// The values agree with docs/domain.md §1.2 wherever both cover a release.

/// A default Kolla-Ansible gives a variable, exactly as Kolla writes it.
public struct KollaVariableDefault: Hashable, Sendable {
    /// The variable name.
    public let name: String
    /// The scalar as YAML reads it, quotes removed: `false`, `600000`, `1`,
    /// `{{ rabbitmq_enable_tls | bool }}`; the empty string for a YAML null (`name:` with no
    /// value); a mapping in JSON flow form (`{}`).
    public let value: String
    /// Whether Kolla quoted the value (so it is a string, not a YAML 1.1 bool/int/null).
    public let quoted: Bool
    /// Where it was read: `KA stable/2025.1:ansible/group_vars/all.yml`, plus the commit that
    /// introduced it where a tag matters.
    public let source: String

    /// Creates a default.
    public init(name: String, value: String, quoted: Bool, source: String) {
        self.name = name
        self.value = value
        self.quoted = quoted
        self.source = source
    }

    /// Whether the variable is defined but null (`rabbitmq_ha_replica_count:` on zed), which
    /// Kolla's templates test with `is not none`.
    public var isNull: Bool {
        !quoted && (value.isEmpty || value == "~" || value == "null" || value == "Null" || value == "NULL")
    }

    /// Whether the value is (or contains) a Jinja expression to evaluate.
    public var isTemplated: Bool { value.containsASCII("{{") || value.containsASCII("{%") }
}

/// A variable the target release no longer reads (RMQ105).
public struct RemovedVariable: Hashable, Sendable {
    /// The variable name.
    public let name: String
    /// The first release that no longer reads it.
    public let removedIn: OpenStackRelease
    /// The severity RMQ105 uses: `warning` when the operator's intent is silently ignored,
    /// `info` for variables still defined but read by nothing (TTL, expiry, promote, replicas).
    public let severity: Severity
    /// The change that dropped it (`KA 8f0a4f67`).
    public let commit: String
    /// What happens instead, for the finding message.
    public let reason: String
}

/// Which file a span was read from; the path depends on the release.
enum KollaVarFile: Sendable {
    /// `ansible/group_vars/all.yml` up to 2025.1; `ansible/group_vars/all/<file>.yml` from 2025.2
    /// (KA d0505893 "group_vars: Reorganize huge all.yml into smaller files", 21.0.0).
    case groupVars(String?)
    /// `ansible/roles/<role>/defaults/main.yml`.
    case roleDefaults(String)
    /// HAProxy defaults: role `haproxy` up to wallaby, `loadbalancer` from xena.
    case loadbalancerDefaults

    func path(in release: OpenStackRelease) -> String {
        switch self {
        case .groupVars(let file):
            if release >= .flamingo, let file { return "ansible/group_vars/all/\(file).yml" }
            return "ansible/group_vars/all.yml"
        case .roleDefaults(let role):
            return "ansible/roles/\(role)/defaults/main.yml"
        case .loadbalancerDefaults:
            return release <= .wallaby ? "ansible/roles/haproxy/defaults/main.yml" : "ansible/roles/loadbalancer/defaults/main.yml"
        }
    }
}

/// Restricts a span, within one release, to some of its tags.
enum KollaTagGate: Sendable {
    /// In `release`: only from `<major>.<minor>.0` on (and the branch tip).
    case from(OpenStackRelease, Int)
    /// In `release`: only tags before `<major>.<minor>.0` (never the branch tip).
    case before(OpenStackRelease, Int)
    /// In `release`: only the branch tip (the change came after the last tag).
    case tipOnly(OpenStackRelease)

    func admits(_ version: KollaVersion) -> Bool {
        switch self {
        case .from(let release, let minor):
            return version.release != release || version.includes(minor: minor)
        case .before(let release, let minor):
            guard version.release == release else { return true }
            guard let current = version.minor else { return false }
            return current < minor
        case .tipOnly(let release):
            return version.release != release || version.isBranchTip
        }
    }
}

/// One variable's value over a range of releases.
struct KollaVariableSpan: Sendable {
    let name: String
    let releases: ClosedRange<OpenStackRelease>
    let value: String
    let quoted: Bool
    let file: KollaVarFile
    let gates: [KollaTagGate]
    let readAt: String?
    let note: String?

    init(
        _ name: String, _ from: OpenStackRelease, _ to: OpenStackRelease, _ value: String, quoted: Bool,
        _ file: KollaVarFile, gates: [KollaTagGate] = [], readAt: String? = nil, note: String? = nil
    ) {
        self.name = name
        self.releases = from...to
        self.value = value
        self.quoted = quoted
        self.file = file
        self.gates = gates
        self.readAt = readAt
        self.note = note
    }

    func applies(to version: KollaVersion) -> Bool {
        releases.contains(version.release) && gates.allSatisfy { $0.admits(version) }
    }

    func resolved(for release: OpenStackRelease) -> KollaVariableDefault {
        var source = "KA \(readAt ?? release.kollaAnsibleRef):\(file.path(in: release))"
        if let note { source += " (\(note))" }
        return KollaVariableDefault(name: name, value: value, quoted: quoted, source: source)
    }
}

private typealias Span = KollaVariableSpan

/// Later entries win over earlier ones when both apply (tag-level exceptions follow the base).
let kollaVariableSpans: [KollaVariableSpan] = [
        // KA queens-eol … stein-eol
        Span("openstack_release", .queens, .stein, "auto", quoted: true, .groupVars(nil)),
        // KA train-eol
        Span("openstack_release", .train, .train, "train", quoted: true, .groupVars(nil)),
        // KA ussuri-eol
        Span("openstack_release", .ussuri, .ussuri, "ussuri", quoted: true, .groupVars(nil)),
        // KA victoria-eol
        Span("openstack_release", .victoria, .victoria, "victoria", quoted: true, .groupVars(nil)),
        // KA wallaby-eol
        Span("openstack_release", .wallaby, .wallaby, "wallaby", quoted: true, .groupVars(nil)),
        // KA xena-eol
        Span("openstack_release", .xena, .xena, "xena", quoted: true, .groupVars(nil)),
        // KA yoga-eol
        Span("openstack_release", .yoga, .yoga, "yoga", quoted: true, .groupVars(nil)),
        // KA zed-eol
        Span("openstack_release", .zed, .zed, "zed", quoted: true, .groupVars(nil)),
        // KA 2023.1-eol
        Span("openstack_release", .antelope, .antelope, "2023.1", quoted: true, .groupVars(nil)),
        // KA 2023.2-eol
        Span("openstack_release", .bobcat, .bobcat, "2023.2", quoted: true, .groupVars(nil)),
        // KA unmaintained/2024.1
        Span("openstack_release", .caracal, .caracal, "2024.1", quoted: true, .groupVars(nil)),
        // KA 2024.2-eol
        Span("openstack_release", .dalmatian, .dalmatian, "2024.2", quoted: true, .groupVars(nil)),
        // KA stable/2025.1
        Span("openstack_release", .epoxy, .epoxy, "2025.1", quoted: true, .groupVars(nil)),
        // KA stable/2025.2
        Span("openstack_release", .flamingo, .flamingo, "2025.2", quoted: true, .groupVars("common")),
        // KA stable/2026.1
        Span("openstack_release", .gazpacho, .gazpacho, "2026.1", quoted: true, .groupVars("common")),
        // KA master
        Span("openstack_release", .master, .master, "master", quoted: true, .groupVars("common")),
        // KA 9.0.0, 9.0.1: openstack_release "master" (tagged before the branch default was set)
        Span("openstack_release", .train, .train, "master", quoted: true, .groupVars(nil), gates: [.before(.train, 1)], readAt: "9.0.0"),
        // KA 17.0.0, 17.1.0
        Span("openstack_release", .bobcat, .bobcat, "master", quoted: true, .groupVars(nil), gates: [.before(.bobcat, 2)], readAt: "17.0.0"),
        // KA 19.0.0, 19.1.0
        Span("openstack_release", .dalmatian, .dalmatian, "master", quoted: true, .groupVars(nil), gates: [.before(.dalmatian, 2)], readAt: "19.0.0"),
        // KA 20.0.0
        Span("openstack_release", .epoxy, .epoxy, "master", quoted: true, .groupVars(nil), gates: [.before(.epoxy, 1)], readAt: "20.0.0"),
        // KA queens-eol … master
        Span("om_rpc_transport", .queens, .master, "rabbit", quoted: true, .groupVars("common")),
        // KA queens-eol … master
        Span("om_notify_transport", .queens, .master, "rabbit", quoted: true, .groupVars("common")),
        // KA stein-eol … master
        Span("om_rpc_vhost", .stein, .master, "/", quoted: true, .groupVars("common")),
        // KA stein-eol … master
        Span("om_notify_vhost", .stein, .master, "/", quoted: true, .groupVars("common")),
        // KA queens-eol … master
        Span("om_rpc_user", .queens, .master, "{{ rabbitmq_user }}", quoted: true, .groupVars("common")),
        // KA queens-eol … master
        Span("om_notify_user", .queens, .master, "{{ rabbitmq_user }}", quoted: true, .groupVars("common")),
        // KA queens-eol … master
        Span("om_rpc_port", .queens, .master, "{{ rabbitmq_port }}", quoted: true, .groupVars("common")),
        // KA queens-eol … master
        Span("om_notify_port", .queens, .master, "{{ rabbitmq_port }}", quoted: true, .groupVars("common")),
        // KA queens-eol … master
        Span("om_rpc_group", .queens, .master, "rabbitmq", quoted: true, .groupVars("common")),
        // KA queens-eol … master
        Span("om_notify_group", .queens, .master, "rabbitmq", quoted: true, .groupVars("common")),
        // KA queens-eol … rocky-eol
        Span("rpc_transport_url", .queens, .rocky, "{{ om_rpc_transport }}://{% for host in groups[om_rpc_group] %}{{ om_rpc_user }}:{{ om_rpc_password }}@{{ hostvars[host]['ansible_' + hostvars[host]['api_interface']]['ipv4']['address'] }}:{{ om_rpc_port }}{% if not loop.last %},{% endif %}{% endfor %}", quoted: true, .groupVars(nil)),
        // KA stein-eol
        Span("rpc_transport_url", .stein, .stein, "{{ om_rpc_transport }}://{% for host in groups[om_rpc_group] %}{{ om_rpc_user }}:{{ om_rpc_password }}@{{ hostvars[host]['ansible_' + hostvars[host]['api_interface']]['ipv4']['address'] }}:{{ om_rpc_port }}{% if not loop.last %},{% endif %}{% endfor %}/{{ om_rpc_vhost }}", quoted: true, .groupVars(nil)),
        // KA train-eol … stable/2025.2
        Span("rpc_transport_url", .train, .flamingo, "{{ om_rpc_transport }}://{% for host in groups[om_rpc_group] %}{{ om_rpc_user }}:{{ om_rpc_password }}@{{ 'api' | kolla_address(host) | put_address_in_context('url') }}:{{ om_rpc_port }}{% if not loop.last %},{% endif %}{% endfor %}/{{ om_rpc_vhost }}", quoted: true, .groupVars("common")),
        // KA stable/2026.1 … master
        Span("rpc_transport_url", .gazpacho, .master, "{{ om_rpc_transport }}://{% for host in groups[om_rpc_group] %}{{ om_rpc_user }}:{{ om_rpc_password }}@{{ 'api' | kolla_address(host) | put_address_in_context('url') }}:{{ om_rpc_port }}{%if not loop.last %},{% endif %}{% endfor %}/{{ om_rpc_vhost }}", quoted: true, .groupVars("common")),
        // KA queens-eol … rocky-eol
        Span("notify_transport_url", .queens, .rocky, "{{ om_notify_transport }}://{% for host in groups[om_notify_group] %}{{ om_notify_user }}:{{ om_notify_password }}@{{ hostvars[host]['ansible_' + hostvars[host]['api_interface']]['ipv4']['address'] }}:{{ om_notify_port }}{% if not loop.last %},{% endif %}{% endfor %}", quoted: true, .groupVars(nil)),
        // KA stein-eol
        Span("notify_transport_url", .stein, .stein, "{{ om_notify_transport }}://{% for host in groups[om_notify_group] %}{{ om_notify_user }}:{{ om_notify_password }}@{{ hostvars[host]['ansible_' + hostvars[host]['api_interface']]['ipv4']['address'] }}:{{ om_notify_port }}{% if not loop.last %},{% endif %}{% endfor %}/{{ om_notify_vhost }}", quoted: true, .groupVars(nil)),
        // KA train-eol … stable/2025.2
        Span("notify_transport_url", .train, .flamingo, "{{ om_notify_transport }}://{% for host in groups[om_notify_group] %}{{ om_notify_user }}:{{ om_notify_password }}@{{ 'api' | kolla_address(host) | put_address_in_context('url') }}:{{ om_notify_port }}{% if not loop.last %},{% endif %}{% endfor %}/{{ om_notify_vhost }}", quoted: true, .groupVars("common")),
        // KA stable/2026.1 … master
        Span("notify_transport_url", .gazpacho, .master, "{{ om_notify_transport }}://{% for host in groups[om_notify_group] %}{{ om_notify_user }}:{{ om_notify_password }}@{{ 'api' | kolla_address(host) | put_address_in_context('url') }}:{{ om_notify_port }}{%if not loop.last %},{% endif %}{% endfor %}/{{ om_notify_vhost }}", quoted: true, .groupVars("common")),
        // KA victoria-eol … master
        Span("om_enable_rabbitmq_tls", .victoria, .master, "{{ rabbitmq_enable_tls | bool }}", quoted: true, .groupVars("common")),
        // KA wallaby-eol … 2024.2-eol; KA 09df6fc1 (16.0.0); backports 49f451cc (wallaby, after its last tag), 9ffd6588 (13.8.0), 1be0f8de (14.8.0), edd88049 (15.1.0)
        Span("om_enable_rabbitmq_high_availability", .wallaby, .dalmatian, "false", quoted: false, .groupVars(nil), gates: [.tipOnly(.wallaby), .from(.xena, 8), .from(.yoga, 8), .from(.zed, 1)], note: "KA 09df6fc1 (16.0.0); backports 49f451cc (wallaby, after its last tag), 9ffd6588 (13.8.0), 1be0f8de (14.8.0), edd88049 (15.1.0)"),
        // KA 2023.1-eol; KA 0b096725 (16.3.0)
        Span("om_enable_rabbitmq_quorum_queues", .antelope, .antelope, "false", quoted: false, .groupVars(nil), gates: [.from(.antelope, 3)], note: "KA 0b096725 (16.3.0)"),
        // KA 2023.2-eol … 2024.2-eol; KA 64575519 (17.0.0)
        Span("om_enable_rabbitmq_quorum_queues", .bobcat, .dalmatian, "true", quoted: false, .groupVars(nil), note: "KA 64575519 (17.0.0)"),
        // KA unmaintained/2024.1 … 2024.2-eol; KA 0ca2349c (18.7.0), 97e3c609 (19.5.0)
        Span("om_enable_queue_manager", .caracal, .dalmatian, "false", quoted: false, .groupVars(nil), gates: [.from(.caracal, 7), .from(.dalmatian, 5)], note: "KA 0ca2349c (18.7.0), 97e3c609 (19.5.0)"),
        // KA unmaintained/2024.1 … 2024.2-eol; KA 195c245d (18.7.0), 4af0eb56 (19.5.0)
        Span("om_enable_rabbitmq_transient_quorum_queue", .caracal, .dalmatian, "{{ om_enable_rabbitmq_quorum_queues | bool and om_enable_queue_manager | bool }}", quoted: true, .groupVars(nil), gates: [.from(.caracal, 7), .from(.dalmatian, 5)], note: "KA 195c245d (18.7.0), 4af0eb56 (19.5.0)"),
        // KA unmaintained/2024.1 … 2024.2-eol; KA 438dc2f2 (18.7.0), 8ea1121c (19.5.0)
        Span("om_enable_rabbitmq_stream_fanout", .caracal, .dalmatian, "{{ om_enable_rabbitmq_quorum_queues | bool and om_enable_rabbitmq_transient_quorum_queue | bool }}", quoted: true, .groupVars(nil), gates: [.from(.caracal, 7), .from(.dalmatian, 5)], note: "KA 438dc2f2 (18.7.0), 8ea1121c (19.5.0)"),
        // KA stable/2025.1 … master; KA 4614aad4 (20.0.0)
        Span("om_enable_rabbitmq_stream_fanout", .epoxy, .master, "true", quoted: false, .groupVars("common"), note: "KA 4614aad4 (20.0.0)"),
        // KA unmaintained/2024.1 … stable/2025.2; KA 438dc2f2 (18.7.0), 8ea1121c (19.5.0), 4614aad4 (20.0.0)
        Span("om_rabbitmq_qos_prefetch_count", .caracal, .flamingo, "1", quoted: true, .groupVars("common"), gates: [.from(.caracal, 7), .from(.dalmatian, 5)], note: "KA 438dc2f2 (18.7.0), 8ea1121c (19.5.0), 4614aad4 (20.0.0)"),
        // KA stable/2026.1 … master; KA 1ccf97e6 (master), 4232989d (22.1.0)
        Span("om_rabbitmq_qos_prefetch_count", .gazpacho, .master, "50", quoted: true, .groupVars("common"), gates: [.from(.gazpacho, 1)], note: "KA 1ccf97e6 (master), 4232989d (22.1.0)"),
        // KA 22.0.0: still "1" (raised to "50" by 4232989d in 22.1.0)
        Span("om_rabbitmq_qos_prefetch_count", .gazpacho, .gazpacho, "1", quoted: true, .groupVars("common"), gates: [.before(.gazpacho, 1)], readAt: "22.0.0"),
        // KA xena-eol … zed-eol; KA cf40e515 (xena, after its last tag), 8affe4ed (14.9.0), fdf47169 (15.2.0)
        Span("rabbitmq_message_ttl_ms", .xena, .zed, "", quoted: false, .roleDefaults("rabbitmq"), gates: [.tipOnly(.xena), .from(.yoga, 9), .from(.zed, 2)], note: "KA cf40e515 (xena, after its last tag), 8affe4ed (14.9.0), fdf47169 (15.2.0)"),
        // KA 2023.1-eol … master; KA fd30dfb8 (16.0.0); unused from 20.0.0 (KA 8f0a4f67)
        Span("rabbitmq_message_ttl_ms", .antelope, .master, "600000", quoted: false, .roleDefaults("rabbitmq"), note: "KA fd30dfb8 (16.0.0); unused from 20.0.0 (KA 8f0a4f67)"),
        // KA xena-eol … zed-eol; KA cf40e515 (xena, after its last tag), 8affe4ed (14.9.0), fdf47169 (15.2.0)
        Span("rabbitmq_queue_expiry_ms", .xena, .zed, "", quoted: false, .roleDefaults("rabbitmq"), gates: [.tipOnly(.xena), .from(.yoga, 9), .from(.zed, 2)], note: "KA cf40e515 (xena, after its last tag), 8affe4ed (14.9.0), fdf47169 (15.2.0)"),
        // KA 2023.1-eol … master; KA fd30dfb8 (16.0.0); unused from 20.0.0 (KA 8f0a4f67)
        Span("rabbitmq_queue_expiry_ms", .antelope, .master, "3600000", quoted: false, .roleDefaults("rabbitmq"), note: "KA fd30dfb8 (16.0.0); unused from 20.0.0 (KA 8f0a4f67)"),
        // KA xena-eol … zed-eol; KA a060f45b (13.9.0), f01896ff (14.9.0), 300f5847 (15.2.0)
        Span("rabbitmq_ha_promote_on_shutdown", .xena, .zed, "", quoted: false, .roleDefaults("rabbitmq"), gates: [.from(.xena, 9), .from(.yoga, 9), .from(.zed, 2)], note: "KA a060f45b (13.9.0), f01896ff (14.9.0), 300f5847 (15.2.0)"),
        // KA 2023.1-eol … master; KA a87810db (16.0.0); unused from 20.0.0 (KA 8f0a4f67)
        Span("rabbitmq_ha_promote_on_shutdown", .antelope, .master, "always", quoted: true, .roleDefaults("rabbitmq"), note: "KA a87810db (16.0.0); unused from 20.0.0 (KA 8f0a4f67)"),
        // KA xena-eol … zed-eol; KA 2af2b16d (13.9.0), eca595c1 (14.9.0), 743d1af8 (15.2.0)
        Span("rabbitmq_ha_replica_count", .xena, .zed, "", quoted: false, .roleDefaults("rabbitmq"), gates: [.from(.xena, 9), .from(.yoga, 9), .from(.zed, 2)], note: "KA 2af2b16d (13.9.0), eca595c1 (14.9.0), 743d1af8 (15.2.0)"),
        // KA 2023.1-eol … master; KA 6cf22b0c (16.0.0); unused from 20.0.0 (KA 8f0a4f67)
        Span("rabbitmq_ha_replica_count", .antelope, .master, "{{ (rabbitmq_server_count | int // 2 + 1) }}", quoted: true, .roleDefaults("rabbitmq"), note: "KA 6cf22b0c (16.0.0); unused from 20.0.0 (KA 8f0a4f67)"),
        // KA 2023.1-eol … master; KA 6cf22b0c (16.0.0)
        Span("rabbitmq_server_count", .antelope, .master, "{{ groups[role_rabbitmq_groups] | length }}", quoted: true, .roleDefaults("rabbitmq"), note: "KA 6cf22b0c (16.0.0)"),
        // KA victoria-eol … master; KA 3b5bcc16 (11.1.0), 0e0f9693 (12.1.0), c9984127 (13.0.0)
        Span("rabbitmq_cluster_partition_handling", .victoria, .master, "pause_minority", quoted: true, .roleDefaults("rabbitmq"), gates: [.from(.victoria, 1), .from(.wallaby, 1)], note: "KA 3b5bcc16 (11.1.0), 0e0f9693 (12.1.0), c9984127 (13.0.0)"),
        // KA yoga-eol … master; KA 689a7c7f (14.11.0), bde24a75 (15.4.0)
        Span("rabbitmq_extra_config", .yoga, .master, "{}", quoted: false, .roleDefaults("rabbitmq"), gates: [.from(.yoga, 11), .from(.zed, 4)], note: "KA 689a7c7f (14.11.0), bde24a75 (15.4.0)"),
        // KA victoria-eol … xena-eol; KA 2764844e (11.4.0), 8e1c98d9 (12.4.0), 425ead57 (13.1.0)
        Span("rabbitmq_remove_ha_all_policy", .victoria, .xena, "false", quoted: false, .roleDefaults("rabbitmq"), gates: [.from(.victoria, 4), .from(.wallaby, 4), .from(.xena, 1)], note: "KA 2764844e (11.4.0), 8e1c98d9 (12.4.0), 425ead57 (13.1.0)"),
        // KA queens-eol … ussuri-eol
        Span("rabbitmq_port", .queens, .ussuri, "5672", quoted: true, .groupVars(nil)),
        // KA victoria-eol … master
        Span("rabbitmq_port", .victoria, .master, "{{ '5671' if rabbitmq_enable_tls | bool else '5672' }}", quoted: true, .groupVars("rabbitmq")),
        // KA queens-eol … master
        Span("rabbitmq_user", .queens, .master, "openstack", quoted: true, .groupVars("rabbitmq")),
        // KA victoria-eol … stable/2025.2
        Span("rabbitmq_enable_tls", .victoria, .flamingo, "no", quoted: true, .groupVars("rabbitmq")),
        // KA stable/2026.1 … master
        Span("rabbitmq_enable_tls", .gazpacho, .master, "false", quoted: false, .groupVars("rabbitmq")),
        // KA queens-eol … master
        Span("enable_rabbitmq", .queens, .master, "{{ 'yes' if om_rpc_transport == 'rabbit' or om_notify_transport == 'rabbit' else 'no' }}", quoted: true, .groupVars("rabbitmq")),
        // KA queens-eol … rocky-eol
        Span("rabbitmq_image", .queens, .rocky, "{{ docker_registry ~ '/' if docker_registry else '' }}{{ docker_namespace }}/{{ kolla_base_distro }}-{{ kolla_install_type }}-rabbitmq", quoted: true, .roleDefaults("rabbitmq")),
        // KA stein-eol
        Span("rabbitmq_image", .stein, .stein, "{{ docker_registry ~ '/' if docker_registry else '' }}{{ docker_namespace }}/{{ kolla_base_distro }}-{{ rabbitmq_install_type }}-rabbitmq", quoted: true, .roleDefaults("rabbitmq")),
        // KA train-eol
        Span("rabbitmq_image", .train, .train, "{{ docker_registry ~ '/' if docker_registry else '' }}{{ docker_namespace }}/{{ kolla_base_distro }}-{{ rabbitmq_install_type }}-{{ rabbitmq_image_name }}", quoted: true, .roleDefaults("rabbitmq")),
        // KA ussuri-eol … yoga-eol
        Span("rabbitmq_image", .ussuri, .yoga, "{{ docker_registry ~ '/' if docker_registry else '' }}{{ docker_namespace }}/{{ kolla_base_distro }}-{{ rabbitmq_install_type }}-rabbitmq", quoted: true, .roleDefaults("rabbitmq")),
        // KA zed-eol … unmaintained/2024.1
        Span("rabbitmq_image", .zed, .caracal, "{{ docker_registry ~ '/' if docker_registry else '' }}{{ docker_namespace }}/rabbitmq", quoted: true, .roleDefaults("rabbitmq")),
        // KA 2024.2-eol … stable/2025.1
        Span("rabbitmq_image", .dalmatian, .epoxy, "{{ docker_registry ~ '/' if docker_registry else '' }}{{ docker_namespace }}/{{ docker_image_name_prefix }}rabbitmq", quoted: true, .roleDefaults("rabbitmq")),
        // KA stable/2025.2 … master
        Span("rabbitmq_image", .flamingo, .master, "{{ docker_image_url }}rabbitmq", quoted: true, .roleDefaults("rabbitmq")),
        // KA stable/2026.1 … master; KA 1b42101d (22.0.0)
        Span("rabbitmq_stream_max_segment_size_bytes", .gazpacho, .master, "500000000", quoted: false, .roleDefaults("rabbitmq"), note: "KA 1b42101d (22.0.0)"),
        // KA stable/2026.1 … master; KA 1b42101d (22.0.0)
        Span("rabbitmq_stream_segment_max_age", .gazpacho, .master, "1800s", quoted: true, .roleDefaults("rabbitmq"), note: "KA 1b42101d (22.0.0)"),
        // KA stable/2026.1 … master; KA 04f1276d (22.0.0)
        Span("rabbitmq_allowed_upgrades", .gazpacho, .master, "{\"3.13\": [\"4.0\", \"4.1\", \"4.2\"], \"4.0\": [\"4.1\", \"4.2\"]}", quoted: false, .roleDefaults("rabbitmq"), note: "KA 04f1276d (22.0.0)"),
        // KA train-eol
        Span("rabbitmq_server_additional_erl_args", .train, .train, "", quoted: true, .roleDefaults("rabbitmq")),
        // KA ussuri-eol … master
        Span("rabbitmq_server_additional_erl_args", .ussuri, .master, "+S 2:2 +sbwt none +sbwtdcpu none +sbwtdio none", quoted: true, .roleDefaults("rabbitmq")),
        // KA queens-eol … master
        Span("haproxy_client_timeout", .queens, .master, "1m", quoted: true, .loadbalancerDefaults),
        // KA queens-eol … master
        Span("haproxy_server_timeout", .queens, .master, "1m", quoted: true, .loadbalancerDefaults),
        // KA queens-eol … stable/2025.2
        Span("enable_haproxy", .queens, .flamingo, "yes", quoted: true, .groupVars("haproxy")),
        // KA stable/2026.1 … master
        Span("enable_haproxy", .gazpacho, .master, "true", quoted: false, .groupVars("haproxy")),
        // KA stein-eol … stable/2025.2
        Span("enable_openstack_core", .stein, .flamingo, "yes", quoted: true, .groupVars("common")),
        // KA stable/2026.1 … master
        Span("enable_openstack_core", .gazpacho, .master, "true", quoted: false, .groupVars("common")),
        // KA stein-eol … master
        Span("node_config", .stein, .master, "{{ CONFIG_DIR | default('/etc/kolla') }}", quoted: true, .groupVars("common")),
        // KA queens-eol … ussuri-eol
        Span("node_custom_config", .queens, .ussuri, "/etc/kolla/config", quoted: true, .groupVars(nil)),
        // KA victoria-eol … master
        Span("node_custom_config", .victoria, .master, "{{ node_config }}/config", quoted: true, .groupVars("common")),
        // KA queens-eol … stein-eol
        Span("node_config_directory", .queens, .stein, "/etc/kolla/{{ project }}", quoted: true, .groupVars(nil)),
        // KA train-eol … master
        Span("node_config_directory", .train, .master, "/etc/kolla", quoted: true, .groupVars("common")),
        // KA queens-eol … stable/2025.2
        Span("enable_aodh", .queens, .flamingo, "no", quoted: true, .groupVars("aodh")),
        // KA stable/2026.1 … master
        Span("enable_aodh", .gazpacho, .master, "false", quoted: false, .groupVars("aodh")),
        // KA queens-eol … stable/2025.2
        Span("enable_barbican", .queens, .flamingo, "no", quoted: true, .groupVars("barbican")),
        // KA stable/2026.1 … master
        Span("enable_barbican", .gazpacho, .master, "false", quoted: false, .groupVars("barbican")),
        // KA queens-eol … stable/2025.2
        Span("enable_blazar", .queens, .flamingo, "no", quoted: true, .groupVars("blazar")),
        // KA stable/2026.1 … master
        Span("enable_blazar", .gazpacho, .master, "false", quoted: false, .groupVars("blazar")),
        // KA queens-eol … stable/2025.2
        Span("enable_ceilometer", .queens, .flamingo, "no", quoted: true, .groupVars("ceilometer")),
        // KA stable/2026.1 … master
        Span("enable_ceilometer", .gazpacho, .master, "false", quoted: false, .groupVars("ceilometer")),
        // KA queens-eol … stable/2025.2
        Span("enable_cinder", .queens, .flamingo, "no", quoted: true, .groupVars("cinder")),
        // KA stable/2026.1 … master
        Span("enable_cinder", .gazpacho, .master, "false", quoted: false, .groupVars("cinder")),
        // KA queens-eol … stable/2025.2
        Span("enable_cloudkitty", .queens, .flamingo, "no", quoted: true, .groupVars("cloudkitty")),
        // KA stable/2026.1 … master
        Span("enable_cloudkitty", .gazpacho, .master, "false", quoted: false, .groupVars("cloudkitty")),
        // KA stein-eol … stable/2025.2
        Span("enable_cyborg", .stein, .flamingo, "no", quoted: true, .groupVars("cyborg")),
        // KA stable/2026.1 … master
        Span("enable_cyborg", .gazpacho, .master, "false", quoted: false, .groupVars("cyborg")),
        // KA queens-eol … stable/2025.2
        Span("enable_designate", .queens, .flamingo, "no", quoted: true, .groupVars("designate")),
        // KA stable/2026.1 … master
        Span("enable_designate", .gazpacho, .master, "false", quoted: false, .groupVars("designate")),
        // KA queens-eol … rocky-eol
        Span("enable_glance", .queens, .rocky, "yes", quoted: true, .groupVars(nil)),
        // KA stein-eol … master
        Span("enable_glance", .stein, .master, "{{ enable_openstack_core | bool }}", quoted: true, .groupVars("glance")),
        // KA queens-eol … rocky-eol
        Span("enable_heat", .queens, .rocky, "yes", quoted: true, .groupVars(nil)),
        // KA stein-eol … master
        Span("enable_heat", .stein, .master, "{{ enable_openstack_core | bool }}", quoted: true, .groupVars("heat")),
        // KA queens-eol … stable/2025.2
        Span("enable_ironic", .queens, .flamingo, "no", quoted: true, .groupVars("ironic")),
        // KA stable/2026.1 … master
        Span("enable_ironic", .gazpacho, .master, "false", quoted: false, .groupVars("ironic")),
        // KA queens-eol … rocky-eol
        Span("enable_keystone", .queens, .rocky, "yes", quoted: true, .groupVars(nil)),
        // KA stein-eol … master
        Span("enable_keystone", .stein, .master, "{{ enable_openstack_core | bool }}", quoted: true, .groupVars("keystone")),
        // KA queens-eol … stable/2025.2
        Span("enable_magnum", .queens, .flamingo, "no", quoted: true, .groupVars("magnum")),
        // KA stable/2026.1 … master
        Span("enable_magnum", .gazpacho, .master, "false", quoted: false, .groupVars("magnum")),
        // KA queens-eol … stable/2025.2
        Span("enable_manila", .queens, .flamingo, "no", quoted: true, .groupVars("manila")),
        // KA stable/2026.1 … master
        Span("enable_manila", .gazpacho, .master, "false", quoted: false, .groupVars("manila")),
        // KA train-eol … stable/2025.2
        Span("enable_masakari", .train, .flamingo, "no", quoted: true, .groupVars("masakari")),
        // KA stable/2026.1 … master
        Span("enable_masakari", .gazpacho, .master, "false", quoted: false, .groupVars("masakari")),
        // KA queens-eol … stable/2025.2
        Span("enable_mistral", .queens, .flamingo, "no", quoted: true, .groupVars("mistral")),
        // KA stable/2026.1 … master
        Span("enable_mistral", .gazpacho, .master, "false", quoted: false, .groupVars("mistral")),
        // KA queens-eol … 2023.2-eol
        Span("enable_murano", .queens, .bobcat, "no", quoted: true, .groupVars(nil)),
        // KA queens-eol … rocky-eol
        Span("enable_neutron", .queens, .rocky, "yes", quoted: true, .groupVars(nil)),
        // KA stein-eol … master
        Span("enable_neutron", .stein, .master, "{{ enable_openstack_core | bool }}", quoted: true, .groupVars("neutron")),
        // KA queens-eol … rocky-eol
        Span("enable_nova", .queens, .rocky, "yes", quoted: true, .groupVars(nil)),
        // KA stein-eol … master
        Span("enable_nova", .stein, .master, "{{ enable_openstack_core | bool }}", quoted: true, .groupVars("nova")),
        // KA queens-eol … stable/2025.2
        Span("enable_octavia", .queens, .flamingo, "no", quoted: true, .groupVars("octavia")),
        // KA stable/2026.1 … master
        Span("enable_octavia", .gazpacho, .master, "false", quoted: false, .groupVars("octavia")),
        // KA queens-eol … 2023.2-eol
        Span("enable_sahara", .queens, .bobcat, "no", quoted: true, .groupVars(nil)),
        // KA queens-eol … 2023.2-eol
        Span("enable_senlin", .queens, .bobcat, "no", quoted: true, .groupVars(nil)),
        // KA queens-eol … 2023.2-eol
        Span("enable_solum", .queens, .bobcat, "no", quoted: true, .groupVars(nil)),
        // KA queens-eol … stable/2025.2
        Span("enable_tacker", .queens, .flamingo, "no", quoted: true, .groupVars("tacker")),
        // KA stable/2026.1 … master
        Span("enable_tacker", .gazpacho, .master, "false", quoted: false, .groupVars("tacker")),
        // KA queens-eol … stable/2025.2
        Span("enable_trove", .queens, .flamingo, "no", quoted: true, .groupVars("trove")),
        // KA stable/2026.1 … master
        Span("enable_trove", .gazpacho, .master, "false", quoted: false, .groupVars("trove")),
        // KA queens-eol … 2023.2-eol
        Span("enable_vitrage", .queens, .bobcat, "no", quoted: true, .groupVars(nil)),
        // KA queens-eol … stable/2025.2
        Span("enable_watcher", .queens, .flamingo, "no", quoted: true, .groupVars("watcher")),
        // KA stable/2026.1 … master
        Span("enable_watcher", .gazpacho, .master, "false", quoted: false, .groupVars("watcher")),
        // KA queens-eol … stable/2025.2
        Span("enable_zun", .queens, .flamingo, "no", quoted: true, .groupVars("zun")),
        // KA stable/2025.1
        Span("enable_ironic_inspector", .epoxy, .epoxy, "no", quoted: true, .groupVars(nil)),
        // KA stable/2025.2
        Span("aodh_wsgi_provider", .flamingo, .flamingo, "uwsgi", quoted: true, .roleDefaults("aodh")),
        // KA stable/2025.1 … stable/2025.2
        Span("cinder_wsgi_provider", .epoxy, .flamingo, "uwsgi", quoted: true, .roleDefaults("cinder")),
        // KA stable/2025.2
        Span("heat_wsgi_provider", .flamingo, .flamingo, "uwsgi", quoted: true, .roleDefaults("heat")),
        // KA stable/2025.2
        Span("ironic_wsgi_provider", .flamingo, .flamingo, "uwsgi", quoted: true, .roleDefaults("ironic")),
        // KA stable/2025.2
        Span("keystone_wsgi_provider", .flamingo, .flamingo, "uwsgi", quoted: true, .roleDefaults("keystone")),
        // KA stable/2025.2
        Span("masakari_wsgi_provider", .flamingo, .flamingo, "uwsgi", quoted: true, .roleDefaults("masakari")),
        // KA stable/2025.1 … stable/2025.2
        Span("nova_wsgi_provider", .epoxy, .flamingo, "uwsgi", quoted: true, .roleDefaults("nova")),
        // KA stable/2025.2
        Span("octavia_wsgi_provider", .flamingo, .flamingo, "uwsgi", quoted: true, .roleDefaults("octavia")),
]

extension KollaKnowledge {
    /// The defaults Kolla-Ansible gives the variables rmqlint reads, for a version. A variable
    /// missing from the result does not exist in that version (e.g. the HA flag in 15.0.0).
    public static func defaults(for version: KollaVersion) -> [String: KollaVariableDefault] {
        var result: [String: KollaVariableDefault] = [:]
        for span in kollaVariableSpans where span.applies(to: version) {
            result[span.name] = span.resolved(for: version.release)
        }
        return result
    }

    /// The default of one variable, or `nil` when the version does not define it.
    public static func `default`(of name: String, for version: KollaVersion) -> KollaVariableDefault? {
        kollaVariableSpans.last { $0.name == name && $0.applies(to: version) }?.resolved(for: version.release)
    }

    /// Variables set in globals that the target release no longer reads (RMQ105), keyed by name.
    public static func removedVariables(for version: KollaVersion) -> [String: RemovedVariable] {
        var result: [String: RemovedVariable] = [:]
        for removed in removedVariableTable where version.release >= removed.removedIn {
            result[removed.name] = removed
        }
        return result
    }
}

/// Variables dropped by Kolla-Ansible (docs/domain.md §1.2, §1.4, §10 idea-04/05).
let removedVariableTable: [RemovedVariable] = [
    // KA 8f0a4f67 "Remove om_enable_rabbitmq_high_availability" (2025-04, 20.0.0): RabbitMQ 4.0
    // has no classic mirroring; definitions.json renders no policy.
    RemovedVariable(
        name: "om_enable_rabbitmq_high_availability", removedIn: .epoxy, severity: .warning, commit: "KA 8f0a4f67",
        reason: "classic queue mirroring was removed for RabbitMQ 4.0; quorum queues are always used"),
    // KA 50bbcb09 "Don't allow quorum queues to be disabled" (20.0.0): rabbit_quorum_queue = true hard-coded.
    RemovedVariable(
        name: "om_enable_rabbitmq_quorum_queues", removedIn: .epoxy, severity: .warning, commit: "KA 50bbcb09",
        reason: "quorum queues are always enabled (rabbit_quorum_queue = true is hard-coded)"),
    // KA 4e0c0aa7 (20.0.0): use_queue_manager = true hard-coded; the flag only existed in the
    // 18.7.0 / 19.5.0 backports (0ca2349c, 97e3c609). Verified absent at stable/2025.1, master.
    RemovedVariable(
        name: "om_enable_queue_manager", removedIn: .epoxy, severity: .warning, commit: "KA 4e0c0aa7",
        reason: "the queue manager is always enabled (use_queue_manager = true is hard-coded)"),
    // KA 3c3a18aa (20.0.0): rabbit_transient_quorum_queue = true hard-coded (backports 195c245d, 4af0eb56).
    RemovedVariable(
        name: "om_enable_rabbitmq_transient_quorum_queue", removedIn: .epoxy, severity: .warning, commit: "KA 3c3a18aa",
        reason: "transient quorum queues are always enabled (rabbit_transient_quorum_queue = true is hard-coded)"),
    // KA 8f0a4f67 (20.0.0): the ha-all policy that carried these keys is gone; the variables stay in
    // roles/rabbitmq/defaults/main.yml but no template or task reads them (git grep at
    // stable/2025.1 and master finds only the definitions).
    RemovedVariable(
        name: "rabbitmq_message_ttl_ms", removedIn: .epoxy, severity: .info, commit: "KA 8f0a4f67",
        reason: "still defined but unused: only the removed ha-all policy carried message-ttl"),
    RemovedVariable(
        name: "rabbitmq_queue_expiry_ms", removedIn: .epoxy, severity: .info, commit: "KA 8f0a4f67",
        reason: "still defined but unused: only the removed ha-all policy carried expires"),
    RemovedVariable(
        name: "rabbitmq_ha_promote_on_shutdown", removedIn: .epoxy, severity: .info, commit: "KA 8f0a4f67",
        reason: "still defined but unused: only the removed ha-all policy carried ha-promote-on-shutdown"),
    RemovedVariable(
        name: "rabbitmq_ha_replica_count", removedIn: .epoxy, severity: .info, commit: "KA 8f0a4f67",
        reason: "still defined but unused: only the removed ha-all policy carried ha-params"),
    // KA 6bfe1927 "Remove classic queue mirroring for internal RabbitMQ" (14.0.0, yoga): the
    // victoria–xena escape hatch (2764844e, 8e1c98d9, 425ead57) never existed from yoga on
    // (absent at yoga-eol and later).
    RemovedVariable(
        name: "rabbitmq_remove_ha_all_policy", removedIn: .yoga, severity: .warning, commit: "KA 6bfe1927",
        reason: "Kolla no longer renders the ha-all policy by default, so the escape hatch is gone"),
]
