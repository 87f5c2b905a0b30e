import RMQLintSource
import RMQLintModel

/// One inline suppression comment (docs/spec.md §8):
///
/// ```
/// # rmqlint: disable=RMQ201 -- legacy clients cannot use split keep-alives
/// # rmqlint: disable-file=RMQ202,RMQ203 -- this proxy is retired next sprint
/// ```
///
/// `disable` covers findings that start on the comment's line or on the line below it;
/// `disable-file` covers the whole file. Rules are named by id (`RMQ201`) or slug
/// (`tcpka-not-split`), comma-separated. The reason follows ` -- `; a directive without
/// one still suppresses, and is reported (RMQ003). A comment that starts `rmqlint:` but
/// cannot be read (`# rmqlint: disabel=RMQ201`) suppresses nothing and is reported (RMQ004).
public struct SuppressionDirective: Hashable, Sendable {
    /// What a directive covers.
    public enum Scope: String, Hashable, Sendable {
        /// `disable=`: findings on the comment's line and on the line below it.
        case line = "disable"
        /// `disable-file=`: every finding in the file.
        case file = "disable-file"
    }

    /// What the directive covers; `nil` when it is malformed (see ``malformation``).
    public var scope: Scope?
    /// The rule names as written (ids or slugs), each with its own location.
    public var rules: [Located<String>]
    /// The text after ` -- `, trimmed; `nil` when there is none or it is blank.
    public var reason: String?
    /// Text after the rule names that is not introduced by `--` (a reason written without
    /// the separator); `nil` when there is none.
    public var strayText: String?
    /// Why the directive does nothing (unknown keyword, no `=`, no rule names); `nil` when
    /// it is well formed.
    public var malformation: String?
    /// The whole comment, from its `#` (or `;`) to the end of the line.
    public var location: SourceLocation

    /// Creates a directive.
    public init(
        scope: Scope?, rules: [Located<String>], reason: String?, strayText: String? = nil,
        malformation: String? = nil, location: SourceLocation
    ) {
        self.scope = scope
        self.rules = rules
        self.reason = reason
        self.strayText = strayText
        self.malformation = malformation
        self.location = location
    }

    /// The line the comment is on.
    public var line: Int { location.range.start.line }

    /// Whether this directive covers a finding that starts on `findingLine` of its file.
    public func covers(line findingLine: Int) -> Bool {
        switch scope {
        case .file?: true
        case .line?: findingLine == line || findingLine == line + 1
        case nil: false
        }
    }
}

/// Reads `rmqlint:` directives out of comment text.
public enum SuppressionParser {
    /// The directive in `comment` (the comment's text from its marker, e.g.
    /// `# rmqlint: disable=RMQ201 -- why`), which starts at `location`; `nil` when the
    /// comment is not addressed to rmqlint at all. Columns of the rule names count Unicode
    /// scalars from `location`'s start column.
    public static func parse(comment: String, at location: SourceLocation) -> SuppressionDirective? {
        let scalars = Array(comment.unicodeScalars)
        var index = 0
        // Leading comment markers and blanks: `#`, `##`, `;`, `# `…
        while index < scalars.count, ["#", ";", " ", "\t"].contains(scalars[index]) { index += 1 }
        guard matches("rmqlint", in: scalars, at: index) else { return nil }
        index += "rmqlint".unicodeScalars.count
        skipBlanks(scalars, &index)
        guard index < scalars.count, scalars[index] == ":" else { return nil }
        index += 1
        skipBlanks(scalars, &index)

        let keywordStart = index
        while index < scalars.count, isKeywordScalar(scalars[index]) { index += 1 }
        let keyword = String(String.UnicodeScalarView(scalars[keywordStart..<index]))
        let line = location.range.start.line
        let baseColumn = location.range.start.column

        func malformed(_ why: String) -> SuppressionDirective {
            SuppressionDirective(scope: nil, rules: [], reason: nil, malformation: why, location: location)
        }
        guard let scope = SuppressionDirective.Scope(rawValue: keyword) else {
            let shown = keyword.isEmpty ? "nothing" : "'\(keyword)'"
            return malformed("expected 'disable=' or 'disable-file=' after 'rmqlint:', found \(shown)")
        }
        skipBlanks(scalars, &index)
        guard index < scalars.count, scalars[index] == "=" else {
            return malformed("expected '=' and rule ids after '\(keyword)'")
        }
        index += 1

        var rules: [Located<String>] = []
        var reason: String?
        var strayText: String?
        while true {
            skipBlanks(scalars, &index)
            if index >= scalars.count { break }
            if isSeparator(scalars, at: index) {
                let text = String(String.UnicodeScalarView(scalars[(index + 2)...])).trimmingSpaces
                reason = text.isEmpty ? nil : text
                break
            }
            let start = index
            while index < scalars.count, isRuleScalar(scalars[index]), !isSeparator(scalars, at: index) { index += 1 }
            if index == start {
                // Neither a rule name, a comma nor `--`: the rest is prose without a separator.
                let text = String(String.UnicodeScalarView(scalars[index...])).trimmingSpaces
                strayText = text.isEmpty ? nil : text
                break
            }
            let name = String(String.UnicodeScalarView(scalars[start..<index]))
            rules.append(Located(name, at: SourceLocation(
                path: location.path, line: line, column: baseColumn + start, length: index - start)))
            skipBlanks(scalars, &index)
            if index < scalars.count, scalars[index] == "," {
                index += 1
                continue
            }
            if index < scalars.count, !isSeparator(scalars, at: index) {
                let text = String(String.UnicodeScalarView(scalars[index...])).trimmingSpaces
                strayText = text.isEmpty ? nil : text
                break
            }
        }
        if rules.isEmpty {
            return malformed("'\(keyword)=' names no rule (write e.g. '# rmqlint: \(keyword)=RMQ201 -- reason')")
        }
        return SuppressionDirective(
            scope: scope, rules: rules, reason: reason, strayText: strayText, location: location)
    }

    private static func matches(_ word: String, in scalars: [Unicode.Scalar], at index: Int) -> Bool {
        let wanted = Array(word.unicodeScalars)
        guard index + wanted.count <= scalars.count else { return false }
        return Array(scalars[index..<(index + wanted.count)]) == wanted
    }

    private static func skipBlanks(_ scalars: [Unicode.Scalar], _ index: inout Int) {
        while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
    }

    private static func isSeparator(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        index + 1 < scalars.count && scalars[index] == "-" && scalars[index + 1] == "-"
    }

    private static func isKeywordScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "-"
    }

    /// Letters, digits, `-` and `_`: ids (`RMQ201`) and slugs (`tcpka-not-split`).
    private static func isRuleScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || scalar == "-" || scalar == "_"
    }
}
