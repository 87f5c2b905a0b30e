import FuzzSupport
import RMQLintCore

/// Erlang terms (`advanced.config`, classic `rabbitmq.config`) and `rabbitmq-env.conf`:
/// the term parser with and without Jinja, and with small limits so the depth and size
/// bounds are reached; every location must be inside the file, every term walkable.
func fuzzErlang(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let path = "config/rabbitmq/advanced.config"
    let text = Fuzz.text(bytes, path: path)

    for (jinja, limits) in [(false, ErlangTermLimits.default), (true, .default), (false, ErlangTermLimits(maxDepth: 8, maxTerms: 64))] {
        let result = ErlangTermLoader.parse(text, path: path, jinja: jinja, limits: limits)
        Fuzz.check(result.diagnostics, path: path)
        // One syntax error at most: the parser stops at the first.
        precondition(result.diagnostics.count <= 1, "more than one diagnostic")
        precondition(result.diagnostics.isEmpty || result.document.terms.isEmpty, "terms kept after an error")
        var stack = result.document.terms
        var depth = [Int](repeating: 1, count: stack.count)
        while let term = stack.popLast() {
            let level = depth.removeLast()
            precondition(level <= limits.maxDepth + 1, "term deeper than the limit")
            Fuzz.check(term.location)
            _ = term.rendered(limit: 64)
            _ = term.isTemplated
            _ = term.property("rabbit")
            let children: [ErlangTerm]
            switch term.value {
            case .tuple(let items), .map(let items): children = items
            case .list(let items, let tail): children = items + tail
            default: children = []
            }
            stack += children
            depth += [Int](repeating: level + 1, count: children.count)
        }
        _ = result.document.parameter("rabbit", "cluster_partition_handling")
        _ = result.document.parameter("kernel", "net_ticktime")
    }

    let envPath = "config/rabbitmq/rabbitmq-env.conf"
    let env = RabbitMQEnvLoader.parse(text, path: envPath)
    Fuzz.check(env.diagnostics, path: envPath)
    for entry in env.env.entries {
        Fuzz.check(entry.nameLocation)
        Fuzz.check(entry.valueLocation)
    }
    _ = env.env.last("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS")
    return 0
}
