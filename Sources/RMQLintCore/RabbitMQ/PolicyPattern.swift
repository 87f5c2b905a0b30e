import RMQLintSource
import RMQLintJinja

// RabbitMQ policy patterns: how a policy's `pattern` selects queue and exchange names.
//
// RabbitMQ matches a policy against an entity with
//     match =:= re:run(Name, pget(pattern, Policy), [{capture, none}])
// [RS v3.11.0 / v3.12.0 / v3.13.7 / v4.0.9 / v4.1.0 / v4.2.0:deps/rabbit/src/rabbit_policy.erl
// `matches/2,3`; RS v3.8.35:deps/rabbit/src/rabbit_policy.erl L465]. That is Erlang's `re`
// (PCRE: 8.x up to OTP 27, PCRE2 from OTP 28) compiled with no options and run with no anchoring
// option: an unanchored *search* over the name's bytes (both the pattern and the name are
// binaries, and without the `unicode` option `re` works on bytes: `.` is one byte, `\w` is
// `[A-Za-z0-9_]`). RabbitMQ main after v4.3 routes this through `rabbit_re:run/2`, which adds
// `{match_limit, 50000}` and turns PCRE errors into `{error, _}`, i.e. "no match"
// [RS main(5b09e556):deps/rabbit_common/src/rabbit_re.erl, f964a14c]; every released `re:run/3`
// without `report_errors` also answers `nomatch` when PCRE's own match limit (10,000,000) is hit.
// Patterns are validated with `re:compile/1` when a policy is set or imported
// [RS v3.13.7 / v4.2.0:deps/rabbit/src/rabbit_parameter_validation.erl `regex/2`], so an invalid
// pattern means the policy (and a definitions.json carrying it) is rejected.
//
// This file is the public face; PolicyPatternParser.swift parses the supported PCRE subset and
// PolicyPatternMatcher.swift runs it with a step budget. Anything outside the subset is
// reported as unsupported, so rules answer "unknown" instead of guessing.

/// A compiled RabbitMQ policy pattern (the PCRE subset real policies use).
///
/// Compile each distinct pattern once with ``compile(_:)``, then call ``matches(_:stepBudget:)``
/// per name. Matching works on the name's UTF-8 bytes, as Erlang's `re` does without the
/// `unicode` option. A match that needs more than the step budget answers `.unknown`, so a
/// hostile pattern such as `(a*)*b` can never hang a run.
public struct PolicyPattern: Hashable, Sendable, CustomStringConvertible {
    /// The pattern text as RabbitMQ receives it (JSON escapes already decoded).
    public let source: String
    /// The compiled program.
    let program: PatternProgram

    /// The default number of matcher steps per name before the answer is `.unknown`.
    ///
    /// Every released RabbitMQ lets PCRE run up to 10,000,000 internal match calls (Erlang
    /// `re`'s default `match_limit`); a pattern this matcher can settle within 100,000 steps is
    /// far from that limit, so the answer is the broker's answer.
    public static let defaultStepBudget = 100_000
    /// Patterns longer than this many UTF-8 bytes are reported as unsupported.
    public static let maxPatternBytes = 4096
    /// Groups and look-arounds nested deeper than this are reported as unsupported.
    public static let maxNestingDepth = 32
    /// The largest program (after expanding `{n,m}` repetitions) compiled; bigger is unsupported.
    public static let maxProgramSize = 20_000

    init(source: String, program: PatternProgram) {
        self.source = source
        self.program = program
    }

    /// Compiles a policy pattern.
    ///
    /// - Returns: `.compiled` for a pattern in the supported subset, `.invalid` for a pattern
    ///   PCRE itself rejects (RabbitMQ refuses the policy), `.unsupported` for valid-looking
    ///   syntax outside the subset (back-references, `\Q…\E`, possessive or atomic groups,
    ///   named groups, inline flags, Unicode properties, variable-length look-behind…).
    public static func compile(_ pattern: String) -> PolicyPatternCompileResult {
        PatternCompiler.compile(pattern)
    }

    /// Whether RabbitMQ's `re:run(Name, Pattern, [{capture, none}])` finds a match in `name`.
    ///
    /// - Parameter stepBudget: matcher steps allowed for this name (all start positions and
    ///   look-arounds together); beyond it the answer is `.unknown(.stepBudgetExceeded)`.
    public func matches(_ name: String, stepBudget: Int = PolicyPattern.defaultStepBudget) -> PolicyPatternMatch {
        evaluate(name, stepBudget: stepBudget).result
    }

    /// Like ``matches(_:stepBudget:)``, also reporting how many steps the matcher used.
    public func evaluate(_ name: String, stepBudget: Int = PolicyPattern.defaultStepBudget) -> PolicyPatternEvaluation {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(name.utf8.count)
        bytes.append(contentsOf: name.utf8)
        return evaluate(utf8: bytes, stepBudget: stepBudget)
    }

