import RMQLintSource

/// Arithmetic operators, grouped by Jinja's precedence levels.
enum JinjaArithmetic: Sendable {
    case add, subtract, multiply, divide, floorDivide, modulo, power
}

/// Comparison operators of a (possibly chained) comparison.
enum JinjaComparison: Sendable {
    case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual, contains, notContains
}

/// Arguments of a call, filter or test.
struct JinjaArguments: Sendable {
    var positional: [JinjaNode] = []
    var keyword: [(String, JinjaNode)] = []
    /// `*args` / `**kwargs`: never evaluated (their shape is unknowable).
    var dynamic: [JinjaNode] = []

    var isEmpty: Bool { positional.isEmpty && keyword.isEmpty && dynamic.isEmpty }
    var children: [JinjaNode] { positional + keyword.map(\.1) + dynamic }
}

/// A parsed Jinja expression. Same-precedence chains (`a + b - c`, `a and b
/// and c`, `a ~ b ~ c`, `a < b < c`) are n-ary so that long chains do not make
/// deep trees; depth only grows with real nesting, which the parser bounds.
indirect enum JinjaNode: Sendable {
    case constant(JinjaValue)
    /// An integer literal beyond 64 bits.
    case bigInteger
    case name(String)
    case list([JinjaNode])
    case dict([(JinjaNode, JinjaNode)])
    case tuple([JinjaNode])
    case attribute(JinjaNode, String)
    case item(JinjaNode, JinjaNode)
    case call(JinjaNode, JinjaArguments)
    case filter(JinjaNode, String, JinjaArguments)
    case test(JinjaNode, String, JinjaArguments)
    case not(JinjaNode)
    case negate(JinjaNode)
    case positive(JinjaNode)
    case arithmetic(JinjaNode, [(JinjaArithmetic, JinjaNode)])
    case concat([JinjaNode])
    case compare(JinjaNode, [(JinjaComparison, JinjaNode)])
    case and([JinjaNode])
    case or([JinjaNode])
    case conditional(value: JinjaNode, condition: JinjaNode, otherwise: JinjaNode?)
    /// Parsed but outside the evaluated subset (slices): always unknown.
    case unsupported([JinjaNode])
}

/// Recursive descent over Jinja's grammar (`jinja2/parser.py`), precedence from
/// loosest to tightest: `x if c else y` < `or` < `and` < `not` < comparisons
/// and `in` < `+ -` < `~` < `* / // %` < `**` < unary `- +` < postfix
/// (`.a`, `[i]`, calls) and filters/tests. Note `~` binds tighter than `+`:
/// `parse_math1` calls `parse_concat`, which calls `parse_math2`.
struct JinjaParser {
    private var tokens: [JinjaToken]
    private var position = 0
    /// Current nesting, bounded by `JinjaLimits.maxNesting`: the recursion is
    /// driven by user input, so it must not be unbounded.
    private var depth = 0
    private var failed = false

    init(tokens: [JinjaToken]) {
        self.tokens = tokens
    }

    /// Parses a whole expression as Jinja's `{{ … }}` does (a top-level `a, b`
    /// is a tuple); `nil` on a syntax error or beyond the nesting limit.
    static func parse(tokens: [JinjaToken]) -> JinjaNode? {
        var parser = JinjaParser(tokens: tokens)
        let node = parser.parseTuple(explicitParentheses: false)
        guard !parser.failed, let node, parser.current == .end else { return nil }
        return node
    }

    // MARK: token stream

    private var current: JinjaTokenKind {
        position < tokens.count ? tokens[position].kind : .end
    }

    private func peek(_ offset: Int) -> JinjaTokenKind {
        position + offset < tokens.count ? tokens[position + offset].kind : .end
    }

    private mutating func advance() {
        if position < tokens.count { position += 1 }
    }

    private func isName(_ name: String) -> Bool {
        if case .name(name) = current { return true }
        return false
    }

    private func isOp(_ op: JinjaOperator) -> Bool {
        current == .op(op)
    }

    private mutating func skipOp(_ op: JinjaOperator) -> Bool {
        if isOp(op) { advance(); return true }
        return false
    }

    private mutating func expectOp(_ op: JinjaOperator) -> Bool {
        if skipOp(op) { return true }
        failed = true
        return false
    }

    private mutating func enter() -> Bool {
        depth += 1
        if depth > JinjaLimits.maxNesting { failed = true }
        return !failed
    }

