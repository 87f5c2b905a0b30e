import Testing
import RMQLintCore
import RMQLintRules

/// Lints a small in-memory tree with one rule, for the queue rules' focused tests.
enum QueueLint {
    /// The findings of rule `id` on `files` (paths relative to the tree root).
    static func run(
        _ id: String, _ files: KeyValuePairs<String, String>, release: String? = nil, rabbitMQ: String? = nil
    ) throws -> [Finding] {
        var arguments: [String] = []
        if let release { arguments += ["--release", release] }
        if let rabbitMQ { arguments += ["--rabbitmq-version", rabbitMQ] }
        let tree = files.map { ExampleFile(path: $0.key, contents: $0.value) }
        return try ExampleRunner.findings(of: id, files: tree, arguments: arguments)
            .sorted(by: Finding.reportOrder)
    }

    /// `path:line:column` of a finding.
    static func position(_ finding: Finding) -> String {
        "\(finding.location.path):\(finding.location.line):\(finding.location.column)"
    }

    /// `path:line:column message` of each related location.
    static func related(_ finding: Finding) -> [String] {
        finding.related.map { "\($0.location.path):\($0.location.line):\($0.location.column) \($0.message)" }
    }

    /// A `[rabbitmq]` group of `count` hosts.
    static func inventory(_ count: Int) -> String {
        "[rabbitmq]\n" + (1...max(1, count)).map { "rmq0\($0)\n" }.joined()
    }
}