    /// Matches raw name bytes (RabbitMQ names are binaries, normally UTF-8).
    public func evaluate(utf8 name: [UInt8], stepBudget: Int = PolicyPattern.defaultStepBudget) -> PolicyPatternEvaluation {
        var machine = PatternMachine(program: program, subject: name, budget: max(0, stepBudget))
        let found = machine.search()
        switch found {
        case .some(true): return PolicyPatternEvaluation(result: .matches, steps: machine.steps)
        case .some(false): return PolicyPatternEvaluation(result: .doesNotMatch, steps: machine.steps)
        case .none:
            return PolicyPatternEvaluation(result: .unknown(.stepBudgetExceeded(budget: max(0, stepBudget))),
                                           steps: machine.steps)
        }
    }

    /// The pattern text.
    public var description: String { source }

    /// Patterns are equal when their text is.
    public static func == (lhs: PolicyPattern, rhs: PolicyPattern) -> Bool { lhs.source == rhs.source }

    /// Hashes the pattern text.
    public func hash(into hasher: inout Hasher) { hasher.combine(source) }
}

/// The outcome of compiling a policy pattern.
public enum PolicyPatternCompileResult: Hashable, Sendable {
    /// In the supported subset; ready to match.
    case compiled(PolicyPattern)
    /// PCRE rejects the pattern, so RabbitMQ rejects the policy (`re:compile/1` error).
    case invalid(PolicyPatternError)
    /// Outside the subset this matcher implements; match results are unknown.
    case unsupported(PolicyPatternUnsupported)

    /// The compiled pattern, if any.
    public var pattern: PolicyPattern? {
        if case .compiled(let pattern) = self { return pattern }
        return nil
    }

    /// Matches `name`, answering `.unknown` for invalid or unsupported patterns.
    public func matches(_ name: String, stepBudget: Int = PolicyPattern.defaultStepBudget) -> PolicyPatternMatch {
        switch self {
        case .compiled(let pattern): pattern.matches(name, stepBudget: stepBudget)
        case .invalid(let error): .unknown(.invalidPattern(error))
        case .unsupported(let feature): .unknown(.unsupportedPattern(feature))
        }
    }
}

/// A pattern PCRE would reject, with where in the pattern the problem is.
public struct PolicyPatternError: Hashable, Sendable, Error, CustomStringConvertible {
    /// What is wrong (`missing closing parenthesis`).
    public let message: String
    /// The 0-based position in the pattern, in Unicode scalars (add it to the column where the
    /// pattern text starts when no escapes precede it).
    public let offset: Int
    /// The 0-based position in the pattern's UTF-8 bytes.
    public let utf8Offset: Int

    /// Creates an error.
    public init(message: String, offset: Int, utf8Offset: Int) {
        self.message = message
        self.offset = offset
        self.utf8Offset = utf8Offset
    }

    /// `message at offset N`.
    public var description: String { "\(message) at offset \(offset)" }
}

/// A construct outside the supported PCRE subset, with where it starts in the pattern.
public struct PolicyPatternUnsupported: Hashable, Sendable, CustomStringConvertible {
    /// The construct (`back-reference \1`, `possessive quantifier`, `inline flags (?i)`).
    public let feature: String
    /// The 0-based position in the pattern, in Unicode scalars.
    public let offset: Int
    /// The 0-based position in the pattern's UTF-8 bytes.
    public let utf8Offset: Int

    /// Creates a value.
    public init(feature: String, offset: Int, utf8Offset: Int) {
        self.feature = feature
        self.offset = offset
        self.utf8Offset = utf8Offset
    }

    /// `feature at offset N`.
    public var description: String { "\(feature) at offset \(offset)" }
}

/// Whether a policy pattern matches a name.
public enum PolicyPatternMatch: Hashable, Sendable {
    /// `re:run` finds a match: the policy's pattern selects the name.
    case matches
    /// No match: the policy does not apply to the name.
    case doesNotMatch
    /// rmqlint cannot tell; rules must not guess.
    case unknown(PolicyPatternUnknownReason)

    /// `true` for `.matches`, `false` for `.doesNotMatch`, `nil` when unknown.
    public var isMatch: Bool? {
        switch self {
        case .matches: true
        case .doesNotMatch: false
        case .unknown: nil
        }
    }
}

/// Why a match result is unknown.
public enum PolicyPatternUnknownReason: Hashable, Sendable {
    /// The matcher needed more steps than allowed (a catastrophic pattern, or a huge name).
    case stepBudgetExceeded(budget: Int)
    /// The pattern uses syntax outside the supported subset.
    case unsupportedPattern(PolicyPatternUnsupported)
    /// The pattern is not valid PCRE (RabbitMQ would have rejected the policy).
    case invalidPattern(PolicyPatternError)
}

/// A match result with the number of matcher steps it took.
public struct PolicyPatternEvaluation: Hashable, Sendable {
    /// The result.
    public let result: PolicyPatternMatch
    /// Steps used; never more than the budget.
    public let steps: Int
}
