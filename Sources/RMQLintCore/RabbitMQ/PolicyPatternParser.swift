import RMQLintSource
import RMQLintJinja

// Parses a RabbitMQ policy pattern (PCRE syntax, no options, byte mode) into a small AST and
// compiles it into a backtracking program (PolicyPatternMatcher.swift).
//
// Semantics follow PCRE without options as Erlang's `re` uses it (RS rabbit_policy.erl
// `re:run(Name, Pattern, [{capture, none}])`; see PolicyPattern.swift): bytes, `.` excludes only
// LF (Erlang's default newline), `$` and `\Z` match at the end or before a final LF, `\d` `\w`
// `\s` are ASCII-only (`\s` includes VT, as in PCRE ≥ 8.34 and PCRE2), `\b` uses `\w`.
//
// Deliberately unsupported (answered as `.unsupported`, never guessed): back-references and
// octal escapes, `\Q…\E`, `\x{…}`, `\c`, `\p`, `\h`, `\v`, `\R`, `\X`, `\K`, `\G`, named,
// atomic and branch-reset groups, inline flags, conditionals, recursion, `(*VERB)`s, POSIX
// classes, possessive and stacked quantifiers, quantified assertions, `{,n}` (a literal in PCRE
// but a quantifier in PCRE2 ≥ 10.43), ranges with a class escape as an end point (literal `-` in
// PCRE, an error in PCRE2) and variable-length look-behind (an error in PCRE, allowed in PCRE2 ≥
// 10.43) — each of which would make the answer depend on the PCRE version or needs more machinery.

/// A set of bytes (256 bits).
struct ByteSet: Hashable, Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    static func == (lhs: ByteSet, rhs: ByteSet) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1
            && lhs.words.2 == rhs.words.2 && lhs.words.3 == rhs.words.3
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }

    init() {}

    init(_ byte: UInt8) { insert(byte) }

    func contains(_ byte: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: return words.0 & bit != 0
        case 1: return words.1 & bit != 0
        case 2: return words.2 & bit != 0
        default: return words.3 & bit != 0
        }
    }

    mutating func insert(_ byte: UInt8) {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    mutating func insert(range: ClosedRange<UInt8>) {
        for byte in range { insert(byte) }
    }

    mutating func formUnion(_ other: ByteSet) {
        words.0 |= other.words.0
        words.1 |= other.words.1
        words.2 |= other.words.2
        words.3 |= other.words.3
    }

    var inverted: ByteSet {
        var result = ByteSet()
        result.words = (~words.0, ~words.1, ~words.2, ~words.3)
        return result
    }

    /// `\d`: ASCII digits.
    static let digits: ByteSet = {
        var set = ByteSet()
        set.insert(range: 0x30...0x39)
        return set
    }()

    /// `\w`: `[A-Za-z0-9_]` (PCRE's default "C" tables, no UCP).
    static let word: ByteSet = {
        var set = ByteSet.digits
        set.insert(range: 0x41...0x5A)
        set.insert(range: 0x61...0x7A)
        set.insert(0x5F)
        return set
    }()

    /// `\s`: space, HT, LF, VT, FF, CR (VT since PCRE 8.34; PCRE2 likewise).
    static let space: ByteSet = {
        var set = ByteSet()
        set.insert(range: 0x09...0x0D)
        set.insert(0x20)
        return set
    }()

    /// `.`: every byte but LF (no DOTALL; Erlang `re`'s default newline is LF).
    static let dot: ByteSet = ByteSet(0x0A).inverted
}

/// A zero-width assertion.
enum PatternAssertion: Hashable, Sendable {
    /// `^`, `\A`: start of the subject (no multiline mode).
    case start
    /// `$`, `\Z`: end of the subject, or before a final LF.
    case endOrFinalNewline
    /// `\z`: end of the subject.
    case end
    /// `\b`.
    case wordBoundary
    /// `\B`.
    case notWordBoundary
}

