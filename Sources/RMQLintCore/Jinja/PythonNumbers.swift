import RMQLintSource

/// Python's number semantics where Jinja exposes them: `int(str)`, `float(str)`,
/// `repr(float)`, floor division and modulo, exact int/float comparison.
enum PythonNumbers {
    /// Outcome of converting text to an int the way `int(text)` does.
    enum IntParse: Equatable {
        case value(Int)
        /// Syntactically an int, but outside 64 bits (Python would have a bigint).
        case overflow
        /// Not an int literal (Python raises ValueError).
        case invalid
    }

    /// `int(text)` in base 10: surrounding whitespace, an optional sign, decimal
    /// digits (any Unicode `Nd` digit, as Python allows) with single underscores
    /// between digits.
    static func parseInt(_ text: String) -> IntParse {
        let scalars = strippedScalars(text)
        var index = scalars.startIndex
        var negative = false
        if index < scalars.endIndex, scalars[index] == "+" || scalars[index] == "-" {
            negative = scalars[index] == "-"
            index += 1
        }
        guard index < scalars.endIndex else { return .invalid }
        var magnitude = 0
        var overflow = false
        var previousWasDigit = false
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar == "_" {
                guard previousWasDigit else { return .invalid }
                previousWasDigit = false
            } else if let digit = decimalDigit(scalar) {
                if !overflow {
                    let (times, o1) = magnitude.multipliedReportingOverflow(by: 10)
                    let (plus, o2) = times.addingReportingOverflow(digit)
                    if o1 || o2 { overflow = true } else { magnitude = plus }
                }
                previousWasDigit = true
            } else {
                return .invalid
            }
            index += 1
        }
        guard previousWasDigit else { return .invalid }
        if overflow { return .overflow }
        return .value(negative ? -magnitude : magnitude)
    }

    /// `float(text)`: surrounding whitespace, sign, `inf`/`infinity`/`nan` in any
    /// case, or decimal digits with an optional fraction and exponent (PEP 515
    /// underscores between digits). `nil` where Python raises ValueError.
    static func parseFloat(_ text: String) -> Double? {
        let scalars = strippedScalars(text)
        var index = scalars.startIndex
        var sign = ""
        if index < scalars.endIndex, scalars[index] == "+" || scalars[index] == "-" {
            if scalars[index] == "-" { sign = "-" }
            index += 1
        }
        switch String(String.UnicodeScalarView(scalars[index...])).lowercased() {
        case "inf", "infinity": return sign == "-" ? -Double.infinity : Double.infinity
        case "nan": return Double.nan
        default: break
        }
        // digitpart: digit (["_"] digit)*, converted to ASCII digits.
        func digitPart() -> String? {
            var digits = ""
            var previousWasDigit = false
            while index < scalars.endIndex {
                let scalar = scalars[index]
                if scalar == "_" {
                    guard previousWasDigit, index + 1 < scalars.endIndex,
                          decimalDigit(scalars[index + 1]) != nil else { return nil }
                    previousWasDigit = false
                } else if let digit = decimalDigit(scalar) {
                    digits.unicodeScalars.append(Unicode.Scalar(UInt8(48 + digit)))
                    previousWasDigit = true
                } else {
                    break
                }
                index += 1
            }
            return digits
        }
        guard let integerPart = digitPart() else { return nil }
        var fractionPart = ""
        if index < scalars.endIndex, scalars[index] == "." {
            index += 1
            guard let digits = digitPart() else { return nil }
            fractionPart = digits
        }
        guard !(integerPart.isEmpty && fractionPart.isEmpty) else { return nil }
        var exponentPart = "0"
        if index < scalars.endIndex, scalars[index] == "e" || scalars[index] == "E" {
            index += 1
            var exponentSign = ""
            if index < scalars.endIndex, scalars[index] == "+" || scalars[index] == "-" {
                if scalars[index] == "-" { exponentSign = "-" }
                index += 1
            }
            guard let digits = digitPart(), !digits.isEmpty else { return nil }
            exponentPart = exponentSign + digits
        }
        guard index == scalars.endIndex else { return nil }
        let spelled = sign + (integerPart.isEmpty ? "0" : integerPart) + "."
            + (fractionPart.isEmpty ? "0" : fractionPart) + "e" + exponentPart
        // Swift's parser is correctly rounded, like CPython's; overflow gives ±inf
        // as Python's float() does.
        return Double(spelled)
    }

    /// The value of a decimal digit, ASCII or any Unicode `Nd` digit.
    static func decimalDigit(_ scalar: Unicode.Scalar) -> Int? {
        if scalar.value >= 48 && scalar.value <= 57 { return Int(scalar.value - 48) }
        guard scalar.value > 0x7F, scalar.properties.numericType == .decimal,
              let value = scalar.properties.numericValue else { return nil }
        return Int(value)
    }

    /// Python's `str.isspace()` for one character (Unicode White_Space plus the
    /// information separators U+001C–U+001F).
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value >= 0x1C && scalar.value <= 0x1F) || scalar.properties.isWhitespace
    }

    private static func strippedScalars(_ text: String) -> [Unicode.Scalar] {
        let scalars = Array(text.unicodeScalars)
        var start = 0
        var end = scalars.count
        while start < end, isSpace(scalars[start]) { start += 1 }
        while end > start, isSpace(scalars[end - 1]) { end -= 1 }
        return Array(scalars[start..<end])
    }

    // MARK: repr(float)

    /// `repr(float)`: the shortest round-tripping digits, in fixed notation when
    /// the decimal exponent is in [-4, 16), else scientific with a two-digit
    /// minimum exponent (`1e-05`, `1e+16`); fixed notation always has a `.`.
    static func floatRepr(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        // Swift's description is also the shortest round-trip digit string; only
        // its layout differs from Python's, so take the digits and re-lay them.
        var text = Swift.abs(value).description
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        var digits = ""
        var pointPosition = 0
        var seenPoint = false
        for character in text {
            if character == "." { seenPoint = true; continue }
            digits.append(character)
            if !seenPoint { pointPosition += 1 }
        }
        // Normalise to 0.d1d2… × 10^decimalPoint with no leading/trailing zeros.
        while digits.first == "0" { digits.removeFirst(); pointPosition -= 1 }
        while digits.last == "0" { digits.removeLast() }
        if digits.isEmpty { digits = "0"; pointPosition = 1 }
        let decimalPoint = pointPosition + exponent
        let sign = value < 0 ? "-" : ""
        if decimalPoint > -4 && decimalPoint <= 16 {
            if decimalPoint <= 0 {
                return sign + "0." + String(repeating: "0", count: -decimalPoint) + digits
            }
            if digits.count <= decimalPoint {
                return sign + digits + String(repeating: "0", count: decimalPoint - digits.count) + ".0"
            }
            let split = digits.index(digits.startIndex, offsetBy: decimalPoint)
            return sign + digits[..<split] + "." + digits[split...]
        }
        let shown = decimalPoint - 1
        var mantissa = String(digits.prefix(1))
        if digits.count > 1 { mantissa += "." + digits.dropFirst() }
        let magnitude = String(Swift.abs(shown))
        return sign + mantissa + "e" + (shown < 0 ? "-" : "+")
            + (magnitude.count < 2 ? "0" + magnitude : magnitude)
    }

    // MARK: arithmetic

    /// `a // b` on ints (rounds towards negative infinity); `nil` on division by
    /// zero or overflow.
    static func floorDivide(_ a: Int, _ b: Int) -> Int? {
        guard b != 0 else { return nil }
        let (quotient, overflow) = a.dividedReportingOverflow(by: b)
        guard !overflow else { return nil }
        if (a % b != 0) && ((a < 0) != (b < 0)) { return quotient - 1 }
        return quotient
    }

    /// `a % b` on ints (result has the divisor's sign); `nil` on zero divisor.
    static func modulo(_ a: Int, _ b: Int) -> Int? {
        guard b != 0 else { return nil }
        let (remainder, overflow) = a.remainderReportingOverflow(dividingBy: b)
        guard !overflow else { return 0 }
        if remainder != 0 && ((remainder < 0) != (b < 0)) { return remainder + b }
        return remainder
    }

    /// CPython's `float_divmod`: (floor quotient, modulo); `nil` on zero divisor.
    static func floatDivmod(_ vx: Double, _ wx: Double) -> (Double, Double)? {
        guard wx != 0 else { return nil }
        var mod = vx.truncatingRemainder(dividingBy: wx)
        var div = (vx - mod) / wx
        if mod != 0 {
            if (wx < 0) != (mod < 0) {
                mod += wx
                div -= 1
            }
        } else {
            mod = Double(signOf: wx, magnitudeOf: 0)
        }
        var floorDiv: Double
        if div != 0 {
            floorDiv = div.rounded(.down)
            if div - floorDiv > 0.5 { floorDiv += 1 }
        } else {
            floorDiv = Double(signOf: vx / wx, magnitudeOf: 0)
        }
        return (floorDiv, mod)
    }

    /// Exact comparison of an int with a float, as Python does (no rounding of
    /// the int). `nil` when the float is NaN (every ordering is then false).
    static func compare(_ a: Int, _ b: Double) -> Int? {
        if b.isNaN { return nil }
        if b >= 9_223_372_036_854_775_808.0 { return -1 }
        if b < -9_223_372_036_854_775_808.0 { return 1 }
        let whole = b.rounded(.towardZero)
        let wholeInt = Int(whole)
        if a != wholeInt { return a < wholeInt ? -1 : 1 }
        let fraction = b - whole
        return fraction > 0 ? -1 : fraction < 0 ? 1 : 0
    }

    /// `int(float)`: truncation; `nil` for inf/NaN or outside 64 bits.
    static func truncate(_ value: Double) -> Int? {
        guard value.isFinite else { return nil }
        let whole = value.rounded(.towardZero)
        guard whole >= -9_223_372_036_854_775_808.0, whole < 9_223_372_036_854_775_808.0 else { return nil }
        return Int(whole)
    }
}
