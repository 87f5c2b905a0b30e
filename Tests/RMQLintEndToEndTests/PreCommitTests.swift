import Foundation
import Testing

/// The pre-commit hooks for real: `pre-commit` from PyPI in a throw-away virtualenv, the
/// README's `.pre-commit-config.yaml` pointed at a local clone of this repository, and a
/// sample Kolla repository with a change staged. The `rmqlint-from-source` hook
/// (`language: swift`) builds rmqlint in release mode (several minutes); the `rmqlint` hook
/// (`language: python`) installs the wheel from `dist/` (built by scripts/build-release.sh
/// first when there is none, minutes too). So the tests only run with
/// `RMQLINT_PRECOMMIT_TEST=1`, and are cancelled (reported as skipped, with the reason) when
/// pre-commit cannot be installed. They test the repository's committed HEAD: the hook
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

    /// A throw-away directory with pre-commit installed, a clone of this repository (the
    /// hook repository) and a deployment repository holding Samples/healthy-kolla with the
    /// README's `.pre-commit-config.yaml` (hook `id`, repository and `rev` replaced).
    struct Setup {
        var work: URL
        var preCommit: String
        var deploy: URL
        static let git = ["git", "-c", "user.name=rmqlint tests", "-c", "user.email=rmqlint@example.invalid", "-c", "commit.gpgsign=false"]
    }

    static func setUp(hook: String) throws -> Setup {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("rmqlint-pre-commit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)

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
            .replacingOccurrences(of: "- id: rmqlint", with: "- id: \(hook)")
        #expect(config.contains("rev: \(revision)") && config.contains("repo: \(hookRepository.path)"))
        try GateTests.write(config, to: deploy.appendingPathComponent(".pre-commit-config.yaml"))
        for command in [["git", "init", "--quiet"], ["git", "add", "-A"], Setup.git + ["commit", "--quiet", "-m", "healthy tree"]] {
            let output = try Self.run(command, in: deploy)
            try #require(output.status == 0, "\(command): \(output.text)")
        }
        return Setup(work: work, preCommit: preCommit, deploy: deploy)
    }

    /// The `rmqlint` hook (`language: python`, the wheel): staging only a heartbeat change in
    /// `config/nova.conf` fails the commit with the HAProxy finding it causes — the finding
    /// sits in the HAProxy file, its related location is the staged line.
    @Test(.enabled(if: enabled, "installs pre-commit and the release wheel (minutes); set RMQLINT_PRECOMMIT_TEST=1 to run it"),
          .timeLimit(.minutes(60)))
    func pythonHookReportsTheProxyTimeoutAHeartbeatChangeBreaks() throws {
        // The wheel: dist/ of this checkout, else built now.
        var dist = CLI.root.appendingPathComponent("dist")
        let wheels = (try? FileManager.default.contentsOfDirectory(atPath: dist.path))?.filter { $0.hasSuffix(".whl") } ?? []
        var built: URL?
        if wheels.isEmpty {
            dist = FileManager.default.temporaryDirectory.appendingPathComponent("rmqlint-dist-\(UUID().uuidString)")
            built = dist
            let build = try Self.run([CLI.root.appendingPathComponent("scripts/build-release.sh").path, dist.path], in: CLI.root)
            try #require(build.status == 0, "build-release.sh failed: \(build.text.suffix(2000))")
        }
        defer { if let built { try? FileManager.default.removeItem(at: built) } }

        let setup = try Self.setUp(hook: "rmqlint")
        defer { try? FileManager.default.removeItem(at: setup.work) }
        let nova = "etc/kolla/config/nova.conf"
        try GateTests.edit(setup.deploy.appendingPathComponent(nova)) {
            $0 + "\n[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 14400\n"
        }
        #expect(try Self.run(["git", "add", nova], in: setup.deploy).status == 0)
        // pip (in the hook's virtualenv) takes `rmqlint` from dist/, offline.
        let environment = [
            "PRE_COMMIT_HOME": setup.work.appendingPathComponent("cache").path,
            "PIP_FIND_LINKS": dist.path, "PIP_NO_INDEX": "1",
        ]
        // `git commit` runs the hook that `pre-commit install` puts in .git/hooks.
        let install = try Self.run([setup.preCommit, "install"], in: setup.deploy, environment: environment)
        try #require(install.status == 0, "\(install.text)")
        let commit = try Self.run(Setup.git + ["commit", "-m", "longer heartbeats"], in: setup.deploy, environment: environment)
        #expect(commit.status == 1, "\(commit.text)")
        #expect(commit.text.contains("Failed"))
        #expect(commit.text.contains(
            "etc/kolla/config/haproxy/services.d/amqp-external.cfg:6:5: error RMQ203 amqp-proxy-timeout: AMQP frontend 'amqp_external_front'"),
            "\(commit.text)")
        #expect(commit.text.contains("etc/kolla/config/nova.conf:9:31: note: heartbeat_timeout_threshold is set here"))
        let log = try Self.run(["git", "log", "--oneline"], in: setup.deploy)
        #expect(log.text.split(separator: "\n").count == 1, "the commit went through: \(log.text)")

        // The hook's executable is the wheel's, not a Swift build.
        let cache = setup.work.appendingPathComponent("cache")
        let found = try Self.run(["sh", "-c", "ls -d */py_env-*/lib/python3*/site-packages/rmqlint/bin/rmqlint"], in: cache)
        #expect(found.status == 0 && !found.text.isEmpty, "\(found.text)")
    }

    @Test(.enabled(if: enabled, "builds rmqlint through pre-commit in release mode (minutes); set RMQLINT_PRECOMMIT_TEST=1 to run it"),
          .timeLimit(.minutes(30)))
    func hookFailsOnAStagedBrokenFileAndPassesOnAFixedOne() throws {
        let setup = try Self.setUp(hook: "rmqlint-from-source")
        defer { try? FileManager.default.removeItem(at: setup.work) }
        let work = setup.work
        let deploy = setup.deploy
        let preCommit = setup.preCommit

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
