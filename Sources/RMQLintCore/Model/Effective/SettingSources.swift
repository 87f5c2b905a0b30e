import Synchronization
import RMQLintSource
import RMQLintKnowledge

// Where an effective oslo value comes from, grouped the way findings report it: one source
// per written line, or for a value no file writes, per line that selects Kolla's template
// or the default. The oslo heartbeat rules (RMQ204–RMQ207) report one finding per source.

/// One effective oslo setting in one effective config.
public struct SettingReach {
    /// The config (a Kolla service on every host or one host, or a rendered file).
    public var config: EffectiveServiceConfig
    /// The effective `[section] key` of that config.
    public var setting: EffectiveSetting

    /// Pairs a config with its effective setting.
    public init(config: EffectiveServiceConfig, setting: EffectiveSetting) {
        self.config = config
        self.setting = setting
    }

    /// The release's catalogue entry of the config's service, if known.
    public var service: KollaService? { config.kollaService }

    /// The name used in messages: the service, else the rendered file's name.
    public var serviceLabel: String {
        if let service = config.service { return service }
        if case .rendered(let path) = config.origin { return PathUtilities.basename(path) }
        return config.project ?? "service"
    }
}

/// The configs that share one source of an effective value.
public struct SettingSource {
    /// How the value gets into the configs.
    public enum Kind: Hashable {
        /// Written at `location` in a file of the tree (override or rendered file).
        case written
        /// Rendered by Kolla's template for the release; `location` selects it.
        case kollaTemplate
        /// A default (oslo.messaging or Kolla variable); `location` selects it or is the
        /// rendered file that leaves it unset.
        case defaultValue
    }

    /// How the value gets into the configs.
    public var kind: Kind
    /// Where a finding points: the written line, else the selecting line.
    public var location: SourceLocation
    /// Whether `location` merely stands in for a value no line selects (the release was
    /// assumed or given outside the tree): the first line of `globals.yml`.
    public var isFallbackLocation: Bool
    /// The effective setting as the first config has it (same provenance in all).
    public var setting: EffectiveSetting
    /// Every config the source is in force for, in model order.
    public var reaches: [SettingReach]
}

extension SettingSource {
    /// The distinct services of the reaches (service field of a finding when there is one).
    public static func singleService(_ reaches: [SettingReach]) -> String? {
        // One reach (a rendered file's own line): its service, without the sets.
        if reaches.count == 1 { return reaches[0].config.service }
        let names = Set(reaches.map(\.serviceLabel))
        guard names.count == 1 else { return nil }
        return reaches.first?.config.service
    }

    /// The one host all reaches are specific to, if any.
    public static func singleHost(_ reaches: [SettingReach]) -> String? {
        if reaches.count == 1 {
            guard let host = reaches[0].config.host, !host.isEmpty else { return nil }
            return host
        }
        let hosts = Set(reaches.map { $0.config.host ?? "" })
        guard hosts.count == 1, let host = hosts.first, !host.isEmpty else { return nil }
        return host
    }
}

extension Deployment {
    /// The sources of the effective `[section] key` over a deployment's configs. Written
    /// values group by their line. Template and default values group by the line that
    /// selects them, and additionally by service when `splitTemplates` / `splitDefaults`
    /// (when their fix is per service); a rendered file's unset option is its own source,
    /// at its first line.
    public func settingSources(
        section: String, key: String, splitTemplates: Bool, splitDefaults: Bool
    ) -> [SettingSource] {
        settingSources(
            section: section, key: key, splitTemplates: splitTemplates, splitDefaults: splitDefaults, keeping: nil,
            shortcut: true)
    }

    /// Whether the deployment's effective configs are its rendered and loose files' alone, one
    /// per file (no Kolla service is modelled), with distinct paths, every own line in its own
    /// file and no name holding the index key's separator. Each config's setting of an option
    /// its file sets is then that line, in every candidate release's model: a file's sources are
    /// its own lines (written, reaching its config alone) and, for the options it leaves unset,
    /// oslo.messaging's defaults; only the defaults, and whether the release's oslo.messaging
    /// has an option, depend on the release.
    public var configsAreOwnRenderedFiles: Bool {
        guard let index = effective.renderedIndex else { return false }
        return index.files.count == effective.configs.count && index.distinct && index.ownLinesInOwnFiles && index.plainKeys
    }

