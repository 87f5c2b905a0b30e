import Testing
import RMQLintCore

/// `.rmqlint.yml`: discovery by walking up, every key and its type, errors located at
/// the key or value (never silently ignored), and command-line precedence.
@Suite("Configuration")
struct ConfigurationTests {
    static let rules = [
        RuleDescription(id: "RMQ001", slug: "parse-error", severity: .error, summary: "s", whatItDoes: "w", whyItMatters: "y", fix: "f"),
        RuleDescription(id: "RMQ201", slug: "tcpka-not-split", severity: .warning, summary: "s", whatItDoes: "w", whyItMatters: "y", fix: "f"),
        RuleDescription(id: "RMQ202", slug: "amqp-proxy-without-keepalive", severity: .warning, summary: "s", whatItDoes: "w", whyItMatters: "y", fix: "f"),
        RuleDescription(id: "RMQ501", slug: "override-never-read", severity: .warning, summary: "s", whatItDoes: "w", whyItMatters: "y", fix: "f"),
    ]

    private func fileSystem(_ config: String) -> InMemoryFileSystem {
        var fs = InMemoryFileSystem(currentDirectory: "/repo")
        fs.addDirectory("/repo/.git")
        fs.addFile("/repo/.rmqlint.yml", contents: config)
        fs.addFile("/repo/etc/kolla/multinode", contents: "[rabbitmq]\nctl01\n")
        return fs
    }

    private func parse(_ text: String) -> Result<Configuration, ConfigurationError> {
        ConfigurationLoader.load(".rmqlint.yml", fileSystem: fileSystem(text), rules: Self.rules)
    }

    private func error(_ text: String) throws -> ConfigurationError {
        switch parse(text) {
        case .success: throw ConfigurationFailure.unexpectedSuccess
        case .failure(let error): return error
        }
    }

    enum ConfigurationFailure: Error { case unexpectedSuccess }

    // MARK: Keys

    @Test func everyKeyIsRead() throws {
        let configuration = try parse("""
            # rmqlint settings
            release: 2024.1
            rabbitmq_version: "3.13"
            inventory: etc/kolla/multinode
            select: [RMQ2, rmq501]
            ignore: RMQ202
            severity:
              RMQ201: error
              override-never-read: info
            fail_on: never
            exclude:
              - "etc/kolla/config/legacy/**"
              - "*.j2"
            per_file_ignores:
              "etc/kolla/config/haproxy/services.d/legacy-*.cfg": [RMQ202]
              "**/definitions.json": RMQ5, RMQ0
            baseline: .rmqlint-baseline.json
            """).get()
        #expect(configuration.path == ".rmqlint.yml")
        #expect(configuration.directory == "/repo")
        #expect(configuration.release?.value == "2024.1")
        #expect(configuration.release?.location == RMQLintCore.SourceLocation(path: ".rmqlint.yml", line: 2, column: 10, length: 6))
        #expect(configuration.rabbitmqVersion?.value == "3.13")
        #expect(configuration.inventory == "/repo/etc/kolla/multinode")
        #expect(configuration.select == ["RMQ2", "RMQ501"])
        #expect(configuration.ignore == ["RMQ202"])
        #expect(configuration.severity == ["RMQ201": .error, "RMQ501": .info])
        #expect(configuration.failOn == .never)
        #expect(configuration.exclude.map(\.text) == ["etc/kolla/config/legacy/**", "*.j2"])
        #expect(configuration.perFileIgnores.map(\.pattern.text) == ["etc/kolla/config/haproxy/services.d/legacy-*.cfg", "**/definitions.json"])
        #expect(configuration.perFileIgnores.map(\.rules) == [["RMQ202"], ["RMQ5", "RMQ0"]])
        #expect(configuration.baseline == "/repo/.rmqlint-baseline.json")
    }

