import RMQLintSource
import RMQLintModel

/// How comments are written in a file format, as far as suppression comments go.
public enum CommentSyntax: Sendable {
    /// oslo.config INI: only a `#` or `;` in the first column starts a comment. oslo.config
    /// keeps a trailing `# …` as part of the value and reads an indented line as the
    /// continuation of the previous value, so neither can hold a directive
    /// [oslo.config `master:oslo_config/iniparser.py` `BaseParser.parse`].
    case ini
    /// `rabbitmq.conf`: a line whose first non-blank character is `#`.
    case fullLineHash
    /// YAML and Ansible INI inventories: `#` at the start of a line or after a blank,
    /// outside quotes (a `#` glued to a word, as in `a#b`, is not a comment in YAML).
    /// Ansible inventories also accept `;` comment lines.
    case hash
}

/// Finds suppression directives in the text a loader already decoded (docs/spec.md §9: each file
/// is read once). One pass over the text; lines that cannot hold `rmqlint` are skipped
/// after a byte scan, so files without directives cost almost nothing.
public enum SuppressionScanner {
    /// Every `rmqlint:` directive in `text` (displayed as `path`), in line order.
    public static func directives(in text: String, path: String, syntax: CommentSyntax) -> [SuppressionDirective] {
        guard containsMarker(text.utf8) else { return [] }
        var result: [SuppressionDirective] = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            guard containsMarker(rawLine.utf8) else { continue }
            var scalars = Array(rawLine.unicodeScalars)
            if scalars.last == "\r" { scalars.removeLast() }
            guard let start = commentStart(scalars, syntax: syntax) else { continue }
            let comment = String(String.UnicodeScalarView(scalars[start...]))
            let location = SourceLocation(path: path, line: lineNumber, column: start + 1, length: scalars.count - start)
            if let directive = SuppressionParser.parse(comment: comment, at: location) {
                result.append(directive)
            }
        }
        return result
    }

    /// Directives in comments a loader already extracted (HAProxy's loader records each
    /// `#` comment outside quotes with its location).
    public static func directives(inComments comments: [Located<String>]) -> [SuppressionDirective] {
        comments.compactMap { comment in
            guard containsMarker(comment.value.utf8) else { return nil }
            return SuppressionParser.parse(comment: comment.value, at: comment.location)
        }
    }

    /// The index of the scalar that starts the line's comment, if it has one.
    static func commentStart(_ scalars: [Unicode.Scalar], syntax: CommentSyntax) -> Int? {
        switch syntax {
        case .ini:
            guard let first = scalars.first, first == "#" || first == ";" else { return nil }
            return 0
        case .fullLineHash:
            guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }), scalars[first] == "#" else { return nil }
            return first
        case .hash:
            var quote: Unicode.Scalar?
            var previous: Unicode.Scalar = " "
            var index = 0
            while index < scalars.count {
                let scalar = scalars[index]
                if let open = quote {
                    // Escapes inside quotes: `\"` in double quotes, `''` in single quotes.
                    if (open == "\"" && scalar == "\\") || (open == "'" && scalar == "'" && index + 1 < scalars.count && scalars[index + 1] == "'") {
                        index += 2
                        previous = "x"
                        continue
                    }
                    if scalar == open { quote = nil }
                } else if scalar == "#" && (previous == " " || previous == "\t") {
                    return index
                } else if scalar == ";" && index == 0 {
                    return index
                } else if (scalar == "\"" || scalar == "'") && isQuoteOpening(previous) {
                    quote = scalar
                }
                previous = scalar
                index += 1
            }
            return nil
        }
    }

    /// A quote opens a quoted scalar only where a token starts, not inside `don't`.
    private static func isQuoteOpening(_ previous: Unicode.Scalar) -> Bool {
        [" ", "\t", "[", "{", ",", ":", "-", "="].contains(previous)
    }

    /// Whether a file's bytes contain `rmqlint`, the filter the pipeline runs over every
    /// file: a Horspool search, which looks at about one byte in seven (the window moves by
    /// how far its last byte is from the end of the marker).
    package static func containsMarker(utf8 bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            let marker: StaticString = "rmqlint"
            let length = marker.utf8CodeUnitCount
            guard buffer.count >= length else { return false }
            return marker.withUTF8Buffer { wanted in
                var index = 0
                let last = buffer.count - length
                while index <= last {
                    let tail = buffer[index + length - 1]
                    if tail == wanted[length - 1] {
                        var matched = 0
                        while matched < length - 1, buffer[index + matched] == wanted[matched] { matched += 1 }
                        if matched == length - 1 { return true }
                    }
                    index += markerShift(tail)
                }
                return false
            }
        }
    }

    /// Horspool's shift for the last byte of a window: the distance from that byte's last
    /// place in `rmqlin` (the marker without its last byte) to the marker's end, 7 if absent.
    @inline(__always)
    private static func markerShift(_ byte: UInt8) -> Int {
        switch byte {
        case UInt8(ascii: "r"): 6
        case UInt8(ascii: "m"): 5
        case UInt8(ascii: "q"): 4
        case UInt8(ascii: "l"): 3
        case UInt8(ascii: "i"): 2
        case UInt8(ascii: "n"): 1
        default: 7
        }
    }

    /// Whether the bytes contain `rmqlint` (a quick filter before any real work).
    package static func containsMarker<Bytes: Collection>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        let marker: [UInt8] = Array("rmqlint".utf8)
        var matched = 0
        for byte in bytes {
            if byte == marker[matched] {
                matched += 1
                if matched == marker.count { return true }
            } else {
                matched = byte == marker[0] ? 1 : 0
            }
        }
        return false
    }
}
