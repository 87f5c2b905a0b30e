import Foundation
import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintJinja
@testable import RMQLintKnowledge
@testable import RMQLintLoaders
@testable import RMQLintModel
@testable import RMQLintSource

/// Kolla-Ansible's own variable definitions, quoted from
/// openstack/kolla-ansible `unmaintained/2024.1:ansible/group_vars/all.yml`
/// (om_* at L261–279, enable_rabbitmq L732) and
/// `ansible/roles/rabbitmq/defaults/main.yml` (L78–79).
private let kollaVariables: [String: JinjaValue] = [
    "om_rpc_transport": .string("rabbit"),
    "om_notify_transport": .string("rabbit"),
    "om_rpc_user": .string("{{ rabbitmq_user }}"),
    "om_rpc_port": .string("{{ rabbitmq_port }}"),
    "om_rpc_vhost": .string("/"),
    "rabbitmq_user": .string("openstack"),
    "rabbitmq_enable_tls": .bool(false),
    "rabbitmq_port": .string("{{ '5671' if rabbitmq_enable_tls | bool else '5672' }}"),
    "enable_rabbitmq": .string("{{ 'yes' if om_rpc_transport == 'rabbit' or om_notify_transport == 'rabbit' else 'no' }}"),
    "om_enable_rabbitmq_high_availability": .bool(false),
    "om_enable_rabbitmq_quorum_queues": .bool(true),
    "om_enable_queue_manager": .bool(false),
    "om_enable_rabbitmq_transient_quorum_queue":
        .string("{{ om_enable_rabbitmq_quorum_queues | bool and om_enable_queue_manager | bool }}"),
    "om_enable_rabbitmq_stream_fanout":
        .string("{{ om_enable_rabbitmq_quorum_queues | bool and om_enable_rabbitmq_transient_quorum_queue | bool }}"),
    "role_rabbitmq_groups": .string("rabbitmq"),
    "rabbitmq_server_count": .string("{{ groups[role_rabbitmq_groups] | length }}"),
    "rabbitmq_ha_replica_count": .string("{{ (rabbitmq_server_count | int // 2 + 1) }}"),
    "kolla_base_distro": .string("ubuntu"),
    "rabbitmq_cacert": .string(
        "/etc/ssl/certs/{{ 'ca-certificates.crt' if kolla_base_distro in ['debian', 'ubuntu'] else 'ca-bundle.crt' }}"),
]

private let threeHosts: [String: [String]] = [
    "all": ["ctl1", "ctl2", "ctl3", "cmp1"],
    "rabbitmq": ["ctl1", "ctl2", "ctl3"],
    "compute": ["cmp1"],
]

private func kolla(_ overrides: [String: JinjaValue] = [:], groups: [String: [String]]? = threeHosts) -> JinjaEnvironment {
    JinjaEnvironment(variables: kollaVariables.merging(overrides) { $1 }, groups: groups)
}

private func eval(_ expression: String, _ variables: [String: JinjaValue] = [:],
                  groups: [String: [String]]? = nil) -> JinjaValue {
    Jinja.evaluate(expression, in: JinjaEnvironment(variables: variables, groups: groups))
}

private func render(_ template: String, _ variables: [String: JinjaValue] = [:]) -> JinjaValue {
    Jinja.render(template, in: JinjaEnvironment(variables: variables))
}

@Suite("Jinja: Kolla-Ansible variables")
struct JinjaKollaTests {
    @Test func replicaCountIsQuorumOfTheRabbitMQGroup() {
        #expect(Jinja.evaluate("rabbitmq_server_count", in: kolla()) == .int(3))
        #expect(Jinja.evaluate("rabbitmq_ha_replica_count", in: kolla()) == .int(2))
        #expect(Jinja.render("{{ (rabbitmq_server_count | int // 2 + 1) }}", in: kolla()) == .int(2))
        let five = ["rabbitmq": ["r1", "r2", "r3", "r4", "r5"]]
        #expect(Jinja.evaluate("rabbitmq_ha_replica_count", in: kolla(groups: five)) == .int(3))
        let one = ["rabbitmq": ["aio"]]
        #expect(Jinja.evaluate("rabbitmq_ha_replica_count", in: kolla(groups: one)) == .int(1))
    }

    @Test func replicaCountIsUnknownWithoutAnInventoryOrGroup() {
        #expect(Jinja.evaluate("rabbitmq_ha_replica_count", in: kolla(groups: nil)) == .unknown)
        // A group missing from a known inventory is undefined in Ansible.
        #expect(Jinja.evaluate("rabbitmq_ha_replica_count", in: kolla(groups: ["compute": ["c1"]])) == .unknown)
        #expect(Jinja.evaluate("groups['rabbitmq'] | default([]) | length", in: kolla(groups: ["all": []])) == .int(0))
        #expect(Jinja.evaluate("groups['rabbitmq'] is defined", in: kolla(groups: ["all": []])) == .bool(false))
    }

    @Test func groupsByAttributeAndIndex() {
        #expect(Jinja.evaluate("groups.rabbitmq | length", in: kolla()) == .int(3))
        #expect(Jinja.evaluate("groups['rabbitmq'][0]", in: kolla()) == .string("ctl1"))
        #expect(Jinja.evaluate("groups['rabbitmq'][-1]", in: kolla()) == .string("ctl3"))
        #expect(Jinja.evaluate("groups['rabbitmq'][3] | default('none')", in: kolla()) == .string("none"))
        #expect(Jinja.evaluate("'cmp1' in groups['rabbitmq']", in: kolla()) == .bool(false))
        #expect(Jinja.evaluate("'ctl2' in groups.rabbitmq", in: kolla()) == .bool(true))
        #expect(Jinja.evaluate("groups", in: kolla(groups: nil)) == .unknown)
    }

