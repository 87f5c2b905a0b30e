import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge

/// One node of a loaded YAML (or JSON) document, with its tag and its source span.
///
/// Scalars are kept as the text libyaml read (after unquoting and escape processing);
/// nothing is converted to numbers or booleans at load time. The accessors below apply
/// the YAML 1.1 resolution rules Ansible uses (PyYAML's resolver), so `yes` and `"yes"`
/// stay distinguishable: the first is a boolean to Ansible, the second a string.
///
/// Trees built by ``YAMLLoader`` are at most ``YAMLLimits/maxDepth`` deep, so the
/// compiler-generated (recursive) `==` and deinitialisation stay shallow.
public struct YAMLNode: Sendable, Equatable {
    /// What a node holds.
    public enum Content: Sendable, Equatable {
        /// A scalar's text, as read (quotes removed, escapes applied, block scalars folded).
        case scalar(String, ScalarStyle)
        /// A sequence's items, in document order.
        case sequence([YAMLNode])
        /// A mapping's pairs in document order, duplicates included.
        case mapping([YAMLPair])
    }

    /// How a scalar was written. Only plain scalars are resolved to booleans, nulls
    /// and integers (YAML 1.1 implicit typing); quoted and block scalars are strings.
    public enum ScalarStyle: Sendable, Hashable {
        /// Unquoted: `key: value`.
        case plain
        /// `'value'`.
        case singleQuoted
        /// `"value"` (also every JSON string).
        case doubleQuoted
        /// A literal block scalar, `|`.
        case literal
        /// A folded block scalar, `>`.
        case folded
    }

    /// What the node holds.
    public var content: Content
    /// The node's tag as libyaml resolved it: `!vault` stays `!vault`, `!!str` becomes
    /// `tag:yaml.org,2002:str`, a lone `!` stays `!`. `nil` when the node has no tag.
    public var tag: String?
    /// The node's full span, from its first property (tag or anchor) or character to just
    /// after its last character (end exclusive). For a node produced by an alias, the span
    /// of the alias (`*name`); the nodes inside it keep the spans where they were written.
    public var location: SourceLocation

    /// Creates a node.
    public init(content: Content, tag: String? = nil, location: SourceLocation) {
        self.content = content
        self.tag = tag
        self.location = location
    }
}

/// One `key: value` entry of a mapping. Keys are nodes (usually scalars) with their own locations.
public struct YAMLPair: Sendable, Equatable {
    /// The key node; ``YAMLLoader`` reports any key that is not a scalar.
    public var key: YAMLNode
    /// The value node (an empty plain scalar when the value was omitted, as in `key:`).
    public var value: YAMLNode

    /// Creates a pair.
    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

// MARK: - Accessors

extension YAMLNode {
    /// The tags Ansible reads as vault-encrypted strings
    /// (ansible/ansible, lib/ansible/parsing/yaml/constructor.py: `!vault` and `!vault-encrypted`).
    private static let vaultTags: Set<String> = ["!vault", "!vault-encrypted"]
    private static let boolTag = "tag:yaml.org,2002:bool"
    private static let nullTag = "tag:yaml.org,2002:null"
    private static let intTag = "tag:yaml.org,2002:int"

    /// The scalar's text; `nil` for sequences and mappings.
    public var scalar: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    /// The scalar's style; `nil` for sequences and mappings.
    public var scalarStyle: ScalarStyle? {
        if case .scalar(_, let style) = content { return style }
        return nil
    }

    /// A mapping's pairs in document order (duplicates included); empty for other nodes.
    public var pairs: [YAMLPair] {
        if case .mapping(let pairs) = content { return pairs }
        return []
    }

    /// A sequence's items in document order; empty for other nodes.
    public var items: [YAMLNode] {
        if case .sequence(let items) = content { return items }
        return []
    }

    /// The value of the LAST pair whose key is a scalar with text `key`, as Ansible and
    /// PyYAML keep the last of duplicate keys. `nil` when absent or when this is not a mapping.
    ///
    /// Keys are compared by text, whatever their style: `"yes": 1` and `yes: 1` both match
    /// `"yes"`. The comparison is scalar by scalar, as Python compares `str` keys, not Swift's
    /// canonical equivalence: `é` (U+00E9) and `e` + U+0301 are different keys, as in Ansible. Merge keys (`<<: *base`) are not applied: `<<` is an ordinary pair here, so
    /// keys that exist only in the merged mapping are not found through this subscript.
    public subscript(key: String) -> YAMLNode? {
        pair(forKey: key)?.value
    }

