import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge

/// Reads Ansible INI inventories (Kolla's `multinode` and `all-in-one`, `hosts`, the files
/// of an `inventory/` directory).
///
/// The grammar follows Ansible's `ini` inventory plugin [ansible
/// `lib/ansible/plugins/inventory/ini.py`, `plugins/inventory/__init__.py`
/// `expand_hostname_range`, `parsing/utils/addresses.py` `parse_address`]:
/// - each line is stripped; blank lines and lines starting with `#` or `;` are skipped;
/// - `[group]`, `[group:hosts]`, `[group:children]`, `[group:vars]` headers (a `#` comment may
///   follow); hosts before any header belong to `ungrouped`;
/// - host lines are split like a POSIX shell (`shlex`, quotes removed, `#` starts a comment
///   even inside a word): the first word is a host pattern, the rest `key=value` variables;
/// - a host pattern may carry a `:port` suffix (stored as the `ansible_port` variable) and
///   `[begin:end]` / `[begin:end:step]` ranges, numeric (zero-padded when `begin` starts
///   with `0`, keeping its width) or single letters (`a`–`z` then `A`–`Z`), several per name;
/// - `:vars` lines are `key=value` split at the first `=`, both stripped;
/// - values go through a subset of Python's `ast.literal_eval` as Ansible does: a quoted
///   string loses its quotes, and a literal (`8080`, `True`, `'x'`) followed by a `# comment`
///   loses the comment; anything else is kept verbatim. Numbers and booleans stay as written.
///
/// Ansible rejects the whole inventory at its first error; here each error is a located
/// `LoadDiagnostic`, the offending line (or host variable) is skipped and parsing goes on.
/// A range larger than ``maximumHostsPerPattern`` or a file declaring more than
/// ``maximumHostsPerFile`` hosts is reported instead of expanded, to bound memory.
/// Host names are not checked against Ansible's hostname/IP address grammar.
public enum InventoryLoader {
    /// The most hosts one host pattern may expand to.
    public static let maximumHostsPerPattern = 10_000
    /// The most host declarations (after range expansion) one file may hold.
    public static let maximumHostsPerFile = 100_000

    /// Parses `text` (already decoded, see `SourceText.decode`) read from `path`.
    /// Never fails: what could be read is returned with a diagnostic for each problem.
    /// Cross-file checks (undefined children, cycles) are in `Inventory.referenceDiagnostics()`.
    public static func parse(_ text: String, path: String) -> (inventory: Inventory, diagnostics: [LoadDiagnostic]) {
        var parser = InventoryParser(text: INIStyleText(text, path: path))
        parser.run()
        return (parser.inventory, parser.diagnostics)
    }
}

/// A word of a host line after shell-style splitting, with where each byte came from.
private struct ShellWord {
    /// The word's bytes, quotes and escapes removed.
    var bytes: [UInt8] = []
    /// For each byte of `bytes`, its offset in the file.
    var sources: [Int] = []
    /// The word's span in the file, quotes included.
    var start: Int
    var end: Int

    init(start: Int) {
        self.start = start
        self.end = start
    }
}

/// A host range or pattern that cannot be expanded; `message` never quotes values.
private struct PatternError: Error {
    var message: String
}

private struct InventoryParser {
    let text: INIStyleText
    var inventory: Inventory
    var diagnostics: [LoadDiagnostic] = []

    /// What the lines under the current header declare.
    private enum State {
        case hosts(String)
        case children(String)
        case vars(String)
        /// Under a rejected header (already reported): lines are skipped.
        case ignore
    }

    private var state: State = .hosts("ungrouped")
    /// The hosts already listed under each group, for constant-time deduplication.
    private var members: [String: Set<String>] = [:]
    private var hostBudget = InventoryLoader.maximumHostsPerFile
    private var budgetReported = false

    init(text: INIStyleText) {
        self.text = text
        self.inventory = Inventory(paths: [text.path])
    }

    private static let hash = UInt8(ascii: "#")
    private static let semicolon = UInt8(ascii: ";")
    private static let colon = UInt8(ascii: ":")
    private static let equals = UInt8(ascii: "=")
    private static let openBracket = UInt8(ascii: "[")
    private static let closeBracket = UInt8(ascii: "]")
    private static let singleQuote = UInt8(ascii: "'")
    private static let doubleQuote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")