    @Test func groupsIsTheInventoryEvenIfAVariableIsNamedSo() {
        let environment = kolla(["groups": .dict(["rabbitmq": .list([])])])
        #expect(Jinja.evaluate("groups['rabbitmq'] | length", in: environment) == .int(3))
    }

    @Test func transientQuorumFlagFromTheQuorumAndQueueManagerFlags() {
        #expect(Jinja.evaluate("om_enable_rabbitmq_transient_quorum_queue", in: kolla()) == .bool(false))
        #expect(Jinja.evaluate("om_enable_rabbitmq_stream_fanout", in: kolla()) == .bool(false))
        let both = kolla(["om_enable_queue_manager": .string("yes")])
        #expect(Jinja.evaluate("om_enable_rabbitmq_transient_quorum_queue", in: both) == .bool(true))
        #expect(Jinja.evaluate("om_enable_rabbitmq_stream_fanout", in: both) == .bool(true))
        #expect(Jinja.evaluate(
            "om_enable_rabbitmq_quorum_queues | bool and om_enable_queue_manager | bool", in: both) == .bool(true))
    }

    @Test func shortCircuitKeepsKnownResults() {
        // false and <undefined>: the right side is never evaluated.
        let noQuorum = kolla(["om_enable_rabbitmq_quorum_queues": .bool(false), "om_enable_queue_manager": .unknown])
        #expect(Jinja.evaluate("om_enable_rabbitmq_quorum_queues | bool and undefined_flag | bool", in: noQuorum) == .bool(false))
        #expect(Jinja.evaluate("om_enable_rabbitmq_quorum_queues | bool and om_enable_queue_manager | bool", in: noQuorum)
            == .bool(false))
        // true and <unknown> is unknown.
        #expect(Jinja.evaluate("om_enable_rabbitmq_quorum_queues | bool and undefined_flag | bool", in: kolla()) == .unknown)
        let vaulted = kolla(["om_enable_queue_manager": .unknown])
        #expect(Jinja.evaluate("om_enable_rabbitmq_quorum_queues | bool and om_enable_queue_manager | bool", in: vaulted)
            == .unknown)
        // <unknown bool> and false is false on both paths.
        let unknownQuorum = kolla(["om_enable_rabbitmq_quorum_queues": .unknown])
        #expect(Jinja.evaluate("om_enable_rabbitmq_quorum_queues | bool and om_enable_queue_manager | bool", in: unknownQuorum)
            == .bool(false))
        #expect(Jinja.evaluate("om_enable_rabbitmq_transient_quorum_queue", in: unknownQuorum) == .bool(false))
        #expect(Jinja.evaluate("om_enable_rabbitmq_stream_fanout", in: unknownQuorum) == .bool(false))
        // …but an unknown non-bool operand is returned as is on its falsy path.
        #expect(Jinja.evaluate("om_enable_rabbitmq_quorum_queues and false", in: unknownQuorum) == .unknown)
        // <undefined> and false raises in Ansible (bool of Undefined).
        #expect(Jinja.evaluate("undefined_flag and false", in: kolla()) == .unknown)
        // or: symmetric.
        #expect(Jinja.evaluate("om_enable_rabbitmq_quorum_queues | bool or undefined_flag", in: kolla()) == .bool(true))
        #expect(Jinja.evaluate("om_enable_rabbitmq_quorum_queues | bool or true", in: unknownQuorum) == .bool(true))
        #expect(Jinja.evaluate("om_enable_queue_manager | bool or undefined_flag", in: kolla()) == .unknown)
        #expect(Jinja.evaluate("not om_enable_rabbitmq_quorum_queues | bool", in: unknownQuorum) == .unknown)
        // Python returns operands, not bools.
        #expect(Jinja.evaluate("om_rpc_vhost or 'x'", in: kolla()) == .string("/"))
        #expect(Jinja.evaluate("'' or om_rpc_transport", in: kolla()) == .string("rabbit"))
        #expect(Jinja.evaluate("0 and undefined_flag", in: kolla()) == .int(0))
    }

    @Test func enableRabbitMQIsAYesNoString() {
        #expect(Jinja.evaluate("enable_rabbitmq", in: kolla()) == .string("yes"))
        #expect(Jinja.evaluate("enable_rabbitmq | bool", in: kolla()) == .bool(true))
        let amqp = kolla(["om_rpc_transport": .string("amqp"), "om_notify_transport": .string("amqp")])
        #expect(Jinja.evaluate("enable_rabbitmq", in: amqp) == .string("no"))
        #expect(Jinja.evaluate("enable_rabbitmq | bool", in: amqp) == .bool(false))
        #expect(Jinja.render("{{ 'rabbit' if enable_rabbitmq | bool else '' }}", in: kolla()) == .string("rabbit"))
        #expect(Jinja.render("{{ 'rabbit' if enable_rabbitmq | bool else '' }}", in: amqp) == .string(""))
        let unknownTransport = kolla(["om_rpc_transport": .unknown])
        #expect(Jinja.evaluate("enable_rabbitmq", in: unknownTransport) == .string("yes")) // `or` decided by notify
        #expect(Jinja.evaluate("enable_rabbitmq", in: kolla(["om_rpc_transport": .unknown, "om_notify_transport": .unknown]))
            == .unknown)
    }

    @Test func portAndCertificateFollowTLSAndDistro() {
        #expect(Jinja.evaluate("rabbitmq_port", in: kolla()) == .string("5672"))
        #expect(Jinja.evaluate("rabbitmq_port | int", in: kolla()) == .int(5672))
        #expect(Jinja.evaluate("rabbitmq_port", in: kolla(["rabbitmq_enable_tls": .string("True")])) == .string("5671"))
        #expect(Jinja.evaluate("rabbitmq_cacert", in: kolla()) == .string("/etc/ssl/certs/ca-certificates.crt"))
        #expect(Jinja.evaluate("rabbitmq_cacert", in: kolla(["kolla_base_distro": .string("rocky")]))
            == .string("/etc/ssl/certs/ca-bundle.crt"))
        var variables = kollaVariables
        variables["kolla_base_distro"] = nil
        #expect(Jinja.evaluate("rabbitmq_cacert", in: JinjaEnvironment(variables: variables)) == .unknown)
    }

    @Test func serviceNameConditionsFromServiceTemplates() {
        // nova.conf.j2 (2024.1): `heartbeat_in_pthread = {{ service_name == 'nova-api' }}`
        let template = "heartbeat_in_pthread = {{ service_name == 'nova-api' }}"
        #expect(render(template, ["service_name": .string("nova-api")]) == .string("heartbeat_in_pthread = True"))
        #expect(render(template, ["service_name": .string("nova-scheduler")]) == .string("heartbeat_in_pthread = False"))
        #expect(render(template) == .unknown)
        #expect(eval("service_name == 'nova-api' or service_name == 'nova-metadata'", ["service_name": .string("nova-metadata")])
            == .bool(true))
        #expect(eval("service_name in ['nova-api', 'nova-metadata']", ["service_name": .string("nova-conductor")]) == .bool(false))
        // Method calls are outside the subset.
        #expect(eval("service_name.startswith('nova-compute')", ["service_name": .string("nova-compute")]) == .unknown)
    }

    @Test func transportURLBuilding() {
        let template = "{{ om_rpc_transport }}://{{ om_rpc_user }}@ctl1:{{ om_rpc_port }}/{{ om_rpc_vhost }}"
        #expect(Jinja.render(template, in: kolla()) == .string("rabbit://openstack@ctl1:5672//"))
        #expect(Jinja.evaluate("om_rpc_transport ~ '://' ~ om_rpc_user ~ '@' ~ groups['rabbitmq'][0] ~ ':' ~ om_rpc_port",
                               in: kolla()) == .string("rabbit://openstack@ctl1:5672"))
        #expect(Jinja.evaluate("om_rpc_transport ~ ':' ~ rabbitmq_enable_tls ~ ':' ~ 3 ~ ':' ~ none", in: kolla())
            == .string("rabbit:False:3:None"))
        // The real rpc_transport_url loops with {% for %}: outside the subset.
        let real = "{{ om_rpc_transport }}://{% for host in groups[om_rpc_group] %}{{ om_rpc_user }}@{{ host }}{% endfor %}"
        #expect(Jinja.render(real, in: kolla()) == .unknown)
        #expect(Jinja.render("{{ om_rpc_transport }}://{{ undefined_user }}@x", in: kolla()) == .unknown)
    }
}