    /// The LAST pair whose key is a scalar with text `key` (see ``subscript(_:)``), so both
    /// the key's and the value's locations are at hand.
    public func pair(forKey key: String) -> YAMLPair? {
        guard case .mapping(let pairs) = content else { return nil }
        return pairs.last { pair in
            guard case .scalar(let text, _) = pair.key.content else { return false }
            return text.unicodeScalars.elementsEqual(key.unicodeScalars)
        }
    }

    /// True for YAML 1.1 nulls: an untagged plain `~`, `null`, `Null`, `NULL` or empty
    /// scalar (as in `key:`), or any scalar tagged `!!null`
    /// (yaml/pyyaml, lib/yaml/resolver.py, the `tag:yaml.org,2002:null` resolver).
    public var isNull: Bool {
        guard case .scalar(let text, let style) = content else { return false }
        if tag == Self.nullTag { return true }
        guard tag == nil, style == .plain else { return false }
        switch text {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    /// True when the node carries Ansible's vault tag (`!vault`, or the older
    /// `!vault-encrypted`). Its scalar is ciphertext: opaque, and never to be printed.
    public var isVault: Bool {
        guard let tag else { return false }
        return Self.vaultTags.contains(tag)
    }

    /// The boolean Ansible's YAML loader gives this node, or `nil` if it gives something else.
    ///
    /// Untagged plain scalars follow PyYAML's YAML 1.1 resolver exactly: `yes`/`Yes`/`YES`,
    /// `no`/`No`/`NO`, `true`/`True`/`TRUE`, `false`/`False`/`FALSE`, `on`/`On`/`ON`,
    /// `off`/`Off`/`OFF` (yaml/pyyaml, lib/yaml/resolver.py). PyYAML does NOT resolve `y`,
    /// `Y`, `n` or `N` (the YAML 1.1 spec lists them, PyYAML's regex does not), so Ansible
    /// loads them as strings and so does this accessor. A scalar tagged `!!bool` is read
    /// case-insensitively, as PyYAML's `construct_yaml_bool` lowercases it.
    ///
    /// Quoted scalars (`"yes"`) are strings here. Jinja's `| bool` filter, which Kolla applies
    /// to most flags and which also accepts `"yes"`, `"y"`, `"1"`…, belongs to the Jinja
    /// evaluator, not to this loader.
    public var ansibleBool: Bool? {
        guard case .scalar(let text, let style) = content else { return nil }
        if tag == Self.boolTag {
            switch text.lowercased() {
            case "yes", "true", "on": return true
            case "no", "false", "off": return false
            default: return nil
            }
        }
        guard tag == nil, style == .plain else { return nil }
        switch text {
        case "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON": return true
        case "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF": return false
        default: return nil
        }
    }

    /// The integer of an untagged plain (or `!!int`-tagged) scalar written in decimal:
    /// an optional sign, then `0` or a non-zero digit followed by digits and `_` separators,
    /// the decimal form of PyYAML's int resolver (yaml/pyyaml, lib/yaml/resolver.py).
    ///
    /// `nil` for every other spelling, including YAML 1.1 octal (`010` is 8 to Ansible),
    /// hexadecimal, binary and sexagesimal (`1:30`) integers, and for values that do not
    /// fit in `Int` — unknown rather than guessed.
    public var intValue: Int? {
        guard case .scalar(let text, let style) = content else { return nil }
        guard tag == Self.intTag || (tag == nil && style == .plain) else { return nil }
        return Self.parseDecimal(text)
    }

    /// True when the scalar holds a Jinja construct (`{{`, `{%` or `{#`, the markers
    /// Ansible's `is_possibly_template` looks for), so its value depends on templating.
    /// Always false for `!unsafe` scalars, which Ansible never templates, and for
    /// sequences and mappings (check their scalars instead).
    public var isTemplated: Bool {
        guard case .scalar(let text, _) = content, tag != "!unsafe" else { return false }
        var previousWasBrace = false
        for byte in text.utf8 {
            if previousWasBrace, byte == UInt8(ascii: "{") || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "#") {
                return true
            }
            previousWasBrace = byte == UInt8(ascii: "{")
        }
        return false
    }

    /// Parses `[-+]?(0|[1-9][0-9_]*)` without overflowing; accumulates negatively so `Int.min` fits.
    private static func parseDecimal(_ text: String) -> Int? {
        var bytes = text.utf8[...]
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        guard let leading = bytes.first, leading >= UInt8(ascii: "0"), leading <= UInt8(ascii: "9") else {
            return nil
        }
        if leading == UInt8(ascii: "0") {
            return bytes.count == 1 ? 0 : nil
        }
        var value = 0
        for byte in bytes {
            if byte == UInt8(ascii: "_") { continue }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowB) = shifted.subtractingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            if overflowA || overflowB { return nil }
            value = next
        }
        if negative { return value }
        let (positive, overflow) = (0).subtractingReportingOverflow(value)
        return overflow ? nil : positive
    }
}
