/// A JSON document with ordered object members, so reports are byte-for-byte
/// deterministic and keep the member order the spec shows (Foundation's encoder
/// either scrambles or alphabetises keys).
public indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.int(a), .int(b)): a == b
        case let (.string(a), .string(b)): a == b
        case let (.array(a), .array(b)): a == b
        case let (.object(a), .object(b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// An optional string: `null` when absent.
    public static func optional(_ value: String?) -> JSONValue {
        value.map(JSONValue.string) ?? .null
    }

    /// Serialises with two-space indentation and a trailing newline.
    ///
    /// One pass into a byte buffer: no intermediate strings per line or per indentation
    /// (a 26,000-result SARIF log is 48 MB).
    public func rendered() -> String {
        var output: [UInt8] = []
        output.reserveCapacity(1 << 16)
        write(to: &output, indent: 0)
        output.append(UInt8(ascii: "\n"))
        return String(decoding: output, as: UTF8.self)
    }

    /// Arrays longer than this are written on every core (nested arrays inside them are not
    /// split again: they are written on the core of their element).
    package static let parallelArrayLength = 256

    package static func append(_ text: StaticString, to output: inout [UInt8]) {
        output.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    package static func indent(_ count: Int, to output: inout [UInt8]) {
        // A copy of a run of spaces, not a loop over a repeated element (every line of a
        // report is indented; SARIF results nest ten levels deep).
        if count <= spaces.utf8CodeUnitCount {
            output.append(contentsOf: UnsafeBufferPointer(start: spaces.utf8Start, count: max(0, count)))
        } else {
            output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
        }
    }

    private static let spaces: StaticString = "                                                                "

    package func write(to output: inout [UInt8], indent: Int) {
        switch self {
        case .null: JSONValue.append("null", to: &output)
        case .bool(let value): JSONValue.append(value ? "true" : "false", to: &output)
        case .int(let value): JSONValue.writeInt(value, to: &output)
        case .string(let value): JSONValue.writeString(value, to: &output)
        case .array(let items):
            if items.isEmpty { JSONValue.append("[]", to: &output); return }
            JSONValue.append("[\n", to: &output)
            // A report's findings: written in pieces on every core, then joined in order.
            if items.count > JSONValue.parallelArrayLength {
                let pieces = Parallel.map(items, chunk: JSONValue.parallelArrayLength) { item -> [UInt8] in
                    var piece: [UInt8] = []
                    JSONValue.indent(indent + 2, to: &piece)
                    item.write(to: &piece, indent: indent + 2)
                    return piece
                }
                for (index, piece) in pieces.enumerated() {
                    output.append(contentsOf: piece)
                    JSONValue.append(index == pieces.count - 1 ? "\n" : ",\n", to: &output)
                }
            } else {
                for (index, item) in items.enumerated() {
                    JSONValue.indent(indent + 2, to: &output)
                    item.write(to: &output, indent: indent + 2)
                    JSONValue.append(index == items.count - 1 ? "\n" : ",\n", to: &output)
                }
            }
            JSONValue.indent(indent, to: &output)
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty { JSONValue.append("{}", to: &output); return }
            JSONValue.append("{\n", to: &output)
            for (index, member) in members.enumerated() {
                JSONValue.indent(indent + 2, to: &output)
                JSONValue.writeString(member.0, to: &output)
                JSONValue.append(": ", to: &output)
                member.1.write(to: &output, indent: indent + 2)
                JSONValue.append(index == members.count - 1 ? "\n" : ",\n", to: &output)
            }
            JSONValue.indent(indent, to: &output)
            output.append(UInt8(ascii: "}"))
        }
    }

    /// The decimal digits of `value` (a `-` first when negative), as `String(value)` spells them.
    package static func writeInt(_ value: Int, to output: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumIntLength) { buffer in
            let count = writeInt(value, into: buffer.baseAddress.unsafelyUnwrapped)
            output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// The most bytes ``writeInt(_:into:)`` writes (`-9223372036854775808`).
    package static let maximumIntLength = 20

    /// The bytes ``writeInt(_:to:)`` appends, written at `start` (room for
    /// ``maximumIntLength``); returns how many.
    package static func writeInt(_ value: Int, into start: UnsafeMutablePointer<UInt8>) -> Int {
        var count = 0
        if value < 0 {
            start[0] = UInt8(ascii: "-")
            count = 1
        }
        // The magnitude as unsigned, so `Int.min` has one too; its digits are written from
        // the last, then reversed.
        var magnitude = value.magnitude
        let first = count
        repeat {
            start[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            count += 1
            magnitude /= 10
        } while magnitude != 0
        var digits = UnsafeMutableBufferPointer(start: start + first, count: count - first)
        digits.reverse()
        return count
    }

    /// Whether some byte of `word` is one ``writeString(_:to:)`` may escape: below 0x20,
    /// `"`, `\\`, DEL, or 0xE2 (the lead byte of U+2028 and U+2029). Never false when one is.
    @inline(__always)
    private static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        // A zero byte of `x` sets its high bit in `(x - ones) & ~x` (the classic test: exact
        // as a yes/no answer); bytes below 0x20 likewise with `0x20 * ones` subtracted. The
        // five flag words are joined before the one test of their high bits (the same answer
        // as testing each: `&` distributes over `|`), so a clean word costs one branch.
        func zeroFlags(_ x: UInt64) -> UInt64 { (x &- ones) & ~x }
        let flags = (word &- ones &* 0x20) & ~word
            | zeroFlags(word ^ (ones &* 0x22)) | zeroFlags(word ^ (ones &* 0x5C))
            | zeroFlags(word ^ (ones &* 0x7F)) | zeroFlags(word ^ (ones &* 0xE2))
        return flags & high != 0
    }

    /// Whether ``writeStringContents(_:to:)`` writes `bytes` as they are: none is below
    /// 0x20, `"`, `\`, DEL or 0xE2 (the lead byte of U+2028 and U+2029). Exact when true;
    /// false for some strings written as they are (with an 0xE2 of another character).
    package static func isWrittenVerbatim(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let raw = UnsafeRawBufferPointer(bytes)
        var index = 0
        while index + 8 <= bytes.count {
            if mayNeedEscape(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))) { return false }
            index += 8
        }
        guard index < bytes.count else { return true }
        // The last bytes in a word filled up with spaces (never escaped), so the one test
        // above decides them too.
        var tail: UInt64 = 0x2020_2020_2020_2020
        withUnsafeMutableBytes(of: &tail) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[index...])) }
        return !mayNeedEscape(tail)
    }

    /// A JSON string literal: `"` and `\` escaped, the C0 controls and DEL as `\b \f \n
    /// \r \t` or `\u00xx`, U+2028/U+2029 (line breaks to JavaScript) as `\u2028`/`\u2029`;
    /// everything else as its UTF-8 bytes.
    package static func writeString(_ value: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        writeStringContents(value, to: &output)
        output.append(UInt8(ascii: "\""))
    }

    /// What ``writeString(_:to:)`` writes between the quotes.
    package static func writeStringContents(_ value: String, to output: inout [UInt8]) {
        let hex: StaticString = "0123456789abcdef"
        var value = value
        // Runs of bytes that need no escape are copied whole (a report is mostly such runs).
        value.withUTF8 { bytes in
            var run = 0, index = 0
            func flush(upTo end: Int) {
                if run < end { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<end])) }
            }
            let raw = UnsafeRawBufferPointer(bytes)
            while index < bytes.count {
                // Eight bytes at a time while none may need an escape.
                while index + 8 <= bytes.count,
                      !mayNeedEscape(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))) {
                    index += 8
                }
                guard index < bytes.count else { break }
                let byte = bytes[index]
                let escape: StaticString?
                switch byte {
                case UInt8(ascii: "\""): escape = "\\\""
                case UInt8(ascii: "\\"): escape = "\\\\"
                case UInt8(ascii: "\n"): escape = "\\n"
                case UInt8(ascii: "\r"): escape = "\\r"
                case UInt8(ascii: "\t"): escape = "\\t"
                case 0x08: escape = "\\b"
                case 0x0C: escape = "\\f"
                case 0x00..<0x20, 0x7F:
                    flush(upTo: index)
                    append("\\u00", to: &output)
                    output.append(hex.utf8Start[Int(byte >> 4)])
                    output.append(hex.utf8Start[Int(byte & 0xF)])
                    index += 1
                    run = index
                    continue
                // U+2028 and U+2029 are E2 80 A8 and E2 80 A9 (a String is valid UTF-8).
                case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80
                    && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    flush(upTo: index)
                    append(bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029", to: &output)
                    index += 3
                    run = index
                    continue
                default: escape = nil
                }
                if let escape {
                    flush(upTo: index)
                    append(escape, to: &output)
                    run = index + 1
                }
                index += 1
            }
            flush(upTo: bytes.count)
        }
    }
}
