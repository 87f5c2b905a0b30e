import RMQLintSource
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
    /// Whether the rule is a ``SuppressionAuditRule`` (run after the others, never
    /// suppressed inline). Given by the protocols, never written by a rule: the engine asks
    /// it instead of casting, since a failing `is` cast searches every conformance of the
    /// program (a fiftieth of a pre-commit run for the 32 rules).
    static var auditsSuppressions: Bool { get }
}

extension Rule {
    /// `false`, unless the rule is a ``SuppressionAuditRule``.
    public static var auditsSuppressions: Bool { false }

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
