import RMQLintSource

/// The parsed forms of the expressions and templates a run evaluates, shared by every
/// evaluation on every core.
///
/// A run evaluates the same few hundred texts (Kolla's defaults, the rendered-key
/// templates, the tree's globals) once per service, host and candidate release: lexing and
/// parsing them each time was a third of a pre-commit run. Parsing is a pure function of
/// the text, so a cached form gives exactly what parsing again would.
typealias JinjaParseCache<Value: Sendable> = BoundedCache<String, Value>

/// A template ready to render: its parts and the parsed node of each `{{ … }}`, in order.
struct JinjaRenderPlan: Sendable {
    var parts: [JinjaTemplatePart]
    var nodes: [JinjaNode]
}

enum JinjaParsed {
    private static let capacity = 16_384
    private static let expressions = JinjaParseCache<JinjaNode?>(capacity: capacity)
    private static let renderPlans = JinjaParseCache<JinjaRenderPlan?>(capacity: capacity)
    private static let expressionNames = JinjaParseCache<Set<String>>(capacity: capacity)
    private static let templateNames = JinjaParseCache<Set<String>>(capacity: capacity)

    /// The parsed expression, or `nil` when it does not lex or parse.
    static func expression(_ text: String) -> JinjaNode? {
        expressions.value(text) { text in
            let scalars = Array(text.unicodeScalars.prefix(JinjaLimits.maxSourceLength + 1))
            guard scalars.count <= JinjaLimits.maxSourceLength,
                  let lexed = JinjaLexer(scalars: scalars).lex(from: 0, terminator: nil) else { return nil }
            return JinjaParser.parse(tokens: lexed.tokens)
        }
    }

    /// What rendering `template` evaluates, or `nil` when rendering it gives unknown whatever
    /// the variables (a lexical error, a statement, an expression that does not parse).
    static func renderPlan(_ template: String) -> JinjaRenderPlan? {
        renderPlans.value(template) { template in
            let scalars = Array(template.unicodeScalars.prefix(JinjaLimits.maxSourceLength + 1))
            guard scalars.count <= JinjaLimits.maxSourceLength,
                  let parts = JinjaTemplate.parts(of: scalars, allowStatements: false) else { return nil }
            var nodes: [JinjaNode] = []
            for part in parts {
                switch part {
                case .text: break
                case .expression(let tokens):
                    guard let node = JinjaParser.parse(tokens: tokens) else { return nil }
                    nodes.append(node)
                case .statement: return nil
                }
            }
            return JinjaRenderPlan(parts: parts, nodes: nodes)
        }
    }

    /// `Jinja.referencedVariables(_:)`, once per text.
    static func names(expression text: String, _ make: (String) -> Set<String>) -> Set<String> {
        expressionNames.value(text, make)
    }

    /// `Jinja.referencedVariables(inTemplate:)`, once per text.
    static func names(template text: String, _ make: (String) -> Set<String>) -> Set<String> {
        templateNames.value(text, make)
    }
}
