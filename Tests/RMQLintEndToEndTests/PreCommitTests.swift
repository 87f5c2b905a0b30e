import Foundation
import Testing

/// The pre-commit hook for real: `pre-commit` from PyPI in a throw-away virtualenv, the
/// README's `.pre-commit-config.yaml` pointed at a local clone of this repository, and a
/// sample Kolla repository with a broken file staged. pre-commit builds rmqlint in release
/// mode through the hook's `language: swift` (several minutes), so the test only runs with
/// `RMQLINT_PRECOMMIT_TEST=1`, and is cancelled (reported as skipped, with the reason) when
/// pre-commit cannot be installed. It tests the repository's committed HEAD: the hook
/// repository is a clone.
@Suite("pre-commit hook")
struct PreCommitTests {
    static let enabled = ProcessInfo.processInfo.environment["RMQLINT_PRECOMMIT_TEST"] == "1"

    struct Output {
        var status: Int32
        var text: String
    }

    /// Runs a program found on PATH (or at an absolute path), stdout and stderr together.
    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, text: String(decoding: data, as: UTF8.self))
    }

    @Test(.enabled(if: enabled, "builds rmqlint through pre-commit in release mode (minutes); set RMQLINT_PRECOMMIT_TEST=1 to run it"),
          .timeLimit(.minutes(30)))
    func hookFailsOnAStagedBrokenFileAndPassesOnAFixedOne() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("rmqlint-pre-commit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }

        // 1. pre-commit from PyPI, in its own virtualenv.
        let venv = try Self.run(["python3", "-m", "venv", work.appendingPathComponent("venv").path], in: work)
        if venv.status != 0 {
            try Test.cancel("pre-commit cannot be installed: python3 -m venv failed: \(venv.text.suffix(300))")
        }
        let pip = try Self.run([work.appendingPathComponent("venv/bin/python").path, "-m", "pip", "install", "--quiet", "pre-commit"], in: work)
        if pip.status != 0 {
            try Test.cancel("pre-commit cannot be installed from PyPI: \(pip.text.suffix(300))")
        }
        let preCommit = work.appendingPathComponent("venv/bin/pre-commit").path

        // 2. A local clone of this repository: the hook repository.
        let hookRepository = work.appendingPathComponent("rmqlint")
        let clone = try Self.run(["git", "clone", "--quiet", CLI.root.path, hookRepository.path], in: work)
        try #require(clone.status == 0, "git clone failed: \(clone.text)")
        let head = try Self.run(["git", "rev-parse", "HEAD"], in: hookRepository)
        let revision = head.text.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(head.status == 0 && revision.count == 40)

        // 3. A deployment repository with the README's pre-commit configuration.
        let deploy = work.appendingPathComponent("deploy")
        try FileManager.default.createDirectory(at: deploy, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: CLI.root.appendingPathComponent("Samples/healthy-kolla/etc"), to: deploy.appendingPathComponent("etc"))
        let config = try GateTests.readmeBlock("pre-commit-config")
            .replacingOccurrences(of: "https://github.com/rmqlint/rmqlint", with: hookRepository.path)
            .replacingOccurrences(of: "rev: v0.1.0", with: "rev: \(revision)")
        #expect(config.contains("rev: \(revision)") && config.contains("repo: \(hookRepository.path)"))
        try GateTests.write(config, to: deploy.appendingPathComponent(".pre-commit-config.yaml"))
        let git = ["git", "-c", "user.name=rmqlint tests", "-c", "user.email=rmqlint@example.invalid", "-c", "commit.gpgsign=false"]
        for command in [["git", "init", "--quiet"], ["git", "add", "-A"], git + ["commit", "--quiet", "-m", "healthy tree"]] {
            let output = try Self.run(command, in: deploy)
            try #require(output.status == 0, "\(command): \(output.text)")
        }

        // 4. A broken file staged: `option tcpka` in a frontend (RMQ201).
        let proxy = "etc/kolla/config/haproxy/services.d/amqp-external.cfg"
        try GateTests.edit(deploy.appendingPathComponent(proxy)) {
            $0.replacingOccurrences(of: "    option clitcpka\n", with: "    option tcpka\n")
        }
        #expect(try Self.run(["git", "add", proxy], in: deploy).status == 0)

        let environment = ["PRE_COMMIT_HOME": work.appendingPathComponent("cache").path]
        let failing = try Self.run([preCommit, "run"], in: deploy, environment: environment)
        #expect(failing.status == 1, "\(failing.text)")
        #expect(failing.text.contains("rmqlint"))
        #expect(failing.text.contains("Failed"))
        #expect(failing.text.contains("\(proxy):5:5: warning RMQ201 tcpka-not-split: `option tcpka` in frontend 'amqp_external_front'"),
                "\(failing.text)")

        // 5. Fixed and staged again: the hook passes (the release build is cached by now).
        try GateTests.edit(deploy.appendingPathComponent(proxy)) {
            $0.replacingOccurrences(of: "    option tcpka\n", with: "    option clitcpka\n")
        }
        #expect(try Self.run(["git", "add", proxy], in: deploy).status == 0)
        let passing = try Self.run([preCommit, "run", "--files", proxy], in: deploy, environment: environment)
        #expect(passing.status == 0, "\(passing.text)")
        #expect(passing.text.contains("Passed"))
    }
}