@Suite("Jinja: variables, default and definedness")
struct JinjaVariableTests {
    @Test func undefinedVariablesAreUnknown() {
        #expect(eval("missing") == .unknown)
        #expect(eval("missing | bool") == .unknown)
        #expect(eval("missing == 'x'") == .unknown)
        #expect(eval("missing.attribute") == .unknown)
        #expect(render("{{ missing }}") == .unknown)
    }

    @Test func defaultRecoversUndefined() {
        #expect(eval("missing | default('rabbit')") == .string("rabbit"))
        #expect(eval("missing | d('rabbit')") == .string("rabbit"))
        #expect(eval("missing | default") == .string(""))
        #expect(eval("missing.deeper['key'] | default(5)") == .int(5)) // AnsibleUndefined chains
        #expect(eval("settings.absent | default(5)", ["settings": .dict(["present": .int(1)])]) == .int(5))
        #expect(eval("settings.present | default(5)", ["settings": .dict(["present": .int(1)])]) == .int(1))
        #expect(eval("value | default('x')", ["value": .none]) == .none)
        #expect(eval("value | default('x')", ["value": .string("")]) == .string(""))
        #expect(eval("value | default('x', true)", ["value": .string("")]) == .string("x"))
        #expect(eval("value | default('x', boolean=true)", ["value": .int(0)]) == .string("x"))
        #expect(eval("value | default('x', true)", ["value": .string("set")]) == .string("set"))
        #expect(eval("value | default('x')", ["value": .unknown]) == .unknown)
        #expect(eval("missing | default(other)", ["other": .int(7)]) == .int(7))
        #expect(eval("(missing ~ 'x') | default('d')") == .unknown) // the error is raised before default runs
        #expect(eval("missing | default('x', true, 3)") == .unknown)
        #expect(eval("missing | default(nope=1)") == .unknown)
    }

    @Test func aVariableWhoseTemplateIsUndefinedIsUndefined() {
        // Ansible turns AnsibleUndefinedVariable while templating a variable
        // into an Undefined value, so default() and `is defined` see through.
        let variables: [String: JinjaValue] = ["wrapper": .string("{{ missing }}"), "inner": .string("{{ missing ~ 'x' }}")]
        #expect(eval("wrapper | default('d')", variables) == .string("d"))
        #expect(eval("inner | default('d')", variables) == .string("d"))
        #expect(eval("wrapper is defined", variables) == .bool(false))
        #expect(eval("wrapper", variables) == .unknown)
    }

