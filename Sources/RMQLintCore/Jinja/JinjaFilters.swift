import RMQLintSource

/// The filters and tests of the evaluated subset. Anything else is unknown.
extension JinjaEvaluator {
    /// Evaluated arguments, bound by position or keyword.
    struct BoundArguments {
        var values: [JinjaResult?]
        var failure: JinjaResult?
    }

    /// Evaluates arguments in source order (Jinja evaluates all of them, used
    /// or not) and binds them to `names`. Unknown keywords, duplicates, too
    /// many positionals or `*args` raise a TypeError in Python: unknown here.
    private func bind(_ arguments: JinjaArguments, names: [String]) -> BoundArguments {
        var values = [JinjaResult?](repeating: nil, count: names.count)
        guard arguments.dynamic.isEmpty, arguments.positional.count <= names.count else {
            return BoundArguments(values: values, failure: .indeterminate)
        }
        for (index, node) in arguments.positional.enumerated() {
            let result = evaluate(node)
            if case .undefinedError = result { return BoundArguments(values: values, failure: result) }
            values[index] = result
        }
        for (name, node) in arguments.keyword {
            let result = evaluate(node)
            if case .undefinedError = result { return BoundArguments(values: values, failure: result) }
            guard let index = names.firstIndex(of: name), values[index] == nil else {
                return BoundArguments(values: values, failure: .indeterminate)
            }
            values[index] = result
        }
        for case .indeterminate? in values { return BoundArguments(values: values, failure: .indeterminate) }
        return BoundArguments(values: values, failure: nil)
    }

    func applyFilter(_ name: String, to baseNode: JinjaNode, _ arguments: JinjaArguments) -> JinjaResult {
        let base = evaluate(baseNode)
        if case .undefinedError = base { return base }
        let parameters: [String]
        switch name {
        case "default", "d": parameters = ["default_value", "boolean"]
        case "int": parameters = ["default", "base"]
        case "bool", "ansible.builtin.bool", "lower", "length", "count", "string", "list": parameters = []
        default: return .indeterminate
        }
        let bound = bind(arguments, names: parameters)
        if let failure = bound.failure { return failure }
        if case .indeterminate = base { return .indeterminate }
        switch name {
        case "default", "d":
            return defaultFilter(base, fallback: bound.values[0] ?? .value(.string("")), boolean: bound.values[1])
        case "int":
            return intFilter(base, fallback: bound.values[0] ?? .value(.int(0)), base: bound.values[1])
        case "bool", "ansible.builtin.bool":
            return boolFilter(base)
        case "lower":
            return lowerFilter(base)
        case "length", "count":
            return lengthFilter(base)
        case "string":
            if case .undefined = base { return .undefinedError }
            return stringify(base)
        default:
            return listFilter(base)
        }
    }

    /// Jinja's `do_default`: the fallback when the value is Undefined, or (with
    /// `boolean` true) when it is falsy.
    private func defaultFilter(_ value: JinjaResult, fallback: JinjaResult, boolean: JinjaResult?) -> JinjaResult {
        switch value {
        case .undefined, .plainUndefined: return fallback
        default: break
        }
        guard let boolean else { return value }
        switch truth(boolean) {
        case .raises(let error): return error
        case .known(false): return value
        case .known(true): return fallbackIfFalsy(value, fallback)
        case .uncertain: return merge([value, fallbackIfFalsy(value, fallback)])
        }
    }

    private func fallbackIfFalsy(_ value: JinjaResult, _ fallback: JinjaResult) -> JinjaResult {
        switch truth(value) {
        case .raises(let error): return error
        case .known(true): return value
        case .known(false): return fallback
        case .uncertain: return merge([variant(value, truthy: true), fallback])
        }
    }

    /// Ansible's `bool` filter on its well-defined inputs (see
    /// `JinjaValue.ansibleBool`); other inputs give an unknown bool.
    private func boolFilter(_ value: JinjaResult) -> JinjaResult {
        switch value {
        case .value(let inner): return inner.ansibleBool.map { .value(.bool($0)) } ?? .unknownBool
        case .unknownBool, .plainUndefined: return .unknownBool
        case .undefined, .undefinedError: return .undefinedError
        case .indeterminate: return .indeterminate
        }
    }

