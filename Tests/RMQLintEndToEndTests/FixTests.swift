import Foundation
import Testing
import RMQLintCore
import RMQLintRules

/// Every fix is proven by applying it: on a scratch copy of each rule example and each
/// Sample, each fix alone is applied, the tree re-linted, and the finding must be gone
/// with no new warning or error. `--fix` on a copy of each Sample must leave no safe fix
/// behind and add no warning or error; the safety properties of writing are tested too.
@Suite("Fixes")
struct FixTests {
    /// The rules that have fixes; their examples must produce them (so the suite below
    /// cannot pass by finding nothing to apply).
    static let rulesWithFixes: Set<String> = ["RMQ105", "RMQ106", "RMQ201", "RMQ202", "RMQ203", "RMQ204", "RMQ205", "RMQ206", "RMQ301", "RMQ302", "RMQ401", "RMQ403", "RMQ404", "RMQ405", "RMQ406", "RMQ501", "RMQ502"]

    /// (rule, severity, semantic key, path) of every finding at warning or above.
    typealias Key = String

    static func keys(_ findings: [Finding], atLeast severity: Severity = .warning) -> Set<Key> {
        Set(findings.filter { $0.severity >= severity }.map { "\($0.ruleID) \($0.semanticKey) @\(Self.tail($0.location.path))" })
    }

    /// Paths compared across copies: the part below the copy's directory.
    static func tail(_ path: String) -> String {
        guard let range = path.range(of: "/tree/") else { return path }
        return String(path[range.upperBound...])
    }

    static func lint(_ root: URL, arguments: [String] = []) throws -> LintResult {
        var options = LintOptions(paths: [root.path], failOn: .never)
        var index = 0
        while index + 1 < arguments.count {
            switch arguments[index] {
            case "--release": options.release = arguments[index + 1]
            case "--rabbitmq-version": options.rabbitmqVersion = arguments[index + 1]
            case "--inventory": options.inventory = root.appendingPathComponent(arguments[index + 1]).path
            default: break  // --select: every rule runs here, to see new findings of any rule
            }
            index += 2
        }
        return try Linter(rules: RuleRegistry.all, fileSystem: LocalFileSystem()).lint(options).get()
    }

    static func scratch() throws -> URL {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("rmqlint-fix-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        return base
    }

    static func write(_ files: [ExampleFile], to root: URL) throws {
        for file in files {
            let url = root.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.contents.utf8).write(to: url)
        }
    }

