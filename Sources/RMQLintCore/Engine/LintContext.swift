import RMQLintSource
import RMQLintModel

/// What a rule sees: the deployment model. Rules never read files.
public struct LintContext: Sendable {
    /// Everything the run read.
    public var model: DeploymentModel
    /// The inline suppression directives of the files read and what became of them.
    /// Filled only for ``SuppressionAuditRule``s, which run after every other rule;
    /// empty for the others (a suppression's fate is not known while rules still run).
    public var suppressions: [SuppressionUse]

    /// Creates a context.
    public init(model: DeploymentModel, suppressions: [SuppressionUse] = []) {
        self.model = model
        self.suppressions = suppressions
    }
}
