import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders
import RMQLintModel
import RMQLintEngine

/// A glob from `.rmqlint.yml` (`exclude`, `per_file_ignores`), matched against paths
/// relative to the configuration file's directory, the way ruff matches its `exclude`:
///
/// - a pattern without `/` matches any single path component: `*.j2` matches every
///   `.j2` file, `legacy` every file below a directory named `legacy`;
/// - a pattern with `/` is anchored at the configuration file's directory (a leading `/`
///   or `./` is ignored) and matches the path or any directory above it, so
///   `etc/kolla/config/legacy` covers everything under that directory;
/// - `*` matches within one component, `?` one character, `[abc]` / `[a-z]` / `[!a]` a
///   class, and a `**` component any number of components (none included).
///
/// Matching is linear in practice: components are compared with the usual
/// star-backtracking matcher and `**` by dynamic programming over components.
public struct PathPattern: Hashable, Sendable, CustomStringConvertible {
    /// The pattern as written.
    public let text: String
    private let components: [String]
    private let anchored: Bool

    /// Compiles `text`; `nil` for an empty pattern or a malformed `[` class.
    public init?(_ text: String) {
        var body = Substring(text)
        while body.hasPrefix("./") { body = body.dropFirst(2) }
        if body.hasPrefix("/") { body = body.drop { $0 == "/" } }
        while body.hasSuffix("/") { body = body.dropLast() }
        let parts = body.split(separator: "/", omittingEmptySubsequences: true).map(String.init).filter { $0 != "." }
        guard !parts.isEmpty, parts.allSatisfy(Self.isWellFormed) else { return nil }
        self.text = text
        self.components = parts
        self.anchored = parts.count > 1 || text.hasPrefix("/")
    }

    public var description: String { text }

    /// Whether `relativePath` (slash-separated, relative to the configuration directory)
    /// is matched, or lies below a matched directory.
    public func matches(_ relativePath: String) -> Bool {
        let path = relativePath.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard !path.isEmpty else { return false }
        if !anchored, components.count == 1, let only = components.first, only != "**" {
            return path.contains { Self.matchComponent(only, $0) }
        }
        // The pattern may match the whole path or any leading part of it (a directory).
        let table = prefixMatches(path)
        return table.contains(true)
    }

    /// `result[k]` (k ≥ 1): the pattern matches the first k components of `path`.
    private func prefixMatches(_ path: [String]) -> [Bool] {
        let p = components.count
        let n = path.count
        // reachable[i][k]: the first i pattern components match the first k path components.
        var reachable = Array(repeating: Array(repeating: false, count: n + 1), count: p + 1)
        reachable[0][0] = true
        for i in 1...p {
            let component = components[i - 1]
            for k in 0...n {
                if component == "**" {
                    // Zero components, or one more component after a match of i components.
                    reachable[i][k] = reachable[i - 1][k] || (k > 0 && reachable[i][k - 1])
                } else if k > 0 {
                    reachable[i][k] = reachable[i - 1][k - 1] && Self.matchComponent(component, path[k - 1])
                }
            }
        }
        var result = reachable[p]
        result[0] = false
        return result
    }

    /// Glob match of one component (`*`, `?`, `[…]`), linear with star backtracking.
    static func matchComponent(_ pattern: String, _ name: String) -> Bool {
        let p = Array(pattern.unicodeScalars)
        let s = Array(name.unicodeScalars)
        var pi = 0
        var si = 0
        var starP = -1
        var starS = 0
        while si < s.count {
            if pi < p.count, p[pi] == "*" {
                starP = pi
                starS = si
                pi += 1
                continue
            }
            if pi < p.count {
                let (matched, next) = matchOne(p, pi, s[si])
                if matched {
                    pi = next
                    si += 1
                    continue
                }
            }
            guard starP >= 0 else { return false }
            pi = starP + 1
            starS += 1
            si = starS
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }

    /// Whether the pattern element at `index` matches `scalar`, and where the next element starts.
    private static func matchOne(_ p: [Unicode.Scalar], _ index: Int, _ scalar: Unicode.Scalar) -> (Bool, Int) {
        switch p[index] {
        case "?":
            return (true, index + 1)
        case "[":
            guard let close = classEnd(p, index) else { return (p[index] == scalar, index + 1) }
            var cursor = index + 1
            var negated = false
            if cursor < close, p[cursor] == "!" || p[cursor] == "^" {
                negated = true
                cursor += 1
            }
            var found = false
            while cursor < close {
                if cursor + 2 < close, p[cursor + 1] == "-" {
                    if p[cursor] <= scalar && scalar <= p[cursor + 2] { found = true }
                    cursor += 3
                } else {
                    if p[cursor] == scalar { found = true }
                    cursor += 1
                }
            }
            return (found != negated, close + 1)
        default:
            return (p[index] == scalar, index + 1)
        }
    }

    /// The index of the `]` closing the class opened at `open` (a `]` right after `[` or
    /// `[!` is a member), or `nil`.
    private static func classEnd(_ p: [Unicode.Scalar], _ open: Int) -> Int? {
        var cursor = open + 1
        if cursor < p.count, p[cursor] == "!" || p[cursor] == "^" { cursor += 1 }
        if cursor < p.count, p[cursor] == "]" { cursor += 1 }
        while cursor < p.count {
            if p[cursor] == "]" { return cursor }
            cursor += 1
        }
        return nil
    }

    private static func isWellFormed(_ component: String) -> Bool {
        let scalars = Array(component.unicodeScalars)
        var index = 0
        while index < scalars.count {
            if scalars[index] == "[" {
                guard let close = classEnd(scalars, index) else { return false }
                index = close + 1
            } else {
                index += 1
            }
        }
        return true
    }
}

/// Globs relative to one directory (the configuration file's), applied to absolute paths.
public struct PathPatternSet: Sendable {
    /// The directory the patterns are relative to (absolute).
    public var directory: String
    /// The patterns.
    public var patterns: [PathPattern]

    /// Creates a set.
    public init(directory: String, patterns: [PathPattern]) {
        self.directory = directory
        self.patterns = patterns
    }

    /// Whether an absolute path is matched by any pattern. Paths outside the directory
    /// are never matched.
    public func matches(absolutePath path: String) -> Bool {
        guard !patterns.isEmpty, let relative = PathUtilities.relative(path, to: directory), !relative.isEmpty else {
            return false
        }
        return patterns.contains { $0.matches(relative) }
    }
}
