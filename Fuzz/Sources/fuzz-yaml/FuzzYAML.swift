import FuzzSupport
import RMQLintCore

/// YAML and JSON (`globals.yml`, `passwords.yml`, `definitions.json`) through `SourceText`
/// and `YAMLLoader`, with the default limits and with tight ones so the limit paths are
/// reached by small inputs; every node is walked and its accessors called.
func fuzzYAML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let path = "globals.yml"
    let text = Fuzz.text(bytes, path: path)
    for limits in [YAMLLimits.default, YAMLLimits(maxDepth: 6, maxNodes: 200)] {
        let result = YAMLLoader.load(text, path: path, limits: limits)
        Fuzz.check(result.diagnostics, path: path)
        if result.isTruncated && result.diagnostics.isEmpty {
            fatalError("truncated without a diagnostic")
        }
        var visited = 0
        var stack = result.documents.map { ($0, 1) }
        while let (node, depth) = stack.popLast() {
            visited += 1
            if depth > limits.maxDepth { fatalError("node at depth \(depth) beyond \(limits.maxDepth)") }
            if node.location.path != path { fatalError("node names \(node.location.path)") }
            _ = node.ansibleBool
            _ = node.intValue
            _ = node.isNull
            _ = node.isTemplated
            _ = node.isVault
            switch node.content {
            case .scalar: break
            case .sequence(let items):
                stack += items.map { ($0, depth + 1) }
            case .mapping(let pairs):
                for pair in pairs {
                    if case .scalar(let key, _) = pair.key.content { _ = node[key] }
                    stack.append((pair.key, depth + 1))
                    stack.append((pair.value, depth + 1))
                }
            }
            // Shared alias copies are walked once per reference; stop at the node budget.
            if visited > limits.maxNodes * 2 + 16 { break }
        }
    }
    return 0
}
