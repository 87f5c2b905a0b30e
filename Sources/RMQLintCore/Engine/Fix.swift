import RMQLintSource

/// Whether a fix may be applied without a person's judgement (ruff's "applicability").
public enum FixApplicability: String, Hashable, Sendable, Comparable {
    /// Behaviour-preserving except for the problem itself: `rmqlint --fix` applies it.
    case safe
    /// A judgement call (a value chosen, a behaviour changed): only with `--unsafe-fixes`.
    case unsafe

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs == .safe && rhs == .unsafe }
}

/// One structured change to the tree. Paths are display paths, as in ``SourceLocation``.
///
/// Rules build all but `createFile`; the pipeline resolves `insertLine`, `insertLineAfter` and `deleteLines`
/// against the file text into `replace` / `createFile` before it reports or applies
/// them, so reporters and the applier only see concrete edits.
public enum FixEdit: Hashable, Sendable {
    /// Replace the text of `location.range` (columns in Unicode scalars, end exclusive)
    /// with `text`. An empty range inserts.
    case replace(SourceLocation, with: String)
    /// Delete whole lines `lines` of `path`, line breaks included.
    case deleteLines(path: String, lines: ClosedRange<Int>)
    /// Insert `line` as `key = value` into INI section `[section]` of `path`: after the
    /// section's last non-blank line, or in a new section at the end, or in a new file at
    /// `path` (the override path Kolla reads) when there is none.
    case insertLine(path: String, section: String, line: String)
    /// Insert `text` as a new line after line `line` of `path` (a line-oriented file such as
    /// HAProxy's), indented with the leading blanks of line `indentLike`, or four spaces when
    /// nil.
    case insertLineAfter(path: String, line: Int, text: String, indentLike: Int?)
    /// Rename (move) the file at `from` to `to`.
    case rename(from: String, to: String)
    /// Create `path` with `text` (resolved from `insertLine` into a missing file).
    case createFile(path: String, text: String)

    /// The same edit with every path passed through `transform` (display-path normalisation).
    public func mapPaths(_ transform: (String) -> String) -> FixEdit {
        switch self {
        case .replace(let location, let text):
            return .replace(SourceLocation(path: transform(location.path), range: location.range), with: text)
        case .deleteLines(let path, let lines): return .deleteLines(path: transform(path), lines: lines)
        case .insertLine(let path, let section, let line): return .insertLine(path: transform(path), section: section, line: line)
        case .insertLineAfter(let path, let line, let text, let indentLike):
            return .insertLineAfter(path: transform(path), line: line, text: text, indentLike: indentLike)
        case .rename(let from, let to): return .rename(from: transform(from), to: transform(to))
        case .createFile(let path, let text): return .createFile(path: transform(path), text: text)
        }
    }

    /// The file the edit changes (for a rename, the file it moves).
    public var path: String {
        switch self {
        case .replace(let location, _): location.path
        case .deleteLines(let path, _), .insertLine(let path, _, _), .createFile(let path, _),
             .insertLineAfter(let path, _, _, _): path
        case .rename(let from, _): from
        }
    }
}

/// A suggested change that clears one finding: a one-line description (the advice the
/// finding's message gives), whether it is safe, and the edits.
public struct Fix: Hashable, Sendable {
    /// What the fix does, as an imperative sentence without a final period
    /// ("Write `option clitcpka` instead of `option tcpka`").
    public var description: String
    /// Safe fixes are applied by `--fix`, unsafe ones only with `--unsafe-fixes`.
    public var applicability: FixApplicability
    /// The edits, applied together or not at all.
    public var edits: [FixEdit]

    /// Creates a fix.
    public init(_ description: String, _ applicability: FixApplicability, edits: [FixEdit]) {
        self.description = description
        self.applicability = applicability
        self.edits = edits
    }
}

extension Fix {
    /// The same fix, marked unsafe (for a fix that holds only under an assumption the tree
    /// does not decide, such as one of several candidate releases).
    public var unsafe: Fix {
        var copy = self
        copy.applicability = .unsafe
        return copy
    }
}
