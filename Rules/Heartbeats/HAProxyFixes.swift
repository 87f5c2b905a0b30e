import RMQLintEngine
import RMQLintModel
import RMQLintSource

// Edits of HAProxy sections shared by the proxy rules' fixes (RMQ202, RMQ203): a new
// directive goes right under the section header, where the section's own later lines still
// come after it (and win), and no `{% if %}` block around a later line encloses it.

/// Where a fix adds a directive to an HAProxy section: after its header line, indented like
/// the section's first directive.
struct DirectiveInsertion: Sendable, Hashable {
    var path: String
    var line: Int
    var indentLike: Int?

    /// The edit adding `text` (`option srvtcpka`).
    func edit(_ text: String) -> FixEdit {
        .insertLineAfter(path: path, line: line, text: text, indentLike: indentLike)
    }
}

extension HAProxyProxy {
    /// Where a fix adds a directive; nil for a section of Kolla's own template (not a file
    /// of the tree).
    var directiveInsertion: DirectiveInsertion? {
        guard !headerLocation.isKollaTemplate else { return nil }
        return DirectiveInsertion(path: headerLocation.path, line: headerLocation.range.end.line, indentLike: firstDirectiveLine)
    }
}

extension String {
    /// The text with its first letter in lower case: a fix's description ("Add …") inside a
    /// sentence of a message.
    var lowercasingFirst: String { prefix(1).lowercased() + dropFirst() }

    /// The text with its first letter in upper case: a description built from clauses.
    var uppercasingFirst: String { prefix(1).uppercased() + dropFirst() }
}
