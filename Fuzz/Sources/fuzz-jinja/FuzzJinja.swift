import FuzzSupport
import RMQLintCore

/// Jinja expressions and templates as Ansible evaluates Kolla's variables. The input is
/// split at NUL into an expression, a template and three variable values (each itself
/// possibly a template, so lazy evaluation, chains and cycles are reached); everything is
/// evaluated, rendered and scanned for referenced names.
func fuzzJinja(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let parts = Fuzz.parts(bytes, separator: 0, count: 5).map { String(decoding: $0, as: UTF8.self) }
    let variables: [String: JinjaValue] = [
        "a": .string(parts[2]),
        "b": .string(parts[3]),
        "c": .list([.string(parts[4]), .int(1), .bool(true), .none]),
        "om_enable_rabbitmq_quorum_queues": .string("{{ a | bool }}"),
        "rabbitmq_servers": .dict(["x": .string("{{ b }}"), "y": .float(1.5)]),
        "loop_a": .string("{{ loop_b }}"),
        "loop_b": .string("{{ loop_a ~ a }}"),
        "vault": .unknown,
    ]
    var environment = JinjaEnvironment(
        variables: variables, groups: ["all": ["ctl01", "ctl02"], "control": ["ctl01", "ctl02"], "ungrouped": []])
    // Task variables shadow the table (`service_name`, or `b` itself, lazily templated).
    environment.overlay = ["service_name": .string("nova-api"), "b": .string(parts[4] + "{{ a }}")]
    _ = Jinja.evaluate(parts[0], in: environment)
    _ = Jinja.render(parts[1], in: environment)
    _ = Jinja.render(parts[0], in: JinjaEnvironment(variables: variables, groups: nil))
    _ = Jinja.referencedVariables(parts[0])
    _ = Jinja.referencedVariables(inTemplate: parts[1])
    for name in ["a", "b", "c", "loop_a", "rabbitmq_servers"] {
        let value = Jinja.evaluate(name, in: environment)
        _ = value.ansibleBool
        _ = value.pythonString
        _ = value.containsUnknown
    }
    return 0
}
