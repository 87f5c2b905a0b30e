// The one home of the text helpers messages and loaders share: trimming, clipping and
// list phrasing. Add a helper here rather than in a rule or loader file.

extension String {
    /// The string without leading and trailing spaces and tabs (oslo.config, YAML and
    /// `# rmqlint:` comments all trim these two, not every Unicode space).
    public var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        return String(scalars[first...last])
    }
}

/// List and value phrasing for messages, so every rule words lists alike.
public enum Phrase {
    /// `text` cut to `limit` characters with an ellipsis: messages stay one readable line
    /// whatever a file holds.
    public static func clipped(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }

    /// `a`, `a and b`, `a, b and c`, `a, b, c, d and 3 more`: a short list in a sentence.
    public static func andList(_ items: [String], limit: Int = 4) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        if items.count > limit {
            return items.prefix(limit).joined(separator: ", ") + " and \(items.count - limit) more"
        }
        return items.dropLast().joined(separator: ", ") + " and " + (items.last ?? "")
    }

    /// `a, b, c` or `a, b, c and 3 more` when longer than `limit`: a long enumeration
    /// (services, files) after a colon.
    public static func commaList(_ items: [String], limit: Int = 10) -> String {
        guard items.count > limit else { return items.joined(separator: ", ") }
        return items.prefix(limit).joined(separator: ", ") + " and \(items.count - limit) more"
    }
}