    /// `make()`, made once for every model that shares this deployment's rendered files (its
    /// candidate releases' models) when ``configsAreOwnRenderedFiles``, else made every time.
    /// `make` must read only what does not depend on the release there: the root and the
    /// written sources (``SettingSource/Kind/written``) of the files' options (their lines,
    /// values and conditions), with their configs' services, hosts and paths; and must not ask
    /// for the same fact. `key` names what is made (the root is added to it); a value of another
    /// type under the same key is made again, not taken. `uses`, when given, is how many times
    /// the models will ask for it (their count, for a fact each candidate release asks for once):
    /// it is let go after the last (and made again if asked for after all).
    public func renderedFilesFact<Value: Sendable>(_ key: String, uses: Int? = nil, _ make: () -> Value) -> Value {
        guard configsAreOwnRenderedFiles, let index = effective.renderedIndex else { return make() }
        var name = root
        name += "\u{0}"
        name += key
        return index.facts.value(name, uses: uses, make)
    }

    /// Makes ``renderedFilesFact(_:uses:_:)``'s value ahead, without taking it: when the fact is
    /// shared and was never made, `make()` makes it for the models that will ask for it (its
    /// `uses` takes, as counted there); otherwise nothing is made. For work run before the
    /// candidate models are checked (``Rule/sharedFacts(of:candidates:)``), so that cores make
    /// different facts at once instead of one waiting while another makes the fact it asks for.
    /// `key`, `uses` and `make` must be those the model passes to ``renderedFilesFact(_:uses:_:)``.
    public func prepareRenderedFilesFact<Value: Sendable>(_ key: String, uses: Int? = nil, _ make: () -> Value) {
        guard configsAreOwnRenderedFiles, let index = effective.renderedIndex else { return }
        var name = root
        name += "\u{0}"
        name += key
        index.facts.prepare(name, uses: uses, make)
    }

    /// The sources of ``settingSources(section:key:splitTemplates:splitDefaults:)`` that
    /// reach at least one config `keep` accepts, whole and in the same order: what
    /// `settingSources(…).filter { $0.reaches.contains(where: keep) }` gives. On a fleet of
    /// collected files, where every config is its own source and a rule wants a few, the
    /// others are dropped before they are made.
    public func settingSources(
        section: String, key: String, splitTemplates: Bool, splitDefaults: Bool,
        keeping keep: (SettingReach) -> Bool
    ) -> [SettingSource] {
        withoutActuallyEscaping(keep) { keep in
            settingSources(
                section: section, key: key, splitTemplates: splitTemplates, splitDefaults: splitDefaults, keeping: keep,
                shortcut: true)
        }
    }

    /// The sources of ``settingSources(section:key:splitTemplates:splitDefaults:)`` that reach
    /// a config whose setting's value `value` accepts, whose catalogue entry `service` accepts,
    /// and that `keep` accepts: what `keeping: { value($0.setting.value) && service($0.service)
    /// && keep($0) }` gives. On a fleet of collected files, the rendered files of a service
    /// that set the option to one value (or leave it to the release's defaults) are one group,
    /// found once per deployment: a group whose value or service is refused is passed over
    /// unread in every candidate release's model.
    public func settingSources(
        section: String, key: String, splitTemplates: Bool, splitDefaults: Bool,
        value: (String?) -> Bool, service: (KollaService?) -> Bool, keeping keep: (SettingReach) -> Bool
    ) -> [SettingSource] {
        withoutActuallyEscaping(value) { value in
            withoutActuallyEscaping(service) { service in
                withoutActuallyEscaping(keep) { keep in
                    settingSources(
                        section: section, key: key, splitTemplates: splitTemplates, splitDefaults: splitDefaults,
                        keeping: keep, value: value, service: service, shortcut: true)
                }
            }
        }
    }

