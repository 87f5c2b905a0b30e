import RMQLintSource
import RMQLintModel

/// What became of one suppression directive in a run: for each rule it names, whether
/// it suppressed something. The rules that audit suppressions (RMQ003, RMQ004) read these.
public struct SuppressionUse: Sendable {
    /// What became of one rule name of a directive.
    public enum Status: String, Sendable, Equatable {
        /// It suppressed at least one finding.
        case used
        /// Its rule ran on the file and reported nothing the directive covers.
        case unused
        /// Its rule did not run on the file (`--select`, `--ignore`, `per_file_ignores`),
        /// so whether the directive is still needed cannot be told.
        case notRun
        /// No rule has this id or slug.
        case unknownRule
        /// The rule judges suppressions themselves and cannot be suppressed inline.
        case notSuppressible
    }

    /// One rule name of a directive and its fate.
    public struct RuleOutcome: Sendable {
        /// The name as written, with its location.
        public var name: Located<String>
        /// The rule's id, when the name resolves to a rule.
        public var ruleID: String?
        /// What became of it.
        public var status: Status

        /// Creates an outcome.
        public init(name: Located<String>, ruleID: String?, status: Status) {
            self.name = name
            self.ruleID = ruleID
            self.status = status
        }
    }

    /// The directive.
    public var directive: SuppressionDirective
    /// One outcome per rule name, in the order written (empty for a malformed directive).
    public var outcomes: [RuleOutcome]

    /// Creates a use.
    public init(directive: SuppressionDirective, outcomes: [RuleOutcome]) {
        self.directive = directive
        self.outcomes = outcomes
    }
}

/// A finding silenced by an inline directive: not a failure, but still reported
/// (counted in the text summary, listed with `--show-suppressed`, SARIF `suppressions`).
public struct SuppressedFinding: Sendable {
    /// The finding, with its effective severity.
    public var finding: Finding
    /// The directive that silenced it (the most specific one when several cover it).
    public var directive: SuppressionDirective

    /// Creates a suppressed finding.
    public init(finding: Finding, directive: SuppressionDirective) {
        self.finding = finding
        self.directive = directive
    }
}

/// Matches findings against the directives of their files and records which directive
/// names were used.
package struct SuppressionIndex {
    /// Rule ids whose findings are about suppressions and cannot themselves be suppressed.
    package let unsuppressible: Set<String>
    /// Resolves a written name (id or slug, any case) to a rule id.
    package let resolve: (String) -> String?
    private var byPath: [String: [Int]] = [:]
    package private(set) var directives: [SuppressionDirective]
    /// Resolved ids per directive, parallel to `directives[i].rules`.
    private var resolved: [[String?]]
    /// `used[i][j]`: directive i's j-th name suppressed something.
    private var used: [[Bool]]

    package init(directives: [SuppressionDirective], unsuppressible: Set<String>, resolve: @escaping (String) -> String?) {
        self.directives = directives
        self.unsuppressible = unsuppressible
        self.resolve = resolve
        resolved = directives.map { $0.rules.map { resolve($0.value) } }
        used = directives.map { Array(repeating: false, count: $0.rules.count) }
        for (index, directive) in directives.enumerated() {
            byPath[directive.location.path, default: []].append(index)
        }
    }

    /// Splits `findings` into the ones left standing and the suppressed ones, marking
    /// every directive name that covers a suppressed finding as used.
    ///
    /// With no directive, every finding stands, in order: `findings` is handed back whole (a
    /// fleet's tens of thousands are not each looked up and copied); `shortcut: false` takes
    /// the general path (the reference the shortcut is tested against).
    package mutating func apply(to findings: [Finding], shortcut: Bool = true) -> (active: [Finding], suppressed: [SuppressedFinding]) {
        if shortcut, directives.isEmpty { return (findings, []) }
        var active: [Finding] = []
        var suppressed: [SuppressedFinding] = []
        for finding in findings {
            guard !unsuppressible.contains(finding.ruleID), let candidates = byPath[finding.location.path] else {
                active.append(finding)
                continue
            }
            var chosen: Int?
            for index in candidates where directives[index].covers(line: finding.location.range.start.line) {
                for (position, id) in resolved[index].enumerated() where id == finding.ruleID {
                    used[index][position] = true
                    // Prefer a line directive over a file-wide one: it says more precisely why.
                    if chosen == nil || (directives[index].scope == .line && directives[chosen ?? index].scope == .file) {
                        chosen = index
                    }
                }
            }
            if let chosen {
                suppressed.append(SuppressedFinding(finding: finding, directive: directives[chosen]))
            } else {
                active.append(finding)
            }
        }
        return (active, suppressed)
    }

    /// The fate of every directive; `ran(id, path)` says whether a rule ran on a file.
    package func uses(ran: (String, String) -> Bool) -> [SuppressionUse] {
        directives.enumerated().map { index, directive in
            guard directive.malformation == nil else { return SuppressionUse(directive: directive, outcomes: []) }
            let outcomes = directive.rules.enumerated().map { position, name -> SuppressionUse.RuleOutcome in
                guard let id = resolved[index][position] else {
                    return .init(name: name, ruleID: nil, status: .unknownRule)
                }
                let status: SuppressionUse.Status
                if unsuppressible.contains(id) {
                    status = .notSuppressible
                } else if used[index][position] {
                    status = .used
                } else if !ran(id, directive.location.path) {
                    status = .notRun
                } else {
                    status = .unused
                }
                return .init(name: name, ruleID: id, status: status)
            }
            return SuppressionUse(directive: directive, outcomes: outcomes)
        }
    }
}
