/// A strict RFC 8259 syntax check for `definitions.json` (docs/spec.md §10.2): RabbitMQ's JSON
/// parser rejects what YAML accepts — trailing commas, comments, single quotes, bare words —
/// so such a file is an RMQ001 with its location, not a silently accepted document.
/// The values themselves are read afterwards by the YAML loader (which keeps locations).
public enum StrictJSON {
    /// The first syntax error of `text` as (message, line, column), or `nil` when it is valid.
    /// With `maskingJinja`, `{{ … }}` / `{% … %}` / `{# … #}` outside strings read as `null`
    /// (Kolla renders `config/rabbitmq/definitions.json` as a template first).
    public static func firstError(_ text: String, maskingJinja: Bool = false) -> (message: String, line: Int, column: Int)? {
        var parser = Parser(bytes: Array(text.utf8), maskingJinja: maskingJinja)
        return parser.run()
    }

    private struct Parser {
        let bytes: [UInt8]
        let maskingJinja: Bool
        var index = 0
        var line = 1
        var lineStart = 0
        var error: (String, Int, Int)?
        var aborted = false

        init(bytes: [UInt8], maskingJinja: Bool) {
            self.bytes = bytes
            self.maskingJinja = maskingJinja
        }

        mutating func run() -> (message: String, line: Int, column: Int)? {
            skipSpace()
            // An empty file is left to the rules (nothing to import), as before.
            if index >= bytes.count { return nil }
            value(depth: 0)
            if error == nil {
                skipSpace()
                if index < bytes.count { fail("unexpected text after the JSON document") }
            }
            return aborted ? nil : error.map { ($0.0, $0.1, $0.2) }
        }

        /// Column in characters (not bytes) of the current position.
        private func column() -> Int {
            var count = 1
            var position = lineStart
            while position < index && position < bytes.count {
                if bytes[position] & 0xC0 != 0x80 { count += 1 }
                position += 1
            }
            return max(1, count - (index < bytes.count && bytes[index] & 0xC0 == 0x80 ? 1 : 0))
        }

        private mutating func fail(_ message: String) {
            if error == nil { error = ("invalid JSON (RabbitMQ's parser is strict): " + message, line, column()) }
        }

        private mutating func advance() {
            if index < bytes.count, bytes[index] == 0x0A {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }

        private mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: advance()
                default: return
                }
            }
        }

        private func peek(_ text: String) -> Bool {
            let needle = Array(text.utf8)
            guard index + needle.count <= bytes.count else { return false }
            return Array(bytes[index..<(index + needle.count)]) == needle
        }

        /// Skips a Jinja tag at the current position; true when one was skipped.
        private mutating func skipJinja() -> Bool {
            guard maskingJinja, index + 1 < bytes.count, bytes[index] == 0x7B else { return false }
            let closing: String
            switch bytes[index + 1] {
            case 0x7B: closing = "}}"
            case 0x25: closing = "%}"
            case 0x23: closing = "#}"
            default: return false
            }
            advance(); advance()
            while index < bytes.count && !peek(closing) { advance() }
            if index < bytes.count { advance(); advance() }
            return true
        }

        private mutating func value(depth: Int) {
            guard error == nil else { return }
            // Deeper nesting is the YAML loader's to report (with its own limit): stop checking.
            guard depth < 200 else {
                aborted = true
                return
            }
            skipSpace()
            var templated = false
            while skipJinja() {
                templated = true
                skipSpace()
            }
            // `"n": {{ count }}`: the expression is the value.
            if templated, index >= bytes.count || [0x2C, 0x5D, 0x7D].contains(bytes[index]) { return }
            guard index < bytes.count else { return fail("unexpected end of file, a value was expected") }
            switch bytes[index] {
            case 0x7B: object(depth: depth)
            case 0x5B: array(depth: depth)
            case 0x22: string()
            case 0x27: fail("single-quoted string: JSON strings use double quotes")
            case 0x2F: fail("comment: JSON has no comments")
            case 0x2D, 0x30...0x39: number()
            default:
                for word in ["true", "false", "null"] where peek(word) {
                    for _ in 0..<word.utf8.count { advance() }
                    return
                }
                fail("bare word: strings must be double-quoted, literals are true, false and null")
            }
        }

        private mutating func object(depth: Int) {
            advance()   // {
            skipSpace()
            while skipJinja() { skipSpace() }
            if index < bytes.count, bytes[index] == 0x7D { advance(); return }
            while error == nil && !aborted {
                skipSpace()
                while skipJinja() { skipSpace() }
                guard index < bytes.count else { return fail("unexpected end of file inside an object") }
                switch bytes[index] {
                case 0x22: string()
                case 0x27: return fail("single-quoted key: JSON keys use double quotes")
                case 0x2F: return fail("comment: JSON has no comments")
                case 0x7D: return fail("trailing comma before '}'")
                default: return fail("object key must be a double-quoted string")
                }
                skipSpace()
                guard index < bytes.count, bytes[index] == 0x3A else { return fail("':' expected after the key") }
                advance()
                value(depth: depth + 1)
                if aborted { return }
                skipSpace()
                while skipJinja() { skipSpace() }
                guard index < bytes.count else { return fail("unexpected end of file inside an object") }
                if bytes[index] == 0x2C { advance(); continue }
                if bytes[index] == 0x7D { advance(); return }
                if bytes[index] == 0x2F { return fail("comment: JSON has no comments") }
                return fail("',' or '}' expected")
            }
        }

        private mutating func array(depth: Int) {
            advance()   // [
            skipSpace()
            while skipJinja() { skipSpace() }
            if index < bytes.count, bytes[index] == 0x5D { advance(); return }
            while error == nil && !aborted {
                skipSpace()
                if index < bytes.count, bytes[index] == 0x5D { return fail("trailing comma before ']'") }
                value(depth: depth + 1)
                if aborted { return }
                skipSpace()
                while skipJinja() { skipSpace() }
                guard index < bytes.count else { return fail("unexpected end of file inside an array") }
                if bytes[index] == 0x2C { advance(); continue }
                if bytes[index] == 0x5D { advance(); return }
                if bytes[index] == 0x2F { return fail("comment: JSON has no comments") }
                return fail("',' or ']' expected")
            }
        }

        private mutating func string() {
            advance()   // "
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x22 { advance(); return }
                if byte == 0x0A { return fail("line break inside a string") }
                if byte < 0x20 && byte != 0x09 { return fail("control character inside a string") }
                if byte == 0x5C { advance() }
                advance()
            }
            fail("unterminated string")
        }

        private mutating func number() {
            let start = index
            if bytes[index] == 0x2D { advance() }
            var digits = 0
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { advance(); digits += 1 }
            if index < bytes.count, bytes[index] == 0x2E {
                advance()
                while index < bytes.count, (0x30...0x39).contains(bytes[index]) { advance() }
            }
            if index < bytes.count, bytes[index] == 0x65 || bytes[index] == 0x45 {
                advance()
                if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D { advance() }
                while index < bytes.count, (0x30...0x39).contains(bytes[index]) { advance() }
            }
            if digits == 0 {
                index = start
                fail("malformed number")
            }
        }
    }
}
