import RMQLintSource

/// Python's semantics for the operators Jinja passes straight through: `==`,
/// ordering, `in`, `+ - * / // %`. `nil` means "raises" (TypeError,
/// ZeroDivisionError) or "depends on something unknown".
enum PythonValues {
    private enum Number {
        case int(Int)
        case float(Double)
    }

    private static func number(_ value: JinjaValue) -> Number? {
        switch value {
        case .int(let number): return .int(number)
        case .bool(let flag): return .int(flag ? 1 : 0) // bool is an int subclass
        case .float(let number): return .float(number)
        default: return nil
        }
    }

    static func isNumber(_ value: JinjaValue) -> Bool { number(value) != nil }

    // MARK: equality and ordering

    /// `a == b`. Values of unrelated types are unequal (no error), numbers
    /// compare by value across bool/int/float, strings by code point.
    static func equals(_ a: JinjaValue, _ b: JinjaValue) -> Bool? {
        equals(a, b, depth: 0)
    }

    private static func equals(_ a: JinjaValue, _ b: JinjaValue, depth: Int) -> Bool? {
        guard depth <= JinjaLimits.maxValueDepth else { return nil }
        if a.isUnknown || b.isUnknown { return nil }
        if let x = number(a), let y = number(b) { return compareNumbers(x, y) == 0 }
        switch (a, b) {
        case (.none, .none): return true
        case let (.string(x), .string(y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case let (.list(x), .list(y)):
            // CPython answers a length mismatch before comparing any element.
            guard x.count == y.count else { return false }
            for (left, right) in zip(x, y) {
                guard let same = equals(left, right, depth: depth + 1) else { return nil }
                if !same { return false }
            }
            return true
        case let (.dict(x), .dict(y)):
            guard x.count == y.count else { return false }
            var different = false
            for key in x.keys.sorted() {
                guard let left = x[key], let right = y[key] else { different = true; continue }
                // Python stops at the first difference in insertion order, which is
                // not kept: an unknown member anywhere leaves the answer unknown.
                guard let same = equals(left, right, depth: depth + 1) else { return nil }
                if !same { different = true }
            }
            return !different
        default:
            return false
        }
    }

    /// Same container shape all the way down (so that `[1]` and `[1.0]`,
    /// equal in Python, are not treated as the same outcome).
    static func sameShape(_ a: JinjaValue, _ b: JinjaValue) -> Bool {
        sameShape(a, b, depth: 0)
    }

    private static func sameShape(_ a: JinjaValue, _ b: JinjaValue, depth: Int) -> Bool {
        guard depth <= JinjaLimits.maxValueDepth else { return false }
        switch (a, b) {
        case (.none, .none), (.bool, .bool), (.int, .int), (.float, .float), (.string, .string): return true
        case let (.list(x), .list(y)):
            return x.count == y.count && zip(x, y).allSatisfy { sameShape($0, $1, depth: depth + 1) }
        case let (.dict(x), .dict(y)):
            return x.count == y.count && x.allSatisfy { key, value in
                y[key].map { sameShape(value, $0, depth: depth + 1) } ?? false
            }
        default: return false
        }
    }

    /// -1, 0, 1, or `nil` when a NaN is involved (every ordering is then false).
    private static func compareNumbers(_ a: Number, _ b: Number) -> Int? {
        switch (a, b) {
        case let (.int(x), .int(y)): return x < y ? -1 : x > y ? 1 : 0
        case let (.int(x), .float(y)): return PythonNumbers.compare(x, y)
        case let (.float(x), .int(y)): return PythonNumbers.compare(y, x).map { -$0 }
        case let (.float(x), .float(y)):
            if x.isNaN || y.isNaN { return nil }
            return x < y ? -1 : x > y ? 1 : 0
        }
    }

    /// `a < b` and friends; `nil` for a TypeError (unorderable types) or unknown.
    static func order(_ op: JinjaComparison, _ a: JinjaValue, _ b: JinjaValue) -> Bool? {
        order(op, a, b, depth: 0)
    }

    private static func order(_ op: JinjaComparison, _ a: JinjaValue, _ b: JinjaValue, depth: Int) -> Bool? {
        guard depth <= JinjaLimits.maxValueDepth, !a.isUnknown, !b.isUnknown else { return nil }
        let sign: Int
        if let x = number(a), let y = number(b) {
            guard let result = compareNumbers(x, y) else { return false }
            sign = result
        } else {
            switch (a, b) {
            case let (.string(x), .string(y)):
                sign = lexicographic(x.unicodeScalars, y.unicodeScalars)
            case let (.list(x), .list(y)):
                // Compare at the first position where the items differ.
                for (left, right) in zip(x, y) {
                    guard let same = equals(left, right, depth: depth + 1) else { return nil }
                    if !same { return order(op, left, right, depth: depth + 1) }
                }
                sign = x.count < y.count ? -1 : x.count > y.count ? 1 : 0
            default:
                return nil
            }
        }
        switch op {
        case .less: return sign < 0
        case .lessOrEqual: return sign <= 0
        case .greater: return sign > 0
        case .greaterOrEqual: return sign >= 0
        default: return nil
        }
    }

    private static func lexicographic(_ x: String.UnicodeScalarView, _ y: String.UnicodeScalarView) -> Int {
        var left = x.makeIterator()
        var right = y.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case let (a?, b?):
                if a.value != b.value { return a.value < b.value ? -1 : 1 }
            }
        }
    }