    private mutating func leave() { depth -= 1 }

    // MARK: expressions

    private mutating func parseExpression() -> JinjaNode? {
        guard enter() else { return nil }
        defer { leave() }
        return parseConditional()
    }

    private mutating func parseConditional() -> JinjaNode? {
        guard var value = parseOr() else { return nil }
        while isName("if") {
            advance()
            guard let condition = parseOr() else { return nil }
            var otherwise: JinjaNode?
            if isName("else") {
                advance()
                guard enter() else { return nil }
                otherwise = parseConditional()
                leave()
                guard otherwise != nil else { return nil }
            }
            value = .conditional(value: value, condition: condition, otherwise: otherwise)
        }
        return value
    }

    private mutating func parseOr() -> JinjaNode? {
        guard let first = parseAnd() else { return nil }
        var operands = [first]
        while isName("or") {
            advance()
            guard let next = parseAnd() else { return nil }
            operands.append(next)
        }
        return operands.count == 1 ? first : .or(operands)
    }

    private mutating func parseAnd() -> JinjaNode? {
        guard let first = parseNot() else { return nil }
        var operands = [first]
        while isName("and") {
            advance()
            guard let next = parseNot() else { return nil }
            operands.append(next)
        }
        return operands.count == 1 ? first : .and(operands)
    }

    private mutating func parseNot() -> JinjaNode? {
        if isName("not") {
            advance()
            guard enter() else { return nil }
            defer { leave() }
            return parseNot().map { .not($0) }
        }
        return parseCompare()
    }

    private mutating func parseCompare() -> JinjaNode? {
        guard let first = parseMath1() else { return nil }
        var operations: [(JinjaComparison, JinjaNode)] = []
        while true {
            let comparison: JinjaComparison
            switch current {
            case .op(.eq): comparison = .equal
            case .op(.ne): comparison = .notEqual
            case .op(.lt): comparison = .less
            case .op(.lteq): comparison = .lessOrEqual
            case .op(.gt): comparison = .greater
            case .op(.gteq): comparison = .greaterOrEqual
            case .name("in"): comparison = .contains
            case .name("not") where peek(1) == .name("in"):
                advance()
                comparison = .notContains
            default:
                return operations.isEmpty ? first : .compare(first, operations)
            }
            advance()
            guard let operand = parseMath1() else { return nil }
            operations.append((comparison, operand))
        }
    }

    private mutating func parseMath1() -> JinjaNode? {
        guard let first = parseConcat() else { return nil }
        var rest: [(JinjaArithmetic, JinjaNode)] = []
        while true {
            let op: JinjaArithmetic
            switch current {
            case .op(.add): op = .add
            case .op(.sub): op = .subtract
            default: return rest.isEmpty ? first : .arithmetic(first, rest)
            }
            advance()
            guard let operand = parseConcat() else { return nil }
            rest.append((op, operand))
        }
    }

    private mutating func parseConcat() -> JinjaNode? {
        guard let first = parseMath2() else { return nil }
        var operands = [first]
        while skipOp(.tilde) {
            guard let next = parseMath2() else { return nil }
            operands.append(next)
        }
        return operands.count == 1 ? first : .concat(operands)
    }

    private mutating func parseMath2() -> JinjaNode? {
        guard let first = parsePow() else { return nil }
        var rest: [(JinjaArithmetic, JinjaNode)] = []
        while true {
            let op: JinjaArithmetic
            switch current {
            case .op(.mul): op = .multiply
            case .op(.div): op = .divide
            case .op(.floordiv): op = .floorDivide
            case .op(.mod): op = .modulo
            default: return rest.isEmpty ? first : .arithmetic(first, rest)
            }
            advance()
            guard let operand = parsePow() else { return nil }
            rest.append((op, operand))
        }
    }

    private mutating func parsePow() -> JinjaNode? {
        guard let first = parseUnary(withFilter: true) else { return nil }
        var rest: [(JinjaArithmetic, JinjaNode)] = []
        while skipOp(.pow) {
            guard let operand = parseUnary(withFilter: true) else { return nil }
            rest.append((.power, operand))
        }
        return rest.isEmpty ? first : .arithmetic(first, rest)
    }

