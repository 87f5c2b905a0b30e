import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintSource

/// A finding reported twice (two deployments reaching one file, a policy repeating a rule) is
/// reported once: the first of those with the same rule, place, key and message, in order.
@Suite("Duplicate findings")
struct UniqueFindingsTests {
    static func finding(
        _ rule: String = "RMQ207", path: String = "hosts/cmp0001/nova/nova.conf", line: Int = 1, column: Int = 1,
        key: String = "option:x", message: String = "m", severity: Severity = .warning, length: Int = 0
    ) -> Finding {
        Finding(ruleID: rule, slug: "slug", severity: severity, message: message,
                location: SourceLocation(path: path, line: line, column: column, length: length), semanticKey: key)
    }

    /// What `Linter.unique` keeps, written the plain way: a set of the compared fields.
    static func reference(_ findings: [Finding]) -> [Finding] {
        struct Identity: Hashable {
            var ruleID: String, path: String, line: Int, column: Int, semanticKey: String, message: String
        }
        var seen: Set<Identity> = []
        return findings.filter {
            seen.insert(Identity(ruleID: $0.ruleID, path: $0.location.path, line: $0.location.line,
                                 column: $0.location.column, semanticKey: $0.semanticKey, message: $0.message)).inserted
        }
    }

    @Test func keepsTheFirstOfEachIdentityInOrder() {
        let findings = [
            Self.finding(message: "first", severity: .warning),
            Self.finding(message: "first", severity: .info, length: 9),  // same identity: dropped
            Self.finding(message: "second"),                            // same place and key, other message
            Self.finding("RMQ109", message: "first"),
            Self.finding(line: 2, message: "first"),
            Self.finding(column: 3, message: "first"),
            Self.finding(key: "option:y", message: "first"),
            Self.finding(path: "hosts/cmp0002/nova/nova.conf", message: "first"),
            Self.finding(message: "second"),                            // dropped
            // Canonically equal messages are the same message, as `String` compares them.
            Self.finding(message: "caf\u{E9}"),
            Self.finding(message: "cafe\u{301}"),                      // dropped
        ]
        let kept = Linter.unique(findings)
        #expect(kept.map(\.message) == ["first", "second", "first", "first", "first", "first", "first", "caf\u{E9}"])
        #expect(kept.first?.severity == .warning)
        #expect(kept == Self.reference(findings))
    }

    /// Many findings of the same hash (equal place and key, messages differing) chain, and every
    /// duplicate anywhere in a chain is found.
    @Test func agreesWithTheSetOnAFleetShapedList() {
        var findings: [Finding] = []
        for host in 0..<40 {
            for line in 1...5 {
                for message in ["a", "b", "c"] {
                    findings.append(Self.finding(path: "hosts/cmp\(host % 13)/nova/nova.conf", line: line, message: message))
                }
            }
        }
        findings += findings.reversed()
        let kept = Linter.unique(findings)
        #expect(kept == Self.reference(findings))
        #expect(kept.count == 13 * 5 * 3)
        // In place (how the linter drops a fleet's duplicates): the same findings, same order.
        var inPlace = findings
        Linter.removeDuplicates(&inPlace)
        #expect(inPlace == kept)
        #expect(zip(inPlace, kept).allSatisfy { $0.severity == $1.severity && $0.location == $1.location })
    }

    @Test func emptyAndSingle() {
        #expect(Linter.unique([]).isEmpty)
        #expect(Linter.unique([Self.finding()]) == [Self.finding()])
    }
}
