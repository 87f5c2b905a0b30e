/// Strings compared, hashed and scanned as their UTF-8 bytes: where identity is the bytes (a
/// fingerprint's parts) or where a byte test decides that the Character walk is not needed.
public enum ByteText {
    /// Whether `lhs` and `rhs` have the same bytes (not `==`, which compares Characters).
    public static func equal(_ lhs: String, _ rhs: String) -> Bool {
        var lhs = lhs, rhs = rhs
        return lhs.withUTF8 { a in rhs.withUTF8 { b in equal(UnsafeRawBufferPointer(a), UnsafeRawBufferPointer(b)) } }
    }

    /// Whether two byte ranges are equal, eight bytes at a time.
    public static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        a.count == b.count && (a.baseAddress == b.baseAddress || commonPrefix(a, b) == a.count)
    }

    /// How many bytes `a` and `b` begin with alike, eight at a time.
    public static func commonPrefix(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let count = min(a.count, b.count)
        var index = 0
        while index + 8 <= count,
              a.loadUnaligned(fromByteOffset: index, as: UInt64.self) == b.loadUnaligned(fromByteOffset: index, as: UInt64.self) {
            index += 8
        }
        while index < count, a[index] == b[index] { index += 1 }
        return index
    }

    /// How many bytes `a` and `b` end with alike, eight at a time.
    public static func commonSuffix(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let count = min(a.count, b.count)
        var index = 0
        while index + 8 <= count,
              a.loadUnaligned(fromByteOffset: a.count - index - 8, as: UInt64.self)
                == b.loadUnaligned(fromByteOffset: b.count - index - 8, as: UInt64.self) {
            index += 8
        }
        while index < count, a[a.count - 1 - index] == b[b.count - 1 - index] { index += 1 }
        return index
    }

    /// Feeds `text`'s bytes (and their count, so that parts fed one after another stay apart).
    public static func combine(_ text: String, into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { bytes in
            hasher.combine(bytes.count)
            hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        }
    }

    /// Whether brackets close within `bytes` and never before they open, and backticks pair:
    /// the text a candidate merge may cut a message at (its shared words, a spliced prefix).
    public static func isBalanced(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var depth = 0, ticks = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
                if depth < 0 { return false }
            case UInt8(ascii: "`"): ticks += 1
            default: break
            }
        }
        return depth == 0 && ticks.isMultiple(of: 2)
    }

    /// Whether every byte is ASCII and none is `excluded`, eight bytes at a time.
    public static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>, without excluded: UInt8) -> Bool {
        let raw = UnsafeRawBufferPointer(bytes)
        let high: UInt64 = 0x8080_8080_8080_8080, ones: UInt64 = 0x0101_0101_0101_0101
        let spread = ones &* UInt64(excluded)
        var index = 0
        while index + 8 <= raw.count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            // A byte equal to `excluded` is a zero byte of `word ^ spread` (the classic test).
            let matched = word ^ spread
            guard word & high == 0, (matched &- ones) & ~matched & high == 0 else { return false }
            index += 8
        }
        while index < raw.count {
            guard raw[index] < 0x80, raw[index] != excluded else { return false }
            index += 1
        }
        return true
    }

    /// The offset of the first `byte` in `bytes` at or after `start`, looked for eight bytes
    /// at a time: the byte searches of loading, redaction and merging all pass here.
    public static func firstIndex(of byte: UInt8, in bytes: UnsafeRawBufferPointer, from start: Int = 0) -> Int? {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        let spread = ones &* UInt64(byte)
        var index = max(0, start)
        while index + 8 <= bytes.count {
            // Bytes equal to `byte` are zero bytes of `word`; the lowest flagged byte is always
            // one of them (a false flag needs a borrow from a zero byte below it).
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)) ^ spread
            let flagged = (word &- ones) & ~word & high
            if flagged != 0 { return index + flagged.trailingZeroBitCount / 8 }
            index += 8
        }
        while index < bytes.count {
            if bytes[index] == byte { return index }
            index += 1
        }
        return nil
    }

    /// Whether `bytes` hold the three bytes `first`, `second`, `third` in a row.
    public static func contains(_ bytes: UnsafeRawBufferPointer, _ first: UInt8, _ second: UInt8, _ third: UInt8) -> Bool {
        var from = 0
        while let index = firstIndex(of: first, in: bytes, from: from), index + 2 < bytes.count {
            if bytes[index + 1] == second, bytes[index + 2] == third { return true }
            from = index + 1
        }
        return false
    }
}
