/// Turns a file's bytes into text, or explains (with a location) why it is not text.
///
/// Every loader gets its input through here, so binary leftovers, NUL bytes and
/// broken encodings become located RMQ001 findings instead of garbage parses.
public enum SourceText {
    /// Decodes `bytes` as UTF-8 (a UTF-8 byte-order mark is dropped; UTF-16 with a
    /// byte-order mark is transcoded). Returns a diagnostic for NUL bytes and for
    /// invalid UTF-8, located at the offending byte.
    public static func decode(_ bytes: [UInt8], path: String) -> Result<String, LoadDiagnostic> {
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            return decodeUTF16(bytes, path: path)
        }
        var body = bytes[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { body = bytes[3...] }
        var line = 1
        var column = 1
        var index = body.startIndex
        while index < body.endIndex {
            let byte = body[index]
            if byte == 0 {
                return .failure(LoadDiagnostic(
                    "binary file (NUL byte): not a text configuration file",
                    at: SourceLocation(path: path, line: line, column: column)))
            }
            let width = utf8SequenceLength(body, at: index)
            if width == 0 {
                return .failure(LoadDiagnostic(
                    "invalid UTF-8 byte 0x\(String(byte, radix: 16, uppercase: true)): the file must be UTF-8 text",
                    at: SourceLocation(path: path, line: line, column: column)))
            }
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += width
        }
        return .success(String(decoding: body, as: UTF8.self))
    }

    /// Length of the well-formed UTF-8 sequence at `index`, or 0 if it is malformed.
    private static func utf8SequenceLength(_ bytes: ArraySlice<UInt8>, at index: Int) -> Int {
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
        guard index + length <= bytes.endIndex else { return 0 }
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
