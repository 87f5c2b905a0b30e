import RMQLintEngine

/// Resolves the rule names a user writes in `--select`, `--ignore`, `select:`, `ignore:`
/// and `per_file_ignores:` — an id (`RMQ201`), an id prefix (`RMQ2`) or a slug
/// (`tcpka-not-split`), the same names `rmqlint explain` and inline suppressions accept —
/// to the upper-case id or prefix the engine matches with `hasPrefix`.
public enum RuleSelector {
    /// The id or prefix `name` stands for, or `nil` when it names no rule.
    public static func resolve(_ name: String, rules: [RuleDescription]) -> String? {
        let trimmed = String(name.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        guard !trimmed.isEmpty else { return nil }
        if let rule = rules.first(where: { $0.slug == trimmed.lowercased() }) { return rule.id }
        let selector = trimmed.uppercased()
        return rules.contains { $0.id.hasPrefix(selector) } ? selector : nil
    }
}
