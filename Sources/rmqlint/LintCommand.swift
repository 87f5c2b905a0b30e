import ArgumentParser
import RMQLintCore
import RMQLintRules

extension ReportFormat: ExpressibleByArgument {}
extension FailThreshold: ExpressibleByArgument {}

/// `rmqlint [lint] [PATH ...]`
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Lint deployment trees or files (the default command).")

    @Argument(help: "Deployment trees, directories or files to lint (default: .).")
    var paths: [String] = []

    @Option(help: "Report format: text, json, sarif or github (default: text).")
    var format: ReportFormat?

    @Option(help: "Write the report to FILE instead of standard output.")
    var output: String?

    @Option(name: .customLong("output-format"),
            help: ArgumentHelp(
                "A report to write: FORMAT to standard output, or FORMAT=FILE to a file. Repeatable; replaces --format and --output.",
                valueName: "format[=file]"))
    var outputFormats: [OutputSpecification] = []

    @Flag(name: .customLong("sarif-omit-suppressed"),
          help: "Leave suppressed and baselined findings out of SARIF (GitHub code scanning opens an alert for every result).")
    var sarifOmitSuppressed = false

    @Flag(name: [.short, .long], help: "Print findings only: no summary line, nothing for a clean run, no warnings on stderr.")
    var quiet = false

    @Flag(help: "Text report: one line per rule with its number of findings, instead of the findings.")
    var statistics = false

    @OptionGroup var target: TargetOptions

    @Option(help: "Only these rule ids, prefixes or slugs, comma-separated (e.g. RMQ2,RMQ101,tcpka-not-split).")
    var select: String?

    @Option(help: "Skip these rule ids, prefixes or slugs, comma-separated.")
    var ignore: String?

    @Option(name: .customLong("fail-on"), help: "Lowest severity that fails the run: error, warning, info or never (default: warning).")
    var failOn: FailThreshold?

    @Flag(name: .customLong("show-suppressed"), help: "Also list suppressed and baselined findings in the text report.")
    var showSuppressed = false

    @Option(help: "Baseline file: findings recorded in it do not fail the run.")
    var baseline: String?

    @Option(name: .customLong("write-baseline"), help: "Record the current findings (except suppressed ones) in FILE and judge this run against it.")
    var writeBaseline: String?

    @Flag(name: .customLong("strict-baseline"), help: "Fail when a baselined finding no longer occurs, so the baseline only shrinks.")
    var strictBaseline = false

    @Option(name: .customLong("max-file-size"),
            help: "Skip files larger than this with an RMQ001 finding: bytes, or a number with K, M or G (default 16M).")
    var maxFileSize: String?

    @Flag(help: "Apply the safe fixes in place, then re-lint and report what remains.")
    var fix = false

    @Flag(name: .customLong("unsafe-fixes"), help: "Also apply (or, with --diff, show) the unsafe fixes; implies --fix without --diff.")
    var unsafeFixes = false

    @Flag(help: "Print the fixes as a unified diff and change nothing (exit 1 when there is something to fix).")
    var diff = false

    func validate() throws {
        if diff && fix {
            throw ValidationError("--diff shows the fixes without applying them; use it without --fix")
        }
        if let maxFileSize, Self.byteCount(maxFileSize) == nil {
            throw ValidationError("invalid --max-file-size '\(maxFileSize)' (use bytes, or a number with K, M or G, e.g. 16M)")
        }
        if !outputFormats.isEmpty, format != nil || output != nil {
            throw ValidationError("--output-format replaces --format and --output: name every report with --output-format")
        }
        if outputs.filter({ $0.path == nil }).count > 1 {
            throw ValidationError("only one report can go to standard output: give the others a file (--output-format sarif=report.sarif)")
        }
        let files = outputs.compactMap(\.path)
        if Set(files).count != files.count {
            throw ValidationError("two reports name the same file")
        }
    }

    /// `--select` / `--ignore` name rules of the catalogue by id, prefix or slug: the built-in
    /// rules and the site policies of the configuration (known only once it is read, hence
    /// not in `validate`).
    static func checkSelectors(_ lists: [String?], catalogue: [RuleDescription]) throws {
        for list in lists.compactMap({ $0 }) {
            for name in names(list) where RuleSelector.resolve(name, rules: catalogue) == nil {
                throw UsageError(description: "unknown rule id, prefix or slug '\(name)' ('rmqlint rules' lists them)")
            }
        }
    }

    /// The reports this run writes: `--output-format`s, else `--format` to `--output` or stdout.
    var outputs: [OutputSpecification] { invocation.outputs }

    /// `16777216`, `16384K`, `16M`, `1G` (binary multiples) as a positive byte count.
    static func byteCount(_ text: String) -> Int? {
        var digits = Substring(text.uppercased())
        var multiplier = 1
        switch digits.last {
        case "K": multiplier = 1 << 10
        case "M": multiplier = 1 << 20
        case "G": multiplier = 1 << 30
        default: break
        }
        if multiplier > 1 { digits = digits.dropLast() }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let value = Int(digits), value > 0 else { return nil }
        let (bytes, overflow) = value.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : bytes
    }

    /// The names in a comma-separated list, trimmed, empty ones dropped.
    static func names(_ list: String) -> [String] {
        list.split(separator: ",").map { String($0).trimmingCharacters(in: " ") }.filter { !$0.isEmpty }
    }

    /// A `--select` / `--ignore` list as ids and prefixes (slugs resolved; checkSelectors has
    /// rejected names that match no rule of `catalogue`).
    static func selectors(_ list: String, catalogue: [RuleDescription]) -> [String] {
        names(list).compactMap { RuleSelector.resolve($0, rules: catalogue) }
    }

    mutating func run() throws {
        Platform.exit(try runReturningStatus())
    }

    /// Lints and writes the report; returns the exit status.
    mutating func runReturningStatus() throws -> Int32 {
        try invocation.runReturningStatus()
    }

    /// The parsed options as plain values.
    var invocation: LintRun {
        LintRun(
            paths: paths, format: format, output: output, outputFormats: outputFormats, sarifOmitSuppressed: sarifOmitSuppressed,
            quiet: quiet, statistics: statistics, target: target.values, select: select, ignore: ignore, failOn: failOn,
            showSuppressed: showSuppressed, baseline: baseline, writeBaseline: writeBaseline, strictBaseline: strictBaseline,
            maxFileSize: maxFileSize, fix: fix, unsafeFixes: unsafeFixes, diff: diff)
    }
}

