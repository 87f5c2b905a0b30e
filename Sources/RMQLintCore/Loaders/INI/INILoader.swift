import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge

/// Reads oslo.config INI files: Kolla overrides (`config/nova.conf`, possibly Jinja
/// templates) and rendered service configs.
///
/// The line grammar follows oslo.config's own parser, which Kolla's `merge_configs`
/// action plugin also uses [oslo.config `master:oslo_config/iniparser.py` `BaseParser`;
/// kolla-ansible `master:ansible/action_plugins/merge_configs.py`]:
/// - each line is right-stripped; a blank line ends a multi-line value;
/// - a line starting with a space or a tab continues the previous assignment: its
///   left-stripped text is appended after `"\n"` (even when it starts with `#`: only an
///   unindented `#` / `;` starts a comment); with no assignment before it, it is an error;
/// - `[name]` starts a section (a header with trailing text, such as `[a] # x`, is an error);
/// - otherwise the first `=` or `:` splits key and value, both stripped; a value whose
///   first and last characters are the same quote (`"` or `'`) loses them; `#` inside a
///   value is not a comment.
///
/// Unlike oslo.config, which stops at the first error, every error becomes a located
/// `LoadDiagnostic` and parsing continues on the next line. Section names are trimmed
/// (oslo.config keeps `[ a ]` as the group `" a "`).
///
/// Jinja (Kolla renders override files with Ansible's templar before merging them):
/// lines that start with `{%` or `{#` (after indentation), multi-line `{# … #}` comments
/// and multi-line `{% … %}` statements, and lines that are only a `{{ … }}` expression are
/// recorded in `templateLines` and never parsed as INI. Statement and comment lines do not
/// end a multi-line value (Ansible's `trim_blocks` removes them entirely). `{% if %}` and
/// `{% for %}` raise the `conditionDepth` of the entries they enclose; `{% raw %}` …
/// `{% endraw %}` content is plain INI. Unbalanced blocks are reported, never fatal.
public enum INILoader {
    /// Parses `text` (already decoded, see `SourceText.decode`) read from `path`.
    /// Never fails: what could be read is returned with a diagnostic for each problem.
    public static func parse(_ text: String, path: String) -> (document: INIDocument, diagnostics: [LoadDiagnostic]) {
        let result = parse(utf8: Array(text.utf8), path: path)
        return (result.document, result.diagnostics)
    }

    /// Parses the UTF-8 bytes of a file (already validated, see `SourceText.decodeUTF8`),
    /// keeping in the document only what `filter` asks for.
    ///
    /// Every line is still parsed and every problem reported; a setting left out of the
    /// document costs no `String`, unless its key names a secret or its value holds a URL
    /// (``INIParseResult/withheld``): whoever collects secrets must still see it. The
    /// document's section names, keys and values are shared through `strings` when given.
    /// `byteFilter`, when given, must answer as `filter` wherever it answers: `filter` then
    /// decides only the names it leaves (nil), and a section left out costs no `String`.
    public static func parse(
        utf8 bytes: [UInt8], path: String, filter: INISectionFilter? = nil, byteFilter: INISectionByteFilter? = nil,
        strings: INIStringTable? = nil
    ) -> INIParseResult {
        var parser = INIParser(
            text: INIStyleText(bytes: bytes, path: path), filter: filter, byteFilter: byteFilter, strings: strings)
        parser.run()
        let document = INIDocument(path: path, sections: parser.sections, templateLines: parser.templateLines)
        return INIParseResult(document: document, diagnostics: parser.diagnostics, withheld: parser.withheld)
    }
}

/// Which entries of a section an INI document keeps (see ``INILoader/parse(utf8:path:filter:)``).
public enum INISectionKeep: Sendable {
    /// The section and every entry.
    case all
    /// The section, with only the entries of these keys.
    case keys(Set<String>)
    /// Neither the section nor its entries.
    case none
}

