import ArgumentParser
import RMQLintCore
import RMQLintRules

/// `rmqlint rules`: the catalogue.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "List every rule: id, slug, severity and summary.")

    @Flag(help: "Print the catalogue as a Markdown table.")
    var markdown = false

    @Option(help: "Configuration file whose site policies are listed too (default: the nearest .rmqlint.yml above the working directory).")
    var config: String?

    func run() throws {
        let rules = RuleRegistry.all.map { $0.description } + (try SitePolicies.load(config: config))
        print(markdown ? RuleCatalog.markdownTable(rules) : RuleCatalog.table(rules), terminator: "")
    }
}

/// `rmqlint explain ID|SLUG`: one rule's documentation.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain", abstract: "Explain a rule: what it does, why, an example, the fix, references.")

    @Argument(help: "A rule id (RMQ201) or slug (tcpka-not-split), or a site policy's.")
    var rule: String

    @Option(help: "Configuration file whose site policies can be explained too (default: the nearest .rmqlint.yml above the working directory).")
    var config: String?

    func run() throws {
        if let found = RuleRegistry.rule(named: rule) {
            print(RuleCatalog.explain(found.description), terminator: "")
            return
        }
        let wanted = rule.lowercased()
        guard let policy = try SitePolicies.load(config: config).first(where: { $0.id.lowercased() == wanted || $0.slug == wanted }) else {
            throw UsageError(description: "unknown rule '\(rule)' (see 'rmqlint rules')")
        }
        print(RuleCatalog.explain(policy), terminator: "")
    }
}

/// The site policies of the configuration in effect for `rules` and `explain`.
enum SitePolicies {
    static func load(config: String?) throws -> [RuleDescription] {
        let fileSystem = LocalFileSystem()
        guard let path = config ?? ConfigurationLoader.locate(from: ".", fileSystem: fileSystem) else { return [] }
        switch ConfigurationLoader.load(path, fileSystem: fileSystem, rules: RuleRegistry.all.map { $0.description }) {
        case .success(let loaded): return loaded.policies.map(\.description)
        case .failure(let error): throw UsageError(description: error.description, located: true)
        }
    }
}