    mutating func run() {
        for line in text.lines() {
            let content = text.trimmed(line.start..<line.end)
            guard let first = text.byte(at: content.lowerBound), !content.isEmpty else { continue }
            if first == InventoryParser.hash || first == InventoryParser.semicolon { continue }
            if first == InventoryParser.openBracket {
                if let header = header(content) {
                    applyHeader(name: header.name, tag: header.tag, line: line)
                    continue
                }
                if looksLikeHeader(content) {
                    diagnostics.append(LoadDiagnostic(
                        "invalid section header: expected [group], [group:children] or [group:vars] "
                            + "with no spaces in the name",
                        at: text.location(content, on: line)))
                    state = .ignore
                    continue
                }
                // Ansible reads anything else starting with '[' as a host pattern (`[a:c]-node`, `[::1]:22`).
            }
            switch state {
            case .hosts(let group): hostLine(content, line: line, group: group)
            case .children(let group): childLine(content, line: line, group: group)
            case .vars(let group): varLine(content, line: line, group: group)
            case .ignore: break
            }
        }
    }

    // MARK: Headers

    /// `[name]` or `[name:tag]`, then optional whitespace and `# comment`; nil otherwise.
    private func header(_ content: Range<Int>) -> (name: Range<Int>, tag: Range<Int>?)? {
        let end = content.upperBound
        let nameStart = content.lowerBound + 1
        let nameEnd = groupNameEnd(from: nameStart, limit: end)
        guard nameEnd > nameStart else { return nil }
        var index = nameEnd
        var tag: Range<Int>?
        if text.byte(at: index) == InventoryParser.colon {
            var tagEnd = index + 1
            while tagEnd < end, let byte = text.byte(at: tagEnd), InventoryParser.isWordByte(byte) { tagEnd += 1 }
            guard tagEnd > index + 1 else { return nil }
            tag = (index + 1)..<tagEnd
            index = tagEnd
        }
        guard index < end, text.byte(at: index) == InventoryParser.closeBracket else { return nil }
        index = text.trimmedStart((index + 1)..<end)
        guard index == end || text.byte(at: index) == InventoryParser.hash else { return nil }
        return (nameStart..<nameEnd, tag)
    }

    /// A rejected `[` line that was meant as a header: its first `]` ends the line or is
    /// followed by whitespace (`[bad name]`, `[g] ; note`). Ansible rejects those too, either
    /// as a section or as a host pattern; a host pattern goes on after `]` (`[a:c]-db`).
    private func looksLikeHeader(_ content: Range<Int>) -> Bool {
        guard let close = text.find(byte: InventoryParser.closeBracket, in: content) else { return false }
        return close + 1 == content.upperBound || text.whitespaceWidth(at: close + 1, limit: content.upperBound) > 0
    }

    /// End of a group name (`[^:\]\s]+` in Ansible's patterns) starting at `start`.
    private func groupNameEnd(from start: Int, limit: Int) -> Int {
        var index = start
        while index < limit, let byte = text.byte(at: index),
              byte != InventoryParser.colon, byte != InventoryParser.closeBracket,
              text.whitespaceWidth(at: index, limit: limit) == 0 {
            index += 1
        }
        return index
    }

    /// Python's `\w` for the section tag: ASCII letters, digits, `_`, and any non-ASCII byte.
    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    private mutating func applyHeader(name nameRange: Range<Int>, tag tagRange: Range<Int>?, line: INIStyleText.Line) {
        let name = text.string(nameRange)
        let tag = tagRange.map { text.string($0) } ?? "hosts"
        switch tag {
        case "hosts": state = .hosts(name)
        case "children": state = .children(name)
        case "vars": state = .vars(name)
        default:
            diagnostics.append(LoadDiagnostic(
                "section [\(name):\(tag)] has an unknown type: expected hosts, children or vars",
                at: text.location(tagRange ?? nameRange, on: line)))
            state = .ignore
            return
        }
        declareGroup(name, at: text.location(nameRange, on: line))
    }

    private mutating func declareGroup(_ name: String, at location: SourceLocation) {
        guard inventory.groups[name] == nil else { return }
        inventory.groups[name] = InventoryGroup(name: name, location: location)
        inventory.groupOrder.append(name)
    }

    // MARK: Children and vars