/// Decides, from a section's name as written, what of it a document keeps.
public typealias INISectionFilter = @Sendable (String) -> INISectionKeep

/// An ``INISectionFilter``'s answer for a section's name as written, in UTF-8, or nil where
/// only the filter, given the name as a `String`, can tell. Most headers of a fleet's rendered
/// configs are left out, and this spares each the `String` and the filter's look at it.
public typealias INISectionByteFilter = @Sendable (UnsafeBufferPointer<UInt8>) -> INISectionKeep?

/// A setting parsed but left out of a filtered document, kept only because it may hold a
/// secret: its key names one (``Redactor/isSecretKey(_:)``) or its value holds `://`.
public struct INIWithheldSetting: Hashable, Sendable {
    /// The key, as ``INIEntry/key``.
    public var key: String
    /// The value, as ``INIEntry/value``.
    public var value: String

    /// Creates a withheld setting.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// What ``INILoader/parse(utf8:path:filter:)`` returns.
public struct INIParseResult: Sendable {
    /// The document, with what the filter keeps.
    public var document: INIDocument
    /// Problems, in line order.
    public var diagnostics: [LoadDiagnostic]
    /// Settings the filter left out that may hold secrets, in file order.
    public var withheld: [INIWithheldSetting]
}

/// The single-pass state machine behind `INILoader.parse`.
private struct INIParser {
    let text: INIStyleText
    let filter: INISectionFilter?
    /// `filter`'s answers, where it can tell, from a name's bytes.
    let byteFilter: INISectionByteFilter?
    /// Where the document's strings are shared, if anywhere.
    let strings: INIStringTable?
    var sections: [INISection] = []
    var templateLines: [Int] = []
    var diagnostics: [LoadDiagnostic] = []
    var withheld: [INIWithheldSetting] = []

    /// Which section new entries go to.
    private enum SectionState {
        /// No header yet: an assignment here is an error.
        case none
        /// Entries go to `sections[index]`, those of ``INIParser/openKeys`` only when set.
        /// (The key set is kept out of the payload: every line switches over this state, and
        /// copying a set in and out of an enum payload retained and released it each time.)
        case open(Int)
        /// A well-formed header the filter leaves out: its entries are parsed, not kept.
        case withheld
        /// The last header was malformed (already reported): its entries are dropped.
        case broken
    }

    /// The assignment that continuation lines may still extend.
    private enum Pending {
        case none
        /// An entry being built: `entry`.
        case entry
        /// A rejected line (already reported): its continuation lines are dropped silently.
        case skipping
    }

    /// An assignment whose value may still grow, as byte ranges: strings are made only
    /// for what the document keeps.
    private struct PendingEntry {
        var line: INIStyleText.Line
        var key: Range<Int>
        /// The trimmed value on the assignment line, quotes included.
        var value: Range<Int>
        /// Whether the document keeps the entry.
        var kept: Bool
        var jinja: Bool
        var conditions: [INICondition]
        /// The key as a string, when already made (by a key filter).
        var keyText: String?
        /// Continuation lines, trimmed.
        var more: [Range<Int>] = []
    }

    /// An open `{% if %}` / `{% for %}` block and the branch the parser is in.
    private struct Block {
        var keyword: String
        var location: SourceLocation
        var condition: INICondition
    }

    /// A `{# … #}` or `{% … %}` that did not close on its line.
    private struct OpenTag {
        var isComment: Bool
        /// The statement's keyword (`if`, `raw`, …), applied when it closes.
        var keyword: String
        var location: SourceLocation
    }

