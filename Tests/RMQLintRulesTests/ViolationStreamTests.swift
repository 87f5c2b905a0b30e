import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintModel
@testable import RMQLintRules

/// A rule's findings handed on in batches (`check(_:batch:into:)`, what the engine merges a
/// candidate release's findings with) are exactly ``Rule/check(_:)``'s, in its order, for rules
/// that stream their violations (RMQ207, RMQ109) and for those that return them whole: over
/// every candidate release's model of every rule example and of a generated fleet.
@Suite("Violations in batches")
struct ViolationStreamTests {
    /// Compares every rule's batched findings with its whole ones on each model of `deployments`;
    /// how many findings were compared.
    static func check(_ deployments: [Deployment], _ label: String) -> Int {
        var compared = 0
        for deployment in deployments {
            for model in SettingSourcesShortcutTests.models(of: deployment) {
                let context = LintContext(model: DeploymentModel(deployments: [model], loadDiagnostics: [], filesRead: 0, secrets: []))
                for ruleType in RuleRegistry.all where !ruleType.auditsSuppressions {
                    let rule = ruleType.init()
                    let whole = rule.check(context)
                    for batch in [1, 3, 512] {
                        var parts: [[Finding]] = []
                        rule.check(context, batch: batch) { parts.append($0) }
                        #expect(parts.joined().elementsEqual(whole), "\(label) \(ruleType.description.id) batch \(batch)")
                        #expect(!parts.contains { $0.isEmpty }, "\(label) \(ruleType.description.id)")
                        if ruleType is any ViolationRule.Type {
                            #expect(parts.allSatisfy { $0.count <= batch }, "\(label) \(ruleType.description.id)")
                        }
                    }
                    compared += whole.count
                }
            }
        }
        return compared
    }

    @Test func ruleExamples() {
        var compared = 0
        #expect(SettingSourcesShortcutTests.checkRuleExamples { compared += Self.check($0, $1); return 0 } > 50)
        #expect(compared > 50)
    }

    /// A fleet of collected configs: RMQ207 and RMQ109 find one per file, several batches.
    @Test func generatedFleet() throws {
        let deployments = try SettingSourcesShortcutTests.lint(SettingSourcesShortcutTests.fleet(hosts: 12), paths: ["/g/etc/kolla", "/g/hosts"])
        #expect(Self.check(deployments, "fleet") > 100)
    }
}
