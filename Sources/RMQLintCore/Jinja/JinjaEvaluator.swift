import RMQLintSource

/// What evaluating a node gives, finer than `JinjaValue` so that `default()`,
/// `is defined`, short-circuits and conditionals stay exact where they can.
enum JinjaResult {
    /// A value. A top-level `.unknown` is a *defined* value whose content is
    /// not known (a vault secret): using it cannot raise.
    case value(JinjaValue)
    /// Ansible's Undefined object: usable by `default()` and `is defined`,
    /// raises once printed, compared, iterated or computed with.
    case undefined
    /// An AnsibleUndefinedVariable being raised. It aborts the expression; a
    /// variable whose template raises it becomes `undefined` itself
    /// [ansible/ansible `lib/ansible/template/vars.py` `AnsibleJ2Vars.__getitem__`].
    case undefinedError
    /// Jinja's plain (lenient) Undefined, which Jinja always uses for the
    /// missing `else` of `x if c` whatever the environment's class
    /// (`jinja2/compiler.py`: "always use the standard Undefined class for the
    /// implicit else of conditional expressions"): prints as '', is falsy,
    /// has length 0; `default()` replaces it; arithmetic on it raises.
    case plainUndefined
    /// A bool whose value is unknown (cannot raise).
    case unknownBool
    /// Unknown: any value, Undefined, or an error.
    case indeterminate

    var publicValue: JinjaValue {
        switch self {
        case .value(let value): return value
        case .plainUndefined: return .string("") // what printing it gives
        default: return .unknown
        }
    }
}

enum Truth {
    case known(Bool)
    case uncertain
    case raises(JinjaResult)
}

/// Evaluates parsed expressions against an environment. One instance serves
/// one top-level call: it memoises variables, detects cycles and counts steps.
final class JinjaEvaluator {
    private let environment: JinjaEnvironment
    private var steps = 0
    private var depth = 0
    private var cache: [String: JinjaResult] = [:]
    private var resolving: Set<String> = []

    init(environment: JinjaEnvironment) {
        self.environment = environment
    }

    private func tick() -> Bool {
        steps += 1
        return steps <= JinjaLimits.maxSteps
    }

    // MARK: entry points

    func evaluate(expression: String) -> JinjaResult {
        guard let node = JinjaParsed.expression(expression) else { return .indeterminate }
        return evaluate(node)
    }

    /// Renders a template string (see `Jinja.render`).
    func render(template: String) -> JinjaResult {
        guard JinjaTemplate.isTemplate(template) else { return .value(.string(template)) }
        // Parsed once per text for the whole run (JinjaParsed); only evaluation is per call.
        guard let plan = JinjaParsed.renderPlan(template) else { return .indeterminate }
        let parts = plan.parts
        let nodes = plan.nodes
        var texts: [String] = []
        for case .text(let text) in parts { texts.append(text) }
        if nodes.isEmpty { return .value(.string(texts.joined())) }
        if nodes.count == 1, texts.allSatisfy({ $0.unicodeScalars.allSatisfy(PythonNumbers.isSpace) }) {
            // One expression: its typed value. ansible-core 2.19 preserves native
            // types ("less numbers converted to strings", forum.ansible.com
            // "Core-2.19 templating changes - preview and testing"); earlier
            // releases stored "{{ 1 + 2 }}" as the string "3", which is why
            // Kolla writes `| int` everywhere. Printing Undefined raises.
            switch evaluate(nodes[0]) {
            case .undefined: return .undefinedError
            case .plainUndefined: return .value(.string(""))
            case let result: return result
            }
        }
        var output = ""
        var unknown = false
        var nodeIndex = 0
        for part in parts {
            switch part {
            case .text(let text):
                output += text
            case .expression:
                let result = evaluate(nodes[nodeIndex])
                nodeIndex += 1
                switch stringify(result) {
                case .value(.string(let piece)): output += piece
                case .value: unknown = true
                case .undefinedError: return unknown ? .indeterminate : .undefinedError
                default: return .indeterminate
                }
                if output.utf8.count > JinjaLimits.maxStringLength { return .indeterminate }
            case .statement:
                return .indeterminate
            }
        }
        return unknown ? .value(.unknown) : .value(.string(output))
    }