    /// Jinja's `do_int`: `int(value)` (`int(text, base)` for strings), else
    /// `int(float(value))`, else the default. An OverflowError (from `inf`)
    /// is not caught by Jinja, so it raises.
    private func intFilter(_ value: JinjaResult, fallback: JinjaResult, base: JinjaResult?) -> JinjaResult {
        if let base {
            guard case .value(let radix) = base, PythonValues.equals(radix, .int(10)) == true else { return .indeterminate }
        }
        switch value {
        case .undefined, .plainUndefined, .undefinedError: return .undefinedError
        case .indeterminate: return .indeterminate
        case .unknownBool: return .value(.unknown)
        case .value(let inner):
            switch inner {
            case .unknown: return .value(.unknown)
            case .int: return value
            case .bool(let flag): return .value(.int(flag ? 1 : 0))
            case .float(let number):
                if number.isNaN { return fallback }
                return PythonNumbers.truncate(number).map { .value(.int($0)) } ?? .indeterminate
            case .string(let text):
                switch PythonNumbers.parseInt(text) {
                case .value(let number): return .value(.int(number))
                case .overflow: return .indeterminate
                case .invalid:
                    // "42.23" | int is 42: the float fallback.
                    guard let number = PythonNumbers.parseFloat(text), !number.isNaN else { return fallback }
                    return PythonNumbers.truncate(number).map { .value(.int($0)) } ?? .indeterminate
                }
            case .none, .list, .dict:
                return fallback
            }
        }
    }

    /// `soft_str(value).lower()`.
    private func lowerFilter(_ value: JinjaResult) -> JinjaResult {
        if case .undefined = value { return .undefinedError }
        let text = stringify(value)
        if case .value(.string(let string)) = text { return .value(.string(string.lowercased())) }
        return text
    }

    /// `len(value)`: code points of a string, items of a list or dict.
    private func lengthFilter(_ value: JinjaResult) -> JinjaResult {
        switch value {
        case .value(.string(let text)): return .value(.int(text.unicodeScalars.count))
        case .value(.list(let items)): return .value(.int(items.count))
        case .value(.dict(let members)): return .value(.int(members.count))
        case .plainUndefined: return .value(.int(0))
        case .undefined, .undefinedError: return .undefinedError
        default: return .indeterminate // TypeError (len of a number), or unknown
        }
    }

    /// `list(value)`: characters of a string, the list itself, a dict's keys.
    private func listFilter(_ value: JinjaResult) -> JinjaResult {
        switch value {
        case .value(.string(let text)):
            guard text.unicodeScalars.count <= JinjaLimits.maxListLength else { return .indeterminate }
            return .value(.list(text.unicodeScalars.map { .string(String($0)) }))
        case .value(.list): return value
        case .plainUndefined: return .value(.list([]))
        case .value(.dict(let members)):
            // Key order is Python's insertion order, which is not kept.
            return members.count <= 1 ? .value(.list(members.keys.map(JinjaValue.string))) : .value(.unknown)
        case .undefined, .undefinedError: return .undefinedError
        default: return .indeterminate
        }
    }

    // MARK: tests

    func applyTest(_ name: String, to baseNode: JinjaNode, _ arguments: JinjaArguments) -> JinjaResult {
        let base = evaluate(baseNode)
        if case .undefinedError = base { return base }
        let supported = ["defined", "undefined", "none", "true", "false", "string", "number"]
        guard supported.contains(name) else { return .indeterminate }
        let bound = bind(arguments, names: [])
        if let failure = bound.failure { return failure }
        switch base {
        case .undefinedError: return base
        case .indeterminate: return .indeterminate
        case .undefined, .plainUndefined:
            return .value(.bool(name == "undefined"))
        case .unknownBool:
            switch name {
            case "defined", "number": return .value(.bool(true))
            case "true", "false": return .unknownBool
            default: return .value(.bool(false))
            }
        case .value(let value):
            if value.isUnknown {
                switch name {
                case "defined": return .value(.bool(true))
                case "undefined": return .value(.bool(false))
                default: return .unknownBool
                }
            }
            switch name {
            case "defined": return .value(.bool(true))
            case "undefined": return .value(.bool(false))
            case "none": return .value(.bool(value == .none))
            case "true": return .value(.bool(value == .bool(true)))
            case "false": return .value(.bool(value == .bool(false)))
            case "string":
                if case .string = value { return .value(.bool(true)) }
                return .value(.bool(false))
            default:
                return .value(.bool(PythonValues.isNumber(value)))
            }
        }
    }
}
