import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders
import RMQLintModel
import RMQLintEngine

/// The output formats of `rmqlint lint --format` (docs/spec.md §6, §7).
public enum ReportFormat: String, CaseIterable, Sendable {
    /// `path:line:col: severity RULE slug: message` lines and a summary, for people.
    case text
    /// The JSON document of docs/spec.md §7, for scripts.
    case json
    /// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
    case sarif
    /// GitHub Actions workflow commands (`::error file=…::…`), for annotations in a job.
    case github
}

/// Presentation choices that do not change what is reported.
public struct ReportStyle: Sendable {
    /// Whether the text format may use ANSI colours (the CLI decides: terminal, `NO_COLOR`).
    public var colour: Bool
    /// `--show-suppressed`: the text format also lists suppressed and baselined findings
    /// (they are always counted in its summary, and always present in JSON and SARIF).
    public var showSuppressed: Bool
    /// `--quiet`: the text format prints the findings only — no summary line, and nothing
    /// at all for a clean run (as ruff's `--quiet`).
    public var quiet: Bool
    /// `--statistics`: the text format prints one line per rule with its count instead of
    /// the findings.
    public var statistics: Bool

    /// Creates a style; colour is off and suppressed findings hidden unless asked for.
    public init(colour: Bool = false, showSuppressed: Bool = false, quiet: Bool = false, statistics: Bool = false) {
        self.colour = colour
        self.showSuppressed = showSuppressed
        self.quiet = quiet
        self.statistics = statistics
    }
}

/// Renders a `LintReport` in any of the formats.
public enum Reporters {
    /// The complete report in `format`; `style` only affects the text format.
    /// (A thin wrapper over ``write(_:as:style:to:)`` for tests and callers that need a String.)
    public static func render(_ report: LintReport, as format: ReportFormat, style: ReportStyle = .init()) -> String {
        let sink = ReportSink()
        write(report, as: format, style: style, to: sink)
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    /// Writes the complete report in `format` to `sink`, in pieces: the report is never held
    /// whole. After a destination failure the rest is not written (see ``ReportSink/failure``).
    public static func write(_ report: LintReport, as format: ReportFormat, style: ReportStyle = .init(), to sink: ReportSink) {
        switch format {
        case .text: TextReporter.write(report, style: style, to: sink)
        case .json: JSONReporter.write(report, to: sink)
        case .sarif: SARIFReporter.write(report, to: sink)
        case .github: GitHubReporter.write(report, to: sink)
        }
        sink.flush()
    }

    /// The text reporter (also reachable as the top-level `TextReporter`).
    public typealias TextReporter = RMQLintCore.TextReporter
    /// The JSON reporter (also reachable as the top-level `JSONReporter`).
    public typealias JSONReporter = RMQLintCore.JSONReporter
    /// The SARIF reporter (also reachable as the top-level `SARIFReporter`).
    public typealias SARIFReporter = RMQLintCore.SARIFReporter
    /// The GitHub Actions reporter (also reachable as the top-level `GitHubReporter`).
    public typealias GitHubReporter = RMQLintCore.GitHubReporter
}

extension SourceRange {
    /// The range as reporters print it: positions clamped to 1 or more and, since SARIF
    /// and GitHub annotations reject an empty region, an empty (or inverted) range widened
    /// to the one character at its start. Ends stay exclusive, as in SARIF.
    var reportedBounds: (start: SourcePosition, end: SourcePosition) {
        let start = SourcePosition(line: max(1, self.start.line), column: max(1, self.start.column))
        let end = SourcePosition(line: max(1, self.end.line), column: max(1, self.end.column))
        if end <= start {
            return (start, SourcePosition(line: start.line, column: start.column + 1))
        }
        return (start, end)
    }
}

/// Counts by severity, shared by the text summary and the JSON summary.
struct SeverityCounts: Equatable {
    var errors = 0
    var warnings = 0
    var infos = 0

    init(_ findings: [Finding]) {
        for finding in findings {
            switch finding.severity {
            case .error: errors += 1
            case .warning: warnings += 1
            case .info: infos += 1
            }
        }
    }
}