    private var section: SectionState = .none
    /// The keys the open section keeps (``INISectionKeep/keys(_:)``); `nil` keeps them all.
    private var openKeys: Set<String>?
    /// Of ``openKeys``: one bit per byte length (63 for longer ones) and one per first byte
    /// (modulo 64). A key whose length or first byte has no bit is not kept, and gets no
    /// `String` to look up (most keys of a rendered config's `DEFAULT`).
    private var openKeyLengths: UInt64 = 0
    private var openKeyFirstBytes: UInt64 = 0
    private var pending: Pending = .none
    /// The entry being built while `pending` is `.entry` (stale otherwise): kept apart from
    /// the enum so that continuation lines extend it in place, and never optional, so that
    /// each assignment overwrites its fields instead of building and destroying a whole
    /// entry (every line of a fleet passes here; both showed in the profiles).
    private var entry = PendingEntry(
        line: INIStyleText.Line(number: 0, start: 0, end: 0), key: 0..<0, value: 0..<0, kept: false, jinja: false,
        conditions: [], keyText: nil)
    private var blocks: [Block] = []
    private var rawStart: SourceLocation?
    private var openTag: OpenTag?

    init(text: INIStyleText, filter: INISectionFilter?, byteFilter: INISectionByteFilter?, strings: INIStringTable?) {
        self.text = text
        self.filter = filter
        self.byteFilter = byteFilter
        self.strings = strings
    }

    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")
    private static let openBracket = UInt8(ascii: "[")
    private static let closeBracket = UInt8(ascii: "]")
    private static let hash = UInt8(ascii: "#")
    private static let semicolon = UInt8(ascii: ";")
    private static let equals = UInt8(ascii: "=")
    private static let colon = UInt8(ascii: ":")
    private static let doubleQuote = UInt8(ascii: "\"")
    private static let singleQuote = UInt8(ascii: "'")
    private static let openBrace = UInt8(ascii: "{")

    mutating func run() {
        text.forEachLine { parseLine($0) }
        flush()
        finish()
    }

    // MARK: Lines

    private mutating func parseLine(_ line: INIStyleText.Line) {
        if let tag = openTag {
            continueOpenTag(tag, line: line)
            return
        }
        let start = text.trimmedStart(line.start..<line.end)
        if rawStart != nil {
            if text.matches("{%", at: start, limit: line.end), statementKeyword(at: start, limit: line.end) == "endraw" {
                rawStart = nil
                templateLines.append(line.number)
                return
            }
            parseINI(line, jinja: false)
            return
        }
        if text.byte(at: start) == INIParser.openBrace,
           text.matches("{%", at: start, limit: line.end) || text.matches("{#", at: start, limit: line.end) {
            templateLines.append(line.number)
            scanTemplateLine(line, from: start)
            return
        }
        parseINI(line, jinja: true)
    }

    /// One line of INI proper. `jinja` is false inside `{% raw %}`.
    private mutating func parseINI(_ line: INIStyleText.Line, jinja: Bool) {
        let end = text.trimmedEnd(line.start..<line.end)
        guard end > line.start, let first = text.byte(at: line.start) else {
            // A blank line ends a multi-line value.
            flush()
            pending = .none
            return
        }
        if first == INIParser.space || first == INIParser.tab {
            continuation(line, end: end)
            return
        }
        flush()
        pending = .none
        if first == INIParser.openBracket {
            header(line, end: end)
        } else if first == INIParser.hash || first == INIParser.semicolon {
            return
        } else {
            assignment(line, end: end, jinja: jinja)
        }
    }

    private mutating func continuation(_ line: INIStyleText.Line, end: Int) {
        let start = text.trimmedStart(line.start..<end)
        switch pending {
        case .entry:
            entry.more.append(start..<end)
        case .skipping:
            break
        case .none:
            diagnostics.append(LoadDiagnostic(
                "indented line continues no assignment (a blank line, comment or header comes before it); "
                    + "oslo.config rejects the file",
                at: text.location(start..<end, on: line)))
            pending = .skipping
        }
    }