    // MARK: nodes

    func evaluate(_ node: JinjaNode) -> JinjaResult {
        guard tick() else { return .indeterminate }
        depth += 1
        defer { depth -= 1 }
        guard depth <= JinjaLimits.maxEvaluationDepth else { return .indeterminate }
        switch node {
        case .constant(let value): return .value(value)
        case .bigInteger: return .indeterminate
        case .name(let name): return resolve(name)
        case .list(let items): return evaluateList(items)
        case .dict(let pairs): return evaluateDict(pairs)
        case .tuple, .call, .unsupported: return .indeterminate
        case .attribute(let base, let name):
            return attribute(of: evaluate(base), name)
        case .item(let base, let key):
            let container = evaluate(base)
            if case .undefinedError = container { return container }
            return item(of: container, evaluate(key))
        case .filter(let base, let name, let arguments):
            return applyFilter(name, to: base, arguments)
        case .test(let base, let name, let arguments):
            return applyTest(name, to: base, arguments)
        case .not(let operand):
            return logicalNot(evaluate(operand))
        case .negate(let operand):
            return unary(evaluate(operand), negate: true)
        case .positive(let operand):
            return unary(evaluate(operand), negate: false)
        case .arithmetic(let first, let rest):
            var accumulator = evaluate(first)
            for (op, operandNode) in rest {
                switch accumulator {
                case .undefinedError, .indeterminate: return accumulator
                default: break
                }
                accumulator = arithmetic(op, accumulator, evaluate(operandNode))
            }
            return accumulator
        case .concat(let operands):
            return concatenate(operands)
        case .compare(let first, let operations):
            return compareChain(first, operations)
        case .and(let operands):
            return shortCircuit(operands, isAnd: true)
        case .or(let operands):
            return shortCircuit(operands, isAnd: false)
        case .conditional(let value, let condition, let otherwise):
            let test = evaluate(condition)
            switch truth(test) {
            case .raises(let error): return error
            case .known(true): return evaluate(value)
            case .known(false): return otherwise.map(evaluate) ?? .plainUndefined
            case .uncertain:
                if case .indeterminate = test { return .indeterminate }
                // Both branches are possible: known only if they agree.
                return merge([evaluate(value), otherwise.map(evaluate) ?? .plainUndefined])
            }
        }
    }

    // MARK: variables

    /// A variable's value. Strings holding templates are rendered when read,
    /// as Ansible does, recursively inside lists and dicts; a cycle is an error
    /// in Ansible ("recursive loop detected"), so it is unknown here.
    private func resolve(_ name: String) -> JinjaResult {
        if let cached = cache[name] { return cached }
        if name == "groups" {
            // Ansible's magic variable always wins over a same-named variable.
            let groups: JinjaResult = environment.groups.map { .value(.dict($0.mapValues { .list($0.map(JinjaValue.string)) })) }
                ?? .value(.unknown)
            cache[name] = groups
            return groups
        }
        guard let raw = environment.lookup(name) else {
            // Jinja and Ansible globals are functions, not undefined names.
            return JinjaEvaluator.globalFunctions.contains(name) ? .indeterminate : .undefined
        }
        guard !resolving.contains(name), resolving.count < JinjaLimits.maxVariableChain else { return .indeterminate }
        resolving.insert(name)
        let result: JinjaResult
        switch raw {
        case .string(let text) where JinjaTemplate.isTemplate(text):
            let rendered = render(template: text)
            if case .undefinedError = rendered { result = .undefined } else { result = rendered }
        case .list, .dict:
            result = .value(materialize(raw, depth: 0))
        default:
            result = .value(raw)
        }
        resolving.remove(name)
        cache[name] = result
        return result
    }

