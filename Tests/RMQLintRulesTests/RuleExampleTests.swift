import Testing
import RMQLintCore
import RMQLintRules

/// Runs every rule's own examples through the whole pipeline (discovery, loaders,
/// model, rule) on an in-memory tree: triggering examples must fire exactly at their
/// `↓` markers, non-triggering ones must stay silent.
@Suite("Rule examples")
struct RuleExampleTests {
    static let ids = RuleRegistry.all.map { $0.description.id }

    @Test("Triggering examples fire exactly at their markers", arguments: ids)
    func triggeringExamplesFire(id: String) throws {
        let rule = try #require(RuleRegistry.rule(named: id))
        let description = rule.description
        #expect(!description.triggeringExamples.isEmpty, "\(id) has no triggering example")
        for example in description.triggeringExamples {
            let (files, expected) = example.resolved()
            let location = SourceLocation(path: "\(example.sourceFile)", line: Int(example.sourceLine), column: 1)
            #expect(!expected.isEmpty, "\(id): a triggering example needs at least one ↓ marker (\(location))")
            let findings = try ExampleRunner.findings(of: id, files: files, arguments: example.arguments)
            let actual = findings.map { "\($0.location.path):\($0.location.range.start)" }.sorted()
            let wanted = expected.map { "\($0.path):\($0.position)" }.sorted()
            #expect(actual == wanted, """
                \(id) example at \(example.sourceFile):\(example.sourceLine)
                expected findings at \(wanted)
                got \(findings.map { "\($0.location): \($0.message)" })
                """)
            for finding in findings {
                #expect(!finding.message.isEmpty)
                #expect(finding.ruleID == id && finding.slug == description.slug)
            }
        }
    }

    @Test("Non-triggering examples stay silent", arguments: ids)
    func nonTriggeringExamplesStaySilent(id: String) throws {
        let rule = try #require(RuleRegistry.rule(named: id))
        #expect(!rule.description.nonTriggeringExamples.isEmpty, "\(id) has no non-triggering example")
        for example in rule.description.nonTriggeringExamples {
            let (files, expected) = example.resolved()
            #expect(expected.isEmpty, "\(id): a non-triggering example must not contain ↓ markers")
            let findings = try ExampleRunner.findings(of: id, files: files, arguments: example.arguments)
            #expect(findings.isEmpty, """
                \(id) non-triggering example at \(example.sourceFile):\(example.sourceLine) fired:
                \(findings.map { "\($0.location): \($0.message)" })
                """)
        }
    }
}

/// Builds an in-memory tree from example files and lints it.
enum ExampleRunner {
    static let root = "/example"

    static func findings(of id: String, files: [ExampleFile], arguments: [String]) throws -> [Finding] {
        var fileSystem = InMemoryFileSystem(currentDirectory: root)
        for file in files { fileSystem.addFile(file.path, contents: file.contents) }
        var options = LintOptions(paths: [root], select: [id], failOn: .never)
        var index = 0
        while index < arguments.count {
            let value = index + 1 < arguments.count ? arguments[index + 1] : nil
            switch arguments[index] {
            case "--release": options.release = value
            case "--rabbitmq-version": options.rabbitmqVersion = value
            case "--inventory": options.inventory = value
            // Files named explicitly, relative to the example root (the first replaces the root).
            case "--path":
                let named = root + "/" + (value ?? "")
                options.paths = options.paths == [root] ? [named] : options.paths + [named]
            // Rules an example needs besides the one under test (RMQ004 judges the
            // suppressions of rules that ran); only the tested rule's findings are compared.
            case "--select": options.select += (value ?? "").split(separator: ",").map(String.init)
            default: Issue.record("unsupported example argument \(arguments[index])")
            }
            index += 2
        }
        let result = try Linter(rules: RuleRegistry.all, fileSystem: fileSystem).lint(options).get()
        return result.report.findings.filter { $0.ruleID == id }
    }
}

