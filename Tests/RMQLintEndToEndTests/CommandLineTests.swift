import Foundation
import RMQLintCore
import RMQLintRules
import Testing

/// Exit statuses, error messages and the non-lint commands (docs/spec.md §6).
@Suite("Command line")
struct CommandLineTests {
    @Test func unknownFlagIsUsageErrorWithOneLine() throws {
        let output = try CLI.run(["--no-such-flag", "Samples/healthy-kolla"])
        #expect(output.status == 2)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.hasPrefix("rmqlint: error: "))
        #expect(output.stderr.split(separator: "\n").count == 1)
    }

    /// A command line of paths only skips the argument parser (`Main.pathsOnly`): it must
    /// give exactly what the parsed default command gives (`lint` forces the parser), on a
    /// tree, a file named inside a tree, several paths and a missing path.
    @Test func pathsOnlyCommandLineMatchesTheParsedOne() throws {
        let cases: [[String]] = [
            ["Samples/broken-amqp-proxy"],
            ["Samples/healthy-kolla/etc/kolla/globals.yml"],
            ["Samples/broken-heartbeats", "Samples/collected-configs"],
            ["Samples/does-not-exist"],
        ]
        for paths in cases {
            let fast = try CLI.run(paths)
            let parsed = try CLI.run(["lint"] + paths)
            #expect(fast.status == parsed.status, "\(paths)")
            #expect(fast.stdout == parsed.stdout, "\(paths)")
            #expect(fast.stderr == parsed.stderr, "\(paths)")
            #expect(!fast.stdout.isEmpty || !fast.stderr.isEmpty, "\(paths)")
        }
    }

    @Test func missingPathIsUsageError() throws {
        let output = try CLI.run(["Samples/does-not-exist"])
        #expect(output.status == 2)
        #expect(output.stderr == "rmqlint: error: Samples/does-not-exist: no such file or directory\n")
    }

