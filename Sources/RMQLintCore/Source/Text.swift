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

    /// Whether the string's UTF-8 holds `needle` (ASCII). A byte scan: the hot paths that ask
    /// this once per setting of a fleet (`{{`, `{%`) cannot afford `String.contains`'s
    /// character-by-character search.
    public func containsASCII(_ needle: StaticString) -> Bool {
        utf8RangeOfASCII(needle) != nil
    }

    /// Whether the string contains `needle` (ASCII) exactly as `String.contains` finds it
    /// (character by character), at the cost of a byte scan when it is absent or the string is
    /// ASCII: only a non-ASCII string that holds the bytes is searched again by characters (a
    /// combining mark after `{` makes another character).
    public func contains(ascii needle: StaticString) -> Bool {
        guard utf8RangeOfASCII(needle) != nil else { return false }
        return utf8.allSatisfy { $0 < 0x80 } || contains(needle.description)
    }

    /// The first occurrence of `needle` (ASCII) in the string, found byte by byte; its bounds
    /// are valid indices of the string.
    public func utf8RangeOfASCII(_ needle: StaticString) -> Range<String.Index>? {
        needle.withUTF8Buffer { wanted -> Range<String.Index>? in
            guard let first = wanted.first else { return startIndex..<startIndex }
            let bytes = utf8
            var index = bytes.startIndex
            while let start = bytes[index...].firstIndex(of: first) {
                var end = bytes.index(after: start)
                var matched = 1
                while matched < wanted.count, end < bytes.endIndex, bytes[end] == wanted[matched] {
                    matched += 1
                    end = bytes.index(after: end)
                }
                if matched == wanted.count { return start..<end }
                index = bytes.index(after: start)
            }
            return nil
        }
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
