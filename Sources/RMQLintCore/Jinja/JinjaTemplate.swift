import RMQLintSource

/// One piece of a template string.
enum JinjaTemplatePart {
    /// Literal text (newlines normalised to `\n`, whitespace control applied).
    case text(String)
    /// The tokens of a `{{ … }}` body, ending with `.end`.
    case expression([JinjaToken])
    /// The tokens of a `{% … %}` body, ending with `.end`.
    case statement([JinjaToken])
}

/// Splits a template into text, `{{ … }}` and `{% … %}` parts as Jinja's root
/// lexer state does: the first `{{`, `{%` or `{#` opens a tag, `{#…#}` comments
/// vanish, `-` inside a tag delimiter strips the adjacent whitespace, and
/// `{% raw %}…{% endraw %}` is text.
enum JinjaTemplate {
    /// Whether Ansible would template this string at all (it only does when
    /// one of the three tag openers appears).
    static func isTemplate(_ text: String) -> Bool {
        var previousWasBrace = false
        for byte in text.utf8 {
            if previousWasBrace, byte == UInt8(ascii: "{") || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "#") {
                return true
            }
            previousWasBrace = byte == UInt8(ascii: "{")
        }
        return false
    }

    /// The parts of `scalars`, or `nil` on a lexical error (unclosed tag or
    /// comment, bad token). With `allowStatements` false, any statement also
    /// gives `nil` (it is outside the evaluated subset).
    static func parts(of scalars: [Unicode.Scalar], allowStatements: Bool) -> [JinjaTemplatePart]? {
        let lexer = JinjaLexer(scalars: scalars)
        var parts: [JinjaTemplatePart] = []
        var text: [Unicode.Scalar] = []
        var index = 0
        let count = scalars.count

        func flushText() {
            guard !text.isEmpty else { return }
            parts.append(.text(normalisedText(text)))
            text.removeAll(keepingCapacity: true)
        }
        func stripTrailingWhitespace() {
            while let last = text.last, PythonNumbers.isSpace(last) { text.removeLast() }
        }

        while index < count {
            guard scalars[index] == "{", index + 1 < count else {
                text.append(scalars[index])
                index += 1
                continue
            }
            let opener = scalars[index + 1]
            guard opener == "{" || opener == "%" || opener == "#" else {
                text.append(scalars[index])
                index += 1
                continue
            }
            var bodyStart = index + 2
            if bodyStart < count, scalars[bodyStart] == "-" {
                stripTrailingWhitespace()
                bodyStart += 1
            } else if bodyStart < count, scalars[bodyStart] == "+" {
                bodyStart += 1
            }
            switch opener {
            case "#":
                guard let end = commentEnd(scalars, from: bodyStart) else { return nil }
                index = end
            case "{":
                guard let lexed = lexer.lex(from: bodyStart, terminator: .variable) else { return nil }
                flushText()
                parts.append(.expression(lexed.tokens))
                index = lexed.endOffset
            default:
                guard allowStatements, let lexed = lexer.lex(from: bodyStart, terminator: .block) else { return nil }
                if case .name("raw") = lexed.tokens.first?.kind {
                    // Everything up to {% endraw %} is literal text.
                    guard let (rawText, after) = rawBlock(scalars, from: lexed.endOffset) else { return nil }
                    text.append(contentsOf: rawText)
                    index = after
                } else {
                    flushText()
                    parts.append(.statement(lexed.tokens))
                    index = lexed.endOffset
                }
            }
        }
        flushText()
        return parts
    }

    /// Offset past the comment's `#}` (and the whitespace a `-#}` strips).
    private static func commentEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start
        while index + 1 < scalars.count {
            if scalars[index] == "#", scalars[index + 1] == "}" {
                var after = index + 2
                if index > start, scalars[index - 1] == "-" {
                    while after < scalars.count, PythonNumbers.isSpace(scalars[after]) { after += 1 }
                }
                return after
            }
            index += 1
        }
        return nil
    }

    /// The literal text of a raw block and the offset past its `{% endraw %}`.
    private static func rawBlock(_ scalars: [Unicode.Scalar], from start: Int) -> ([Unicode.Scalar], Int)? {
        var index = start
        while index + 1 < scalars.count {
            if scalars[index] == "{", scalars[index + 1] == "%" {
                var cursor = index + 2
                if cursor < scalars.count, scalars[cursor] == "-" || scalars[cursor] == "+" { cursor += 1 }
                while cursor < scalars.count, PythonNumbers.isSpace(scalars[cursor]) { cursor += 1 }
                let keyword: [Unicode.Scalar] = Array("endraw".unicodeScalars)
                if cursor + keyword.count <= scalars.count, Array(scalars[cursor..<(cursor + keyword.count)]) == keyword {
                    let lexer = JinjaLexer(scalars: scalars)
                    guard let lexed = lexer.lex(from: index + 2, terminator: .block) else { return nil }
                    return (Array(scalars[start..<index]), lexed.endOffset)
                }
            }
            index += 1
        }
        return nil
    }

    /// Jinja normalises `\r\n` and `\r` in template data to `\n`.
    private static func normalisedText(_ scalars: [Unicode.Scalar]) -> String {
        var view = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\r" {
                view.append("\n")
                if index + 1 < scalars.count, scalars[index + 1] == "\n" { index += 1 }
            } else {
                view.append(scalar)
            }
            index += 1
        }
        return String(view)
    }
}
