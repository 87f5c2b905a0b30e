import Foundation
import RMQLintCore
import Testing

/// The CI gate and pre-commit features, end to end through the built binary over
/// `Samples/`: `.rmqlint.yml`, inline suppressions, baselines, changed files, the GitHub
/// formats and limits, severity overrides and `--fail-on`, and the README's examples.
@Suite("Gate")
struct GateTests {
    // MARK: Helpers

    /// A copy of `Samples/<sample>` in a fresh directory that looks like a repository root
    /// (it has a `.git`, so configuration discovery stops there).
    static func repository(copying sample: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rmqlint-gate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent(".git"), withIntermediateDirectories: true)
        let source = CLI.root.appendingPathComponent("Samples/\(sample)")
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path)
        where !["README.md", "expected.txt", "expected.json"].contains(name) {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: directory.appendingPathComponent(name))
        }
        return directory
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func list(_ document: [String: Any], _ key: String) -> [[String: Any]] {
        document[key] as? [[String: Any]] ?? []
    }

    static func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    static func edit(_ url: URL, _ change: (String) -> String) throws {
        try write(change(try String(contentsOf: url, encoding: .utf8)), to: url)
    }

    static let proxy = "etc/kolla/config/haproxy/services.d/rabbitmq.cfg"

    // MARK: 1. .rmqlint.yml

    @Test func configurationFileOfTheSampleApplies() throws {
        let output = try CLI.run(["--format", "json", "Samples/gate-adoption"])
        #expect(output.status == 1)
        #expect(output.stderr.isEmpty)
        let document = try Self.json(output.stdout)
        #expect(document["release"] as? String == "2025.1")   // release: from .rmqlint.yml, no RMQ002
        let all = Self.list(document, "findings") + Self.list(document, "suppressed") + Self.list(document, "baselined")
        #expect(!all.contains { ($0["path"] as? String)?.contains("retired") == true })   // exclude
        #expect(!all.contains { $0["ruleId"] as? String == "RMQ202" })                     // per_file_ignores
        #expect(!all.contains { $0["ruleId"] as? String == "RMQ002" })
        #expect(Self.list(document, "findings").map { "\($0["ruleId"] ?? "") \($0["severity"] ?? "")" } == ["RMQ004 warning", "RMQ003 info"])
        #expect(Self.list(document, "suppressed").map { "\($0["ruleId"] ?? "") \($0["severity"] ?? "")" } == ["RMQ201 error", "RMQ105 warning"])
        #expect(Self.list(document, "baselined").map { $0["path"] as? String } == ["Samples/gate-adoption/\(Self.proxy.replacingOccurrences(of: "rabbitmq.cfg", with: "rabbitmq-ops.cfg"))"])
    }

    @Test func commandLineFlagsOverrideTheConfigurationFile() throws {
        #expect(try CLI.run(["--fail-on", "error", "Samples/gate-adoption"]).status == 0)
        #expect(try CLI.run(["--fail-on", "info", "--ignore", "RMQ004", "Samples/gate-adoption"]).status == 1)   // RMQ003 is info

        // --release 2024.1 beats release: 2025.1; RMQ105 then never fires, so its directive is stale.
        let older = try Self.json(try CLI.run(["--format", "json", "--release", "2024.1", "Samples/gate-adoption"]).stdout)
        #expect(older["release"] as? String == "2024.1")
        #expect(Self.list(older, "findings").contains {
            $0["ruleId"] as? String == "RMQ004" && $0["path"] as? String == "Samples/gate-adoption/etc/kolla/globals.yml" && $0["column"] as? Int == 60
        })

        // --select replaces the file's rules; an empty --config file drops every setting.
        let repository = try Self.repository(copying: "gate-adoption")
        defer { try? FileManager.default.removeItem(at: repository) }
        try Self.write("", to: repository.appendingPathComponent("empty.yml"))
        let plain = try CLI.run(["--config", "empty.yml", "--select", "RMQ0"], in: repository)
        #expect(plain.status == 1)
        #expect(plain.stdout.contains("etc/kolla/config/haproxy/services.d/retired-rabbitmq.cfg:"))   // no exclude: RMQ001
        #expect(plain.stdout.contains("etc/kolla/globals.yml:1:1: info RMQ002 unknown-release"))   // no release:
    }

    @Test func configurationErrorsStopWithOneLocatedLine() throws {
        let repository = try Self.repository(copying: "broken-amqp-proxy")
        defer { try? FileManager.default.removeItem(at: repository) }
        let cases: [(String, String)] = [
            ("fail_on: error\nselct: [RMQ2]\n",
             ".rmqlint.yml:2:1: error: unknown key 'selct' (known keys: release, rabbitmq_version, inventory, select, ignore, severity, fail_on, exclude, per_file_ignores, baseline, policies, policy_files)"),
            ("severity:\n  RMQ201: fatal\n", ".rmqlint.yml:2:11: error: severity of RMQ201 must be error, warning or info, found 'fatal'"),
            ("severity:\n  RMQ299: error\n", ".rmqlint.yml:2:3: error: unknown rule id 'RMQ299' in 'severity' (see 'rmqlint rules')"),
            ("select: RMQ2\nignore: [RMQ2, RMQ9]\n", ".rmqlint.yml:2:16: error: unknown rule id, prefix or slug 'RMQ9' in 'ignore' (see 'rmqlint rules')"),
            ("exclude: {a: b}\n", ".rmqlint.yml:1:10: error: 'exclude' must be a list of strings, found a mapping"),
            ("release: kilo-ish\n", ".rmqlint.yml:1:10: error: unknown release 'kilo-ish' in 'release' (use a series such as 2024.1 or wallaby, or a Kolla-Ansible version such as 18.7.0)"),
        ]
        for (text, expected) in cases {
            try Self.write(text, to: repository.appendingPathComponent(".rmqlint.yml"))
            for arguments in [[], [Self.proxy], ["--format", "sarif", "--output", "out.sarif"]] {
                let output = try CLI.run(arguments, in: repository)
                #expect(output.status == 2, "\(text)")
                #expect(output.stdout.isEmpty)
                #expect(output.stderr == expected + "\n")
                #expect(!FileManager.default.fileExists(atPath: repository.appendingPathComponent("out.sarif").path))
            }
        }
        let missing = try CLI.run(["--config", "nope.yml"], in: repository)
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("nope.yml: error: cannot read configuration file: "))
        #expect(missing.stderr.split(separator: "\n").count == 1)
    }

    // MARK: 2. Inline suppressions

    @Test func suppressedFindingsStayVisible() throws {
        let text = try CLI.run(["--show-suppressed", "Samples/gate-adoption"])
        let prefix = "Samples/gate-adoption/etc/kolla/"
        #expect(text.stdout.contains("""
            \(prefix)config/haproxy/services.d/rabbitmq.cfg:7:5: error RMQ201 tcpka-not-split (suppressed): `option tcpka` in frontend 'rabbitmq_front'
            """))
        #expect(text.stdout.contains("""
                \(prefix)config/haproxy/services.d/rabbitmq.cfg:6:5: note: suppressed here: the legacy clients need tcpka; the backend adds srvtcpka

            """))
        #expect(text.stdout.contains("    \(prefix)globals.yml:5:41: note: suppressed here without a reason\n"))
        #expect(text.stdout.hasSuffix("\n0 errors, 1 warning, 1 info in 6 files (2 suppressed, 1 baselined).\n"))
        let plain = try CLI.run(["Samples/gate-adoption"]).stdout
        #expect(!plain.contains("(suppressed)"))
        #expect(plain.hasSuffix("\n0 errors, 1 warning, 1 info in 6 files (2 suppressed, 1 baselined).\n"))

        let sarif = try CLI.run(["--format", "sarif", "Samples/gate-adoption"])
        #expect(try CLI.validateSARIF(sarif.stdout) == nil)
        let results = try Self.sarifResults(sarif.stdout)
        let suppressed = results.filter { $0["suppressions"] != nil }
        #expect(suppressed.map { $0["ruleId"] as? String } == ["RMQ201", "RMQ105"])
        let first = try #require((suppressed.first?["suppressions"] as? [[String: Any]])?.first)
        #expect(first["kind"] as? String == "inSource")
        #expect(first["justification"] as? String == "the legacy clients need tcpka; the backend adds srvtcpka")
        let reasonless = try #require((suppressed.last?["suppressions"] as? [[String: Any]])?.first)
        #expect(reasonless["kind"] as? String == "inSource" && reasonless["justification"] == nil)
    }

    @Test func staleAndReasonlessSuppressionsAreReported() throws {
        let output = try CLI.run(["Samples/gate-adoption"])
        #expect(output.stdout.hasPrefix("""
            Samples/gate-adoption/etc/kolla/config/haproxy/services.d/rabbitmq.cfg:14:24: warning RMQ004 unused-suppression: `disable=RMQ203` suppresses nothing: RMQ203 reports no finding on line 14 or 15; remove it
            Samples/gate-adoption/etc/kolla/globals.yml:5:41: info RMQ003 suppression-without-reason: `rmqlint: disable=RMQ105` gives no reason
            """))
        #expect(output.status == 1)
        // RMQ203 did not run: its directive cannot be judged, so nothing is reported.
        let unjudged = try CLI.run(["--select", "RMQ004", "Samples/gate-adoption"])
        #expect(unjudged.stdout == "No problems found in 6 files.\n")
        #expect(unjudged.status == 0)
    }

    @Test func suppressionsInEachFormat() throws {
        let repository = try Self.repository(copying: "broken-amqp-proxy")
        defer { try? FileManager.default.removeItem(at: repository) }
        try Self.edit(repository.appendingPathComponent(Self.proxy)) { text in
            text.replacingOccurrences(of: "    option tcpka\n", with: "    option tcpka # rmqlint: disable=tcpka-not-split -- legacy clients\n")
                .replacingOccurrences(of: "\nbackend rabbitmq_back\n", with: "\n# rmqlint: disable=RMQ202 -- CHG-77\nbackend rabbitmq_back\n")
        }
        try Self.edit(repository.appendingPathComponent("etc/kolla/config/haproxy/services.d/rabbitmq-legacy.cfg")) {
            "# rmqlint: disable-file=RMQ202,RMQ203 -- retired next week\n" + $0
        }
        // A trailing comment in oslo.config is part of the value, not a directive.
        try Self.edit(repository.appendingPathComponent("etc/kolla/config/nova.conf")) {
            $0.replacingOccurrences(of: "= 120\n", with: "= 120 # rmqlint: disable=RMQ203 -- no effect\n")
        }
        let output = try CLI.run(["--format", "json", "--ignore", "RMQ203"], in: repository)
        let document = try Self.json(output.stdout)
        #expect(Self.list(document, "findings").isEmpty)
        #expect(Self.list(document, "suppressed").map { "\($0["ruleId"] ?? "")@\($0["line"] ?? 0)" } == ["RMQ202@3", "RMQ201@5", "RMQ202@10"])
        #expect(output.status == 0)
        // The legacy file's RMQ203 directive names a rule that did not run: not reported.
        #expect((document["summary"] as? [String: Any])?["suppressed"] as? Int == 3)
    }

    // MARK: 3. Baseline

    @Test func baselineSurvivesLinesInsertedAboveItsFindings() throws {
        let repository = try Self.repository(copying: "broken-amqp-proxy")
        defer { try? FileManager.default.removeItem(at: repository) }
        let written = try CLI.run(["--write-baseline", ".rmqlint-baseline.json"], in: repository)
        #expect(written.status == 0)
        #expect(written.stdout == "No problems found in 6 files (6 baselined).\n")
        let baseline = try String(contentsOf: repository.appendingPathComponent(".rmqlint-baseline.json"), encoding: .utf8)
        #expect(baseline.hasPrefix("{\n  \"version\": 1,\n  \"tool\": \"rmqlint\",\n  \"findings\": [\n"))
        #expect(!baseline.contains("Qw3rTy8Ui0Op2As"))

        // Unrelated lines inserted above every finding of both HAProxy files.
        for name in ["rabbitmq.cfg", "rabbitmq-legacy.cfg"] {
            try Self.edit(repository.appendingPathComponent("etc/kolla/config/haproxy/services.d/\(name)")) {
                "# Reviewed in CHG-1234.\n# Owner: platform team.\n\n" + $0
            }
        }
        let same = try CLI.run(["--baseline", ".rmqlint-baseline.json", "--strict-baseline"], in: repository)
        #expect(same.stdout == "No problems found in 6 files (6 baselined).\n")
        #expect(same.status == 0)
        let sarif = try CLI.run(["--format", "sarif", "--baseline", ".rmqlint-baseline.json"], in: repository).stdout
        #expect(try CLI.validateSARIF(sarif) == nil)
        #expect(try Self.sarifResults(sarif).map { $0["baselineState"] as? String } == Array(repeating: "unchanged", count: 6))

        // One finding fixed: reported as gone; a failure only under --strict-baseline.
        try Self.edit(repository.appendingPathComponent(Self.proxy)) {
            $0.replacingOccurrences(of: "timeout server 60s", with: "timeout server 1h")
        }
        let fixed = try CLI.run(["--baseline", ".rmqlint-baseline.json"], in: repository)
        #expect(fixed.status == 0)
        #expect(fixed.stdout.hasPrefix("\(Self.proxy): note RMQ203 amqp-proxy-timeout: baselined finding no longer occurs (was: AMQP backend 'rabbitmq_back': `timeout server 60s`"))
        #expect(fixed.stdout.hasSuffix("\nNo problems found in 6 files (5 baselined, 1 baseline entry no longer found).\n"))
        let strict = try CLI.run(["--baseline", ".rmqlint-baseline.json", "--strict-baseline", "--format", "github"], in: repository)
        #expect(strict.status == 1)
        #expect(strict.stdout.hasPrefix("::error file=\(Self.proxy),title=RMQ203 amqp-proxy-timeout::Baselined finding no longer occurs"))
        let absent = try Self.sarifResults(try CLI.run(["--format", "sarif", "--baseline", ".rmqlint-baseline.json", "--strict-baseline"], in: repository).stdout)
            .filter { $0["baselineState"] as? String == "absent" }
        #expect(absent.count == 1)
        #expect(absent.first?["level"] as? String == "error")

        // A new problem is new, and fails.
        try Self.edit(repository.appendingPathComponent(Self.proxy)) {
            $0.replacingOccurrences(of: "    balance roundrobin\n", with: "    balance roundrobin\n    option tcpka\n")
        }
        let new = try CLI.run(["--format", "sarif", "--baseline", ".rmqlint-baseline.json"], in: repository)
        #expect(new.status == 1)
        let states = try Self.sarifResults(new.stdout).map { "\($0["ruleId"] ?? "") \($0["baselineState"] ?? "")" }
        #expect(states.filter { $0.hasSuffix(" new") } == ["RMQ201 new"])

        // Shrinking the baseline makes the strict gate pass again.
        #expect(try CLI.run(["--write-baseline", ".rmqlint-baseline.json"], in: repository).status == 0)
        #expect(try CLI.run(["--baseline", ".rmqlint-baseline.json", "--strict-baseline"], in: repository).status == 0)
    }

    @Test func baselineFromConfigurationMatchesFromAnyDirectory() throws {
        let repository = try Self.repository(copying: "broken-amqp-proxy")
        defer { try? FileManager.default.removeItem(at: repository) }
        try Self.write("baseline: .rmqlint-baseline.json\n", to: repository.appendingPathComponent(".rmqlint.yml"))
        // Written from inside the tree, used from the root and from another subdirectory.
        #expect(try CLI.run(["--write-baseline", "../../.rmqlint-baseline.json"], in: repository.appendingPathComponent("etc/kolla")).status == 0)
        let root = try CLI.run(["--strict-baseline"], in: repository)
        #expect(root.stdout == "No problems found in 6 files (6 baselined).\n")
        let nested = try CLI.run(["--strict-baseline", "haproxy/services.d/rabbitmq.cfg"], in: repository.appendingPathComponent("etc/kolla/config"))
        #expect(nested.stdout == "No problems found in 6 files (4 baselined).\n")
        #expect(nested.status == 0)
    }

    @Test func unreadableBaselineIsOneLineAndExitTwo() throws {
        let repository = try Self.repository(copying: "broken-amqp-proxy")
        defer { try? FileManager.default.removeItem(at: repository) }
        let missing = try CLI.run(["--baseline", "missing.json"], in: repository)
        #expect(missing.status == 2)
        #expect(missing.stdout.isEmpty)
        #expect(missing.stderr.hasPrefix("missing.json: error: cannot read baseline: "))
        #expect(missing.stderr.split(separator: "\n").count == 1)
        try Self.write("{\"version\": 7, \"findings\": []}\n", to: repository.appendingPathComponent("old.json"))
        let old = try CLI.run(["--baseline", "old.json"], in: repository)
        #expect(old.status == 2)
        #expect(old.stderr == "old.json:1:13: error: unsupported baseline version '7' (this rmqlint reads version 1)\n")
    }

    // MARK: 4. Changed files

    @Test func changedFilesAreLintedInTheContextOfTheirTree() throws {
        let tree = "Samples/broken-amqp-proxy/etc/kolla"
        // nova.conf has no finding of its own, but its heartbeat_timeout_threshold is the
        // related location of the three HAProxy timeout findings: they are reported.
        let nova = try CLI.run(["\(tree)/config/nova.conf"])
        #expect(nova.stdout.split(separator: "\n").filter { $0.contains(" RMQ") }.count == 3)
        #expect(nova.stdout.split(separator: "\n").filter { $0.contains(" RMQ") }.allSatisfy { $0.contains("error RMQ203 ") })
        #expect(nova.status == 1)
        let legacy = try Self.json(try CLI.run(["--format", "json", "\(tree)/config/haproxy/services.d/rabbitmq-legacy.cfg"]).stdout)
        #expect(Set(Self.list(legacy, "findings").compactMap { $0["path"] as? String }) == ["\(tree)/config/haproxy/services.d/rabbitmq-legacy.cfg"])

        let two = try Self.json(try CLI.run([
            "--format", "json", "\(tree)/config/haproxy/services.d/rabbitmq-legacy.cfg", "\(tree)/config/nova.conf",
        ]).stdout)
        #expect(Set(Self.list(two, "findings").compactMap { $0["path"] as? String })
                == ["\(tree)/config/haproxy/services.d/rabbitmq-legacy.cfg", "\(tree)/config/haproxy/services.d/rabbitmq.cfg"])
        // The legacy proxy's timeout is judged against nova.conf's 120 s threshold.
        #expect(Self.list(two, "findings").contains { ($0["message"] as? String)?.contains("heartbeat_timeout_threshold = 120") == true })

        // Files of two trees; and no file at all is the whole tree.
        let mixed = try Self.json(try CLI.run([
            "--format", "json", "\(tree)/config/haproxy/services.d/rabbitmq.cfg", "Samples/broken-parse/etc/kolla/config/nova.conf",
        ]).stdout)
        #expect(Set(Self.list(mixed, "findings").compactMap { $0["path"] as? String }) == [
            "\(tree)/config/haproxy/services.d/rabbitmq.cfg", "Samples/broken-parse/etc/kolla/config/nova.conf",
        ])
        let repository = try Self.repository(copying: "broken-amqp-proxy")
        defer { try? FileManager.default.removeItem(at: repository) }
        let whole = try Self.json(try CLI.run(["--format", "json"], in: repository).stdout)
        #expect(Self.list(whole, "findings").count == 6)
    }

    @Test func changedFilesFindTheConfigurationAtTheRepositoryRoot() throws {
        let repository = try Self.repository(copying: "gate-adoption")
        defer { try? FileManager.default.removeItem(at: repository) }
        let proxy = try CLI.run([Self.proxy], in: repository)
        #expect(proxy.stdout == """
            \(Self.proxy):14:24: warning RMQ004 unused-suppression: `disable=RMQ203` suppresses nothing: RMQ203 reports no finding on line 14 or 15; remove it

            0 errors, 1 warning, 0 info in 6 files (1 suppressed).

            """)
        // globals.yml is the whole deployment's context: naming it reports the whole tree
        // (and judges the whole baseline), as `rmqlint` with no path does.
        let output = try CLI.run([Self.proxy, "etc/kolla/globals.yml"], in: repository)
        #expect(output.stdout == (try CLI.run([], in: repository)).stdout)
        #expect(output.stdout == """
            \(Self.proxy):14:24: warning RMQ004 unused-suppression: `disable=RMQ203` suppresses nothing: RMQ203 reports no finding on line 14 or 15; remove it
            etc/kolla/globals.yml:5:41: info RMQ003 suppression-without-reason: `rmqlint: disable=RMQ105` gives no reason: say why after ` -- `, e.g. `# rmqlint: disable=RMQ105 -- accepted until the next upgrade`

            0 errors, 1 warning, 1 info in 6 files (2 suppressed, 1 baselined).

            """)
        #expect(output.status == 1)
    }

    // MARK: 6. GitHub

    @Test func githubWorkflowCommands() throws {
        let output = try CLI.run(["--format", "github", "Samples/gate-adoption"])
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix(
            "::warning file=Samples/gate-adoption/etc/kolla/config/haproxy/services.d/rabbitmq.cfg,line=14,col=24,endLine=14,endColumn=30,title=RMQ004 unused-suppression::") == true)
        #expect(lines.last?.hasPrefix("::notice file=Samples/gate-adoption/etc/kolla/globals.yml,line=5,col=41,") == true)
        #expect(output.status == 1)
    }

    @Test func sarifFollowsGitHubsStatedRules() throws {
        for sample in CLI.samples {
            let sarif = try CLI.run(["--format", "sarif", "--show-suppressed", "Samples/\(sample)"]).stdout
            let document = try Self.json(sarif)
            #expect(document["version"] as? String == "2.1.0")
            let runs = try #require(document["runs"] as? [[String: Any]])
            #expect(runs.count == 1, "one run per file")
            let run = try #require(runs.first)
            let rules = ((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]] ?? []
            let ids = rules.compactMap { $0["id"] as? String }
            #expect(Set(ids).count == ids.count, "unique rule ids in \(sample)")
            for result in run["results"] as? [[String: Any]] ?? [] {
                let id = try #require(result["ruleId"] as? String)
                #expect(ids.firstIndex(of: id) == result["ruleIndex"] as? Int)
                let text = (result["message"] as? [String: Any])?["text"] as? String ?? ""
                #expect(!text.trimmingCharacters(in: .whitespaces).isEmpty)
                let physical = try #require(((result["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])
                let artifact = try #require(physical["artifactLocation"] as? [String: Any])
                let uri = try #require(artifact["uri"] as? String)
                #expect(!uri.hasPrefix("/") && !uri.contains("://") && artifact["uriBaseId"] as? String == "%SRCROOT%")
                let region = try #require(physical["region"] as? [String: Int])
                #expect(Set(region.keys) == ["startLine", "startColumn", "endLine", "endColumn"])
                #expect((region["startLine"] ?? 0) >= 1 && (region["startColumn"] ?? 0) >= 1)
                let fingerprints = try #require(result["partialFingerprints"] as? [String: String])
                #expect(fingerprints["rmqlint/v1"]?.count == 32)
            }
        }
    }

    @Test(.timeLimit(.minutes(5))) func sarifIsCappedAt25000ResultsWithAWarning() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rmqlint-big-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent(".git"), withIntermediateDirectories: true)
        var text = ""
        for index in 0..<26_000 { text += "frontend f\(index)\n    option tcpka\n" }
        try Self.write(text, to: directory.appendingPathComponent("haproxy.cfg"))

        let output = try CLI.run(["--format", "sarif", "--output", "out.sarif", "haproxy.cfg"], in: directory)
        #expect(output.status == 1)
        #expect(output.stderr == "rmqlint: warning: 1000 results exceed GitHub code scanning's limit of 25000 per run and were left out of the SARIF (the most severe are kept); use --format json for all of them\n")
        let file = directory.appendingPathComponent("out.sarif")
        let document = try Self.json(try String(contentsOf: file, encoding: .utf8))
        let run = try #require((document["runs"] as? [[String: Any]])?.first)
        #expect((run["results"] as? [Any])?.count == 25_000)
        // GitHub accepts at most 10 MB of gzip-compressed SARIF.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/gzip") || FileManager.default.isExecutableFile(atPath: "/bin/gzip") {
            let gzip = Process()
            gzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            gzip.arguments = ["gzip", "-c", file.path]
            let pipe = Pipe()
            gzip.standardOutput = pipe
            try gzip.run()
            let compressed = pipe.fileHandleForReading.readDataToEndOfFile()
            gzip.waitUntilExit()
            #expect(compressed.count < 10 * 1024 * 1024)
        }
    }

    // MARK: 7. Severity

    @Test func severityOverridesAgreeAcrossExitTextAndSARIF() throws {
        // RMQ004 is raised to warning and RMQ201 to error by the sample's .rmqlint.yml.
        let text = try CLI.run(["--fail-on", "warning", "Samples/gate-adoption"])
        #expect(text.status == 1)
        #expect(text.stdout.contains(": warning RMQ004 unused-suppression:"))
        #expect(text.stdout.hasSuffix("0 errors, 1 warning, 1 info in 6 files (2 suppressed, 1 baselined).\n"))
        #expect(try CLI.run(["--fail-on", "error", "Samples/gate-adoption"]).status == 0)

        let sarif = try Self.json(try CLI.run(["--format", "sarif", "Samples/gate-adoption"]).stdout)
        let run = try #require((sarif["runs"] as? [[String: Any]])?.first)
        let results = run["results"] as? [[String: Any]] ?? []
        #expect(results.first { $0["ruleId"] as? String == "RMQ004" }?["level"] as? String == "warning")
        #expect(results.first { $0["ruleId"] as? String == "RMQ201" }?["level"] as? String == "error")
        let rules = ((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]] ?? []
        let defaultLevel = (rules.first { $0["id"] as? String == "RMQ004" }?["defaultConfiguration"] as? [String: Any])?["level"] as? String
        #expect(defaultLevel == "note")
        let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
        let overrides = invocation["ruleConfigurationOverrides"] as? [[String: Any]] ?? []
        #expect(overrides.compactMap { ($0["descriptor"] as? [String: Any])?["id"] as? String } == ["RMQ004", "RMQ201"])
        #expect(overrides.compactMap { ($0["configuration"] as? [String: Any])?["level"] as? String } == ["warning", "error"])
        #expect(invocation["exitCode"] as? Int == 1)
    }

    // MARK: README

    /// The text between `<!-- name:begin -->` and `<!-- name:end -->` in README.md, inside its code fence.
    static func readmeBlock(_ name: String) throws -> String {
        let readme = try String(contentsOf: CLI.root.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = try #require(readme.range(of: "<!-- \(name):begin -->\n"))
        let end = try #require(readme.range(of: "<!-- \(name):end -->", range: begin.upperBound..<readme.endIndex))
        var lines = readme[begin.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first?.hasPrefix("```") == true)
        lines = Array(lines.dropFirst().prefix { !$0.hasPrefix("```") })
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func readmeConfigurationExampleIsValid() throws {
        let repository = try Self.repository(copying: "broken-amqp-proxy")
        defer { try? FileManager.default.removeItem(at: repository) }
        try Self.write(try Self.readmeBlock("rmqlint-config"), to: repository.appendingPathComponent(".rmqlint.yml"))
        try Self.write("{\"version\": 1, \"findings\": []}\n", to: repository.appendingPathComponent(".rmqlint-baseline.json"))
        let output = try CLI.run(["--format", "json"], in: repository)
        #expect(output.stderr.isEmpty, "\(output.stderr)")
        #expect([0, 1].contains(output.status))
        let document = try Self.json(output.stdout)
        #expect(document["release"] as? String == "2024.1")
        #expect(Self.list(document, "findings").contains { $0["ruleId"] as? String == "RMQ201" && $0["severity"] as? String == "error" })
    }

    @Test func readmeWorkflowUploadsTheSARIFItsGateWrites() throws {
        let workflow = try Self.readmeBlock("github-workflow")
        let loaded = YAMLLoader.load(workflow, path: "rmqlint.yml")
        #expect(loaded.diagnostics.isEmpty)
        let root = try #require(loaded.documents.first)
        #expect(root["permissions"]?["security-events"]?.scalar == "write")
        let steps = try #require(root["jobs"]?["rmqlint"]?["steps"]?.items)
        #expect(steps.first?["uses"]?.scalar == "actions/checkout@v6")
        let upload = try #require(steps.first { $0["uses"]?.scalar?.hasPrefix("github/codeql-action/upload-sarif@") == true })
        #expect(upload["uses"]?.scalar == "github/codeql-action/upload-sarif@v4")
        let sarifFile = try #require(upload["with"]?["sarif_file"]?.scalar)
        // The upload runs after a failing gate, and cannot fail the job (no code scanning).
        #expect(upload["if"]?.scalar?.contains("!cancelled()") == true)
        #expect(upload["continue-on-error"]?.ansibleBool == true)
        let commands = steps.compactMap { $0["run"]?.scalar }.filter { $0.hasPrefix("rmqlint ") }
        #expect(commands.count == 1)
        #expect(steps.compactMap { $0["run"]?.scalar }.contains { $0.hasPrefix("pipx install rmqlint==\(ToolInfo.version)") })

        // Run the workflow's rmqlint command at the root of a sample repository with a
        // baselined finding and a suppressed one.
        let repository = try Self.repository(copying: "broken-amqp-proxy")
        defer { try? FileManager.default.removeItem(at: repository) }
        #expect(try CLI.run(["--write-baseline", ".rmqlint-baseline.json", "--select", "RMQ202"], in: repository).status == 0)
        try Self.write("baseline: .rmqlint-baseline.json\n", to: repository.appendingPathComponent(".rmqlint.yml"))
        try Self.edit(repository.appendingPathComponent(Self.proxy)) {
            $0.replacingOccurrences(of: "    option tcpka\n", with: "    # rmqlint: disable=RMQ201 -- test\n    option tcpka\n")
        }
        let arguments = try #require(commands.first).split(separator: " ").dropFirst().map(String.init)
        let output = try CLI.run(arguments, in: repository)
        #expect(output.stderr.isEmpty)
        #expect(output.status == 1)   // the gate fails on this tree (RMQ203)
        #expect(output.stdout.hasPrefix("::error file=etc/kolla/config/haproxy/services.d/rabbitmq-legacy.cfg,"))
        let sarif = try String(contentsOf: repository.appendingPathComponent(sarifFile), encoding: .utf8)
        #expect(try CLI.validateSARIF(sarif) == nil)
        let results = try Self.sarifResults(sarif)
        #expect(!results.isEmpty)
        #expect(results.allSatisfy { $0["suppressions"] == nil && $0["baselineState"] as? String != "unchanged" })
    }

    @Test func hookDefinitionIsWhatTheREADMEPromises() throws {
        let text = try String(contentsOf: CLI.root.appendingPathComponent(".pre-commit-hooks.yaml"), encoding: .utf8)
        let hooks = try #require(YAMLLoader.load(text, path: ".pre-commit-hooks.yaml").documents.first?.items)
        #expect(hooks.map { $0["id"]?.scalar } == ["rmqlint", "rmqlint-from-source"])
        #expect(hooks.map { $0["language"]?.scalar } == ["python", "swift"])
        for hook in hooks {
            #expect(hook["entry"]?.scalar == "rmqlint")
            #expect(hook["require_serial"]?.ansibleBool == true)
            #expect(hook["pass_filenames"] == nil)   // pre-commit's default (true), as documented
        }
        let config = try Self.readmeBlock("pre-commit-config")
        #expect(config.contains("- id: rmqlint"))

        // `files` (pre-commit searches it, Python `re`; ICU reads this subset the same way).
        let files = try #require(hooks.first?["files"]?.scalar)
        #expect(hooks.last?["files"]?.scalar == files)
        let regex = try NSRegularExpression(pattern: files)
        func matches(_ path: String) -> Bool {
            regex.firstMatch(in: path, range: NSRange(path.startIndex..., in: path)) != nil
        }
        for path in [
            "etc/kolla/globals.yml", "etc/kolla/globals.d/rabbit.yml", "etc/kolla/multinode", "etc/kolla/config/nova.conf",
            "etc/kolla/config/haproxy/services.d/rabbitmq.cfg", "deploy/etc/kolla/config/rabbitmq/definitions.json",
            "etc/kayobe/kolla.yml", "etc/kayobe/openstack.yml", "etc/kayobe/inventory/hosts", "etc/kayobe/kolla/config/nova.conf",
            "environments/kolla/configuration.yml", "environments/kolla/files/overlays/nova.conf",
            "environments/manager/configuration.yml", "collected/ctl01/haproxy/haproxy.cfg", "ctl01/rabbitmq/rabbitmq.conf",
        ] {
            #expect(matches(path), "\(path)")
        }
        for path in ["app/config/settings.json", "config/nova.conf", "web/definitions.json", "etc/kolla/README.md",
                     "environments/manager/images.yml", "docs/kolla/notes.txt", "etc/kolla/config"] {
            #expect(!matches(path), "\(path)")
        }
    }

    // MARK: SARIF helpers

    static func sarifResults(_ text: String) throws -> [[String: Any]] {
        let document = try json(text)
        return ((document["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
    }
}