/// One report of a run: `--output-format FORMAT[=FILE]`.
struct OutputSpecification: ExpressibleByArgument, Equatable {
    var format: ReportFormat
    /// The file to write; standard output when nil.
    var path: String?

    init(format: ReportFormat, path: String?) {
        self.format = format
        self.path = path
    }

    init?(argument: String) {
        let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard let format = ReportFormat(rawValue: String(parts[0])) else { return nil }
        if parts.count == 2 {
            guard !parts[1].isEmpty else { return nil }
            self.init(format: format, path: String(parts[1]))
        } else {
            self.init(format: format, path: nil)
        }
    }

    static var allValueStrings: [String] { ReportFormat.allCases.map(\.rawValue) }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var result = Substring(self)
        while result.first == set { result.removeFirst() }
        while result.last == set { result.removeLast() }
        return String(result)
    }
}

/// Writes a report completely or not at all (docs/spec.md §6: nothing half-written).
enum OutputFile {
    static func write(_ text: String, to path: String) throws {
        do {
            try Platform.writeAtomically(text, to: path)
        } catch {
            throw UsageError(description: "cannot write \(path): \(error.reason)")
        }
    }

    /// Writes what `body` writes to its sink to `path`, completely or not at all.
    static func stream(to path: String, _ body: (ReportSink) -> Void) throws {
        do {
            let file = try Platform.AtomicFile(path)
            body(file.sink)
            try file.commit()
        } catch {
            throw UsageError(description: "cannot write \(path): \(error.reason)")
        }
    }
}

/// Writes a report to standard output.
enum StandardOutput {
    /// Writes what `body` writes to its sink to standard output; a write error (a closed
    /// pipe, a full disk) is a one-line error.
    static func stream(_ body: (ReportSink) -> Void) throws {
        let sink = Platform.standardOutputSink()
        body(sink)
        sink.flush()
        if let failure = sink.failure {
            throw UsageError(description: "cannot write standard output: \(failure)")
        }
    }
}
