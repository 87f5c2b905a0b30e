import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders

/// A directive that sets an effective value of a proxy, with the section it came from.
public struct HAProxySetting: Sendable, Equatable {
    /// The line that sets the value.
    public var directive: HAProxyDirective
    /// The section holding that line: the proxy itself or a `defaults` section.
    public var section: HAProxySection
    /// The value comes from a `defaults` section rather than the proxy's own lines.
    public var isInherited: Bool

    /// Creates a setting.
    public init(directive: HAProxyDirective, section: HAProxySection, isInherited: Bool) {
        self.directive = directive
        self.section = section
        self.isInherited = isInherited
    }
}

extension HAProxySetting {
    /// Where the line that sets the value is.
    public var location: SourceLocation { directive.location }
    /// The line as written, words joined by one space (`timeout client 30s`).
    public var text: String { directive.words.joined(separator: " ") }
}

extension HAProxyProxy {
    /// The proxy's header line (`frontend rabbitmq_front`).
    public var headerLocation: SourceLocation { section.headerLocation }
    /// The header line of the `defaults` section it inherits from, if any.
    public var defaultsLocation: SourceLocation? { defaults?.headerLocation }
    /// A `frontend` section.
    public var isFrontend: Bool { kind == .frontend }
    /// A `backend` section.
    public var isBackend: Bool { kind == .backend }
    /// A `listen` section.
    public var isListen: Bool { kind == .listen }
}

/// The two sides of a proxied connection.
public enum HAProxySide: Sendable, Equatable, Hashable {
    /// Between the client and HAProxy (frontend side).
    case client
    /// Between HAProxy and the server (backend side).
    case server
}

/// A frontend, backend or listen section with what it inherits: its effective view.
public struct HAProxyProxy: Sendable {
    /// The proxy's own section.
    public var section: HAProxySection
    /// The file it was read from.
    public var path: String
    /// The `defaults` section it inherits from, if any: the one named by `from`, else
    /// the last one before it in load order. Nil when there is none, or when `from`
    /// names no earlier defaults section (reported in `HAProxyModel.diagnostics`).
    public var defaults: HAProxySection?
    /// `defaults` followed by the sections it inherits from through its own `from`,
    /// nearest first (at most `HAProxyModel.maximumDefaultsDepth`).
    public var defaultsChain: [HAProxySection]
    /// `.frontend`, `.backend` or `.listen`.
    public var kind: HAProxySection.Kind
    /// The proxy's name.
    public var name: String
    /// Listening addresses: every address of every `bind` line, then the legacy
    /// header address (`listen name 0.0.0.0:5672`).
    public var binds: [HAProxyEndpoint]
    /// `server <name> <address> …` lines, in order (`default-server` is not a server).
    public var servers: [HAProxyEndpoint]
    /// The `default_backend` target: the proxy's own last one, else the one inherited
    /// from `defaults` (frontends and listens only, as HAProxy copies it).
    public var defaultBackend: Located<String>?
    /// `use_backend <name> [if|unless <condition>]` targets, in order.
    public var useBackends: [Located<String>]

    /// Lookup tables of `section` then of each of `defaultsChain`.
    let indexes: [SectionIndex]
    let keepAlive: KeepAliveState

    /// Whether the proxy has a client side (frontend or listen).
    public var hasClientSide: Bool { kind == .frontend || kind == .listen }
    /// Whether the proxy has a server side (backend or listen).
    public var hasServerSide: Bool { kind == .backend || kind == .listen }

    /// The last `option <name>` / `no option <name>` / `default option <name>` as
    /// written, in the proxy's own section first, else along `defaultsChain`.
    /// `enabled` is false for `no` and for `default` (which resets the option to
    /// HAProxy's built-in state, off for the keep-alive options). The line is taken
    /// as written even where HAProxy ignores or rejects it (`option clitcpka` in a
    /// backend, `no option tcpka`); `tcpKeepAlive(_:)` gives HAProxy's effective view.
    public func option(_ name: String) -> (enabled: Bool, setting: HAProxySetting)? {
        guard let (directive, section, inherited) = lookup(\.lastOption, name) else { return nil }
        let setting = HAProxySetting(directive: directive, section: section, isInherited: inherited)
        return (!(directive.isNegated || directive.isDefaultPrefixed), setting)
    }

