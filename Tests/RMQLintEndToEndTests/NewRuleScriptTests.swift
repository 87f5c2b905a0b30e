import Foundation
import Testing

/// scripts/new-rule.sh writes a rule file and registers it in id order, and refuses taken
/// ids and slugs. (That the scaffold builds and passes the example tests was checked by
/// running it in the repository; see docs/adding-a-rule.md.)
@Suite("New-rule scaffold")
struct NewRuleScriptTests {
    /// Runs the script on a scratch copy of `Rules/` and `scripts/`.
    static func run(_ arguments: [String], in directory: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash", directory.appendingPathComponent("scripts/new-rule.sh").path] + arguments
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func scratch() throws -> URL {
        let fm = FileManager.default
        let directory = fm.temporaryDirectory.appendingPathComponent("new-rule-\(UUID().uuidString)")
        try fm.createDirectory(at: directory.appendingPathComponent("scripts"), withIntermediateDirectories: true)
        try fm.copyItem(at: CLI.root.appendingPathComponent("Rules"), to: directory.appendingPathComponent("Rules"))
        try fm.copyItem(
            at: CLI.root.appendingPathComponent("scripts/new-rule.sh"),
            to: directory.appendingPathComponent("scripts/new-rule.sh"))
        return directory
    }

    @Test func scaffoldsARuleAndRegistersItInIdOrder() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Self.run(["RMQ208", "scaffold-probe", "Heartbeats", "ScaffoldProbeRule", "info"], in: directory)
        #expect(result.status == 0, "\(result.output)")
        let rule = try String(contentsOf: directory.appendingPathComponent("Rules/Heartbeats/ScaffoldProbeRule.swift"), encoding: .utf8)
        #expect(rule.contains("public struct ScaffoldProbeRule: ViolationRule {"))
        #expect(rule.contains("id: \"RMQ208\"") && rule.contains("slug: \"scaffold-probe\"") && rule.contains("severity: .info"))
        #expect(rule.contains("public struct Found: Violation {") && rule.contains("↓"))
        #expect(!rule.contains("import RMQLintLoaders") && !rule.contains("import RMQLintCore"))
        let registry = try String(contentsOf: directory.appendingPathComponent("Rules/RuleRegistry.swift"), encoding: .utf8)
        // RMQ207 (RemovedOsloOptionRule) < RMQ208 < RMQ301 (MessageTTLBelowRPCTimeoutRule).
        let order = ["RemovedOsloOptionRule.self", "ScaffoldProbeRule.self", "MessageTTLBelowRPCTimeoutRule.self"]
            .compactMap { registry.range(of: $0)?.lowerBound }
        #expect(order.count == 3 && order == order.sorted())
    }

    @Test func refusesTakenIdsSlugsAndBadNames() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let registry = try String(contentsOf: directory.appendingPathComponent("Rules/RuleRegistry.swift"), encoding: .utf8)
        for arguments in [
            ["RMQ206", "new-slug", "Heartbeats", "NewRule"],            // id of heartbeat-disabled
            ["RMQ209", "heartbeat-disabled", "Heartbeats", "NewRule"], // slug of RMQ206
            ["RMQ209", "Not_Kebab", "Heartbeats", "NewRule"],
            ["RMQ909", "new-slug", "Heartbeats", "NewRule"],
            ["RMQ209", "new-slug", "Heartbeats", "NewThing"],
        ] {
            let result = try Self.run(arguments, in: directory)
            #expect(result.status != 0, "\(arguments) was accepted")
        }
        let after = try String(contentsOf: directory.appendingPathComponent("Rules/RuleRegistry.swift"), encoding: .utf8)
        #expect(after == registry)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("Rules/Heartbeats/NewRule.swift").path))
    }
}