    @Test func definedTests() {
        let variables: [String: JinjaValue] = ["set": .bool(false), "vault": .unknown, "nothing": .none]
        #expect(eval("set is defined", variables) == .bool(true))
        #expect(eval("missing is defined", variables) == .bool(false))
        #expect(eval("missing is not defined", variables) == .bool(true))
        #expect(eval("missing is undefined", variables) == .bool(true))
        #expect(eval("vault is defined", variables) == .bool(true))
        #expect(eval("nothing is none", variables) == .bool(true))
        #expect(eval("set is none", variables) == .bool(false))
        #expect(eval("set is false", variables) == .bool(true))
        #expect(eval("'a' is string", variables) == .bool(true))
        #expect(eval("true is number", variables) == .bool(true))
        #expect(eval("vault is string", variables) == .unknown)
        #expect(eval("missing is defined and missing | bool", variables) == .bool(false))
        #expect(eval("set is divisibleby 3", variables) == .unknown)
        #expect(eval("x is version('3.0', '>')", ["x": .string("3.1")]) == .unknown)
    }

    @Test func templatedVariablesRenderRecursivelyInsideContainers() {
        let variables: [String: JinjaValue] = [
            "name": .string("rabbitmq"),
            "service": .dict(["container_name": .string("{{ name }}"), "enabled": .bool(true),
                              "volumes": .list([.string("{{ name }}:/var/lib/rabbitmq/"), .string("{{ missing }}")])]),
        ]
        #expect(eval("service.container_name", variables) == .string("rabbitmq"))
        #expect(eval("service['volumes'][0]", variables) == .string("rabbitmq:/var/lib/rabbitmq/"))
        #expect(eval("service.volumes | length", variables) == .int(2))
        #expect(eval("service.volumes[1]", variables) == .unknown)
        #expect(eval("service.volumes[1] | default('d')", variables) == .unknown) // may be undefined or an error
    }

    @Test func cyclesAreUnknown() {
        let variables: [String: JinjaValue] = [
            "a": .string("{{ b }}"), "b": .string("{{ a }}"), "me": .string("{{ me | default(1) }}"),
            "c": .string("{{ 1 if true else c }}"),
        ]
        #expect(eval("a", variables) == .unknown)
        #expect(eval("b | default('x')", variables) == .unknown)
        #expect(eval("me", variables) == .unknown)
        #expect(eval("c", variables) == .int(1)) // the cyclic branch is never taken
        #expect(render("{{ a }} and {{ c }}", variables) == .unknown)
    }

    @Test func variableChainsAreBounded() {
        var variables: [String: JinjaValue] = ["v0": .int(7)]
        for index in 1...20 { variables["v\(index)"] = .string("{{ v\(index - 1) }}") }
        #expect(eval("v20", variables) == .int(7))
        for index in 21...100 { variables["v\(index)"] = .string("{{ v\(index - 1) }}") }
        #expect(eval("v100", variables) == .unknown)
    }

    @Test func exponentialTemplatesHitTheLimits() {
        var variables: [String: JinjaValue] = ["s0": .string("xxxxxxxx")]
        for index in 1...40 { variables["s\(index)"] = .string("{{ s\(index - 1) ~ s\(index - 1) }}") }
        #expect(eval("s10 | length", variables) == .int(8 << 10))
        #expect(eval("s40", variables) == .unknown)
        #expect(eval("s40 | length", variables) == .unknown)
    }

    @Test func globalFunctionsAreNotUndefined() {
        #expect(eval("lookup('env', 'HOME')") == .unknown)
        #expect(eval("range is defined") == .unknown)
    }
}

@Suite("Jinja: filters")
struct JinjaFilterTests {
    @Test func boolFilterOnAnsibleSpellings() {
        for spelling in ["yes", "Yes", "YES", "on", "true", "True", "1"] {
            #expect(eval("v | bool", ["v": .string(spelling)]) == .bool(true), "\(spelling)")
        }
        for spelling in ["no", "No", "off", "OFF", "false", "False", "0"] {
            #expect(eval("v | bool", ["v": .string(spelling)]) == .bool(false), "\(spelling)")
        }
        #expect(eval("v | bool", ["v": .int(1)]) == .bool(true))
        #expect(eval("v | bool", ["v": .bool(false)]) == .bool(false))
        #expect(eval("v | ansible.builtin.bool", ["v": .string("on")]) == .bool(true))
        // Outside the filter's sets (deprecated coercion in ansible-core 2.19+): unknown.
        for value: JinjaValue in [.string("y"), .string("t"), .string(" yes"), .string("enabled"), .int(2), .none, .float(1.0)] {
            #expect(eval("v | bool", ["v": value]) == .unknown, "\(value)")
        }
        #expect(eval("v | bool(1)", ["v": .bool(true)]) == .unknown)
    }

    @Test func ansibleBoolProperty() {
        #expect(JinjaValue.string("Yes").ansibleBool == true)
        #expect(JinjaValue.string("oFF").ansibleBool == false)
        #expect(JinjaValue.int(0).ansibleBool == false)
        #expect(JinjaValue.bool(true).ansibleBool == true)
        #expect(JinjaValue.string("y").ansibleBool == nil)
        #expect(JinjaValue.list([]).ansibleBool == nil)
        #expect(JinjaValue.unknown.ansibleBool == nil)
    }

    @Test func intFilterFollowsJinjaDoInt() {
        let cases: [(JinjaValue, JinjaValue)] = [
            (.string("3"), .int(3)), (.string(" 7\n"), .int(7)), (.string("-12"), .int(-12)), (.string("x"), .int(0)),
            (.string("42.23"), .int(42)), (.string("1e3"), .int(1000)), (.string("1_000"), .int(1000)),
            (.string("0x10"), .int(0)), (.string(""), .int(0)), (.string("nan"), .int(0)), (.string("٣"), .int(3)),
            (.bool(true), .int(1)), (.float(3.9), .int(3)), (.float(-3.9), .int(-3)), (.none, .int(0)),
            (.list([.int(1)]), .int(0)), (.int(5), .int(5)),
            (.string("inf"), .unknown), (.string("99999999999999999999"), .unknown), (.float(.infinity), .unknown),
        ]
        for (input, expected) in cases {
            #expect(eval("v | int", ["v": input]) == expected, "\(input)")
        }
        #expect(eval("'x' | int(5)") == .int(5))
        #expect(eval("'x' | int(default=9)") == .int(9))
        #expect(eval("'8' | int(5)") == .int(8))
        #expect(eval("'10' | int(0, 10)") == .int(10))
        #expect(eval("'10' | int(0, 16)") == .unknown)
        #expect(eval("missing | int") == .unknown)
    }

