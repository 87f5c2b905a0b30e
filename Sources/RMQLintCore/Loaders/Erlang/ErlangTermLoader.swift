import RMQLintSource

/// Bounds for the Erlang-term loader (see SECURITY.md): input depth and size never exhaust
/// the stack or memory.
public struct ErlangTermLimits: Sendable, Hashable {
    /// The deepest nesting of tuples, lists, maps and binaries.
    public var maxDepth: Int
    /// The most terms one file may hold.
    public var maxTerms: Int

    /// Creates limits; the defaults are those of ``default``.
    public init(maxDepth: Int = 200, maxTerms: Int = 1_000_000) {
        self.maxDepth = maxDepth
        self.maxTerms = maxTerms
    }

    /// 200 levels and 1,000,000 terms, as the YAML loader: far beyond any real
    /// `advanced.config`, far below what would exhaust memory.
    public static let `default` = ErlangTermLimits()
}

/// Reads Erlang-term configuration files — RabbitMQ's `advanced.config` and the classic
/// `rabbitmq.config` — as `file:consult/1` does: a sequence of terms, each ended by a dot
/// followed by whitespace, a `%` comment or the end of the file [erts `file:consult/1`;
/// RW `docs/configure.md` "advanced.config"]. Tuples, proper and improper lists, maps,
/// atoms (bare and quoted), strings (adjacent ones joined), binaries, integers (`16#ff`,
/// `$c`, `1_000`), floats and `%` comments are understood; every term keeps its location.
///
/// The parser keeps an explicit stack (no recursion on input depth). The first syntax
/// error stops parsing and becomes one located diagnostic (RMQ001); the terms read so far
/// are dropped, since RabbitMQ would refuse to start on the file.
///
/// With `jinja` (override files Ansible renders first), `{{ … }}` is a term of unknown
/// value and `{% … %}` / `{# … #}` are skipped. A file with `{% if %}` branches holds every
/// branch at once: when such a file does not parse, it is reported as unknown (no terms, no
/// diagnostic) rather than as an error, because the rendered file may well be valid.
public enum ErlangTermLoader {
    /// Parses `text` read from `path`.
    public static func parse(
        _ text: String, path: String, jinja: Bool = false, limits: ErlangTermLimits = .default
    ) -> (document: ErlangTermDocument, diagnostics: [LoadDiagnostic]) {
        var parser = ErlangTermParser(lexer: ErlangTermLexer(text, path: path, jinja: jinja), path: path, limits: limits)
        let result = parser.run()
        let statements = parser.lexer.sawStatement
        switch result {
        case .success(let terms):
            return (ErlangTermDocument(path: path, terms: terms, hasTemplateStatements: statements), [])
        case .failure(let problem):
            let document = ErlangTermDocument(path: path, terms: [], hasTemplateStatements: statements)
            return (document, statements ? [] : [problem])
        }
    }
}

/// The state machine behind `ErlangTermLoader.parse`.
private struct ErlangTermParser {
    var lexer: ErlangTermLexer
    let path: String
    let limits: ErlangTermLimits

    private enum Container: String {
        case tuple = "{", list = "[", map = "#{", binary = "<<"

        var closer: String {
            switch self {
            case .tuple, .map: "}"
            case .list: "]"
            case .binary: ">>"
            }
        }
    }

    /// An open container.
    private struct Frame {
        var kind: Container
        var start: SourcePosition
        var items: [ErlangTerm] = []
        var tail: [ErlangTerm] = []
        /// After `|` in a list: the next term is the tail.
        var readingTail = false
        /// In a map, after a key: `=>` must follow.
        var expectingArrow = false
    }

    /// What the next token may be.
    private enum Expect {
        /// A term (or the closer of an empty container, when `allowClose`).
        case term(allowClose: Bool)
        /// A separator or the closer of the open container; at top level, the dot.
        case separator
    }

    init(lexer: ErlangTermLexer, path: String, limits: ErlangTermLimits) {
        self.lexer = lexer
        self.path = path
        self.limits = limits
    }

    private func location(_ start: SourcePosition, _ end: SourcePosition) -> SourceLocation {
        SourceLocation(path: path, range: SourceRange(start: start, end: end))
    }

