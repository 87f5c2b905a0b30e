/// The JSON format of spec §7, members in the order the spec shows:
///
/// ```
/// {"tool":{"name","version"},"release","rabbitmqVersion",
///  "findings":[{"ruleId","slug","severity","message","path","line","column","endLine",
///               "endColumn","service","host","related":[{"message","path","line","column",
///               "endLine","endColumn"}],"fingerprint"}],
///  "summary":{"files","errors","warnings","infos","failed"}}
/// ```
///
/// Absent `release`, `rabbitmqVersion`, `service` and `host` are `null`. Positions are
/// the model's own: 1-based, end exclusive (an empty range has end == start).
public enum JSONReporter {
    /// The report as a pretty-printed JSON document ending with a newline.
    public static func render(_ report: LintReport) -> String {
        document(report).rendered()
    }

    /// The report as a JSON value.
    public static func document(_ report: LintReport) -> JSONValue {
        let redactor = report.redactor
        let counts = SeverityCounts(report.findings)
        return .object([
            ("tool", .object([
                ("name", .string(ToolInfo.name)),
                ("version", .string(ToolInfo.version)),
            ])),
            ("release", .optional(report.release)),
            ("rabbitmqVersion", .optional(report.rabbitmqVersion)),
            ("findings", .array(report.findings.map { finding in
                .object([
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
                ])
            })),
            ("summary", .object([
                ("files", .int(report.filesLinted)),
                ("errors", .int(counts.errors)),
                ("warnings", .int(counts.warnings)),
                ("infos", .int(counts.infos)),
                ("failed", .bool(report.failed)),
            ])),
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