/// The parsed pattern.
indirect enum PatternNode: Sendable {
    case empty
    case byteSet(ByteSet)
    case assertion(PatternAssertion)
    case concat([PatternNode])
    case alternation([PatternNode])
    case repetition(PatternNode, min: Int, max: Int?, greedy: Bool)
    case look(PatternNode, behind: Bool, negative: Bool)
}

/// Why a pattern did not compile: invalid PCRE, or outside the subset. Offsets are UTF-8 bytes.
enum PatternFailure: Error {
    case invalid(String, at: Int)
    case unsupported(String, at: Int)
}

/// The recursive-descent parser. Recursion depth is bounded by ``PolicyPattern/maxNestingDepth``.
struct PatternParser {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    private func peek(_ offset: Int = 0) -> UInt8? {
        let at = index + offset
        return at >= 0 && at < bytes.count ? bytes[at] : nil
    }

    mutating func parsePattern() throws(PatternFailure) -> PatternNode {
        let node = try parseAlternation(depth: 0)
        if index < bytes.count {
            // parseAlternation only stops early at `)`.
            throw .invalid("unmatched closing parenthesis", at: index)
        }
        return node
    }

    private mutating func parseAlternation(depth: Int) throws(PatternFailure) -> PatternNode {
        var branches = [try parseConcat(depth: depth)]
        while peek() == UInt8(ascii: "|") {
            index += 1
            branches.append(try parseConcat(depth: depth))
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func parseConcat(depth: Int) throws(PatternFailure) -> PatternNode {
        var items: [PatternNode] = []
        while let byte = peek(), byte != UInt8(ascii: "|"), byte != UInt8(ascii: ")") {
            let atomStart = index
            let atom = try parseAtom(depth: depth)
            guard let quantifier = try parseQuantifier() else {
                if let node = atom.node { items.append(node) }
                continue
            }
            guard let node = atom.node, atom.quantifiable else {
                if atom.node == nil {
                    throw .unsupported("quantifier after a (?#…) comment", at: quantifier.start)
                }
                throw .unsupported("quantified assertion", at: atomStart)
            }
            if peek() == UInt8(ascii: "+") {
                throw .unsupported("possessive quantifier", at: quantifier.start)
            }
            if quantifier.max == 0 {
                // PCRE2 10.42 mis-anchors `(|^){0}a` (no match in "ba"): keep `{0}` to single bytes.
                if case .byteSet = node {} else { throw .unsupported("group repeated {0} times", at: quantifier.start) }
            }
            var greedy = true
            if peek() == UInt8(ascii: "?") {
                greedy = false
                index += 1
            }
            if let next = peek() {
                var stacked = next == UInt8(ascii: "*") || next == UInt8(ascii: "+") || next == UInt8(ascii: "?")
                if next == UInt8(ascii: "{") { stacked = try braceQuantifier(at: index) != nil }
                if stacked { throw .unsupported("quantifier following a quantifier", at: index) }
            }
            items.append(.repetition(node, min: quantifier.min, max: quantifier.max, greedy: greedy))
        }
        switch items.count {
        case 0: return .empty
        case 1: return items[0]
        default: return .concat(items)
        }
    }

    private struct Atom {
        /// `nil` for a `(?#…)` comment.
        var node: PatternNode?
        var quantifiable: Bool
    }

    private mutating func parseAtom(depth: Int) throws(PatternFailure) -> Atom {
        let start = index
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: "("):
            return try parseGroup(depth: depth + 1)
        case UInt8(ascii: "["):
            return Atom(node: .byteSet(try parseClass()), quantifiable: true)
        case UInt8(ascii: "."):
            index += 1
            return Atom(node: .byteSet(.dot), quantifiable: true)
        case UInt8(ascii: "^"):
            index += 1
            return Atom(node: .assertion(.start), quantifiable: false)
        case UInt8(ascii: "$"):
            index += 1
            return Atom(node: .assertion(.endOrFinalNewline), quantifiable: false)
        case UInt8(ascii: "\\"):
            return try parseEscape()
        case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"):
            throw .invalid("quantifier does not follow a repeatable item", at: start)
        case UInt8(ascii: "{"):
            if try braceQuantifier(at: index) != nil {
                throw .invalid("quantifier does not follow a repeatable item", at: start)
            }
            index += 1
            return Atom(node: .byteSet(ByteSet(byte)), quantifiable: true)
        default:
            index += 1
            return Atom(node: .byteSet(ByteSet(byte)), quantifiable: true)
        }
    }