    @Test func lowerLengthStringList() {
        #expect(eval("'Pause_Minority' | lower") == .string("pause_minority"))
        #expect(eval("true | lower") == .string("true"))
        #expect(eval("'héllo' | length") == .int(5))
        #expect(eval("'e\u{301}' | length") == .int(2)) // Python counts code points
        #expect(eval("[1, 2, 3] | length") == .int(3))
        #expect(eval("{'a': 1} | count") == .int(1))
        #expect(eval("5 | length") == .unknown)
        #expect(eval("3 | string") == .string("3"))
        #expect(eval("[1, 'a'] | string") == .string("[1, 'a']"))
        #expect(eval("'ab' | list") == .list([.string("a"), .string("b")]))
        #expect(eval("{'a': 1, 'b': 2} | list") == .unknown) // Python's key order is not kept
        #expect(eval("v | lower", ["v": .unknown]) == .unknown)
    }

    @Test func unsupportedFiltersAreUnknown() {
        #expect(eval("'a' | regex_replace('a', 'b')") == .unknown)
        #expect(eval("'a' | upper") == .unknown)
        #expect(eval("missing | regex_replace('a', 'b') | default('x')") == .unknown)
    }
}

@Suite("Jinja: operators and precedence")
struct JinjaOperatorTests {
    @Test func arithmeticHasPythonSemantics() {
        #expect(eval("7 // 2") == .int(3))
        #expect(eval("-7 // 2") == .int(-4))
        #expect(eval("7 // -2") == .int(-4))
        #expect(eval("7.5 // 2") == .float(3.0))
        #expect(eval("-7.5 // 2") == .float(-4.0))
        #expect(eval("7 % -3") == .int(-2))
        #expect(eval("-7 % 3") == .int(2))
        #expect(eval("7 / 2") == .float(3.5))
        #expect(eval("1 // 0") == .unknown)
        #expect(eval("1.0 // 0") == .unknown)
        #expect(eval("1 / 0") == .unknown)
        #expect(eval("true + true") == .int(2))
        #expect(eval("1 + 0.5") == .float(1.5))
        #expect(eval("'a' + 'b'") == .string("ab"))
        #expect(eval("[1] + [2]") == .list([.int(1), .int(2)]))
        #expect(eval("'ab' * 2") == .string("abab"))
        #expect(eval("2 * [0]") == .list([.int(0), .int(0)]))
        #expect(eval("'a' * -1") == .string(""))
        #expect(eval("'a' + 1") == .unknown)
        #expect(eval("9223372036854775807 + 1") == .unknown) // a Python bigint
        #expect(eval("-x", ["x": .int(3)]) == .int(-3))
        #expect(eval("- - 3") == .int(3))
        #expect(eval("2 ** 3") == .unknown)
        #expect(eval("'%s' % 1") == .unknown)
    }

    @Test func precedenceFollowsJinjaParser() {
        #expect(eval("1 + 2 * 3") == .int(7))
        #expect(eval("(1 + 2) * 3") == .int(9))
        #expect(eval("10 - 2 - 3") == .int(5))
        // `~` binds tighter than `+`: 'a' ~ 1 + 2 is ('a' ~ 1) + 2, a TypeError.
        #expect(eval("'a' ~ 1 + 2") == .unknown)
        #expect(eval("(1 + 2) ~ 'x'") == .string("3x"))
        #expect(eval("2 * 3 ~ 4") == .string("64"))
        #expect(eval("not 1 == 2") == .bool(true))
        #expect(eval("true or false and false") == .bool(true))
        #expect(eval("(true or false) and false") == .bool(false))
        #expect(eval("not true or true") == .bool(true))
        // Unary minus applies before filters: -'3' | int is (-'3') | int.
        #expect(eval("-'3' | int") == .unknown)
        #expect(eval("-('3' | int)") == .int(-3))
        #expect(eval("-x | int", ["x": .int(4)]) == .int(-4))
        #expect(eval("2 + x | int", ["x": .string("3")]) == .int(5))
        #expect(eval("'a' if false else 'b' if true else 'c'") == .string("b"))
    }

    @Test func comparisonsHavePythonSemantics() {
        #expect(eval("1 == 1.0") == .bool(true))
        #expect(eval("true == 1") == .bool(true))
        #expect(eval("'1' == 1") == .bool(false))
        #expect(eval("none == none") == .bool(true))
        #expect(eval("[1, 'a'] == [1, 'a']") == .bool(true))
        #expect(eval("{'a': 1} == {'a': 1.0}") == .bool(true))
        #expect(eval("'\u{e9}' == 'e\u{301}'") == .bool(false)) // code points, not canonical equivalence
        #expect(eval("1 < 2 < 3") == .bool(true))
        #expect(eval("3 > 2 > 2") == .bool(false))
        #expect(eval("1 < 2 > 1") == .bool(true))
        #expect(eval("'abc' < 'abd'") == .bool(true))
        #expect(eval("'Z' < 'a'") == .bool(true))
        #expect(eval("[1, 2] < [1, 3]") == .bool(true))
        #expect(eval("[1] < [1, 0]") == .bool(true))
        #expect(eval("9007199254740993 > 9007199254740992.0") == .bool(true)) // exact int/float comparison
        #expect(eval("'a' < 1") == .unknown)
        #expect(eval("none < 1") == .unknown)
        #expect(eval("1 > 2 > undefined_x") == .bool(false)) // chain stops early
        #expect(eval("x | bool == true", ["x": .unknown]) == .unknown)
        #expect(eval("x != 'rabbit'", ["x": .unknown]) == .unknown)
    }

