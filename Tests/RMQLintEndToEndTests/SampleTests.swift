import Foundation
import Testing

/// Every Sample tree produces exactly its checked-in output, in text and JSON, and
/// SARIF that validates; run through the built binary from the package root.
/// Regenerate the expected files with `scripts/update-samples.sh` and review the diff.
@Suite("Samples")
struct SampleTests {
    @Test func thereAreSamples() {
        #expect(CLI.samples.count >= 4)
    }

    @Test("Text output matches expected.txt", arguments: CLI.samples)
    func textOutput(sample: String) throws {
        let expected = try String(contentsOf: CLI.root.appendingPathComponent("Samples/\(sample)/expected.txt"), encoding: .utf8)
        let output = try CLI.run(["--format", "text", "Samples/\(sample)"])
        #expect(output.stdout == expected)
        #expect(output.stderr.isEmpty)
    }

    @Test("JSON output matches expected.json and is stable", arguments: CLI.samples)
    func jsonOutput(sample: String) throws {
        let expected = try String(contentsOf: CLI.root.appendingPathComponent("Samples/\(sample)/expected.json"), encoding: .utf8)
        let first = try CLI.run(["--format", "json", "Samples/\(sample)"])
        let second = try CLI.run(["--format", "json", "Samples/\(sample)"])
        #expect(first.stdout == expected)
        #expect(first.stdout == second.stdout, "JSON differs between two runs")
        let parsed = try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any]
        #expect(parsed?["findings"] is [Any])
    }

    @Test("SARIF validates against the 2.1.0 schema", arguments: CLI.samples)
    func sarifValidates(sample: String) throws {
        let output = try CLI.run(["--format", "sarif", "Samples/\(sample)"])
        #expect(output.status == 0 || output.status == 1)
        let problem = try CLI.validateSARIF(output.stdout)
        #expect(problem == nil, "\(problem ?? "")")
    }

    /// `docs/report.schema.json` describes what `--format json` writes, for every sample.
    @Test("JSON output validates against docs/report.schema.json", arguments: CLI.samples)
    func jsonValidates(sample: String) throws {
        let output = try CLI.run(["--format", "json", "Samples/\(sample)"])
        let problem = try CLI.validateJSON(output.stdout, schema: CLI.root.appendingPathComponent("docs/report.schema.json"))
        #expect(problem == nil, "\(problem ?? "")")
    }

    /// The schema is strict enough to reject a document of another layout.
    @Test func jsonSchemaRejectsOtherLayouts() throws {
        let schema = CLI.root.appendingPathComponent("docs/report.schema.json")
        let output = try CLI.run(["--format", "json", "Samples/broken-amqp-proxy"])
        #expect(try CLI.validateJSON(output.stdout, schema: schema) == nil)
        for (from, to) in [("\"schemaVersion\": 1", "\"schemaVersion\": 2"),
                           ("\"severity\": \"error\"", "\"severity\": \"fatal\""),
                           ("\"line\": 5,", "\"line\": \"5\",")] {
            let changed = output.stdout.replacingOccurrences(of: from, with: to)
            #expect(changed != output.stdout)
            #expect(try CLI.validateJSON(changed, schema: schema) != nil, "accepted \(to)")
        }
    }

    @Test("Healthy samples have nothing above info", arguments: CLI.samples.filter { $0.contains("healthy") })
    func healthySampleHasNothingAboveInfo(sample: String) throws {
        let output = try CLI.run(["--format", "json", "Samples/\(sample)"])
        #expect(output.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let findings = try #require(document["findings"] as? [[String: Any]])
        #expect(findings.allSatisfy { ($0["severity"] as? String) == "info" })
    }

    /// Samples with an `effective.args` file pin `rmqlint effective <args> Samples/<name>`
    /// in `effective.txt`: the values and provenance an operator would find on the hosts.
    static var samplesWithEffectiveOutput: [String] {
        CLI.samples.filter {
            FileManager.default.fileExists(atPath: CLI.root.appendingPathComponent("Samples/\($0)/effective.args").path)
        }
    }

    @Test("effective output matches effective.txt", arguments: samplesWithEffectiveOutput)
    func effectiveOutput(sample: String) throws {
        let directory = CLI.root.appendingPathComponent("Samples/\(sample)")
        let arguments = try String(contentsOf: directory.appendingPathComponent("effective.args"), encoding: .utf8)
            .split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        let expected = try String(contentsOf: directory.appendingPathComponent("effective.txt"), encoding: .utf8)
        let output = try CLI.run(["effective"] + arguments + ["Samples/\(sample)"])
        #expect(output.status == 0)
        #expect(output.stdout == expected)
        #expect(output.stderr.isEmpty)
        let json = try CLI.run(["effective", "--format", "json"] + arguments + ["Samples/\(sample)"])
        #expect(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) is [String: Any])
    }

    @Test func mostSamplesPinTheirEffectiveModel() {
        #expect(Self.samplesWithEffectiveOutput.count >= 3)
    }

    @Test func brokenSamplesFail() throws {
        for sample in CLI.samples where sample.hasPrefix("broken") || sample == "collected-configs" {
            let output = try CLI.run(["Samples/\(sample)"])
            #expect(output.status == 1, "\(sample) should exit 1")
        }
    }
}