    private mutating func parseGroup(depth: Int) throws(PatternFailure) -> Atom {
        let start = index
        if depth > PolicyPattern.maxNestingDepth {
            throw .unsupported("groups nested deeper than \(PolicyPattern.maxNestingDepth)", at: start)
        }
        index += 1
        var kind: (look: Bool, behind: Bool, negative: Bool) = (false, false, false)
        if peek() == UInt8(ascii: "*") {
            throw .unsupported("(*…) verb or option", at: start)
        }
        if peek() == UInt8(ascii: "?") {
            guard let marker = peek(1) else { throw .invalid("missing closing parenthesis", at: start) }
            switch marker {
            case UInt8(ascii: ":"):
                index += 2
            case UInt8(ascii: "="), UInt8(ascii: "!"):
                kind = (true, false, marker == UInt8(ascii: "!"))
                index += 2
            case UInt8(ascii: "<") where peek(2) == UInt8(ascii: "=") || peek(2) == UInt8(ascii: "!"):
                kind = (true, true, peek(2) == UInt8(ascii: "!"))
                index += 3
            case UInt8(ascii: "#"):
                index += 2
                while let byte = peek(), byte != UInt8(ascii: ")") { index += 1 }
                guard peek() == UInt8(ascii: ")") else {
                    throw .invalid("missing ) after a (?# comment", at: start)
                }
                index += 1
                return Atom(node: nil, quantifiable: false)
            case UInt8(ascii: "<"), UInt8(ascii: "P"), UInt8(ascii: "'"):
                throw .unsupported("named group or reference", at: start)
            case UInt8(ascii: ">"):
                throw .unsupported("atomic group (?>", at: start)
            case UInt8(ascii: "|"):
                throw .unsupported("branch-reset group (?|", at: start)
            case UInt8(ascii: "("):
                throw .unsupported("conditional group (?(", at: start)
            case UInt8(ascii: "R"), UInt8(ascii: "&"), UInt8(ascii: "+"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                throw .unsupported("recursion or subroutine call", at: start)
            case UInt8(ascii: "C"):
                throw .unsupported("callout (?C", at: start)
            default:
                throw .unsupported("inline flags or group syntax (?\(Self.printable(marker))", at: start)
            }
        }
        let body = try parseAlternation(depth: depth)
        guard peek() == UInt8(ascii: ")") else { throw .invalid("missing closing parenthesis", at: start) }
        index += 1
        guard kind.look else { return Atom(node: body, quantifiable: true) }
        if kind.behind {
            let branches: [PatternNode]
            if case .alternation(let alternatives) = body { branches = alternatives } else { branches = [body] }
            for branch in branches where PatternAnalysis.fixedLength(branch) == nil {
                throw .unsupported("variable-length look-behind", at: start)
            }
        }
        return Atom(node: .look(body, behind: kind.behind, negative: kind.negative), quantifiable: false)
    }

    private static func printable(_ byte: UInt8) -> String {
        byte >= 0x21 && byte < 0x7F ? String(UnicodeScalar(byte)) : "…"
    }

    /// An escape outside a class.
    private mutating func parseEscape() throws(PatternFailure) -> Atom {
        let start = index
        guard let escaped = peek(1) else { throw .invalid("\\ at end of pattern", at: start) }
        index += 2
        switch escaped {
        case UInt8(ascii: "A"): return Atom(node: .assertion(.start), quantifiable: false)
        case UInt8(ascii: "Z"): return Atom(node: .assertion(.endOrFinalNewline), quantifiable: false)
        case UInt8(ascii: "z"): return Atom(node: .assertion(.end), quantifiable: false)
        case UInt8(ascii: "b"): return Atom(node: .assertion(.wordBoundary), quantifiable: false)
        case UInt8(ascii: "B"): return Atom(node: .assertion(.notWordBoundary), quantifiable: false)
        default:
            switch try classEscape(escaped, at: start, inClass: false) {
            case .byte(let byte): return Atom(node: .byteSet(ByteSet(byte)), quantifiable: true)
            case .set(let set): return Atom(node: .byteSet(set), quantifiable: true)
            }
        }
    }

    private enum ClassItem {
        case byte(UInt8)
        case set(ByteSet)
    }

    /// The escapes shared by classes and the outside (the escaped byte already consumed,
    /// plus `\xhh`'s digits when present).
    private mutating func classEscape(_ escaped: UInt8, at start: Int, inClass: Bool) throws(PatternFailure) -> ClassItem {
        switch escaped {
        case UInt8(ascii: "d"): return .set(.digits)
        case UInt8(ascii: "D"): return .set(ByteSet.digits.inverted)
        case UInt8(ascii: "w"): return .set(.word)
        case UInt8(ascii: "W"): return .set(ByteSet.word.inverted)
        case UInt8(ascii: "s"): return .set(.space)
        case UInt8(ascii: "S"): return .set(ByteSet.space.inverted)
        case UInt8(ascii: "t"): return .byte(0x09)
        case UInt8(ascii: "n"): return .byte(0x0A)
        case UInt8(ascii: "r"): return .byte(0x0D)
        case UInt8(ascii: "f"): return .byte(0x0C)
        case UInt8(ascii: "a"): return .byte(0x07)
        case UInt8(ascii: "e"): return .byte(0x1B)
        case UInt8(ascii: "b") where inClass: return .byte(0x08)
        case UInt8(ascii: "x"):
            if let high = peek().flatMap(Self.hexValue), let low = peek(1).flatMap(Self.hexValue) {
                index += 2
                return .byte(high << 4 | low)
            }
            throw .unsupported("\\x escape other than \\xhh", at: start)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            throw .unsupported("back-reference or octal escape \\\(Self.printable(escaped))", at: start)
        case UInt8(ascii: "Q"), UInt8(ascii: "E"):
            throw .unsupported("\\Q…\\E quoting", at: start)
        case UInt8(ascii: "g"), UInt8(ascii: "k"):
            throw .unsupported("back-reference \\\(Self.printable(escaped))", at: start)
        case UInt8(ascii: "A"), UInt8(ascii: "B"), UInt8(ascii: "C"), UInt8(ascii: "G"), UInt8(ascii: "h"),
             UInt8(ascii: "H"), UInt8(ascii: "K"), UInt8(ascii: "L"), UInt8(ascii: "l"), UInt8(ascii: "N"),
             UInt8(ascii: "o"), UInt8(ascii: "p"), UInt8(ascii: "P"), UInt8(ascii: "R"), UInt8(ascii: "U"),
             UInt8(ascii: "u"), UInt8(ascii: "v"), UInt8(ascii: "V"), UInt8(ascii: "X"), UInt8(ascii: "Z"),
             UInt8(ascii: "z"), UInt8(ascii: "c"):
            throw .unsupported("escape \\\(Self.printable(escaped))\(inClass ? " in a character class" : "")", at: start)
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            throw .invalid("unrecognized character follows \\", at: start)
        default:
            // Any other byte (punctuation, space, bytes ≥ 0x80) stands for itself.
            return .byte(escaped)
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private mutating func parseClass() throws(PatternFailure) -> ByteSet {
        let start = index
        if looksLikePOSIXClass(at: start) {
            // `[:alpha:]` outside a class is a PCRE error ("POSIX named classes are supported
            // only within a class"); leave it, like POSIX classes inside, unsupported.
            throw .unsupported("POSIX character class syntax", at: start)
        }
        index += 1
        var negated = false
        if peek() == UInt8(ascii: "^") {
            negated = true
            index += 1
        }
        var set = ByteSet()
        var first = true
        while true {
            guard let byte = peek() else {
                throw .invalid("missing terminating ] for character class", at: start)
            }
            if byte == UInt8(ascii: "]") && !first {
                index += 1
                break
            }
            first = false
            if looksLikePOSIXClass(at: index) {
                throw .unsupported("POSIX character class", at: index)
            }
            let itemStart = index
            let item = try parseClassItem()
            let isRange = peek() == UInt8(ascii: "-") && peek(1) != nil && peek(1) != UInt8(ascii: "]")
            switch item {
            case .set(let members):
                if isRange { throw .unsupported("range with a class escape as an end point", at: itemStart) }
                set.formUnion(members)
            case .byte(let low):
                guard isRange else {
                    set.insert(low)
                    continue
                }
                index += 1
                let endStart = index
                if looksLikePOSIXClass(at: index) {
                    throw .unsupported("POSIX character class", at: index)
                }
                switch try parseClassItem() {
                case .set:
                    throw .unsupported("range with a class escape as an end point", at: endStart)
                case .byte(let high):
                    guard low <= high else {
                        throw .invalid("range out of order in character class", at: itemStart)
                    }
                    set.insert(range: low...high)
                }
            }
        }
        return negated ? set.inverted : set
    }

    /// PCRE's `check_posix_syntax`: `[` then `:`, `.` or `=` (the terminator), closed by the
    /// terminator and `]` before any other `]` or `[` + terminator (`\]` and `\\` skipped).
    private func looksLikePOSIXClass(at position: Int) -> Bool {
        guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "[") else { return false }
        let terminator = bytes[position + 1]
        guard terminator == UInt8(ascii: ":") || terminator == UInt8(ascii: ".") || terminator == UInt8(ascii: "=") else {
            return false
        }
        var cursor = position + 2
        while bytes.count - cursor >= 2 {
            let byte = bytes[cursor], next = bytes[cursor + 1]
            if byte == UInt8(ascii: "\\") && (next == UInt8(ascii: "]") || next == UInt8(ascii: "\\")) {
                cursor += 1
            } else if (byte == UInt8(ascii: "[") && next == terminator) || byte == UInt8(ascii: "]") {
                return false
            } else if byte == terminator && next == UInt8(ascii: "]") {
                return true
            }
            cursor += 1
        }
        return false
    }

    private mutating func parseClassItem() throws(PatternFailure) -> ClassItem {
        let start = index
        let byte = bytes[index]
        guard byte == UInt8(ascii: "\\") else {
            index += 1
            return .byte(byte)
        }
        guard let escaped = peek(1) else { throw .invalid("\\ at end of pattern", at: start) }
        index += 2
        return try classEscape(escaped, at: start, inClass: true)
    }

    /// A quantifier at the current position, consumed; `nil` (nothing consumed) if none.
    private mutating func parseQuantifier() throws(PatternFailure) -> (min: Int, max: Int?, start: Int)? {
        let start = index
        switch peek() {
        case UInt8(ascii: "*"):
            index += 1
            return (0, nil, start)
        case UInt8(ascii: "+"):
            index += 1
            return (1, nil, start)
        case UInt8(ascii: "?"):
            index += 1
            return (0, 1, start)
        case UInt8(ascii: "{"):
            guard let brace = try braceQuantifier(at: index) else { return nil }
            index = brace.end
            return (brace.min, brace.max, start)
        default:
            return nil
        }
    }

    /// A `{n}`, `{n,}` or `{n,m}` quantifier starting at `position` (PCRE's strict syntax), or
    /// `nil` when the brace is a literal. Brace forms whose meaning differs between PCRE
    /// versions (`{,n}`, spaces inside) are unsupported.
    private func braceQuantifier(at position: Int) throws(PatternFailure) -> (min: Int, max: Int?, end: Int)? {
        var cursor = position + 1
        func number() throws(PatternFailure) -> Int? {
            var value = 0
            var digits = 0
            while cursor < bytes.count, bytes[cursor] >= UInt8(ascii: "0"), bytes[cursor] <= UInt8(ascii: "9") {
                value = value * 10 + Int(bytes[cursor] - UInt8(ascii: "0"))
                digits += 1
                cursor += 1
                if value > 65535 { throw .invalid("number too big in {} quantifier", at: position) }
            }
            return digits > 0 ? value : nil
        }
        let ambiguous: Bool = {
            guard position + 1 < bytes.count else { return false }
            let next = bytes[position + 1]
            return (next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9")) || next == UInt8(ascii: ",")
                || next == UInt8(ascii: " ") || next == UInt8(ascii: "\t")
        }()
        guard let low = try number() else {
            if ambiguous { throw .unsupported("brace form {,…} or { …}", at: position) }
            return nil
        }
        var high: Int? = low
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ",") {
            cursor += 1
            high = try number()
        }
        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "}") else {
            throw .unsupported("brace form that is not a plain {n,m} quantifier", at: position)
        }
        if let high, high < low { throw .invalid("numbers out of order in {} quantifier", at: position) }
        return (low, high, cursor + 1)
    }
}

/// Static properties of pattern nodes (recursion bounded by the parser's nesting limit).
enum PatternAnalysis {
    /// The exact number of bytes every match of `node` consumes, or `nil` if it varies.
    static func fixedLength(_ node: PatternNode) -> Int? {
        switch node {
        case .empty, .assertion, .look: return 0
        case .byteSet: return 1
        case .concat(let items):
            var total = 0
            for item in items {
                guard let length = fixedLength(item) else { return nil }
                total += length
                if total > 1_000_000 { return nil }
            }
            return total
        case .alternation(let branches):
            var common: Int?
            for branch in branches {
                guard let length = fixedLength(branch) else { return nil }
                if let known = common, known != length { return nil }
                common = length
            }
            return common ?? 0
        case .repetition(let body, let min, let max, _):
            guard max == min, let length = fixedLength(body) else { return nil }
            let total = length * min
            return total > 1_000_000 ? nil : total
        }
    }

