import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge

/// Line-oriented access to a file's UTF-8 bytes, shared by the INI-style loaders
/// (oslo.config INI and Ansible INI inventory).
///
/// Both formats are read line by line with Python's `str.strip()` family, so the
/// helpers here trim exactly the characters Python's `str.isspace()` accepts, and
/// turn byte offsets into 1-based Unicode-scalar columns (SARIF `unicodeCodePoints`).
/// Everything is a linear scan over bytes: no regex engine, no `Character` walks.
struct INIStyleText {
    /// The whole file as UTF-8 bytes.
    let bytes: [UInt8]
    /// The file's display path, copied into every location.
    let path: String

    init(_ text: String, path: String) {
        self.bytes = Array(text.utf8)
        self.path = path
    }

    /// Over bytes already known to be UTF-8 (see `SourceText.decodeUTF8`): no copy.
    init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
    }

    /// One physical line: `start..<end` excludes the `\n` and a `\r` just before it.
    struct Line {
        /// 1-based line number.
        var number: Int
        /// Byte offset of the first byte of the line.
        var start: Int
        /// Byte offset just after the last content byte.
        var end: Int
    }

    /// Splits on `\n` (a `\r\n` pair counts as one break); a last line without a
    /// newline is kept, a trailing newline does not produce an extra empty line.
    func lines() -> [Line] {
        var result: [Line] = []
        forEachLine { result.append($0) }
        return result
    }

    /// Calls `body` with each line of ``lines()``, in order, without building the list.
    func forEachLine(_ body: (Line) -> Void) {
        var lineStart = 0
        var number = 1
        let count = bytes.count
        while lineStart < count {
            let newline = nextNewline(from: lineStart)
            var end = newline ?? count
            if end > lineStart, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            body(Line(number: number, start: lineStart, end: end))
            guard let newline else { return }
            number += 1
            lineStart = newline + 1
        }
    }

    /// Offset of the first `\n` at or after `start`, or nil.
    private func nextNewline(from start: Int) -> Int? {
        bytes.withUnsafeBytes { ByteText.firstIndex(of: UInt8(ascii: "\n"), in: $0, from: start) }
    }

    // MARK: Text and positions

    /// The text of `range` (byte offsets), decoded as UTF-8.
    func string(_ range: Range<Int>) -> String {
        let lower = max(0, min(range.lowerBound, bytes.count))
        let upper = max(lower, min(range.upperBound, bytes.count))
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }

    /// ``string(_:)``, shared through `table` when there is one (see ``INIStringTable``).
    func string(_ range: Range<Int>, sharedThrough table: INIStringTable?) -> String {
        guard let table else { return string(range) }
        let lower = max(0, min(range.lowerBound, bytes.count))
        let upper = max(lower, min(range.upperBound, bytes.count))
        return bytes.withUnsafeBufferPointer { table.string(UnsafeBufferPointer(rebasing: $0[lower..<upper])) }
    }

    /// Whether the bytes of `range` are all ASCII.
    func isASCII(_ range: Range<Int>) -> Bool {
        let lower = max(0, min(range.lowerBound, bytes.count))
        let upper = max(lower, min(range.upperBound, bytes.count))
        // Every key of a filtered section passes here: one OR per byte, no closure.
        return bytes.withUnsafeBufferPointer { buffer in
            var any: UInt8 = 0
            for index in lower..<upper { any |= buffer[index] }
            return any < 0x80
        }
    }

    /// Number of Unicode scalars in `range` (bytes that are not UTF-8 continuation bytes).
    func scalarCount(_ range: Range<Int>) -> Int {
        let lower = max(0, min(range.lowerBound, bytes.count))
        let upper = max(lower, min(range.upperBound, bytes.count))
        return bytes.withUnsafeBytes { ByteText.scalarCount(UnsafeRawBufferPointer(rebasing: $0[lower..<upper])) }
    }

    /// 1-based scalar column of byte `offset` on `line`.
    func column(of offset: Int, on line: Line) -> Int {
        1 + scalarCount(line.start..<offset)
    }

    /// The location of the bytes `range` on `line` (one line, scalar columns).
    func location(_ range: Range<Int>, on line: Line) -> SourceLocation {
        let column = column(of: range.lowerBound, on: line)
        return SourceLocation(path: path, line: line.number, column: column, length: scalarCount(range))
    }

    /// The byte at `offset`, or nil outside the file.
    func byte(at offset: Int) -> UInt8? {
        offset >= 0 && offset < bytes.count ? bytes[offset] : nil
    }

    /// Whether the bytes at `offset` spell `literal` (ASCII), staying below `limit`.
    func matches(_ literal: StaticString, at offset: Int, limit: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard offset >= 0, offset + count <= min(limit, bytes.count) else { return false }
        return literal.withUTF8Buffer { buffer in
            var index = 0
            while index < count {
                if bytes[offset + index] != buffer[index] { return false }
                index += 1
            }
            return true
        }
    }

    /// First offset in `range` where `literal` starts, or nil: a scan for its first byte,
    /// then a comparison (every line's `://`, `}}` and `%}` searches pass here).
    func find(_ literal: StaticString, in range: Range<Int>) -> Int? {
        let count = literal.utf8CodeUnitCount
        let lower = max(0, range.lowerBound)
        let upper = min(range.upperBound, bytes.count)
        guard count > 0 else { return lower <= range.upperBound ? lower : nil }
        guard lower + count <= upper else { return nil }
        return literal.withUTF8Buffer { wanted in
            bytes.withUnsafeBytes { buffer in
                // The first byte is looked for eight bytes at a time, in the bytes below `upper`.
                let window = UnsafeRawBufferPointer(rebasing: buffer[0..<upper])
                let last = upper - count
                var from = lower
                while let index = ByteText.firstIndex(of: wanted[0], in: window, from: from), index <= last {
                    var matched = 1
                    while matched < count, window[index + matched] == wanted[matched] { matched += 1 }
                    if matched == count { return index }
                    from = index + 1
                }
                return nil
            }
        }
    }

    // MARK: Words of the file

    /// Calls `body` with the bytes of `range` eight at a time, as little-endian words read from
    /// the file in place, the bytes past `range` in the last word set to `0xFF ^ pad` (so that
    /// with `pad` spread over the word they are `0xFF`). Returns false without calling `body`
    /// for a range whose last word would end past the file: the caller then takes its general
    /// path. (Every key and value a filter leaves out passes here: a few instructions per word,
    /// with no call and no byte-by-byte tail.)
    @inline(__always)
    private func forEachWord(in lower: Int, _ upper: Int, pad: UInt8, _ body: (UInt64) -> Void) -> Bool {
        bytes.withUnsafeBytes { buffer in
            let ones: UInt64 = 0x0101_0101_0101_0101
            var index = lower
            // Offsets stay within the file's count, far from overflow: wrapping arithmetic and
            // masking shifts spare the traps' checks.
            while index < upper {
                guard index &+ 8 <= buffer.count else { return false }
                var word = UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                let valid = upper &- index
                if valid < 8 {
                    let kept = UInt64.max &>> UInt64(truncatingIfNeeded: 64 &- valid &* 8)
                    word = word & kept | (ones &* UInt64(0xFF ^ pad)) & ~kept
                }
                body(word)
                index &+= 8
            }
            return true
        }
    }

    /// The high bit of each zero byte of `word` (and maybe of bytes above one): nonzero
    /// exactly when `word` has a zero byte.
    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
    }

    /// Whether the bytes of `range` hold `byte`.
    @inline(__always)
    func contains(byte: UInt8, in range: Range<Int>) -> Bool {
        let lower = max(0, min(range.lowerBound, bytes.count))
        let upper = max(lower, min(range.upperBound, bytes.count))
        let spread = 0x0101_0101_0101_0101 &* UInt64(byte)
        var found: UInt64 = 0
        if forEachWord(in: lower, upper, pad: byte, { found |= INIStyleText.zeroBytes($0 ^ spread) }) { return found != 0 }
        return find(byte: byte, in: lower..<upper) != nil
    }

    /// ``Redactor/isSecretKey(utf8:)`` of the bytes of `range`, most keys answered from a
    /// look at their letters, eight bytes at a time (``Redactor/mayBeSecretKey(hasS:hasK:hasO:lastByte:)``):
    /// the keys of a fleet's left-out settings (`key_12`, `option_3`) are answered without the
    /// byte-by-byte pass.
    @inline(__always)
    func isSecretKey(_ range: Range<Int>) -> Bool {
        let lower = max(0, min(range.lowerBound, bytes.count))
        let upper = max(lower, min(range.upperBound, bytes.count))
        let ones: UInt64 = 0x0101_0101_0101_0101
        var s: UInt64 = 0, k: UInt64 = 0, o: UInt64 = 0
        // Bit 5 set makes a letter's two cases that letter, and no other byte one of these.
        let read = forEachWord(in: lower, upper, pad: 0) { word in
            let lowered = word | ones &* 0x20
            s |= INIStyleText.zeroBytes(lowered ^ ones &* UInt64(UInt8(ascii: "s")))
            k |= INIStyleText.zeroBytes(lowered ^ ones &* UInt64(UInt8(ascii: "k")))
            o |= INIStyleText.zeroBytes(lowered ^ ones &* UInt64(UInt8(ascii: "o")))
        }
        if read, !Redactor.mayBeSecretKey(
            hasS: s != 0, hasK: k != 0, hasO: o != 0, lastByte: upper > lower ? bytes[upper - 1] : 0) {
            return false
        }
        return bytes.withUnsafeBufferPointer { Redactor.isSecretKey(utf8: UnsafeBufferPointer(rebasing: $0[lower..<upper])) }
    }

    /// First offset in `range` holding `byte`, or nil.
    func find(byte: UInt8, in range: Range<Int>) -> Int? {
        var index = max(0, range.lowerBound)
        let upper = min(range.upperBound, bytes.count)
        while index < upper {
            if bytes[index] == byte { return index }
            index += 1
        }
        return nil
    }

    // MARK: Python whitespace

    /// `range` without leading and trailing whitespace (Python `str.strip()`).
    // Inlined: each assignment trims its key and its value, and the call cost as much as the trim.
    @inline(__always)
    func trimmed(_ range: Range<Int>) -> Range<Int> {
        let lower = trimmedStart(range)
        return lower..<trimmedEnd(lower..<range.upperBound)
    }

    /// First offset in `range` that does not start a whitespace scalar (Python `lstrip`).
    @inline(__always)
    func trimmedStart(_ range: Range<Int>) -> Int {
        // Most ranges start with ASCII (` value` after a `=`): ASCII bytes are whole scalars,
        // stepped over inline; the scan takes over from the first non-ASCII byte.
        var lower = range.lowerBound
        guard lower >= 0 else { return trimmedStartScanning(range) }
        let upper = min(range.upperBound, bytes.count)
        while lower < upper {
            let byte = bytes[lower]
            if byte >= 0x80 { return trimmedStartScanning(lower..<range.upperBound) }
            if !INIStyleText.isASCIIWhitespace(byte) { return lower }
            lower += 1
        }
        return trimmedStartScanning(lower..<range.upperBound)
    }

    /// ``trimmedStart(_:)`` scalar by scalar, whatever the first byte.
    func trimmedStartScanning(_ range: Range<Int>) -> Int {
        var index = range.lowerBound
        while index < range.upperBound {
            let width = whitespaceWidth(at: index, limit: range.upperBound)
            if width == 0 { break }
            index += width
        }
        return index
    }

    /// Offset just after the last non-whitespace scalar in `range` (Python `rstrip`).
    @inline(__always)
    func trimmedEnd(_ range: Range<Int>) -> Int {
        // Most ranges end with ASCII (`key ` before a `=`): ASCII bytes are whole scalars,
        // stepped over inline; the scan takes over from the last non-ASCII byte.
        var upper = range.upperBound
        guard upper <= bytes.count else { return trimmedEndScanning(range) }
        while upper > range.lowerBound, upper > 0 {
            let byte = bytes[upper - 1]
            if byte >= 0x80 { return trimmedEndScanning(range.lowerBound..<upper) }
            if !INIStyleText.isASCIIWhitespace(byte) { return upper }
            upper -= 1
        }
        return trimmedEndScanning(range.lowerBound..<upper)
    }

    /// ``trimmedEnd(_:)`` scalar by scalar, whatever the last byte.
    func trimmedEndScanning(_ range: Range<Int>) -> Int {
        var index = range.upperBound
        while index > range.lowerBound {
            let width = whitespaceWidth(endingAt: index, floor: range.lowerBound)
            if width == 0 { break }
            index -= width
        }
        return index
    }

    /// Byte length of the whitespace scalar starting at `offset`, or 0.
    ///
    /// Python's `str.isspace()`: ASCII `\t\n\v\f\r`, `\x1c`–`\x1f`, space, and
    /// U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
    func whitespaceWidth(at offset: Int, limit: Int) -> Int {
        guard offset >= 0, offset < limit, offset < bytes.count else { return 0 }
        let first = bytes[offset]
        if first < 0x80 { return INIStyleText.isASCIIWhitespace(first) ? 1 : 0 }
        let available = min(limit, bytes.count) - offset
        if first == 0xC2, available >= 2 {
            let second = bytes[offset + 1]
            return second == 0x85 || second == 0xA0 ? 2 : 0
        }
        guard available >= 3 else { return 0 }
        let second = bytes[offset + 1]
        let third = bytes[offset + 2]
        return INIStyleText.isThreeByteWhitespace(first, second, third) ? 3 : 0
    }

    /// Byte length of the whitespace scalar that ends just before `offset`, or 0.
    func whitespaceWidth(endingAt offset: Int, floor: Int) -> Int {
        guard offset > floor, offset <= bytes.count else { return 0 }
        let last = bytes[offset - 1]
        if last < 0x80 { return INIStyleText.isASCIIWhitespace(last) ? 1 : 0 }
        if offset - 2 >= floor, bytes[offset - 2] == 0xC2, last == 0x85 || last == 0xA0 { return 2 }
        if offset - 3 >= floor,
           INIStyleText.isThreeByteWhitespace(bytes[offset - 3], bytes[offset - 2], last) {
            return 3
        }
        return 0
    }

    static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        (byte >= 0x09 && byte <= 0x0D) || (byte >= 0x1C && byte <= 0x20)
    }

    private static func isThreeByteWhitespace(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> Bool {
        switch (first, second) {
        case (0xE1, 0x9A): return third == 0x80                                   // U+1680
        case (0xE2, 0x80):                                                        // U+2000–200A, 2028, 2029, 202F
            return (0x80...0x8A).contains(third) || third == 0xA8 || third == 0xA9 || third == 0xAF
        case (0xE2, 0x81): return third == 0x9F                                   // U+205F
        case (0xE3, 0x80): return third == 0x80                                   // U+3000
        default: return false
        }
    }
}
