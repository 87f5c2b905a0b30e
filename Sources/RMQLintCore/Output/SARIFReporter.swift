/// SARIF 2.1.0 for GitHub code scanning (spec §7; GitHub's requirements are summarised
/// in research/anchors.md, Part 4). One run; `tool.driver.rules` holds one descriptor per
/// rule that has a result, sorted by id, and each result points into it by `ruleIndex`.
///
/// Paths are written as relative URIs with `uriBaseId: "%SRCROOT%"` (GitHub reads them
/// relative to the repository root); an absolute display path becomes a `file://` URI
/// without a base. Regions are end-exclusive like the model, and an empty range is widened
/// to one character because GitHub needs a non-empty region to annotate.
public enum SARIFReporter {
    /// GitHub code scanning rejects runs with more results than this ("SARIF results
    /// exceed limits", docs.github.com code-scanning troubleshooting-sarif-uploads).
    public static let resultLimit = 25_000

    /// The `partialFingerprints` key: rule + path + semantic key, line-independent.
    /// GitHub computes `primaryLocationLineHash` itself, so it is left out.
    public static let fingerprintKey = "rmqlint/v1"

    /// The report as a SARIF log ending with a newline; at most `limit` results.
    public static func render(_ report: LintReport, limit: Int = resultLimit) -> String {
        document(report, limit: limit).rendered()
    }

