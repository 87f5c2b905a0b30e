import RMQLintSource

/// Bounds that keep evaluation linear and the stack shallow on hostile input.
enum JinjaLimits {
    /// Longest expression or template source evaluated, in Unicode scalars.
    static let maxSourceLength = 65_536
    /// Deepest nesting the parser follows (parentheses, brackets, `not`, unary
    /// signs, call arguments, postfix and filter chains).
    static let maxNesting = 100
    /// Deepest evaluation recursion, across variables that refer to variables.
    static let maxEvaluationDepth = 256
    /// Longest chain of variables whose values are templates.
    static let maxVariableChain = 32
    /// Evaluation steps (nodes visited, templates and containers walked) per
    /// top-level call; Kolla's own variables need a few thousand at most.
    static let maxSteps = 50_000
    /// Longest string, in UTF-8 bytes, and longest list an evaluation builds.
    static let maxStringLength = 1 << 20
    static let maxListLength = 100_000
    /// Deepest value (lists in dicts in lists…) walked when comparing or printing.
    static let maxValueDepth = 64
}
