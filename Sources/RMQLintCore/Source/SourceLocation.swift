/// A position in a text file: 1-based line and 1-based column.
///
/// Columns count Unicode scalars (SARIF `columnKind: unicodeCodePoints`), so a
/// multibyte character before a value does not shift the reported column.
public struct SourcePosition: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// 1-based line number.
    public var line: Int
    /// 1-based column, in Unicode scalars.
    public var column: Int

    /// Creates a position; both numbers are 1-based.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The first character of a file.
    public static let start = SourcePosition(line: 1, column: 1)

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// A span of text: `start` is the first character, `end` the position just after the last
/// (exclusive, as SARIF's `endColumn`). An empty range has `start == end`.
public struct SourceRange: Hashable, Comparable, Sendable {
    /// First character of the span.
    public var start: SourcePosition
    /// Position just after the last character of the span.
    public var end: SourcePosition

    /// Creates a range; `end` defaults to `start` (an empty range, a caret).
    public init(start: SourcePosition, end: SourcePosition? = nil) {
        self.start = start
        self.end = end ?? start
    }

    /// A range on one line from `column` spanning `length` scalars.
    public init(line: Int, column: Int, length: Int = 0) {
        self.start = SourcePosition(line: line, column: column)
        self.end = SourcePosition(line: line, column: column + max(0, length))
    }

    public static func < (lhs: SourceRange, rhs: SourceRange) -> Bool {
        (lhs.start, lhs.end) < (rhs.start, rhs.end)
    }
}

/// A range inside a named file. `path` is the display path (relative to the
/// working directory when the file lies below it), never read again from disk.
public struct SourceLocation: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The file's display path.
    public var path: String
    /// The span inside the file.
    public var range: SourceRange

    /// Creates a location in `path`.
    public init(path: String, range: SourceRange) {
        self.path = path
        self.range = range
    }

    /// A location at `line:column` in `path` with an optional length.
    public init(path: String, line: Int, column: Int, length: Int = 0) {
        self.init(path: path, range: SourceRange(line: line, column: column, length: length))
    }

    /// A location at the start of a file, for problems with the file as a whole.
    public static func wholeFile(_ path: String) -> SourceLocation {
        SourceLocation(path: path, range: SourceRange(start: .start))
    }

    /// First line of the span.
    public var line: Int { range.start.line }
    /// First column of the span.
    public var column: Int { range.start.column }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.path, lhs.range) < (rhs.path, rhs.range)
    }

    public var description: String { "\(path):\(range.start.line):\(range.start.column)" }
}

/// A value together with where it was written.
public struct Located<Value: Sendable>: Sendable {
    /// The value as written (after unquoting, where the format quotes).
    public var value: Value
    /// Where the value was written.
    public var location: SourceLocation

    /// Pairs a value with its location.
    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
