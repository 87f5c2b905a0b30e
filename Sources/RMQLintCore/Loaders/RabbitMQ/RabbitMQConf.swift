import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge

/// One `key = value` line of a new-style (sysctl format) `rabbitmq.conf`.
public struct RabbitMQConfEntry: Sendable {
    /// Dotted key, e.g. `cluster_partition_handling` or `listeners.tcp.1`.
    public var key: String
    /// Value as written, trimmed.
    public var value: String
    /// Where the key is written.
    public var keyLocation: SourceLocation
    /// Where the value is written.
    public var valueLocation: SourceLocation
    /// Whether the value holds Jinja (`{{ }}`), to be evaluated before use.
    public var isTemplated: Bool
    /// Whether the line is inside a Jinja block (`{% if %}`, `{% for %}`…): rendered only on
    /// some conditions, or repeated.
    public var isConditional: Bool = false
}

/// A parsed `rabbitmq.conf` (RW `docs/configure.md` "The New and Old Config File Formats").
public struct RabbitMQConf: Sendable {
    /// The file's display path.
    public var path: String
    /// Entries in file order.
    public var entries: [RabbitMQConfEntry]

    /// The effective (last) entry for `key`.
    public func last(_ key: String) -> RabbitMQConfEntry? { entries.last { $0.key == key } }

    /// Entries whose key starts with `prefix` (e.g. `listeners.`).
    public func entries(withPrefix prefix: String) -> [RabbitMQConfEntry] {
        entries.filter { $0.key.hasPrefix(prefix) }
    }
}

/// Reads `rabbitmq.conf`: `key = value` lines and `#` comment lines. Kolla templates
/// the file, so `{% … %}` lines are skipped and `{{ … }}` values kept verbatim.
public enum RabbitMQConfLoader {
    /// Parses `text`; malformed lines become located diagnostics and are skipped.
    public static func parse(_ text: String, path: String) -> (conf: RabbitMQConf, diagnostics: [LoadDiagnostic]) {
        var entries: [RabbitMQConfEntry] = []
        var diagnostics: [LoadDiagnostic] = []
        var lineNumber = 0
        var inJinjaComment = false
        var blockDepth = 0
        // Split on the scalar "\n": as Characters, "\r\n" is one grapheme that is not
        // "\n", so a CRLF file would read as a single line.
        for rawLine in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let scalars = Array(rawLine.filter { $0 != "\r" })
            guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }) else { continue }
            let content = String(String.UnicodeScalarView(scalars[first...]))
            if inJinjaComment {
                if content.contains("#}") { inJinjaComment = false }
                continue
            }
            if content.hasPrefix("#") { continue }
            if content.hasPrefix("{#") {
                inJinjaComment = !content.contains("#}")
                continue
            }
            if content.hasPrefix("{%") {
                blockDepth = max(0, blockDepth + jinjaBlockChange(content))
                continue
            }
            guard let equals = scalars[first...].firstIndex(of: "=") else {
                diagnostics.append(LoadDiagnostic(
                    "expected 'key = value' in rabbitmq.conf",
                    at: SourceLocation(path: path, line: lineNumber, column: first + 1)))
                continue
            }
            let keyEnd = scalars[first..<equals].lastIndex(where: { $0 != " " && $0 != "\t" }).map { $0 + 1 } ?? first
            let key = String(String.UnicodeScalarView(scalars[first..<keyEnd]))
            if key.isEmpty {
                diagnostics.append(LoadDiagnostic(
                    "missing key before '='", at: SourceLocation(path: path, line: lineNumber, column: equals + 1)))
                continue
            }
            let valueStart = scalars[(equals + 1)...].firstIndex(where: { $0 != " " && $0 != "\t" }) ?? scalars.count
            let valueEnd = scalars[valueStart...].lastIndex(where: { $0 != " " && $0 != "\t" }).map { $0 + 1 } ?? valueStart
            let value = String(String.UnicodeScalarView(scalars[valueStart..<valueEnd]))
            entries.append(RabbitMQConfEntry(
                key: key, value: value,
                keyLocation: SourceLocation(path: path, line: lineNumber, column: first + 1, length: keyEnd - first),
                valueLocation: SourceLocation(path: path, line: lineNumber, column: valueStart + 1, length: valueEnd - valueStart),
                isTemplated: value.contains("{{") || value.contains("{%"), isConditional: blockDepth > 0))
        }
        return (RabbitMQConf(path: path, entries: entries), diagnostics)
    }

    /// How a line of `{% … %}` tags changes the block depth: +1 per opening tag, -1 per
    /// `{% end… %}`; `else`, `elif`, `include` and an assigning `set` open nothing.
    static func jinjaBlockChange(_ line: String) -> Int {
        var change = 0
        for tag in line.split(separator: "{%", omittingEmptySubsequences: false).dropFirst() {
            let body = tag.drop { $0 == "-" || $0 == "+" || $0 == " " || $0 == "\t" }
            let keyword = body.prefix { $0.isLetter }
            switch keyword {
            case "if", "for", "macro", "call", "filter", "block", "with": change += 1
            case "set":
                // `{% set x %}…{% endset %}` is a block; `{% set x = 1 %}` is not.
                let statement = body.prefix { $0 != "%" }
                if !statement.contains("=") { change += 1 }
            default:
                if keyword.hasPrefix("end") { change -= 1 }
            }
        }
        return change
    }
}
