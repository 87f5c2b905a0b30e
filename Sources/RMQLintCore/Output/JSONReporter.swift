import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders
import RMQLintModel
import RMQLintEngine

/// The JSON format of docs/spec.md §7, members in the order the spec shows:
///
/// ```
/// {"schemaVersion","tool":{"name","version"},"release","rabbitmqVersion",
///  "findings":[{"ruleId","slug","severity","message","path","line","column","endLine",
///               "endColumn","service","host","related":[{"message","path","line","column",
///               "endLine","endColumn"}],"fingerprint","fixes":[{"description","applicability",
///               "edits":[…]}]}],
///  "suppressed":[{…the finding's members…,"suppression":{"kind":"inSource",
///                 "justification","path","line","column"}}],
///  "baselined":[{…the finding's members…}],
///  "absent":[{"ruleId","slug","path","fingerprint","message"}],
///  "summary":{"files","errors","warnings","infos","suppressed","baselined","absent","failed"}}
/// ```
///
/// `findings` holds what needs attention; `suppressed` the findings silenced inline
/// (`justification` is `null` when the directive gives no reason); `baselined` those the
/// baseline records; `absent` the baseline entries that no longer match a finding. The
/// severity counts of the summary are those of `findings`.
///
/// `schemaVersion` is ``schemaVersion``; the document is described by the JSON Schema
/// `docs/report.schema.json`, whose `schemaVersion` const changes with it. Adding members is
/// compatible and keeps the version; removing or changing one raises it.
///
/// Absent `release`, `rabbitmqVersion`, `service` and `host` are `null`. Positions are
/// the model's own: 1-based, end exclusive (an empty range has end == start).
public enum JSONReporter {
    /// The version of the document's layout (`docs/report.schema.json`).
    public static let schemaVersion = 1

