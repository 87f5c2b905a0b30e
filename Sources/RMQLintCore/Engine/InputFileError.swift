import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders
import RMQLintModel
import RMQLintEngine

/// A file rmqlint itself needs (`.rmqlint.yml`, a baseline) that it cannot use: rmqlint
/// stops with exit status 2 and prints one line, compiler style:
/// `path:line:col: error: message`, or `path: error: message` when no line applies.
public struct InputFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong (naming the key, for a configuration).
    public var message: String
    /// Where, when a line applies.
    public var location: SourceLocation?
    /// The file's display path, used when no line applies.
    public var path: String

    /// Creates an error.
    public init(_ message: String, at location: SourceLocation?, path: String) {
        self.message = message
        self.location = location
        self.path = path
    }

    /// One line, compiler style.
    public var description: String {
        if let location { return "\(location): error: \(message)" }
        return "\(path): error: \(message)"
    }
}