    /// All of the above. `shortcut: false` groups every config through the identity table
    /// (the reference the shortcuts are tested against).
    func settingSources(
        section: String, key: String, splitTemplates: Bool, splitDefaults: Bool,
        keeping keep: ((SettingReach) -> Bool)?, value: ((String?) -> Bool)? = nil,
        service: ((KollaService?) -> Bool)? = nil, shortcut: Bool = true
    ) -> [SettingSource] {
        var keep = keep
        if value != nil || service != nil {
            let only = keep
            keep = { reach in
                (value?(reach.setting.value) ?? true) && (service?(reach.service) ?? true) && (only?(reach) ?? true)
            }
        }
        let configs = effective.configs
        // The rendered configs end `configs`, one per file. When their paths are distinct, the
        // identity of each (its own line, or its file leaving the option unset) is its alone:
        // it is a new source, without the identity table (hashing its path), and one `keep`
        // rejects is not made at all. Checked as it goes; anything else takes the table.
        var renderedStart = configs.count
        var renderedPaths: Set<String> = []
        if shortcut, let index = effective.renderedIndex, index.distinct, index.files.count <= configs.count {
            renderedStart = configs.count - index.files.count
            renderedPaths = index.paths
        }
        let lookup = EffectiveServiceConfig.lookupKey(section: section, key: key)
        // The rendered configs that may be kept, when the value and service tests narrow them
        // (`nil`: every one is read).
        let chosen = renderedStart < configs.count
            ? chosenRendered(lookup, value: value, service: service, start: renderedStart) : nil
        var sources: [SettingSource] = []
        // On a fleet of collected files nearly every config is its own source (its own line,
        // or the file leaving the option unset): room for all at once, no regrowing.
        var table: [SourceIdentity: Int] = [:]
        if renderedStart == configs.count { table.reserveCapacity(configs.count) }
        for position in configs[..<renderedStart].indices {
            let config = configs[position]
            guard let setting = config.setting(lookupKey: lookup) else { continue }
            guard let placed = place(
                setting, config: config, splitTemplates: splitTemplates, splitDefaults: splitDefaults)
            else { continue }
            // A line of a rendered file reaching another config: not the rendered file's alone.
            if case .written(let anchor, _, _) = placed.id, renderedPaths.contains(anchor) {
                return slowSources(section: section, key: key, splitTemplates: splitTemplates, splitDefaults: splitDefaults, keep)
            }
            let reach = SettingReach(config: config, setting: setting)
            // One hash per config: the identity's position, inserted as the next one if new.
            let next = sources.count
            let slot = Self.slot(&table[placed.id, default: next])
            if slot < next {
                sources[slot].reaches.append(reach)
            } else {
                sources.append(SettingSource(
                    kind: placed.kind, location: placed.location, isFallbackLocation: placed.isFallback,
                    setting: setting, reaches: [reach]))
            }
        }
        // The table's sources (rendered ones are kept or dropped as they come).
        if let keep { sources = sources.filter { $0.reaches.contains(where: keep) } }
        /// Adds a rendered config's own source; `false` when its identity is not its own.
        func addRendered(_ position: Int) -> Bool {
            let config = configs[position]
            guard let setting = config.setting(lookupKey: lookup) else { return true }
            guard case .rendered(let path) = config.origin else { return false }
            let reach = SettingReach(config: config, setting: setting)
            if let keep, !keep(reach) { return true }
            guard let placed = place(
                setting, config: config, splitTemplates: splitTemplates, splitDefaults: splitDefaults)
            else { return true }
            // Only the file's own lines (or the file itself) identify it.
            switch placed.id {
            case .written(let anchor, _, _): guard anchor == path else { return false }
            case .rendered: break
            case .selected: return false
            }
            sources.append(SettingSource(
                kind: placed.kind, location: placed.location, isFallbackLocation: placed.isFallback,
                setting: setting, reaches: [reach]))
            return true
        }
        if let chosen {
            for position in chosen where !addRendered(renderedStart + position) {
                return slowSources(section: section, key: key, splitTemplates: splitTemplates, splitDefaults: splitDefaults, keep)
            }
        } else {
            for position in renderedStart..<configs.count where !addRendered(position) {
                return slowSources(section: section, key: key, splitTemplates: splitTemplates, splitDefaults: splitDefaults, keep)
            }
        }
        return sources
    }