    private mutating func childLine(_ content: Range<Int>, line: INIStyleText.Line, group: String) {
        let nameEnd = groupNameEnd(from: content.lowerBound, limit: content.upperBound)
        let rest = text.trimmedStart(nameEnd..<content.upperBound)
        guard nameEnd > content.lowerBound, rest == content.upperBound || text.byte(at: rest) == InventoryParser.hash else {
            diagnostics.append(LoadDiagnostic(
                "expected a group name under [\(group):children] (no spaces, ':' or ']')",
                at: text.location(content, on: line)))
            return
        }
        let child = Located(text.string(content.lowerBound..<nameEnd),
                            at: text.location(content.lowerBound..<nameEnd, on: line))
        if inventory.groups[group]?.children.contains(where: { $0.value == child.value }) == false {
            inventory.groups[group]?.children.append(child)
        }
    }

    private mutating func varLine(_ content: Range<Int>, line: INIStyleText.Line, group: String) {
        guard let equals = text.find(byte: InventoryParser.equals, in: content) else {
            diagnostics.append(LoadDiagnostic(
                "expected key=value under [\(group):vars]", at: text.location(content, on: line)))
            return
        }
        let keyRange = text.trimmed(content.lowerBound..<equals)
        guard !keyRange.isEmpty else {
            diagnostics.append(LoadDiagnostic(
                "variable under [\(group):vars] has an empty name", at: text.location(content, on: line)))
            return
        }
        let valueRange = text.trimmed((equals + 1)..<content.upperBound)
        let literal = InventoryParser.pythonLiteral(text.bytes[valueRange])
        let location = text.location(valueRange.lowerBound..<(valueRange.lowerBound + literal.consumed), on: line)
        inventory.groups[group]?.vars[text.string(keyRange)] = Located(literal.text, at: location)
    }

    // MARK: Hosts

    private mutating func hostLine(_ content: Range<Int>, line: INIStyleText.Line, group: String) {
        let words: [ShellWord]
        switch shellSplit(content) {
        case .success(let split): words = split
        case .failure(let error):
            diagnostics.append(LoadDiagnostic(error.message, at: text.location(content, on: line)))
            return
        }
        guard let pattern = words.first else { return }
        let (address, port) = InventoryParser.splitPort(pattern.bytes)
        let hostLocation = location(of: pattern, address, on: line)
        let addressBytes = Array(pattern.bytes[address])
        if addressBytes.isEmpty {
            diagnostics.append(LoadDiagnostic("empty host name", at: hostLocation))
            return
        }
        // Ansible's order: expand ranges, then reject a dangling ':' and YAML's '---'.
        let names: [String]
        switch InventoryParser.expand(addressBytes, limit: InventoryLoader.maximumHostsPerPattern) {
        case .success(let expanded): names = expanded
        case .failure(let error):
            diagnostics.append(LoadDiagnostic(error.message, at: hostLocation))
            return
        }
        if port == nil, addressBytes.last == InventoryParser.colon {
            diagnostics.append(LoadDiagnostic(
                "host pattern ends with ':' but gives no port", at: hostLocation))
            return
        }
        if addressBytes == Array("---".utf8) {
            diagnostics.append(LoadDiagnostic(
                "host pattern '---' is the start of a YAML document: this file is not an INI inventory",
                at: hostLocation))
            return
        }
        guard names.count <= hostBudget else {
            if !budgetReported {
                diagnostics.append(LoadDiagnostic(
                    "the file declares more than \(InventoryLoader.maximumHostsPerFile) hosts; "
                        + "this line and any further hosts are ignored",
                    at: hostLocation))
                budgetReported = true
            }
            return
        }
        hostBudget -= names.count

        var vars: [String: Located<String>] = [:]
        if let port {
            vars["ansible_port"] = Located(String(decoding: pattern.bytes[port], as: UTF8.self),
                                           at: location(of: pattern, port, on: line))
        }
        for word in words.dropFirst() {
            guard let equals = word.bytes.firstIndex(of: InventoryParser.equals) else {
                diagnostics.append(LoadDiagnostic(
                    "expected key=value host variable after the host name",
                    at: text.location(word.start..<word.end, on: line)))
                continue
            }
            guard equals > 0 else {
                diagnostics.append(LoadDiagnostic(
                    "host variable has an empty name", at: text.location(word.start..<word.end, on: line)))
                continue
            }
            let key = String(decoding: word.bytes[..<equals], as: UTF8.self)
            let literal = InventoryParser.pythonLiteral(word.bytes[(equals + 1)...])
            let valueStart = word.sources.indices.contains(equals) ? word.sources[equals] + 1 : word.end
            vars[key] = Located(literal.text, at: text.location(min(valueStart, word.end)..<word.end, on: line))
        }

        // `ungrouped` is the only group a host line can reach without a header.
        declareGroup(group, at: hostLocation)
        for name in names {
            // Mutate in place: copying a group's host list per line would be quadratic.
            if members[group, default: []].insert(name).inserted {
                inventory.groups[group]?.hosts.append(Located(name, at: hostLocation))
            }
            if inventory.hosts[name] != nil {
                inventory.hosts[name]?.vars.merge(vars) { _, new in new }
            } else {
                inventory.hosts[name] = InventoryHost(name: name, location: hostLocation, vars: vars)
                inventory.hostOrder.append(name)
            }
        }
    }