    /// The effective `timeout <name>` (`client`, `server`, `tunnel`, `connect`…): the
    /// proxy's own last one, else the nearest along `defaultsChain`.
    ///
    /// `milliseconds` is the value per `HAProxyModel.milliseconds(_:)`: nil when it is
    /// missing or HAProxy would reject it; **0 means no timeout (infinite)**, as an
    /// unset timeout does (HAP `src/proxy.c` proxy_parse_timeout stores
    /// `MS_TO_TICKS(0)`, which is `TICK_ETERNITY`, `include/haproxy/ticks.h`). Returns
    /// nil when nothing sets it — also infinite — and for a timeout of a side the
    /// proxy does not have (`timeout client` of a backend), which HAProxy ignores.
    public func timeout(_ name: String) -> (milliseconds: Int?, setting: HAProxySetting)? {
        guard HAProxyModel.isAllowed(timeout: name, in: kind),
              let (directive, section, inherited) = lookup(\.lastTimeout, name) else { return nil }
        let value = directive.arguments.count >= 2 ? HAProxyModel.milliseconds(directive.arguments[1]) : nil
        return (value, HAProxySetting(directive: directive, section: section, isInherited: inherited))
    }

    /// The last line with `keyword` (`balance`, `maxconn`, `mode`…): the proxy's own, else
    /// the nearest along `defaultsChain` (what site policies read as a `directive`).
    public func directive(_ keyword: String) -> HAProxySetting? {
        guard let (directive, section, inherited) = lookup(\.lastKeyword, keyword) else { return nil }
        return HAProxySetting(directive: directive, section: section, isInherited: inherited)
    }

    /// The effective `mode` (`tcp`, `http`…): own last one, else inherited. HAProxy's
    /// default when nothing sets it is `tcp`.
    public func mode() -> (value: String, setting: HAProxySetting)? {
        guard let (directive, section, inherited) = lookup(\.lastKeyword, "mode"),
              let value = directive.arguments.first else { return nil }
        return (value, HAProxySetting(directive: directive, section: section, isInherited: inherited))
    }

    /// Whether HAProxy enables TCP keep-alive probes on `side`, and the line that
    /// decided it (nil when nothing set it: off by default).
    ///
    /// Follows HAProxy's flags (HAP `src/cfgparse-listen.c`, `src/proxy.c` cfg_opts
    /// @50872daa): `option tcpka` enables the client side where the section has a
    /// frontend capability and the server side where it has a backend one (so in a
    /// `frontend` it only covers clients, in a `backend` only servers);
    /// `option clitcpka` / `option srvtcpka` and their `no` / `default` forms set one
    /// side, and are ignored where that side does not exist; `defaults` flags are
    /// inherited. `no option tcpka` is rejected by HAProxy and changes nothing here
    /// (`HAProxyModel.diagnostics` reports it). Returns nil for a side the proxy does
    /// not have (the server side of a frontend, the client side of a backend).
    public func tcpKeepAlive(_ side: HAProxySide) -> (enabled: Bool, setting: HAProxySetting?)? {
        switch side {
        case .client: return hasClientSide ? (keepAlive.client.enabled, keepAlive.client.setting) : nil
        case .server: return hasServerSide ? (keepAlive.server.enabled, keepAlive.server.setting) : nil
        }
    }