    private mutating func header(_ line: INIStyleText.Line, end: Int) {
        guard text.byte(at: end - 1) == INIParser.closeBracket, end - line.start >= 2 else {
            diagnostics.append(LoadDiagnostic(
                "section header must end with ']' (nothing may follow it, not even a comment)",
                at: text.location(line.start..<end, on: line)))
            section = .broken
            return
        }
        let name = text.trimmed((line.start + 1)..<(end - 1))
        if name.isEmpty {
            diagnostics.append(LoadDiagnostic(
                "empty section name", at: text.location(line.start..<end, on: line)))
            section = .broken
            return
        }
        let known = byteFilter.flatMap { byteFilter in
            text.bytes.withUnsafeBufferPointer { byteFilter(UnsafeBufferPointer(rebasing: $0[name])) }
        }
        if case INISectionKeep.none? = known {
            // What `.none` does below, without the name's `String`.
            section = .withheld
            return
        }
        let nameText = text.string(name, sharedThrough: strings)
        switch known ?? filter?(nameText) ?? .all {
        case .all:
            sections.append(INISection(name: nameText, nameLocation: text.location(name, on: line)))
            section = .open(sections.count - 1)
            openKeys = nil
        case .keys(let keys):
            sections.append(INISection(name: nameText, nameLocation: text.location(name, on: line)))
            section = .open(sections.count - 1)
            openKeys = keys
            openKeyLengths = 0
            openKeyFirstBytes = 0
            for key in keys {
                openKeyLengths |= 1 << UInt64(min(key.utf8.count, 63))
                openKeyFirstBytes |= 1 << UInt64((key.utf8.first ?? 0) & 63)
            }
        case .none:
            section = .withheld
        }
    }

    private mutating func assignment(_ line: INIStyleText.Line, end: Int, jinja: Bool) {
        guard let delimiter = INIParser.findDelimiter(line.start..<end, jinja: jinja, in: text) else {
            if jinja, text.matches("{{", at: line.start, limit: end) {
                // A line that is only an expression renders to lines we cannot know.
                templateLines.append(line.number)
                pending = .none
                return
            }
            diagnostics.append(LoadDiagnostic(
                "line is not a [section] header, a comment or a 'key = value' assignment (no '=' or ':')",
                at: text.location(line.start..<end, on: line)))
            pending = .skipping
            return
        }
        let keyRange = text.trimmed(line.start..<delimiter)
        guard !keyRange.isEmpty else {
            diagnostics.append(LoadDiagnostic(
                "assignment has an empty key", at: text.location(line.start..<end, on: line)))
            pending = .skipping
            return
        }
        let kept: Bool
        var keyText: String?
        switch section {
        case .none:
            let key = text.string(keyRange)
            diagnostics.append(LoadDiagnostic(
                "key '\(key)' appears before any [section] header", at: text.location(keyRange, on: line)))
            pending = .skipping
            return
        case .broken:
            pending = .skipping
            return
        case .open:
            if openKeys != nil {
                let length = UInt64(min(keyRange.count, 63))
                let first = UInt64((text.byte(at: keyRange.lowerBound) ?? 0) & 63)
                // A non-ASCII key may equal a kept one by canonical equivalence (U+212A is "K"):
                // only ASCII keys are judged by their bytes.
                if openKeyLengths & (1 << length) != 0 && openKeyFirstBytes & (1 << first) != 0
                    || !text.isASCII(keyRange) {
                    let key = text.string(keyRange, sharedThrough: strings)
                    kept = openKeys?.contains(key) ?? true
                    keyText = key
                } else {
                    kept = false
                }
            } else {
                kept = true
            }
        case .withheld:
            kept = false
        }
        let valueRange = text.trimmed((delimiter + 1)..<end)
        entry.line = line
        entry.key = keyRange
        entry.value = valueRange
        entry.kept = kept
        entry.jinja = jinja
        // Outside blocks (almost every line) an empty list stays as it is.
        if !blocks.isEmpty || !entry.conditions.isEmpty { entry.conditions = blocks.map(\.condition) }
        entry.keyText = keyText
        if !entry.more.isEmpty { entry.more.removeAll(keepingCapacity: true) }
        pending = .entry
    }