    /// The file span of `word`'s bytes `range` (empty ranges sit where the byte would be).
    private func location(of word: ShellWord, _ range: Range<Int>, on line: INIStyleText.Line) -> SourceLocation {
        guard !range.isEmpty, word.sources.indices.contains(range.lowerBound),
              word.sources.indices.contains(range.upperBound - 1) else {
            let at = word.sources.indices.contains(range.lowerBound) ? word.sources[range.lowerBound] : word.end
            return text.location(at..<at, on: line)
        }
        return text.location(word.sources[range.lowerBound]..<(word.sources[range.upperBound - 1] + 1), on: line)
    }

    /// Python's `shlex.split(line, comments=True)` (POSIX mode): whitespace separates words;
    /// `'…'` is literal; inside `"…"` a backslash escapes only `"` and `\`; outside quotes a
    /// backslash escapes any character; an unquoted `#` ends the line, even inside a word.
    private func shellSplit(_ content: Range<Int>) -> Result<[ShellWord], PatternError> {
        var words: [ShellWord] = []
        var word: ShellWord?
        var index = content.lowerBound
        let end = content.upperBound
        func isShellSpace(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
        }
        scan: while index < end {
            guard let byte = text.byte(at: index) else { break }
            if isShellSpace(byte) || byte == InventoryParser.hash {
                if var finished = word {
                    finished.end = index
                    words.append(finished)
                    word = nil
                }
                if byte == InventoryParser.hash { break scan }
                index += 1
                continue
            }
            var current = word ?? ShellWord(start: index)
            // Release `word`'s reference, so appending to `current` does not copy the
            // buffer each time (quadratic on a multi-megabyte host variable).
            word = nil
            switch byte {
            case InventoryParser.singleQuote:
                guard let close = text.find(byte: InventoryParser.singleQuote, in: (index + 1)..<end) else {
                    return .failure(PatternError(message: "host line has an unclosed single quote"))
                }
                for offset in (index + 1)..<close { current.append(text.bytes[offset], from: offset) }
                index = close + 1
            case InventoryParser.doubleQuote:
                var cursor = index + 1
                var closed = false
                while cursor < end, let inner = text.byte(at: cursor) {
                    if inner == InventoryParser.doubleQuote { closed = true; break }
                    if inner == InventoryParser.backslash, let next = text.byte(at: cursor + 1), cursor + 1 < end,
                       next == InventoryParser.doubleQuote || next == InventoryParser.backslash {
                        current.append(next, from: cursor + 1)
                        cursor += 2
                        continue
                    }
                    current.append(inner, from: cursor)
                    cursor += 1
                }
                guard closed else {
                    return .failure(PatternError(message: "host line has an unclosed double quote"))
                }
                index = cursor + 1
            case InventoryParser.backslash:
                guard index + 1 < end else {
                    return .failure(PatternError(message: "host line ends with a lone backslash"))
                }
                // The escaped character may be several bytes long.
                var cursor = index + 1
                repeat {
                    current.append(text.bytes[cursor], from: cursor)
                    cursor += 1
                } while cursor < end && text.bytes[cursor] & 0xC0 == 0x80
                index = cursor
            default:
                current.append(byte, from: index)
                index += 1
            }
            word = current
        }
        if var finished = word {
            finished.end = index
            words.append(finished)
        }
        return .success(words)
    }

    // MARK: Host patterns

