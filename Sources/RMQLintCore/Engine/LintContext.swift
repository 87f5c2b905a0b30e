/// What a rule sees: the deployment model and the run's options.
public struct LintContext: Sendable {
    /// Creates a context.
    public init() {}
}