    // The helpers below read only the text (and what they are given): static, so that calls
    // from the mutating methods do not copy the whole parser for a `self` to lend them.

    /// Offset of the first `=` or `:` in `range`, stepping over Jinja tags when `jinja`.
    private static func findDelimiter(_ range: Range<Int>, jinja: Bool, in text: INIStyleText) -> Int? {
        guard range.lowerBound >= 0 else { return nil }
        var index = range.lowerBound
        let upper = min(range.upperBound, text.bytes.count)
        while index < upper {
            // The bytes up to the next `=`, `:` or `{` (every assignment of a fleet passes here).
            let next = text.bytes.withUnsafeBytes {
                ByteText.firstIndex(ofAny: INIParser.equals, INIParser.colon, INIParser.openBrace, in: $0, from: index, to: upper)
            }
            guard next < upper else { return nil }
            let byte = text.bytes[next]
            if byte == INIParser.equals || byte == INIParser.colon { return next }
            if jinja, let close = jinjaTagEnd(at: next, limit: range.upperBound, in: text) {
                index = close
                continue
            }
            index = next + 1
        }
        return nil
    }

    /// When a Jinja tag opens at `offset`, the offset just after its closing marker
    /// (or `limit` when it does not close on the line); nil when no tag opens there.
    private static func jinjaTagEnd(at offset: Int, limit: Int, in text: INIStyleText) -> Int? {
        let closer: StaticString
        if text.matches("{{", at: offset, limit: limit) {
            closer = "}}"
        } else if text.matches("{%", at: offset, limit: limit) {
            closer = "%}"
        } else if text.matches("{#", at: offset, limit: limit) {
            closer = "#}"
        } else {
            return nil
        }
        guard let close = text.find(closer, in: (offset + 2)..<limit) else { return limit }
        return close + 2
    }

    /// oslo.config drops one pair of identical surrounding quotes from the stripped value;
    /// a lone quote character becomes the empty string, as in oslo.config.
    private static func unquoted(_ range: Range<Int>, in text: INIStyleText) -> Range<Int> {
        guard let first = text.byte(at: range.lowerBound), first == doubleQuote || first == singleQuote,
              text.byte(at: range.upperBound - 1) == first else { return range }
        if range.count == 1 { return range.lowerBound..<range.lowerBound }
        return (range.lowerBound + 1)..<(range.upperBound - 1)
    }

    /// Appends the pending entry to its section (or, left out by the filter, to `withheld`
    /// when it may hold a secret).
    private mutating func flush() {
        guard case .entry = pending else { return }
        pending = .none
        let first = INIParser.unquoted(entry.value, in: text)
        switch section {
        case .open(let index) where entry.kept && sections.indices.contains(index):
            // A "\n" between lines cannot complete a `{{`, `{%` or `{#`: each line is tested alone.
            let templated = entry.jinja
                && (INIParser.containsJinja(first, in: text) || entry.more.contains { INIParser.containsJinja($0, in: text) })
            sections[index].entries.append(INIEntry(
                key: entry.keyText ?? text.string(entry.key, sharedThrough: strings),
                value: entry.more.isEmpty
                    ? text.string(first, sharedThrough: strings) : INIParser.joinedValue(first, entry.more, in: text),
                keyLocation: text.location(entry.key, on: entry.line),
                valueLocation: text.location(entry.value, on: entry.line),
                isTemplated: templated, conditions: entry.conditions))
        case .open, .withheld:
            guard !entry.kept else { return }
            // `://` cannot straddle the "\n" joining two lines either.
            let key = entry.key
            guard text.isSecretKey(key) || INIParser.hasSchemeSeparator(first, in: text)
                    || entry.more.contains(where: { INIParser.hasSchemeSeparator($0, in: text) }) else { return }
            withheld.append(INIWithheldSetting(
                key: entry.keyText ?? text.string(entry.key), value: INIParser.joinedValue(first, entry.more, in: text)))
        case .none, .broken:
            return
        }
    }

