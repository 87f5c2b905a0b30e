import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge

/// Reads HAProxy configuration files (`haproxy.cfg`, Kolla's `services.d/*.cfg`)
/// into sections and directives, with the location of every word.
///
/// The reader follows HAProxy's own line tokenizer (HAP `doc/configuration.txt`
/// §2.1–2.4): `#` starts a comment outside quotes, words are split on unquoted
/// spaces and tabs, `"…"` and `'…'` quote, backslash escapes `\ `, `\#`, `\\`, `\'`,
/// `\"`, `\t`, `\n`, `\r`, `\xNN`, and a carriage return ends the line. It adds what
/// Kolla templates need: `{{ … }}` stays verbatim inside a word (spaces included)
/// and `{% … %}` / `{# … #}` tags are recorded and skipped. One pass over the bytes:
/// linear time whatever the line lengths.
public enum HAProxyLoader {
    /// Every section keyword HAProxy registers (HAP `src/*.c` `REGISTER_CONFIG_SECTION`
    /// @50872daa, plus `program`, which older releases have).
    static let sectionKeywords: Set<String> = [
        "global", "defaults", "frontend", "backend", "listen",
        "peers", "resolvers", "userlist", "program", "cache", "http-errors", "ring",
        "mailers", "log-forward", "log-profile", "crt-store", "traces", "acme",
        "fcgi-app", "healthcheck", "namespace_list",
    ]

    /// Keywords that accept the `no` / `default` modifiers; HAProxy rejects the
    /// modifiers anywhere else ("negation/default currently supported only for
    /// options, log, …", HAP `src/cfgparse.c` readcfgfile @50872daa).
    static let modifiableKeywords: Set<String> = [
        "option", "log", "busy-polling", "set-dumpable", "strict-limits",
        "insecure-fork-wanted", "numa-cpu-mapping",
    ]

    /// Parses `text` (already decoded, see `SourceText.decode`) read from `path`.
    /// Never throws: what HAProxy would reject is reported as located diagnostics and
    /// the rest of the file is still read.
    public static func parse(_ text: String, path: String) -> (config: HAProxyConfig, diagnostics: [LoadDiagnostic]) {
        var tokenizer = HAProxyTokenizer(bytes: Array(text.utf8), path: path)
        var builder = SectionBuilder(path: path)
        while let line = tokenizer.nextLine() {
            builder.add(line)
        }
        let config = HAProxyConfig(
            path: path, sections: builder.finish(), comments: tokenizer.comments,
            jinjaTags: tokenizer.jinjaTags, conditionals: builder.conditionals)
        var diagnostics = tokenizer.diagnostics + builder.diagnostics
        diagnostics.sort { $0.location < $1.location }
        return (config, diagnostics)
    }
}

/// Groups tokenized lines into sections.
private struct SectionBuilder {
    let path: String
    var sections: [HAProxySection] = []
    var current: HAProxySection?
    var conditionals: [HAProxyDirective] = []
    var diagnostics: [LoadDiagnostic] = []

    init(path: String) { self.path = path }

    mutating func add(_ directive: HAProxyDirective) {
        guard let first = directive.words.first else { return }
        if first.hasPrefix(".") {
            conditionals.append(directive)
            return
        }
        if HAProxyLoader.sectionKeywords.contains(first) {
            if let open = current { sections.append(open) }
            current = header(directive, keyword: first)
            return
        }
        if (directive.isNegated || directive.isDefaultPrefixed),
           !HAProxyLoader.modifiableKeywords.contains(directive.keyword) {
            let modifier = directive.words[0]
            let message = directive.keyword.isEmpty
                ? "'\(modifier)' must be followed by a keyword"
                : "HAProxy accepts the '\(modifier)' modifier only before 'option', 'log' and a few global keywords, not before '\(directive.keyword)'"
            diagnostics.append(LoadDiagnostic(message, at: directive.wordLocations[0]))
        }
        guard current != nil else {
            diagnostics.append(LoadDiagnostic(
                "'\(first)' appears before any section; HAProxy requires every file to start with a section keyword (global, defaults, frontend, backend, listen…)",
                at: directive.wordLocations[0]))
            return
        }
        current?.directives.append(directive)
    }