    /// `-x|f` is `(-x)|f`: the sign applies to a filterless unary, then postfix
    /// and filters apply to the signed node (`parse_unary`).
    private mutating func parseUnary(withFilter: Bool) -> JinjaNode? {
        var node: JinjaNode
        let savedDepth = depth
        defer { depth = savedDepth }
        if isOp(.sub) || isOp(.add) {
            let negative = isOp(.sub)
            advance()
            guard enter(), let operand = parseUnary(withFilter: false) else { return nil }
            node = negative ? .negate(operand) : .positive(operand)
        } else {
            guard let primary = parsePrimary() else { return nil }
            node = primary
        }
        guard let postfixed = parsePostfix(node) else { return nil }
        node = postfixed
        if withFilter {
            guard let filtered = parseFilterExpression(node) else { return nil }
            node = filtered
        }
        return node
    }

    private mutating func parsePrimary() -> JinjaNode? {
        switch current {
        case .name(let name):
            advance()
            switch name {
            case "true", "True": return .constant(.bool(true))
            case "false", "False": return .constant(.bool(false))
            case "none", "None": return .constant(.none)
            default: return .name(name)
            }
        case .string(let text):
            advance()
            var joined = text
            // Adjacent string literals concatenate, as in Python.
            while case .string(let more) = current {
                joined += more
                advance()
            }
            return .constant(.string(joined))
        case .integer(let value):
            advance()
            return value.map { .constant(.int($0)) } ?? .bigInteger
        case .float(let value):
            advance()
            // `1e999` is inf, which Jinja's code generator writes as the bare
            // name `inf`: the template fails at run time.
            return value.isFinite ? .constant(.float(value)) : .unsupported([])
        case .op(.lparen):
            // The nested parseExpression calls count the nesting.
            advance()
            let node = parseTuple(explicitParentheses: true)
            guard expectOp(.rparen) else { return nil }
            return node
        case .op(.lbracket):
            return parseList()
        case .op(.lbrace):
            return parseDict()
        default:
            failed = true
            return nil
        }
    }

    /// `parse_tuple`: a single expression, or a tuple when a comma follows.
    private mutating func parseTuple(explicitParentheses: Bool) -> JinjaNode? {
        var items: [JinjaNode] = []
        var isTuple = false
        while true {
            if !items.isEmpty {
                guard expectOp(.comma) else { return nil }
            }
            if isTupleEnd { break }
            guard let item = parseExpression() else { return nil }
            items.append(item)
            if isOp(.comma) { isTuple = true } else { break }
        }
        if !isTuple {
            if let first = items.first { return first }
            guard explicitParentheses else { failed = true; return nil }
        }
        return .tuple(items)
    }

    private var isTupleEnd: Bool {
        switch current {
        case .end, .op(.rparen): return true
        default: return false
        }
    }

    private mutating func parseList() -> JinjaNode? {
        advance()
        var items: [JinjaNode] = []
        while !isOp(.rbracket) {
            if !items.isEmpty {
                guard expectOp(.comma) else { return nil }
            }
            if isOp(.rbracket) { break }
            guard let item = parseExpression() else { return nil }
            items.append(item)
        }
        guard expectOp(.rbracket) else { return nil }
        return .list(items)
    }

    private mutating func parseDict() -> JinjaNode? {
        advance()
        var pairs: [(JinjaNode, JinjaNode)] = []
        while !isOp(.rbrace) {
            if !pairs.isEmpty {
                guard expectOp(.comma) else { return nil }
            }
            if isOp(.rbrace) { break }
            guard let key = parseExpression(), expectOp(.colon), let value = parseExpression() else { return nil }
            pairs.append((key, value))
        }
        guard expectOp(.rbrace) else { return nil }
        return .dict(pairs)
    }

    // MARK: postfix, filters, tests

    /// Each postfix step nests the tree one level deeper, so it counts towards
    /// the nesting limit (`parseUnary` restores the depth afterwards).
    private mutating func parsePostfix(_ start: JinjaNode) -> JinjaNode? {
        var node = start
        while true {
            switch current {
            case .op(.dot):
                guard enter() else { return nil }
                advance()
                switch current {
                case .name(let name):
                    advance()
                    node = .attribute(node, name)
                case .integer(let index):
                    advance()
                    node = .item(node, index.map { .constant(.int($0)) } ?? .bigInteger)
                default:
                    failed = true
                    return nil
                }
            case .op(.lbracket):
                guard enter() else { return nil }
                advance()
                guard let subscriptNode = parseSubscript(node) else { return nil }
                node = subscriptNode
            case .op(.lparen):
                guard enter(), let arguments = parseCallArguments() else { return nil }
                node = .call(node, arguments)
            default:
                return node
            }
        }
    }