    /// An entry's value: `first` (its first line, unquoted) and its continuation lines
    /// `more`, joined with "\n" (oslo.config's multi-line values).
    private static func joinedValue(_ first: Range<Int>, _ more: [Range<Int>], in text: INIStyleText) -> String {
        guard !more.isEmpty else { return text.string(first) }
        var bytes = Array(text.bytes[first])
        for part in more {
            bytes.append(UInt8(ascii: "\n"))
            bytes.append(contentsOf: text.bytes[part])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether the bytes of `range` hold `{{`, `{%` or `{#`.
    private static func containsJinja(_ range: Range<Int>, in text: INIStyleText) -> Bool {
        // Each `{` looked for eight bytes at a time, then the byte after it (every kept value passes here).
        let lower = max(0, range.lowerBound)
        let upper = min(range.upperBound, text.bytes.count)
        guard lower < upper else { return false }
        return text.bytes.withUnsafeBytes { buffer in
            let window = UnsafeRawBufferPointer(rebasing: buffer[0..<upper])
            var from = lower
            while let brace = ByteText.firstIndex(of: UInt8(ascii: "{"), in: window, from: from), brace + 1 < upper {
                let next = window[brace + 1]
                if next == UInt8(ascii: "{") || next == UInt8(ascii: "%") || next == UInt8(ascii: "#") { return true }
                from = brace + 1
            }
            return false
        }
    }

    /// Whether the bytes of `range` hold `://`.
    private static func hasSchemeSeparator(_ range: Range<Int>, in text: INIStyleText) -> Bool {
        // Most values have no `:` at all, answered in a word-at-a-time pass without the search's setup.
        text.contains(byte: UInt8(ascii: ":"), in: range) && text.find("://", in: range) != nil
    }

    // MARK: Jinja lines

    /// A line starting (after indentation) with `{%` or `{#`: walks its tags in order.
    private mutating func scanTemplateLine(_ line: INIStyleText.Line, from start: Int) {
        var index = start
        while index < line.end {
            if text.matches("{#", at: index, limit: line.end) {
                guard let close = text.find("#}", in: (index + 2)..<line.end) else {
                    openTag = OpenTag(isComment: true, keyword: "", location: tagLocation(index, line))
                    return
                }
                index = close + 2
            } else if text.matches("{%", at: index, limit: line.end) {
                let keyword = statementKeyword(at: index, limit: line.end)
                guard let close = text.find("%}", in: (index + 2)..<line.end) else {
                    openTag = OpenTag(isComment: false, keyword: keyword, location: tagLocation(index, line))
                    return
                }
                apply(keyword, at: tagLocation(index, line, end: close + 2),
                      expression: statementExpression(from: index, close: close))
                index = close + 2
                // The rest of a `{% raw %}` line is already raw text; we keep it out of the entries.
                if rawStart != nil { return }
            } else if text.matches("{{", at: index, limit: line.end) {
                guard let close = text.find("}}", in: (index + 2)..<line.end) else { return }
                index = close + 2
            } else {
                index += 1
            }
        }
    }

    /// A line inside a multi-line `{# … #}` or `{% … %}`.
    private mutating func continueOpenTag(_ tag: OpenTag, line: INIStyleText.Line) {
        templateLines.append(line.number)
        let closer: StaticString = tag.isComment ? "#}" : "%}"
        guard let close = text.find(closer, in: line.start..<line.end) else { return }
        openTag = nil
        if !tag.isComment { apply(tag.keyword, at: tag.location, expression: nil) }
        if rawStart == nil {
            // Tags may follow the closing marker on the same line.
            let rest = text.trimmedStart((close + 2)..<line.end)
            if rest < line.end { scanTemplateLine(line, from: rest) }
        }
    }

    /// The first word after `{%` (and an optional `-` / `+` whitespace-control sign).
    private func statementKeyword(at offset: Int, limit: Int) -> String {
        var index = offset + 2
        if let sign = text.byte(at: index), index < limit, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            index += 1
        }
        index = text.trimmedStart(index..<limit)
        let wordStart = index
        while index < limit, let byte = text.byte(at: index),
              (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_") {
            index += 1
        }
        return text.string(wordStart..<index)
    }

    /// The text of a statement after its keyword (`a | bool` in `{%- if a | bool -%}`),
    /// without whitespace-control signs; `nil` when empty.
    private func statementExpression(from offset: Int, close: Int) -> String? {
        var index = offset + 2
        if let sign = text.byte(at: index), index < close, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            index += 1
        }
        index = text.trimmedStart(index..<close)
        while index < close, let byte = text.byte(at: index),
              (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_") {
            index += 1
        }
        var end = close
        if end > index, let sign = text.byte(at: end - 1), sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            end -= 1
        }
        let range = text.trimmed(index..<end)
        return range.isEmpty ? nil : text.string(range)
    }

