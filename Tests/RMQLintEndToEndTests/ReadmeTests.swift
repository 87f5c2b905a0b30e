import Foundation
import Testing

/// Every code block of README.md is named (`<!-- name:begin -->` right above its fence)
/// and exercised: here, or by the test named in `exercisedElsewhere`. A new block without a
/// name, or with a name nobody exercises, fails `everyCodeBlockIsNamedAndExercised`.
@Suite("README")
struct ReadmeTests {
    /// Blocks exercised by other tests (or scripts run by an opt-in test).
    static let exercisedElsewhere: [String: String] = [
        "rmqlint-config": "GateTests.readmeConfigurationExampleIsValid",
        "github-workflow": "GateTests.readmeWorkflowUploadsTheSARIFItsGateWrites",
        "pre-commit-config": "PreCommitTests (RMQLINT_PRECOMMIT_TEST=1), GateTests.hookDefinitionIsWhatTheREADMEPromises",
        "install-archive": "scripts/check-release.sh, run by ReleaseTests (RMQLINT_RELEASE_TEST=1)",
        "install-pip": "scripts/check-release.sh, run by ReleaseTests (RMQLINT_RELEASE_TEST=1)",
        "rego-commands": "SitePolicyTests.regoPolicyOverTheEffectiveModel (the same query, through regorus' Python bindings)",
        "rego-policy": "SitePolicyTests.theReadmeShowsTheTestedRegoPolicy",
        "diff-example": "FixTests.readmeDiff",
        "install-source": "scripts/check-release.sh (install line), build-release.sh (ReleaseTests); swift build -c release is the from-source hook's build (PreCommitTests)",
    ]
    /// Blocks exercised in this suite.
    static let exercisedHere: Set<String> = [
        "quickstart", "completions", "usage", "effective-example", "output-example", "suppression-example",
        "baseline-commands", "development", "site-policy-example", "site-policy-output",
    ]

    static var readme: String {
        get throws { try String(contentsOf: CLI.root.appendingPathComponent("README.md"), encoding: .utf8) }
    }

    @Test func everyCodeBlockIsNamedAndExercised() throws {
        let lines = try Self.readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var names: [String] = []
        var inside = false
        for (index, line) in lines.enumerated() where line.hasPrefix("```") {
            defer { inside.toggle() }
            if inside { continue }
            let marker = index > 0 ? lines[index - 1] : ""
            let name = marker.hasPrefix("<!-- ") && marker.hasSuffix(":begin -->")
                ? String(marker.dropFirst(5).dropLast(10)) : nil
            #expect(name != nil, "README.md line \(index + 1): code block without a <!-- name:begin --> marker")
            if let name { names.append(name) }
        }
        #expect(!inside, "README.md has an unclosed code fence")
        #expect(Set(names).count == names.count, "duplicate block names: \(names)")
        let known = Self.exercisedHere.union(Self.exercisedElsewhere.keys)
        #expect(Set(names) == known, "named but not exercised: \(Set(names).subtracting(known)); gone: \(known.subtracting(names))")
    }

    /// The first command is what `swift run` runs (the binary, on a sample); the second is
    /// the test command `.ci/run` runs.
    @Test func quickstart() throws {
        let block = try GateTests.readmeBlock("quickstart")
        let commands = block.split(separator: "\n").map { $0.split(separator: "#").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }
        #expect(commands == ["swift run rmqlint Samples/broken-amqp-proxy", "swift test"])
        let run = try CLI.run(["Samples/broken-amqp-proxy"])
        let expected = try String(contentsOf: CLI.root.appendingPathComponent("Samples/broken-amqp-proxy/expected.txt"), encoding: .utf8)
        #expect(run.status == 1 && run.stdout == expected)
        let ci = try String(contentsOf: CLI.root.appendingPathComponent(".ci/run"), encoding: .utf8)
        #expect(ci.split(separator: "\n").contains("swift test"))
    }

    @Test func completions() throws {
        let block = try GateTests.readmeBlock("completions")
        let files = ["bash": "rmqlint.bash", "zsh": "_rmqlint", "fish": "rmqlint.fish"]
        var shells: [String] = []
        for line in block.split(separator: "\n") where line.hasPrefix("rmqlint --generate-completion-script ") {
            let shell = String(line.split(separator: " ")[2])
            shells.append(shell)
            let output = try CLI.run(["--generate-completion-script", shell])
            let committed = try String(contentsOf: CLI.root.appendingPathComponent("docs/completions/\(try #require(files[shell]))"), encoding: .utf8)
            #expect(output.status == 0 && output.stdout == committed)
        }
        #expect(shells == ["bash", "zsh", "fish"])
        #expect(block.contains("man ./docs/man/rmqlint.1"))
        #expect(FileManager.default.fileExists(atPath: CLI.root.appendingPathComponent("docs/man/rmqlint.1").path))
    }

    /// The synopsis names every long option `--help` lists, and only those.
    @Test func usageNamesEveryOption() throws {
        let block = try GateTests.readmeBlock("usage")
        func options(_ text: String) -> Set<String> {
            Set(text.split(whereSeparator: { " \n,|[]()=".contains($0) })
                .filter { $0.hasPrefix("--") && $0.count > 2 }
                .map { String($0.prefix { $0.isLetter || $0.isNumber || $0 == "-" }) })
        }
        var fromHelp: Set<String> = ["--version", "--help", "--generate-completion-script"]
        for command in ["lint", "rules", "explain", "effective"] {
            fromHelp.formUnion(options(try CLI.run([command, "--help"]).stdout))
        }
        #expect(options(block) == fromHelp)
    }