    /// The last directive recorded under `key` in the own section, else in the
    /// nearest defaults section that has one.
    private func lookup(
        _ table: KeyPath<SectionIndex, [String: Int]>, _ key: String
    ) -> (HAProxyDirective, HAProxySection, Bool)? {
        for (level, index) in indexes.enumerated() {
            guard let position = index[keyPath: table][key] else { continue }
            guard level == 0 || level - 1 < defaultsChain.count else { break }
            let owner = level == 0 ? section : defaultsChain[level - 1]
            guard position < owner.directives.count else { continue }
            return (owner.directives[position], owner, level > 0)
        }
        return nil
    }
}

/// Last-occurrence tables of one section, so lookups do not rescan directives.
struct SectionIndex: Sendable {
    var lastOption: [String: Int] = [:]
    var lastTimeout: [String: Int] = [:]
    var lastKeyword: [String: Int] = [:]

    init(_ section: HAProxySection) {
        for (position, directive) in section.directives.enumerated() {
            lastKeyword[directive.keyword] = position
            guard let first = directive.arguments.first else { continue }
            if directive.keyword == "option" { lastOption[first] = position }
            if directive.keyword == "timeout" { lastTimeout[first] = position }
        }
    }
}

/// The keep-alive flags of a proxy or defaults section, with their deciding lines.
struct KeepAliveState: Sendable {
    struct Flag: Sendable {
        var enabled = false
        var setting: HAProxySetting?
    }

    var client = Flag()
    var server = Flag()

    /// Applies `section`'s keep-alive options in order, as HAProxy's parser does.
    mutating func apply(_ section: HAProxySection, inherited: Bool) {
        let clientSide = section.kind == .defaults || section.kind == .frontend || section.kind == .listen
        let serverSide = section.kind == .defaults || section.kind == .backend || section.kind == .listen
        for directive in section.directives where directive.keyword == "option" {
            guard let name = directive.arguments.first else { continue }
            let modified = directive.isNegated || directive.isDefaultPrefixed
            let setting = { HAProxySetting(directive: directive, section: section, isInherited: inherited) }
            switch name {
            case "tcpka" where !modified:
                if clientSide { client = Flag(enabled: true, setting: setting()) }
                if serverSide { server = Flag(enabled: true, setting: setting()) }
            case "clitcpka" where clientSide:
                client = Flag(enabled: !modified, setting: setting())
            case "srvtcpka" where serverSide:
                server = Flag(enabled: !modified, setting: setting())
            default:
                break
            }
        }
    }
}

/// The effective HAProxy configuration: every proxy of every file, in load order,
/// with what it inherits from `defaults` sections.
public struct HAProxyModel: Sendable {
    /// Frontends, backends and listens in load order. Proxies whose header has no
    /// name are left out (the loader reports them).
    public var proxies: [HAProxyProxy]
    /// Every `defaults` section in load order.
    public var defaultsSections: [HAProxySection]
    /// Configurations HAProxy refuses to start with, found across sections and files:
    /// a `from` naming no earlier defaults section, an ambiguous or replaced named
    /// defaults, two proxies of the same name and side, `no` / `default` before an
    /// option that does not accept it (`no option tcpka`), defaults chains deeper
    /// than `maximumDefaultsDepth`.
    public var diagnostics: [LoadDiagnostic]

    /// Inheritance through `defaults … from …` is followed this many levels at most.
    public static let maximumDefaultsDepth = 64

    /// Creates an empty model.
    public init() {
        proxies = []
        defaultsSections = []
        diagnostics = []
    }

    /// Builds the model from configurations in HAProxy's load order.
    ///
    /// Order matters: Kolla starts HAProxy with `-f /etc/haproxy/haproxy.cfg` then one
    /// `-f` per file of `services.d/` (KA `master:ansible/roles/loadbalancer/templates/haproxy/haproxy_run.sh.j2`),
    /// and the last `defaults` section of `haproxy.cfg` applies to the proxies of the
    /// later files. Per HAP `doc/configuration.txt` §4 "Proxies" and
    /// `src/cfgparse-listen.c` @50872daa: a proxy inherits from the closest preceding
    /// `defaults` section (named or not) unless `from <name>` designates one; a
    /// `defaults` section starts from HAProxy's built-in settings (it does not merge
    /// with the previous one) unless it too has `from <name>`; `from` only finds a
    /// named `defaults` declared earlier.
    public static func build(_ configs: [HAProxyConfig]) -> HAProxyModel {
        var builder = HAProxyModelAssembler()
        for config in configs {
            for section in config.sections {
                builder.add(section, path: config.path)
            }
        }
        var model = HAProxyModel()
        model.proxies = builder.proxies
        model.defaultsSections = builder.defaults.map(\.section)
        model.diagnostics = builder.diagnostics.sorted { $0.location < $1.location }
        return model
    }

