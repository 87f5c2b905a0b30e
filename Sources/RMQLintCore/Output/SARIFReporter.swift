import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders
import RMQLintModel
import RMQLintEngine

/// SARIF 2.1.0 for GitHub code scanning (docs/spec.md §7; GitHub's requirements:
/// https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning). One run; `tool.driver.rules` holds one descriptor per
/// rule that has a result, sorted by id, and each result points into it by `ruleIndex`.
///
/// Paths are written as relative URIs with `uriBaseId: "%SRCROOT%"` (GitHub reads them
/// relative to the repository root); an absolute display path becomes a `file://` URI
/// without a base. Regions are end-exclusive like the model, and an empty range is widened
/// to one character because GitHub needs a non-empty region to annotate.
///
/// Every finding is a result: suppressed ones carry `suppressions` (kind `inSource`, the
/// reason as `justification`, the directive as `location`). When a baseline is used, each
/// result has a `baselineState` (`new` or `unchanged`), and each baseline entry that no
/// longer matches a finding is a result with `baselineState: "absent"` located at the start
/// of its file (the baseline records no lines), level `note` (`error` under
/// `--strict-baseline`). `level` is the effective severity, after `severity:` overrides;
/// `rules[].defaultConfiguration` stays the rule's own default and the overrides are listed
/// in `invocations[0].ruleConfigurationOverrides`, as SARIF §3.20.5 intends.
public enum SARIFReporter {
    /// GitHub code scanning rejects runs with more results than this ("SARIF results
    /// exceed limits", docs.github.com code-scanning troubleshooting-sarif-uploads).
    public static let resultLimit = 25_000

    /// The `partialFingerprints` key: rule + path + semantic key, line-independent.
    /// GitHub computes `primaryLocationLineHash` itself, so it is left out.
    public static let fingerprintKey = "\(fingerprintMember)"
    /// ``fingerprintKey`` as a member name of the streamed results.
    private static let fingerprintMember: StaticString = "rmqlint/v1"

    /// One SARIF result to write.
    enum Item {
        /// A finding; `suppression` when silenced inline, `baselineState` when a baseline is used.
        case finding(Finding, suppression: SuppressionDirective?, baselineState: String?)
        /// A baseline entry that no longer matches a finding.
        case absent(BaselineEntry, strict: Bool)

        var ruleID: String {
            switch self {
            case .finding(let finding, _, _): finding.ruleID
            case .absent(let entry, _): entry.ruleID
            }
        }

        /// Which results survive the cap first: findings needing attention by severity,
        /// then suppressed and baselined ones, then absent entries.
        var priority: Int {
            switch self {
            case .finding(let finding, let suppression, let state):
                if suppression != nil || state == "unchanged" { return 3 }
                switch finding.severity {
                case .error: return 0
                case .warning: return 1
                case .info: return 2
                }
            case .absent(_, let strict): return strict ? 0 : 4
            }
        }
    }

    /// The results of `report`, in report order (absent entries last, in baseline order).
    static func items(_ report: LintReport) -> [Item] {
        let fingerprints = report.baseline?.fingerprints
        func state(_ finding: Finding) -> String? {
            fingerprints.map { $0.contains(finding.fingerprint) ? "unchanged" : "new" }
        }
        var rows: [(Finding, Item)] = report.findings.map { ($0, .finding($0, suppression: nil, baselineState: state($0))) }
        rows += report.suppressed.map { ($0.finding, .finding($0.finding, suppression: $0.directive, baselineState: state($0.finding))) }
        rows += report.baselined.map { ($0, .finding($0, suppression: nil, baselineState: state($0))) }
        rows.sort { Finding.reportOrder($0.0, $1.0) }
        let strict = report.baseline?.strict ?? false
        return rows.map(\.1) + (report.baseline?.absent ?? []).map { .absent($0, strict: strict) }
    }

    /// How many results `render` would drop to stay within `limit` (the CLI warns).
    public static func droppedResults(_ report: LintReport, limit: Int = resultLimit) -> Int {
        max(0, items(report).count - max(0, limit))
    }

