import RMQLintSource

/// A token of Erlang term syntax, with where it starts and ends.
struct ErlangToken: Sendable {
    enum Kind: Sendable, Equatable {
        case atom(String)
        case string(String)
        case integer(text: String, value: Int?)
        case float(text: String, value: Double)
        /// `{{ … }}` in a file Ansible renders (only when Jinja is enabled).
        case template(String)
        /// `{ } [ ] , | => #{ << >> : /` and the form-ending dot.
        case punctuation(String)
        /// A form-ending `.` (followed by whitespace, `%` or the end).
        case dot
        case end
    }

    var kind: Kind
    var start: SourcePosition
    var end: SourcePosition
}

/// Splits Erlang term text into tokens, as `erl_scan` does for the subset a configuration
/// file can hold (no variables, operators or funs). Works on Unicode scalars so columns are
/// counted as everywhere else (SARIF `unicodeCodePoints`).
///
/// With `jinja` set (files under `config/rabbitmq/`, which Ansible's `template` module
/// renders before RabbitMQ reads them), `{{ … }}` is one template token, `{% … %}` and
/// `{# … #}` are skipped like comments, and `{% raw %}` … `{% endraw %}` is plain text.
struct ErlangTermLexer {
    private let scalars: [Unicode.Scalar]
    private let path: String
    private let jinja: Bool
    private var index = 0
    private var line = 1
    private var column = 1
    private var inRaw = false
    /// Whether a `{% … %}` statement was skipped.
    private(set) var sawStatement = false

    init(_ text: String, path: String, jinja: Bool) {
        self.scalars = Array(text.unicodeScalars)
        self.path = path
        self.jinja = jinja
    }

