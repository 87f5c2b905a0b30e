import Foundation
import Testing

/// Runs the built `rmqlint` binary from the package root, as an operator would.
enum CLI {
    /// The package root (three levels above this file).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary `swift test` built beside the test bundle.
    static let binary: URL? = {
        var candidates: [URL] = []
        if let argument = CommandLine.arguments.first {
            var directory = URL(fileURLWithPath: argument).deletingLastPathComponent()
            // On Linux the runner sits in the products directory; on macOS inside a bundle.
            for _ in 0..<4 {
                candidates.append(directory.appendingPathComponent("rmqlint"))
                directory = directory.deletingLastPathComponent()
            }
        }
        candidates.append(root.appendingPathComponent(".build/debug/rmqlint"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `rmqlint arguments…` with the package root as working directory. A run that
    /// outlives `timeout` seconds is terminated (status 15), so a hang fails the test
    /// instead of blocking the suite. `wrapper` runs the binary through another command
    /// (e.g. `setpriv` to drop root).
    static func run(
        _ arguments: [String], in directory: URL = root, environment: [String: String] = [:],
        timeout: Double = 120, wrapper: [String] = []
    ) throws -> Output {
        let binary = try #require(binary, "rmqlint binary not found beside the test runner")
        let process = Process()
        if let command = wrapper.first {
            process.executableURL = URL(fileURLWithPath: command)
            process.arguments = Array(wrapper.dropFirst()) + [binary.path] + arguments
        } else {
            process.executableURL = binary
            process.arguments = arguments
        }
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        // Read both pipes before waiting, so a large report cannot fill a pipe and block.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        return Output(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs a system command (`chmod`, …) through `/usr/bin/env`; returns its exit status.
    @discardableResult
    static func runShell(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// The names of the sample trees.
    static var samples: [String] {
        let directory = root.appendingPathComponent("Samples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }.sorted()
    }

    /// Validates a SARIF document against the vendored OASIS schema
    /// (`Tests/Schemas/sarif-schema-2.1.0.json`), with Python's jsonschema.
    static func validateSARIF(_ text: String) throws -> String? {
        try validateJSON(text, schema: root.appendingPathComponent("Tests/Schemas/sarif-schema-2.1.0.json"))
    }

    /// Validates a JSON document against a JSON Schema file in the repository, with Python's
    /// `jsonschema` (the README's "Development" section names it). Returns the validator's
    /// complaint, or nil when the document is valid.
    static func validateJSON(_ text: String, schema: URL) throws -> String? {
        try #require(FileManager.default.fileExists(atPath: schema.path), "\(schema.path) is missing")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rmqlint-\(UUID().uuidString).json")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            // validate() first checks the schema itself, with the draft its `$schema` names.
            "import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))",
            file.path, schema.path,
        ]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? nil : String(decoding: errData, as: UTF8.self)
    }
}
