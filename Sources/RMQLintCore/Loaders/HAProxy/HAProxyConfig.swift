import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge

/// One configuration line of an HAProxy file, cut into words the way HAProxy cuts it.
///
/// Words are unquoted and unescaped (HAP `doc/configuration.txt` §2.2 "Quoting and
/// escaping"); environment references such as `${VIP}` and Jinja expressions
/// `{{ … }}` are kept verbatim, since rmqlint never expands them.
public struct HAProxyDirective: Sendable, Equatable {
    /// The words after unquoting and unescaping, e.g. `["no", "option", "tcpka"]`.
    public var words: [String]
    /// The directive's text on its line: from the first word to the end of the last
    /// word (closing quote included, trailing comment excluded).
    public var location: SourceLocation
    /// Where each word was written, quotes included; parallel to `words`.
    public var wordLocations: [SourceLocation]
    /// The line starts with the `no` modifier (`no option tcpka`).
    public var isNegated: Bool
    /// The line starts with the `default` modifier, which resets an option to
    /// HAProxy's built-in setting regardless of any `defaults` section.
    public var isDefaultPrefixed: Bool
    /// The first word after an optional `no` / `default` modifier: `option`,
    /// `timeout`, `bind`… Empty when the modifier stands alone.
    public var keyword: String
    /// The words after `keyword`.
    public var arguments: [String]

    /// Builds a directive from its words; the modifier, keyword and arguments are
    /// derived from `words`. `wordLocations` must be parallel to `words`.
    public init(words: [String], location: SourceLocation, wordLocations: [SourceLocation]) {
        self.words = words
        self.location = location
        self.wordLocations = wordLocations
        let first = words.first ?? ""
        isNegated = first == "no"
        isDefaultPrefixed = first == "default"
        let keywordIndex = (isNegated || isDefaultPrefixed) ? 1 : 0
        keyword = keywordIndex < words.count ? words[keywordIndex] : ""
        arguments = keywordIndex + 1 < words.count ? Array(words[(keywordIndex + 1)...]) : []
    }

    /// Where the argument at `index` (0 = first word after the keyword) was written,
    /// or the whole directive when there is no such argument.
    public func argumentLocation(_ index: Int) -> SourceLocation {
        let wordIndex = (isNegated || isDefaultPrefixed ? 2 : 1) + index
        guard index >= 0, wordIndex < wordLocations.count else { return location }
        return wordLocations[wordIndex]
    }

    /// Where the keyword was written (after any modifier), or the whole directive.
    public var keywordLocation: SourceLocation {
        let wordIndex = isNegated || isDefaultPrefixed ? 1 : 0
        return wordIndex < wordLocations.count ? wordLocations[wordIndex] : location
    }
}

/// A section of an HAProxy file: its header line and the directives under it.
public struct HAProxySection: Sendable, Equatable {
    /// The section keyword.
    public enum Kind: Sendable, Equatable, Hashable, CustomStringConvertible {
        /// `global`: process-wide settings.
        case global
        /// `defaults [<name>] [from <defaults>]`: settings inherited by later proxies.
        case defaults
        /// `frontend <name>`: listening side of a proxy.
        case frontend
        /// `backend <name>`: server side of a proxy.
        case backend
        /// `listen <name>`: frontend and backend in one section.
        case listen
        /// Any other section keyword HAProxy knows: `peers`, `resolvers`, `userlist`,
        /// `program`, `cache`, `http-errors`, `ring`, `mailers`, `log-forward`…
        case other(String)

        /// The keyword as written in the file.
        public var description: String {
            switch self {
            case .global: return "global"
            case .defaults: return "defaults"
            case .frontend: return "frontend"
            case .backend: return "backend"
            case .listen: return "listen"
            case .other(let keyword): return keyword
            }
        }

        /// A proxy section (frontend, backend or listen), as opposed to `defaults`,
        /// `global` and the auxiliary sections.
        public var isProxy: Bool {
            switch self {
            case .frontend, .backend, .listen: return true
            default: return false
            }
        }
    }

    /// The section keyword.
    public var kind: Kind
    /// The section's name, if one was written (`frontend rabbitmq_front` → `rabbitmq_front`).
    public var name: String?
    /// The header line's text (same as `header.location`).
    public var headerLocation: SourceLocation
    /// The header line as a directive, for the locations of its name and arguments.
    public var header: HAProxyDirective
    /// The named `defaults` section designated by `… from <name>` on the header.
    public var fromDefaults: String?
    /// The listening address of the pre-1.6 form `listen <name> <address>` (also
    /// `frontend <name> <address>`), which counts as a `bind`. HAProxy ≥ 1.6 rejects
    /// this form ("please use the 'bind' keyword", HAP 6e62fb640, v1.6-dev2), but old
    /// configurations such as Fuel's and early Kolla's used it.
    public var legacyAddress: String?
    /// The directives of the section, in file order.
    public var directives: [HAProxyDirective]

    /// Creates a section.
    public init(
        kind: Kind, name: String?, header: HAProxyDirective, fromDefaults: String? = nil,
        legacyAddress: String? = nil, directives: [HAProxyDirective] = []
    ) {
        self.kind = kind
        self.name = name
        self.header = header
        self.headerLocation = header.location
        self.fromDefaults = fromDefaults
        self.legacyAddress = legacyAddress
        self.directives = directives
    }

    /// Where the `from` target name was written, when the header has one.
    public var fromDefaultsLocation: SourceLocation? {
        guard fromDefaults != nil, let index = header.words.lastIndex(of: "from"),
              index + 1 < header.wordLocations.count else { return nil }
        return header.wordLocations[index + 1]
    }

    /// Where the legacy listening address was written, when the header has one.
    public var legacyAddressLocation: SourceLocation? {
        guard legacyAddress != nil, header.wordLocations.count > 2 else { return nil }
        return header.wordLocations[2]
    }
}

/// One parsed HAProxy file.
public struct HAProxyConfig: Sendable, Equatable {
    /// The file's display path.
    public var path: String
    /// The sections in file order. Directives that precede every section are not
    /// kept (HAProxy rejects them; the loader reports each one).
    public var sections: [HAProxySection]
    /// Every `#` comment outside quotes, from the `#` to the end of the line
    /// (for inline suppressions such as `# rmqlint: disable=RMQ201 -- reason`).
    public var comments: [Located<String>]
    /// Jinja statements and comments (`{% … %}`, `{# … #}`) found in the file, as
    /// written. They are skipped: the directives of every branch of a
    /// `{% if %}` are kept, since rmqlint does not evaluate template conditions.
    public var jinjaTags: [Located<String>]
    /// HAProxy's own conditional-block and message directives (`.if`, `.elif`,
    /// `.else`, `.endif`, `.notice`…; HAP configuration.txt §2.4). They are not
    /// evaluated: the directives of every branch are kept.
    public var conditionals: [HAProxyDirective]

    /// Creates a parsed file.
    public init(
        path: String, sections: [HAProxySection], comments: [Located<String>] = [],
        jinjaTags: [Located<String>] = [], conditionals: [HAProxyDirective] = []
    ) {
        self.path = path
        self.sections = sections
        self.comments = comments
        self.jinjaTags = jinjaTags
        self.conditionals = conditionals
    }
}
