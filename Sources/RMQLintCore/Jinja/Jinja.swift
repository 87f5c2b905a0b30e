import RMQLintSource

/// The variables an expression is evaluated against, and the inventory.
public struct JinjaEnvironment: Sendable {
    /// Variables by name. A string value holding `{{`, `{%` or `{#` is itself a
    /// template: reading the variable renders it (lazily, as Ansible does),
    /// recursively inside lists and dicts, with cycles giving unknown.
    public var variables: [String: JinjaValue]
    /// Inventory groups to host names, in inventory order, for Ansible's magic
    /// `groups` variable. `nil` when no inventory is known: then `groups` is
    /// unknown. A group missing from a known inventory is undefined, as in
    /// Ansible ("'dict object' has no attribute 'x'"), so `groups['x'] |
    /// default([])` works; the caller should include `all` and `ungrouped`.
    public var groups: [String: [String]]?
    /// Variables that shadow `variables` (task variables such as `service_name`): looked up
    /// first, so adding a few per evaluation never copies the large table.
    public var overlay: [String: JinjaValue] = [:]

    /// Creates an environment; see the properties.
    public init(variables: [String: JinjaValue], groups: [String: [String]]? = nil) {
        self.variables = variables
        self.groups = groups
    }

    /// A variable's raw value: the overlay's, else the table's.
    func lookup(_ name: String) -> JinjaValue? {
        overlay[name] ?? variables[name]
    }
}

/// Evaluates the Jinja expression subset Kolla-Ansible's variables and
/// templates use (docs/spec.md §4), the way Ansible would, and answers `.unknown` —
/// never a guess — for anything outside it or depending on what is unknown.
///
/// Supported: literals (ints incl. `0x`/`0o`/`0b`/`1_000`, floats, quoted
/// strings with Python escapes, `true`/`True`/`none`/`None`…, lists, dicts),
/// variables, `groups`, `a.b`, `a['b']`, `a[0]`, filters `bool`, `int`,
/// `default`/`d`, `lower`, `length`/`count`, `string`, `list`; tests `defined`,
/// `undefined`, `none`, `true`, `false`, `string`, `number`; `==` `!=` `<` `>`
/// `<=` `>=` (chainable), `in`, `not in`, `and`, `or`, `not`, `~`, `+`, `-`,
/// `*`, `/`, `//`, `%`, unary `-`/`+`, `x if c else y`, parentheses.
/// Precedence follows `jinja2/parser.py` (Jinja 3.1), where `~` binds tighter
/// than `+`/`-` and looser than `*`.
///
/// Exactness rules: an undefined variable is unknown unless `default()` or
/// `is defined` handles it (a variable whose own template reads an undefined
/// one is itself undefined, as in Ansible); `false and <unknown>` is false (the
/// right side is never evaluated) and `<unknown bool> and false` is false too,
/// while `true and <unknown>` is unknown; `x if c` with a false `c` is Jinja's
/// lenient Undefined, which prints as `''`; errors Ansible would raise (type
/// errors, ordering unrelated types, division by zero, printing an undefined
/// value, a cycle between variables) are unknown. `==` between unrelated types
/// is false, as in Python.
public enum Jinja {
    /// Evaluates a bare expression such as
    /// `om_enable_rabbitmq_quorum_queues | bool and om_enable_queue_manager | bool`.
    /// A result that is Jinja's lenient Undefined (`'x' if false`) is `""`.
    public static func evaluate(_ expression: String, in environment: JinjaEnvironment) -> JinjaValue {
        JinjaEvaluator(environment: environment).evaluate(expression: expression).publicValue
    }

    /// Renders a string value as Ansible templates it: no tag at all gives the
    /// string itself; exactly one `{{ expr }}` with only whitespace around it
    /// gives the expression's typed value; text mixed with expressions gives
    /// the concatenation of their Python `str()`; `{# … #}` comments vanish;
    /// any `{% … %}` statement, or any unknown part, gives `.unknown`.
    public static func render(_ template: String, in environment: JinjaEnvironment) -> JinjaValue {
        JinjaEvaluator(environment: environment).render(template: template).publicValue
    }

    /// The variable names an expression reads (for provenance), including
    /// `groups`; not filter, test, attribute or keyword-argument names. An
    /// expression that does not parse is scanned token by token instead.
    public static func referencedVariables(_ expression: String) -> Set<String> {
        JinjaParsed.names(expression: expression, scanExpression)
    }

