import RMQLintSource

/// A value as Ansible's Jinja sees it, or `unknown` where rmqlint cannot know it.
///
/// Values come from YAML variables (globals, group_vars, role defaults) and from
/// evaluating expressions. `unknown` is never a guess: it is what an expression
/// yields when it depends on something rmqlint cannot evaluate (an unsupported
/// filter, an undefined variable, a vault secret, a cycle, a limit).
///
/// Dictionaries are unordered here: anything whose result would depend on a
/// Python dict's insertion order (its `str()`, its key list) is unknown.
public indirect enum JinjaValue: Sendable, Equatable {
    /// Python `None` (YAML `null`, `~`, an empty value; Jinja `none`/`None`).
    case none
    /// A Python bool.
    case bool(Bool)
    /// A Python int that fits in 64 bits (larger ones are `unknown`).
    case int(Int)
    /// A Python float.
    case float(Double)
    /// A Python str.
    case string(String)
    /// A Python list (Jinja list literals, YAML sequences, `groups[...]`).
    case list([JinjaValue])
    /// A Python dict with string keys (YAML mappings, Jinja dict literals).
    case dict([String: JinjaValue])
    /// Not knowable from the files: never guessed.
    case unknown

    /// True for `.unknown` itself (not for a list that merely contains one).
    public var isUnknown: Bool {
        if case .unknown = self { return true }
        return false
    }

    /// True when this value is `.unknown` or contains one at any depth
    /// (nested deeper than rmqlint inspects also counts as unknown).
    public var containsUnknown: Bool { containsUnknown(depth: 0) }

    private func containsUnknown(depth: Int) -> Bool {
        if depth > JinjaLimits.maxValueDepth { return true }
        switch self {
        case .unknown: return true
        case .list(let items): return items.contains { $0.containsUnknown(depth: depth + 1) }
        case .dict(let members): return members.values.contains { $0.containsUnknown(depth: depth + 1) }
        default: return false
        }
    }

    /// The result of Ansible's `| bool` filter, where it is well defined.
    ///
    /// True for `True`, `1` and the strings `yes`/`on`/`true`/`1` in any case;
    /// false for `False`, `0` and `no`/`off`/`false`/`0`. Anything else is `nil`:
    /// ansible-core 2.19+ only coerces such values with a deprecation warning
    /// (to `value == 1`), and will reject them [ansible/ansible
    /// `lib/ansible/plugins/filter/core.py` `to_bool`, `_valid_bool_true`]. Note that
    /// `y`, `t`, `n`, `f` (accepted by `module_utils` `boolean()`) are *not* in
    /// the filter's sets, nor are strings with surrounding spaces.
    public var ansibleBool: Bool? {
        switch self {
        case .bool(let value): return value
        case .int(1): return true
        case .int(0): return false
        case .string(let text):
            // ASCII-only sets: a non-ASCII string can never match after lower().
            guard text.utf8.count <= 5 else { return nil }
            switch text.lowercased() {
            case "yes", "on", "true", "1": return true
            case "no", "off", "false", "0": return false
            default: return nil
            }
        default: return nil
        }
    }

    /// `str()` of the value as Python renders it (`True`, `None`, `3`, `1.5`,
    /// `['a', 'b']`, `{'k': 1}`), which is what Jinja prints for `{{ value }}`.
    /// `nil` when unknown, when it contains an unknown, when it is nested too
    /// deep, or for a dict with two or more keys (Python prints them in an
    /// insertion order that is not kept here).
    public var pythonString: String? {
        if case .string(let text) = self { return text }
        var output = ""
        guard PythonRepr.write(self, to: &output, depth: 0) else { return nil }
        return output
    }

    /// Python truthiness (`bool(value)`); `nil` for `.unknown`.
    var pythonTruth: Bool? {
        switch self {
        case .none: return false
        case .bool(let value): return value
        case .int(let value): return value != 0
        case .float(let value): return value != 0 // NaN is truthy, as in Python.
        case .string(let text): return !text.isEmpty
        case .list(let items): return !items.isEmpty
        case .dict(let members): return !members.isEmpty
        case .unknown: return nil
        }
    }
}

/// Python's `repr()` / `str()` for the value shapes rmqlint models.
enum PythonRepr {
    /// Appends `str(value)` (top level) — strings appear bare only at the top
    /// level; inside containers Python uses `repr()`.
    static func write(_ value: JinjaValue, to output: inout String, depth: Int) -> Bool {
        switch value {
        case .string(let text):
            if depth == 0 { output += text } else { writeStringRepr(text, to: &output) }
            return true
        default:
            return writeRepr(value, to: &output, depth: depth)
        }
    }

    private static func writeRepr(_ value: JinjaValue, to output: inout String, depth: Int) -> Bool {
        if depth > JinjaLimits.maxValueDepth || output.utf8.count > JinjaLimits.maxStringLength { return false }
        switch value {
        case .none: output += "None"
        case .bool(let flag): output += flag ? "True" : "False"
        case .int(let number): output += String(number)
        case .float(let number): output += PythonNumbers.floatRepr(number)
        case .string(let text): writeStringRepr(text, to: &output)
        case .list(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += ", " }
                guard writeRepr(item, to: &output, depth: depth + 1) else { return false }
            }
            output += "]"
        case .dict(let members):
            // Python prints insertion order, which this model does not keep.
            guard members.count <= 1 else { return false }
            output += "{"
            if let (key, member) = members.first {
                writeStringRepr(key, to: &output)
                output += ": "
                guard writeRepr(member, to: &output, depth: depth + 1) else { return false }
            }
            output += "}"
        case .unknown:
            return false
        }
        return true
    }

    /// `repr(str)`: single quotes unless the text has `'` and no `"`; escapes as
    /// CPython's `unicode_repr` does (non-printable characters as \x, \u, \U).
    static func writeStringRepr(_ text: String, to output: inout String) {
        var hasSingle = false
        var hasDouble = false
        for scalar in text.unicodeScalars {
            if scalar == "'" { hasSingle = true } else if scalar == "\"" { hasDouble = true }
        }
        let quote: Unicode.Scalar = hasSingle && !hasDouble ? "\"" : "'"
        var scalars = String.UnicodeScalarView()
        scalars.append(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case quote, "\\":
                scalars.append("\\")
                scalars.append(scalar)
            case "\t": scalars.append(contentsOf: "\\t".unicodeScalars)
            case "\n": scalars.append(contentsOf: "\\n".unicodeScalars)
            case "\r": scalars.append(contentsOf: "\\r".unicodeScalars)
            default:
                if isPrintable(scalar) {
                    scalars.append(scalar)
                } else {
                    let value = scalar.value
                    let hex = String(value, radix: 16)
                    let (prefix, width) = value < 0x100 ? ("\\x", 2) : value < 0x10000 ? ("\\u", 4) : ("\\U", 8)
                    scalars.append(contentsOf: prefix.unicodeScalars)
                    scalars.append(contentsOf: String(repeating: "0", count: max(0, width - hex.count)).unicodeScalars)
                    scalars.append(contentsOf: hex.unicodeScalars)
                }
            }
        }
        scalars.append(quote)
        output.unicodeScalars.append(contentsOf: scalars)
    }

    /// Python's `str.isprintable()` for one character: not in Cc, Cf, Cs, Co, Cn,
    /// Zl, Zp, and not a space separator other than U+0020.
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x7F { return scalar.value >= 0x20 }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
             .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return false
        default:
            return true
        }
    }
}