    /// The report as a SARIF log. Beyond `limit` findings, the errors are kept first, then
    /// the others in report order; the survivors stay in report order and a warning
    /// notification on the invocation says how many were dropped.
    public static func document(_ report: LintReport, limit: Int = resultLimit) -> JSONValue {
        let kept = capped(report.findings, limit: max(0, limit))
        let dropped = report.findings.count - kept.count

        // Descriptors for the rules with a result, sorted by id; the first description of an
        // id wins, and a finding whose rule is not in the catalogue gets a minimal one.
        var catalogue: [String: RuleDescription] = [:]
        for rule in report.rules where catalogue[rule.id] == nil {
            catalogue[rule.id] = rule
        }
        var firstFinding: [String: Finding] = [:]
        for finding in kept where firstFinding[finding.ruleID] == nil {
            firstFinding[finding.ruleID] = finding
        }
        let firedIDs = firstFinding.keys.sorted()
        var ruleIndex: [String: Int] = [:]
        for (index, id) in firedIDs.enumerated() {
            ruleIndex[id] = index
        }
        let descriptors: [JSONValue] = firedIDs.compactMap { id in
            if let rule = catalogue[id] { return descriptor(rule) }
            return firstFinding[id].map(minimalDescriptor)
        }

        let results: [JSONValue] = kept.map { finding in
            result(finding, ruleIndex: ruleIndex[finding.ruleID] ?? 0,
                   rule: catalogue[finding.ruleID], redactor: report.redactor)
        }

        var invocation: [(String, JSONValue)] = [
            ("executionSuccessful", .bool(true)),
            ("exitCode", .int(Int(report.exitStatus))),
        ]
        if dropped > 0 {
            let text = "\(report.findings.count) results were found but GitHub code scanning accepts at most "
                + "\(limit) per run: \(dropped) lower-severity results were dropped from this file. "
                + "Use --format json for the complete list."
            invocation.append(("toolExecutionNotifications", .array([
                .object([
                    ("level", .string("warning")),
                    ("message", .object([("text", .string(text))])),
                ]),
            ])))
        }

        return .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([
                .object([
                    ("tool", .object([
                        ("driver", .object([
                            ("name", .string(ToolInfo.name)),
                            ("version", .string(ToolInfo.version)),
                            ("semanticVersion", .string(ToolInfo.version)),
                            ("informationUri", .string(ToolInfo.informationURI)),
                            ("rules", .array(descriptors)),
                        ])),
                    ])),
                    ("invocations", .array([.object(invocation)])),
                    ("columnKind", .string("unicodeCodePoints")),
                    ("results", .array(results)),
                ]),
            ])),
        ])
    }

    /// The first `limit` findings by severity (errors first, then report order), returned
    /// in report order.
    static func capped(_ findings: [Finding], limit: Int) -> [Finding] {
        guard findings.count > limit else { return findings }
        let chosen = findings.indices
            .sorted { lhs, rhs in
                let (a, b) = (findings[lhs].severity, findings[rhs].severity)
                return a != b ? a > b : lhs < rhs
            }
            .prefix(limit)
            .sorted()
        return chosen.map { findings[$0] }
    }

    // MARK: Rules

    private static func descriptor(_ rule: RuleDescription) -> JSONValue {
        var tags: [JSONValue] = [.string("rabbitmq")]
        if let family = rule.family { tags.append(.string(family.title)) }
        return .object([
            ("id", .string(rule.id)),
            ("name", .string(rule.slug)),
            ("shortDescription", .object([("text", .string(nonEmpty(rule.summary, or: rule.slug)))])),
            ("fullDescription", .object([("text", .string(nonEmpty(rule.whatItDoes, or: rule.summary)))])),
            ("help", .object([
                ("text", .string(helpText(rule, markdown: false))),
                ("markdown", .string(helpText(rule, markdown: true))),
            ])),
            ("helpUri", .string(rule.helpURI)),
            ("defaultConfiguration", .object([("level", .string(rule.severity.sarifLevel))])),
            ("properties", .object([
                ("tags", .array(tags)),
                ("precision", .string("high")),
                ("problem.severity", .string(problemSeverity(rule.severity))),
            ])),
        ])
    }

    /// For a finding whose rule is missing from the catalogue: still a valid descriptor, so
    /// the result's `ruleIndex` has something to point at.
    private static func minimalDescriptor(_ finding: Finding) -> JSONValue {
        .object([
            ("id", .string(finding.ruleID)),
            ("name", .string(finding.slug)),
            ("shortDescription", .object([("text", .string(nonEmpty(finding.slug, or: finding.ruleID)))])),
            ("helpUri", .string(ToolInfo.helpURI(forRule: finding.ruleID))),
            ("defaultConfiguration", .object([("level", .string(finding.severity.sarifLevel))])),
            ("properties", .object([
                ("tags", .array([.string("rabbitmq")])),
                ("precision", .string("high")),
            ])),
        ])
    }

    /// The alert body, with ruff's rule-page headings (`## ` headings in Markdown, bare
    /// heading lines in plain text).
    static func helpText(_ rule: RuleDescription, markdown: Bool) -> String {
        var sections: [(String, String)] = [
            ("What it does", rule.whatItDoes),
            ("Why is this bad?", rule.whyItMatters),
            ("Use instead", rule.fix),
            ("Applies to", rule.appliesTo),
        ]
        if !rule.references.isEmpty {
            sections.append(("References", rule.references.map { "- \($0)" }.joined(separator: "\n")))
        }
        return sections
            .filter { !$0.1.isEmpty }
            .map { heading, body in (markdown ? "## " : "") + heading + "\n" + body }
            .joined(separator: "\n\n")
    }

    /// GitHub's `problem.severity` vocabulary for non-security rules.
    private static func problemSeverity(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "recommendation"
        }
    }

    // MARK: Results

    private static func result(_ finding: Finding, ruleIndex: Int, rule: RuleDescription?, redactor: Redactor) -> JSONValue {
        let fallback = rule.map { nonEmpty($0.summary, or: "\(finding.ruleID) \(finding.slug)") }
            ?? "\(finding.ruleID) \(finding.slug)"
        var members: [(String, JSONValue)] = [
            ("ruleId", .string(finding.ruleID)),
            ("ruleIndex", .int(ruleIndex)),
            ("level", .string(finding.severity.sarifLevel)),
            ("message", .object([("text", .string(nonEmpty(redactor.redact(finding.message), or: fallback)))])),
            ("locations", .array([.object([("physicalLocation", physicalLocation(finding.location))])])),
        ]
        if !finding.related.isEmpty {
            members.append(("relatedLocations", .array(finding.related.enumerated().map { offset, related in
                .object([
                    ("id", .int(offset + 1)),
                    ("physicalLocation", physicalLocation(related.location)),
                    ("message", .object([("text", .string(nonEmpty(redactor.redact(related.message), or: "Related location.")))])),
                ])
            })))
        }
        members.append(("partialFingerprints", .object([(fingerprintKey, .string(finding.fingerprint))])))
        var properties: [(String, JSONValue)] = []
        if let service = finding.service { properties.append(("service", .string(redactor.redact(service)))) }
        if let host = finding.host { properties.append(("host", .string(redactor.redact(host)))) }
        if !properties.isEmpty { members.append(("properties", .object(properties))) }
        return .object(members)
    }

    private static func physicalLocation(_ location: SourceLocation) -> JSONValue {
        let bounds = location.range.reportedBounds
        return .object([
            ("artifactLocation", artifactLocation(location.path)),
            ("region", .object([
                ("startLine", .int(bounds.start.line)),
                ("startColumn", .int(bounds.start.column)),
                ("endLine", .int(bounds.end.line)),
                ("endColumn", .int(bounds.end.column)),
            ])),
        ])
    }

    /// A relative display path against `%SRCROOT%`; an absolute one as a `file:` URI.
    static func artifactLocation(_ path: String) -> JSONValue {
        if path.hasPrefix("/") {
            return .object([("uri", .string("file://" + percentEncodedPath(path)))])
        }
        var relative = Substring(path)
        while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
        return .object([
            ("uri", .string(percentEncodedPath(String(relative)))),
            ("uriBaseId", .string("%SRCROOT%")),
        ])
    }

    /// `path` as a URI path: `/` kept as the separator, every byte outside RFC 3986's
    /// unreserved set and a few safe sub-delimiters percent-encoded. `:` is always
    /// encoded, so a first segment such as `c:x` is not read as a scheme.
    static func percentEncodedPath(_ path: String) -> String {
        var output = ""
        output.reserveCapacity(path.utf8.count)
        let hex: [Character] = Array("0123456789ABCDEF")
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"),
                UInt8(ascii: "/"), UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"),
                UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"),
                UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="),
                UInt8(ascii: "@"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output.append("%")
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            }
        }
        return output
    }

    private static func nonEmpty(_ text: String, or fallback: String) -> String {
        text.allSatisfy(\.isWhitespace) ? fallback : text
    }
}
