import RMQLintSource

/// One `NAME=value` line of `rabbitmq-env.conf`.
public struct RabbitMQEnvEntry: Sendable {
    /// Variable name as written (`RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS`, `ERL_EPMD_PORT`).
    public var name: String
    /// Value with one level of surrounding quotes removed.
    public var value: String
    /// Where the name is written.
    public var nameLocation: SourceLocation
    /// Where the value is written (inside the quotes).
    public var valueLocation: SourceLocation
    /// Whether the value holds Jinja (`{{ }}`).
    public var isTemplated: Bool
}

/// A parsed `rabbitmq-env.conf`: the shell fragment RabbitMQ's scripts source before
/// starting the node [RW `docs/configure.md` "rabbitmq-env.conf"].
public struct RabbitMQEnv: Sendable {
    /// The file's display path.
    public var path: String
    /// Entries in file order.
    public var entries: [RabbitMQEnvEntry]

    /// The effective (last) assignment of `name`; the `RABBITMQ_` prefix is optional in
    /// this file (RabbitMQ reads `SERVER_ADDITIONAL_ERL_ARGS` as `RABBITMQ_SERVER_…`).
    public func last(_ name: String) -> RabbitMQEnvEntry? {
        let short = name.hasPrefix("RABBITMQ_") ? String(name.dropFirst("RABBITMQ_".count)) : name
        return entries.last { $0.name == name || $0.name == short }
    }
}

/// Reads `rabbitmq-env.conf`: `NAME=value` and `export NAME=value` lines, `#` comments,
/// Jinja statement lines skipped (Kolla renders the file with Ansible's `template`). Other
/// shell syntax is not evaluated; a line that is not an assignment is a located diagnostic.
public enum RabbitMQEnvLoader {
    /// Parses `text`; malformed lines become located diagnostics and are skipped.
    public static func parse(_ text: String, path: String) -> (env: RabbitMQEnv, diagnostics: [LoadDiagnostic]) {
        var entries: [RabbitMQEnvEntry] = []
        var diagnostics: [LoadDiagnostic] = []
        var lineNumber = 0
        var inJinjaComment = false
        for rawLine in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let scalars = Array(rawLine.filter { $0 != "\r" })
            guard var start = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }) else { continue }
            let content = String(String.UnicodeScalarView(scalars[start...]))
            if inJinjaComment {
                if content.contains("#}") { inJinjaComment = false }
                continue
            }
            if content.hasPrefix("#") || content.hasPrefix("{%") { continue }
            if content.hasPrefix("{#") {
                inJinjaComment = !content.contains("#}")
                continue
            }
            if content.hasPrefix("export ") || content.hasPrefix("export\t") {
                start += 6
                while start < scalars.count, scalars[start] == " " || scalars[start] == "\t" { start += 1 }
            }
            var nameEnd = start
            while nameEnd < scalars.count, scalars[nameEnd] == "_" || scalars[nameEnd].properties.isASCIIHexDigit
                || ("A"..."Z").contains(scalars[nameEnd]) || ("a"..."z").contains(scalars[nameEnd]) || ("0"..."9").contains(scalars[nameEnd]) {
                nameEnd += 1
            }
            guard nameEnd > start, nameEnd < scalars.count, scalars[nameEnd] == "=" else {
                diagnostics.append(LoadDiagnostic(
                    "expected 'NAME=value' in rabbitmq-env.conf",
                    at: SourceLocation(path: path, line: lineNumber, column: start + 1)))
                continue
            }
            var valueStart = nameEnd + 1
            var valueEnd = scalars.count
            while valueEnd > valueStart, scalars[valueEnd - 1] == " " || scalars[valueEnd - 1] == "\t" { valueEnd -= 1 }
            if valueEnd - valueStart >= 2, let quote = scalars.indices.contains(valueStart) ? scalars[valueStart] : nil,
               quote == "\"" || quote == "'", scalars[valueEnd - 1] == quote {
                valueStart += 1
                valueEnd -= 1
            }
            let value = String(String.UnicodeScalarView(scalars[valueStart..<valueEnd]))
            entries.append(RabbitMQEnvEntry(
                name: String(String.UnicodeScalarView(scalars[start..<nameEnd])), value: value,
                nameLocation: SourceLocation(path: path, line: lineNumber, column: start + 1, length: nameEnd - start),
                valueLocation: SourceLocation(path: path, line: lineNumber, column: valueStart + 1, length: valueEnd - valueStart),
                isTemplated: value.contains("{{") || value.contains("{%")))
        }
        return (RabbitMQEnv(path: path, entries: entries), diagnostics)
    }
}
