import RMQLintSource
import RMQLintModel

/// Rule families, by the hundreds digit of the id (docs/spec.md §5).
public enum RuleFamily: String, CaseIterable, Sendable {
    case input = "RMQ0"
    case queues = "RMQ1"
    case heartbeats = "RMQ2"
    case ttls = "RMQ3"
    case cluster = "RMQ4"
    case layout = "RMQ5"

    /// Human name of the family.
    public var title: String {
        switch self {
        case .input: "Input problems"
        case .queues: "Queues and mirroring"
        case .heartbeats: "Heartbeats and keep-alives"
        case .ttls: "TTLs and timeouts"
        case .cluster: "Cluster and transport"
        case .layout: "Kolla layout"
        }
    }
}

/// Everything a rule says about itself: identity, documentation and the examples
/// that are both its documentation and its tests (as SwiftLint's `RuleDescription`).
///
/// The documentation fields follow ruff's rule pages: what it does, why it matters,
/// an example (the first triggering example), what to use instead, references.
public struct RuleDescription: Sendable {
    /// Stable id such as `RMQ201`; never reused.
    public let id: String
    /// Stable kebab-case name such as `tcpka-not-split`.
    public let slug: String
    /// Default severity; configuration may override it per rule.
    public let severity: Severity
    /// One line: what the rule finds (SARIF `shortDescription`, `rmqlint rules`).
    public let summary: String
    /// What the rule checks, precisely (ruff's "What it does").
    public let whatItDoes: String
    /// Why it matters, with the incident or bug it comes from ("Why is this bad?").
    public let whyItMatters: String
    /// What to write instead ("Use instead").
    public let fix: String
    /// The Kolla / RabbitMQ releases the rule applies to.
    public let appliesTo: String
    /// Sources: upstream docs, bugs, commits (URLs or `project path@ref`).
    public let references: [String]
    /// Trees on which the rule must fire exactly at the `↓` markers.
    public let triggeringExamples: [RuleExample]
    /// Trees on which the rule must stay silent.
    public let nonTriggeringExamples: [RuleExample]
    /// Whether the rule is a site policy from the configuration (spec §11), not compiled in.
    public let isUserDefined: Bool
    /// The documentation URL of a user-defined rule (its `help:` when that is a URL).
    public let documentationURL: String?

    /// Creates a rule description.
    public init(
        id: String, slug: String, severity: Severity, summary: String,
        whatItDoes: String, whyItMatters: String, fix: String,
        appliesTo: String = "All Kolla-Ansible releases and RabbitMQ versions.",
        references: [String] = [],
        triggeringExamples: [RuleExample] = [], nonTriggeringExamples: [RuleExample] = [],
        isUserDefined: Bool = false, documentationURL: String? = nil
    ) {
        self.id = id
        self.slug = slug
        self.severity = severity
        self.summary = summary
        self.whatItDoes = whatItDoes
        self.whyItMatters = whyItMatters
        self.fix = fix
        self.appliesTo = appliesTo
        self.references = references
        self.triggeringExamples = triggeringExamples
        self.nonTriggeringExamples = nonTriggeringExamples
        self.isUserDefined = isUserDefined
        self.documentationURL = documentationURL
    }

    /// The family the id belongs to, if the id is well formed.
    public var family: RuleFamily? {
        if isUserDefined { return nil }
        return RuleFamily.allCases.first { id.hasPrefix($0.rawValue) && id.count == 6 }
    }

    /// Where the rule's documentation lives (SARIF `helpUri`).
    public var helpURI: String {
        if isUserDefined { return documentationURL ?? ToolInfo.userPolicyHelpURI }
        return ToolInfo.helpURI(forRule: id)
    }
}