    private func tagLocation(_ offset: Int, _ line: INIStyleText.Line, end: Int? = nil) -> SourceLocation {
        text.location(offset..<(end ?? min(offset + 2, line.end)), on: line)
    }

    /// Applies one statement's effect on block depth, branches and raw mode. `expression`
    /// is the statement's text after the keyword, `nil` when it could not be read.
    private mutating func apply(_ keyword: String, at location: SourceLocation, expression: String?) {
        switch keyword {
        case "if":
            let condition = INICondition(kind: .branch, test: expression, isOpaque: expression == nil, location: location)
            blocks.append(Block(keyword: keyword, location: location, condition: condition))
        case "for":
            blocks.append(Block(keyword: keyword, location: location,
                                condition: INICondition(kind: .loop, test: nil, location: location)))
        case "elif", "else":
            guard var top = blocks.popLast() else { return }
            if top.keyword == "if" {
                var condition = top.condition
                if let test = condition.test { condition.earlierTests.append(test) } else { condition.isOpaque = true }
                condition.test = keyword == "elif" ? expression : nil
                if keyword == "elif", expression == nil { condition.isOpaque = true }
                top.condition = condition
            }
            blocks.append(top)
        case "endif", "endfor":
            let opener = String(keyword.dropFirst(3))
            guard let top = blocks.popLast() else {
                diagnostics.append(LoadDiagnostic(
                    "Jinja '{% \(keyword) %}' closes no open '{% \(opener) %}' block", at: location))
                return
            }
            if top.keyword != opener {
                diagnostics.append(LoadDiagnostic(
                    "Jinja '{% \(keyword) %}' closes the '{% \(top.keyword) %}' opened at line \(top.location.line)",
                    at: location))
            }
        case "raw":
            rawStart = location
        case "endraw":
            diagnostics.append(LoadDiagnostic("Jinja '{% endraw %}' closes no '{% raw %}' block", at: location))
        default:
            break
        }
    }

    /// Reports what is still open at the end of the file.
    private mutating func finish() {
        if let tag = openTag {
            diagnostics.append(LoadDiagnostic(
                tag.isComment ? "Jinja comment '{#' is never closed with '#}'"
                    : "Jinja statement '{%' is never closed with '%}'",
                at: tag.location))
        }
        if let raw = rawStart {
            diagnostics.append(LoadDiagnostic("Jinja '{% raw %}' block is never closed with '{% endraw %}'", at: raw))
        }
        for block in blocks {
            diagnostics.append(LoadDiagnostic(
                "Jinja '{% \(block.keyword) %}' block is never closed with '{% end\(block.keyword) %}'",
                at: block.location))
        }
    }
}
