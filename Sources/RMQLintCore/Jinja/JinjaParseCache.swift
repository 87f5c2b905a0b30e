import Synchronization

/// The parsed forms of the expressions and templates a run evaluates, shared by every
/// evaluation on every core.
///
/// A run evaluates the same few hundred texts (Kolla's defaults, the rendered-key
/// templates, the tree's globals) once per service, host and candidate release: lexing and
/// parsing them each time was a third of a pre-commit run. Parsing is a pure function of
/// the text, so a cached form gives exactly what parsing again would. The table stops
/// growing at ``capacity`` entries per kind (texts past that are parsed each time), so a
/// tree of many distinct templates cannot grow memory without bound.
final class JinjaParseCache<Value: Sendable>: Sendable {
    /// The most texts kept.
    let capacity: Int
    private let table = Mutex<[String: Value]>([:])

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The cached value of `text`, or `make(text)` (stored while there is room). `make`
    /// runs outside the lock; two threads may compute the same value, which is the same.
    func value(_ text: String, _ make: (String) -> Value) -> Value {
        if let hit = table.withLock({ $0[text] }) { return hit }
        let made = make(text)
        table.withLock { entries in
            if entries.count < capacity { entries[text] = made }
        }
        return made
    }
}

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
