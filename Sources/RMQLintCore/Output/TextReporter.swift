import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders
import RMQLintModel
import RMQLintEngine

/// The human format (docs/spec.md §7): one line per finding, its related locations indented
/// below it, then a blank line and a one-line summary.
///
/// ```
/// etc/kolla/config/nova.conf:3:1: warning RMQ204 pthread-heartbeat-on-eventlet: message
///     etc/kolla/globals.yml:12:1: note: related message
///
/// 0 errors, 1 warning, 0 info in 14 files (1 suppressed).
/// ```
///
/// Suppressed and baselined findings are counted in the summary; with `--show-suppressed`
/// they are listed after the others, marked `(suppressed)` (with the directive and its
/// reason below) or `(baselined)`. Baseline entries that no longer match a finding are
/// always listed, as `path: note RULE slug: baselined finding no longer occurs …`
/// (`error` under `--strict-baseline`), since they are the way to shrink a baseline.
///
/// `--statistics` replaces the finding lines with one line per rule — count, id, severity,
/// slug — most frequent first; `--quiet` drops the summary (and prints nothing for a clean run).
///
/// Control characters in paths and messages are shown escaped (`\n`, `\u{1B}`), so a
/// finding stays on one line (editors and `grep` rely on it) and text quoted from a linted
/// file cannot send escape sequences to the terminal.
public enum TextReporter {
    /// The report as text, ending with a newline.
    public static func render(_ report: LintReport, style: ReportStyle = .init()) -> String {
        let sink = ReportSink()
        write(report, style: style, to: sink)
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    /// Writes the report to `sink`, a few findings at a time.
    public static func write(_ report: LintReport, style: ReportStyle = .init(), to sink: ReportSink) {
        // Lines gather in `output`, handed to the sink every few kilobytes.
        var output = ""
        var wroteAny = false
        func handOver() {
            guard output.utf8.count >= 1 << 14 else { return }
            sink.write(output)
            output = ""
            wroteAny = true
        }
        if style.statistics {
            output += statistics(report)
        } else {
            for finding in report.findings {
                write(finding, marker: nil, report: report, style: style, to: &output)
                handOver()
                if sink.failed { return }
            }
        }
        if style.showSuppressed && !style.statistics {
            var hidden: [(Finding, SuppressionDirective?)] = report.suppressed.map { ($0.finding, $0.directive) }
            hidden += report.baselined.map { ($0, nil) }
            hidden.sort { Finding.reportOrder($0.0, $1.0) }
            for (finding, directive) in hidden {
                write(finding, marker: directive == nil ? "baselined" : "suppressed", report: report, style: style, to: &output)
                if let directive {
                    output += "    "
                    output += escaped(directive.location.description)
                    output += ": note: suppressed here"
                    output += directive.reason.map { ": " + escaped(report.redactor.redact($0)) } ?? " without a reason"
                    output += "\n"
                }
                handOver()
                if sink.failed { return }
            }
        }
        if let baseline = report.baseline {
            let word = baseline.strict
                ? severityWord(.error, colour: style.colour)
                : (style.colour ? ANSI.boldCyan + "note" + ANSI.reset : "note")
            for entry in baseline.absent {
                output += escaped(entry.path)
                output += ": "
                output += word
                output += " "
                output += style.colour ? ANSI.dim + entry.ruleID + ANSI.reset : entry.ruleID
                output += " "
                output += escaped(entry.slug)
                output += ": baselined finding no longer occurs"
                if !entry.message.isEmpty { output += " (was: " + escaped(report.redactor.redact(entry.message)) + ")" }
                output += "; remove it from the baseline with --write-baseline"
                output += "\n"
                handOver()
            }
        }
        if !style.quiet {
            if wroteAny || !output.isEmpty { output += "\n" }
            output += summary(report)
            output += "\n"
        }
        sink.write(output)
    }

    /// `   3  RMQ201  warning  tcpka-not-split` per rule with findings needing attention,
    /// by count (descending), then id; the count column is right-aligned.
    static func statistics(_ report: LintReport) -> String {
        var counts: [String: (count: Int, finding: Finding)] = [:]
        for finding in report.findings {
            counts[finding.ruleID, default: (0, finding)].count += 1
        }
        let rows = counts.values.sorted {
            $0.count != $1.count ? $0.count > $1.count : $0.finding.ruleID < $1.finding.ruleID
        }
        let width = String(rows.first?.count ?? 0).count
        return rows.map { row in
            let number = String(row.count)
            let severity = row.finding.severity.rawValue
            return String(repeating: " ", count: width - number.count) + number + "  " + row.finding.ruleID + "  "
                + severity + String(repeating: " ", count: 7 - severity.count) + "  " + escaped(row.finding.slug) + "\n"
        }.joined()
    }

    private static func write(_ finding: Finding, marker: String?, report: LintReport, style: ReportStyle, to output: inout String) {
        output += escaped(finding.location.description)
        output += ": "
        output += severityWord(finding.severity, colour: style.colour)
        output += " "
        output += style.colour ? ANSI.dim + finding.ruleID + ANSI.reset : finding.ruleID
        output += " "
        output += escaped(finding.slug)
        if let marker { output += " (\(marker))" }
        output += ": "
        output += escaped(report.redactor.redact(finding.message))
        output += "\n"
        for related in finding.related {
            output += "    "
            output += escaped(related.location.description)
            output += ": note: "
            output += escaped(report.redactor.redact(related.message))
            output += "\n"
        }
    }

    /// `2 errors, 1 warning, 0 info in 14 files.` or `No problems found in 14 files.`, with
    /// the suppressed, baselined and no-longer-found counts in parentheses when there are any.
    static func summary(_ report: LintReport) -> String {
        let files = counted(report.filesLinted, "file", "files")
        var extras: [String] = []
        if !report.suppressed.isEmpty { extras.append("\(report.suppressed.count) suppressed") }
        if !report.baselined.isEmpty { extras.append("\(report.baselined.count) baselined") }
        if let absent = report.baseline?.absent, !absent.isEmpty {
            extras.append(counted(absent.count, "baseline entry", "baseline entries") + " no longer found")
        }
        var tail = extras.isEmpty ? "." : " (" + extras.joined(separator: ", ") + ")."
        if !report.skipped.isEmpty {
            // "12 files read, 3 skipped: a (why), b (why), …": nothing found is dropped silently.
            let shown = report.skipped.prefix(5).map { "\($0.path) (\($0.reason))" }
            let more = report.skipped.count > 5 ? ", and \(report.skipped.count - 5) more (see --format json)" : ""
            tail = " read, \(report.skipped.count) skipped: " + shown.joined(separator: ", ") + more
                + (extras.isEmpty ? "." : " (" + extras.joined(separator: ", ") + ").")
        }
        if report.findings.isEmpty { return "No problems found in \(files)" + tail }
        let counts = SeverityCounts(report.findings)
        let errors = counted(counts.errors, "error", "errors")
        let warnings = counted(counts.warnings, "warning", "warnings")
        return "\(errors), \(warnings), \(counts.infos) info in \(files)" + tail
    }

    private static func counted(_ count: Int, _ singular: String, _ plural: String) -> String {
        "\(count) \(count == 1 ? singular : plural)"
    }

    private static func severityWord(_ severity: Severity, colour: Bool) -> String {
        guard colour else { return severity.rawValue }
        let code = switch severity {
        case .error: ANSI.boldRed
        case .warning: ANSI.boldYellow
        case .info: ANSI.boldCyan
        }
        return code + severity.rawValue + ANSI.reset
    }

    /// `text` with C0/C1 control characters (except tab) and DEL escaped.
    static func escaped(_ text: String) -> String {
        let needsWork = text.unicodeScalars.contains { isControl($0) }
        guard needsWork else { return text }
        var output = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard isControl(scalar) else {
                output.append(scalar)
                continue
            }
            let replacement: String = switch scalar {
            case "\n": "\\n"
            case "\r": "\\r"
            default: "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
            output.append(contentsOf: replacement.unicodeScalars)
        }
        return String(output)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (value < 0x20 && scalar != "\t") || (0x7F...0x9F).contains(value)
    }

    /// The few SGR sequences the text format uses.
    private enum ANSI {
        static let reset = "\u{1B}[0m"
        static let dim = "\u{1B}[2m"
        static let boldRed = "\u{1B}[1;31m"
        static let boldYellow = "\u{1B}[1;33m"
        static let boldCyan = "\u{1B}[1;36m"
    }
}