    // MARK: membership

    /// `needle in haystack`: substring for strings, element equality for
    /// lists, key presence for dicts; `nil` for a TypeError or unknown.
    static func contains(_ haystack: JinjaValue, _ needle: JinjaValue) -> Bool? {
        if haystack.isUnknown || needle.isUnknown { return nil }
        switch haystack {
        case .string(let text):
            guard case .string(let part) = needle else { return nil } // TypeError
            return containsBytes(Array(text.utf8), Array(part.utf8))
        case .list(let items):
            for item in items {
                guard let same = equals(needle, item) else { return nil }
                if same { return true }
            }
            return false
        case .dict(let members):
            switch needle {
            case .string(let key): return members[key] != nil
            default: return nil // non-string keys are not modelled; lists/dicts are unhashable
            }
        default:
            return nil
        }
    }

    /// Substring search on UTF-8 (self-synchronising, so a byte match is a
    /// code-point match), Knuth–Morris–Pratt to stay linear.
    private static func containsBytes(_ text: [UInt8], _ pattern: [UInt8]) -> Bool {
        if pattern.isEmpty { return true }
        if pattern.count > text.count { return false }
        var failure = [Int](repeating: 0, count: pattern.count)
        var length = 0
        var index = 1
        while index < pattern.count {
            if pattern[index] == pattern[length] {
                length += 1
                failure[index] = length
                index += 1
            } else if length > 0 {
                length = failure[length - 1]
            } else {
                failure[index] = 0
                index += 1
            }
        }
        var matched = 0
        for byte in text {
            while matched > 0, byte != pattern[matched] { matched = failure[matched - 1] }
            if byte == pattern[matched] { matched += 1 }
            if matched == pattern.count { return true }
        }
        return false
    }

    // MARK: arithmetic

    /// `a op b`; `nil` for a TypeError, division by zero, a result beyond 64
    /// bits (Python would make a bigint) or beyond the size limits.
    static func arithmetic(_ op: JinjaArithmetic, _ a: JinjaValue, _ b: JinjaValue) -> JinjaValue? {
        if a.isUnknown || b.isUnknown { return nil }
        if let x = number(a), let y = number(b) { return numeric(op, x, y) }
        switch (op, a, b) {
        case let (.add, .string(x), .string(y)):
            guard x.utf8.count + y.utf8.count <= JinjaLimits.maxStringLength else { return nil }
            return .string(x + y)
        case let (.add, .list(x), .list(y)):
            guard x.count + y.count <= JinjaLimits.maxListLength else { return nil }
            return .list(x + y)
        case (.multiply, .string, _), (.multiply, .list, _):
            return repeated(a, times: b)
        case (.multiply, _, .string), (.multiply, _, .list):
            return repeated(b, times: a)
        default:
            return nil // TypeError, or `%` string formatting (not modelled)
        }
    }

