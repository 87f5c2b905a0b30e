import Foundation
import Testing

/// The module layers of Package.swift hold: every Swift file under `Sources/RMQLintCore`
/// and `Rules/` imports only modules its target declares as dependencies. SwiftPM would
/// compile an import of any module built earlier (a rule importing `RMQLintLoaders`,
/// the engine importing the pipeline), so this closes the gap the compiler leaves.
@Suite("Module layering")
struct LayeringTests {
    /// A library target of Package.swift: its name, declared dependencies, directory and sources.
    struct Target {
        var name: String
        var dependencies: Set<String>
        var path: String
        var sources: [String]?
    }

    /// Modules every target may import: the standard library's and the C library.
    static let system: Set<String> = ["Swift", "Darwin", "Dispatch", "Glibc", "Musl", "Synchronization"]

    /// The `.target(...)` entries of Package.swift, read with regular expressions.
    static func targets() throws -> [Target] {
        let manifest = try String(contentsOf: CLI.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let entry = try NSRegularExpression(pattern: #"\.target\(\s*name:\s*"([^"]+)"(.*?)\n        \)"#, options: [.dotMatchesLineSeparators])
        let quoted = try NSRegularExpression(pattern: #""([^"]+)""#)
        func strings(_ text: String) -> [String] {
            quoted.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
                Range($0.range(at: 1), in: text).map { String(text[$0]) }
            }
        }
        func list(_ label: String, in body: String) -> [String]? {
            guard let start = body.range(of: "\(label): ["), let end = body[start.upperBound...].range(of: "]") else { return nil }
            return strings(String(body[start.upperBound..<end.lowerBound]))
        }
        return entry.matches(in: manifest, range: NSRange(manifest.startIndex..., in: manifest)).compactMap { match in
            guard let nameRange = Range(match.range(at: 1), in: manifest),
                  let bodyRange = Range(match.range(at: 2), in: manifest) else { return nil }
            let body = String(manifest[bodyRange])
            guard let path = body.range(of: #"path: "([^"]+)""#, options: .regularExpression).map({ String(body[$0]) })
                .flatMap({ strings($0).first }) else { return nil }
            return Target(
                name: String(manifest[nameRange]), dependencies: Set(list("dependencies", in: body) ?? []),
                path: path, sources: list("sources", in: body))
        }
    }

    /// The module names a file imports.
    static func imports(of file: URL) throws -> Set<String> {
        let text = try String(contentsOf: file, encoding: .utf8)
        var modules: Set<String> = []
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ").filter { !$0.hasPrefix("@") }
            if words.count >= 2, words[0] == "import" { modules.insert(String(words[1])) }
        }
        return modules
    }

    @Test func everyFileImportsOnlyItsTargetsDependencies() throws {
        let targets = try Self.targets().filter { $0.path == "Sources/RMQLintCore" || $0.path == "Rules" }
        #expect(targets.count >= 7, "Package.swift's targets were not found: \(targets.map(\.name))")
        let fm = FileManager.default
        var owner: [String: Target] = [:]
        for target in targets {
            let base = CLI.root.appendingPathComponent(target.path)
            let enumerator = try #require(fm.enumerator(atPath: base.path))
            for case let relative as String in enumerator where relative.hasSuffix(".swift") {
                let belongs = target.sources.map { sources in
                    sources.contains { relative == $0 || relative.hasPrefix($0 + "/") }
                } ?? true
                guard belongs else { continue }
                #expect(owner[target.path + "/" + relative] == nil, "\(relative) is in two targets")
                owner[target.path + "/" + relative] = target
            }
        }
        #expect(owner.count > 100)
        for (path, target) in owner.sorted(by: { $0.key < $1.key }) {
            let undeclared = try Self.imports(of: CLI.root.appendingPathComponent(path))
                .subtracting(target.dependencies).subtracting(Self.system)
            #expect(undeclared.isEmpty, "\(path) (\(target.name)) imports \(undeclared.sorted()), which \(target.name) does not depend on")
        }
    }

    /// Rules see the model and the rule API, never a loader or the pipeline.
    @Test func rulesDependOnTheModelAndTheRuleAPIOnly() throws {
        let rules = try #require(try Self.targets().first { $0.name == "RMQLintRules" })
        #expect(rules.dependencies.isDisjoint(with: ["RMQLintLoaders", "RMQLintCore", "CYAML"]), "\(rules.dependencies.sorted())")
        #expect(rules.dependencies.contains("RMQLintModel") && rules.dependencies.contains("RMQLintEngine"))
    }

    /// The check above can fail: a rule file importing a loader is caught.
    @Test func aLoaderImportInARuleFileIsCaught() throws {
        let rules = try #require(try Self.targets().first { $0.name == "RMQLintRules" })
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("LayeringProbe-\(UUID().uuidString).swift")
        try "import RMQLintModel\nimport RMQLintLoaders\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let undeclared = try Self.imports(of: file).subtracting(rules.dependencies).subtracting(Self.system)
        #expect(undeclared == ["RMQLintLoaders"])
    }
}
