import RMQLintSource
import RMQLintModel

/// What a rule found, as facts: where, what, which values. The message, the related
/// locations and the fingerprint's semantic key are derived from these facts in one place
/// (the conforming type), so wording can change without touching identity.
///
/// ```swift
/// struct Found: Violation {
///     var host: String?                                   // facts…
///     var location: SourceLocation
///     var semanticKey: String { "host:\(host ?? "")" }     // identity: facts only
///     var message: String { "…'\(host ?? "")'…" }          // wording
/// }
/// ```
///
/// `semanticKey` is part of every finding's fingerprint (rule + path + key), which users'
/// baselines store: build it from the facts, never from a message or a display label, and
/// never change its format without migrating baselines (see docs/adding-a-rule.md).
public protocol Violation: Sendable {
    /// The line to change (or that selects the default at fault).
    var location: SourceLocation { get }
    /// Line-independent identity of what is wrong, e.g. `[oslo_messaging_rabbit]heartbeat_in_pthread@config/nova.conf`.
    var semanticKey: String { get }
    /// What is wrong, the effective value and where it came from, and what to change.
    var message: String { get }
    /// The other layers or places involved (default: none).
    var related: [RelatedLocation] { get }
    /// The Kolla service concerned, when there is one (default: none).
    var service: String? { get }
    /// The inventory host concerned, when there is one (default: none).
    var host: String? { get }
    /// A severity for this case, for rules whose catalogue entry gives one per case
    /// (default: the rule's).
    var severity: Severity? { get }
    /// Structured edits that clear this finding (default: none). Derive the message's
    /// advice from them (e.g. from `fix.description`) so the two cannot disagree.
    var fixes: [Fix] { get }
}

extension Violation {
    public var related: [RelatedLocation] { [] }
    public var service: String? { nil }
    public var host: String? { nil }
    public var severity: Severity? { nil }
    public var fixes: [Fix] { [] }
}

/// A rule that reports typed violations: its description, examples, a short
/// ``violations(in:)`` and the message functions of its `Violation` type.
/// ``Rule/check(_:)`` is derived.
public protocol ViolationRule: Rule {
    /// The facts of one finding of this rule.
    associatedtype Found: Violation
    /// What the rule finds on `context.model`.
    func violations(in context: LintContext) -> [Found]
    /// ``violations(in:)``, handed to `body` one at a time in the same order (default: over
    /// ``violations(in:)``). A rule that finds many (one per file of a fleet) implements this
    /// instead, without holding them all, and derives ``violations(in:)`` from it with
    /// ``collectedViolations(in:)``.
    func forEachViolation(in context: LintContext, _ body: (Found) -> Void)
    /// ``forEachViolation(in:_:)`` of a candidate release's model, where the rule may hand over a
    /// ``CandidateBlock`` in place of the violations whose findings it stands for, in their place
    /// (default: ``forEachViolation(in:_:)``). Only the candidates' merge asks for it
    /// (``Rule/checkCandidate(_:batch:into:)``). What the rule must guarantee: expanded
    /// (``CandidateBlock/findings``), the blocks give exactly the findings ``forEachViolation(in:_:)``
    /// gives there; and no finding a block reports has the identity (``Finding/hasSameIdentity(as:)``)
    /// of another finding the same model reports, in a block or not.
    func forEachViolationOrBlock(in context: LintContext, _ body: (CandidateViolation<Found>) -> Void)
}

/// A violation, or a block of findings of rows every candidate release shares.
public enum CandidateViolation<Found: Violation> {
    case violation(Found)
    case block(CandidateBlock)
}

extension ViolationRule {
    /// ``violations(in:)``, one at a time.
    public func forEachViolation(in context: LintContext, _ body: (Found) -> Void) {
        for found in violations(in: context) { body(found) }
    }

    /// ``forEachViolation(in:_:)``'s violations, without blocks.
    public func forEachViolationOrBlock(in context: LintContext, _ body: (CandidateViolation<Found>) -> Void) {
        forEachViolation(in: context) { body(.violation($0)) }
    }

    /// Every violation ``forEachViolation(in:_:)`` hands out, in order: ``violations(in:)`` of a
    /// rule that implements ``forEachViolation(in:_:)``.
    public func collectedViolations(in context: LintContext) -> [Found] {
        var all: [Found] = []
        forEachViolation(in: context) { all.append($0) }
        return all
    }

    /// The findings of ``violations(in:)``.
    public func check(_ context: LintContext) -> [Finding] {
        // The description read once, not once per finding (it is a large value: every example).
        let description = Self.description
        return violations(in: context).map { Self.finding($0, description: description) }
    }

    /// The findings of ``forEachViolation(in:_:)``, made as the violations come and handed on
    /// `batch` at a time: neither a rule's violations nor its messages are ever held all at once.
    /// The same findings as ``check(_:)``, which a `ViolationRule` therefore never implements itself
    /// (ViolationStreamTests compares the two for every rule).
    public func check(_ context: LintContext, batch: Int, into sink: (consuming [Finding]) -> Void) {
        let description = Self.description
        let size = max(1, batch)
        var part: [Finding] = []
        forEachViolation(in: context) { found in
            part.append(Self.finding(found, description: description))
            guard part.count >= size else { return }
            var full: [Finding] = []
            swap(&full, &part)
            sink(consume full)
        }
        if !part.isEmpty { sink(consume part) }
    }

    /// ``check(_:batch:into:)`` over ``forEachViolationOrBlock(in:_:)``: findings `batch` at a
    /// time, and each block in its place.
    public func checkCandidate(_ context: LintContext, batch: Int, into sink: (consuming CandidatePart) -> Void) {
        let description = Self.description
        let size = max(1, batch)
        var part: [Finding] = []
        func flush() {
            var full: [Finding] = []
            swap(&full, &part)
            sink(.findings(full))
        }
        forEachViolationOrBlock(in: context) { item in
            switch item {
            case .violation(let found):
                part.append(Self.finding(found, description: description))
                if part.count >= size { flush() }
            case .block(let block):
                if !part.isEmpty { flush() }
                sink(.block(block))
            }
        }
        if !part.isEmpty { flush() }
    }
}

extension Rule {
    /// The finding that reports `violation` for this rule.
    public func finding(_ violation: some Violation) -> Finding {
        Self.finding(violation, description: Self.description)
    }

    /// The finding that reports `violation` for a rule of `description`.
    static func finding(_ violation: some Violation, description: RuleDescription) -> Finding {
        Finding(
            ruleID: description.id, slug: description.slug, severity: violation.severity ?? description.severity,
            message: violation.message, location: violation.location, service: violation.service, host: violation.host,
            related: violation.related, semanticKey: violation.semanticKey, fixes: violation.fixes)
    }
}