    /// The proxy of exactly this kind and name (the first one in load order).
    public func proxy(named name: String, kind: HAProxySection.Kind) -> HAProxyProxy? {
        proxies.first { $0.kind == kind && $0.name == name }
    }

    /// The proxy a `use_backend` / `default_backend` name designates: a backend or a
    /// listen (both have a server side), first in load order.
    public func backendProxy(named name: String) -> HAProxyProxy? {
        proxies.first { $0.hasServerSide && $0.name == name }
    }

    /// The backends `frontend` switches to (`default_backend` first, then each
    /// `use_backend` in order), without duplicates, skipping names that designate no
    /// backend or listen (such as dynamic `%[…]` names). A listen with servers also
    /// serves its own connections; that is not repeated here.
    public func backends(of frontend: HAProxyProxy) -> [HAProxyProxy] {
        guard frontend.hasClientSide else { return [] }
        var names: [String] = []
        if let fallback = frontend.defaultBackend { names.append(fallback.value) }
        names += frontend.useBackends.map(\.value)
        var seen: Set<SourceLocation> = []
        var result: [HAProxyProxy] = []
        for name in names {
            guard let target = backendProxy(named: name),
                  seen.insert(target.section.headerLocation).inserted else { continue }
            result.append(target)
        }
        return result
    }

    /// The frontends and listens whose `default_backend` or `use_backend` reach `backend`.
    public func frontends(using backend: HAProxyProxy) -> [HAProxyProxy] {
        proxies.filter { candidate in
            backends(of: candidate).contains { $0.section.headerLocation == backend.section.headerLocation }
        }
    }

    /// Whether HAProxy accepts `option <option>` in a section of `kind` (HAP
    /// configuration.txt §4.1). Options outside the matrix are assumed allowed in
    /// proxy and defaults sections; nothing is allowed in `global` or other sections.
    public static func isAllowed(option: String, in kind: HAProxySection.Kind) -> Bool {
        guard let row = HAProxyKeywords.options[option] else { return kind == .defaults || kind.isProxy }
        return row.allows(kind)
    }

    /// Whether HAProxy applies `timeout <timeout>` in a section of `kind`; false for
    /// timeout names HAProxy does not know.
    public static func isAllowed(timeout: String, in kind: HAProxySection.Kind) -> Bool {
        HAProxyKeywords.timeouts[timeout]?.allows(kind) ?? false
    }

    /// Whether HAProxy accepts `keyword` (`bind`, `server`, `use_backend`,
    /// `default_backend`, `clitcpka-idle`, `srvtcpka-cnt`, `mode`, `balance`…) in a
    /// section of `kind`; nil for keywords outside rmqlint's table.
    public static func isAllowed(keyword: String, in kind: HAProxySection.Kind) -> Bool? {
        HAProxyKeywords.keywords[keyword]?.allows(kind)
    }

    /// Whether `no option <option>` / `default option <option>` is accepted (marked
    /// "(*)" in HAP configuration.txt §4.1); nil for options outside the matrix.
    public static func isNegatable(option: String) -> Bool? {
        HAProxyKeywords.options[option]?.negatable
    }