    /// The rendered files (positions after `start`, ascending) whose config may hold a value
    /// `value` accepts under a catalogue entry `service` accepts: the groups of the index
    /// (one service, one own value or none) whose value and service pass, a group's service
    /// being that of its first config (its files name the same service, whose entry the model
    /// looks up once). A file leaving the option unset holds one of the model's defaults for it.
    /// `nil` (read every one) without both tests or when the index does not tell.
    func chosenRendered(
        _ lookup: EffectiveServiceConfig.SettingLookupKey, value: ((String?) -> Bool)?,
        service: ((KollaService?) -> Bool)?, start: Int
    ) -> [Int]? {
        guard let value, let service, let index = effective.renderedIndex, index.plainKeys, index.ownLinesInOwnFiles,
              let defaults = effective.defaultValues else { return nil }
        let defaultPasses = (defaults[lookup] ?? []).contains(where: value)
        var chosen: [Int] = []
        var taken = 0
        guard let groups = index.valueGroups(lookup) else { return nil }
        for group in groups {
            if let own = group.value {
                guard value(own) else { continue }
            } else {
                guard defaultPasses else { continue }
            }
            guard let first = group.positions.first, service(effective.configs[start + first].kollaService) else { continue }
            chosen += group.positions
            taken += 1
        }
        // Groups are disjoint and each ascending: one group needs no sort.
        if taken > 1 { chosen.sort() }
        return chosen
    }

    private func slowSources(
        section: String, key: String, splitTemplates: Bool, splitDefaults: Bool, _ keep: ((SettingReach) -> Bool)?
    ) -> [SettingSource] {
        settingSources(
            section: section, key: key, splitTemplates: splitTemplates, splitDefaults: splitDefaults, keeping: keep,
            shortcut: false)
    }

    /// The value in a dictionary slot (read through `inout`, so the slot is found once).
    private static func slot(_ value: inout Int) -> Int { value }

    /// What sources group by: the written line; the rendered file leaving the option unset;
    /// or the kind with the line that selects the value (and the service when split). A
    /// location counts by path, line and column (as it is displayed), not by its length.
    private enum SourceIdentity: Hashable {
        case written(path: String, line: Int, column: Int)
        case rendered(path: String)
        case selected(kind: SettingSource.Kind, path: String, line: Int, column: Int, service: String?)
    }

    /// Where a setting's source is, and the identity it groups under.
    private func place(
        _ setting: EffectiveSetting, config: EffectiveServiceConfig,
        splitTemplates: Bool, splitDefaults: Bool
    ) -> (id: SourceIdentity, kind: SettingSource.Kind, location: SourceLocation, isFallback: Bool)? {
        // The provenance is read in place (one config of a fleet after another), not copied.
        let anchor = setting.anchor
        if setting.isWrittenInTree, let anchor {
            return (.written(path: anchor.path, line: anchor.line, column: anchor.column), .written, anchor, false)
        }
        let kind: SettingSource.Kind = setting.isKollaTemplate ? .kollaTemplate : .defaultValue
        let split = kind == .kollaTemplate ? splitTemplates : splitDefaults
        let service = split ? (config.service ?? config.project ?? "") : nil
        if case .rendered(let path) = config.origin {
            // A rendered file that leaves the option unset: the file is the place to fix.
            let location = SourceLocation(path: path, line: 1, column: 1)
            return (.rendered(path: path), kind, location, false)
        }
        if let anchor {
            return (.selected(kind: kind, path: anchor.path, line: anchor.line, column: anchor.column, service: service),
                    kind, anchor, false)
        }
        guard let fallback = sourceFallbackLocation else { return nil }
        return (.selected(kind: kind, path: fallback.path, line: fallback.line, column: fallback.column, service: service),
                kind, fallback, true)
    }

