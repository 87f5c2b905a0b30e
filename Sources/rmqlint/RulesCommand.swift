import ArgumentParser
import RMQLintCore
import RMQLintRules

/// `rmqlint rules`: the catalogue.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "List every rule: id, slug, severity and summary.")

    @Flag(help: "Print the catalogue as a Markdown table.")
    var markdown = false

    func run() throws {
        let rules = RuleRegistry.all.map { $0.description }
        print(markdown ? RuleCatalog.markdownTable(rules) : RuleCatalog.table(rules), terminator: "")
    }
}

/// `rmqlint explain ID|SLUG`: one rule's documentation.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain", abstract: "Explain a rule: what it does, why, an example, the fix, references.")

    @Argument(help: "A rule id (RMQ201) or slug (tcpka-not-split).")
    var rule: String

    func run() throws {
        guard let found = RuleRegistry.rule(named: rule) else {
            throw UsageError(description: "unknown rule '\(rule)' (see 'rmqlint rules')")
        }
        print(RuleCatalog.explain(found.description), terminator: "")
    }
}
