import Foundation
import RMQLintCore
import RMQLintRules
import Testing

/// A file system in memory where some files cannot be read, as with mode 000 on disk
/// (which root can read anyway, so the real-disk test may have to be skipped).
private struct UnreadableFileSystem: FileSystem {
    var base: InMemoryFileSystem
    var unreadable: Set<String>
    var currentDirectory: String { base.currentDirectory }
    func kind(of path: String) -> FileKind? { base.kind(of: path) }
    func contentsOfDirectory(_ path: String) -> [String]? { base.contentsOfDirectory(path) }
    func identity(of path: String) -> String? { base.identity(of: path) }
    func readFile(_ path: String, limit: Int) -> Result<[UInt8], FileReadError> {
        unreadable.contains(path) ? .failure(.unreadable(reason: "permission denied")) : base.readFile(path, limit: limit)
    }
}

/// The limits of SECURITY.md, through the whole pipeline (discovery → loading → model →
/// every rule → reporters) on trees built in memory: hostile input gives located RMQ001
/// findings in bounded time, never a crash, a hang or a stack overflow. Each test runs in
/// a few seconds at most in a debug build; the real-disk hazards are in
/// FileSystemHazardTests.
@Suite("Resource bounds")
struct ResourceBoundTests {
    // MARK: Helpers

    /// Lints `files` (paths relative to `/w`) with every rule; returns the report.
    private func lint(
        _ files: [String: [UInt8]], paths: [String] = ["etc/kolla"], maxFileSize: Int = LintOptions().maxFileSize
    ) throws -> LintReport {
        var fileSystem = InMemoryFileSystem(currentDirectory: "/w")
        for (path, bytes) in files { fileSystem.addFile(path, bytes: bytes) }
        let linter = Linter(rules: RuleRegistry.all, fileSystem: fileSystem)
        return try linter.lint(LintOptions(paths: paths, maxFileSize: maxFileSize)).get().report
    }

    private func lint(text files: [String: String], paths: [String] = ["etc/kolla"]) throws -> LintReport {
        try lint(files.mapValues { Array($0.utf8) }, paths: paths)
    }

    /// `path:line:col: message` of every RMQ001 finding.
    private func parseErrors(_ report: LintReport) -> [String] {
        report.findings.filter { $0.ruleID == "RMQ001" }.map { "\($0.location): \($0.message)" }
    }

    /// Runs `body` and returns its wall-clock duration in seconds.
    ///
    /// The bounds below separate linear from runaway work (an unbounded alias expansion or
    /// a quadratic scan of a 4 MiB line runs for minutes to hours); they are not speed
    /// targets, which live in scripts/benchmark.sh. They are loose enough to hold on a
    /// loaded 2-core CI machine, where a debug build runs several times slower than idle.
    private func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Renders every format, so the reporters see the hostile findings too.
    private func renderAll(_ report: LintReport) {
        for format in ReportFormat.allCases {
            #expect(!Reporters.render(report, as: format).isEmpty || format == .github)
        }
    }

    private let globals = "etc/kolla/globals.yml"

    // MARK: YAML alias expansion

    /// Nine levels of ten aliases each: 10^9 nodes if expanded. The node budget stops it
    /// at the alias that crosses 1,000,000 nodes.
    @Test(.timeLimit(.minutes(1))) func billionLaughsIsRMQ001WithinTheNodeBudget() throws {
        var text = "openstack_release: \"2024.1\"\nlol0: &lol0 \"lol\"\n"
        for level in 1...9 {
            text += "lol\(level): &lol\(level) [" + Array(repeating: "*lol\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        text += "after_the_bomb: yes\n"
        var report: LintReport?
        let elapsed = try seconds { report = try lint(text: [globals: text]) }
        let errors = parseErrors(try #require(report))
        // 123,467 nodes before lol6's first alias, 111,111 per *lol5: the 8th one crosses.
        #expect(errors == [
            "etc/kolla/globals.yml:8:63: alias expansion exceeds 1000000 nodes (alias *lol5); the rest of the file was not loaded",
        ])
        #expect(elapsed < 5, "billion laughs took \(elapsed) s")
        renderAll(try #require(report))
    }

    /// The same bomb in `definitions.json`'s YAML superset and in `passwords.yml` (read for
    /// secrets: the collector walks every node the loader materialised, within the budget).
    @Test(.timeLimit(.minutes(1))) func aliasBombInPasswordsIsBoundedToo() throws {
        var text = "a0: &a0 \"secretvalue\"\n"
        for level in 1...9 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ",") + "]\n"
        }
        var report: LintReport?
        let elapsed = try seconds {
            report = try lint(text: [globals: "openstack_release: \"2024.1\"\n", "etc/kolla/passwords.yml": text])
        }
        #expect(parseErrors(try #require(report)).count == 1)
        #expect(try #require(report).redactor.secrets == ["secretvalue"])
        #expect(elapsed < 5, "alias bomb in passwords.yml took \(elapsed) s")
    }

