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
            // Redacting and shaping each finding is its own work: on every core, in order,
            // written straight as bytes.
            ("findings", .objects(
                count: findings.count,
                write: { members(findings[$0], redactor: redactor, into: &$1) },
                build: { members(findings[$0], redactor: redactor, into: &$1) })),
            ("suppressed", .objects(
                count: suppressed.count,
                write: { suppressedMembers(suppressed[$0], redactor: redactor, into: &$1) },
                build: { suppressedMembers(suppressed[$0], redactor: redactor, into: &$1) })),
            ("baselined", .objects(
                count: baselined.count,
                write: { members(baselined[$0], redactor: redactor, into: &$1) },
                build: { members(baselined[$0], redactor: redactor, into: &$1) })),
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

    /// A finding's members, from `ruleId` to `fixes`.
    private static func members<Shaper: JSONObjectShaping>(_ finding: Finding, redactor: Redactor, into object: inout Shaper) {
        object.add("ruleId", string: finding.ruleID)
        object.add("slug", string: finding.slug)
        object.add("severity", string: finding.severity.rawValue)
        object.add("message", string: redactor.redact(finding.message))
        position(finding.location, into: &object)
        object.add("service", optional: finding.service.map { redactor.redact($0) })
        object.add("host", optional: finding.host.map { redactor.redact($0) })
        let related = finding.related
        object.addObjects("related", count: related.count) { index, entry in
            entry.add("message", string: redactor.redact(related[index].message))
            position(related[index].location, into: &entry)
        }
        object.add("fingerprint", fingerprint: finding.fingerprintHash)
        let fixes = finding.fixes
        object.addObjects("fixes", count: fixes.count) { index, entry in
            fix(fixes[index], redactor: redactor, into: &entry)
        }
    }

    /// A suppressed finding's members, then `suppression`.
    private static func suppressedMembers<Shaper: JSONObjectShaping>(
        _ suppressed: SuppressedFinding, redactor: Redactor, into object: inout Shaper
    ) {
        members(suppressed.finding, redactor: redactor, into: &object)
        let directive = suppressed.directive
        object.addObject("suppression") { entry in
            entry.add("kind", string: "inSource")
            entry.add("justification", optional: directive.reason.map { redactor.redact($0) })
            entry.add("path", string: directive.location.path)
            entry.add("line", int: directive.location.range.start.line)
            entry.add("column", int: directive.location.range.start.column)
        }
    }

    /// `{"description","applicability":"safe"|"unsafe","edits":[…]}`; each edit is
    /// `{"kind":"replace","path","line","column","endLine","endColumn","text"}`,
    /// `{"kind":"create","path","text"}` or `{"kind":"rename","path","to"}` (the pipeline
    /// resolves line deletions and section insertions into replacements against the file).
    static func fix<Shaper: JSONObjectShaping>(_ fix: Fix, redactor: Redactor, into object: inout Shaper) {
        object.add("description", string: redactor.redact(fix.description))
        object.add("applicability", string: fix.applicability.rawValue)
        let edits = fix.edits
        object.addObjects("edits", count: edits.count) { index, entry in
            switch edits[index] {
            case .replace(let location, let text):
                entry.add("kind", string: "replace")
                position(location, into: &entry)
                entry.add("text", string: redactor.redact(text))
            case .createFile(let path, let text):
                entry.add("kind", string: "create")
                entry.add("path", string: path)
                entry.add("text", string: redactor.redact(text))
            case .rename(let from, let to):
                entry.add("kind", string: "rename")
                entry.add("path", string: from)
                entry.add("to", string: to)
            case .deleteLines(let path, let lines):
                entry.add("kind", string: "deleteLines")
                entry.add("path", string: path)
                entry.add("line", int: lines.lowerBound)
                entry.add("endLine", int: lines.upperBound)
            case .insertLineAfter(let path, let line, let text, _):
                entry.add("kind", string: "insertLineAfter")
                entry.add("path", string: path)
                entry.add("line", int: line)
                entry.add("text", string: redactor.redact(text))
            case .insertLine(let path, let section, let line):
                entry.add("kind", string: "insertLine")
                entry.add("path", string: path)
                entry.add("section", string: section)
                entry.add("text", string: redactor.redact(line))
            }
        }
    }

    private static func position<Shaper: JSONObjectShaping>(_ location: SourceLocation, into object: inout Shaper) {
        object.add("path", string: location.path)
        object.add("line", int: location.range.start.line)
        object.add("column", int: location.range.start.column)
        object.add("endLine", int: location.range.end.line)
        object.add("endColumn", int: location.range.end.column)
    }
}