    private mutating func parseSubscript(_ target: JinjaNode) -> JinjaNode? {
        var arguments: [JinjaNode] = []
        var hasSlice = false
        while !isOp(.rbracket) {
            if !arguments.isEmpty {
                guard expectOp(.comma) else { return nil }
            }
            guard let (argument, isSlice) = parseSubscribed() else { return nil }
            arguments.append(argument)
            hasSlice = hasSlice || isSlice
        }
        guard expectOp(.rbracket) else { return nil }
        if hasSlice || arguments.count != 1 {
            // Slices and tuple subscripts are outside the evaluated subset.
            return .unsupported([target] + arguments)
        }
        return .item(target, arguments[0])
    }

    /// One subscript: an expression, or a slice `a:b:c` with optional parts.
    private mutating func parseSubscribed() -> (JinjaNode, Bool)? {
        var parts: [JinjaNode] = []
        if !isOp(.colon) {
            guard let node = parseExpression() else { return nil }
            if !isOp(.colon) { return (node, false) }
            parts.append(node)
        }
        advance() // the colon
        if !isOp(.colon), !isOp(.rbracket), !isOp(.comma) {
            guard let node = parseExpression() else { return nil }
            parts.append(node)
        }
        if skipOp(.colon), !isOp(.rbracket), !isOp(.comma) {
            guard let node = parseExpression() else { return nil }
            parts.append(node)
        }
        return (.unsupported(parts), true)
    }

    private mutating func parseCallArguments() -> JinjaArguments? {
        guard expectOp(.lparen) else { return nil }
        var arguments = JinjaArguments()
        var requireComma = false
        while !isOp(.rparen) {
            if requireComma {
                guard expectOp(.comma) else { return nil }
                if isOp(.rparen) { break }
            }
            if isOp(.mul) || isOp(.pow) {
                advance()
                guard let node = parseExpression() else { return nil }
                arguments.dynamic.append(node)
            } else if case .name(let key) = current, peek(1) == .op(.assign) {
                advance()
                advance()
                guard let node = parseExpression() else { return nil }
                arguments.keyword.append((key, node))
            } else {
                // Positional after keyword or dynamic arguments is a syntax error.
                guard arguments.keyword.isEmpty, arguments.dynamic.isEmpty else { failed = true; return nil }
                guard let node = parseExpression() else { return nil }
                arguments.positional.append(node)
            }
            requireComma = true
        }
        guard expectOp(.rparen) else { return nil }
        return arguments
    }

    private mutating func parseFilterExpression(_ start: JinjaNode) -> JinjaNode? {
        var node = start
        while true {
            switch current {
            case .op(.pipe):
                guard enter() else { return nil }
                advance()
                guard let name = parseDottedName() else { return nil }
                var arguments = JinjaArguments()
                if isOp(.lparen) {
                    guard let parsed = parseCallArguments() else { return nil }
                    arguments = parsed
                }
                node = .filter(node, name, arguments)
            case .name("is"):
                guard enter() else { return nil }
                advance()
                var negated = false
                if isName("not") {
                    advance()
                    negated = true
                }
                guard let name = parseDottedName() else { return nil }
                var arguments = JinjaArguments()
                switch current {
                case .op(.lparen):
                    guard let parsed = parseCallArguments() else { return nil }
                    arguments = parsed
                case .name("else"), .name("or"), .name("and"):
                    break
                case .name("is"):
                    failed = true // "You cannot chain multiple tests with is"
                    return nil
                case .name, .string, .integer, .float, .op(.lbracket), .op(.lbrace):
                    // `x is divisibleby 3`: one argument without parentheses.
                    guard let primary = parsePrimary(), let argument = parsePostfix(primary) else { return nil }
                    arguments.positional = [argument]
                default:
                    break
                }
                let test = JinjaNode.test(node, name, arguments)
                node = negated ? .not(test) : test
            case .op(.lparen):
                guard enter(), let arguments = parseCallArguments() else { return nil }
                node = .call(node, arguments)
            default:
                return node
            }
        }
    }

    private mutating func parseDottedName() -> String? {
        guard case .name(var name) = current else { failed = true; return nil }
        advance()
        while isOp(.dot) {
            advance()
            guard case .name(let part) = current else { failed = true; return nil }
            name += "." + part
            advance()
        }
        return name
    }
}
