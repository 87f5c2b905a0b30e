import RMQLintSource

/// Jinja's operator tokens (`jinja2/lexer.py` `operators`).
enum JinjaOperator: Equatable, Sendable {
    case add, sub, div, floordiv, mul, pow, mod, tilde
    case lbracket, rbracket, lparen, rparen, lbrace, rbrace
    case eq, ne, gt, gteq, lt, lteq, assign
    case dot, colon, pipe, comma, semicolon
}

/// One token of a Jinja expression.
enum JinjaTokenKind: Equatable, Sendable {
    case name(String)
    case string(String)
    /// `nil`: an integer literal beyond 64 bits (a Python bigint).
    case integer(Int?)
    case float(Double)
    case op(JinjaOperator)
    case end
}

struct JinjaToken: Equatable, Sendable {
    var kind: JinjaTokenKind
    /// Offset of the token's first scalar in the source.
    var offset: Int
}

/// Which tag a lexer run ends at.
enum JinjaTagEnd: Equatable {
    /// `}}` of a `{{ … }}` expression.
    case variable
    /// `%}` of a `{% … %}` statement.
    case block
}

/// The tokens of one `{{ … }}` body (or of a bare expression), and where the
/// lexer stopped.
struct JinjaLexResult {
    var tokens: [JinjaToken]
    /// Offset just past the closing `}}` (and the whitespace `-}}` strips), or
    /// the end of the input for a bare expression.
    var endOffset: Int
}

/// Tokenises Jinja expressions the way `jinja2.lexer.Lexer` does for the inside
/// of tags: floats before integers before names, strings with Python
/// `unicode-escape` decoding, longest operator first, and `}}` only ending the
/// tag when brackets are balanced.
struct JinjaLexer {
    let scalars: [Unicode.Scalar]

    /// Lexes from `start`. With a `terminator`, stops after `}}` / `-}}` (or
    /// `%}` / `-%}` / `+%}`) found outside brackets and fails if there is none;
    /// otherwise lexes to the end. `nil` on any lexical error (Jinja raises
    /// TemplateSyntaxError).
    func lex(from start: Int, terminator: JinjaTagEnd?) -> JinjaLexResult? {
        var tokens: [JinjaToken] = []
        var balance: [JinjaOperator] = []
        var index = start
        let count = scalars.count
        while true {
            while index < count, PythonNumbers.isSpace(scalars[index]) { index += 1 }
            if let terminator, balance.isEmpty {
                let close = terminator == .variable ? "}}" : "%}"
                if matches("-" + close, at: index) {
                    // `-}}` also strips the whitespace that follows the tag.
                    var after = index + 3
                    while after < count, PythonNumbers.isSpace(scalars[after]) { after += 1 }
                    tokens.append(JinjaToken(kind: .end, offset: index))
                    return JinjaLexResult(tokens: tokens, endOffset: after)
                }
                if terminator == .block, matches("+%}", at: index) {
                    tokens.append(JinjaToken(kind: .end, offset: index))
                    return JinjaLexResult(tokens: tokens, endOffset: index + 3)
                }
                if matches(close, at: index) {
                    tokens.append(JinjaToken(kind: .end, offset: index))
                    return JinjaLexResult(tokens: tokens, endOffset: index + 2)
                }
            }
            guard index < count else {
                if terminator != nil { return nil } // unclosed tag
                guard balance.isEmpty else { return nil }
                tokens.append(JinjaToken(kind: .end, offset: index))
                return JinjaLexResult(tokens: tokens, endOffset: index)
            }
            let scalar = scalars[index]
            let tokenStart = index
            if isDigit(scalar) {
                if let (value, next) = lexFloat(at: index) {
                    tokens.append(JinjaToken(kind: .float(value), offset: tokenStart))
                    index = next
                } else if let (value, next) = lexInteger(at: index) {
                    tokens.append(JinjaToken(kind: .integer(value), offset: tokenStart))
                    index = next
                } else {
                    return nil
                }
            } else if isNameStart(scalar) {
                var next = index + 1
                while next < count, isNameContinue(scalars[next]) { next += 1 }
                var name = String.UnicodeScalarView()
                name.append(contentsOf: scalars[index..<next])
                tokens.append(JinjaToken(kind: .name(String(name)), offset: tokenStart))
                index = next
            } else if scalar == "'" || scalar == "\"" {
                guard let (value, next) = lexString(at: index) else { return nil }
                tokens.append(JinjaToken(kind: .string(value), offset: tokenStart))
                index = next
            } else {
                guard let (op, width) = lexOperator(at: index) else { return nil }
                switch op {
                case .lbrace: balance.append(.rbrace)
                case .lparen: balance.append(.rparen)
                case .lbracket: balance.append(.rbracket)
                case .rbrace, .rparen, .rbracket:
                    guard let expected = balance.popLast(), expected == op else { return nil }
                default: break
                }
                tokens.append(JinjaToken(kind: .op(op), offset: tokenStart))
                index += width
            }
        }
    }