    /// Converts an HAProxy time value (HAP configuration.txt §2.5 "Time format") to
    /// milliseconds: an unsigned integer with an optional unit `us`, `ms`, `s`, `m`,
    /// `h` or `d`; no unit means milliseconds; microseconds round up to the next
    /// millisecond (HAP `src/tools.c` parse_time_err). Returns nil when HAProxy
    /// rejects the value: no leading digit, a sign, a decimal point, an unknown unit,
    /// or a result of 2^31 ms (~24.8 days) or more. Characters after a valid unit
    /// (`10sec`) are accepted, as HAProxy does (only warning since 2.4, HAP c20ad0d8d).
    /// 0 is returned as 0: for timeouts it means "no timeout".
    public static func milliseconds(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        var index = 0
        var value: UInt64 = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            let digit = UInt64(bytes[index] - UInt8(ascii: "0"))
            // Past 2^31 * 1000 (the largest value that can still fit once divided by
            // 1000 for `us`) the answer is an overflow whatever follows; stop growing.
            if value < 1 << 42 { value = value * 10 + digit }
            index += 1
        }
        guard index > 0 else { return nil }
        let unit = index < bytes.count ? bytes[index] : nil
        let next = index + 1 < bytes.count ? bytes[index + 1] : nil
        let result: UInt64
        switch unit {
        case nil:
            result = value
        case UInt8(ascii: "u")?:
            guard next == UInt8(ascii: "s") else { return nil }
            result = (value + 999) / 1000
        case UInt8(ascii: "m")? where next == UInt8(ascii: "s"):
            result = value
        case UInt8(ascii: "s")?, UInt8(ascii: "m")?, UInt8(ascii: "h")?, UInt8(ascii: "d")?:
            let multiplier: UInt64
            switch unit {
            case UInt8(ascii: "s")?: multiplier = 1000
            case UInt8(ascii: "m")?: multiplier = 60_000
            case UInt8(ascii: "h")?: multiplier = 3_600_000
            default: multiplier = 86_400_000
            }
            let (product, overflow) = value.multipliedReportingOverflow(by: multiplier)
            guard !overflow else { return nil }
            result = product
        default:
            return nil
        }
        guard result < 1 << 31 else { return nil }
        return Int(result)
    }
}

/// Walks sections in load order, tracking the `defaults` each proxy inherits.
private struct HAProxyModelAssembler {
    struct Defaults {
        var section: HAProxySection
        var chain: [HAProxySection]
        var indexes: [SectionIndex]
        var keepAlive: KeepAliveState
    }

    var defaults: [Defaults] = []
    var lastDefaults: Int?
    var defaultsByName: [String: [Int]] = [:]
    var referencedDefaults: Set<String> = []
    var proxies: [HAProxyProxy] = []
    var proxiesByName: [String: [Int]] = [:]
    var diagnostics: [LoadDiagnostic] = []

    mutating func add(_ section: HAProxySection, path: String) {
        switch section.kind {
        case .defaults: addDefaults(section)
        case .frontend, .backend, .listen: addProxy(section, path: path)
        case .global, .other: break
        }
    }

    private mutating func addDefaults(_ section: HAProxySection) {
        checkModifiers(section)
        if let name = section.name, referencedDefaults.contains(name), defaultsByName[name] != nil {
            diagnostics.append(LoadDiagnostic(
                "defaults section '\(name)' is declared again after a 'from \(name)' used the first one; HAProxy refuses to replace an explicitly referenced defaults section",
                at: section.header.argumentLocation(0)))
        }
        var parent: Int?
        if let target = section.fromDefaults {
            parent = resolve(target, for: section)
        }
        var chain: [HAProxySection] = []
        var indexes: [SectionIndex] = []
        var keepAlive = KeepAliveState()
        if let parentIndex = parent {
            let inherited = defaults[parentIndex]
            if inherited.chain.count >= HAProxyModel.maximumDefaultsDepth {
                diagnostics.append(LoadDiagnostic(
                    "defaults sections inherit through 'from' more than \(HAProxyModel.maximumDefaultsDepth) levels deep; rmqlint stops following the chain here",
                    at: section.fromDefaultsLocation ?? section.headerLocation))
            } else {
                chain = inherited.chain
                indexes = inherited.indexes
                keepAlive = inherited.keepAlive
            }
        }
        keepAlive.apply(section, inherited: true)
        chain.insert(section, at: 0)
        indexes.insert(SectionIndex(section), at: 0)
        defaults.append(Defaults(section: section, chain: chain, indexes: indexes, keepAlive: keepAlive))
        lastDefaults = defaults.count - 1
        if let name = section.name { defaultsByName[name, default: []].append(defaults.count - 1) }
    }