    /// Applies each fix of each finding alone to a fresh copy made by `make`, re-lints,
    /// and checks the finding is gone and nothing at warning or above appeared.
    /// Returns the ids of the rules whose fixes were applied.
    static func proveEachFix(
        label: String, arguments: [String] = [], make: (URL) throws -> Void
    ) throws -> Set<String> {
        var applied: Set<String> = []
        let base = try scratch()
        defer { try? FileManager.default.removeItem(at: base) }
        let original = base.appendingPathComponent("tree")
        try make(original)
        let before = try lint(original, arguments: arguments)
        let beforeKeys = keys(before.report.findings)
        for finding in before.report.findings {
            for (number, fix) in finding.fixes.enumerated() {
                // The advice the message gives is the fix's description (issue 16): the two cannot disagree.
                #expect(finding.message.lowercased().contains(fix.description.lowercased()),
                        "\(label): \(finding.ruleID) message '\(finding.message)' does not give its fix '\(fix.description)'")
                let copy = base.appendingPathComponent("copy-\(applied.count)-\(number)-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
                let tree = copy.appendingPathComponent("tree")
                try make(tree)
                // The same finding, linted on the copy, with only this fix.
                let fresh = try lint(tree, arguments: arguments)
                guard var target = fresh.report.findings.first(where: {
                    $0.ruleID == finding.ruleID && $0.semanticKey == finding.semanticKey
                        && tail($0.location.path) == tail(finding.location.path)
                }) else {
                    Issue.record("\(label): \(finding.ruleID) not found again on the copy")
                    continue
                }
                // Descriptions may name paths, which differ between copies: the same fix is the same index.
                guard number < target.fixes.count, target.fixes[number].applicability == fix.applicability else {
                    Issue.record("\(label): \(finding.ruleID) fix '\(fix.description)' not offered on the copy")
                    continue
                }
                target.fixes = [target.fixes[number]]
                let planner = FixPlanner.forModel(fresh.model, currentDirectory: FileManager.default.currentDirectoryPath,
                                                  applicability: .unsafe)
                let plan = planner.plan([target])
                #expect(plan.applied.count == 1 && !plan.isEmpty,
                        "\(label): \(finding.ruleID) fix '\(fix.description)' was not applied: \(plan.skipped.map(\.reason))")
                #expect(FixWriter.write(plan) == nil)
                let after = try lint(tree, arguments: arguments)
                let still = after.report.findings.filter { $0.ruleID == finding.ruleID && $0.semanticKey == finding.semanticKey }
                #expect(still.isEmpty, """
                    \(label): \(finding.ruleID) '\(fix.description)' (\(fix.applicability)) did not clear the finding:
                    \(still.map { "\($0.location): \($0.message)" })
                    """)
                let appeared = keys(after.report.findings).subtracting(beforeKeys)
                #expect(appeared.isEmpty, "\(label): \(finding.ruleID) '\(fix.description)' brought new findings: \(appeared.sorted())")
                applied.insert(finding.ruleID)
                try? FileManager.default.removeItem(at: copy)
            }
        }
        return applied
    }

    @Test("Every fix of every rule example clears its finding and adds no warning or error")
    func ruleExampleFixes() throws {
        var rulesFixed: Set<String> = []
        for rule in RuleRegistry.all {
            let description = rule.description
            for example in description.triggeringExamples {
                let (files, _) = example.resolved()
                rulesFixed.formUnion(try Self.proveEachFix(
                    label: "\(description.id) example at \(example.sourceFile):\(example.sourceLine)",
                    arguments: example.arguments, make: { try Self.write(files, to: $0) }))
            }
        }
        #expect(rulesFixed.isSuperset(of: Self.rulesWithFixes), "rules without an applied fix: \(Self.rulesWithFixes.subtracting(rulesFixed).sorted())")
    }

    static func copySample(_ sample: String, to destination: URL) throws {
        try FileManager.default.copyItem(at: CLI.root.appendingPathComponent("Samples/\(sample)"), to: destination)
    }

    @Test("Every fix of every Sample finding clears it and adds no warning or error", arguments: CLI.samples)
    func sampleFixes(sample: String) throws {
        _ = try Self.proveEachFix(label: "Samples/\(sample)", make: { try Self.copySample(sample, to: $0) })
    }

    @Test("Some Samples carry fixes (so the Sample fix tests apply something)")
    func samplesHaveFixes() throws {
        var count = 0
        for sample in CLI.samples {
            let output = try CLI.run(["--format", "json", "Samples/\(sample)"])
            let document = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
            let findings = try #require(document["findings"] as? [[String: Any]])
            count += findings.reduce(0) { $0 + (($1["fixes"] as? [Any])?.count ?? 0) }
        }
        #expect(count >= 3)
    }

    /// The files of a directory and their bytes, links as their targets' text.
    static func snapshot(_ root: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let manager = FileManager.default
        guard let enumerator = manager.enumerator(atPath: root.path) else { return result }
        while let relative = enumerator.nextObject() as? String {
            let path = root.appendingPathComponent(relative).path
            if let destination = try? manager.destinationOfSymbolicLink(atPath: path) {
                result[relative] = Data("-> \(destination)".utf8)
            } else if let data = manager.contents(atPath: path) {
                result[relative] = data
            } else {
                result[relative] = Data()
            }
        }
        return result
    }

    @Test("--fix on a copy of each Sample: no safe fix left, no new warning or error, idempotent", arguments: CLI.samples)
    func fixSample(sample: String) throws {
        let base = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: base) }
        let tree = base.appendingPathComponent("tree")
        try Self.copySample(sample, to: tree)
        let before = try CLI.run(["--format", "json", tree.path])
        let fixed = try CLI.run(["--fix", "--format", "json", tree.path])
        #expect(fixed.stderr.hasPrefix("rmqlint: applied "), "\(fixed.stderr)")
        let beforeKeys = try Self.jsonKeys(before.stdout)
        let afterKeys = try Self.jsonKeys(fixed.stdout)
        #expect(afterKeys.subtracting(beforeKeys).isEmpty, "new findings: \(afterKeys.subtracting(beforeKeys).sorted())")
        let remaining = try #require(try JSONSerialization.jsonObject(with: Data(fixed.stdout.utf8)) as? [String: Any])
        let findings = try #require(remaining["findings"] as? [[String: Any]])
        let safeLeft = findings.filter { (($0["fixes"] as? [[String: Any]]) ?? []).contains { $0["applicability"] as? String == "safe" } }
        #expect(safeLeft.isEmpty, "safe fixes left after --fix: \(safeLeft.map { $0["ruleId"] ?? "" })")
        // A second --fix has nothing to do and leaves every byte as it is.
        let snapshot = try Self.snapshot(tree)
        let again = try CLI.run(["--fix", tree.path])
        #expect(again.stderr.hasPrefix("rmqlint: applied 0 fixes"), "\(again.stderr)")
        #expect(try Self.snapshot(tree) == snapshot)
    }

    static func jsonKeys(_ text: String) throws -> Set<Key> {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let findings = try #require(document["findings"] as? [[String: Any]])
        return Set(findings.compactMap { finding -> Key? in
            guard let severity = finding["severity"] as? String, severity != "info" else { return nil }
            return "\(finding["ruleId"] ?? "") \(finding["fingerprint"] ?? "")"
        })
    }

    @Test("The README's --diff example is what rmqlint prints")
    func readmeDiff() throws {
        let readme = try String(contentsOf: CLI.root.appendingPathComponent("README.md"), encoding: .utf8)
        let command = "$ rmqlint --diff Samples/broken-amqp-proxy\n"
        let start = try #require(readme.range(of: command), "README shows no --diff example")
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let shown = String(readme[start.upperBound..<end.lowerBound])
        let output = try CLI.run(["--diff", "Samples/broken-amqp-proxy"])
        #expect(output.status == 1)
        #expect(output.stdout == shown)
        #expect(output.stdout.contains("+    option clitcpka\n"))
    }

    // MARK: Safety

    static let brokenHAProxy = """
        frontend amqp
            bind :5672
            option tcpka
            default_backend amqp_nodes
        backend amqp_nodes
            option tcpka
            server r1 10.0.0.11:5672

        """

    @Test("--fix leaves the tree byte-identical when there is nothing to fix")
    func nothingToFix() throws {
        let base = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: base) }
        let tree = base.appendingPathComponent("tree")
        try Self.copySample("healthy-kolla", to: tree)
        let before = try Self.snapshot(tree)
        let output = try CLI.run(["--fix", "--unsafe-fixes", tree.path])
        #expect(output.stderr.hasPrefix("rmqlint: applied 0 fixes in 0 files"), "\(output.stderr)")
        #expect(try Self.snapshot(tree) == before)
    }

    @Test("--diff prints the change and writes nothing; --fix then makes exactly that change, keeping the mode")
    func diffThenFix() throws {
        let base = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: base) }
        let tree = base.appendingPathComponent("tree")
        try Self.write([ExampleFile(path: "haproxy.cfg", contents: "# keep me\n" + Self.brokenHAProxy)], to: tree)
        let file = tree.appendingPathComponent("haproxy.cfg")
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file.path)
        let before = try Self.snapshot(tree)
        let diff = try CLI.run(["--diff", "haproxy.cfg"], in: tree)
        #expect(diff.status == 1)
        #expect(diff.stdout == """
            --- a/haproxy.cfg
            +++ b/haproxy.cfg
            @@ -1,8 +1,8 @@
             # keep me
             frontend amqp
                 bind :5672
            -    option tcpka
            +    option clitcpka
                 default_backend amqp_nodes
             backend amqp_nodes
            -    option tcpka
            +    option srvtcpka
                 server r1 10.0.0.11:5672

            """)
        #expect(try Self.snapshot(tree) == before, "--diff changed the tree")
        let fixed = try CLI.run(["--fix", "haproxy.cfg"], in: tree)
        #expect(fixed.stderr.hasPrefix("rmqlint: applied 2 fixes in 1 file;"), "\(fixed.stderr)")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text == "# keep me\n" + Self.brokenHAProxy
            .replacingOccurrences(of: "    option tcpka\n    default", with: "    option clitcpka\n    default")
            .replacingOccurrences(of: "    option tcpka\n    server", with: "    option srvtcpka\n    server"))
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o640)
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: tree.path) == ["haproxy.cfg"])
    }

    @Test("--fix never writes through a symbolic link that leaves the linted tree")
    func symlinkOutOfTree() throws {
        let base = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: base) }
        let outside = base.appendingPathComponent("outside")
        try Self.write([ExampleFile(path: "rabbitmq.cfg", contents: Self.brokenHAProxy)], to: outside)
        let tree = base.appendingPathComponent("tree")
        try Self.write([ExampleFile(path: "globals.yml", contents: "openstack_release: \"2024.1\"\n")], to: tree)
        try FileManager.default.createDirectory(
            at: tree.appendingPathComponent("config/haproxy/services.d"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: tree.appendingPathComponent("config/haproxy/services.d/rabbitmq.cfg").path,
            withDestinationPath: outside.appendingPathComponent("rabbitmq.cfg").path)
        let outsideBefore = try Self.snapshot(outside)
        let treeBefore = try Self.snapshot(tree)
        let linted = try CLI.run(["--format", "json", tree.path])
        #expect(linted.stdout.contains("\"RMQ201\""), "the linked file is linted (else this test proves nothing)")
        let output = try CLI.run(["--fix", tree.path])
        #expect(output.stderr.hasPrefix("rmqlint: applied 0 fixes"), "\(output.stderr)")
        #expect(try Self.snapshot(outside) == outsideBefore)
        #expect(try Self.snapshot(tree) == treeBefore)
    }

    @Test("A fix whose edit names a file outside the linted tree is refused")
    func editOutsideTree() throws {
        let base = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: base) }
        let tree = base.appendingPathComponent("tree")
        try Self.write([ExampleFile(path: "globals.yml", contents: "openstack_release: \"2024.1\"\n")], to: tree)
        let victim = base.appendingPathComponent("victim.conf")
        try Data("[DEFAULT]\n".utf8).write(to: victim)
        let result = try Self.lint(tree)
        let planner = FixPlanner.forModel(result.model, currentDirectory: FileManager.default.currentDirectoryPath, applicability: .unsafe)
        #expect(planner.mayWrite(tree.appendingPathComponent("globals.yml").path))
        #expect(!planner.mayWrite(victim.path))
        #expect(!planner.mayWrite(tree.appendingPathComponent("../victim.conf").standardizedFileURL.path))
        let forged = Finding(
            ruleID: "RMQ999", slug: "forged", severity: .warning, message: "m",
            location: SourceLocation(path: tree.appendingPathComponent("globals.yml").path, line: 1, column: 1), semanticKey: "k",
            fixes: [Fix("write outside", .safe, edits: [
                .replace(SourceLocation(path: victim.path, line: 1, column: 1), with: "x"),
                .createFile(path: base.appendingPathComponent("new.conf").path, text: "x"),
            ])])
        let plan = planner.plan([forged])
        #expect(plan.isEmpty && plan.applied.isEmpty && plan.skipped.count == 1)
        #expect(try String(contentsOf: victim, encoding: .utf8) == "[DEFAULT]\n")
    }

    @Test("--diff masks passwords in the lines it shows; --fix still writes the real bytes")
    func diffMasksPasswords() throws {
        let base = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: base) }
        let tree = base.appendingPathComponent("tree")
        try Self.write([
            ExampleFile(path: "globals.yml", contents: "openstack_release: \"2024.1\"\nkolla_internal_vip_address: \"10.0.0.10\"\n"),
            ExampleFile(path: "multinode", contents: "[rabbitmq]\nctl[01:03]\n"),
            ExampleFile(path: "config/global.conf", contents: "[DEFAULT]\ntransport_url = rabbit://openstack:Sup3rSecret99@10.0.0.10:5672//\n"),
        ], to: tree)
        let diff = try CLI.run(["--diff", "--unsafe-fixes", "."], in: tree)
        #expect(diff.stdout.contains("-transport_url = rabbit://openstack:******@10.0.0.10:5672//"), "\(diff.stdout)")
        #expect(!diff.stdout.contains("Sup3rSecret99") && !diff.stderr.contains("Sup3rSecret99"))
        let fixed = try CLI.run(["--unsafe-fixes", "--select", "RMQ401", "."], in: tree)
        #expect(fixed.stderr.hasPrefix("rmqlint: applied 1 fix in 1 file;"), "\(fixed.stderr)")
        #expect(try String(contentsOf: tree.appendingPathComponent("config/global.conf"), encoding: .utf8) == "[DEFAULT]\n")
    }

    @Test("Rename fixes move the file inside the tree and refuse to overwrite")
    func renameStaysInTree() throws {
        let base = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: base) }
        let tree = base.appendingPathComponent("tree")
        try Self.write([
            ExampleFile(path: "globals.yml", contents: "openstack_release: \"2024.1\"\n"),
            ExampleFile(path: "multinode", contents: "[control]\nctl01.example.net\n"),
            ExampleFile(path: "config/nova/ctl01/nova.conf", contents: "[DEFAULT]\ndebug = true\n"),
        ], to: tree)
        let diff = try CLI.run(["--diff", "--unsafe-fixes", "."], in: tree)
        #expect(diff.stdout == "rename from config/nova/ctl01/nova.conf\nrename to config/nova/ctl01.example.net/nova.conf\n")
        let output = try CLI.run(["--unsafe-fixes", "."], in: tree)
        #expect(output.stderr.hasPrefix("rmqlint: applied 1 fix in 1 file;"), "\(output.stderr)")
        #expect(FileManager.default.fileExists(atPath: tree.appendingPathComponent("config/nova/ctl01.example.net/nova.conf").path))
        #expect(!FileManager.default.fileExists(atPath: tree.appendingPathComponent("config/nova/ctl01/nova.conf").path))
    }
}