    @Test func membership() {
        #expect(eval("'mq' in 'rabbitmq'") == .bool(true))
        #expect(eval("'' in 'x'") == .bool(true))
        #expect(eval("'ubuntu' in ['debian', 'ubuntu']") == .bool(true))
        #expect(eval("'rocky' not in ['debian', 'ubuntu']") == .bool(true))
        #expect(eval("1 in [1.0]") == .bool(true))
        #expect(eval("'k' in {'k': 1}") == .bool(true))
        #expect(eval("'v' in {'k': 'v'}") == .bool(false))
        #expect(eval("1 in 'abc'") == .unknown)
        #expect(eval("'a' in 3") == .unknown)
        #expect(eval("'a' in missing") == .unknown)
        #expect(eval("'a' in [x, 'a']", ["x": .unknown]) == .unknown)
        #expect(eval("'a' in ['a', x]", ["x": .unknown]) == .bool(true))
    }

    @Test func conditionalExpressions() {
        #expect(eval("'rabbit' if x | bool else ''", ["x": .string("no")]) == .string(""))
        #expect(eval("'rabbit' if x else 'other'", ["x": .list([])]) == .string("other"))
        // `x if c` without else gives Jinja's *plain* Undefined even under
        // Ansible's strict one: it prints as '', is falsy and empty.
        #expect(eval("'x' if false") == .string(""))
        #expect(render("a{{ 'x' if false }}b") == .string("ab"))
        #expect(eval("('x' if false) | default('d')") == .string("d"))
        #expect(eval("('x' if false) is defined") == .bool(false))
        #expect(eval("('x' if false) | length") == .int(0))
        #expect(eval("not ('x' if false)") == .bool(true))
        #expect(eval("('x' if false) ~ 'a'") == .string("a"))
        #expect(eval("('x' if false) == none") == .bool(false))
        #expect(eval("'a' in ('x' if false)") == .bool(false))
        #expect(eval("('x' if false) + 1") == .unknown)
        #expect(eval("('x' if false) | int") == .unknown)
        #expect(eval("('x' if false).attribute") == .unknown)
        #expect(eval("'x' if true") == .string("x"))
        // Unknown condition: known only if both branches agree.
        #expect(eval("'a' if c | bool else 'a'", ["c": .unknown]) == .string("a"))
        #expect(eval("'a' if c | bool else 'b'", ["c": .unknown]) == .unknown)
        #expect(eval("true if c | bool else false", ["c": .unknown]) == .unknown)
        #expect(eval("(true if c | bool else false) or true", ["c": .unknown]) == .bool(true))
        #expect(eval("'a' if missing else 'b'") == .unknown)
    }

    @Test func attributeAndItemAccess() {
        let variables: [String: JinjaValue] = [
            "d": .dict(["items": .int(1), "name": .string("rmq"), "list": .list([.int(10), .int(20)])]),
        ]
        #expect(eval("d.name", variables) == .string("rmq"))
        #expect(eval("d['name']", variables) == .string("rmq"))
        #expect(eval("d.items", variables) == .unknown) // the dict method wins over the key
        #expect(eval("d['items']", variables) == .int(1))
        #expect(eval("d.list.1", variables) == .int(20))
        #expect(eval("d.list[-2]", variables) == .int(10))
        #expect(eval("d.list[true]", variables) == .int(20))
        #expect(eval("d.list[2] | default(0)", variables) == .int(0))
        #expect(eval("'abc'[1]") == .string("b"))
        #expect(eval("d.list[0:1]", variables) == .unknown) // slices are outside the subset
        #expect(eval("d.missing.deeper | default('x')", variables) == .string("x"))
        #expect(eval("d[1]", variables) == .unknown) // non-string keys are not modelled
        #expect(eval("none.x | default('n')") == .string("n"))
    }
}

@Suite("Jinja: literals, rendering and printing")
struct JinjaLiteralTests {
    @Test func literals() {
        #expect(eval("42") == .int(42))
        #expect(eval("1_000") == .int(1000))
        #expect(eval("0x1F") == .int(31))
        #expect(eval("0o17") == .int(15))
        #expect(eval("0b101") == .int(5))
        #expect(eval("1.5e3") == .float(1500))
        #expect(eval("2.5") == .float(2.5))
        #expect(eval("True") == .bool(true))
        #expect(eval("false") == .bool(false))
        #expect(eval("None") == .none)
        #expect(eval("none") == .none)
        #expect(eval("'it''s'") == .string("its"))
        #expect(eval("'a' \"b\"") == .string("ab"))
        #expect(eval(#"'tab\there\n'"#) == .string("tab\there\n"))
        #expect(eval(#""\u00e9\x41\101\\\'\q""#) == .string("éAA\\'\\q"))
        #expect(eval(#"'\N{BULLET}'"#) == .unknown)
        #expect(eval("[1, 'a', [true],]") == .list([.int(1), .string("a"), .list([.bool(true)])]))
        #expect(eval("{'a': 1, 'b': [none]}") == .dict(["a": .int(1), "b": .list([.none])]))
        #expect(eval("(1, 2)") == .unknown) // tuples are outside the subset
        #expect(eval("99999999999999999999") == .unknown)
        #expect(eval("007") == .unknown) // `0` then `07`: a syntax error in Jinja
        #expect(eval("") == .unknown)
        #expect(eval("1 +") == .unknown)
        #expect(eval("(1") == .unknown)
        #expect(eval("a !b") == .unknown)
    }