    mutating func finish() -> [HAProxySection] {
        if let open = current { sections.append(open) }
        current = nil
        return sections
    }

    /// Reads a section header: `<keyword> [<name>] [from <defaults>]`, or the old
    /// `listen <name> <address>` form.
    private mutating func header(_ directive: HAProxyDirective, keyword: String) -> HAProxySection {
        let words = directive.words
        let locations = directive.wordLocations
        let kind: HAProxySection.Kind
        switch keyword {
        case "global": kind = .global
        case "defaults": kind = .defaults
        case "frontend": kind = .frontend
        case "backend": kind = .backend
        case "listen": kind = .listen
        default: kind = .other(keyword)
        }
        var section = HAProxySection(kind: kind, name: nil, header: directive)
        switch kind {
        case .global:
            break
        case .defaults:
            // `defaults [<name>] [from <defaults>]`, and `defaults from <defaults>` with
            // no name (HAP src/cfgparse-listen.c cfg_parse_listen @50872daa).
            if words.count == 3, words[1] == "from" {
                section.fromDefaults = words[2]
            } else if words.count >= 2 {
                section.name = words[1]
                if words.count >= 3 {
                    if words[2] == "from", words.count >= 4 {
                        section.fromDefaults = words[3]
                        if words.count > 4 { extra(words[4], at: locations[4], keyword: keyword) }
                    } else if words[2] == "from" {
                        missingFromName(at: locations[2])
                    } else {
                        extra(words[2], at: locations[2], keyword: keyword)
                    }
                }
            }
        case .frontend, .backend, .listen:
            guard words.count >= 2 else {
                diagnostics.append(LoadDiagnostic(
                    "'\(keyword)' section needs a name; HAProxy refuses to start", at: locations[0]))
                return section
            }
            section.name = words[1]
            guard words.count >= 3 else { break }
            if words[2] == "from" {
                if words.count >= 4 {
                    section.fromDefaults = words[3]
                    if words.count > 4 { extra(words[4], at: locations[4], keyword: keyword) }
                } else {
                    missingFromName(at: locations[2])
                }
            } else if kind == .backend {
                extra(words[2], at: locations[2], keyword: keyword)
            } else {
                section.legacyAddress = words[2]
                if words.count > 3 { extra(words[3], at: locations[3], keyword: keyword) }
            }
        case .other:
            if words.count >= 2 { section.name = words[1] }
        }
        return section
    }

    private mutating func missingFromName(at location: SourceLocation) {
        diagnostics.append(LoadDiagnostic("'from' must be followed by the name of a defaults section", at: location))
    }

    private mutating func extra(_ word: String, at location: SourceLocation, keyword: String) {
        diagnostics.append(LoadDiagnostic(
            "unexpected argument '\(word)' on the '\(keyword)' header; HAProxy expects '\(keyword) <name> [from <defaults>]'",
            at: location))
    }
}

/// HAProxy's line tokenizer over UTF-8 bytes, with positions in Unicode scalars.
private struct HAProxyTokenizer {
    let bytes: [UInt8]
    let path: String
    var pos = 0
    var line = 1
    var column = 1

    var comments: [Located<String>] = []
    var jinjaTags: [Located<String>] = []
    var diagnostics: [LoadDiagnostic] = []

    // Closers that were searched for and are known to be absent from the rest of the
    // file: never search for them again, so the scan stays linear.
    var noStatementCloser = false
    var noCommentCloser = false