    /// Renders the templates nested in a container value. An element that does
    /// not evaluate to a value becomes `.unknown` (reading it gives unknown),
    /// as ansible-core 2.19's lazy containers only fail when it is read.
    private func materialize(_ value: JinjaValue, depth valueDepth: Int) -> JinjaValue {
        switch value {
        case .string(let text) where JinjaTemplate.isTemplate(text):
            guard tick() else { return .unknown }
            if case .value(let rendered) = render(template: text) { return rendered }
            return .unknown
        case .list, .dict:
            // Only templates and containers cost steps: plain scalars were
            // already paid for when the file was loaded.
            guard tick(), valueDepth <= JinjaLimits.maxValueDepth else { return .unknown }
        default:
            return value
        }
        switch value {
        case .list(let items):
            var output: [JinjaValue] = []
            output.reserveCapacity(items.count)
            for item in items { output.append(materialize(item, depth: valueDepth + 1)) }
            return .list(output)
        case .dict(let members):
            var output: [String: JinjaValue] = [:]
            for key in members.keys.sorted() {
                if let member = members[key] { output[key] = materialize(member, depth: valueDepth + 1) }
            }
            return .dict(output)
        default:
            return value
        }
    }

    static let globalFunctions: Set<String> = [
        // Jinja's default globals.
        "range", "dict", "lipsum", "cycler", "joiner", "namespace",
        // Ansible's template globals.
        "lookup", "query", "q", "now", "undef", "finalize",
    ]

    // MARK: literals

    private func evaluateList(_ items: [JinjaNode]) -> JinjaResult {
        guard items.count <= JinjaLimits.maxListLength else { return .indeterminate }
        var values: [JinjaValue] = []
        values.reserveCapacity(items.count)
        for itemNode in items {
            switch evaluate(itemNode) {
            case .value(let value): values.append(value)
            case .undefined, .plainUndefined, .unknownBool: values.append(.unknown)
            case .undefinedError: return .undefinedError
            case .indeterminate: return .indeterminate
            }
        }
        return .value(.list(values))
    }

    private func evaluateDict(_ pairs: [(JinjaNode, JinjaNode)]) -> JinjaResult {
        var members: [String: JinjaValue] = [:]
        for (keyNode, valueNode) in pairs {
            let key = evaluate(keyNode)
            let keyText: String
            switch key {
            case .value(.string(let text)): keyText = text
            case .undefinedError, .undefined, .plainUndefined: return .undefinedError
            default: return .indeterminate // non-string keys are not modelled
            }
            switch evaluate(valueNode) {
            case .value(let value): members[keyText] = value
            case .undefined, .plainUndefined, .unknownBool: members[keyText] = .unknown
            case .undefinedError: return .undefinedError
            case .indeterminate: return .indeterminate
            }
        }
        return .value(.dict(members))
    }

    // MARK: truth, merging

    func truth(_ result: JinjaResult) -> Truth {
        switch result {
        case .value(let value): return value.pythonTruth.map(Truth.known) ?? .uncertain
        case .undefined, .undefinedError: return .raises(.undefinedError)
        case .plainUndefined: return .known(false)
        case .unknownBool, .indeterminate: return .uncertain
        }
    }

    /// The value an uncertain operand has on the path where it is falsy (or
    /// truthy): for an unknown bool that is exactly `False` (`True`).
    func variant(_ result: JinjaResult, truthy: Bool) -> JinjaResult {
        if case .unknownBool = result { return .value(.bool(truthy)) }
        return result
    }

    /// The result when any of `results` may be the outcome.
    func merge(_ results: [JinjaResult]) -> JinjaResult {
        guard let first = results.first else { return .indeterminate }
        if case .plainUndefined = first, results.allSatisfy({ if case .plainUndefined = $0 { true } else { false } }) {
            return first
        }
        if case .value(let value) = first, !value.containsUnknown,
           results.dropFirst().allSatisfy({ if case .value(let other) = $0 { return JinjaEvaluator.identical(value, other) } else { return false } }) {
            return first
        }
        var allBool = true
        for result in results {
            switch result {
            case .undefined, .plainUndefined, .undefinedError, .indeterminate: return .indeterminate
            case .value(.bool), .unknownBool: break
            case .value: allBool = false
            }
        }
        return allBool ? .unknownBool : .value(.unknown)
    }

