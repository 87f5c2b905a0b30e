import ArgumentParser
import RMQLintCore
import RMQLintRules

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ReportFormat: ExpressibleByArgument {}
extension FailThreshold: ExpressibleByArgument {}

/// `rmqlint [lint] [PATH ...]`
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Lint deployment trees or files (the default command).")

    @Argument(help: "Deployment trees, directories or files to lint (default: .).")
    var paths: [String] = []

    @Option(help: "Report format: text, json, sarif or github.")
    var format: ReportFormat = .text

    @Option(help: "Write the report to FILE instead of standard output.")
    var output: String?

    @OptionGroup var target: TargetOptions

    @Option(help: "Only these rule ids or prefixes, comma-separated (e.g. RMQ2,RMQ101).")
    var select: String?

    @Option(help: "Skip these rule ids or prefixes, comma-separated.")
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
        for list in [select, ignore].compactMap({ $0 }) {
            for id in Self.split(list) where !RuleRegistry.all.contains(where: { $0.description.id.hasPrefix(id) }) {
                throw ValidationError("unknown rule id or prefix '\(id)'")
            }
        }
    }

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

    static func split(_ list: String?) -> [String] {
        (list ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: " ").uppercased() }.filter { !$0.isEmpty }
    }

    mutating func run() throws {
        Glibc.exit(try runReturningStatus())
    }

    /// Lints and writes the report; returns the exit status.
    mutating func runReturningStatus() throws -> Int32 {
        let fileSystem = LocalFileSystem()
        let configuration = try target.configuration(paths: paths, fileSystem: fileSystem)
        let settings = CommandLineSettings(
            paths: paths, release: target.release, rabbitmqVersion: target.rabbitmqVersion, inventory: target.inventory,
            select: select.map { Self.split($0) }, ignore: ignore.map { Self.split($0) }, failOn: failOn,
            baseline: baseline, strictBaseline: strictBaseline)
        var options = LintOptions.resolve(settings, configuration: configuration)
        if let maxFileSize, let bytes = Self.byteCount(maxFileSize) { options.maxFileSize = bytes }
        // With --write-baseline the run is judged against the baseline it writes, so the
        // old one (which may not exist yet) is not read.
        if writeBaseline == nil, let path = options.baselinePath {
            switch Baseline.load(path, fileSystem: fileSystem) {
            case .success(let loaded):
                options.baseline = loaded
                options.baselinePath = PathUtilities.display(
                    PathUtilities.normalize(path, relativeTo: fileSystem.currentDirectory),
                    currentDirectory: fileSystem.currentDirectory)
            case .failure(let error): throw UsageError(description: error.description, located: true)
            }
        }

        let linter = Linter(rules: RuleRegistry.all, fileSystem: fileSystem)
        var result: LintResult
        let applicability: FixApplicability = unsafeFixes ? .unsafe : .safe
        if fix || (unsafeFixes && !diff) {
            switch linter.fix(options, applicability: applicability) {
            case .success(let outcome):
                result = outcome.result
                var standardError = StandardError()
                let remaining = result.report.findings.count
                print("rmqlint: applied \(outcome.applied) fix\(outcome.applied == 1 ? "" : "es") in \(outcome.files.count) "
                      + "file\(outcome.files.count == 1 ? "" : "s"); \(remaining) finding\(remaining == 1 ? "" : "s") remain",
                      to: &standardError)
            case .failure(let error): throw UsageError(description: error.message)
            }
        } else {
            switch linter.lint(options) {
            case .success(let value): result = value
            case .failure(let error): throw UsageError(description: error.message)
            }
        }
        if diff {
            let plan = linter.plannedFixes(for: result, applicability: applicability)
            let rendered = UnifiedDiff.render(plan)
            if let output { try OutputFile.write(rendered, to: output) } else { print(rendered, terminator: "") }
            var standardError = StandardError()
            print("rmqlint: \(plan.applied.count) fix\(plan.applied.count == 1 ? "" : "es") would change "
                  + "\(plan.files.count + plan.renames.count) file\(plan.files.count + plan.renames.count == 1 ? "" : "s")"
                  + (unsafeFixes ? "" : " (unsafe fixes not shown: add --unsafe-fixes)") + "; nothing was written",
                  to: &standardError)
            return plan.isEmpty ? 0 : 1
        }
        if let writeBaseline {
            let absolute = PathUtilities.normalize(writeBaseline, relativeTo: fileSystem.currentDirectory)
            let recorded = Baseline(
                findings: result.report.unsuppressedFindings, redactor: result.report.redactor,
                directory: PathUtilities.parent(absolute), currentDirectory: fileSystem.currentDirectory)
            try OutputFile.write(recorded.rendered(), to: writeBaseline)
            result.report = result.report.applyingBaseline(recorded, path: writeBaseline, strict: options.strictBaseline)
        }

        let colour = format == .text && output == nil && isatty(STDOUT_FILENO) == 1
            && getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true
        let rendered = Reporters.render(
            result.report, as: format, style: ReportStyle(colour: colour, showSuppressed: showSuppressed))
        if format == .sarif {
            let dropped = SARIFReporter.droppedResults(result.report)
            if dropped > 0 {
                var standardError = StandardError()
                print("rmqlint: warning: \(dropped) results exceed GitHub code scanning's limit of "
                      + "\(SARIFReporter.resultLimit) per run and were left out of the SARIF (the most severe are kept); "
                      + "use --format json for all of them", to: &standardError)
            }
        }
        if let output {
            try OutputFile.write(rendered, to: output)
        } else {
            print(rendered, terminator: "")
        }
        return result.report.exitStatus
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var result = Substring(self)
        while result.first == set { result.removeFirst() }
        while result.last == set { result.removeLast() }
        return String(result)
    }
}

/// Writes a report completely or not at all (spec §6: nothing half-written).
enum OutputFile {
    static func write(_ text: String, to path: String) throws {
        let temporary = path + ".rmqlint-tmp"
        guard let handle = fopen(temporary, "w") else {
            throw UsageError(description: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, bytes.count, handle) }
        let closed = fclose(handle)
        guard written == bytes.count, closed == 0, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw UsageError(description: "cannot write \(path): \(reason)")
        }
    }
}
