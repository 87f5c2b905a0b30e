import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders
import RMQLintModel
import RMQLintEngine

/// Renders the rule catalogue and rule documentation (ruff's page layout) from the
/// rules' own descriptions, for `rmqlint rules`, `rmqlint explain`, the README and
/// `docs/rules/`.
public enum RuleCatalog {
    /// A plain-text table: id, slug, severity, summary.
    public static func table(_ rules: [RuleDescription]) -> String {
        let slugWidth = max(4, rules.map(\.slug.count).max() ?? 0)
        var lines = ["ID      " + pad("SLUG", slugWidth) + "  SEVERITY  SUMMARY"]
        for rule in rules {
            lines.append(pad(rule.id, 6) + "  " + pad(rule.slug, slugWidth) + "  " + pad(rule.severity.rawValue, 8) + "  " + rule.summary)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A Markdown table for the README.
    public static func markdownTable(_ rules: [RuleDescription]) -> String {
        var lines = ["| id | slug | severity | summary |", "| --- | --- | --- | --- |"]
        for rule in rules {
            lines.append("| [\(rule.id)](docs/rules/\(rule.id).md) | `\(rule.slug)` | \(rule.severity.rawValue) | \(rule.summary.replacingPipes) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The documentation page of one rule, in Markdown.
    public static func explain(_ rule: RuleDescription) -> String {
        var text = "# \(rule.id) \(rule.slug) (\(rule.severity.rawValue))\n\n\(rule.summary).\n\n"
        text += "## What it does\n\n\(rule.whatItDoes)\n\n"
        text += "## Why is this bad?\n\n\(rule.whyItMatters)\n\n"
        if let example = rule.triggeringExamples.first {
            text += "## Example\n\n" + render(example) + "\n"
        }
        text += "## Use instead\n\n\(rule.fix)\n\n"
        if let example = rule.nonTriggeringExamples.first {
            text += render(example) + "\n"
        }
        text += "## Applies to\n\n\(rule.appliesTo)\n"
        if !rule.references.isEmpty {
            text += "\n## References\n\n" + rule.references.map { "- \($0)" }.joined(separator: "\n") + "\n"
        }
        return text
    }

    private static func render(_ example: RuleExample) -> String {
        let files = example.resolved().files
        return files.map { file in
            let body = file.contents.hasSuffix("\n") ? file.contents : file.contents + "\n"
            return "`\(file.path)`:\n\n```\n\(body)```\n"
        }.joined(separator: "\n")
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}

extension String {
    fileprivate var replacingPipes: String {
        split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|")
    }
}
