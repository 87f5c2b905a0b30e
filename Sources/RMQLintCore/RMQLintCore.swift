// The umbrella: the CLI and the tests import `RMQLintCore` and see every layer.
// Rules never import it (their target does not depend on it); they import
// RMQLintModel and RMQLintEngine.
@_exported import RMQLintSource
@_exported import RMQLintJinja
@_exported import RMQLintKnowledge
@_exported import RMQLintLoaders
@_exported import RMQLintModel
@_exported import RMQLintEngine
