import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge

/// One `key = value` (or `key: value`) assignment of an oslo.config INI file.
public struct INIEntry: Hashable, Sendable {
    /// The key, trimmed, case kept (oslo.config option names are case-sensitive).
    public var key: String
    /// The value as oslo.config sees it: trimmed, one pair of matching surrounding quotes
    /// removed from the first line, indented continuation lines appended after `"\n"`.
    /// `%(x)s` interpolations and `{{ … }}` expressions are kept verbatim.
    public var value: String
    /// Where the key was written.
    public var keyLocation: SourceLocation
    /// Where the value's first line was written, trimmed, quotes included; an empty
    /// value gives an empty range just after the delimiter.
    public var valueLocation: SourceLocation
    /// Whether the value holds Jinja markup (`{{`, `{%` or `{#`), so its rendered
    /// text is not the text written here. Always false inside `{% raw %}`.
    public var isTemplated: Bool
    /// The `{% if %}` / `{% for %}` branches enclosing the line, outermost first
    /// (empty = unconditional).
    public var conditions: [INICondition]

    /// How many `{% if %}` / `{% for %}` blocks enclose the line (0 = unconditional).
    public var conditionDepth: Int { conditions.count }

    /// Creates an entry.
    public init(
        key: String, value: String, keyLocation: SourceLocation, valueLocation: SourceLocation,
        isTemplated: Bool = false, conditions: [INICondition] = []
    ) {
        self.key = key
        self.value = value
        self.keyLocation = keyLocation
        self.valueLocation = valueLocation
        self.isTemplated = isTemplated
        self.conditions = conditions
    }
}

/// One Jinja block branch enclosing INI lines: the `{% if a %}` … `{% elif b %}` …
/// `{% else %}` chain up to the branch the lines are in, or a `{% for %}` loop.
///
/// Ansible templates override files before `merge_configs` merges them
/// [KA `master:ansible/action_plugins/merge_configs.py`], so a line inside a false
/// branch never reaches the service.
public struct INICondition: Hashable, Sendable {
    /// What kind of block encloses the lines.
    public enum Kind: Hashable, Sendable {
        /// An `if` / `elif` / `else` branch.
        case branch
        /// A `for` loop body: its lines are written once per item, possibly never.
        case loop
    }

    /// Branch or loop.
    public var kind: Kind
    /// The tests of the earlier branches of the chain, which must all be false
    /// (`a` for the `{% elif b %}` branch; `a`, `b` for `{% else %}`).
    public var earlierTests: [String]
    /// The branch's own test (`b` for `{% elif b %}`); `nil` for `{% else %}` and loops.
    public var test: String?
    /// Whether a test of the chain could not be read (a statement spanning lines):
    /// the branch is then of unknown truth.
    public var isOpaque: Bool
    /// Where the `{% if %}` (or `{% for %}`) that opened the block is written.
    public var location: SourceLocation

    /// Creates a condition.
    public init(kind: Kind, earlierTests: [String] = [], test: String?, isOpaque: Bool = false, location: SourceLocation) {
        self.kind = kind
        self.earlierTests = earlierTests
        self.test = test
        self.isOpaque = isOpaque
        self.location = location
    }
}

/// One `[section]` header and the entries below it, up to the next header.
/// A section name written twice gives two `INISection`s, in file order.
public struct INISection: Hashable, Sendable {
    /// The name between the brackets, trimmed, case kept.
    public var name: String
    /// Where the name (without brackets) was written.
    public var nameLocation: SourceLocation
    /// The section's entries in file order; repeated keys are all kept.
    public var entries: [INIEntry]

    /// Creates a section.
    public init(name: String, nameLocation: SourceLocation, entries: [INIEntry] = []) {
        self.name = name
        self.nameLocation = nameLocation
        self.entries = entries
    }
}

/// A parsed oslo.config INI file (a Kolla override, a rendered service config).
///
/// Section names are matched the way oslo.config matches groups: `DEFAULT` only
/// exactly, every other name case-insensitively (oslo.config lower-cases group names
/// except `DEFAULT`, so `[DEFAULT]` and `[default]` are different groups while
/// `[Oslo_Messaging_Rabbit]` is `[oslo_messaging_rabbit]`)
/// [oslo.config `master:oslo_config/cfg.py` `_normalize_group_name`]. Keys match exactly.
public struct INIDocument: Hashable, Sendable {
    /// The file's display path.
    public var path: String
    /// Every section in file order, repeated headers included.
    public var sections: [INISection]
    /// Line numbers (1-based, ascending) holding Jinja statements, comments, whole-line
    /// `{{ … }}` expressions or `{% raw %}` markers, which are kept out of the entries.
    public var templateLines: [Int]

    /// Creates a document.
    public init(path: String, sections: [INISection] = [], templateLines: [Int] = []) {
        self.path = path
        self.sections = sections
        self.templateLines = templateLines
    }

    /// Every assignment of `key` in sections named `section`, in file order
    /// (oslo.config multi-values: each repetition is one element).
    public func entries(section: String, key: String) -> [INIEntry] {
        var result: [INIEntry] = []
        for candidate in sections(named: section) {
            for entry in candidate.entries where entry.key == key {
                result.append(entry)
            }
        }
        return result
    }

    /// The effective single value of `[section] key`: the last assignment in the file.
    public func last(section: String, key: String) -> INIEntry? {
        let wanted = INIDocument.normalizedSectionName(section)
        for candidate in sections.reversed() where INIDocument.normalizedSectionName(candidate.name) == wanted {
            if let entry = candidate.entries.last(where: { $0.key == key }) { return entry }
        }
        return nil
    }

    /// Every section whose name is `named` under oslo.config's group matching, in file order.
    public func sections(named: String) -> [INISection] {
        let wanted = INIDocument.normalizedSectionName(named)
        return sections.filter { INIDocument.normalizedSectionName($0.name) == wanted }
    }

    /// oslo.config's group-name normalisation: `DEFAULT` stays, anything else is lower-cased
    /// [oslo.config `master:oslo_config/cfg.py` `_normalize_group_name`].
    public static func normalizedSectionName(_ name: String) -> String {
        name == "DEFAULT" ? name : name.lowercased()
    }
}