    /// Example output blocks: the command is run, and every line shown (up to a `…`) is in its output.
    @Test("example output", arguments: ["effective-example", "output-example"])
    func exampleOutput(name: String) throws {
        let block = try GateTests.readmeBlock(name)
        let lines = block.split(separator: "\n").map(String.init)
        let command = try #require(lines.first?.hasPrefix("$ rmqlint ") == true ? lines.first : nil)
        let output = try CLI.run(command.split(separator: " ").dropFirst(2).map(String.init))
        #expect(output.stderr.isEmpty)
        var shown = 0
        for line in lines.dropFirst() where line != "…" {
            let parts = line.components(separatedBy: "…")
            // A line elided in the middle: its start and its end are in one output line.
            let found = output.stdout.split(separator: "\n").contains { candidate in
                candidate.hasPrefix(parts[0]) && (parts.count == 1 || candidate.hasSuffix(parts[parts.count - 1]))
                    || (parts.count == 1 && candidate == line)
            }
            #expect(found, "\(name): not in the output: \(line)")
            shown += 1
        }
        #expect(shown > 0)
    }

    /// The site policy shown, used as the `.rmqlint.yml` of the site-policies Sample, gives
    /// the finding shown below it.
    @Test func sitePolicyExample() throws {
        let repository = try GateTests.repository(copying: "site-policies")
        defer { try? FileManager.default.removeItem(at: repository) }
        try GateTests.write(try GateTests.readmeBlock("site-policy-example"), to: repository.appendingPathComponent(".rmqlint.yml"))
        let output = try CLI.run(["--select", "SITE001", "."], in: repository)
        #expect(output.status == 1, "\(output.stderr)")
        for line in try GateTests.readmeBlock("site-policy-output").split(separator: "\n") {
            #expect(output.stdout.contains(line + "\n"), "not in the output: \(line)\n\(output.stdout)")
        }
    }

    @Test func suppressionExample() throws {
        let block = try GateTests.readmeBlock("suppression-example")
        let repository = try GateTests.repository(copying: "broken-amqp-proxy")
        defer { try? FileManager.default.removeItem(at: repository) }
        try GateTests.edit(repository.appendingPathComponent(GateTests.proxy)) {
            $0.replacingOccurrences(of: "    option tcpka\n", with: block.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n")
        }
        let output = try CLI.run(["--format", "json", "--select", "RMQ201"], in: repository)
        let document = try GateTests.json(output.stdout)
        #expect(GateTests.list(document, "findings").isEmpty)
        let suppressed = GateTests.list(document, "suppressed")
        #expect(suppressed.count == 1)
        #expect((suppressed.first?["suppression"] as? [String: Any])?["justification"] as? String
                == "legacy clients need tcpka on both sides until 2025.1")
        #expect(output.status == 0)
    }

    /// The baseline walk-through, command by command, in a repository holding a broken tree.
    @Test func baselineCommands() throws {
        let block = try GateTests.readmeBlock("baseline-commands")
        let repository = try GateTests.repository(copying: "broken-amqp-proxy")
        defer { try? FileManager.default.removeItem(at: repository) }
        let commands = block.split(separator: "\n").map { String($0.split(separator: "#").first ?? "").trimmingCharacters(in: .whitespaces) }
        #expect(commands.count == 5 && commands[1].hasPrefix("git add "))
        #expect(try CLI.run([], in: repository).status == 1)   // the tree has findings
        var statuses: [Int32] = []
        for command in commands where command.hasPrefix("rmqlint") {
            let output = try CLI.run(command.split(separator: " ").dropFirst().map(String.init), in: repository)
            #expect(output.stderr.isEmpty, "\(command): \(output.stderr)")
            statuses.append(output.status)
            if command == commands[0] {
                // `baseline:` in .rmqlint.yml, as the comment on the `git add` line says.
                try GateTests.write("baseline: .rmqlint-baseline.json\n", to: repository.appendingPathComponent(".rmqlint.yml"))
            }
        }
        #expect(statuses == [0, 0, 0, 0])
        // The recorded findings are baselined, not gone.
        let report = try GateTests.json(try CLI.run(["--format", "json"], in: repository).stdout)
        #expect(GateTests.list(report, "findings").isEmpty && !GateTests.list(report, "baselined").isEmpty)
    }

    /// The development commands name scripts, suites and tests that exist.
    @Test func developmentCommands() throws {
        let block = try GateTests.readmeBlock("development")
        #expect(block.contains("python3 -m pip install jsonschema"))
        for script in ["scripts/update-generated.sh", "scripts/build-release.sh", "scripts/check-release.sh"] {
            #expect(FileManager.default.isExecutableFile(atPath: CLI.root.appendingPathComponent(script).path), "\(script)")
        }
        #expect(block.contains("scripts/update-generated.sh"))
        let sources = try FileManager.default.contentsOfDirectory(
            at: CLI.root.appendingPathComponent("Tests/RMQLintEndToEndTests"), includingPropertiesForKeys: nil)
            .map { try String(contentsOf: $0, encoding: .utf8) }.joined()
        for filter in ["Samples", "Release", "PreCommit"] {
            #expect(block.contains("--filter \(filter)"))
        }
        #expect(sources.contains("@Suite(\"Samples\")") && sources.contains("struct ReleaseTests") && sources.contains("struct PreCommitTests"))
        for variable in ["RMQLINT_RELEASE_TEST", "RMQLINT_PRECOMMIT_TEST"] {
            #expect(block.contains("\(variable)=1") && sources.contains("\"\(variable)\""))
        }
    }
}