    private func matches(_ literal: String, at index: Int) -> Bool {
        var position = index
        for scalar in literal.unicodeScalars {
            guard position < scalars.count, scalars[position] == scalar else { return false }
            position += 1
        }
        return true
    }

    private func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 48 && scalar.value <= 57 }

    private func isHexDigit(_ scalar: Unicode.Scalar) -> Bool { hexValue(scalar) != nil }

    private func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar.value {
        case 48...57: return scalar.value - 48
        case 65...70: return scalar.value - 55
        case 97...102: return scalar.value - 87
        default: return nil
        }
    }

    /// Python identifiers (`str.isidentifier()`): `_`, letters, XID_Start, then XID_Continue.
    private func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            return scalar == "_" || (scalar.value >= 65 && scalar.value <= 90) || (scalar.value >= 97 && scalar.value <= 122)
        }
        return scalar.properties.isXIDStart
    }

    private func isNameContinue(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return isNameStart(scalar) || isDigit(scalar) }
        return scalar.properties.isXIDContinue
    }

    /// `(\d+_)*\d+` from `index`; returns the digits without underscores.
    private func digitRun(at index: Int) -> (String, Int)? {
        var position = index
        var digits = ""
        while true {
            let runStart = position
            while position < scalars.count, isDigit(scalars[position]) {
                digits.unicodeScalars.append(scalars[position])
                position += 1
            }
            guard position > runStart else { return nil }
            // An underscore continues the run only if a digit follows it.
            if position + 1 < scalars.count, scalars[position] == "_", isDigit(scalars[position + 1]) {
                position += 1
                continue
            }
            return (digits, position)
        }
    }

    /// Jinja's `float_re`: not right after a `.`, digits, then an exponent
    /// (with an optional fraction) or a required fraction.
    private func lexFloat(at index: Int) -> (Double, Int)? {
        if index > 0, scalars[index - 1] == "." { return nil }
        guard let (whole, afterWhole) = digitRun(at: index) else { return nil }
        var text = whole
        var position = afterWhole
        var hasFraction = false
        if position + 1 < scalars.count, scalars[position] == ".", let (fraction, afterFraction) = digitRun(at: position + 1) {
            text += "." + fraction
            position = afterFraction
            hasFraction = true
        }
        if position < scalars.count, scalars[position] == "e" || scalars[position] == "E" {
            var exponentStart = position + 1
            var sign = ""
            if exponentStart < scalars.count, scalars[exponentStart] == "+" || scalars[exponentStart] == "-" {
                sign = scalars[exponentStart] == "-" ? "-" : ""
                exponentStart += 1
            }
            if let (exponent, afterExponent) = digitRun(at: exponentStart) {
                text += "e" + sign + exponent
                return Double(text).map { ($0, afterExponent) }
            }
        }
        guard hasFraction else { return nil }
        return Double(text).map { ($0, position) }
    }

    /// Jinja's `integer_re`: `0b`/`0o`/`0x` with optional `_` before each
    /// digit, `[1-9](_?\d)*`, or `0(_?0)*`; case-insensitive prefixes.
    private func lexInteger(at index: Int) -> (Int?, Int)? {
        let count = scalars.count
        if scalars[index] == "0", index + 1 < count {
            let radix: Int
            switch scalars[index + 1] {
            case "b", "B": radix = 2
            case "o", "O": radix = 8
            case "x", "X": radix = 16
            default: radix = 0
            }
            if radix != 0 {
                var position = index + 2
                var value: Int? = 0
                var digits = 0
                while position < count {
                    var digitAt = position
                    if scalars[digitAt] == "_" { digitAt += 1 }
                    guard digitAt < count, let digit = hexValue(scalars[digitAt]), Int(digit) < radix else { break }
                    if let current = value {
                        let (times, o1) = current.multipliedReportingOverflow(by: radix)
                        let (plus, o2) = times.addingReportingOverflow(Int(digit))
                        value = o1 || o2 ? nil : plus
                    }
                    digits += 1
                    position = digitAt + 1
                }
                if digits > 0 { return (value, position) }
            }
        }
        if scalars[index] == "0" {
            var position = index + 1
            while position < count {
                if scalars[position] == "0" { position += 1; continue }
                if scalars[position] == "_", position + 1 < count, scalars[position + 1] == "0" { position += 2; continue }
                break
            }
            return (0, position)
        }
        var position = index
        var value: Int? = 0
        while position < count {
            var digitAt = position
            if position > index, scalars[digitAt] == "_" { digitAt += 1 }
            guard digitAt < count, isDigit(scalars[digitAt]) else { break }
            if let current = value {
                let (times, o1) = current.multipliedReportingOverflow(by: 10)
                let (plus, o2) = times.addingReportingOverflow(Int(scalars[digitAt].value - 48))
                value = o1 || o2 ? nil : plus
            }
            position = digitAt + 1
        }
        return (value, position)
    }

    private func lexOperator(at index: Int) -> (JinjaOperator, Int)? {
        let first = scalars[index]
        let second: Unicode.Scalar? = index + 1 < scalars.count ? scalars[index + 1] : nil
        switch (first, second) {
        case ("/", "/"): return (.floordiv, 2)
        case ("*", "*"): return (.pow, 2)
        case ("=", "="): return (.eq, 2)
        case ("!", "="): return (.ne, 2)
        case (">", "="): return (.gteq, 2)
        case ("<", "="): return (.lteq, 2)
        default: break
        }
        switch first {
        case "+": return (.add, 1)
        case "-": return (.sub, 1)
        case "/": return (.div, 1)
        case "*": return (.mul, 1)
        case "%": return (.mod, 1)
        case "~": return (.tilde, 1)
        case "[": return (.lbracket, 1)
        case "]": return (.rbracket, 1)
        case "(": return (.lparen, 1)
        case ")": return (.rparen, 1)
        case "{": return (.lbrace, 1)
        case "}": return (.rbrace, 1)
        case ">": return (.gt, 1)
        case "<": return (.lt, 1)
        case "=": return (.assign, 1)
        case ".": return (.dot, 1)
        case ":": return (.colon, 1)
        case "|": return (.pipe, 1)
        case ",": return (.comma, 1)
        case ";": return (.semicolon, 1)
        default: return nil
        }
    }

    /// A quoted string: a backslash escapes any next character (the quote
    /// included); the body is decoded like Python's `unicode-escape` after
    /// `encode("ascii", "backslashreplace")`, as `jinja2.lexer` does.
    private func lexString(at index: Int) -> (String, Int)? {
        let quote = scalars[index]
        var position = index + 1
        var body: [Unicode.Scalar] = []
        while position < scalars.count {
            let scalar = scalars[position]
            if scalar == quote {
                guard let decoded = JinjaLexer.decodeEscapes(body) else { return nil }
                return (decoded, position + 1)
            }
            if scalar == "\\" {
                guard position + 1 < scalars.count else { return nil }
                body.append(scalar)
                body.append(scalars[position + 1])
                position += 2
                continue
            }
            body.append(scalar)
            position += 1
        }
        return nil
    }

    static func decodeEscapes(_ raw: [Unicode.Scalar]) -> String? {
        // Jinja normalises \r\n and \r to \n inside strings first.
        var body: [Unicode.Scalar] = []
        body.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            if raw[index] == "\r" {
                body.append("\n")
                if index + 1 < raw.count, raw[index + 1] == "\n" { index += 1 }
            } else {
                body.append(raw[index])
            }
            index += 1
        }
        var output = String.UnicodeScalarView()
        index = 0
        func hexDigits(_ width: Int, from start: Int) -> UInt32? {
            guard start + width <= body.count else { return nil }
            var value: UInt32 = 0
            for offset in 0..<width {
                let scalar = body[start + offset]
                let digit: UInt32
                switch scalar.value {
                case 48...57: digit = scalar.value - 48
                case 65...70: digit = scalar.value - 55
                case 97...102: digit = scalar.value - 87
                default: return nil
                }
                value = value * 16 + digit
            }
            return value
        }
        while index < body.count {
            let scalar = body[index]
            guard scalar == "\\" else {
                output.append(scalar)
                index += 1
                continue
            }
            guard index + 1 < body.count else { return nil }
            let next = body[index + 1]
            index += 2
            switch next {
            case "\n": break // line continuation
            case "\\", "'", "\"": output.append(next)
            case "a": output.append("\u{07}")
            case "b": output.append("\u{08}")
            case "f": output.append("\u{0C}")
            case "n": output.append("\n")
            case "r": output.append("\r")
            case "t": output.append("\t")
            case "v": output.append("\u{0B}")
            case "0"..."7":
                var value = next.value - 48
                var digits = 1
                while digits < 3, index < body.count, body[index].value >= 48, body[index].value <= 55 {
                    value = value * 8 + body[index].value - 48
                    index += 1
                    digits += 1
                }
                guard let decoded = Unicode.Scalar(value) else { return nil }
                output.append(decoded)
            case "x", "u", "U":
                let width = next == "x" ? 2 : next == "u" ? 4 : 8
                // A lone surrogate or an out-of-range code point: Swift strings
                // cannot hold it, Python raises or keeps it; either way unknown.
                guard let value = hexDigits(width, from: index), let decoded = Unicode.Scalar(value) else { return nil }
                output.append(decoded)
                index += width
            case "N":
                return nil // \N{NAME}: needs the Unicode name database.
            default:
                if next.value < 0x80 {
                    output.append("\\")
                    output.append(next)
                } else {
                    // backslashreplace turned the character into \xNN / \uNNNN /
                    // \UNNNNNNNN, whose own backslash the preceding one escapes.
                    let hex = String(next.value, radix: 16)
                    let (prefix, width) = next.value < 0x100 ? ("\\x", 2) : next.value < 0x10000 ? ("\\u", 4) : ("\\U", 8)
                    output.append(contentsOf: prefix.unicodeScalars)
                    output.append(contentsOf: String(repeating: "0", count: width - hex.count).unicodeScalars)
                    output.append(contentsOf: hex.unicodeScalars)
                }
            }
        }
        return String(output)
    }
}