    @Test func unknownRuleInSelectIsUsageError() throws {
        let output = try CLI.run(["--select", "RMQ999", "Samples/healthy-kolla"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("RMQ999"))
    }

    @Test func failOnControlsTheExitStatus() throws {
        #expect(try CLI.run(["--fail-on", "never", "Samples/broken-amqp-proxy"]).status == 0)
        #expect(try CLI.run(["--fail-on", "error", "Samples/broken-amqp-proxy"]).status == 1)
        // broken-amqp-proxy has errors (RMQ203); without them only warnings remain.
        #expect(try CLI.run(["--fail-on", "error", "--ignore", "RMQ203", "Samples/broken-amqp-proxy"]).status == 0)
        #expect(try CLI.run(["--fail-on", "warning", "--ignore", "RMQ203", "Samples/broken-amqp-proxy"]).status == 1)
    }

    @Test func malformedFilesGiveRMQ001AndExitOne() throws {
        let output = try CLI.run(["--select", "RMQ001", "Samples/broken-parse"])
        #expect(output.status == 1)
        let lines = output.stdout.split(separator: "\n").filter { $0.contains("RMQ001") }
        #expect(lines.count == 5)   // YAML, INI, HAProxy, binary, Erlang terms
        for line in lines {
            // path:line:col: error RMQ001 parse-error: …
            let parts = line.split(separator: ":", maxSplits: 3)
            #expect(parts.count == 4 && Int(parts[1]) != nil && Int(parts[2]) != nil, "\(line)")
        }
    }

    @Test func selectKeepsOnlyThoseRules() throws {
        let output = try CLI.run(["--format", "json", "--select", "RMQ2", "--ignore", "RMQ203", "Samples/broken-amqp-proxy"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let ids = Set((document["findings"] as? [[String: Any]] ?? []).compactMap { $0["ruleId"] as? String })
        #expect(ids == ["RMQ201", "RMQ202"])
    }

    @Test func outputFileReceivesTheReport() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rmqlint-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let output = try CLI.run(["--format", "json", "--output", file.path, "Samples/broken-amqp-proxy"])
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        let written = try String(contentsOf: file, encoding: .utf8)
        let direct = try CLI.run(["--format", "json", "Samples/broken-amqp-proxy"]).stdout
        #expect(written == direct)
    }

    @Test func explicitFileReportsOnlyThatFileButUsesItsTree() throws {
        let path = "Samples/broken-amqp-proxy/etc/kolla/config/haproxy/services.d/rabbitmq.cfg"
        let output = try CLI.run(["--format", "json", path])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let findings = try #require(document["findings"] as? [[String: Any]])
        #expect(!findings.isEmpty)
        #expect(findings.allSatisfy { ($0["path"] as? String) == path })
        // The tree's nova.conf (120 s threshold) still counts: a 60 s server timeout is too short.
        #expect(findings.contains { ($0["ruleId"] as? String) == "RMQ203" && ($0["line"] as? Int) == 12 })
    }

    @Test func rulesListsTheCatalogue() throws {
        let output = try CLI.run(["rules"])
        #expect(output.status == 0)
        for id in ["RMQ001", "RMQ201", "RMQ202", "RMQ203"] {
            #expect(output.stdout.contains(id))
        }
    }

    @Test func explainPrintsTheRulePage() throws {
        let byID = try CLI.run(["explain", "RMQ201"])
        let bySlug = try CLI.run(["explain", "tcpka-not-split"])
        #expect(byID.status == 0)
        #expect(byID.stdout == bySlug.stdout)
        #expect(byID.stdout.hasPrefix("# RMQ201 tcpka-not-split (warning)"))
        let unknown = try CLI.run(["explain", "RMQ999"])
        #expect(unknown.status == 2)
    }

    @Test func secretsNeverAppearInAnyFormat() throws {
        // broken-parse/config/nova.conf puts a password in a transport_url;
        // healthy-kolla/passwords.yml holds others.
        for format in ["text", "json", "sarif", "github"] {
            for sample in ["broken-parse", "healthy-kolla", "collected-configs"] {
                let output = try CLI.run(["--format", format, "Samples/\(sample)"])
                for secret in ["Pw9xYz", "Zx9vQ2mLr7TqW4pE", "Kx82Ld0q"] {
                    #expect(!output.stdout.contains(secret), "\(secret) leaked in \(format) for \(sample)")
                    #expect(!output.stderr.contains(secret))
                }
            }
        }
    }

    /// The README's catalogue and docs/rules/ are generated from the rules
    /// (`scripts/update-generated.sh`); this keeps them from drifting.
    @Test func readmeCatalogueAndRuleDocsMatchTheRegistry() throws {
        let readme = try String(contentsOf: CLI.root.appendingPathComponent("README.md"), encoding: .utf8)
        let table = RuleCatalog.markdownTable(RuleRegistry.all.map { $0.description })
        #expect(readme.contains(table), "README.md's rule table is stale: run scripts/update-generated.sh")
        for rule in RuleRegistry.all.map({ $0.description }) {
            let page = CLI.root.appendingPathComponent("docs/rules/\(rule.id).md")
            let written = try? String(contentsOf: page, encoding: .utf8)
            #expect(written == RuleCatalog.explain(rule), "docs/rules/\(rule.id).md is stale: run scripts/update-generated.sh")
        }
    }

    @Test func effectiveHonoursTheConfigurationAndValidatesTheRelease() throws {
        let output = try CLI.run(["effective", "--service", "nova-metadata", "Samples/gate-adoption"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("  release: 2025.1 — from .rmqlint.yml\n"))
        #expect(output.stdout.contains("Service nova-metadata (every host):"))
        let overridden = try CLI.run(["effective", "--release", "2024.1", "Samples/gate-adoption"])
        #expect(overridden.stdout.contains("  release: 2024.1 — from --release\n"))
        let bad = try CLI.run(["effective", "--release", "bogus", "Samples/healthy-kolla"])
        #expect(bad.status == 2)
        #expect(bad.stdout.isEmpty)
        #expect(bad.stderr.hasPrefix("rmqlint: error: unknown release 'bogus'"))
    }
}