    /// Same type and same value (stricter than Python's ==: 1 and 1.0 differ).
    private static func identical(_ a: JinjaValue, _ b: JinjaValue) -> Bool {
        switch (a, b) {
        case (.none, .none): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.float(x), .float(y)): return x == y
        case let (.string(x), .string(y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        default: return PythonValues.equals(a, b) == true && PythonValues.sameShape(a, b)
        }
    }

    /// Python's `and` / `or`: the result is an operand, the right side is not
    /// evaluated when the left decides. An operand of unknown truth keeps both
    /// paths open; a known outcome survives only if both paths give it.
    private func shortCircuit(_ operands: [JinjaNode], isAnd: Bool) -> JinjaResult {
        guard let firstNode = operands.first else { return .indeterminate }
        var alternatives: [JinjaResult] = []
        var accumulator = evaluate(firstNode)
        var index = 1
        loop: while index < operands.count {
            switch truth(accumulator) {
            case .raises(let error):
                accumulator = error
                break loop
            case .known(let value):
                if value != isAnd { break loop }
            case .uncertain:
                alternatives.append(variant(accumulator, truthy: !isAnd))
            }
            accumulator = evaluate(operands[index])
            index += 1
        }
        return alternatives.isEmpty ? accumulator : merge(alternatives + [accumulator])
    }

    private func logicalNot(_ operand: JinjaResult) -> JinjaResult {
        switch truth(operand) {
        case .known(let value): return .value(.bool(!value))
        case .raises(let error): return error
        case .uncertain:
            if case .indeterminate = operand { return .indeterminate }
            return .unknownBool
        }
    }

    // MARK: attributes and items

    /// `a.b`: Jinja tries the Python attribute first (a method, for names such
    /// as `items`), then the item; AnsibleUndefined returns itself, so chains
    /// on an undefined stay undefined for `default()`.
    private func attribute(of base: JinjaResult, _ name: String) -> JinjaResult {
        switch base {
        case .undefinedError, .undefined: return base
        case .plainUndefined: return .undefinedError
        case .indeterminate, .unknownBool: return .indeterminate
        case .value(let value): return JinjaEvaluator.attribute(of: value, name)
        }
    }

    private static func attribute(of value: JinjaValue, _ name: String) -> JinjaResult {
        if name.hasPrefix("__") { return .indeterminate }
        switch value {
        case .dict(let members):
            if PythonValues.dictMethods.contains(name) { return .indeterminate }
            guard let member = members[name] else { return .undefined }
            return element(member)
        case .list:
            return PythonValues.listMethods.contains(name) ? .indeterminate : .undefined
        case .string:
            return PythonValues.stringMethods.contains(name) ? .indeterminate : .undefined
        case .int, .float, .bool:
            return PythonValues.numberAttributes.contains(name) ? .indeterminate : .undefined
        case .none:
            return .undefined
        case .unknown:
            return .indeterminate
        }
    }

    private static func element(_ value: JinjaValue) -> JinjaResult {
        // An unknown element may stand for an Undefined or a failed template.
        value.isUnknown ? .indeterminate : .value(value)
    }

    /// `a[k]`: Jinja's `getitem`, falling back to the attribute for string keys.
    private func item(of base: JinjaResult, _ key: JinjaResult) -> JinjaResult {
        if case .undefinedError = key { return key }
        if case .undefined = base { return .undefined }
        if case .plainUndefined = base { return .undefinedError }
        guard case .value(let container) = base, case .value(let index) = key,
              !container.isUnknown, !index.isUnknown else { return .indeterminate }
        switch (container, index) {
        case let (.dict(members), .string(name)):
            if let member = members[name] { return JinjaEvaluator.element(member) }
            return JinjaEvaluator.attribute(of: container, name)
        case (.dict, .int), (.dict, .float), (.dict, .bool), (.dict, .none):
            // Non-string keys (YAML `1:`) are not modelled: cannot tell.
            return .indeterminate
        case let (.list(items), _):
            if case .string(let name) = index { return JinjaEvaluator.attribute(of: container, name) }
            guard let position = JinjaEvaluator.pythonIndex(index, count: items.count) else { return .undefined }
            return JinjaEvaluator.element(items[position])
        case let (.string(text), _):
            if case .string(let name) = index { return JinjaEvaluator.attribute(of: container, name) }
            let scalars = Array(text.unicodeScalars)
            guard let position = JinjaEvaluator.pythonIndex(index, count: scalars.count) else { return .undefined }
            return .value(.string(String(scalars[position])))
        case let (_, .string(name)):
            return JinjaEvaluator.attribute(of: container, name)
        default:
            return .undefined
        }
    }

    /// A Python sequence index (negative counts from the end; bools are ints).
    private static func pythonIndex(_ index: JinjaValue, count: Int) -> Int? {
        let raw: Int
        switch index {
        case .int(let value): raw = value
        case .bool(let value): raw = value ? 1 : 0
        default: return nil
        }
        let position = raw < 0 ? count + raw : raw
        return position >= 0 && position < count ? position : nil
    }

    // MARK: operators

    private func unary(_ operand: JinjaResult, negate: Bool) -> JinjaResult {
        switch operand {
        case .undefinedError: return operand
        case .undefined, .plainUndefined: return .undefinedError
        case .indeterminate: return .indeterminate
        case .unknownBool: return .value(.unknown)
        case .value(let value):
            switch value {
            case .int(let number):
                guard negate else { return operand }
                let (result, overflow) = (0).subtractingReportingOverflow(number)
                return overflow ? .indeterminate : .value(.int(result))
            case .bool(let flag): return .value(.int(negate && flag ? -1 : flag ? 1 : 0))
            case .float(let number): return .value(.float(negate ? -number : number))
            default: return .indeterminate // TypeError, or unknown
            }
        }
    }

    private func arithmetic(_ op: JinjaArithmetic, _ left: JinjaResult, _ right: JinjaResult) -> JinjaResult {
        switch (left, right) {
        case (.undefinedError, _): return left
        case (.undefined, _), (.plainUndefined, _): return .undefinedError
        case (.indeterminate, _): return .indeterminate
        case (_, .undefinedError): return right
        case (_, .undefined), (_, .plainUndefined): return .undefinedError
        default: break
        }
        guard case .value(let a) = left, case .value(let b) = right else { return .indeterminate }
        return PythonValues.arithmetic(op, a, b).map(JinjaResult.value) ?? .indeterminate
    }

    /// `str()` of a result, for `~` and text templates.
    func stringify(_ result: JinjaResult) -> JinjaResult {
        switch result {
        case .value(let value):
            if let text = value.pythonString { return .value(.string(text)) }
            return value.containsUnknown ? .indeterminate : .value(.unknown)
        case .unknownBool: return .value(.unknown)
        case .plainUndefined: return .value(.string(""))
        case .undefined, .undefinedError: return .undefinedError
        case .indeterminate: return .indeterminate
        }
    }

    private func concatenate(_ operands: [JinjaNode]) -> JinjaResult {
        var output = ""
        var unknown = false
        for operandNode in operands {
            switch stringify(evaluate(operandNode)) {
            case .value(.string(let piece)):
                output += piece
                guard output.utf8.count <= JinjaLimits.maxStringLength else { return .indeterminate }
            case .value: unknown = true
            case .undefinedError: return unknown ? .indeterminate : .undefinedError
            default: return .indeterminate
            }
        }
        return unknown ? .value(.unknown) : .value(.string(output))
    }

    /// `a < b < c` is `a < b and b < c` with `b` evaluated once; the right
    /// operand is only evaluated if the chain is still undecided.
    private func compareChain(_ first: JinjaNode, _ operations: [(JinjaComparison, JinjaNode)]) -> JinjaResult {
        var left = evaluate(first)
        if case .undefinedError = left { return left }
        var alternatives: [JinjaResult] = []
        var result: JinjaResult = .value(.bool(true))
        for (op, operandNode) in operations {
            let right = evaluate(operandNode)
            result = compare(op, left, right)
            switch result {
            case .value(.bool(true)): break
            case .unknownBool: alternatives.append(.value(.bool(false)))
            default: return alternatives.isEmpty ? result : merge(alternatives + [result])
            }
            left = right
        }
        return alternatives.isEmpty ? result : merge(alternatives + [result])
    }

    private func compare(_ op: JinjaComparison, _ left: JinjaResult, _ right: JinjaResult) -> JinjaResult {
        if case .undefinedError = left { return left }
        if case .undefinedError = right { return right }
        let isMembership = op == .contains || op == .notContains
        switch (left, right) {
        case (.undefined, _), (_, .undefined):
            // StrictUndefined raises on ==, <, …; `in` may raise a TypeError instead.
            return isMembership ? .indeterminate : .undefinedError
        case (.indeterminate, _), (_, .indeterminate):
            return .indeterminate
        case (.plainUndefined, _), (_, .plainUndefined):
            return comparePlainUndefined(op, left, right)
        default: break
        }
        let a = left.publicValueOrBoolMarker
        let b = right.publicValueOrBoolMarker
        switch op {
        case .equal, .notEqual:
            guard let a, let b, !a.isUnknown, !b.isUnknown else { return .unknownBool }
            guard let equal = PythonValues.equals(a, b) else { return .indeterminate }
            return .value(.bool(equal == (op == .equal)))
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let a, let b else {
                // An unknown bool still orders against numbers without error.
                guard let other = a ?? b else { return .unknownBool }
                return PythonValues.isNumber(other) ? .unknownBool : .indeterminate
            }
            guard let ordered = PythonValues.order(op, a, b) else { return .indeterminate }
            return .value(.bool(ordered))
        case .contains, .notContains:
            guard let a, let b, let found = PythonValues.contains(b, a) else { return .indeterminate }
            return .value(.bool(found == (op == .contains)))
        }
    }
}

extension JinjaEvaluator {
    /// Comparisons involving Jinja's plain Undefined: `==` is "same class"
    /// (`Undefined.__eq__`), ordering raises, it iterates as empty.
    private func comparePlainUndefined(_ op: JinjaComparison, _ left: JinjaResult, _ right: JinjaResult) -> JinjaResult {
        let leftIsPlain: Bool
        if case .plainUndefined = left { leftIsPlain = true } else { leftIsPlain = false }
        let other = leftIsPlain ? right : left
        switch op {
        case .equal, .notEqual:
            let same: Bool
            switch other {
            case .plainUndefined: same = true
            case .value, .unknownBool: same = false
            default: return .indeterminate // a strict Undefined may raise first
            }
            return .value(.bool(same == (op == .equal)))
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            return .undefinedError
        case .contains, .notContains:
            let found: Bool
            if leftIsPlain {
                // `Undefined in haystack`: equality against each item is False.
                switch other {
                case .value(.list(let items)) where !items.contains(where: \.isUnknown): found = false
                case .value(.dict): found = false
                case .value(.list): return .indeterminate
                default: return .indeterminate // a string raises TypeError
                }
            } else {
                found = false // iterating a plain Undefined yields nothing
            }
            return .value(.bool(found == (op == .contains)))
        }
    }
}

private extension JinjaResult {
    /// The value of a `.value`, `nil` for an unknown bool (callers have ruled
    /// out the other cases).
    var publicValueOrBoolMarker: JinjaValue? {
        if case .value(let value) = self { return value }
        return nil
    }
}