    @Test func renderingTemplates() {
        #expect(render("plain text") == .string("plain text"))
        #expect(render("{{ 1 }}") == .int(1))
        #expect(render("  {{ [1, 2] }}\n") == .list([.int(1), .int(2)]))
        #expect(render("a{{ 1 }}b{{ 'c' }}") == .string("a1bc"))
        #expect(render("{{ [1, 'a'] }}x") == .string("[1, 'a']x"))
        #expect(render("{{ {'a': {'b': 1}} }}") == .dict(["a": .dict(["b": .int(1)])]))
        #expect(render("{{ '}}' }}") == .string("}}"))
        #expect(render("x {{- ' y ' -}} \n z") == .string("x y z"))
        #expect(render("a{# comment #}b") == .string("ab"))
        #expect(render("a {#- comment -#} b") == .string("ab"))
        #expect(render("{% if x %}y{% endif %}") == .unknown)
        #expect(render("{% raw %}{{ x }}{% endraw %}") == .unknown)
        #expect(render("{{ x") == .unknown)
        #expect(render("{# open") == .unknown)
        #expect(render("line1\r\nline2 {{ 1 }}") == .string("line1\nline2 1"))
        #expect(render("{{ x }}-{{ y }}", ["x": .unknown, "y": .int(1)]) == .unknown)
        #expect(render("{{ none }}") == .none)
        #expect(render("{{ d }}", ["d": .dict(["a": .int(1), "b": .int(2)])]) == .dict(["a": .int(1), "b": .int(2)]))
        #expect(render("x{{ d }}", ["d": .dict(["a": .int(1), "b": .int(2)])]) == .unknown) // Python's key order
    }

    @Test func pythonString() {
        #expect(JinjaValue.bool(true).pythonString == "True")
        #expect(JinjaValue.none.pythonString == "None")
        #expect(JinjaValue.int(-3).pythonString == "-3")
        #expect(JinjaValue.float(1).pythonString == "1.0")
        #expect(JinjaValue.float(0.1).pythonString == "0.1")
        #expect(JinjaValue.float(1e16).pythonString == "1e+16")
        #expect(JinjaValue.float(1e15).pythonString == "1000000000000000.0")
        #expect(JinjaValue.float(1e-5).pythonString == "1e-05")
        #expect(JinjaValue.float(0.0001).pythonString == "0.0001")
        #expect(JinjaValue.float(1.5e300).pythonString == "1.5e+300")
        #expect(JinjaValue.float(123.456).pythonString == "123.456")
        #expect(JinjaValue.float(-0.0).pythonString == "-0.0")
        #expect(JinjaValue.float(.infinity).pythonString == "inf")
        #expect(JinjaValue.string("plain").pythonString == "plain")
        #expect(JinjaValue.list([.string("a"), .string("b")]).pythonString == "['a', 'b']")
        #expect(JinjaValue.list([.string("it's"), .string("say \"hi\" it's"), .string("tab\t\u{7}é")]).pythonString
            == #"["it's", 'say "hi" it\'s', 'tab\t\x07é']"#)
        #expect(JinjaValue.list([.none, .bool(false), .float(2.5), .list([])]).pythonString == "[None, False, 2.5, []]")
        #expect(JinjaValue.dict(["k": .list([.int(1)])]).pythonString == "{'k': [1]}")
        #expect(JinjaValue.dict(["a": .int(1), "b": .int(2)]).pythonString == nil)
        #expect(JinjaValue.list([.unknown]).pythonString == nil)
        #expect(JinjaValue.unknown.pythonString == nil)
        #expect(JinjaValue.list([.unknown]).isUnknown == false)
        #expect(JinjaValue.list([.unknown]).containsUnknown == true)
    }

    @Test func referencedVariables() {
        #expect(Jinja.referencedVariables("om_enable_rabbitmq_quorum_queues | bool and om_enable_queue_manager | bool")
            == ["om_enable_rabbitmq_quorum_queues", "om_enable_queue_manager"])
        #expect(Jinja.referencedVariables("(rabbitmq_server_count | int // 2 + 1)") == ["rabbitmq_server_count"])
        #expect(Jinja.referencedVariables("groups[role_rabbitmq_groups] | length") == ["groups", "role_rabbitmq_groups"])
        #expect(Jinja.referencedVariables("x.y | default(z, boolean=true) if c is defined else 'k'") == ["x", "z", "c"])
        #expect(Jinja.referencedVariables("true and none") == [])
        // Not parseable: scanned by tokens.
        #expect(Jinja.referencedVariables("a | regex_replace(b) |") == ["a", "b"])
        #expect(Jinja.referencedVariables(inTemplate:
            "{{ om_rpc_transport }}://{% for host in groups[om_rpc_group] %}{{ om_rpc_user }}@{{ host }}"
            + "{% if not loop.last %},{% endif %}{% endfor %}/{{ om_rpc_vhost }}")
            == ["om_rpc_transport", "groups", "om_rpc_group", "om_rpc_user", "om_rpc_vhost"])
    }
}

/// Runs `body` on a thread with a small stack (512 KiB, the size of secondary
/// threads on some platforms), to prove the bounds keep recursion shallow.
private func onSmallStack(_ body: @escaping @Sendable () -> JinjaValue) -> JinjaValue {
    final class Box: @unchecked Sendable { var value: JinjaValue = .none }
    let box = Box()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        box.value = body()
        done.signal()
    }
    thread.stackSize = 512 * 1024
    thread.start()
    done.wait()
    return box.value
}