    private static func scanExpression(_ expression: String) -> Set<String> {
        let scalars = Array(expression.unicodeScalars.prefix(JinjaLimits.maxSourceLength + 1))
        guard scalars.count <= JinjaLimits.maxSourceLength,
              let lexed = JinjaLexer(scalars: scalars).lex(from: 0, terminator: nil) else { return [] }
        if let node = JinjaParser.parse(tokens: lexed.tokens) { return names(in: node) }
        return namesByTokens(lexed.tokens)
    }

    /// The variable names a template string reads: those of its `{{ … }}`
    /// expressions and of its `{% … %}` statements, less the names the
    /// statements bind themselves (`for x in …`, `set x = …`, `loop`).
    public static func referencedVariables(inTemplate template: String) -> Set<String> {
        JinjaParsed.names(template: template, scanTemplate)
    }

    private static func scanTemplate(_ template: String) -> Set<String> {
        let scalars = Array(template.unicodeScalars.prefix(JinjaLimits.maxSourceLength + 1))
        guard scalars.count <= JinjaLimits.maxSourceLength,
              let parts = JinjaTemplate.parts(of: scalars, allowStatements: true) else { return [] }
        var found: Set<String> = []
        var bound: Set<String> = ["loop"]
        for part in parts {
            switch part {
            case .text: break
            case .expression(let tokens):
                if let node = JinjaParser.parse(tokens: tokens) {
                    found.formUnion(names(in: node))
                } else {
                    found.formUnion(namesByTokens(tokens))
                }
            case .statement(let tokens):
                guard case .name(let keyword) = tokens.first?.kind else { continue }
                var body = Array(tokens.dropFirst())
                switch keyword {
                case "for":
                    // `for a, b in items`: the names before `in` are loop variables.
                    if let inIndex = body.firstIndex(where: { $0.kind == .name("in") }) {
                        for token in body[..<inIndex] { if case .name(let name) = token.kind { bound.insert(name) } }
                        body = Array(body[(inIndex + 1)...])
                    }
                case "set":
                    if let assign = body.firstIndex(where: { $0.kind == .op(.assign) }) {
                        for token in body[..<assign] { if case .name(let name) = token.kind { bound.insert(name) } }
                        body = Array(body[(assign + 1)...])
                    }
                default: break
                }
                found.formUnion(namesByTokens(body))
            }
        }
        return found.subtracting(bound)
    }

    private static func names(in root: JinjaNode) -> Set<String> {
        var found: Set<String> = []
        var stack = [root]
        while let node = stack.popLast() {
            switch node {
            case .constant, .bigInteger: break
            case .name(let name): found.insert(name)
            case .list(let items), .tuple(let items), .concat(let items), .and(let items), .or(let items),
                 .unsupported(let items):
                stack.append(contentsOf: items)
            case .dict(let pairs):
                for (key, value) in pairs { stack.append(key); stack.append(value) }
            case .attribute(let base, _), .not(let base), .negate(let base), .positive(let base):
                stack.append(base)
            case .item(let base, let key):
                stack.append(base)
                stack.append(key)
            case .call(let base, let arguments), .filter(let base, _, let arguments), .test(let base, _, let arguments):
                stack.append(base)
                stack.append(contentsOf: arguments.children)
            case .arithmetic(let first, let rest):
                stack.append(first)
                stack.append(contentsOf: rest.map(\.1))
            case .compare(let first, let rest):
                stack.append(first)
                stack.append(contentsOf: rest.map(\.1))
            case .conditional(let value, let condition, let otherwise):
                stack.append(value)
                stack.append(condition)
                if let otherwise { stack.append(otherwise) }
            }
        }
        return found
    }

    private static let keywords: Set<String> = [
        "and", "or", "not", "in", "is", "if", "else", "true", "false", "True", "False", "none", "None",
    ]

    /// Names that are not keywords, attribute/filter/test names (after `.`,
    /// `|`, `is`, `is not`) or keyword-argument names (before a single `=`).
    private static func namesByTokens(_ tokens: [JinjaToken]) -> Set<String> {
        var found: Set<String> = []
        for (index, token) in tokens.enumerated() {
            guard case .name(let name) = token.kind, !keywords.contains(name) else { continue }
            let previous = index > 0 ? tokens[index - 1].kind : .end
            let beforePrevious = index > 1 ? tokens[index - 2].kind : .end
            let next = index + 1 < tokens.count ? tokens[index + 1].kind : .end
            if previous == .op(.dot) || previous == .op(.pipe) || previous == .name("is") { continue }
            if previous == .name("not"), beforePrevious == .name("is") { continue }
            if next == .op(.assign) { continue }
            found.insert(name)
        }
        return found
    }
}