    /// The report as a SARIF log ending with a newline; at most `limit` results.
    public static func render(_ report: LintReport, limit: Int = resultLimit) -> String {
        let sink = ReportSink()
        write(report, limit: limit, to: sink)
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    /// Writes the SARIF log to `sink`, one result at a time (shaped, written, dropped).
    public static func write(_ report: LintReport, limit: Int = resultLimit, to sink: ReportSink) {
        stream(report, limit: limit).write(to: sink)
    }

    /// The report as a SARIF log value (every result built: for tests); see ``stream(_:limit:)``.
    public static func document(_ report: LintReport, limit: Int = resultLimit) -> JSONValue {
        stream(report, limit: limit).materialized
    }

    /// The report as a SARIF log. Beyond `limit` results, the errors are kept first, then
    /// warnings, notes, suppressed or baselined results and absent entries, each in report
    /// order; the survivors stay in report order and a warning notification on the
    /// invocation says how many were dropped.
    static func stream(_ report: LintReport, limit: Int = resultLimit) -> JSONStream {
        let all = items(report)
        let kept = capped(all, limit: max(0, limit), priority: \.priority)
        let dropped = all.count - kept.count

        // Descriptors for the rules with a result, sorted by id; the first description of an
        // id wins, and a result whose rule is not in the catalogue gets a minimal one.
        var catalogue: [String: RuleDescription] = [:]
        for rule in report.rules where catalogue[rule.id] == nil {
            catalogue[rule.id] = rule
        }
        var firstItem: [String: Item] = [:]
        for item in kept where firstItem[item.ruleID] == nil {
            firstItem[item.ruleID] = item
        }
        let firedIDs = firstItem.keys.sorted()
        var ruleIndex: [String: Int] = [:]
        for (index, id) in firedIDs.enumerated() {
            ruleIndex[id] = index
        }
        let descriptors: [JSONValue] = firedIDs.compactMap { id in
            if let rule = catalogue[id] { return descriptor(rule) }
            return firstItem[id].map(minimalDescriptor)
        }

        // Each result is shaped and redacted on its own while the log is written: on every
        // core, in order, straight as bytes.
        let redactor = report.redactor
        let results = JSONStream.objects(
            count: kept.count,
            write: { [ruleIndex, catalogue] index, object in
                let item = kept[index]
                result(item, ruleIndex: ruleIndex[item.ruleID] ?? 0, rule: catalogue[item.ruleID], redactor: redactor, into: &object)
            },
            build: { [ruleIndex, catalogue] index, object in
                let item = kept[index]
                result(item, ruleIndex: ruleIndex[item.ruleID] ?? 0, rule: catalogue[item.ruleID], redactor: redactor, into: &object)
            })

        var invocation: [(String, JSONValue)] = [
            ("executionSuccessful", .bool(true)),
            ("exitCode", .int(Int(report.exitStatus))),
        ]
        let overrides: [JSONValue] = firedIDs.compactMap { id in
            guard let severity = report.severityOverrides[id], let index = ruleIndex[id] else { return nil }
            return .object([
                ("descriptor", .object([("id", .string(id)), ("index", .int(index))])),
                ("configuration", .object([("level", .string(severity.sarifLevel))])),
            ])
        }
        if !overrides.isEmpty { invocation.append(("ruleConfigurationOverrides", .array(overrides))) }
        if dropped > 0 {
            let text = "\(all.count) results were found but GitHub code scanning accepts at most "
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
            ("$schema", .value(.string("https://json.schemastore.org/sarif-2.1.0.json"))),
            ("version", .value(.string("2.1.0"))),
            ("runs", .array([
                .object([
                    ("tool", .value(.object([
                        ("driver", .object([
                            ("name", .string(ToolInfo.name)),
                            ("version", .string(ToolInfo.version)),
                            ("semanticVersion", .string(ToolInfo.version)),
                            ("informationUri", .string(ToolInfo.informationURI)),
                            ("rules", .array(descriptors)),
                        ])),
                    ]))),
                    ("invocations", .value(.array([.object(invocation)]))),
                    ("columnKind", .value(.string("unicodeCodePoints"))),
                    ("results", results),
                    ("properties", .value(.object([
                        ("release", .optional(report.release)),
                        ("releaseCandidates", .array(report.releaseCandidates.map(JSONValue.string))),
                        ("releaseEvidence", report.redactor.redact(.array(report.releaseEvidence.map(EffectiveReport.json(evidence:))))),
                        ("skipped", .array(report.skipped.map {
                            .object([("path", .string($0.path)), ("reason", .string($0.reason))])
                        })),
                    ]))),
                ]),
            ])),
        ])
    }

    /// The first `limit` findings by severity (errors first, then report order), returned
    /// in report order.
    static func capped(_ findings: [Finding], limit: Int) -> [Finding] {
        capped(findings, limit: limit) { finding in
            switch finding.severity {
            case .error: 0
            case .warning: 1
            case .info: 2
            }
        }
    }

    /// The first `limit` elements by `priority` (lowest first, ties in order), returned in
    /// their original order.
    static func capped<Element>(_ elements: [Element], limit: Int, priority: (Element) -> Int) -> [Element] {
        guard elements.count > limit else { return elements }
        let ranks = elements.map(priority)
        let chosen = elements.indices
            .sorted { lhs, rhs in ranks[lhs] != ranks[rhs] ? ranks[lhs] < ranks[rhs] : lhs < rhs }
            .prefix(limit)
            .sorted()
        return chosen.map { elements[$0] }
    }

    // MARK: Rules