    var position: SourcePosition { SourcePosition(line: line, column: column) }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let at = index + offset
        return at < scalars.count ? scalars[at] : nil
    }

    private mutating func advance() {
        guard index < scalars.count else { return }
        if scalars[index] == "\n" { line += 1; column = 1 } else { column += 1 }
        index += 1
    }

    private func error(_ message: String, at position: SourcePosition) -> LoadDiagnostic {
        LoadDiagnostic(message, at: SourceLocation(path: path, range: SourceRange(start: position)))
    }

    static func isAtomCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || scalar == "_" || scalar == "@"
    }

    private static func isDigit(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        return ("0"..."9").contains(scalar)
    }

    /// Skips whitespace, `%` comments and (with Jinja) statements and comments.
    private mutating func skipTrivia() -> LoadDiagnostic? {
        while let scalar = peek() {
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}" {
                advance()
            } else if scalar == "%" {
                while let next = peek(), next != "\n" { advance() }
            } else if jinja, scalar == "{", peek(1) == "%" || peek(1) == "#" {
                let start = position
                let isComment = peek(1) == "#"
                let closer: Unicode.Scalar = isComment ? "#" : "%"
                advance(); advance()
                var body = String.UnicodeScalarView()
                var closed = false
                while let next = peek() {
                    if next == closer, peek(1) == "}" { advance(); advance(); closed = true; break }
                    body.append(next)
                    advance()
                }
                guard closed else {
                    return error("unterminated Jinja \(isComment ? "comment '{#'" : "statement '{%'")", at: start)
                }
                if !isComment {
                    let keyword = String(body).split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "+" || $0 == "\n" }).first
                    switch keyword {
                    case "raw": inRaw = true
                    case "endraw": inRaw = false
                    default: sawStatement = true
                    }
                }
            } else {
                return nil
            }
        }
        return nil
    }

    /// The next token, or a located error.
    mutating func next() -> Result<ErlangToken, LoadDiagnostic> {
        if let problem = skipTrivia() { return .failure(problem) }
        let start = position
        guard let scalar = peek() else { return .success(ErlangToken(kind: .end, start: start, end: start)) }
        func token(_ kind: ErlangToken.Kind) -> Result<ErlangToken, LoadDiagnostic> {
            .success(ErlangToken(kind: kind, start: start, end: position))
        }
        switch scalar {
        case "{":
            if jinja, !inRaw, peek(1) == "{" { return templateExpression(start: start) }
            advance(); return token(.punctuation("{"))
        case "}", "[", "]", ",", "|", ":", "/":
            advance(); return token(.punctuation(String(scalar)))
        case "=":
            advance()
            guard peek() == ">" else { return .failure(error("unexpected '='", at: start)) }
            advance(); return token(.punctuation("=>"))
        case "#":
            advance()
            guard peek() == "{" else { return .failure(error("unexpected '#' (records are not allowed in a config term)", at: start)) }
            advance(); return token(.punctuation("#{"))
        case "<":
            advance()
            guard peek() == "<" else { return .failure(error("unexpected '<'", at: start)) }
            advance(); return token(.punctuation("<<"))
        case ">":
            advance()
            guard peek() == ">" else { return .failure(error("unexpected '>'", at: start)) }
            advance(); return token(.punctuation(">>"))
        case ".":
            advance()
            if let next = peek(), !(next == " " || next == "\t" || next == "\n" || next == "\r" || next == "%") {
                return .failure(error("unexpected '.'", at: start))
            }
            return token(.dot)
        case "\"":
            return quoted(start: start, quote: "\"").map { ErlangToken(kind: .string($0), start: start, end: position) }
        case "'":
            return quoted(start: start, quote: "'").map { ErlangToken(kind: .atom($0), start: start, end: position) }
        case "$":
            advance()
            guard let character = peek() else { return .failure(error("'$' at the end of the file", at: start)) }
            let first = index
            let value: UInt32
            if character == "\\" {
                switch escape(start: start) {
                case .success(let scalar): value = scalar.value
                case .failure(let problem): return .failure(problem)
                }
            } else {
                advance()
                value = character.value
            }
            return token(.integer(text: "$" + String(String.UnicodeScalarView(scalars[first..<index])), value: Int(value)))
        case "-", "+":
            guard Self.isDigit(peek(1)) else { return .failure(error("unexpected '\(scalar)'", at: start)) }
            advance()
            return number(start: start, sign: scalar == "-" ? -1 : 1)
        default:
            if Self.isDigit(scalar) { return number(start: start, sign: 1) }
            if ("a"..."z").contains(scalar) {
                var name = String.UnicodeScalarView()
                while let next = peek(), Self.isAtomCharacter(next) { name.append(next); advance() }
                return token(.atom(String(name)))
            }
            if ("A"..."Z").contains(scalar) || scalar == "_" {
                return .failure(error("a variable is not allowed in a config term (atoms start with a lowercase letter or are quoted)", at: start))
            }
            return .failure(error("unexpected character '\(scalar.escaped(asASCII: true))'", at: start))
        }
    }

    private mutating func templateExpression(start: SourcePosition) -> Result<ErlangToken, LoadDiagnostic> {
        advance(); advance()
        var body = String.UnicodeScalarView()
        while let next = peek() {
            if next == "}", peek(1) == "}" {
                advance(); advance()
                let text = String(body).trimmingCharacters(in: " \t\n-")
                return .success(ErlangToken(kind: .template(text), start: start, end: position))
            }
            body.append(next)
            advance()
        }
        return .failure(error("unterminated Jinja expression '{{'", at: start))
    }

    private mutating func quoted(start: SourcePosition, quote: Unicode.Scalar) -> Result<String, LoadDiagnostic> {
        advance()
        var text = String.UnicodeScalarView()
        while let scalar = peek() {
            if scalar == quote { advance(); return .success(String(text)) }
            if scalar == "\\" {
                switch escape(start: start) {
                case .success(let value): text.append(value)
                case .failure(let problem): return .failure(problem)
                }
                continue
            }
            text.append(scalar)
            advance()
        }
        return .failure(error(quote == "\"" ? "unterminated string" : "unterminated quoted atom", at: start))
    }

    /// Reads an escape sequence starting at the backslash (erl_scan's escapes).
    private mutating func escape(start: SourcePosition) -> Result<Unicode.Scalar, LoadDiagnostic> {
        let at = position
        advance()   // the backslash
        guard let scalar = peek() else { return .failure(error("unterminated escape sequence", at: at)) }
        advance()
        switch scalar {
        case "n": return .success("\n")
        case "r": return .success("\r")
        case "t": return .success("\t")
        case "v": return .success("\u{0B}")
        case "b": return .success("\u{08}")
        case "f": return .success("\u{0C}")
        case "e": return .success("\u{1B}")
        case "s": return .success(" ")
        case "d": return .success("\u{7F}")
        case "^":
            guard let control = peek() else { return .failure(error("unterminated escape sequence", at: at)) }
            advance()
            return .success(Unicode.Scalar(control.value & 0x1F) ?? " ")
        case "x":
            var digits = ""
            if peek() == "{" {
                advance()
                while let next = peek(), next != "}" {
                    guard next.properties.isASCIIHexDigit, digits.count < 8 else {
                        return .failure(error("bad \\x{…} escape", at: at))
                    }
                    digits.unicodeScalars.append(next)
                    advance()
                }
                guard peek() == "}" else { return .failure(error("unterminated \\x{…} escape", at: at)) }
                advance()
            } else {
                while digits.count < 2, let next = peek(), next.properties.isASCIIHexDigit {
                    digits.unicodeScalars.append(next)
                    advance()
                }
            }
            guard let value = UInt32(digits, radix: 16), let result = Unicode.Scalar(value) else {
                return .failure(error("bad \\x escape", at: at))
            }
            return .success(result)
        case "0"..."7":
            var value = scalar.value - 48
            var count = 1
            while count < 3, let next = peek(), ("0"..."7").contains(next) {
                value = value * 8 + next.value - 48
                count += 1
                advance()
            }
            return .success(Unicode.Scalar(value) ?? " ")
        default:
            return .success(scalar)
        }
    }

    /// Integers (`60`, `1_000`, `16#ff`) and floats (`1.5`, `2.0e3`).
    private mutating func number(start: SourcePosition, sign: Int) -> Result<ErlangToken, LoadDiagnostic> {
        var digits = ""
        func readDigits(_ valid: (Unicode.Scalar) -> Bool) {
            while let next = peek() {
                if valid(next) { digits.unicodeScalars.append(next); advance() } else if next == "_", let after = peek(1), valid(after) {
                    advance()
                } else { break }
            }
        }
        readDigits { Self.isDigit($0) }
        let prefix = sign < 0 ? "-" : ""
        if peek() == "#" {
            guard let radix = Int(digits), (2...36).contains(radix) else {
                return .failure(error("bad radix '\(digits.prefix(10))#' (2 to 36)", at: start))
            }
            advance()
            var body = ""
            while let next = peek(), next.properties.isASCIIHexDigit || ("a"..."z").contains(next) || ("A"..."Z").contains(next) {
                body.unicodeScalars.append(next)
                advance()
            }
            // Every digit must be valid for the radix; a value too large for an Int keeps its text.
            guard !body.isEmpty, body.unicodeScalars.allSatisfy({ Int(String($0), radix: radix) != nil }) else {
                return .failure(error("bad digits for radix \(radix)", at: start))
            }
            let exact = Int(body, radix: radix).map { sign * $0 }
            return .success(ErlangToken(kind: .integer(text: "\(prefix)\(digits)#\(body)", value: exact), start: start, end: position))
        }
        if peek() == ".", Self.isDigit(peek(1)) {
            advance()
            var fraction = ""
            while let next = peek(), Self.isDigit(next) { fraction.unicodeScalars.append(next); advance() }
            var exponent = ""
            if peek() == "e" || peek() == "E" {
                let hasSign = peek(1) == "-" || peek(1) == "+"
                if Self.isDigit(peek(hasSign ? 2 : 1)) {
                    advance()
                    exponent = "e"
                    if hasSign, let signScalar = peek() { exponent.unicodeScalars.append(signScalar); advance() }
                    while let next = peek(), Self.isDigit(next) { exponent.unicodeScalars.append(next); advance() }
                }
            }
            let text = "\(prefix)\(digits).\(fraction)\(exponent)"
            return .success(ErlangToken(kind: .float(text: text, value: Double(text) ?? 0), start: start, end: position))
        }
        return .success(ErlangToken(kind: .integer(text: prefix + digits, value: Int(prefix + digits)), start: start, end: position))
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        let scalars = Array(unicodeScalars)
        let drop = Set(set.unicodeScalars)
        var start = 0, end = scalars.count
        while start < end, drop.contains(scalars[start]) { start += 1 }
        while end > start, drop.contains(scalars[end - 1]) { end -= 1 }
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }
}
