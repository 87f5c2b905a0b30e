/// A problem that stopped a file (or part of it) from being read: reported as RMQ001.
///
/// Loaders never throw and never crash on user input; they return what they could
/// read together with these diagnostics.
public struct LoadDiagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, in one sentence, never quoting secret values.
    public var message: String
    /// Where it went wrong (file:line:col; line 1 column 1 for whole-file problems).
    public var location: SourceLocation

    /// Creates a diagnostic at `location`.
    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }

    public var description: String { "\(location): \(message)" }
}