    private static func descriptor(_ rule: RuleDescription) -> JSONValue {
        var tags: [JSONValue] = [.string("rabbitmq")]
        if let family = rule.family { tags.append(.string(family.title)) }
        // Site policies from the configuration (docs/spec.md §11) are tagged so code scanning can filter them.
        if rule.isUserDefined { tags.append(.string("user")) }
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

    /// For a result whose rule is missing from the catalogue: still a valid descriptor, so
    /// the result's `ruleIndex` has something to point at.
    private static func minimalDescriptor(_ item: Item) -> JSONValue {
        let (id, slug, level): (String, String, String) = switch item {
        case .finding(let finding, _, _): (finding.ruleID, finding.slug, finding.severity.sarifLevel)
        case .absent(let entry, _): (entry.ruleID, entry.slug, "note")
        }
        return .object([
            ("id", .string(id)),
            ("name", .string(nonEmpty(slug, or: id))),
            ("shortDescription", .object([("text", .string(nonEmpty(slug, or: id)))])),
            ("helpUri", .string(ToolInfo.helpURI(forRule: id))),
            ("defaultConfiguration", .object([("level", .string(level))])),
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

    /// A result's members, written as bytes or built as a value by the same code (see
    /// ``JSONObjectShaping``).
    private static func result<Shaper: JSONObjectShaping>(
        _ item: Item, ruleIndex: Int, rule: RuleDescription?, redactor: Redactor, into object: inout Shaper
    ) {
        switch item {
        case .finding(let finding, let suppression, let baselineState):
            result(finding, suppression: suppression, baselineState: baselineState,
                   ruleIndex: ruleIndex, rule: rule, redactor: redactor, into: &object)
        case .absent(let entry, let strict):
            var text = "Baselined finding no longer occurs"
            if !entry.message.isEmpty { text += " (was: \(redactor.redact(entry.message)))" }
            text += "; remove it from the baseline with --write-baseline."
            object.add("ruleId", string: entry.ruleID)
            object.add("ruleIndex", int: ruleIndex)
            object.add("level", string: strict ? "error" : "note")
            object.addObject("message") { $0.add("text", string: text) }
            locations(.wholeFile(entry.path), into: &object)
            object.addObject("partialFingerprints") { $0.add(fingerprintMember, string: entry.fingerprint) }
            object.add("baselineState", string: "absent")
        }
    }

    private static func result<Shaper: JSONObjectShaping>(
        _ finding: Finding, suppression: SuppressionDirective?, baselineState: String?,
        ruleIndex: Int, rule: RuleDescription?, redactor: Redactor, into object: inout Shaper
    ) {
        let fallback = rule.map { nonEmpty($0.summary, or: "\(finding.ruleID) \(finding.slug)") }
            ?? "\(finding.ruleID) \(finding.slug)"
        object.add("ruleId", string: finding.ruleID)
        object.add("ruleIndex", int: ruleIndex)
        object.add("level", string: finding.severity.sarifLevel)
        object.addObject("message") { $0.add("text", string: nonEmpty(redactor.redact(finding.message), or: fallback)) }
        locations(finding.location, into: &object)
        let related = finding.related
        if !related.isEmpty {
            object.addObjects("relatedLocations", count: related.count) { index, entry in
                entry.add("id", int: index + 1)
                entry.addObject("physicalLocation") { physicalLocation(related[index].location, into: &$0) }
                entry.addObject("message") {
                    $0.add("text", string: nonEmpty(redactor.redact(related[index].message), or: "Related location."))
                }
            }
        }
        object.addObject("partialFingerprints") { $0.add(fingerprintMember, fingerprint: finding.fingerprintHash) }
        if let baselineState { object.add("baselineState", string: baselineState) }
        let fixes = finding.fixes.compactMap(SARIFFix.init)
        if !fixes.isEmpty {
            object.addObjects("fixes", count: fixes.count) { index, entry in fix(fixes[index], redactor: redactor, into: &entry) }
        }
        if let suppression {
            object.addObjects("suppressions", count: 1) { _, entry in
                entry.add("kind", string: "inSource")
                if let reason = suppression.reason { entry.add("justification", string: redactor.redact(reason)) }
                entry.addObject("location") { location in
                    location.addObject("physicalLocation") { physicalLocation(suppression.location, into: &$0) }
                }
            }
        }
        if finding.service != nil || finding.host != nil {
            object.addObject("properties") { properties in
                if let service = finding.service { properties.add("service", string: redactor.redact(service)) }
                if let host = finding.host { properties.add("host", string: redactor.redact(host)) }
            }
        }
    }

    /// A fix SARIF can express: its replacements grouped by file, files in the order of
    /// their first edit. SARIF has no rename, so a fix that renames has none; neither has
    /// one with unresolved edits (see ``FixEdit``).
    private struct SARIFFix {
        var fix: Fix
        var changes: [(path: String, edits: [FixEdit])]

        init?(_ fix: Fix) {
            self.fix = fix
            changes = []
            for edit in fix.edits {
                switch edit {
                case .replace, .createFile: break
                case .rename, .deleteLines, .insertLine, .insertLineAfter: return nil
                }
                if let index = changes.firstIndex(where: { $0.path == edit.path }) {
                    changes[index].edits.append(edit)
                } else {
                    changes.append((edit.path, [edit]))
                }
            }
            if changes.isEmpty { return nil }
        }
    }

    /// A fix as SARIF `fix`: `artifactChanges` with `replacements` (a created file is one
    /// insertion at its start). The applicability goes in `properties`.
    private static func fix<Shaper: JSONObjectShaping>(_ sarifFix: SARIFFix, redactor: Redactor, into object: inout Shaper) {
        let fix = sarifFix.fix, changes = sarifFix.changes
        object.addObject("description") {
            $0.add("text", string: nonEmpty(redactor.redact(fix.description), or: "Apply the fix."))
        }
        object.addObjects("artifactChanges", count: changes.count) { index, change in
            change.addObject("artifactLocation") { artifactLocation(changes[index].path, into: &$0) }
            let edits = changes[index].edits
            change.addObjects("replacements", count: edits.count) { index, replacement in
                switch edits[index] {
                case .replace(let location, let text):
                    let range = location.range
                    replacement.addObject("deletedRegion") { region in
                        region.add("startLine", int: range.start.line)
                        region.add("startColumn", int: range.start.column)
                        // An insertion is an empty region: its end column only.
                        if range.start != range.end { region.add("endLine", int: range.end.line) }
                        region.add("endColumn", int: range.start == range.end ? range.start.column : range.end.column)
                    }
                    if !text.isEmpty { replacement.addObject("insertedContent") { $0.add("text", string: redactor.redact(text)) } }
                case .createFile(_, let text):
                    replacement.addObject("deletedRegion") { region in
                        region.add("startLine", int: 1)
                        region.add("startColumn", int: 1)
                        region.add("endColumn", int: 1)
                    }
                    replacement.addObject("insertedContent") { $0.add("text", string: redactor.redact(text)) }
                case .rename, .deleteLines, .insertLine, .insertLineAfter:
                    // Never here: ``SARIFFix`` keeps no fix with such an edit.
                    break
                }
            }
        }
        object.addObject("properties") { $0.add("applicability", string: fix.applicability.rawValue) }
    }

    /// `"locations": [{"physicalLocation": …}]`.
    private static func locations<Shaper: JSONObjectShaping>(_ location: SourceLocation, into object: inout Shaper) {
        object.addObjects("locations", count: 1) { _, entry in
            entry.addObject("physicalLocation") { physicalLocation(location, into: &$0) }
        }
    }

    private static func physicalLocation<Shaper: JSONObjectShaping>(_ location: SourceLocation, into object: inout Shaper) {
        let bounds = location.range.reportedBounds
        object.addObject("artifactLocation") { artifactLocation(location.path, into: &$0) }
        object.addObject("region") { region in
            region.add("startLine", int: bounds.start.line)
            region.add("startColumn", int: bounds.start.column)
            region.add("endLine", int: bounds.end.line)
            region.add("endColumn", int: bounds.end.column)
        }
    }

    /// A relative display path against `%SRCROOT%`; an absolute one as a `file:` URI.
    static func artifactLocation(_ path: String) -> JSONValue {
        var object = JSONObjectBuilder()
        artifactLocation(path, into: &object)
        return .object(object.members)
    }

    private static func artifactLocation<Shaper: JSONObjectShaping>(_ path: String, into object: inout Shaper) {
        if path.hasPrefix("/") {
            object.add("uri", string: "file://" + percentEncodedPath(path))
            return
        }
        var relative = Substring(path)
        while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
        object.add("uri", string: percentEncodedPath(String(relative)))
        object.add("uriBaseId", string: "%SRCROOT%")
    }

    /// `path` as a URI path: `/` kept as the separator, every byte outside RFC 3986's
    /// unreserved set and a few safe sub-delimiters percent-encoded. `:` is always
    /// encoded, so a first segment such as `c:x` is not read as a scheme.
    static func percentEncodedPath(_ path: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(path.utf8.count)
        let hex: StaticString = "0123456789ABCDEF"
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"),
                UInt8(ascii: "/"), UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"),
                UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"),
                UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="),
                UInt8(ascii: "@"):
                output.append(byte)
            default:
                output.append(UInt8(ascii: "%"))
                output.append(hex.utf8Start[Int(byte >> 4)])
                output.append(hex.utf8Start[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func nonEmpty(_ text: String, or fallback: String) -> String {
        text.allSatisfy(\.isWhitespace) ? fallback : text
    }
}
