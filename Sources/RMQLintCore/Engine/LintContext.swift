/// What a rule sees: the deployment model. Rules never read files.
public struct LintContext: Sendable {
    /// Everything the run read.
    public var model: DeploymentModel

    /// Creates a context.
    public init(model: DeploymentModel) {
        self.model = model
    }
}
