import RMQLintSource

/// One Erlang term of a configuration file (`advanced.config`, classic `rabbitmq.config`),
/// as `file:consult/1` reads it, with where it is written.
public struct ErlangTerm: Sendable, Hashable {
    /// What the term is.
    public enum Value: Sendable, Hashable {
        /// An atom: `pause_minority`, `'quoted atom'` (quotes removed).
        case atom(String)
        /// A string (a list of characters in Erlang): `"10.0.0.1"`; adjacent strings are joined.
        case string(String)
        /// A binary `<<"text">>` (or `<<1,2>>`, shown as its decimal bytes joined by commas).
        case binary(String)
        /// An integer as written (`60`, `16#ff`, `$c`), with its value when it fits an `Int`.
        case integer(text: String, value: Int?)
        /// A float as written, with its value.
        case float(text: String, value: Double)
        /// A tuple `{a, b}`.
        case tuple([ErlangTerm])
        /// A list `[a, b]`; `tail` holds the term after `|` of an improper list (`[a | b]`).
        case list([ErlangTerm], tail: [ErlangTerm])
        /// A map `#{k => v}`: keys and values alternate.
        case map([ErlangTerm])
        /// A Jinja expression `{{ … }}` in a file Ansible renders first: its value is unknown.
        case template(String)
    }

    /// What the term is.
    public var value: Value
    /// From the term's first character to just after its last.
    public var location: SourceLocation

    /// Creates a term.
    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }

    /// The atom's name, if the term is an atom.
    public var atom: String? {
        if case .atom(let name) = value { return name }
        return nil
    }

    /// The elements of a tuple, if the term is one.
    public var tupleElements: [ErlangTerm]? {
        if case .tuple(let elements) = value { return elements }
        return nil
    }

    /// The elements of a (proper or improper) list, if the term is one.
    public var listElements: [ErlangTerm]? {
        if case .list(let elements, _) = value { return elements }
        return nil
    }

    /// The integer value, if the term is an integer that fits an `Int`.
    public var intValue: Int? {
        if case .integer(_, let number) = value { return number }
        return nil
    }

    /// Whether the term is or contains a Jinja expression (its value is then not fully known).
    public var isTemplated: Bool {
        // Bounded by the parser's depth limit; iterative to stay safe on deep input.
        var stack = [self]
        while let term = stack.popLast() {
            switch term.value {
            case .template: return true
            case .tuple(let items), .map(let items): stack.append(contentsOf: items)
            case .list(let items, let tail): stack.append(contentsOf: items); stack.append(contentsOf: tail)
            default: continue
            }
        }
        return false
    }

    /// A proplist lookup: in a list of tuples, the first `{key, Value}` (2-tuple) whose first
    /// element is the atom `key` — what `proplists:get_value/2` and `application:get_env/2`
    /// read. `nil` when the term is not a list or has no such entry.
    public func property(_ key: String) -> ErlangTerm? {
        propertyEntry(key)?.value
    }

    /// The whole `{key, Value}` tuple and its value, as `property(_:)` finds it.
    public func propertyEntry(_ key: String) -> (entry: ErlangTerm, key: ErlangTerm, value: ErlangTerm)? {
        guard let items = listElements else { return nil }
        for item in items {
            if let elements = item.tupleElements, elements.count == 2, elements[0].atom == key {
                return (item, elements[0], elements[1])
            }
        }
        return nil
    }

    /// The term as Erlang would print it (`{a,"b"}`), clipped to `limit` characters.
    public func rendered(limit: Int = 200) -> String {
        var output = ""
        render(into: &output, limit: limit, depth: 0)
        return output.count > limit ? String(output.prefix(limit)) + "…" : output
    }

    private func render(into output: inout String, limit: Int, depth: Int) {
        guard output.count <= limit, depth < 64 else { return }
        func join(_ items: [ErlangTerm], separator: String = ",") {
            for (index, item) in items.enumerated() {
                if index > 0 { output += separator }
                item.render(into: &output, limit: limit, depth: depth + 1)
                if output.count > limit { return }
            }
        }
        switch value {
        case .atom(let name): output += Self.atomNeedsQuotes(name) ? "'\(name)'" : name
        case .string(let text): output += "\"\(text)\""
        case .binary(let text): output += "<<\"\(text)\">>"
        case .integer(let text, _), .float(let text, _): output += text
        case .template(let text): output += "{{ \(text) }}"
        case .tuple(let items): output += "{"; join(items); output += "}"
        case .list(let items, let tail):
            output += "["; join(items)
            if !tail.isEmpty { output += "|"; join(tail) }
            output += "]"
        case .map(let items):
            output += "#{"
            var index = 0
            while index + 1 < items.count {
                if index > 0 { output += "," }
                items[index].render(into: &output, limit: limit, depth: depth + 1)
                output += " => "
                items[index + 1].render(into: &output, limit: limit, depth: depth + 1)
                index += 2
            }
            output += "}"
        }
    }

    private static func atomNeedsQuotes(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return true }
        return !name.unicodeScalars.allSatisfy { ErlangTermLexer.isAtomCharacter($0) }
    }
}

/// A parsed Erlang-term configuration file: the terms `file:consult/1` returns, each ended
/// by a dot. RabbitMQ's `advanced.config` and classic `rabbitmq.config` hold one term, a
/// list of `{Application, [{Key, Value}, …]}` tuples.
public struct ErlangTermDocument: Sendable {
    /// The file's display path.
    public var path: String
    /// The top-level terms in file order.
    public var terms: [ErlangTerm]
    /// Whether Jinja statements (`{% … %}`) were skipped: the file holds several variants,
    /// of which the terms show all at once.
    public var hasTemplateStatements: Bool

    /// The application environment RabbitMQ's config reader would see: for
    /// `[{kernel, [...]}, {rabbit, [...]}]`, the parameter list of `application`.
    public func applicationEnvironment(_ application: String) -> ErlangTerm? {
        guard let root = terms.first else { return nil }
        return root.property(application)
    }

    /// A parameter of an application (`parameter("rabbit", "cluster_partition_handling")`).
    public func parameter(_ application: String, _ key: String) -> (entry: ErlangTerm, key: ErlangTerm, value: ErlangTerm)? {
        applicationEnvironment(application)?.propertyEntry(key)
    }
}