    // MARK: Nesting depth

    @Test(.timeLimit(.minutes(1))) func tenThousandLevelsOfNestingAreRMQ001WithoutStackOverflow() throws {
        let flow = "openstack_release: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n"
        let block = String(repeating: "- ", count: 10_000) + "x\n"
        let json = String(repeating: "{\"a\":", count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        let report = try lint(text: [
            globals: flow,
            "etc/kolla/globals.d/block.yml": block,
            "etc/kolla/config/rabbitmq/definitions.json": json,
        ])
        #expect(parseErrors(report) == [
            "etc/kolla/config/rabbitmq/definitions.json:1:997: nesting exceeds 200 levels; the rest of the file was not loaded",
            "etc/kolla/globals.d/block.yml:1:401: nesting exceeds 200 levels; the rest of the file was not loaded",
            "etc/kolla/globals.yml:1:219: nesting exceeds 200 levels; the rest of the file was not loaded",
        ])
        renderAll(report)
    }

    /// Jinja has no files of its own: its bounds hold for any expression a value carries.
    @Test(.timeLimit(.minutes(1))) func tenThousandLevelsOfJinjaNestingAreUnknown() {
        let environment = JinjaEnvironment(variables: ["x": .int(1)])
        let parentheses = String(repeating: "(", count: 10_000) + "x" + String(repeating: ")", count: 10_000)
        #expect(Jinja.evaluate(parentheses, in: environment) == .unknown)
        let lists = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(Jinja.evaluate(lists, in: environment) == .unknown)
        let nots = String(repeating: "not ", count: 10_000) + "x"
        #expect(Jinja.evaluate(nots, in: environment) == .unknown)
        let filters = "x" + String(repeating: " | int", count: 10_000)
        #expect(Jinja.evaluate(filters, in: environment) == .unknown)
        // A chain of variables that are templates of each other ends as unknown too.
        var chain: [String: JinjaValue] = [:]
        for index in 0..<10_000 { chain["v\(index)"] = .string("{{ v\(index + 1) }}") }
        chain["v10000"] = .int(1)
        #expect(Jinja.evaluate("v0", in: JinjaEnvironment(variables: chain)) == .unknown)
    }

    // MARK: Long lines

    /// One file of each kind whose second line is 4 MiB long, linted in its place in a tree.
    static let longLineFiles: [(path: String, prefix: String, suffix: String)] = [
        ("etc/kolla/globals.d/long.yml", "long_value: ", "\n"),
        ("etc/kolla/config/nova.conf", "[DEFAULT]\nlong_option = ", "\n"),
        ("etc/kolla/config/haproxy/services.d/long.cfg", "listen rabbitmq\n    bind :5672 ", "\n"),
        ("etc/kolla/multinode", "[control]\nctl01 long_var=", "\n"),
        ("etc/kolla/config/rabbitmq/definitions.json", "{\"long\": \"", "\"}"),
        ("etc/kolla/config/rabbitmq/rabbitmq.conf", "long.key = ", "\n"),
        ("etc/kolla/config/global.conf", "", ""),
    ]

    /// A 4 MiB line in every kind of file (one test case per kind, so each stays within
    /// seconds in a debug build): loaded in linear time, and no message quotes it.
    @Test(.timeLimit(.minutes(1)), arguments: longLineFiles.indices)
    func fourMegabyteLinesAreLinted(_ index: Int) throws {
        let file = Self.longLineFiles[index]
        let text = file.prefix + String(repeating: "x", count: 4 << 20) + file.suffix
        var report: LintReport?
        let elapsed = try seconds {
            report = try lint(text: [globals: "openstack_release: \"2024.1\"\n", file.path: text])
        }
        let final = try #require(report)
        // Only the bare line in global.conf is not INI.
        #expect(parseErrors(final) == (file.path.hasSuffix("global.conf") ? [
            "etc/kolla/config/global.conf:1:1: line is not a [section] header, a comment or a 'key = value' assignment (no '=' or ':')",
        ] : []))
        for finding in final.findings {
            #expect(finding.message.utf8.count < 2_000, "\(finding.ruleID) quotes the long line")
        }
        renderAll(final)
        #expect(elapsed < 30, "a 4 MiB line in \(file.path) took \(elapsed) s")
    }

    // MARK: File size

    @Test func filesOverTheDefaultLimitAreSkippedWithRMQ001() throws {
        #expect(LintOptions().maxFileSize == 16 * 1024 * 1024)
        let huge = [UInt8](repeating: UInt8(ascii: "#"), count: 16 * 1024 * 1024 + 1)
        let exact = [UInt8](repeating: UInt8(ascii: "#"), count: 16 * 1024 * 1024)
        let report = try lint([
            globals: Array("openstack_release: \"2024.1\"\n".utf8),
            "etc/kolla/config/nova.conf": huge,
            "etc/kolla/config/global.conf": exact,
        ])
        #expect(parseErrors(report) == [
            "etc/kolla/config/nova.conf:1:1: file too large (16777217 bytes, limit 16777216): skipped",
        ])
    }

    @Test func theSizeLimitIsConfigurable() throws {
        let report = try lint([
            globals: Array("openstack_release: \"2024.1\"\n".utf8),
            "etc/kolla/config/nova.conf": Array("[DEFAULT]\ndebug = true\n".utf8),
        ], maxFileSize: 16)
        #expect(parseErrors(report) == [
            "etc/kolla/config/nova.conf:1:1: file too large (23 bytes, limit 16): skipped",
            "etc/kolla/globals.yml:1:1: file too large (28 bytes, limit 16): skipped",
        ])
    }

    // MARK: Many files

    /// 100,000 empty files in 1,000 directories of 100: half under `config/nova/<host>/`
    /// (each one classified, one in ten a per-host override that is then loaded), half in
    /// rendered-service directories beside `config/` (names Kolla has no use for, skipped).
    /// Discovery walks with an explicit stack and a file budget, so the run is linear.
    @Test(.timeLimit(.minutes(1))) func aTreeOfOneHundredThousandEmptyFiles() throws {
        var fileSystem = InMemoryFileSystem(currentDirectory: "/w")
        fileSystem.addFile("etc/kolla/globals.yml", contents: "openstack_release: \"2024.1\"\n")
        for directory in 0..<1_000 {
            let overrides = directory.isMultiple(of: 2)
            let base = overrides ? "etc/kolla/config/nova/host\(directory)" : "etc/kolla/service\(directory)"
            for file in 0..<100 {
                let loaded = overrides && file == 0 && directory.isMultiple(of: 10)
                fileSystem.addFile("\(base)/file\(file).\(loaded ? "conf" : "txt")", bytes: [])
            }
        }
        var result: LintResult?
        let elapsed = try seconds {
            result = try Linter(rules: RuleRegistry.all, fileSystem: fileSystem).lint(LintOptions(paths: ["etc/kolla"])).get()
        }
        let report = try #require(result).report
        // globals.yml and the 100 per-host `file0.conf` overrides, each never read by Kolla.
        #expect(report.filesLinted == 101)
        // RMQ109 (info) adds one finding about Kolla 2024.1's defaults at globals.yml.
        #expect(report.findings.filter { $0.location.path != "etc/kolla/globals.yml" }.map(\.ruleID)
            == Array(repeating: "RMQ501", count: 100))
        #expect(elapsed < 30, "100,000 files took \(elapsed) s")
    }

    @Test func aVeryDeepDirectoryChainIsWalkedWithoutRecursion() throws {
        var fileSystem = InMemoryFileSystem(currentDirectory: "/w")
        let deep = (0..<2_000).map { "d\($0 % 10)" }.joined(separator: "/")
        fileSystem.addFile("loose/\(deep)/haproxy.cfg", contents: "listen rabbitmq\n    bind :5672\n    server r1 10.0.0.1:5672\n")
        let report = try Linter(rules: RuleRegistry.all, fileSystem: fileSystem).lint(LintOptions(paths: ["loose"])).get().report
        #expect(report.filesLinted == 1)
        #expect(report.findings.map(\.ruleID) == ["RMQ202"])
    }

    // MARK: Unreadable files

    @Test func unreadableFilesAreRMQ001AndTheRestIsLinted() throws {
        var base = InMemoryFileSystem(currentDirectory: "/w")
        base.addFile(globals, contents: "openstack_release: \"2024.1\"\n")
        base.addFile("etc/kolla/passwords.yml", contents: "rabbitmq_password: Secret12345\n")
        base.addFile("etc/kolla/config/nova.conf", contents: "[DEFAULT]\ndebug = true\n")
        base.addFile("etc/kolla/config/haproxy/services.d/rabbitmq.cfg",
                     contents: "listen rabbitmq\n    bind :5672\n    server r1 10.0.0.11:5672\n")
        let fileSystem = UnreadableFileSystem(
            base: base, unreadable: ["/w/etc/kolla/passwords.yml", "/w/etc/kolla/config/nova.conf"])
        let report = try Linter(rules: RuleRegistry.all, fileSystem: fileSystem).lint(LintOptions(paths: ["etc/kolla"])).get().report
        #expect(parseErrors(report) == [
            "etc/kolla/config/nova.conf:1:1: cannot read file: permission denied",
            "etc/kolla/passwords.yml:1:1: cannot read file: permission denied",
        ])
        // The readable HAProxy file is still linted (no keep-alive: RMQ202).
        #expect(report.findings.contains { $0.ruleID == "RMQ202" })
        #expect(report.exitStatus == 1)
        renderAll(report)
    }

    // MARK: Encodings and binary content

    @Test func invalidUTF8IsRMQ001AtTheByte() throws {
        // "café" in Latin-1 on line 2.
        let latin1: [UInt8] = Array("[DEFAULT]\nname = caf".utf8) + [0xE9] + Array("\n".utf8)
        let report = try lint([globals: Array("openstack_release: \"2024.1\"\n".utf8), "etc/kolla/config/nova.conf": latin1])
        #expect(parseErrors(report) == [
            "etc/kolla/config/nova.conf:2:11: invalid UTF-8 byte 0xE9: the file must be UTF-8 text",
        ])
    }

    @Test func utf16WithAByteOrderMarkIsReadLikeUTF8() throws {
        let text = "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 10\n"
        let haproxy = "listen rabbitmq\n    bind :5672\n    server r1 10.0.0.1:5672\n"
        var little: [UInt8] = [0xFF, 0xFE]
        for unit in haproxy.utf16 { little += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        var big: [UInt8] = [0xFE, 0xFF]
        for unit in text.utf16 { big += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        let report = try lint([
            globals: Array("openstack_release: \"2024.1\"\n".utf8),
            "etc/kolla/config/haproxy/services.d/rabbitmq.cfg": little,
            "etc/kolla/config/global.conf": big,
        ])
        #expect(parseErrors(report).isEmpty)
        // The UTF-16 HAProxy file was parsed: its listen section lacks keep-alives (RMQ202).
        #expect(report.findings.contains { $0.ruleID == "RMQ202" && $0.location.path.hasSuffix("rabbitmq.cfg") })
    }

    @Test func utf16WithoutAByteOrderMarkAndNULBytesAreBinary() throws {
        var bare: [UInt8] = []
        for unit in "[DEFAULT]\n".utf16 { bare += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let nul = Array("openstack_release: \"2024.1\"\nkey: va".utf8) + [0] + Array("lue\n".utf8)
        let report = try lint([globals: nul, "etc/kolla/config/nova.conf": bare])
        #expect(parseErrors(report) == [
            "etc/kolla/config/nova.conf:1:2: binary file (NUL byte): not a text configuration file",
            "etc/kolla/globals.yml:2:8: binary file (NUL byte): not a text configuration file",
        ])
    }

    @Test func emptyAndWhitespaceOnlyFilesAreFine() throws {
        let report = try lint(text: [
            globals: "",
            "etc/kolla/passwords.yml": "\n\n",
            "etc/kolla/config/nova.conf": "   \n",
            "etc/kolla/config/haproxy/services.d/empty.cfg": "",
            "etc/kolla/multinode": "",
            "etc/kolla/config/rabbitmq/definitions.json": "",
            "etc/kolla/config/rabbitmq/rabbitmq.conf": "",
        ])
        #expect(parseErrors(report).isEmpty)
    }
}
