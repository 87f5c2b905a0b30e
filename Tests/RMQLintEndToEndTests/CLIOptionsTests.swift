import Foundation
import RMQLintCore
import Testing

/// The options an operator reaches for first: --version, slugs in --select/--ignore,
/// --quiet, --statistics, several reports in one run, --sarif-omit-suppressed, and the
/// completion script the argument parser generates.
@Suite("Command-line options")
struct CLIOptionsTests {
    @Test func versionPrintsTheToolVersion() throws {
        let output = try CLI.run(["--version"])
        #expect(output.status == 0)
        #expect(output.stdout == ToolInfo.version + "\n")
    }

    @Test func slugsSelectAndIgnoreLikeIds() throws {
        let byID = try CLI.run(["--format", "json", "--select", "RMQ201,RMQ203", "Samples/broken-amqp-proxy"])
        let bySlug = try CLI.run(["--format", "json", "--select", "tcpka-not-split, amqp-proxy-timeout", "Samples/broken-amqp-proxy"])
        #expect(byID.status == 1 && bySlug.status == 1)
        #expect(byID.stdout == bySlug.stdout)
        let ids = Set(GateTests.list(try GateTests.json(bySlug.stdout), "findings").compactMap { $0["ruleId"] as? String })
        #expect(ids == ["RMQ201", "RMQ203"])
        let ignored = try CLI.run(["--format", "json", "--ignore", "amqp-proxy-timeout", "Samples/broken-amqp-proxy"])
        #expect(!GateTests.list(try GateTests.json(ignored.stdout), "findings").contains { $0["ruleId"] as? String == "RMQ203" })
        let unknown = try CLI.run(["--select", "tcpka-not-splitt", "Samples/broken-amqp-proxy"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.hasPrefix("rmqlint: error: unknown rule id, prefix or slug 'tcpka-not-splitt'"))
    }

    @Test func quietAndStatistics() throws {
        let quiet = try CLI.run(["--quiet", "Samples/broken-amqp-proxy"])
        #expect(quiet.status == 1)
        #expect(!quiet.stdout.isEmpty && !quiet.stdout.contains(" in 6 files"))
        let clean = try CLI.run(["-q", "--select", "RMQ201", "Samples/healthy-kolla"])
        #expect(clean.status == 0 && clean.stdout.isEmpty && clean.stderr.isEmpty)
        let statistics = try CLI.run(["--statistics", "Samples/broken-amqp-proxy"])
        #expect(statistics.status == 1)
        #expect(statistics.stdout == """
            3  RMQ203  error    amqp-proxy-timeout
            2  RMQ202  warning  amqp-proxy-without-keepalive
            1  RMQ201  warning  tcpka-not-split

            3 errors, 3 warnings, 0 info in 6 files.

            """)
    }

    /// Changed-file mode (pre-commit): a finding is reported when its location or a related
    /// location is in a named file; a file the whole deployment depends on reports the tree.
    @Test func namedFilesReportFindingsTheyCause() throws {
        let sample = "Samples/broken-amqp-proxy/etc/kolla"
        let nova = try CLI.run(["--format", "json", "\(sample)/config/nova.conf"])
        #expect(nova.status == 1)
        let findings = GateTests.list(try GateTests.json(nova.stdout), "findings")
        // The HAProxy timeouts nova.conf's heartbeat_timeout_threshold makes too short.
        #expect(findings.count == 3)
        #expect(findings.allSatisfy { $0["ruleId"] as? String == "RMQ203" })
        #expect(findings.allSatisfy { ($0["path"] as? String)?.hasPrefix("\(sample)/config/haproxy/") == true })
        let proxy = try CLI.run(["--format", "json", "\(sample)/config/haproxy/services.d/rabbitmq.cfg"])
        #expect(Set(GateTests.list(try GateTests.json(proxy.stdout), "findings").compactMap { $0["ruleId"] as? String })
                == ["RMQ201", "RMQ202", "RMQ203"])
        let whole = try CLI.run(["Samples/broken-amqp-proxy"])
        let globals = try CLI.run(["\(sample)/globals.yml"])
        #expect(globals.status == whole.status && globals.stdout == whole.stdout)
    }

    @Test func severalReportsInOneRun() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rmqlint-outputs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sarif = directory.appendingPathComponent("report.sarif")
        let json = directory.appendingPathComponent("report.json")
        let output = try CLI.run([
            "--output-format", "sarif=\(sarif.path)", "--output-format", "text", "--output-format", "json=\(json.path)",
            "Samples/broken-amqp-proxy",
        ])
        #expect(output.status == 1)
        #expect(output.stdout == (try CLI.run(["--format", "text", "Samples/broken-amqp-proxy"]).stdout))
        #expect(try String(contentsOf: json, encoding: .utf8) == (try CLI.run(["--format", "json", "Samples/broken-amqp-proxy"]).stdout))
        #expect(try String(contentsOf: sarif, encoding: .utf8) == (try CLI.run(["--format", "sarif", "Samples/broken-amqp-proxy"]).stdout))

        for (arguments, message) in [
            (["--format", "json", "--output-format", "text"], "--output-format replaces --format and --output"),
            (["--output-format", "text", "--output-format", "json"], "only one report can go to standard output"),
            (["--output-format", "json=\(json.path)", "--output-format", "sarif=\(json.path)"], "two reports name the same file"),
            (["--output-format", "yaml"], "'yaml' is invalid for '--output-format"),
        ] {
            let refused = try CLI.run(arguments + ["Samples/broken-amqp-proxy"])
            #expect(refused.status == 2, "\(arguments)")
            #expect(refused.stderr.contains(message), "\(refused.stderr)")
        }
    }

    @Test func sarifOmitSuppressedLeavesOutBaselinedFindings() throws {
        let repository = try GateTests.repository(copying: "broken-amqp-proxy")
        defer { try? FileManager.default.removeItem(at: repository) }
        let recorded = try CLI.run(["--write-baseline", ".rmqlint-baseline.json", "--select", "RMQ202"], in: repository)
        #expect(recorded.status == 0)
        let all = try CLI.run(["--baseline", ".rmqlint-baseline.json", "--format", "sarif"], in: repository)
        let omitted = try CLI.run(["--baseline", ".rmqlint-baseline.json", "--format", "sarif", "--sarif-omit-suppressed"], in: repository)
        #expect(all.status == omitted.status)
        let allResults = try GateTests.sarifResults(all.stdout)
        let keptResults = try GateTests.sarifResults(omitted.stdout)
        #expect(allResults.filter { $0["baselineState"] as? String == "unchanged" }.count == 2)
        #expect(keptResults.count == allResults.count - 2)
        #expect(!keptResults.contains { $0["baselineState"] as? String == "unchanged" })
        #expect(try CLI.validateSARIF(omitted.stdout) == nil)
    }

    /// The completion scripts in docs/completions/ (shipped in the release archive) are what
    /// the parser generates now; scripts/update-generated.sh rewrites them.
    @Test("completion script", arguments: [("bash", "rmqlint.bash"), ("zsh", "_rmqlint"), ("fish", "rmqlint.fish")])
    func completionScripts(shell: String, file: String) throws {
        let output = try CLI.run(["--generate-completion-script", shell])
        #expect(output.status == 0)
        #expect(output.stdout.contains("output-format") && output.stdout.contains("statistics"))
        let committed = try String(contentsOf: CLI.root.appendingPathComponent("docs/completions/\(file)"), encoding: .utf8)
        #expect(committed == output.stdout, "docs/completions/\(file) is stale: run scripts/update-generated.sh")
    }

    /// docs/man/rmqlint.1 (GenerateManual's output) documents every option of every command.
    @Test func manPageListsEveryOption() throws {
        let manual = try String(contentsOf: CLI.root.appendingPathComponent("docs/man/rmqlint.1"), encoding: .utf8)
        for command in ["lint", "rules", "explain", "effective"] {
            let help = try CLI.run([command, "--help"])
            #expect(help.status == 0)
            let options = Set(help.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "," })
                .filter { $0.hasPrefix("--") && $0.count > 2 }
                .map { String($0.prefix { $0.isLetter || $0.isNumber || $0 == "-" }) })
            #expect(!options.isEmpty)
            for option in options {
                // `.It Fl -format Ar format`, `.It Fl q , -quiet`
                #expect(manual.contains("Fl -\(option.dropFirst(2)) ") || manual.contains("Fl -\(option.dropFirst(2))\n")
                            || manual.contains(", -\(option.dropFirst(2))"),
                        "docs/man/rmqlint.1 lacks \(option) of '\(command)': run scripts/update-generated.sh")
            }
        }
    }

    /// A report that cannot be written — a full disk, a reader that went away (EPIPE, as
    /// when piped into a `head` that has finished) while SIGPIPE is ignored — is a one-line
    /// error with exit status 2, never a crash; an `--output` file is then not left
    /// half-written. With SIGPIPE at its default, a closed pipe ends the run silently by
    /// that signal, as it ends `cat` (the shell's status 141).
    @Test func writeErrorsAreOneLineErrors() throws {
        #if os(Linux)
        // A pipe whose reading end is closed before the run: every write fails.
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        close(ends[0])
        let closedPipe = FileHandle(fileDescriptor: ends[1], closeOnDealloc: true)
        let ignoring = try Self.run(["--format", "json", "Samples/broken-amqp-proxy"], standardOutput: closedPipe, signals: "--ignore-signal=PIPE")
        #expect(ignoring.status == 2)
        #expect(ignoring.stderr == "rmqlint: error: cannot write standard output: Broken pipe\n")
        let signalled = try Self.run(["--format", "json", "Samples/broken-amqp-proxy"], standardOutput: closedPipe, signals: "--default-signal=PIPE")
        #expect(signalled.signalled && signalled.status == SIGPIPE)
        #expect(signalled.stderr == "")

        if let full = FileHandle(forWritingAtPath: "/dev/full") {
            for format in ["text", "json", "sarif", "github"] {
                let output = try Self.run(["--format", format, "Samples/broken-amqp-proxy"], standardOutput: full)
                #expect(output.status == 2, "\(format)")
                #expect(output.stderr == "rmqlint: error: cannot write standard output: No space left on device\n", "\(format)")
            }
        }
        #endif
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rmqlint-write-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("no/such/report.json").path
        let output = try CLI.run(["--format", "json", "--output", missing, "Samples/broken-amqp-proxy"])
        #expect(output.status == 2)
        #expect(output.stderr == "rmqlint: error: cannot write \(missing): No such file or directory\n")
        // A report written to a file is the one written to standard output, and no temporary file stays.
        let report = directory.appendingPathComponent("report.json")
        let written = try CLI.run(["--format", "json", "--output", report.path, "Samples/broken-amqp-proxy"])
        #expect(written.status == 1)
        #expect(try String(contentsOf: report, encoding: .utf8) == (try CLI.run(["--format", "json", "Samples/broken-amqp-proxy"]).stdout))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["report.json"])
    }

    /// Runs the binary with `standardOutput` as its standard output; stdout of the result is empty.
    /// Runs rmqlint with `standardOutput`; with `signals` (an option of env(1), e.g.
    /// `--default-signal=PIPE`), through `/usr/bin/env`, which sets that signal handling first.
    private static func run(
        _ arguments: [String], standardOutput: FileHandle, signals: String? = nil
    ) throws -> (status: Int32, signalled: Bool, stderr: String) {
        let binary = try #require(CLI.binary, "rmqlint binary not found beside the test runner")
        let process = Process()
        if let signals {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [signals, binary.path] + arguments
        } else {
            process.executableURL = binary
            process.arguments = arguments
        }
        process.currentDirectoryURL = CLI.root
        let err = Pipe()
        process.standardOutput = standardOutput
        process.standardError = err
        try process.run()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal, String(decoding: errData, as: UTF8.self))
    }
}
