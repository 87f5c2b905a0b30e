import RMQLintSource
import RMQLintKnowledge
import RMQLintModel

/// A rule plugin: reads the deployment model, never files, and returns findings.
///
/// Conforming types live in `Rules/`, one per file, and are listed in the registry.
/// Keep `check` small and declarative; if it needs something the model lacks,
/// extend the model.
public protocol Rule: Sendable {
    /// Identity, documentation and examples.
    static var description: RuleDescription { get }
    /// Rules are stateless values.
    init()
    /// The findings this rule reports on `context.model`.
    func check(_ context: LintContext) -> [Finding]
    /// ``check(_:)``'s findings, in its order, handed to `sink` in consecutive parts (their
    /// concatenation is ``check(_:)``'s result), so that the caller never holds them all: at most
    /// `batch` findings a part for a ``ViolationRule``, everything in one part otherwise.
    func check(_ context: LintContext, batch: Int, into sink: (consuming [Finding]) -> Void)
    /// ``check(_:batch:into:)`` of one candidate release's model of a deployment whose release
    /// is a range, for the candidates' merge: in place of the findings of rows every candidate
    /// shares, a rule may hand over a ``CandidateBlock`` (see ``ViolationRule/forEachViolationOrBlock(in:_:)``).
    /// The parts' findings, blocks expanded, are ``check(_:batch:into:)``'s.
    func checkCandidate(_ context: LintContext, batch: Int, into sink: (consuming CandidatePart) -> Void)
    /// The facts ``checkCandidate(_:batch:into:)`` shares between the candidate release models of
    /// `deployment` (``Deployment/renderedFilesFact(_:uses:_:)``), to make ahead: each is run, on
    /// every core, in the model of its candidate before any candidate is checked, so that cores
    /// make different facts at once instead of one waiting while another makes the one it asks for.
    /// Each must make (``Deployment/prepareRenderedFilesFact(_:uses:_:)``) only what that model's
    /// check asks for, as it asks for it. `candidates` are the deployment's candidate releases.
    /// A fact not listed here is made by the first candidate that asks for it. None by default.
    func sharedFacts(of deployment: Deployment, candidates: [OpenStackRelease]) -> [SharedFact]
    /// Whether the rule is a ``SuppressionAuditRule`` (run after the others, never
    /// suppressed inline). Given by the protocols, never written by a rule: the engine asks
    /// it instead of casting, since a failing `is` cast searches every conformance of the
    /// program (a fiftieth of a pre-commit run for the 32 rules).
    static var auditsSuppressions: Bool { get }
}

extension Rule {
    /// `false`, unless the rule is a ``SuppressionAuditRule``.
    public static var auditsSuppressions: Bool { false }

    /// None: the facts are made by the first model that asks for them.
    public func sharedFacts(of deployment: Deployment, candidates: [OpenStackRelease]) -> [SharedFact] { [] }

    /// ``check(_:)``'s findings in one part.
    public func check(_ context: LintContext, batch: Int, into sink: (consuming [Finding]) -> Void) {
        sink(check(context))
    }

    /// ``check(_:batch:into:)``'s parts, as findings.
    public func checkCandidate(_ context: LintContext, batch: Int, into sink: (consuming CandidatePart) -> Void) {
        check(context, batch: batch) { sink(.findings($0)) }
    }
}

extension Rule {
    /// A finding of this rule at its default severity, or at `severity` for rules whose
    /// catalogue entry gives a severity per case (the engine applies configured overrides).
    public func finding(
        _ message: String, at location: SourceLocation, key semanticKey: String,
        service: String? = nil, host: String? = nil, related: [RelatedLocation] = [],
        severity: Severity? = nil, fixes: [Fix] = []
    ) -> Finding {
        let description = Self.description
        return Finding(
            ruleID: description.id, slug: description.slug, severity: severity ?? description.severity,
            message: message, location: location, service: service, host: host,
            related: related, semanticKey: semanticKey, fixes: fixes)
    }
}

/// A fact the candidate release models of a deployment share, made ahead (``Rule/sharedFacts(of:candidates:)``).
public struct SharedFact: Sendable {
    /// The candidate release whose model makes it.
    public var release: OpenStackRelease
    /// Makes the fact in the model of ``release`` (its only deployment).
    public var make: @Sendable (LintContext) -> Void

    /// Creates a fact to make ahead.
    public init(release: OpenStackRelease, make: @escaping @Sendable (LintContext) -> Void) {
        self.release = release
        self.make = make
    }
}