    private func error(_ message: String, at position: SourcePosition) -> LoadDiagnostic {
        LoadDiagnostic(message, at: SourceLocation(path: path, range: SourceRange(start: position)))
    }

    mutating func run() -> Result<[ErlangTerm], LoadDiagnostic> {
        var forms: [ErlangTerm] = []
        var stack: [Frame] = []
        var pending: ErlangTerm?   // a complete top-level term awaiting its dot
        var expect = Expect.term(allowClose: false)
        var count = 0

        // Places a finished term in the open container, or at top level.
        func complete(_ term: ErlangTerm) {
            if var frame = stack.popLast() {
                if frame.readingTail {
                    frame.tail = [term]
                } else if frame.kind == .map, frame.items.count % 2 == 0 {
                    frame.items.append(term)
                    frame.expectingArrow = true
                } else {
                    frame.items.append(term)
                }
                stack.append(frame)
            } else {
                pending = term
            }
            expect = .separator
        }

        /// Joins adjacent strings (`"a" "b"` is `"ab"` in Erlang).
        func joinString(_ text: String, end: SourcePosition) -> Bool {
            func joined(_ term: ErlangTerm) -> ErlangTerm? {
                guard case .string(let previous) = term.value else { return nil }
                return ErlangTerm(.string(previous + text), at: location(term.location.range.start, end))
            }
            if var frame = stack.last {
                guard !frame.readingTail, !frame.expectingArrow, let last = frame.items.last, let term = joined(last) else { return false }
                frame.items[frame.items.count - 1] = term
                stack[stack.count - 1] = frame
                return true
            }
            guard let last = pending, let term = joined(last) else { return false }
            pending = term
            return true
        }

        while true {
            let token: ErlangToken
            switch lexer.next() {
            case .success(let next): token = next
            case .failure(let problem): return .failure(problem)
            }
            count += 1
            if count > limits.maxTerms {
                return .failure(error("too many terms (limit \(limits.maxTerms)): file not read", at: token.start))
            }

            switch (expect, token.kind) {
            case (_, .end):
                if let frame = stack.last {
                    return .failure(error(
                        "'\(frame.kind.rawValue)' opened here is never closed with '\(frame.kind.closer)'", at: frame.start))
                }
                if pending != nil {
                    return .failure(error("missing '.' after the last term (file:consult needs a dot after each term)", at: token.start))
                }
                return .success(forms)   // possibly empty: a comments-only file holds no term

            case (.term, .atom) where stack.last?.kind == .binary,
                 (.term, .float) where stack.last?.kind == .binary,
                 (.term, .template) where stack.last?.kind == .binary:
                return .failure(error("a binary holds only strings and integers", at: token.start))
            case (.term, .atom(let name)):
                complete(ErlangTerm(.atom(name), at: location(token.start, token.end)))
            case (.term, .string(let text)):
                complete(ErlangTerm(.string(text), at: location(token.start, token.end)))
            case (.term, .integer(let text, let value)):
                complete(ErlangTerm(.integer(text: text, value: value), at: location(token.start, token.end)))
            case (.term, .float(let text, let value)):
                complete(ErlangTerm(.float(text: text, value: value), at: location(token.start, token.end)))
            case (.term, .template(let text)):
                complete(ErlangTerm(.template(text), at: location(token.start, token.end)))

            case (.separator, .string(let text)):
                // Adjacent string literals are one string.
                guard joinString(text, end: token.end) else {
                    return .failure(error("expected ',' or a closing bracket before this string", at: token.start))
                }

            case (.term, .punctuation(let symbol)) where ["{", "[", "#{", "<<"].contains(symbol):
                guard stack.count < limits.maxDepth else {
                    return .failure(error("nesting deeper than \(limits.maxDepth) levels: file not read", at: token.start))
                }
                if stack.last?.kind == .binary {
                    return .failure(error("a binary holds only strings and integers", at: token.start))
                }
                stack.append(Frame(kind: Container(rawValue: symbol) ?? .tuple, start: token.start))
                expect = .term(allowClose: true)

            case (.term(let allowClose), .punctuation(let symbol)) where [")", "}", "]", ">>"].contains(symbol):
                guard allowClose, let frame = stack.last, frame.kind.closer == symbol, frame.items.isEmpty else {
                    return .failure(error("expected a term before '\(symbol)'", at: token.start))
                }
                stack.removeLast()
                complete(ErlangTerm(Self.value(of: frame), at: location(frame.start, token.end)))

            case (.separator, .punctuation(let symbol)) where ["}", "]", ">>"].contains(symbol):
                guard let frame = stack.last else {
                    return .failure(error("unexpected '\(symbol)': nothing is open", at: token.start))
                }
                guard frame.kind.closer == symbol else {
                    return .failure(error(
                        "expected '\(frame.kind.closer)' to close '\(frame.kind.rawValue)' opened at "
                            + "\(frame.start.line):\(frame.start.column), found '\(symbol)'", at: token.start))
                }
                if frame.kind == .map, frame.expectingArrow {
                    return .failure(error("expected '=>' after a map key", at: token.start))
                }
                stack.removeLast()
                complete(ErlangTerm(Self.value(of: frame), at: location(frame.start, token.end)))

            case (.separator, .punctuation(",")):
                guard let frame = stack.last, !frame.readingTail, !frame.expectingArrow else {
                    return .failure(error(stack.isEmpty ? "expected '.' after the term" : "unexpected ','", at: token.start))
                }
                _ = frame
                expect = .term(allowClose: false)

            case (.separator, .punctuation("|")):
                guard var frame = stack.last, frame.kind == .list, !frame.readingTail else {
                    return .failure(error("'|' is only allowed in a list", at: token.start))
                }
                frame.readingTail = true
                stack[stack.count - 1] = frame
                expect = .term(allowClose: false)

            case (.separator, .punctuation("=>")):
                guard var frame = stack.last, frame.kind == .map, frame.expectingArrow else {
                    return .failure(error("'=>' is only allowed after a map key", at: token.start))
                }
                frame.expectingArrow = false
                stack[stack.count - 1] = frame
                expect = .term(allowClose: false)

            case (.separator, .punctuation(let symbol)) where symbol == ":" || symbol == "/":
                // Binary segment size and type (`<<"x"/utf8>>`, `<<1:8>>`): read and ignored.
                guard stack.last?.kind == .binary else {
                    return .failure(error("unexpected '\(symbol)'", at: token.start))
                }
                switch lexer.next() {
                case .success(let next):
                    switch next.kind {
                    case .atom, .integer: break
                    default: return .failure(error("expected a segment size or type after '\(symbol)'", at: next.start))
                    }
                case .failure(let problem):
                    return .failure(problem)
                }

            case (.separator, .dot):
                guard stack.isEmpty, let term = pending else {
                    let frame = stack.last
                    return .failure(error(
                        "unexpected '.' inside '\(frame?.kind.rawValue ?? "")' opened at \(frame?.start.line ?? 0):\(frame?.start.column ?? 0)",
                        at: token.start))
                }
                forms.append(term)
                pending = nil
                expect = .term(allowClose: false)

            case (.term, .dot):
                return .failure(error(stack.isEmpty && pending == nil ? "unexpected '.' (no term before it)" : "expected a term before '.'", at: token.start))
            case (.separator, _):
                return .failure(error(
                    stack.isEmpty ? "expected '.' after the term" : "expected ',' or '\(stack.last?.kind.closer ?? "")'",
                    at: token.start))
            case (.term, .punctuation(let symbol)):
                return .failure(error("expected a term, found '\(symbol)'", at: token.start))
            }
        }
    }

    private static func value(of frame: Frame) -> ErlangTerm.Value {
        switch frame.kind {
        case .tuple: return .tuple(frame.items)
        case .list: return .list(frame.items, tail: frame.tail)
        case .map: return .map(frame.items)
        case .binary:
            var parts: [String] = []
            for item in frame.items {
                switch item.value {
                case .string(let text): parts.append(text)
                case .integer(let text, _): parts.append(text)
                default: parts.append(item.rendered(limit: 40))
                }
            }
            let allStrings = frame.items.allSatisfy { if case .string = $0.value { return true } else { return false } }
            return .binary(parts.joined(separator: allStrings ? "" : ","))
        }
    }
}