    private mutating func addProxy(_ section: HAProxySection, path: String) {
        checkModifiers(section)
        guard let name = section.name else { return }
        let inheritedIndex = section.fromDefaults.map { resolve($0, for: section) } ?? lastDefaults
        let inherited = inheritedIndex.map { defaults[$0] }
        checkDuplicate(section, name: name)

        var keepAlive = inherited?.keepAlive ?? KeepAliveState()
        keepAlive.apply(section, inherited: false)
        let ownIndex = SectionIndex(section)
        let clientSide = section.kind == .frontend || section.kind == .listen

        var binds: [HAProxyEndpoint] = []
        var servers: [HAProxyEndpoint] = []
        var defaultBackend: Located<String>?
        var useBackends: [Located<String>] = []
        for directive in section.directives {
            switch directive.keyword {
            case "bind":
                if let list = directive.arguments.first {
                    binds += HAProxyEndpoint.addresses(list, at: directive.argumentLocation(0))
                }
            case "server":
                if directive.arguments.count >= 2 {
                    servers.append(HAProxyEndpoint(
                        parsing: directive.arguments[1], at: directive.argumentLocation(1),
                        name: directive.arguments[0]))
                }
            case "default_backend":
                if let target = directive.arguments.first {
                    defaultBackend = Located(target, at: directive.argumentLocation(0))
                }
            case "use_backend":
                if let target = directive.arguments.first {
                    useBackends.append(Located(target, at: directive.argumentLocation(0)))
                }
            default:
                break
            }
        }
        if let legacy = section.legacyAddress, let location = section.legacyAddressLocation {
            binds += HAProxyEndpoint.addresses(legacy, at: location)
        }
        if defaultBackend == nil, clientSide, let inherited {
            // HAProxy copies the defaults' default_backend into proxies with a
            // frontend side (HAP src/proxy.c, proxy_defproxy_cpy @50872daa).
            for (owner, index) in zip(inherited.chain, inherited.indexes) {
                if let position = index.lastKeyword["default_backend"], position < owner.directives.count,
                   let target = owner.directives[position].arguments.first {
                    defaultBackend = Located(target, at: owner.directives[position].argumentLocation(0))
                    break
                }
            }
        }

        let proxy = HAProxyProxy(
            section: section, path: path, defaults: inherited?.section,
            defaultsChain: inherited?.chain ?? [], kind: section.kind, name: name,
            binds: binds, servers: servers, defaultBackend: defaultBackend, useBackends: useBackends,
            indexes: [ownIndex] + (inherited?.indexes ?? []), keepAlive: keepAlive)
        proxiesByName[name, default: []].append(proxies.count)
        proxies.append(proxy)
    }

    /// Finds the named defaults section `from <name>` designates: the latest one
    /// declared before `section`.
    private mutating func resolve(_ name: String, for section: HAProxySection) -> Int? {
        let location = section.fromDefaultsLocation ?? section.headerLocation
        guard let candidates = defaultsByName[name], let chosen = candidates.last else {
            diagnostics.append(LoadDiagnostic(
                "defaults section '\(name)' not found; 'from' must name a defaults section declared earlier in load order",
                at: location))
            return nil
        }
        if candidates.count > 1 {
            let other = defaults[candidates[candidates.count - 2]].section.headerLocation
            diagnostics.append(LoadDiagnostic(
                "defaults section name '\(name)' is ambiguous: declared at \(other) and at \(defaults[chosen].section.headerLocation); HAProxy rejects the reference",
                at: location))
        }
        referencedDefaults.insert(name)
        return chosen
    }

