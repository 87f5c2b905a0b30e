import RMQLintCore

/// Every built-in rule, sorted by id. A test checks this list against the
/// `*Rule.swift` files under `Rules/`, so a rule cannot be forgotten here.
public enum RuleRegistry {
    /// All rule types, in id order.
    public static let all: [any Rule.Type] = []
}
