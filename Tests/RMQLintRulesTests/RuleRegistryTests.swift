import Foundation
import Testing
import RMQLintCore
import RMQLintRules

/// The catalogue's invariants: ids unique and in their family, slugs kebab-case,
/// documentation present, and every rule file registered.
@Suite("Rule registry")
struct RuleRegistryTests {
    let descriptions = RuleRegistry.all.map { $0.description }

    /// The engine asks `auditsSuppressions` instead of casting to `SuppressionAuditRule`: the
    /// protocols must give the same answer as the cast (RMQ003 and RMQ004 only).
    @Test func auditsSuppressionsIsTheProtocol() {
        for rule in RuleRegistry.all {
            #expect(rule.auditsSuppressions == (rule is any SuppressionAuditRule.Type), "\(rule.description.id)")
        }
        #expect(RuleRegistry.all.filter { $0.auditsSuppressions }.map { $0.description.id } == ["RMQ003", "RMQ004"])
    }

    @Test func idsAndSlugsAreUniqueAndSorted() {
        let ids = descriptions.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids == ids.sorted())
        let slugs = descriptions.map(\.slug)
        #expect(Set(slugs).count == slugs.count)
    }

    @Test func idsBelongToAFamilyAndSlugsAreKebabCase() {
        for rule in descriptions {
            #expect(rule.family != nil, "\(rule.id) is not RMQ0xx–RMQ5xx")
            let digits = rule.id.dropFirst(3).allSatisfy { $0.isNumber }
            #expect(digits, "\(rule.id)")
            let kebab = rule.slug.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }
                && !rule.slug.hasPrefix("-") && !rule.slug.hasSuffix("-") && !rule.slug.contains("--")
            #expect(kebab, "\(rule.slug) is not kebab-case")
        }
    }

    @Test func everyRuleIsDocumented() {
        for rule in descriptions {
            #expect(!rule.summary.isEmpty && !rule.summary.hasSuffix("."), "\(rule.id) summary")
            #expect(rule.whatItDoes.count > 40, "\(rule.id) what it does")
            #expect(rule.whyItMatters.count > 40, "\(rule.id) why it matters")
            #expect(!rule.fix.isEmpty, "\(rule.id) fix")
            #expect(!rule.references.isEmpty, "\(rule.id) references")
            let page = RuleCatalog.explain(rule)
            for heading in ["## What it does", "## Why is this bad?", "## Example", "## Use instead", "## References"] {
                #expect(page.contains(heading), "\(rule.id) explain page lacks \(heading)")
            }
        }
    }

    /// A rule file that is not in `RuleRegistry.all` would silently never run.
    @Test func everyRuleFileIsRegistered() throws {
        let rulesDirectory = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Rules")
        let enumerator = try #require(FileManager.default.enumerator(at: rulesDirectory, includingPropertiesForKeys: nil))
        var typeNames: [String] = []
        for case let url as URL in enumerator where url.lastPathComponent.hasSuffix("Rule.swift") {
            typeNames.append(String(url.lastPathComponent.dropLast(".swift".count)))
        }
        let registered = RuleRegistry.all.map { String(describing: $0) }
        #expect(typeNames.sorted() == registered.sorted())
    }
}