    /// The report as a pretty-printed JSON document ending with a newline.
    public static func render(_ report: LintReport) -> String {
        let sink = ReportSink()
        write(report, to: sink)
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    /// Writes the report to `sink`, one finding at a time (shaped, written, dropped).
    public static func write(_ report: LintReport, to sink: ReportSink) {
        stream(report).write(to: sink)
    }

    /// The report as a JSON value (every finding built: for tests).
    public static func document(_ report: LintReport) -> JSONValue {
        stream(report).materialized
    }

    /// The document, its finding arrays shaped element by element as they are written.
    static func stream(_ report: LintReport) -> JSONStream {
        let redactor = report.redactor
        let counts = SeverityCounts(report.findings)
        let absent = report.baseline?.absent ?? []
        let findings = report.findings, suppressed = report.suppressed, baselined = report.baselined
        return .object([
            ("schemaVersion", .value(.int(schemaVersion))),
            ("tool", .value(.object([
                ("name", .string(ToolInfo.name)),
                ("version", .string(ToolInfo.version)),
            ]))),
            ("release", .value(.optional(report.release))),
            ("rabbitmqVersion", .value(.optional(report.rabbitmqVersion))),
            // Redacting and shaping each finding is its own work: on every core, in order.
            ("findings", .elements(count: findings.count) { .object(members(findings[$0], redactor: redactor)) }),
            ("suppressed", .elements(count: suppressed.count) { index in
                let directive = suppressed[index].directive
                return .object(members(suppressed[index].finding, redactor: redactor) + [
                    ("suppression", .object([
                        ("kind", .string("inSource")),
                        ("justification", .optional(directive.reason.map(redactor.redact))),
                        ("path", .string(directive.location.path)),
                        ("line", .int(directive.location.range.start.line)),
                        ("column", .int(directive.location.range.start.column)),
                    ])),
                ])
            }),
            ("baselined", .elements(count: baselined.count) { .object(members(baselined[$0], redactor: redactor)) }),
            ("absent", .elements(count: absent.count) { index in
                let entry = absent[index]
                return .object([
                    ("ruleId", .string(entry.ruleID)),
                    ("slug", .string(entry.slug)),
                    ("path", .string(entry.path)),
                    ("fingerprint", .string(entry.fingerprint)),
                    ("message", .string(redactor.redact(entry.message))),
                ])
            }),
            ("summary", .value(.object([
                ("files", .int(report.filesLinted)),
                ("errors", .int(counts.errors)),
                ("warnings", .int(counts.warnings)),
                ("infos", .int(counts.infos)),
                ("suppressed", .int(report.suppressed.count)),
                ("baselined", .int(report.baselined.count)),
                ("absent", .int(absent.count)),
                ("failed", .bool(report.failed)),
                ("skipped", .int(report.skipped.count)),
            ]))),
            // Spec §10.1/§10.2: the release range and its evidence, and every file not read.
            ("releaseCandidates", .value(.array(report.releaseCandidates.map(JSONValue.string)))),
            ("releaseEvidence", .value(report.redactor.redact(.array(report.releaseEvidence.map(EffectiveReport.json(evidence:)))))),
            ("skipped", .elements(count: report.skipped.count) { [skipped = report.skipped] index in
                .object([("path", .string(skipped[index].path)), ("reason", .string(skipped[index].reason))])
            }),
        ])
    }

    private static func members(_ finding: Finding, redactor: Redactor) -> [(String, JSONValue)] {
        [
            ("ruleId", .string(finding.ruleID)),
            ("slug", .string(finding.slug)),
            ("severity", .string(finding.severity.rawValue)),
            ("message", .string(redactor.redact(finding.message))),
        ] + position(finding.location) + [
            ("service", .optional(finding.service.map(redactor.redact))),
            ("host", .optional(finding.host.map(redactor.redact))),
            ("related", .array(finding.related.map { related in
                .object([("message", .string(redactor.redact(related.message)))]
                    + position(related.location))
            })),
            ("fingerprint", .string(finding.fingerprint)),
            ("fixes", .array(finding.fixes.map { fix($0, redactor: redactor) })),
        ]
    }

    /// `{"description","applicability":"safe"|"unsafe","edits":[…]}`; each edit is
    /// `{"kind":"replace","path","line","column","endLine","endColumn","text"}`,
    /// `{"kind":"create","path","text"}` or `{"kind":"rename","path","to"}` (the pipeline
    /// resolves line deletions and section insertions into replacements against the file).
    static func fix(_ fix: Fix, redactor: Redactor) -> JSONValue {
        .object([
            ("description", .string(redactor.redact(fix.description))),
            ("applicability", .string(fix.applicability.rawValue)),
            ("edits", .array(fix.edits.map { edit -> JSONValue in
                switch edit {
                case .replace(let location, let text):
                    return .object([("kind", .string("replace"))] + position(location) + [("text", .string(redactor.redact(text)))])
                case .createFile(let path, let text):
                    return .object([("kind", .string("create")), ("path", .string(path)), ("text", .string(redactor.redact(text)))])
                case .rename(let from, let to):
                    return .object([("kind", .string("rename")), ("path", .string(from)), ("to", .string(to))])
                case .deleteLines(let path, let lines):
                    return .object([("kind", .string("deleteLines")), ("path", .string(path)),
                                    ("line", .int(lines.lowerBound)), ("endLine", .int(lines.upperBound))])
                case .insertLineAfter(let path, let line, let text, _):
                    return .object([("kind", .string("insertLineAfter")), ("path", .string(path)),
                                    ("line", .int(line)), ("text", .string(redactor.redact(text)))])
                case .insertLine(let path, let section, let line):
                    return .object([("kind", .string("insertLine")), ("path", .string(path)),
                                    ("section", .string(section)), ("text", .string(redactor.redact(line)))])
                }
            })),
        ])
    }

    private static func position(_ location: SourceLocation) -> [(String, JSONValue)] {
        [
            ("path", .string(location.path)),
            ("line", .int(location.range.start.line)),
            ("column", .int(location.range.start.column)),
            ("endLine", .int(location.range.end.line)),
            ("endColumn", .int(location.range.end.column)),
        ]
    }
}
