import RMQLintCore
import RMQLintRules

/// A lint run as plain values: what ``LintCommand`` parses to, or, for a command line of
/// paths only (what pre-commit passes), what `Main` builds without the parser (all options
/// at their defaults).
struct LintRun {
    var paths: [String] = []
    var format: ReportFormat?
    var output: String?
    var outputFormats: [OutputSpecification] = []
    var sarifOmitSuppressed = false
    var quiet = false
    var statistics = false
    var target = TargetSettings()
    var select: String?
    var ignore: String?
    var failOn: FailThreshold?
    var showSuppressed = false
    var baseline: String?
    var writeBaseline: String?
    var strictBaseline = false
    var maxFileSize: String?
    var fix = false
    var unsafeFixes = false
    var diff = false

    /// The reports this run writes: `--output-format`s, else `--format` to `--output` or stdout.
    var outputs: [OutputSpecification] {
        outputFormats.isEmpty ? [OutputSpecification(format: format ?? .text, path: output)] : outputFormats
    }

    /// The most files a run may have read for its model to stay in memory until the process
    /// exits instead of being let go before the report is made.
    static let keptModelFiles = 256

    /// Lints and writes the report; returns the exit status.
    func runReturningStatus() throws -> Int32 {
        let fileSystem = LocalFileSystem()
        let configuration = try target.configuration(paths: paths, fileSystem: fileSystem)
        let catalogue = RuleRegistry.all.map { $0.description } + (configuration?.policies.map(\.description) ?? [])
        try LintCommand.checkSelectors([select, ignore], catalogue: catalogue)
        let settings = CommandLineSettings(
            paths: paths, release: target.release, rabbitmqVersion: target.rabbitmqVersion, inventory: target.inventory.first,
            select: select.map { LintCommand.selectors($0, catalogue: catalogue) }, ignore: ignore.map { LintCommand.selectors($0, catalogue: catalogue) }, failOn: failOn,
            baseline: baseline, strictBaseline: strictBaseline)
        var options = LintOptions.resolve(target.settings(settings), configuration: configuration)
        if let maxFileSize, let bytes = LintCommand.byteCount(maxFileSize) { options.maxFileSize = bytes }
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
                if !quiet { print("rmqlint: applied \(outcome.applied) fix\(outcome.applied == 1 ? "" : "es") in \(outcome.files.count) "
                      + "file\(outcome.files.count == 1 ? "" : "s"); \(remaining) finding\(remaining == 1 ? "" : "s") remain",
                      to: &standardError) }
            case .failure(let error): throw UsageError(description: error.message)
            }
        } else {
            // Only the report is needed, unless --diff plans fixes from the model.
            if !diff { options.modelKeptUpToFiles = Self.keptModelFiles }
            switch linter.lint(options) {
            case .success(let value): result = value
            case .failure(let error): throw UsageError(description: error.message)
            }
        }
        if diff {
            let plan = linter.plannedFixes(for: result, applicability: applicability)
            // Context and removed lines may hold passwords (a transport_url): masked as in every report.
            let rendered = result.report.redactor.redact(UnifiedDiff.render(plan))
            if let output { try OutputFile.write(rendered, to: output) } else { print(rendered, terminator: "") }
            var standardError = StandardError()
            if !quiet { print("rmqlint: \(plan.applied.count) fix\(plan.applied.count == 1 ? "" : "es") would change "
                  + "\(plan.files.count + plan.renames.count) file\(plan.files.count + plan.renames.count == 1 ? "" : "s")"
                  + (unsafeFixes ? "" : " (unsafe fixes not shown: add --unsafe-fixes)") + "; nothing was written",
                  to: &standardError) }
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

        // From here on only the report is needed: a fleet's model (every host's settings) is
        // let go on another core (by the linter, before the report was made, when it could).
        // A small tree's (what pre-commit lints) is left for the process exit to reclaim:
        // tearing it down object by object was a sixtieth of a pre-commit run, and it holds
        // little memory.
        if result.model.filesRead > Self.keptModelFiles {
            Parallel.releaseInBackground(&result.model.deployments)
            result.model.loadDiagnostics = []
        }
        // The report (a fleet's tens of thousands of findings) and what is left of the model
        // are never torn down: the process ends right after the reports are written, and the
        // exit reclaims their memory at once instead of object by object on this thread.
        KeptUntilExit.keep(result)
        let report = result.report
        var standardError = StandardError()
        for specification in outputs {
            let format = specification.format
            let colour = format == .text && specification.path == nil && Platform.standardOutputIsTerminal
                && (Platform.environment("NO_COLOR") ?? "").isEmpty
            let style = ReportStyle(colour: colour, showSuppressed: showSuppressed, quiet: quiet, statistics: statistics)
            let shown = format == .sarif && sarifOmitSuppressed ? report.omittingSuppressed() : report
            if format == .sarif, !quiet {
                let dropped = SARIFReporter.droppedResults(shown)
                if dropped > 0 {
                    print("rmqlint: warning: \(dropped) results exceed GitHub code scanning's limit of "
                          + "\(SARIFReporter.resultLimit) per run and were left out of the SARIF (the most severe are kept); "
                          + "use --format json for all of them", to: &standardError)
                }
            }
            // Written in pieces as they are shaped: the report is never held whole.
            if let path = specification.path {
                try OutputFile.stream(to: path) { Reporters.write(shown, as: format, style: style, to: $0) }
            } else {
                try StandardOutput.stream { Reporters.write(shown, as: format, style: style, to: $0) }
            }
        }
        return report.exitStatus
    }
}

/// What the process keeps until it exits: released by the exit, never object by object.
private final class KeptUntilExit {
    let result: LintResult

    private init(_ result: LintResult) {
        self.result = result
    }

    /// Keeps `result` (its report and model) alive for the rest of the process.
    static func keep(_ result: LintResult) {
        _ = Unmanaged.passRetained(KeptUntilExit(result))
    }
}