    /// Slugs work wherever ids do, as in `rmqlint explain` and inline suppressions.
    @Test func slugsNameRulesInEveryRuleList() throws {
        let configuration = try parse("""
            select: [tcpka-not-split, RMQ5]
            ignore: [Amqp-Proxy-Without-Keepalive]
            per_file_ignores:
              "*.cfg": [override-never-read, rmq2]
            """).get()
        #expect(configuration.select == ["RMQ201", "RMQ5"])
        #expect(configuration.ignore == ["RMQ202"])
        #expect(configuration.perFileIgnores.map(\.rules) == [["RMQ501", "RMQ2"]])
        #expect(try error("select: [tcpka-not-splitt]\n").description
            == ".rmqlint.yml:1:10: error: unknown rule id, prefix or slug 'tcpka-not-splitt' in 'select' (see 'rmqlint rules')")
    }

    @Test func emptyFileAndEmptyListsAreNoSettings() throws {
        let empty = try parse("# nothing yet\n").get()
        #expect(empty.select == nil && empty.release == nil && empty.exclude.isEmpty && empty.severity.isEmpty)
        let lists = try parse("select:\nexclude:\nper_file_ignores:\nseverity:\n").get()
        #expect(lists.select == [] && lists.exclude.isEmpty && lists.perFileIgnores.isEmpty)
    }

    // MARK: Errors: exit status 2, one located line

    @Test func unknownKeyNamesFileLineAndKey() throws {
        let error = try error("release: \"2024.1\"\nselct: [RMQ2]\n")
        #expect(error.location == RMQLintCore.SourceLocation(path: ".rmqlint.yml", line: 2, column: 1, length: 5))
        #expect(error.description == ".rmqlint.yml:2:1: error: unknown key 'selct' (known keys: release, rabbitmq_version, inventory, select, ignore, severity, fail_on, exclude, per_file_ignores, baseline, policies, policy_files)")
    }

    @Test func wrongTypesAreErrors() throws {
        #expect(try error("select:\n  RMQ2: yes\n").description
            == ".rmqlint.yml:2:3: error: 'select' must be a list of strings, found a mapping")
        #expect(try error("exclude: [[a]]\n").description
            == ".rmqlint.yml:1:11: error: 'exclude' must be a list of strings, found a list in it")
        #expect(try error("release: [2024.1]\n").description
            == ".rmqlint.yml:1:10: error: 'release' must be a string, found a list")
        #expect(try error("release:\n").description.hasPrefix(".rmqlint.yml:1:9: error: 'release' must be a string, found nothing"))
        #expect(try error("severity: [RMQ201]\n").description
            == ".rmqlint.yml:1:11: error: 'severity' must map rule ids to error, warning or info, found a list")
        #expect(try error("severity:\n  RMQ201: fatal\n").description
            == ".rmqlint.yml:2:11: error: severity of RMQ201 must be error, warning or info, found 'fatal'")
        #expect(try error("fail_on: no\n").description
            == ".rmqlint.yml:1:10: error: 'fail_on' must be error, warning, info or never, found 'no'")
        #expect(try error("per_file_ignores: [a]\n").description
            == ".rmqlint.yml:1:19: error: 'per_file_ignores' must map globs to lists of rule ids, found a list")
        #expect(try error("- release\n").description.hasPrefix(".rmqlint.yml:1:1: error: expected a mapping of settings"))
    }

    @Test func unknownRuleIdsAreErrorsWhereverTheyAppear() throws {
        #expect(try error("select: [RMQ2, RMQ999]\n").description
            == ".rmqlint.yml:1:16: error: unknown rule id, prefix or slug 'RMQ999' in 'select' (see 'rmqlint rules')")
        #expect(try error("ignore: RMQ9\n").description
            == ".rmqlint.yml:1:9: error: unknown rule id, prefix or slug 'RMQ9' in 'ignore' (see 'rmqlint rules')")
        #expect(try error("severity:\n  RMQ299: error\n").description
            == ".rmqlint.yml:2:3: error: unknown rule id 'RMQ299' in 'severity' (see 'rmqlint rules')")
        #expect(try error("per_file_ignores:\n  \"*.json\": [RMQ777]\n").description
            == ".rmqlint.yml:2:14: error: unknown rule id, prefix or slug 'RMQ777' in 'per_file_ignores' (see 'rmqlint rules')")
    }

    @Test func badValuesAreErrors() throws {
        #expect(try error("release: 2024.1-custom\n").description.hasPrefix(
            ".rmqlint.yml:1:10: error: unknown release '2024.1-custom' in 'release'"))
        #expect(try error("rabbitmq_version: four\n").description
            == ".rmqlint.yml:1:19: error: unknown RabbitMQ version 'four' in 'rabbitmq_version' (use major.minor, e.g. 3.13)")
        #expect(try error("inventory: etc/kolla/missing\n").description
            == ".rmqlint.yml:1:12: error: 'inventory' names 'etc/kolla/missing', which does not exist (paths are relative to .rmqlint.yml's directory)")
        #expect(try error("exclude: \"etc/[abc\"\n").description
            == ".rmqlint.yml:1:10: error: invalid glob 'etc/[abc' in 'exclude' (an unclosed '[', unbalanced '{…}', "
                + "a '{…}' without ',', or more than 256 '{a,b}' alternatives)")
        #expect(try error("fail_on: warning\nfail_on: error\n").description
            == ".rmqlint.yml:2:1: error: duplicate key 'fail_on' (first set on line 1)")
        #expect(try error("severity:\n  RMQ201: info\n  tcpka-not-split: error\n").description
            == ".rmqlint.yml:3:3: error: duplicate rule 'tcpka-not-split' in 'severity'")
    }

    @Test func yamlSyntaxErrorsAreLocated() throws {
        let error = try error("select: [RMQ2\nfail_on: error\n")
        #expect(error.location?.path == ".rmqlint.yml")
        #expect(error.location?.range.start.line == 2)
        #expect(error.description.hasPrefix(".rmqlint.yml:2:"))
    }

    @Test func unreadableFileIsAnError() {
        let fs = InMemoryFileSystem(currentDirectory: "/repo")
        let result = ConfigurationLoader.load("missing.yml", fileSystem: fs, rules: Self.rules)
        guard case .failure(let error) = result else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.description == "missing.yml: error: cannot read configuration file: no such file")
    }

    // MARK: Discovery

    @Test func nearestFileWalkingUpStopsAtTheRepositoryRoot() {
        var fs = InMemoryFileSystem(currentDirectory: "/work")
        fs.addFile("/.rmqlint.yml", contents: "")
        fs.addDirectory("/work/repo/.git")
        fs.addFile("/work/repo/.rmqlint.yml", contents: "")
        fs.addFile("/work/repo/etc/kolla/config/nova.conf", contents: "")
        fs.addFile("/work/repo/etc/kolla/.rmqlint.yml", contents: "")
        fs.addFile("/work/other/etc/kolla/globals.yml", contents: "")
        fs.addDirectory("/work/other/.git")

        #expect(ConfigurationLoader.locate(from: "repo/etc/kolla/config/nova.conf", fileSystem: fs) == "/work/repo/etc/kolla/.rmqlint.yml")
        #expect(ConfigurationLoader.locate(from: "repo/etc", fileSystem: fs) == "/work/repo/.rmqlint.yml")
        // Above a repository root, nothing applies; outside any repository the walk reaches /.
        #expect(ConfigurationLoader.locate(from: "other/etc/kolla/globals.yml", fileSystem: fs) == nil)
        #expect(ConfigurationLoader.locate(from: "/work", fileSystem: fs) == "/.rmqlint.yml")
    }

    // MARK: Precedence

    @Test func commandLineOverridesTheFile() throws {
        let configuration = try parse("""
            release: "2023.1"
            rabbitmq_version: "3.11"
            inventory: etc/kolla/multinode
            select: [RMQ2]
            ignore: [RMQ202]
            fail_on: error
            severity: {RMQ201: info}
            exclude: ["*.j2"]
            per_file_ignores: {"*.json": [RMQ0]}
            baseline: base.json
            """).get()
        let fromFile = LintOptions.resolve(CommandLineSettings(), configuration: configuration)
        #expect(fromFile.paths == ["."])
        #expect(fromFile.release == nil && fromFile.configuredRelease == "2023.1")
        #expect(fromFile.rabbitmqVersion == nil && fromFile.configuredRabbitMQVersion == "3.11")
        #expect(fromFile.inventory == "/repo/etc/kolla/multinode")
        #expect(fromFile.select == ["RMQ2"] && fromFile.ignore == ["RMQ202"])
        #expect(fromFile.failOn == .error)
        #expect(fromFile.severityOverrides == ["RMQ201": .info])
        #expect(fromFile.exclude?.matches(absolutePath: "/repo/x/nova.conf.j2") == true)
        #expect(fromFile.isIgnored("RMQ001", atAbsolutePath: "/repo/etc/definitions.json"))
        #expect(!fromFile.isIgnored("RMQ201", atAbsolutePath: "/repo/etc/definitions.json"))
        #expect(fromFile.baselinePath == "/repo/base.json")
        #expect(!fromFile.strictBaseline)

        let overridden = LintOptions.resolve(CommandLineSettings(
            paths: ["etc/kolla"], release: "2024.1", rabbitmqVersion: "4.0", inventory: "hosts",
            select: [], ignore: ["RMQ5"], failOn: .info, baseline: "other.json", strictBaseline: true
        ), configuration: configuration)
        #expect(overridden.paths == ["etc/kolla"])
        #expect(overridden.release == "2024.1" && overridden.configuredRelease == "2023.1")
        #expect(overridden.rabbitmqVersion == "4.0")
        #expect(overridden.inventory == "hosts")
        #expect(overridden.select == [] && overridden.ignore == ["RMQ5"])
        #expect(overridden.failOn == .info)
        #expect(overridden.baselinePath == "other.json" && overridden.strictBaseline)
        // Settings with no flag stay the file's.
        #expect(overridden.severityOverrides == ["RMQ201": .info])

        let none = LintOptions.resolve(CommandLineSettings(), configuration: nil)
        #expect(none.failOn == .warning && none.select.isEmpty && none.exclude == nil && none.baselinePath == nil)
    }
}
