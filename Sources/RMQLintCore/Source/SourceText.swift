/// Turns a file's bytes into text, or explains (with a location) why it is not text.
///
/// Every loader gets its input through here, so binary leftovers, NUL bytes and
/// broken encodings become located RMQ001 findings instead of garbage parses.
public enum SourceText {
    /// Decodes `bytes` as UTF-8 (a UTF-8 byte-order mark is dropped; UTF-16 with a
    /// byte-order mark is transcoded). Returns a diagnostic for NUL bytes and for
    /// invalid UTF-8, located at the offending byte.
    public static func decode(_ bytes: [UInt8], path: String) -> Result<String, LoadDiagnostic> {
        if isUTF16(bytes) { return decodeUTF16(bytes, path: path) }
        return validUTF8(bytes, path: path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// What ``decode(_:path:)`` accepts, as the UTF-8 bytes of the text instead of a
    /// `String`: the byte-order mark dropped, UTF-16 transcoded, the same diagnostics.
    /// Loaders that scan bytes (INI) use this to skip building a `String` of the file.
    public static func decodeUTF8(_ bytes: [UInt8], path: String) -> Result<[UInt8], LoadDiagnostic> {
        if isUTF16(bytes) { return decodeUTF16(bytes, path: path).map { Array($0.utf8) } }
        return validUTF8(bytes, path: path).map { $0.startIndex == 0 ? bytes : Array($0) }
    }

    private static func isUTF16(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF))
    }

    /// The UTF-8 body of `bytes` (without a byte-order mark) when it is valid text.
    ///
    /// One pass; ASCII, which configuration files almost only hold, takes the short path.
    /// Line and column are worked out only for the byte that fails.
    private static func validUTF8(_ bytes: [UInt8], path: String) -> Result<ArraySlice<UInt8>, LoadDiagnostic> {
        var body = bytes[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { body = bytes[3...] }
        let failure: (index: Int, message: String)? = body.withUnsafeBufferPointer { buffer in
            var index = 0
            let count = buffer.count
            let raw = UnsafeRawBufferPointer(buffer)
            while index < count {
                // Eight bytes at a time while they are ASCII and none is NUL (no high bit set,
                // no zero byte); any other word is walked byte by byte below.
                if index + 8 <= count {
                    let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    let zero = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
                    if (word & 0x8080_8080_8080_8080) | zero == 0 {
                        index += 8
                        continue
                    }
                }
                let byte = buffer[index]
                if byte != 0 && byte < 0x80 {
                    index += 1
                    continue
                }
                if byte == 0 { return (index, "binary file (NUL byte): not a text configuration file") }
                let width = utf8SequenceLength(buffer, at: index)
                if width == 0 {
                    return (index, "invalid UTF-8 byte 0x\(String(byte, radix: 16, uppercase: true)): the file must be UTF-8 text")
                }
                index += width
            }
            return nil
        }
        guard let failure else { return .success(body) }
        // The bytes before the failure are valid: the column counts the scalars (bytes that
        // are not continuation bytes) since the last newline.
        let prefix = body.prefix(failure.index)
        let line = 1 + prefix.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        let lineStart = prefix.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? prefix.startIndex
        let column = 1 + prefix[lineStart...].reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
        return .failure(LoadDiagnostic(failure.message, at: SourceLocation(path: path, line: line, column: column)))
    }

    /// Length of the well-formed UTF-8 sequence at `index`, or 0 if it is malformed.
    private static func utf8SequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let first = bytes[index]
        if first < 0x80 { return 1 }
        let length: Int
        var lowerBound: UInt8 = 0x80
        var upperBound: UInt8 = 0xBF
        switch first {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lowerBound = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upperBound = 0x9F
        case 0xF0: length = 4; lowerBound = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upperBound = 0x8F
        default: return 0
        }
        guard index + length <= bytes.count else { return 0 }
        for offset in 1..<length {
            let byte = bytes[index + offset]
            let (low, high) = offset == 1 ? (lowerBound, upperBound) : (0x80, 0xBF)
            if byte < low || byte > high { return 0 }
        }
        return length
    }

    private static func decodeUTF16(_ bytes: [UInt8], path: String) -> Result<String, LoadDiagnostic> {
        let bigEndian = bytes[0] == 0xFE
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = 2
        while index + 1 < bytes.count {
            let pair = bigEndian
                ? UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
                : UInt16(bytes[index + 1]) << 8 | UInt16(bytes[index])
            units.append(pair)
            index += 2
        }
        var scalars = String.UnicodeScalarView()
        var line = 1
        var column = 1
        var decoder = UTF16()
        var iterator = units.makeIterator()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar.value == 0 {
                    return .failure(LoadDiagnostic(
                        "binary file (NUL character): not a text configuration file",
                        at: SourceLocation(path: path, line: line, column: column)))
                }
                scalars.append(scalar)
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput:
                break loop
            case .error:
                return .failure(LoadDiagnostic(
                    "invalid UTF-16 text", at: SourceLocation(path: path, line: line, column: column)))
            }
        }
        return .success(String(scalars))
    }
}