    /// Two proxies sharing a name and a side (two frontends, two backends, a listen
    /// and either) make HAProxy refuse to start.
    private mutating func checkDuplicate(_ section: HAProxySection, name: String) {
        for earlier in proxiesByName[name] ?? [] {
            let other = proxies[earlier]
            let sameClientSide = other.hasClientSide && (section.kind == .frontend || section.kind == .listen)
            let sameServerSide = other.hasServerSide && (section.kind == .backend || section.kind == .listen)
            if sameClientSide || sameServerSide {
                diagnostics.append(LoadDiagnostic(
                    "\(section.kind) '\(name)' has the same name as the \(other.kind) declared at \(other.section.headerLocation); HAProxy refuses to start",
                    at: section.header.argumentLocation(0)))
                return
            }
        }
    }

    /// `no option x` / `default option x` for an option that accepts no modifier.
    private mutating func checkModifiers(_ section: HAProxySection) {
        for directive in section.directives
        where directive.keyword == "option" && (directive.isNegated || directive.isDefaultPrefixed) {
            guard let name = directive.arguments.first, HAProxyModel.isNegatable(option: name) == false else { continue }
            let hint = name == "tcpka" ? "; use 'no option clitcpka' and 'no option srvtcpka' instead" : ""
            diagnostics.append(LoadDiagnostic(
                "HAProxy rejects '\(directive.words[0]) option \(name)': this option does not accept the '\(directive.words[0])' modifier\(hint)",
                at: directive.location))
        }
    }
}

extension HAProxyEndpoint {
    /// Splits a comma-separated address list (commas inside `{…}` — Jinja
    /// expressions, `${VAR}` — do not split), locating each element exactly when the
    /// word was written without quotes or escapes.
    static func addresses(_ list: String, at location: SourceLocation) -> [HAProxyEndpoint] {
        // No comma (one address, what nearly every line holds): the whole word is the one
        // element, as `splittingAddresses` would give it, without copying it scalar by scalar.
        guard list.utf8.contains(UInt8(ascii: ",")) else {
            guard !list.isEmpty else { return [] }
            let count = list.unicodeScalars.count
            let element = isVerbatim(location, count)
                ? SourceLocation(path: location.path, line: location.range.start.line, column: location.range.start.column, length: count)
                : location
            return [HAProxyEndpoint(parsing: list, at: element)]
        }
        return splittingAddresses(list, at: location)
    }

    /// ``addresses(_:at:)`` for any list, split scalar by scalar.
    static func splittingAddresses(_ list: String, at location: SourceLocation) -> [HAProxyEndpoint] {
        let range = location.range
        let scalars = Array(list.unicodeScalars)
        let verbatim = isVerbatim(location, scalars.count)
        var result: [HAProxyEndpoint] = []
        var depth = 0
        var start = 0
        func emit(_ end: Int) {
            guard end > start else { return }
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: scalars[start..<end])
            let pieceLocation = verbatim
                ? SourceLocation(path: location.path, line: range.start.line, column: range.start.column + start, length: end - start)
                : location
            result.append(HAProxyEndpoint(parsing: String(piece), at: pieceLocation))
        }
        for (offset, scalar) in scalars.enumerated() {
            switch scalar {
            case "{": depth += 1
            case "}": depth = max(0, depth - 1)
            case "," where depth == 0:
                emit(offset)
                start = offset + 1
            default: break
            }
        }
        emit(scalars.count)
        return result
    }

    /// Whether a word of `count` scalars at `location` was written verbatim: unquoting only
    /// ever shortens a word, so same length means no quotes or escapes.
    private static func isVerbatim(_ location: SourceLocation, _ count: Int) -> Bool {
        let range = location.range
        return range.start.line == range.end.line && range.end.column - range.start.column == count
    }
}