    /// Whether `node` can match without consuming a byte (drives the empty-iteration check).
    static func canMatchEmpty(_ node: PatternNode) -> Bool {
        switch node {
        case .empty, .assertion, .look: return true
        case .byteSet: return false
        case .concat(let items): return items.allSatisfy(canMatchEmpty)
        case .alternation(let branches): return branches.contains(where: canMatchEmpty)
        case .repetition(let body, let min, _, _): return min == 0 || canMatchEmpty(body)
        }
    }

    /// Whether every match must start at offset 0 (each branch begins with `^` or `\A`).
    static func anchoredAtStart(_ node: PatternNode) -> Bool {
        switch node {
        case .assertion(.start): return true
        case .concat(let items):
            guard let first = items.first else { return false }
            return anchoredAtStart(first)
        case .alternation(let branches): return !branches.isEmpty && branches.allSatisfy(anchoredAtStart)
        default: return false
        }
    }
}

/// Parses and compiles patterns, turning failures into located public values.
enum PatternCompiler {
    static func compile(_ pattern: String) -> PolicyPatternCompileResult {
        let bytes = Array(pattern.utf8)
        func scalarOffset(_ utf8Offset: Int) -> Int {
            var count = 0
            for byte in bytes.prefix(utf8Offset) where byte & 0xC0 != 0x80 { count += 1 }
            return count
        }
        if bytes.count > PolicyPattern.maxPatternBytes {
            return .unsupported(PolicyPatternUnsupported(
                feature: "pattern longer than \(PolicyPattern.maxPatternBytes) bytes",
                offset: scalarOffset(PolicyPattern.maxPatternBytes), utf8Offset: PolicyPattern.maxPatternBytes))
        }
        do throws(PatternFailure) {
            var parser = PatternParser(bytes)
            let root = try parser.parsePattern()
            let program = try PatternProgram(root: root)
            return .compiled(PolicyPattern(source: pattern, program: program))
        } catch {
            switch error {
            case .invalid(let message, let at):
                return .invalid(PolicyPatternError(message: message, offset: scalarOffset(at), utf8Offset: at))
            case .unsupported(let feature, let at):
                return .unsupported(PolicyPatternUnsupported(feature: feature, offset: scalarOffset(at), utf8Offset: at))
            }
        }
    }
}