    /// `str * n` / `list * n` (n ≤ 0 gives an empty result).
    private static func repeated(_ sequence: JinjaValue, times: JinjaValue) -> JinjaValue? {
        let count: Int
        switch times {
        case .int(let value): count = max(0, value)
        case .bool(let flag): count = flag ? 1 : 0
        default: return nil
        }
        switch sequence {
        // An empty sequence stays empty however large `n` is; the loops below run `n`
        // times, so `[] * 10**17` would otherwise hang (found by fuzzing).
        case .string(let text) where text.isEmpty || count == 0:
            return .string("")
        case .list(let items) where items.isEmpty || count == 0:
            return .list([])
        case .string(let text):
            let (total, overflow) = text.utf8.count.multipliedReportingOverflow(by: count)
            guard !overflow, total <= JinjaLimits.maxStringLength else { return nil }
            return .string(String(repeating: text, count: count))
        case .list(let items):
            let (total, overflow) = items.count.multipliedReportingOverflow(by: count)
            guard !overflow, total <= JinjaLimits.maxListLength else { return nil }
            var output: [JinjaValue] = []
            output.reserveCapacity(total)
            for _ in 0..<count { output.append(contentsOf: items) }
            return .list(output)
        default:
            return nil
        }
    }

    private static func numeric(_ op: JinjaArithmetic, _ x: Number, _ y: Number) -> JinjaValue? {
        if case let .int(a) = x, case let .int(b) = y {
            switch op {
            case .add:
                let (sum, overflow) = a.addingReportingOverflow(b)
                return overflow ? nil : .int(sum)
            case .subtract:
                let (difference, overflow) = a.subtractingReportingOverflow(b)
                return overflow ? nil : .int(difference)
            case .multiply:
                let (product, overflow) = a.multipliedReportingOverflow(by: b)
                return overflow ? nil : .int(product)
            case .divide:
                // int / int is correctly rounded in Python; so is Double division
                // while both operands are exactly representable.
                let exact = 1 << 53
                guard b != 0, a.magnitude <= UInt(exact), b.magnitude <= UInt(exact) else { return nil }
                return .float(Double(a) / Double(b))
            case .floorDivide:
                return PythonNumbers.floorDivide(a, b).map(JinjaValue.int)
            case .modulo:
                return PythonNumbers.modulo(a, b).map(JinjaValue.int)
            case .power:
                return nil
            }
        }
        let a = double(x)
        let b = double(y)
        switch op {
        case .add: return .float(a + b)
        case .subtract: return .float(a - b)
        case .multiply: return .float(a * b)
        case .divide: return b == 0 ? nil : .float(a / b)
        case .floorDivide: return PythonNumbers.floatDivmod(a, b).map { .float($0.0) }
        case .modulo: return PythonNumbers.floatDivmod(a, b).map { .float($0.1) }
        case .power: return nil
        }
    }

    private static func double(_ number: Number) -> Double {
        switch number {
        case .int(let value): return Double(value)
        case .float(let value): return value
        }
    }

    // MARK: attribute names that are Python methods

    /// Names Jinja's `getattr` finds on the Python object before trying the
    /// item: the result is a method (unknown), not the dict member.
    static let dictMethods: Set<String> = [
        "clear", "copy", "fromkeys", "get", "items", "keys", "pop", "popitem", "setdefault", "update", "values",
    ]
    static let listMethods: Set<String> = [
        "append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove", "reverse", "sort",
    ]
    static let stringMethods: Set<String> = [
        "capitalize", "casefold", "center", "count", "encode", "endswith", "expandtabs", "find", "format",
        "format_map", "index", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit", "isidentifier",
        "islower", "isnumeric", "isprintable", "isspace", "istitle", "isupper", "join", "ljust", "lower",
        "lstrip", "maketrans", "partition", "removeprefix", "removesuffix", "replace", "rfind", "rindex",
        "rjust", "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip", "swapcase",
        "title", "translate", "upper", "zfill",
    ]
    static let numberAttributes: Set<String> = [
        "as_integer_ratio", "bit_count", "bit_length", "conjugate", "denominator", "from_bytes", "fromhex",
        "hex", "imag", "is_integer", "numerator", "real", "to_bytes",
    ]
}