    init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
    }

    private enum Quote { case none, single, double }

    /// A word being assembled.
    private struct Word {
        var value: [UInt8] = []
        var start: SourcePosition
        var end: SourcePosition
    }

    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let hash = UInt8(ascii: "#")
    private static let doubleQuote = UInt8(ascii: "\"")
    private static let singleQuote = UInt8(ascii: "'")
    private static let backslash = UInt8(ascii: "\\")
    private static let openBrace = UInt8(ascii: "{")
    private static let closeBrace = UInt8(ascii: "}")
    private static let percent = UInt8(ascii: "%")

    private var position: SourcePosition { SourcePosition(line: line, column: column) }

    /// Consumes one byte, keeping line and column (in scalars) up to date.
    private mutating func advance() {
        let byte = bytes[pos]
        pos += 1
        if byte == Self.newline {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            // A lead byte: the next scalar starts one column further. Continuation
            // bytes share their scalar's column.
            column += 1
        }
    }

    private mutating func advance(by count: Int) {
        var remaining = count
        while remaining > 0, pos < bytes.count {
            advance()
            remaining -= 1
        }
    }

    private func byte(at index: Int) -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        // isspace() minus the line terminators: space, \t, \v, \f.
        byte == space || byte == tab || byte == 0x0B || byte == 0x0C
    }

    private func location(from start: SourcePosition, to end: SourcePosition) -> SourceLocation {
        SourceLocation(path: path, range: SourceRange(start: start, end: end))
    }

    /// Index of the first occurrence of `first` `second` at or after `from`, stopping
    /// before `limit`.
    private func find(_ first: UInt8, _ second: UInt8, from: Int, limit: Int) -> Int? {
        var index = from
        while index + 1 < limit {
            if bytes[index] == first, bytes[index + 1] == second { return index }
            index += 1
        }
        return nil
    }

    /// Tokenizes the next line holding at least one word and returns it as a
    /// directive; lines with errors are reported and skipped. Nil at end of input.
    mutating func nextLine() -> HAProxyDirective? {
        while pos < bytes.count {
            if let directive = tokenizeLine() { return directive }
        }
        return nil
    }

    /// Tokenizes one line (consuming its newline). Returns nil for lines without
    /// words and for lines HAProxy would reject.
    private mutating func tokenizeLine() -> HAProxyDirective? {
        var words: [Word] = []
        var word: Word?
        var quote = Quote.none
        var quoteStart = position
        var failed = false
        // A `{{ … }}` search that failed on this line: no closer before this index.
        var noExpressionCloserBefore = -1

        func finishWord() {
            if let done = word { words.append(done) }
            word = nil
        }

        scan: while pos < bytes.count {
            let current = bytes[pos]
            if current == Self.newline { break }
            if current == Self.carriageReturn {
                // HAProxy ends the line at a carriage return (CRLF files, stray CRs).
                while pos < bytes.count, bytes[pos] != Self.newline { advance() }
                break
            }
            if quote == .none {
                if Self.isBlank(current) {
                    finishWord()
                    advance()
                    continue
                }
                if current == Self.openBrace, let next = byte(at: pos + 1) {
                    if next == Self.openBrace, pos >= noExpressionCloserBefore {
                        if let close = findOnLine(Self.closeBrace, Self.closeBrace, from: pos + 2) {
                            // A Jinja expression is part of the word, spaces included.
                            if word == nil { word = Word(start: position, end: position) }
                            word?.value.append(contentsOf: bytes[pos..<(close + 2)])
                            advance(by: close + 2 - pos)
                            word?.end = position
                            continue
                        }
                        noExpressionCloserBefore = lineEnd(from: pos)
                    } else if next == Self.percent || next == Self.hash {
                        if skipJinjaTag(isComment: next == Self.hash) {
                            finishWord()
                            continue
                        }
                    }
                }
                if current == Self.hash {
                    recordComment()
                    break scan
                }
            }
            switch current {
            case Self.doubleQuote where quote != .single, Self.singleQuote where quote != .double:
                if word == nil { word = Word(start: position, end: position) }
                if quote == .none {
                    quote = current == Self.doubleQuote ? .double : .single
                    quoteStart = position
                } else {
                    quote = .none
                }
                advance()
                word?.end = position
            case Self.backslash where quote != .single:
                if word == nil { word = Word(start: position, end: position) }
                guard let emitted = unescape(inDoubleQuotes: quote == .double) else {
                    failed = true
                    break scan
                }
                word?.value.append(contentsOf: emitted)
                word?.end = position
            default:
                if word == nil { word = Word(start: position, end: position) }
                word?.value.append(current)
                advance()
                word?.end = position
            }
        }
        if !failed, quote != .none {
            diagnostics.append(LoadDiagnostic(
                "unterminated \(quote == .double ? "double" : "single") quote; HAProxy rejects the line",
                at: SourceLocation(path: path, range: SourceRange(start: quoteStart, end: SourcePosition(line: quoteStart.line, column: quoteStart.column + 1)))))
            failed = true
        }
        finishWord()
        // Skip whatever is left of a rejected line, then the newline itself.
        while pos < bytes.count, bytes[pos] != Self.newline { advance() }
        if pos < bytes.count { advance() }
        if failed || words.isEmpty { return nil }

        if let empty = words.firstIndex(where: { $0.value.isEmpty }) {
            // HAProxy stops at an empty argument and rejects the line ("argument number
            // N … is empty and marks the end of the argument list").
            diagnostics.append(LoadDiagnostic(
                "empty quoted argument; HAProxy rejects the line",
                at: location(from: words[empty].start, to: words[empty].end)))
            return nil
        }
        let values = words.map { String(decoding: $0.value, as: UTF8.self) }
        let locations = words.map { location(from: $0.start, to: $0.end) }
        let span = location(from: words[0].start, to: words[words.count - 1].end)
        return HAProxyDirective(words: values, location: span, wordLocations: locations)
    }

    /// Index just past the content of the current line (its newline or the end).
    private func lineEnd(from index: Int) -> Int {
        var end = index
        while end < bytes.count, bytes[end] != Self.newline { end += 1 }
        return end
    }

    /// Finds a two-byte closer on the current line.
    private func findOnLine(_ first: UInt8, _ second: UInt8, from: Int) -> Int? {
        var index = from
        while index + 1 < bytes.count {
            let value = bytes[index]
            if value == Self.newline { return nil }
            if value == first, bytes[index + 1] == second { return index }
            index += 1
        }
        return nil
    }

    /// Skips a `{% … %}` or `{# … #}` tag starting at `pos` (it may span lines) and
    /// records it. Returns false, consuming nothing, when the tag is never closed.
    private mutating func skipJinjaTag(isComment: Bool) -> Bool {
        if isComment ? noCommentCloser : noStatementCloser { return false }
        let closerFirst = isComment ? Self.hash : Self.percent
        guard let close = find(closerFirst, Self.closeBrace, from: pos + 2, limit: bytes.count) else {
            if isComment { noCommentCloser = true } else { noStatementCloser = true }
            return false
        }
        let start = position
        let text = String(decoding: bytes[pos..<(close + 2)], as: UTF8.self)
        advance(by: close + 2 - pos)
        jinjaTags.append(Located(text, at: location(from: start, to: position)))
        return true
    }

    /// Records the comment starting at `pos` and consumes it up to the line's end.
    private mutating func recordComment() {
        let start = position
        let first = pos
        while pos < bytes.count, bytes[pos] != Self.newline, bytes[pos] != Self.carriageReturn { advance() }
        let text = String(decoding: bytes[first..<pos], as: UTF8.self)
        comments.append(Located(text, at: location(from: start, to: position)))
    }

    /// Consumes a backslash sequence at `pos` and returns the bytes it stands for, as
    /// HAProxy's parse_line does; nil (after reporting) for an invalid `\x` sequence.
    private mutating func unescape(inDoubleQuotes: Bool) -> [UInt8]? {
        let start = position
        let next = byte(at: pos + 1)
        switch next {
        case Self.space?, Self.backslash?, Self.hash?, Self.singleQuote?, Self.doubleQuote?:
            advance(by: 2)
            return [next ?? Self.backslash]
        case UInt8(ascii: "t")?:
            advance(by: 2)
            return [Self.tab]
        case UInt8(ascii: "n")?:
            advance(by: 2)
            return [Self.newline]
        case UInt8(ascii: "r")?:
            advance(by: 2)
            return [Self.carriageReturn]
        case UInt8(ascii: "$")? where inDoubleQuotes:
            // `\$` only escapes inside double quotes, where `$` would expand.
            advance(by: 2)
            return [UInt8(ascii: "$")]
        case UInt8(ascii: "x")?:
            guard let high = byte(at: pos + 2).flatMap(Self.hexValue),
                  let low = byte(at: pos + 3).flatMap(Self.hexValue) else {
                diagnostics.append(LoadDiagnostic(
                    "invalid escape sequence: '\\x' must be followed by two hexadecimal digits; HAProxy rejects the line",
                    at: location(from: start, to: SourcePosition(line: start.line, column: start.column + 2))))
                return nil
            }
            advance(by: 4)
            return [high << 4 | low]
        default:
            // Not an escape sequence: the backslash stays (e.g. `\d` in a regex).
            advance()
            return [Self.backslash]
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