    /// Splits a `:port` suffix off a host pattern as `parse_address` does: `[addr]:port`,
    /// or `name:port` where the only `:` outside `[…]` ranges is the one before the digits.
    static func splitPort(_ bytes: [UInt8]) -> (address: Range<Int>, port: Range<Int>?) {
        let count = bytes.count
        var digitsStart = count
        while digitsStart > 0, isDigit(bytes[digitsStart - 1]) { digitsStart -= 1 }
        let hasDigits = digitsStart < count
        if hasDigits, digitsStart >= 4, bytes[0] == openBracket,
           bytes[digitsStart - 1] == colon, bytes[digitsStart - 2] == closeBracket {
            return (1..<(digitsStart - 2), digitsStart..<count)
        }
        var index = 0
        while index < count {
            let byte = bytes[index]
            if byte == openBracket {
                guard let close = bytes[(index + 1)...].firstIndex(of: closeBracket) else { break }
                index = close + 1
                continue
            }
            if byte == closeBracket { break }
            if byte == colon {
                if hasDigits, digitsStart == index + 1 { return (0..<index, digitsStart..<count) }
                break
            }
            index += 1
        }
        return (0..<count, nil)
    }

    /// Expands every `[begin:end(:step)]` range of `pattern`, first range outermost,
    /// as Ansible's `expand_hostname_range` does, refusing more than `limit` names.
    static func expand(_ pattern: [UInt8], limit: Int) -> Result<[String], PatternError> {
        var names: [String] = [""]
        var position = 0
        let count = pattern.count
        while position < count {
            guard let open = pattern[position...].firstIndex(of: openBracket) else {
                let tail = String(decoding: pattern[position...], as: UTF8.self)
                names = names.map { $0 + tail }
                break
            }
            guard let close = pattern[position...].firstIndex(of: closeBracket) else {
                return .failure(PatternError(message: "host range has no closing ']'"))
            }
            guard close > open else {
                return .failure(PatternError(message: "host pattern has a ']' before its '['"))
            }
            let head = String(decoding: pattern[position..<open], as: UTF8.self)
            let values: [String]
            switch rangeValues(pattern[(open + 1)..<close], limit: limit) {
            case .success(let expanded): values = expanded
            case .failure(let error): return .failure(error)
            }
            let (product, overflow) = names.count.multipliedReportingOverflow(by: values.count)
            guard !overflow, product <= limit else {
                return .failure(PatternError(message: "host pattern expands to more than \(limit) hosts"))
            }
            var next: [String] = []
            next.reserveCapacity(product)
            for name in names {
                for value in values { next.append(name + head + value) }
            }
            names = next
            position = close + 1
        }
        return .success(names)
    }

