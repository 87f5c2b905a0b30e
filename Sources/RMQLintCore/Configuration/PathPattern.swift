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
///   class, and a `**` component any number of components (none included);
/// - `{a,b}` alternatives (nested, and spanning `/`, as in ruff's globset and bash) are
///   expanded first, to at most ``PathPattern/maxAlternatives`` patterns; the path matches
///   when any alternative does. An unbalanced `{`, `}` or a `{…}` without a comma is malformed.
///
/// Matching is linear in practice: components are compared with the usual
/// star-backtracking matcher and `**` by dynamic programming over components.
public struct PathPattern: Hashable, Sendable, CustomStringConvertible {
    /// The pattern as written.
    public let text: String
    private let alternatives: [Alternative]

    /// One brace-free pattern: its components, and whether it is anchored.
    private struct Alternative: Hashable, Sendable {
        var components: [String]
        var anchored: Bool
    }

    /// The most `{a,b}` alternatives one pattern may expand to.
    public static let maxAlternatives = 256

    /// Compiles `text`; `nil` for an empty pattern, a malformed `[` class, unbalanced
    /// braces, or more than ``maxAlternatives`` alternatives.
    public init?(_ text: String) {
        guard let expanded = Self.expandBraces(text) else { return nil }
        var alternatives: [Alternative] = []
        for alternative in expanded {
            var body = Substring(alternative)
            while body.hasPrefix("./") { body = body.dropFirst(2) }
            if body.hasPrefix("/") { body = body.drop { $0 == "/" } }
            while body.hasSuffix("/") { body = body.dropLast() }
            let parts = body.split(separator: "/", omittingEmptySubsequences: true).map(String.init).filter { $0 != "." }
            guard !parts.isEmpty, parts.allSatisfy(Self.isWellFormed) else { return nil }
            alternatives.append(Alternative(components: parts, anchored: parts.count > 1 || alternative.hasPrefix("/")))
        }
        self.text = text
        self.alternatives = alternatives
    }

    /// `a/{b,c/d}.cfg` → `a/b.cfg`, `a/c/d.cfg`; `nil` when braces are unbalanced, a brace
    /// group has no comma, or there would be more than `limit` alternatives. Brackets of a
    /// `[…]` class are copied as they are, so `[{]` is a class, not a brace.
    public static func expandBraces(_ text: String, limit: Int = maxAlternatives) -> [String]? {
        let s = Array(text.unicodeScalars)
        func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            return String(view)
        }
        var open = 0
        while open < s.count, s[open] != "{" {
            if s[open] == "}" { return nil }
            if s[open] == "[", let close = classEnd(s, open) { open = close + 1 } else { open += 1 }
        }
        guard open < s.count else { return [text] }
        var parts: [Range<Int>] = []
        var depth = 1
        var start = open + 1
        var cursor = open + 1
        var close: Int?
        while cursor < s.count {
            if s[cursor] == "[", let end = classEnd(s, cursor) {
                cursor = end + 1
                continue
            }
            switch s[cursor] {
            case "{": depth += 1
            case "," where depth == 1:
                parts.append(start..<cursor)
                start = cursor + 1
            case "}":
                depth -= 1
                if depth == 0 {
                    parts.append(start..<cursor)
                    close = cursor
                }
            default: break
            }
            if close != nil { break }
            cursor += 1
        }
        guard let close, parts.count >= 2 else { return nil }
        let prefix = string(s[..<open])
        let suffix = string(s[(close + 1)...])
        var result: [String] = []
        for part in parts {
            guard let expanded = expandBraces(prefix + string(s[part]) + suffix, limit: limit - result.count) else {
                return nil
            }
            result += expanded
            if result.count > limit { return nil }
        }
        return result
    }

    public var description: String { text }

    /// Whether `relativePath` (slash-separated, relative to the configuration directory)
    /// is matched by an alternative, or lies below a directory one matches.
    public func matches(_ relativePath: String) -> Bool {
        let path = relativePath.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard !path.isEmpty else { return false }
        return alternatives.contains { alternative in
            let components = alternative.components
            if !alternative.anchored, components.count == 1, let only = components.first, only != "**" {
                return path.contains { Self.matchComponent(only, $0) }
            }
            // The pattern may match the whole path or any leading part of it (a directory).
            return Self.prefixMatches(components, path).contains(true)
        }
    }

    /// `result[k]` (k ≥ 1): `components` match the first k components of `path`.
    private static func prefixMatches(_ components: [String], _ path: [String]) -> [Bool] {
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
    /// Also how site policies match service, host and proxy names.
    public static func matchComponent(_ pattern: String, _ name: String) -> Bool {
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

    /// Whether a one-component glob is well formed (every `[` class closed).
    public static func isWellFormed(_ component: String) -> Bool {
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