    /// Where a finding about a value no line selects points: the first line of the
    /// deployment's `globals.yml` (the file that should name the release).
    public var sourceFallbackLocation: SourceLocation? {
        if let globals = mainGlobalsFile { return SourceLocation(path: globals, line: 1, column: 1) }
        return fileRoles.first.map { SourceLocation(path: $0.path, line: 1, column: 1) }
    }

    /// The override directory as the tree names it: `config`, or OSISM's `files/overlays`.
    public var overridePrefix: String {
        if let directory = configDirectory,
           let relative = PathUtilities.relative(directory, to: root), !relative.isEmpty {
            return relative
        }
        return kind == .osism ? "files/overlays" : "config"
    }

    /// A service's own override file (`config/nova/nova-api.conf`): the last layer of its
    /// override chain that is not per host [KA `ansible/roles/<project>/tasks/config.yml`
    /// merge_configs sources, via `KollaKnowledge.overrideChain`].
    public func serviceOverrideFile(_ service: String) -> String? {
        let chain = KollaKnowledge.overrideChain(service: service, version: release.version)
        guard let layer = chain.last(where: { $0.kind == .customFile && !$0.isPerHost }) else { return nil }
        return overridePrefix + "/" + layer.pattern
    }

    /// Whether a written source is the service's own file (or a higher, per-host layer),
    /// so that the value has to change there rather than be overridden above it.
    public func isServiceLayerOrAbove(_ location: SourceLocation, service: String, host: String?) -> Bool {
        guard let relative = overrideRelativePath(location.path) else { return true }
        let chain = KollaKnowledge.overrideChain(service: service, version: release.version)
            .filter { $0.kind == .customFile }
        guard let own = chain.lastIndex(where: { !$0.isPerHost }) else { return true }
        let position = chain.firstIndex { layer in
            layer.isPerHost ? host.map { layer.path(host: $0) == relative } ?? false : layer.pattern == relative
        }
        return position.map { $0 >= own } ?? true
    }
}

/// Values made once by name and shared by every thread that asks (see
/// ``Deployment/renderedFilesFact(_:uses:_:)``): a value is made ahead (``prepare(_:uses:_:)``)
/// or by the first to ask for it while the others asking for it wait, so it is made once
/// whatever the order.
final class SharedFacts: Sendable {
    /// One value, made under its own lock; how often it was taken, and how often it will be.
    private final class Cell: Sendable {
        let state = Mutex<(value: (any Sendable)?, taken: Int, uses: Int?)>((nil, 0, nil))
    }

    private let cells = Mutex<[String: Cell]>([:])

    /// The value named `key`, made by `make` if none is (or one of another type). With `uses`
    /// (how often the value will be asked for, as its maker counts), it is let go once taken
    /// that often: asked for again, it is made again.
    func value<Value: Sendable>(_ key: String, uses: Int? = nil, _ make: () -> Value) -> Value {
        cell(key).state.withLock { state -> Value in
            let value: Value
            if let known = state.value as? Made<Value> {
                value = known.value
                state.taken += 1
            } else {
                value = make()
                state = (Made(value: value), 1, uses)
            }
            if let uses = state.uses, state.taken >= uses { state.value = nil }
            return value
        }
    }

    /// Makes the value named `key` ahead, untaken (its `uses` takes still to come), unless one
    /// was ever made under that name: what ``value(_:uses:_:)`` would make for its first asker.
    func prepare<Value: Sendable>(_ key: String, uses: Int? = nil, _ make: () -> Value) {
        cell(key).state.withLock { state in
            // Never made: no value, none taken (a value let go after its uses keeps its count).
            guard state.value == nil, state.taken == 0 else { return }
            state = (Made(value: make()), 0, uses)
        }
    }

    /// The cell of `key`, added if there is none.
    private func cell(_ key: String) -> Cell {
        cells.withLock { cells in
            if let known = cells[key] { return known }
            let made = Cell()
            cells[key] = made
            return made
        }
    }

    /// A value as stored: its exact type is asked back (an optional value is not flattened).
    private struct Made<Value: Sendable>: Sendable {
        let value: Value
    }
}