    /// The values of one range body (`01:03`, `a:c`, `1:9:2`).
    private static func rangeValues(_ body: ArraySlice<UInt8>, limit: Int) -> Result<[String], PatternError> {
        let parts = body.split(separator: colon, omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else {
            return .failure(PatternError(message: "host range must be [begin:end] or [begin:end:step]"))
        }
        let begin = parts[0].isEmpty ? ArraySlice(Array("0".utf8)) : parts[0]
        let end = parts[1]
        guard !end.isEmpty else {
            return .failure(PatternError(message: "host range must give its end"))
        }
        var step = 1
        if parts.count == 3 {
            guard let parsed = number(parts[2]), parsed > 0 else {
                return .failure(PatternError(message: "host range step must be a positive whole number"))
            }
            step = parsed
        }
        if begin.count == 1, end.count == 1, let first = begin.first, let last = end.first,
           let low = letterIndex(first), let high = letterIndex(last) {
            guard low <= high else {
                return .failure(PatternError(message: "host range begins after its end"))
            }
            return .success(stride(from: low, through: high, by: step).map { letter($0) })
        }
        guard let low = number(begin), let high = number(end) else {
            if begin.allSatisfy(isDigit), end.allSatisfy(isDigit) {
                return .failure(PatternError(message: "host range bounds are too large"))
            }
            return .failure(PatternError(message: "host range bounds must both be numbers or both single letters"))
        }
        var width = 0
        if begin.first == UInt8(ascii: "0"), begin.count > 1 {
            guard end.count == begin.count else {
                return .failure(PatternError(
                    message: "zero-padded host range needs a begin and an end of the same width"))
            }
            width = begin.count
        }
        guard low <= high else {
            return .failure(PatternError(message: "host range begins after its end (Ansible expands it to no hosts)"))
        }
        guard (high - low) / step < limit else {
            return .failure(PatternError(message: "host pattern expands to more than \(limit) hosts"))
        }
        return .success(stride(from: low, through: high, by: step).map { value in
            let digits = String(value)
            return digits.count < width ? String(repeating: "0", count: width - digits.count) + digits : digits
        })
    }

    /// A whole number written with ASCII digits only (at most 18, so it fits an Int).
    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy(isDigit) else { return nil }
        var value = 0
        for digit in digits { value = value * 10 + Int(digit - UInt8(ascii: "0")) }
        return value
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// Position in Python's `string.ascii_letters` (`a`–`z`, then `A`–`Z`).
    private static func letterIndex(_ byte: UInt8) -> Int? {
        if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") { return Int(byte - UInt8(ascii: "a")) }
        if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { return 26 + Int(byte - UInt8(ascii: "A")) }
        return nil
    }

    private static func letter(_ index: Int) -> String {
        let base = index < 26 ? UInt8(ascii: "a") + UInt8(index) : UInt8(ascii: "A") + UInt8(index - 26)
        return String(decoding: [base], as: UTF8.self)
    }

    // MARK: Values

    /// What Ansible's `_parse_value` (`ast.literal_eval`) leaves of `value`, and how many
    /// of its bytes that used: a quoted string loses its quotes (simple escapes decoded); a
    /// bare literal (number, `True`, `False`, `None`) or a quoted string may be followed by
    /// a Python `# comment`, which is dropped. Anything else is kept whole.
    static func pythonLiteral(_ value: ArraySlice<UInt8>) -> (text: String, consumed: Int) {
        let start = value.startIndex
        let end = value.endIndex
        let verbatim = (String(decoding: value, as: UTF8.self), value.count)
        guard let first = value.first else { return ("", 0) }
        if first == singleQuote || first == doubleQuote {
            var out: [UInt8] = []
            var index = start + 1
            while index < end {
                let byte = value[index]
                if byte == first {
                    return isBlankOrComment(value[(index + 1)...])
                        ? (String(decoding: out, as: UTF8.self), index + 1 - start) : verbatim
                }
                if byte == backslash, index + 1 < end {
                    let next = value[index + 1]
                    switch next {
                    case backslash, singleQuote, doubleQuote: out.append(next)
                    case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
                    case UInt8(ascii: "t"): out.append(UInt8(ascii: "\t"))
                    default: out.append(byte); out.append(next)
                    }
                    index += 2
                    continue
                }
                out.append(byte)
                index += 1
            }
            return verbatim
        }
        var wordEnd = start
        while wordEnd < end, !INIStyleText.isASCIIWhitespace(value[wordEnd]), value[wordEnd] != hash { wordEnd += 1 }
        let word = value[start..<wordEnd]
        if wordEnd < end, isScalarLiteral(word), isBlankOrComment(value[wordEnd...]) {
            return (String(decoding: word, as: UTF8.self), wordEnd - start)
        }
        return verbatim
    }

    private static func isBlankOrComment(_ rest: ArraySlice<UInt8>) -> Bool {
        guard let first = rest.firstIndex(where: { !INIStyleText.isASCIIWhitespace($0) }) else { return true }
        return rest[first] == hash
    }

    /// `True`, `False`, `None`, or a Python int/float literal (`8080`, `-1`, `0.5`, `1e3`, `0x1F`).
    private static func isScalarLiteral(_ word: ArraySlice<UInt8>) -> Bool {
        switch String(decoding: word, as: UTF8.self) {
        case "True", "False", "None": return true
        default: break
        }
        var body = word
        if let sign = body.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { body = body.dropFirst() }
        guard let lead = body.first else { return false }
        if lead == UInt8(ascii: "0"), body.count > 2,
           let kind = body.dropFirst().first, "xXoObB".utf8.contains(kind) {
            return body.dropFirst(2).allSatisfy { isHexDigit($0) || $0 == UInt8(ascii: "_") }
        }
        var digits = 0
        var dots = 0
        var exponent = false
        var previous: UInt8 = 0
        for byte in body {
            if isDigit(byte) {
                digits += 1
            } else if byte == UInt8(ascii: "."), dots == 0, !exponent {
                dots += 1
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E"), !exponent, digits > 0 {
                exponent = true
            } else if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+"),
                      previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E") {
                // exponent sign
            } else if byte == UInt8(ascii: "_"), isDigit(previous) {
                // digit grouping
            } else {
                return false
            }
            previous = byte
        }
        guard digits > 0, isDigit(previous) || previous == UInt8(ascii: ".") else { return false }
        // Python 3 rejects leading zeros in non-zero decimal integers ("010").
        if dots == 0, !exponent, lead == UInt8(ascii: "0") {
            return body.allSatisfy { $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: "_") }
        }
        return true
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }
}

extension ShellWord {
    /// Adds one unquoted byte, remembering its file offset.
    fileprivate mutating func append(_ byte: UInt8, from offset: Int) {
        bytes.append(byte)
        sources.append(offset)
    }
}