@Suite("Jinja: hostile input")
struct JinjaLimitTests {
    @Test func deepParenthesesAreBoundedNotCrashing() {
        let hundred = String(repeating: "(", count: 99) + "1 + 1" + String(repeating: ")", count: 99)
        #expect(onSmallStack { eval(hundred) } == .int(2))
        let deep = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        #expect(onSmallStack { eval(deep) } == .unknown)
        #expect(onSmallStack { eval(String(repeating: "(", count: 10_000)) } == .unknown)
        #expect(onSmallStack { eval(String(repeating: "[", count: 10_000)) } == .unknown)
        #expect(onSmallStack { eval(String(repeating: "not ", count: 10_000) + "true") } == .unknown)
        #expect(onSmallStack { eval(String(repeating: "-", count: 10_000) + "1") } == .unknown)
        #expect(onSmallStack { eval("x" + String(repeating: ".a", count: 10_000)) } == .unknown)
        #expect(onSmallStack { eval("x" + String(repeating: " | default(1)", count: 10_000)) } == .unknown)
        #expect(onSmallStack { render("{{ " + String(repeating: "{", count: 10_000) + " }}") } == .unknown)
    }

    @Test func longFlatChainsStayFlat() {
        let sum = Array(repeating: "1", count: 10_000).joined(separator: " + ")
        #expect(onSmallStack { eval(sum) } == .int(10_000))
        let conjunction = Array(repeating: "true", count: 5_000).joined(separator: " and ")
        #expect(onSmallStack { eval(conjunction) } == .bool(true))
    }

    @Test func sizeLimits() {
        #expect(eval("'x' * 10000000000") == .unknown)
        #expect(eval("[0] * 10000000000") == .unknown)
        #expect(eval(String(repeating: "1 + ", count: 40_000) + "1") == .unknown) // longer than the source limit
        #expect(render(String(repeating: "{{ 1 }}", count: 10_000)) == .unknown)
    }

    /// Fuzzing regression (issue 6, fuzz-jinja timeout-f63c8ef1): repeating an empty
    /// sequence looped `n` times, so `[] * +777777777777771000` never finished.
    @Test(.timeLimit(.minutes(1))) func repeatingAnEmptySequenceByAHugeCountIsImmediate() {
        #expect(eval("[] * +777777777777771000") == .list([]))
        #expect(eval("777777777777771000 * []") == .list([]))
        #expect(eval("'' * 9223372036854775807") == .string(""))
        #expect(eval("[] * -5") == .list([]))
        #expect(eval("[1, 2] * 0") == .list([]))
        #expect(eval("'ab' * 3") == .string("ababab"))
    }

    @Test func evaluationStepsAreBounded() {
        // 60,000 templated items exceed the step budget: the items rendered
        // after it ran out are unknown, and so is anything evaluated later.
        let items = JinjaValue.list(Array(repeating: .string("{{ 1 }}"), count: 60_000))
        #expect(eval("items | length", ["items": items]) == .int(60_000))
        #expect(eval("items[-1]", ["items": items]) == .unknown)
        #expect(eval("items[0]", ["items": items]) == .unknown) // the index itself is past the budget
        let few = JinjaValue.list(Array(repeating: .string("{{ 1 }}"), count: 1_000))
        #expect(eval("items[-1]", ["items": few]) == .int(1))
        // Plain values cost nothing to read.
        let plain = JinjaValue.list(Array(repeating: .int(1), count: 300_000))
        #expect(eval("items[-1]", ["items": plain]) == .int(1))
    }

    @Test func deepValuesDoNotOverflow() {
        var nested: JinjaValue = .int(1)
        for _ in 0..<1_000 { nested = .list([nested]) }
        let deepValue = nested
        #expect(onSmallStack { eval("v == v", ["v": deepValue]) } == .unknown)
        #expect(onSmallStack { eval("v | string", ["v": deepValue]) } == .unknown)
        #expect(onSmallStack { eval("v | length", ["v": deepValue]) } == .int(1))
    }
}

@Suite("Jinja: parsed once per run")
struct JinjaParseCacheTests {
    /// The cache holds parses, never values: one text evaluated against different variables
    /// gives each environment's own answer, however often it was seen before.
    @Test func cachedParsesAreEvaluatedAgainstEachEnvironment() {
        let template = "{{ rabbitmq_user }}:{{ port | int + 1 }}"
        let first = JinjaEnvironment(variables: ["rabbitmq_user": .string("a"), "port": .string("5671")])
        let second = JinjaEnvironment(variables: ["rabbitmq_user": .string("b"), "port": .int(1)])
        for _ in 0..<3 {
            #expect(Jinja.render(template, in: first) == .string("a:5672"))
            #expect(Jinja.render(template, in: second) == .string("b:2"))
            #expect(Jinja.render(template, in: JinjaEnvironment(variables: [:])) == .unknown)
            #expect(Jinja.evaluate("port | int * 2", in: first) == .int(11342))
            #expect(Jinja.evaluate("port | int * 2", in: second) == .int(2))
        }
        #expect(Jinja.referencedVariables(inTemplate: template) == ["rabbitmq_user", "port"])
        #expect(Jinja.referencedVariables(inTemplate: template) == ["rabbitmq_user", "port"])
        #expect(Jinja.referencedVariables("a or b.c") == ["a", "b"])
        #expect(Jinja.referencedVariables("a or b.c") == ["a", "b"])
        // A text that does not parse stays unknown every time; a statement is never rendered.
        #expect(Jinja.render("{{ a + }}", in: first) == .unknown)
        #expect(Jinja.render("{{ a + }}", in: first) == .unknown)
        #expect(Jinja.render("{% if x %}y{% endif %}", in: first) == .unknown)
    }

    @Test func cacheStopsGrowingAtItsCapacity() {
        let cache = JinjaParseCache<Int>(capacity: 2)
        var calls = 0
        for text in ["a", "b", "c", "a", "b", "c"] {
            #expect(cache.value(text) { calls += 1; return $0.count } == 1)
        }
        // "a" and "b" are kept; "c" (past the capacity) is computed each time.
        #expect(calls == 4)
    }
}
