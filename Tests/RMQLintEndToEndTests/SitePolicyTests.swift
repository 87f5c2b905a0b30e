import Foundation
import Testing

/// Site policies through the binary (docs/spec.md §11): they are rules like any other for `rules`,
/// `explain`, `--select`, suppressions, baselines, SARIF and GitHub output; a malformed one
/// stops the run with one located line; and the effective model is data other engines read.
@Suite("Site policies (CLI)")
struct SitePolicyTests {
    static let sample = CLI.root.appendingPathComponent("Samples/site-policies")

    /// A copy of the site-policies sample in a temporary directory (with a `.git`, so the
    /// configuration walk stops there), for runs that change files.
    static func copyOfSample() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rmqlint-site-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: sample, to: directory)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent(".git"), withIntermediateDirectories: true)
        return directory
    }

    @Test func rulesAndExplainListSitePolicies() throws {
        let rules = try CLI.run(["rules"], in: Self.sample)
        #expect(rules.status == 0)
        #expect(rules.stdout.contains("SITE001  compute-heartbeat-timeout"))
        #expect(rules.stdout.contains("RMQ204"))
        let explain = try CLI.run(["explain", "notification-ttl-floor"], in: Self.sample)
        #expect(explain.status == 0)
        #expect(explain.stdout.hasPrefix("# SITE004 notification-ttl-floor (warning)\n"))
        #expect(explain.stdout.contains("Site policy defined at policies/site.yml:"))
        #expect(explain.stdout.contains("https://wiki.example.org/cloud/rabbitmq#notification-retention"))
        // From the package root, the sample's configuration is not in effect.
        #expect(try CLI.run(["explain", "SITE004"]).status == 2)
    }

    @Test func selectIgnoreAndTheirValidation() throws {
        let selected = try CLI.run(["--format", "json", "--select", "SITE001", "Samples/site-policies"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(selected.stdout.utf8)) as? [String: Any])
        let findings = try #require(document["findings"] as? [[String: Any]])
        #expect(findings.compactMap { $0["ruleId"] as? String } == ["SITE001"])
        #expect(findings.first?["host"] as? String == "cmp01")
        // The sample's autoheal is also RMQ403's (a built-in warning on 3 nodes).
        #expect(try CLI.run(["--ignore", "SITE,RMQ403", "Samples/site-policies"]).status == 0)
        let unknown = try CLI.run(["--select", "SITE999", "Samples/site-policies"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown rule id, prefix or slug 'SITE999'"))
    }

    @Test func sarifTagsUserPoliciesAndGitHubAnnotatesThem() throws {
        let sarif = try CLI.run(["--format", "sarif", "Samples/site-policies"])
        #expect(try CLI.validateSARIF(sarif.stdout) == nil)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        // The built-in rules that fire on the sample too (RMQ109, RMQ403) are not tagged `user`.
        #expect(rules.compactMap { $0["id"] as? String } == ["RMQ109", "RMQ403", "SITE001", "SITE003", "SITE004", "SITE005"])
        for rule in rules {
            let tags = (rule["properties"] as? [String: Any])?["tags"] as? [String]
            #expect(tags?.contains("user") == (rule["id"] as? String)?.hasPrefix("SITE"))
        }
        #expect(rules.first { $0["id"] as? String == "SITE004" }?["helpUri"] as? String
                == "https://wiki.example.org/cloud/rabbitmq#notification-retention")
        let github = try CLI.run(["--format", "github", "Samples/site-policies"])
        #expect(github.stdout.contains(
            "::error file=Samples/site-policies/etc/kolla/config/nova/cmp01/nova.conf,line=6,col=31,endLine=6,endColumn=33,title=SITE001 compute-heartbeat-timeout::"))
    }

    @Test func inlineSuppressionSeverityOverrideAndBaseline() throws {
        let tree = try Self.copyOfSample()
        defer { try? FileManager.default.removeItem(at: tree) }
        let host = tree.appendingPathComponent("etc/kolla/config/nova/cmp01/nova.conf")
        let text = try String(contentsOf: host, encoding: .utf8)
        try text.replacingOccurrences(
            of: "heartbeat_timeout_threshold = 60",
            with: "# rmqlint: disable=compute-heartbeat-timeout -- cmp01 is being drained\nheartbeat_timeout_threshold = 60"
        ).write(to: host, atomically: true, encoding: .utf8)
        let config = tree.appendingPathComponent(".rmqlint.yml")
        try (try String(contentsOf: config, encoding: .utf8) + "severity:\n  SITE003: info\n  SITE004: info\n  SITE005: info\n  RMQ403: info\n")
            .write(to: config, atomically: true, encoding: .utf8)
        let suppressed = try CLI.run(["--format", "json", "."], in: tree)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(suppressed.stdout.utf8)) as? [String: Any])
        let findings = try #require(document["findings"] as? [[String: Any]])
        #expect(!findings.contains { $0["ruleId"] as? String == "SITE001" })
        #expect(findings.allSatisfy { $0["severity"] as? String == "info" })
        #expect(suppressed.status == 0)

        // A baseline records site-policy findings by fingerprint like any other.
        try text.write(to: host, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["."], in: tree).status == 1)
        #expect(try CLI.run(["--write-baseline", "baseline.json", "."], in: tree).status == 0)
        let baseline = try String(contentsOf: tree.appendingPathComponent("baseline.json"), encoding: .utf8)
        #expect(baseline.contains("SITE001"))
        #expect(try CLI.run(["--baseline", "baseline.json", "."], in: tree).status == 0)
    }

    @Test func malformedPolicyIsOneLocatedLineAndExitTwo() throws {
        let tree = try Self.copyOfSample()
        defer { try? FileManager.default.removeItem(at: tree) }
        let file = tree.appendingPathComponent("policies/site.yml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "      \">=\": 1h", with: "      \"at least\": 1h").write(to: file, atomically: true, encoding: .utf8)
        for arguments in [["."], ["effective", "."], ["rules"]] {
            let output = try CLI.run(arguments, in: tree)
            #expect(output.status == 2, "\(arguments)")
            #expect(output.stdout.isEmpty)
            #expect(output.stderr == "policies/site.yml:35:7: error: unknown operator 'at least' in 'require' "
                    + "(operators: equals, not_equals, one_of, matches, present, absent, >=, >, <=, <)\n", "\(arguments)")
        }
    }

    // MARK: The model as data

    static let schema = CLI.root.appendingPathComponent("docs/effective.schema.json")

    /// Validates a document against docs/effective.schema.json with Python's jsonschema.
    static func validateEffective(_ text: String) throws -> String? {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rmqlint-\(UUID().uuidString).json")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try python(
            "import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))",
            [file.path, schema.path])
    }

    /// Runs `python3 -c script args…`; `nil` on success, else its standard error.
    static func python(_ script: String, _ arguments: [String]) throws -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? nil : String(decoding: errData, as: UTF8.self)
    }

    @Test("effective --format json validates against docs/effective.schema.json", arguments: CLI.samples)
    func effectiveJSONValidates(sample: String) throws {
        let output = try CLI.run(["effective", "--format", "json", "Samples/\(sample)"])
        #expect(output.status == 0)
        let problem = try Self.validateEffective(output.stdout)
        #expect(problem == nil, "\(problem ?? "")")
    }

    @Test func theSchemaRejectsWhatItDoesNotDescribe() throws {
        let output = try CLI.run(["effective", "--format", "json", "Samples/site-policies"])
        #expect(output.stdout.contains("\"schemaVersion\": 1,"))
        #expect(try Self.validateEffective(output.stdout.replacingOccurrences(of: "\"schemaVersion\": 1,", with: "")) != nil)
        #expect(try Self.validateEffective(output.stdout.replacingOccurrences(of: "\"kind\": \"file\"", with: "\"kind\": \"guess\"")) != nil)
    }

    /// Whether a Rego engine can be imported (`.ci/run` installs hobofan-regorus, Python
    /// bindings of microsoft/regorus); when not, the test below is reported as skipped.
    static let regoAvailable = (try? python("import hobofan_regorus", [])) == .some(nil)

    @Test("The README's Rego policy runs over the effective JSON (regorus)",
          .enabled(if: regoAvailable, "no Rego engine: pip install hobofan-regorus"))
    func regoPolicyOverTheEffectiveModel() throws {
        let effective = try CLI.run(["effective", "--format", "json", "Samples/site-policies"])
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("rmqlint-\(UUID().uuidString).json")
        let result = FileManager.default.temporaryDirectory.appendingPathComponent("rmqlint-\(UUID().uuidString).out")
        try effective.stdout.write(to: input, atomically: true, encoding: .utf8)
        defer {
            try? FileManager.default.removeItem(at: input)
            try? FileManager.default.removeItem(at: result)
        }
        let problem = try Self.python("""
            import json, sys, hobofan_regorus
            engine = hobofan_regorus.Engine()
            engine.add_policy_from_file(sys.argv[1])
            engine.set_input_json(open(sys.argv[2]).read())
            open(sys.argv[3], "w").write(json.dumps(json.loads(engine.eval_rule_as_json("data.rmqlint.site.deny"))))
            """, [CLI.root.appendingPathComponent("docs/examples/compute-heartbeat.rego").path, input.path, result.path])
        #expect(problem == nil, "\(problem ?? "")")
        let denied = try String(contentsOf: result, encoding: .utf8)
        #expect(denied == "[\"Samples/site-policies/etc/kolla/config/nova/cmp01/nova.conf:6: nova-compute on cmp01 waits only 60 s for AMQP heartbeats\"]")
    }

    @Test func theReadmeShowsTheTestedRegoPolicy() throws {
        let readme = try String(contentsOf: CLI.root.appendingPathComponent("README.md"), encoding: .utf8)
        let policy = try String(contentsOf: CLI.root.appendingPathComponent("docs/examples/compute-heartbeat.rego"), encoding: .utf8)
        #expect(readme.contains("```rego\n" + policy + "```\n"))
    }
}
