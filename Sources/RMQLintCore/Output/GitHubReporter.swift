import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders
import RMQLintModel
import RMQLintEngine

/// GitHub Actions workflow commands, one per finding, which the runner turns into
/// annotations on the job and the pull request:
///
/// ```
/// ::error file=PATH,line=L,col=C,endLine=EL,endColumn=EC,title=RMQ204 slug::message
/// ```
///
/// `warning` findings use `::warning`, `info` ones `::notice`. Related locations are
/// appended to the message as ` (see PATH:L:C: message)`. Values are escaped as the
/// Actions toolkit does (`@actions/core` `src/command.ts`, `escapeData` /
/// `escapeProperty`), which also keeps a message from starting a command of its own.
/// Suppressed and baselined findings are not annotated. A baseline entry that no longer
/// matches a finding is a `::notice` on its file (`::error` under `--strict-baseline`).
///
/// GitHub shows at most 10 error, 10 warning and 10 notice annotations per step and 50
/// per job (actions/toolkit `docs/problem-matchers.md`, "Limitations"); the rest are
/// dropped without a word. When a kind exceeds ``annotationsPerKind``, a last plain line
/// (not a workflow command, so it is never dropped) says how many there are and where to
/// see all of them.
public enum GitHubReporter {
    /// Annotations of one kind (error, warning, notice) GitHub shows per step.
    public static let annotationsPerKind = 10

    /// One workflow command per finding, each ending with a newline.
    public static func render(_ report: LintReport) -> String {
        let sink = ReportSink()
        write(report, to: sink)
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    /// Writes the workflow commands to `sink`, a few findings at a time.
    public static func write(_ report: LintReport, to sink: ReportSink) {
        // Lines gather in `output`, handed to the sink every few kilobytes.
        var output = ""
        func handOver() {
            guard output.utf8.count >= 1 << 14 else { return }
            sink.write(output)
            output = ""
        }
        var perKind: [String: Int] = [:]
        for finding in report.findings {
            let command = switch finding.severity {
            case .error: "error"
            case .warning: "warning"
            case .info: "notice"
            }
            let bounds = finding.location.range.reportedBounds
            var message = report.redactor.redact(finding.message)
            for related in finding.related {
                message += " (see \(related.location.description): \(report.redactor.redact(related.message)))"
            }
            perKind[command, default: 0] += 1
            output += "::\(command) "
            output += "file=\(escapeProperty(finding.location.path))"
            output += ",line=\(bounds.start.line),col=\(bounds.start.column)"
            output += ",endLine=\(bounds.end.line),endColumn=\(bounds.end.column)"
            output += ",title=\(escapeProperty("\(finding.ruleID) \(finding.slug)"))"
            output += "::\(escapeData(message))\n"
            handOver()
            if sink.failed { return }
        }
        if let baseline = report.baseline {
            for entry in baseline.absent {
                var message = "Baselined finding no longer occurs"
                if !entry.message.isEmpty { message += " (was: \(report.redactor.redact(entry.message)))" }
                message += "; remove it from the baseline with --write-baseline"
                perKind[baseline.strict ? "error" : "notice", default: 0] += 1
                output += baseline.strict ? "::error " : "::notice "
                output += "file=\(escapeProperty(entry.path))"
                output += ",title=\(escapeProperty("\(entry.ruleID) \(entry.slug)"))"
                output += "::\(escapeData(message))\n"
                handOver()
            }
        }
        if perKind.values.contains(where: { $0 > annotationsPerKind }) {
            let counts = ["error", "warning", "notice"].compactMap { kind in
                perKind[kind].map { "\($0) \(kind)\($0 == 1 ? "" : "s")" }
            }
            output += "rmqlint: \(counts.joined(separator: ", ")): GitHub shows at most \(annotationsPerKind) annotations "
                + "of each kind per step (50 per job) and drops the rest; the job log above lists all of them, "
                + "and --format text or sarif reports them too\n"
        }
        sink.write(output)
    }

    /// Escaping for the message after `::` (the Actions toolkit's `escapeData`).
    static func escapeData(_ text: String) -> String { escape(text, isProperty: false) }

    /// Escaping for a `key=value` property: data escaping plus `:` and `,`.
    static func escapeProperty(_ text: String) -> String { escape(text, isProperty: true) }

    private static func escape(_ text: String, isProperty: Bool) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": output += "%25"
            case "\r": output += "%0D"
            case "\n": output += "%0A"
            case ":" where isProperty: output += "%3A"
            case "," where isProperty: output += "%2C"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}
