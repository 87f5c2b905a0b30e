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
    // Inlinable: loaders in other modules call it once per line (the INI parser's newline search),
    // where the call cost as much as the scan.
    @inlinable
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

    /// The offset of the first of `a`, `b` or `c` in `bytes[start..<end]`, or `max(start, end)`
    /// when there is none; eight bytes at a time (every INI key is searched for its `=`, `:` or `{`).
    // Inlinable: the INI parser calls it once per assignment, where the call cost as much as the scan.
    @inlinable
    public static func firstIndex(
        ofAny a: UInt8, _ b: UInt8, _ c: UInt8, in bytes: UnsafeRawBufferPointer, from start: Int, to end: Int
    ) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        let upper = min(end, bytes.count)
        var index = max(0, start)
        while index + 8 <= upper {
            // As in ``firstIndex(of:in:from:)``, for each byte: the lowest flag of each is exact,
            // so the lowest of the three is the first byte that is any of them.
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let x = word ^ (ones &* UInt64(a)), y = word ^ (ones &* UInt64(b)), z = word ^ (ones &* UInt64(c))
            let flagged = ((x &- ones) & ~x | (y &- ones) & ~y | (z &- ones) & ~z) & high
            if flagged != 0 { return index + flagged.trailingZeroBitCount / 8 }
            index += 8
        }
        while index < upper {
            let byte = bytes[index]
            if byte == a || byte == b || byte == c { return index }
            index += 1
        }
        return max(end, start)
    }

    /// How many bytes of `bytes` are not UTF-8 continuation bytes (`10xxxxxx`): the number of
    /// Unicode scalars of valid UTF-8. Eight bytes at a time (every kept INI entry's two
    /// locations count their columns and lengths).
    public static func scalarCount(_ bytes: UnsafeRawBufferPointer) -> Int {
        let high: UInt64 = 0x8080_8080_8080_8080
        var continuations = 0
        var index = 0
        while index + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            // A continuation byte has its top bit set and the next one clear.
            continuations += (word & ~(word << 1) & high).nonzeroBitCount
            index += 8
        }
        while index < bytes.count {
            if bytes[index] & 0xC0 == 0x80 { continuations += 1 }
            index += 1
        }
        return bytes.count - continuations
    }

    /// Whether `bytes` hold either three-byte sequence, both looked for in one pass eight
    /// offsets at a time (redaction asks this of every report string: `://` and `…`). Unlike
    /// ``contains(_:_:_:_:)`` it never restarts at a first byte that is not followed by the rest,
    /// which matters for text full of one of them (`:` in messages).
    public static func contains(
        _ bytes: UnsafeRawBufferPointer, _ first: (UInt8, UInt8, UInt8), or second: (UInt8, UInt8, UInt8)
    ) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, high = ~low
        // High bit set exactly in the zero bytes of `x` (no carry crosses a byte, so, unlike
        // ``firstIndex(of:in:from:)``'s test, no flag is false and the masks can be combined).
        func zeros(_ x: UInt64) -> UInt64 { ~(((x & low) &+ low) | x) & high }
        let spreadFirst = ones &* UInt64(first.0), spreadSecond = ones &* UInt64(second.0)
        let count = bytes.count
        var index = 0
        while index + 10 <= count {
            let w0 = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            // A word holding neither first byte starts no occurrence: the quick test of
            // ``firstIndex(of:in:from:)`` (which flags every zero byte, and maybe others) skips it.
            let x = w0 ^ spreadFirst, y = w0 ^ spreadSecond
            guard ((x &- ones) & ~x | (y &- ones) & ~y) & high != 0 else {
                index += 8
                continue
            }
            // Words at `index`, `index + 1` and `index + 2`: lane `k` of each holds the bytes at
            // offsets `index + k`, `+ 1`, `+ 2`, so a lane flagged in all three is an occurrence.
            let w1 = bytes.loadUnaligned(fromByteOffset: index + 1, as: UInt64.self)
            let w2 = bytes.loadUnaligned(fromByteOffset: index + 2, as: UInt64.self)
            let a = zeros(x) & zeros(w1 ^ (ones &* UInt64(first.1))) & zeros(w2 ^ (ones &* UInt64(first.2)))
            let b = zeros(y) & zeros(w1 ^ (ones &* UInt64(second.1)))
                & zeros(w2 ^ (ones &* UInt64(second.2)))
            if a | b != 0 { return true }
            index += 8
        }
        while index + 2 < count {
            let x = bytes[index], y = bytes[index + 1], z = bytes[index + 2]
            if (x == first.0 && y == first.1 && z == first.2) || (x == second.0 && y == second.1 && z == second.2) {
                return true
            }
            index += 1
        }
        return false
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
