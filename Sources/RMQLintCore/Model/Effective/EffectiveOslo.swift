import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders

/// One effective `[section] key` of a service's oslo config: the last writer of Kolla's
/// template layer and the override chain (docs/spec.md §4), or the option's default.
public struct EffectiveSetting: Sendable {
    /// The section as written by the last writer (`DEFAULT`, `oslo_messaging_rabbit`).
    public var section: String {
        get {
            switch fields {
            case .held(let storage): storage.section
            case .row(let rows): rows.rows[rowIndex].section
            }
        }
        set { unique().section = newValue }
    }
    /// The option name.
    public var key: String {
        get {
            switch fields {
            case .held(let storage): storage.key
            case .row(let rows): rows.rows[rowIndex].key
            }
        }
        set {
            let storage = unique()
            storage.key = newValue
            storage.transportURLHosts = Self.transportURLHosts(key: storage.key, text: storage.value ?? storage.writtenText)
        }
    }
    /// The value as the service reads it; `nil` when it cannot be known (unknown Jinja).
    public var value: String? {
        get {
            switch fields {
            case .held(let storage): storage.value
            case .row(let rows): rows.rows[rowIndex].isValueKnown ? rows.rows[rowIndex].text : nil
            }
        }
        set {
            let storage = unique()
            storage.value = newValue
            storage.transportURLHosts = Self.transportURLHosts(key: storage.key, text: storage.value ?? storage.writtenText)
        }
    }
    /// Who set it.
    public var provenance: Provenance {
        get {
            switch fields {
            case .held(let storage): storage.provenance
            case .row(let rows): Provenance(origin: .file(rows.location(of: rowIndex)))
            }
        }
        set { unique().provenance = newValue }
    }
    /// Whether the writer sits in a `{% if %}` / `{% for %}` block of unknown truth (the
    /// layers below may be what the service gets instead: see `overridden`).
    public var isConditional: Bool {
        get {
            switch fields {
            case .held(let storage): storage.isConditional
            case .row: false
            }
        }
        set { unique().isConditional = newValue }
    }
    /// The lower layers that also set the option, lowest first.
    public var overridden: [Provenance] {
        get {
            switch fields {
            case .held(let storage): storage.overridden
            case .row: []
            }
        }
        set { unique().overridden = newValue }
    }
    /// The oslo.messaging version that added the option, when the release's oslo.messaging is
    /// older: the line is ignored by the service (docs/spec.md §10.3), so the queue model does not
    /// use it (see ``EffectiveServiceConfig/activeSetting(section:key:)``); RMQ207 reports it.
    public var unavailableBefore: OsloMessagingVersion? {
        get { Self.unpack(word & Self.versionMask) ?? heldUnavailableBefore }
        set {
            if let newValue, let packed = Self.pack(newValue) {
                word = word & ~Self.versionMask | packed
            } else {
                word &= ~Self.versionMask
                if heldUnavailableBefore != newValue { unique().unavailableBefore = newValue }
            }
        }
    }
    /// The value as written in a tree file, before Jinja is rendered (`nil` for template and
    /// default values): parts of an unknown value may still be known (the hosts of a
    /// `transport_url` whose password is templated).
    public var writtenText: String? {
        get {
            switch fields {
            case .held(let storage): storage.writtenText
            case .row(let rows): rows.rows[rowIndex].text
            }
        }
        set {
            let storage = unique()
            storage.writtenText = newValue
            if storage.value == nil {
                storage.transportURLHosts = Self.transportURLHosts(key: storage.key, text: storage.writtenText)
            }
        }
    }
    /// For a `transport_url`, the broker hosts of its value (or of its written text when the
    /// value is unknown: the hosts may be known when only the password is templated), as
    /// ``TransportURL/hosts(_:)`` gives them; `nil` for other options, or when not known.
    /// Parsed once, when the setting is made: every candidate release's model of a fleet shares
    /// the setting, and rules read the hosts of every config.
    public var transportURLHosts: [String]? {
        switch fields {
        case .held(let storage): storage.transportURLHosts
        case .row(let rows): rows.rows[rowIndex].transportURLHosts
        }
    }

    /// ``unavailableBefore`` as the fields hold it (rows never do).
    private var heldUnavailableBefore: OsloMessagingVersion? {
        switch fields {
        case .held(let storage): storage.unavailableBefore
        case .row: nil
        }
    }

    /// The fields, behind one reference: every config of every candidate release's model holds
    /// its settings, and rules copy them by the hundred thousand on a fleet; a copy then costs
    /// one retain, not one per field. Copied before a change when shared (value semantics kept).
    private final class Storage: @unchecked Sendable {
        var section: String
        var key: String
        var value: String?
        var provenance: Provenance
        var isConditional: Bool
        var overridden: [Provenance]
        var unavailableBefore: OsloMessagingVersion?
        var writtenText: String?
        var transportURLHosts: [String]?

        init(
            section: String, key: String, value: String?, provenance: Provenance, isConditional: Bool,
            overridden: [Provenance], unavailableBefore: OsloMessagingVersion?, writtenText: String?,
            transportURLHosts: [String]?
        ) {
            self.section = section
            self.key = key
            self.value = value
            self.provenance = provenance
            self.isConditional = isConditional
            self.overridden = overridden
            self.unavailableBefore = unavailableBefore
            self.writtenText = writtenText
            self.transportURLHosts = transportURLHosts
        }

        func copy() -> Storage {
            Storage(section: section, key: key, value: value, provenance: provenance, isConditional: isConditional,
                    overridden: overridden, unavailableBefore: unavailableBefore, writtenText: writtenText,
                    transportURLHosts: transportURLHosts)
        }
    }

    /// Where the fields are.
    private enum Fields: Sendable {
        /// In a storage of the setting's own (shared by its copies until one changes).
        case held(Storage)
        /// In a row of a rendered file's settings (``RenderedRows``), its number in ``word``:
        /// the setting is copied from it, field by field, before its first change.
        case row(RenderedRows)
    }

    /// One reference (the cases' tag sits in its spare bits), so that with ``word`` a setting
    /// is 16 bytes: RMQ207's lines hold arrays of settings of every candidate release's model.
    private var fields: Fields

    /// Two numbers in one word. Its low `3 * partBits` bits (``versionMask``): ``unavailableBefore``
    /// held in the setting itself, packed (see ``pack(_:)``), over the storage's; 0 when the
    /// storage's holds. A rendered file's own settings are shared by every candidate release's
    /// model, and each marks them as its oslo.messaging lacks the options whenever they are
    /// read: the mark then copies no storage. Its high bits: the row number of a ``Fields/row(_:)``
    /// (0 otherwise), below ``RenderedRows/maxRows``.
    private var word: UInt64 = 0

    /// The bits of ``word`` that hold the packed version.
    private static let versionMask: UInt64 = (1 << (3 * partBits)) - 1

    /// The row of a ``Fields/row(_:)`` setting.
    private var rowIndex: Int { Int(word >> (3 * Self.partBits)) }

    private mutating func unique() -> Storage {
        switch fields {
        case .row(let rows):
            let row = rows.rows[rowIndex]
            let storage = Storage(
                section: row.section, key: row.key, value: row.isValueKnown ? row.text : nil,
                provenance: Provenance(origin: .file(rows.location(of: rowIndex))), isConditional: false, overridden: [],
                unavailableBefore: nil, writtenText: row.text, transportURLHosts: row.transportURLHosts)
            fields = .held(storage)
            word &= Self.versionMask
            return storage
        case .held(var storage):
            // The setting lets go of its storage while it asks, so only other copies count.
            fields = .held(Self.vacant)
            if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
            fields = .held(storage)
            return storage
        }
    }

    /// What a setting holds for the moment ``unique()`` asks whether its storage is shared.
    private static let vacant = Storage(
        section: "", key: "", value: nil, provenance: Provenance(origin: .kollaDefault("")), isConditional: false,
        overridden: [], unavailableBefore: nil, writtenText: nil, transportURLHosts: nil)

    /// The setting held in row `index` of `rows` (below ``RenderedRows/maxRows``).
    init(rows: RenderedRows, index: Int) {
        fields = .row(rows)
        word = UInt64(index) << (3 * Self.partBits)
    }

    /// The bits of a version part in ``pack(_:)``: oslo.messaging's parts are far smaller, and
    /// three leave ``word`` 16 bits for a row number.
    static let partBits = 16

    /// A version as one non-zero integer (the major version plus one, the minor and the patch,
    /// `partBits` bits each), when each part fits; `nil` when one does not (it is then held
    /// in the storage).
    static func pack(_ version: OsloMessagingVersion) -> UInt64? {
        // The major version plus one must fit too.
        let range = 0..<((1 << partBits) - 1)
        guard range.contains(version.major), range.contains(version.minor), range.contains(version.patch) else { return nil }
        return UInt64(version.major + 1) << (2 * partBits) | UInt64(version.minor) << partBits | UInt64(version.patch)
    }

    /// The version ``pack(_:)`` packed; `nil` for 0.
    static func unpack(_ packed: UInt64) -> OsloMessagingVersion? {
        guard packed != 0 else { return nil }
        let mask: UInt64 = (1 << partBits) - 1
        return OsloMessagingVersion(Int(packed >> (2 * partBits)) - 1, Int(packed >> partBits & mask), Int(packed & mask))
    }

    fileprivate static func transportURLHosts(key: String, text: String?) -> [String]? {
        guard key == "transport_url", let text else { return nil }
        return TransportURL.hosts(text)
    }

    /// Creates a setting.
    public init(
        section: String, key: String, value: String?, provenance: Provenance,
        isConditional: Bool = false, overridden: [Provenance] = []
    ) {
        fields = .held(Storage(
            section: section, key: key, value: value, provenance: provenance, isConditional: isConditional,
            overridden: overridden, unavailableBefore: nil, writtenText: nil,
            transportURLHosts: Self.transportURLHosts(key: key, text: value)))
    }

    /// The value as an oslo.config `BoolOpt` parses it: `true`/`1`/`on`/`yes` and
    /// `false`/`0`/`off`/`no`, case-insensitively [oslo.config `master:oslo_config/types.py`
    /// `Boolean`]; `nil` when unknown or invalid.
    public var boolValue: Bool? { Self.boolValue(value) }

    /// ``boolValue`` of a value (`nil` when unknown).
    public static func boolValue(_ value: String?) -> Bool? {
        guard let value else { return nil }
        // Asked of every config of every candidate release's model of a fleet: an ASCII value
        // is read in place (no trimmed, lower-cased copy); any other takes the general path.
        if let read = value.utf8.withContiguousStorageIfAvailable(asciiBoolValue), let ascii = read { return ascii }
        return generalBoolValue(value)
    }

    /// ``boolValue(_:)`` as written: trimmed of spaces and tabs, lower-cased, compared.
    static func generalBoolValue(_ value: String) -> Bool? {
        switch value.trimmingSpaces.lowercased() {
        case "true", "1", "on", "yes": return true
        case "false", "0", "off", "no": return false
        default: return nil
        }
    }

    /// ``generalBoolValue(_:)`` of a value's UTF-8 when it is ASCII (`nil` otherwise: the
    /// caller then takes the general path): on ASCII, `trimmingSpaces` drops the same spaces
    /// and tabs and `lowercased()` maps A–Z alone, so the trimmed bytes, lower-cased and
    /// packed into one integer (first byte highest), are compared with the eight words.
    /// Internal for the test that holds it against the general path.
    static func asciiBoolValue(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool?? {
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        var start = 0, end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        // No word is longer than five bytes.
        guard end - start <= 5 else { return .some(nil) }
        var word: UInt64 = 0
        for byte in bytes[start..<end] { word = word << 8 | UInt64((0x41...0x5A).contains(byte) ? byte | 0x20 : byte) }
        // With the length: leading zero bytes do not show in the integer.
        switch (end - start, word) {
        case (4, 0x7472_7565), (1, 0x31), (2, 0x6F6E), (3, 0x79_6573): return .some(true)  // true 1 on yes
        case (5, 0x66_616C_7365), (1, 0x30), (3, 0x6F_6666), (2, 0x6E6F): return .some(false)  // false 0 off no
        default: return .some(nil)
        }
    }

    /// The value as an oslo.config `IntOpt` parses it (decimal, optional sign); `nil`
    /// when unknown or not an integer.
    public var intValue: Int? { Self.intValue(value) }

    /// ``intValue`` of a value (`nil` when unknown).
    public static func intValue(_ value: String?) -> Int? {
        guard let value else { return nil }
        return Int(value.trimmingSpaces)
    }

    /// Whether the value is oslo.messaging's default (no layer sets the option); read in place,
    /// without copying the provenance (RMQ207 asks it of every setting of every config).
    public var isOsloDefault: Bool {
        guard case .held(let storage) = fields, case .osloDefault = storage.provenance.origin else { return false }
        return true
    }

    /// ``Provenance/anchor`` of the setting's provenance, read in place (without copying the
    /// provenance: rules and setting sources ask it of every config of a fleet).
    public var anchor: SourceLocation? {
        switch fields {
        case .held(let storage): storage.provenance.anchor
        case .row(let rows): rows.location(of: rowIndex)
        }
    }

    /// Whether the value is rendered by Kolla's template (``ValueOrigin/kollaTemplate(_:)``), read in place.
    public var isKollaTemplate: Bool {
        guard case .held(let storage) = fields, case .kollaTemplate = storage.provenance.origin else { return false }
        return true
    }

    /// Whether the value is written in a file of the tree (``Provenance/isWrittenInTree``),
    /// read in place, without copying the provenance (RMQ109 asks it of every config).
    public var isWrittenInTree: Bool {
        switch fields {
        case .held(let storage):
            if case .file = storage.provenance.origin { return true }
            return false
        case .row: return true
        }
    }

    /// Whether the value is a default no file of the tree writes.
    public var isDefault: Bool { provenance.isDefault }
}

/// The effective oslo config of one Kolla service: what Kolla would render into
/// `/etc/kolla/<service>/<file>.conf`, on every host (`host == nil`) or on one host that
/// has its own override files; or a rendered file collected from a host.
public struct EffectiveServiceConfig: Sendable {
    /// How the config was obtained.
    public enum Origin: Sendable, Hashable {
        /// Computed from Kolla's templates and the tree's override chain.
        case kolla
        /// Read from a rendered file (`<dir>/<service>/<project>.conf`) at this path.
        case rendered(path: String)
    }

    /// The Kolla service (`nova-compute`); `nil` for a loose file whose service is unknown.
    public var service: String? {
        get {
            switch fields {
            case .held(let storage): storage.service
            case .rendered(let configs, let file): configs.files[file].service
            }
        }
        set { unique().service = newValue }
    }
    /// The OpenStack project (`nova`, `nova-cell`, `neutron`), when known.
    public var project: String? {
        get {
            switch fields {
            case .held(let storage): storage.project
            case .rendered(let configs, let file): configs.shape(of: file).project
            }
        }
        set { unique().project = newValue }
    }
    /// The host this config is specific to; `nil` for the config of every host without
    /// its own override files (or a rendered file whose host is unknown).
    public var host: String? {
        get {
            switch fields {
            case .held(let storage): storage.host
            case .rendered(let configs, let file): configs.files[file].host
            }
        }
        set { unique().host = newValue }
    }
    /// How the config was obtained.
    public var origin: Origin {
        get {
            switch fields {
            case .held(let storage): storage.origin
            case .rendered(let configs, let file): .rendered(path: configs.files[file].path)
            }
        }
        set { unique().origin = newValue }
    }
    /// The service's catalogue entry for the release, when known.
    public var kollaService: KollaService? {
        get {
            switch fields {
            case .held(let storage): storage.kollaService
            case .rendered(let configs, let file): configs.shape(of: file).kollaService
            }
        }
        set { unique().kollaService = newValue }
    }
    /// Every effective setting of the modelled sections (see ``isModelled(section:key:)``),
    /// sorted by section then key.
    public var settings: [EffectiveSetting] {
        get {
            switch fields {
            case .held(let storage): storage.settings
            case .rendered(let configs, let file): configs.settings(of: file)
            }
        }
        set {
            let storage = unique()
            storage.settings = newValue
            storage.index = Self.index(newValue)
        }
    }
    /// Display paths of the tree files that are layers of this config, lowest first.
    public var layers: [String] {
        get {
            switch fields {
            case .held(let storage): storage.layers
            case .rendered(let configs, let file): configs.files[file].layers
            }
        }
        set { unique().layers = newValue }
    }

    /// Where a config's fields are.
    private enum Fields: Sendable {
        /// In a storage of the config's own (shared by its copies until one changes):
        /// Kolla-computed configs, and any config once changed.
        case held(Storage)
        /// In the rendered configs of a model: the file at this position. A fleet's candidate
        /// release models hold thousands each: nothing is allocated for one, and a copy
        /// retains the table alone.
        case rendered(RenderedConfigs, Int)
    }

    private var fields: Fields

    /// The fields, behind one reference: rules pass configs around by the thousand on a fleet
    /// (every setting source holds its configs), and a copy then costs one retain, not one
    /// per field. Copied before a change when shared (value semantics kept).
    private final class Storage: @unchecked Sendable {
        var service: String?
        var project: String?
        var host: String?
        var origin: Origin
        var kollaService: KollaService?
        /// In index-key order.
        var settings: [EffectiveSetting]
        var layers: [String]
        /// The position of each setting in `settings`, by lookup key.
        var index: [SettingLookupKey: Int]

        init(
            service: String?, project: String?, host: String?, origin: Origin, kollaService: KollaService?,
            settings: [EffectiveSetting], layers: [String], index: [SettingLookupKey: Int]
        ) {
            self.service = service
            self.project = project
            self.host = host
            self.origin = origin
            self.kollaService = kollaService
            self.settings = settings
            self.layers = layers
            self.index = index
        }

        func copy() -> Storage {
            Storage(service: service, project: project, host: host, origin: origin, kollaService: kollaService,
                    settings: settings, layers: layers, index: index)
        }
    }

    /// The storage, made unique before a change: a rendered file's config gets one of its
    /// own, holding what it read from the model's rendered configs.
    private mutating func unique() -> Storage {
        switch fields {
        case .rendered(let configs, let file):
            let storage = Storage(
                service: configs.files[file].service, project: configs.shape(of: file).project,
                host: configs.files[file].host, origin: .rendered(path: configs.files[file].path),
                kollaService: configs.shape(of: file).kollaService, settings: configs.settings(of: file),
                layers: configs.files[file].layers, index: configs.shape(of: file).layout.index)
            fields = .held(storage)
            return storage
        case .held(var storage):
            // The config lets go of its storage while it asks, so only other copies count.
            fields = .held(Self.vacant)
            if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
            fields = .held(storage)
            return storage
        }
    }

    /// What a config holds for the moment ``unique()`` asks whether its storage is shared.
    private static let vacant = Storage(
        service: nil, project: nil, host: nil, origin: .kolla, kollaService: nil, settings: [], layers: [], index: [:])

    /// The position of each of `settings` (in index-key order) by lookup key.
    private static func index(_ settings: [EffectiveSetting]) -> [SettingLookupKey: Int] {
        var index: [SettingLookupKey: Int] = [:]
        index.reserveCapacity(settings.count)
        for (position, setting) in settings.enumerated() { index[lookupKey(of: setting)] = position }
        return index
    }

    /// Creates a config from settings under their index keys (sorted and indexed by them).
    init(
        service: String?, project: String?, host: String?, origin: Origin, kollaService: KollaService?,
        keyedSettings: [String: EffectiveSetting], layers: [String]
    ) {
        let settings = keyedSettings.sorted { $0.key < $1.key }.map(\.value)
        fields = .held(Storage(
            service: service, project: project, host: host, origin: origin, kollaService: kollaService,
            settings: settings, layers: layers, index: Self.index(settings)))
    }

    /// The config of the file at `file` among a candidate model's rendered configs.
    init(rendered configs: RenderedConfigs, file: Int) {
        fields = .rendered(configs, file)
    }

    /// Creates a config; `settings` are sorted and indexed.
    public init(
        service: String?, project: String?, host: String?, origin: Origin, kollaService: KollaService?,
        settings: [EffectiveSetting], layers: [String]
    ) {
        // Sort by the precomputed "section<US>key" (DEFAULT exact, others lower-cased), so the
        // comparator neither lower-cases nor copies settings.
        let keys = settings.map { EffectiveServiceConfig.indexKey($0.section, $0.key) }
        let sorted = keys.indices.sorted { keys[$0] < keys[$1] }.map { settings[$0] }
        fields = .held(Storage(
            service: service, project: project, host: host, origin: origin, kollaService: kollaService,
            settings: sorted, layers: layers, index: Self.index(sorted)))
    }

    /// Whether the settings are a rendered file's own over the release's defaults (see
    /// ``RenderedConfigs``): none of them overrides a lower layer.
    var isRenderedLayers: Bool {
        if case .rendered = fields { return true }
        return false
    }

    /// The rendered file's layers, when the settings are held that way: its layout and its
    /// own settings (sorted by index key, marked where the release's oslo.messaging lacks the option).
    var renderedLayers: (layout: OsloDefaultCache.RenderedLayout, own: [EffectiveSetting])? {
        guard case .rendered(let configs, let file) = fields else { return nil }
        return (configs.shape(of: file).layout, configs.ownSettings(of: file))
    }

    /// The effective `[section] key` (explicit or default), if any. Sections follow
    /// oslo.config: `DEFAULT` exactly, others case-insensitively.
    public func setting(section: String, key: String) -> EffectiveSetting? {
        setting(lookupKey: SettingLookupKey(section: Self.sectionKey(section), key: key))
    }

    /// The effective `[section] key` as the service uses it: like ``setting(section:key:)``,
    /// but `nil` for an option the release's oslo.messaging does not have yet (it has no effect).
    public func activeSetting(section: String, key: String) -> EffectiveSetting? {
        guard let found = setting(section: section, key: key), found.unavailableBefore == nil else { return nil }
        return found
    }

    /// ``activeSetting(section:key:)`` under a key from ``lookupKey(section:key:)``.
    public func activeSetting(lookupKey: SettingLookupKey) -> EffectiveSetting? {
        guard let found = setting(lookupKey: lookupKey), found.unavailableBefore == nil else { return nil }
        return found
    }

    /// The key ``setting(lookupKey:)`` takes, for callers that look the same option up in
    /// many configs (site policies over a fleet): computed once instead of per lookup.
    public static func lookupKey(section: String, key: String) -> SettingLookupKey {
        SettingLookupKey(section: sectionKey(section), key: key)
    }

    /// The key a setting is found under.
    static func lookupKey(of setting: EffectiveSetting) -> SettingLookupKey {
        lookupKey(section: setting.section, key: setting.key)
    }

    /// The effective setting under a key from ``lookupKey(section:key:)``.
    public func setting(lookupKey: SettingLookupKey) -> EffectiveSetting? {
        switch fields {
        case .held(let storage):
            guard let position = storage.index[lookupKey] else { return nil }
            return storage.settings[position]
        case .rendered(let configs, let file):
            return configs.setting(of: file, lookupKey: lookupKey)
        }
    }

    /// A short label for messages: `nova-compute`, `nova-compute on compute01`, or the
    /// rendered file's path.
    public var label: String {
        let name = service ?? project ?? "service"
        guard let host else { return name }
        // `name on host` in one allocation of its size (one per finding on a fleet).
        var text = ""
        text.reserveCapacity(name.utf8.count + host.utf8.count + 4)
        text += name
        text += " on "
        text += host
        return text
    }

    /// `DEFAULT` options the model keeps besides the `oslo_messaging_*` sections.
    public static let modelledDefaultKeys: Set<String> = [
        "transport_url", "rpc_response_timeout", "long_rpc_timeout", "rpc_response_max_timeout", "control_exchange",
    ]

    /// Whether the model keeps a section at all: `DEFAULT` and the `oslo_messaging_*` sections
    /// (the RabbitMQ-relevant ones; everything else of a service config is left out, which keeps
    /// the model small on fleets of rendered files).
    public static func isModelled(section: String) -> Bool {
        // Asked for every section of every file of a fleet: an ASCII name is compared on its
        // bytes, without a lower-cased copy (any other keeps `lowercased()`'s Unicode rules).
        var name = section
        if let answer = name.withUTF8({ isModelled(sectionUTF8: $0) }) { return answer }
        return section == "DEFAULT" || section.lowercased().hasPrefix("oslo_messaging")
    }

    /// ``isModelled(section:)`` of a name's UTF-8 bytes when they are all ASCII (the bytes
    /// decide, and that function asks this); nil otherwise: `==` and `lowercased()` of a
    /// non-ASCII name follow Unicode rules only the `String` can tell.
    public static func isModelled(sectionUTF8 name: UnsafeBufferPointer<UInt8>) -> Bool? {
        var any: UInt8 = 0
        for byte in name { any |= byte }
        guard any < 0x80 else { return nil }
        if isDefaultSection(utf8: name) { return true }
        // Spelled inline: a static array costs a lazy-global check per call.
        let prefix: StaticString = "oslo_messaging"
        return prefix.withUTF8Buffer { prefix in
            guard name.count >= prefix.count else { return false }
            for index in 0..<prefix.count {
                let byte = name[index]
                let lower = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
                if lower != prefix[index] { return false }
            }
            return true
        }
    }

    /// Whether a name's UTF-8 bytes are `DEFAULT`'s (for an ASCII name, `name == "DEFAULT"`).
    public static func isDefaultSection(utf8 name: UnsafeBufferPointer<UInt8>) -> Bool {
        let defaultName: StaticString = "DEFAULT"
        return defaultName.withUTF8Buffer { ByteText.equal(UnsafeRawBufferPointer(name), UnsafeRawBufferPointer($0)) }
    }

    /// Whether the model keeps `[section] key`.
    public static func isModelled(section: String, key: String) -> Bool {
        section == "DEFAULT" ? modelledDefaultKeys.contains(key) : isModelled(section: section)
    }

    static func sectionKey(_ section: String) -> String {
        // Already lower-case ASCII (`oslo_messaging_rabbit`, as rules ask): no new string.
        // Rules ask it for every lookup of a fleet: the bytes are read in place when they can be.
        if section == "DEFAULT" { return section }
        func isLowerASCII(_ byte: UInt8) -> Bool { byte < 0x80 && !(0x41...0x5A).contains(byte) }
        let lower = section.utf8.withContiguousStorageIfAvailable { $0.allSatisfy(isLowerASCII) }
            ?? section.utf8.allSatisfy(isLowerASCII)
        return lower ? section : section.lowercased()
    }

    /// How configs index their settings: the section as oslo.config matches it (`DEFAULT`
    /// exactly, others lower-cased) and the option. A pair rather than one joined string, so a
    /// lookup (rules make millions on a fleet's candidate models) allocates nothing.
    ///
    /// Hashed once, when made: a key made once per option (``lookupKey(section:key:)``) is
    /// looked up in thousands of configs' indices with one integer hashed, not two strings.
    public struct SettingLookupKey: Hashable, Sendable {
        let section: String
        let key: String
        private let hashCode: Int

        init(section: String, key: String) {
            self.section = section
            self.key = key
            var hasher = Hasher()
            hasher.combine(section)
            hasher.combine(key)
            hashCode = hasher.finalize()
        }

        public static func == (lhs: SettingLookupKey, rhs: SettingLookupKey) -> Bool {
            lhs.hashCode == rhs.hashCode && lhs.key == rhs.key && lhs.section == rhs.section
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(hashCode)
        }
    }

    static func indexKey(_ section: String, _ key: String) -> String {
        indexKey(sectionKey: sectionKey(section), key)
    }

    /// ``indexKey(_:_:)`` of a section whose ``sectionKey(_:)`` is known, made in one string
    /// of its length (joined with `+`, it grew step by step: several allocations for every
    /// setting of every file of a fleet).
    static func indexKey(sectionKey: String, _ key: String) -> String {
        var joined = ""
        joined.reserveCapacity(sectionKey.utf8.count + 1 + key.utf8.count)
        joined += sectionKey
        joined += "\u{1F}"
        joined += key
        return joined
    }
}


extension EffectiveServiceConfig.SettingLookupKey {
    /// The lookup keys of the options rules and the model read in every config (made and
    /// hashed once per run, not per config and candidate release).
    public static let rabbitQuorumQueue = rabbit("rabbit_quorum_queue")
    public static let rabbitTransientQuorumQueue = rabbit("rabbit_transient_quorum_queue")
    public static let rabbitHAQueues = rabbit("rabbit_ha_queues")
    public static let rabbitStreamFanout = rabbit("rabbit_stream_fanout")
    public static let rabbitQosPrefetchCount = rabbit("rabbit_qos_prefetch_count")
    public static let amqpDurableQueues = rabbit("amqp_durable_queues")
    public static let useQueueManager = rabbit("use_queue_manager")
    public static let heartbeatTimeoutThreshold = rabbit("heartbeat_timeout_threshold")
    public static let heartbeatInPthread = rabbit("heartbeat_in_pthread")
    /// `[DEFAULT] transport_url`.
    public static let transportURL = EffectiveServiceConfig.lookupKey(section: "DEFAULT", key: "transport_url")
    /// `[oslo_messaging_notifications] transport_url`.
    public static let notificationsTransportURL = EffectiveServiceConfig.lookupKey(
        section: "oslo_messaging_notifications", key: "transport_url")

    private static func rabbit(_ key: String) -> Self {
        EffectiveServiceConfig.lookupKey(section: "oslo_messaging_rabbit", key: key)
    }
}

/// The options whose oslo defaults are added to every effective config when no layer
/// sets them: the RabbitMQ-relevant ones rules and `rmqlint effective` read.
let effectiveDefaultOptions: [(section: String, key: String)] = [
    ("DEFAULT", "rpc_response_timeout"),
    ("DEFAULT", "long_rpc_timeout"),
    ("DEFAULT", "rpc_response_max_timeout"),
    ("oslo_messaging_rabbit", "heartbeat_in_pthread"),
    ("oslo_messaging_rabbit", "heartbeat_timeout_threshold"),
    ("oslo_messaging_rabbit", "heartbeat_rate"),
    ("oslo_messaging_rabbit", "amqp_durable_queues"),
    ("oslo_messaging_rabbit", "amqp_auto_delete"),
    ("oslo_messaging_rabbit", "rabbit_ha_queues"),
    ("oslo_messaging_rabbit", "rabbit_quorum_queue"),
    ("oslo_messaging_rabbit", "rabbit_transient_quorum_queue"),
    ("oslo_messaging_rabbit", "rabbit_transient_queues_ttl"),
    ("oslo_messaging_rabbit", "use_queue_manager"),
    ("oslo_messaging_rabbit", "rabbit_stream_fanout"),
    ("oslo_messaging_rabbit", "rabbit_qos_prefetch_count"),
]

/// Builds effective oslo configs (docs/spec.md §4 "Effective oslo config per service, and per host").
struct EffectiveOsloBuilder {
    let version: KollaVersion
    let variables: EffectiveVariables
    /// Override files by their path relative to the override directory.
    let overrides: [(relative: String, file: OsloConfigFile)]
    /// The inventory, when known: per-host layers count only for its hosts.
    let inventory: Inventory?
    /// Service names of the release (never host names).
    let serviceNames: Set<String>
    /// The oslo defaults of the release, computed once per project.
    let defaults: OsloDefaultCache
    /// Template lines already resolved for an earlier service of this model.
    private let templateLines = TemplateLineCache()

    /// The configs of one Kolla service: every host's, then one per host with its own files.
    func configs(for service: KollaService) -> [EffectiveServiceConfig] {
        let chain = KollaKnowledge.overrideChain(service: service.name, version: version)
        guard !chain.isEmpty else { return [] }
        // Kolla reads `<project>/<inventory_hostname>/…` only for hosts of the inventory; a
        // directory named after a service is a misplaced override, not a host (RMQ501/502).
        var hosts: Set<String> = []
        for source in chain where source.kind == .customFile && source.isPerHost {
            for entry in overrides {
                guard let host = OverridePattern.host(in: entry.relative, pattern: source.pattern),
                      !serviceNames.contains(host) else { continue }
                if let inventory, !inventory.contains(host: host) { continue }
                hosts.insert(host)
            }
        }
        // The template layer and the layers every host reads are the same for every host:
        // merge them once, then add each host's own layers (always last in Kolla's chains).
        var extra: [String: JinjaValue] = ["service_name": .string(service.name)]
        var base = templateLayer(for: service, extra: extra)
        var baseLayers: [String] = []
        for source in chain where source.kind == .customFile && !source.isPerHost {
            for entry in overrides where entry.relative == source.pattern {
                baseLayers.append(entry.file.document.path)
                base.apply(file: entry.file.document, variables: variables, extra: extra)
            }
        }
        var result = [finish(base, service: service.name, project: service.project, host: nil, origin: .kolla,
                             kollaService: service, layers: baseLayers)]
        for host in hosts.sorted() {
            extra["inventory_hostname"] = .string(host)
            var merged = base
            var layers = baseLayers
            for source in chain where source.kind == .customFile && source.isPerHost {
                let relative = source.path(host: host)
                for entry in overrides where entry.relative == relative {
                    layers.append(entry.file.document.path)
                    merged.apply(file: entry.file.document, variables: variables, extra: extra)
                }
            }
            result.append(finish(merged, service: service.name, project: service.project, host: host, origin: .kolla,
                                 kollaService: service, layers: layers))
        }
        return result
    }

    /// Kolla's template layer for a service (domain §1.3): host-independent.
    private func templateLayer(for service: KollaService, extra: [String: JinjaValue]) -> MergedSettings {
        var merged = MergedSettings()
        let cell = service.project == "nova-cell"
        for key in KollaKnowledge.renderedRabbitKeys(for: version, service: service.name) {
            // Most lines are the same for every service of a template (and many templates
            // share them): resolved once per model, unless the condition or the value
            // names a task variable of the service (`service_name`).
            let cacheable = !TemplateLineCache.mentions(key.condition, extra) && !TemplateLineCache.mentions(key.value, extra)
            let line = TemplateLineCache.Key(key, cell: cell)
            let resolved: TemplateLineCache.Line
            if cacheable, let known = templateLines.lines[line] {
                resolved = known
            } else {
                resolved = templateLine(key, cell: cell, extra: extra)
                if cacheable { templateLines.lines[line] = resolved }
            }
            switch resolved {
            case .suppressed(let index, let locations): merged.suppressedBy[index] = locations
            case .written(var setting):
                // The line may have been resolved for another template: only the origin
                // (which template, at which ref) is this service's own.
                let origin = templateLines.origin(source: key.source, version: version)
                if setting.provenance.origin != origin { setting.provenance.origin = origin }
                merged.write(setting)
            }
        }
        return merged
    }

    /// One line of Kolla's template layer, resolved against the variables.
    private func templateLine(_ key: RenderedOsloKey, cell: Bool, extra: [String: JinjaValue]) -> TemplateLineCache.Line {
        var conditional = false
        if let condition = key.condition {
            switch variables.evaluate(condition, extra: extra).ansibleBool {
            case true?: break
            case false?:
                // The default then applies because of the flag that turned the line off.
                return .suppressed(EffectiveServiceConfig.indexKey(key.section, key.key),
                                   variables.selectingLocations(expression: condition))
            case nil: conditional = true
            }
        }
        let value: String?
        let selecting: [SourceLocation]
        if key.key == "transport_url" {
            let notify = key.section != "DEFAULT"
            value = cell ? cellTransportURL(notify: notify) : transportURL(notify: notify)
            let prefix = notify ? "om_notify" : "om_rpc"
            selecting = variables.selectingLocations(
                expression: "\(prefix)_transport ~ \(prefix)_user ~ \(prefix)_port ~ \(prefix)_vhost ~ \(prefix)_group ~ \(notify ? "notify" : "rpc")_transport_url")
        } else {
            value = key.perService ? key.value : variables.render(key.value, extra: extra).renderedText
            selecting = variables.selectingLocations(expression: key.condition, template: key.value)
        }
        let provenance = Provenance(origin: templateLines.origin(source: key.source, version: version), selectedBy: selecting)
        return .written(EffectiveSetting(section: key.section, key: key.key, value: value, provenance: provenance,
                                         isConditional: conditional))
    }

    /// The configs of a model's rendered and loose files, in file order, from their own
    /// settings (read once) over the release's oslo defaults. `index` is the files' index:
    /// the files of one shape share their project, catalogue entry and layout, worked out
    /// once per shape, not per file.
    func renderedConfigs(_ files: [RenderedFileSettings], index: RenderedFileIndex) -> [EffectiveServiceConfig] {
        // In order of the shapes' first files: a layout is then made from the first file with
        // its project and key list, as when the files were taken one by one.
        let shapes = index.shapeFirstFiles.map { first -> RenderedConfigs.Shape in
            let own = files[first]
            let entry = own.service.flatMap { defaults.service(named: $0) }
            let project = own.project ?? entry?.project ?? own.projectOfFileName
            // The file's own settings (sorted once) and the project's defaults (sorted once per
            // model) interleave the same way in every file with the same options, so the order
            // and index are shared. The layout also says which of the file's options the
            // release's oslo.messaging does not have yet (the service ignores them).
            let layout = defaults.layout(project: project, own: own, keyList: index.keyListIDs[first])
            return RenderedConfigs.Shape(project: project, kollaService: entry, layout: layout)
        }
        let configs = RenderedConfigs(files: files, shapeOfFile: index.shapeIDs, shapes: shapes)
        return files.indices.map { EffectiveServiceConfig(rendered: configs, file: $0) }
    }

    /// `nova` for `nova.conf` / `nova.conf.j2`, when it names a known project.
    static func projectOfFileName(_ name: String) -> String? {
        guard let dot = name.firstIndex(of: ".") else { return nil }
        let stem = String(name[..<dot])
        return OsloProjects.names.contains(stem) ? stem : nil
    }

    private func finish(
        _ merged: MergedSettings, service: String?, project: String?, host: String?, origin: EffectiveServiceConfig.Origin,
        kollaService: KollaService?, layers: [String]
    ) -> EffectiveServiceConfig {
        var settings = merged.settings
        // Options the release's oslo.messaging does not have yet are ignored by the service.
        for (key, setting) in settings {
            if let added = defaults.added(key: key, section: setting.section, option: setting.key) {
                settings[key]?.unavailableBefore = added
            }
        }
        for (key, setting) in defaults.settings(project: project) where settings[key] == nil {
            var setting = setting
            if let suppressed = merged.suppressedBy[key] { setting.provenance.selectedBy = suppressed }
            settings[key] = setting
        }
        return EffectiveServiceConfig(
            service: service, project: project, host: host, origin: origin, kollaService: kollaService,
            keyedSettings: settings, layers: layers)
    }

    /// nova-cell services render `nova_cell_rpc_transport_url` / `nova_cell_notify_transport_url`,
    /// built like Kolla's URLs from `nova_cell_*` variables that default to the `om_*` ones,
    /// with vhost `nova_<cell>` when `nova_cell_name` is set [KA `unmaintained/2024.1:ansible/
    /// roles/nova-cell/defaults/main.yml` L188–207, `…/templates/nova.conf.j2` L37]. Equal to
    /// the project URL unless a cell variable is set; unknown when one is (cells are usually
    /// named in inventory group variables, which rmqlint does not evaluate).
    func cellTransportURL(notify: Bool) -> String? {
        let cellVariables = variables.sources.keys.filter { name in
            guard case .globals = variables.sources[name] else { return false }
            return name.hasPrefix("nova_cell_rpc_") || name.hasPrefix("nova_cell_notify_") || name == "nova_cell_name"
        }
        let inventoryNamesCells = inventory.map { inventory in
            inventory.groups.values.contains { $0.vars["nova_cell_name"] != nil }
                || inventory.hosts.values.contains { $0.vars["nova_cell_name"] != nil }
        } ?? false
        guard cellVariables.isEmpty, !inventoryNamesCells else { return nil }
        return transportURL(notify: notify)
    }

    /// Kolla's `rpc_transport_url` / `notify_transport_url`, with every password masked and each host of the group standing for its API address; `nil` when
    /// unknown. A URL set in globals is rendered as written.
    func transportURL(notify: Bool) -> String? {
        let name = notify ? "notify_transport_url" : "rpc_transport_url"
        if case .globals(let variable)? = variables.sources[name] {
            guard let text = variable.value.scalar else { return nil }
            guard let rendered = variables.render(text).renderedText else { return nil }
            return Redactor().redact(rendered)
        }
        let shape = KollaKnowledge.transportURLShape(for: version.release, notify: notify)
        guard let scheme = variables.value(shape.schemeVariable).renderedText,
              let user = variables.value(shape.userVariable).renderedText,
              let port = variables.value(shape.portVariable).renderedText,
              let group = variables.value(shape.groupVariable).renderedText,
              let hosts = variables.environment.groups?[group] else { return nil }
        var vhost: String?
        if let vhostVariable = shape.vhostVariable {
            guard let text = variables.value(vhostVariable).renderedText else { return nil }
            vhost = text
        }
        return shape.render(scheme: scheme, user: user, password: Redactor.mask, addresses: hosts, port: port, vhost: vhost)
    }
}

/// The template lines an ``EffectiveOsloBuilder`` resolved, by line: the services of a model
/// share most of them (the same transport URLs, flags and selecting globals lines), and
/// resolving each again was a sixth of a pre-commit run. Used by one builder on one thread
/// (the builder is not `Sendable`).
final class TemplateLineCache {
    /// A template line as it resolves, and whether it is rendered for a nova-cell service
    /// (its own URLs). Not the template it was read from: every service template renders
    /// the same lines, and keying on the template made the cache miss for every project;
    /// the template only names the origin, which ``EffectiveOsloBuilder`` sets per service.
    struct Key: Hashable {
        let section: String
        let key: String
        let value: String
        let condition: String?
        let perService: Bool
        let cell: Bool

        init(_ line: RenderedOsloKey, cell: Bool) {
            section = line.section
            key = line.key
            value = line.value
            condition = line.condition
            perService = line.perService
            self.cell = cell
        }
    }

    /// `Kolla <version> <template citation>` by template citation: one string per template,
    /// not one per line.
    private var origins: [String: ValueOrigin] = [:]

    /// The origin of a line read from `source` (a template citation) at `version`.
    func origin(source: String, version: KollaVersion) -> ValueOrigin {
        if let known = origins[source] { return known }
        let origin = ValueOrigin.kollaTemplate("Kolla \(version) \(source)")
        origins[source] = origin
        return origin
    }

    /// A resolved line: written, or turned off by its condition.
    enum Line {
        case written(EffectiveSetting)
        case suppressed(String, [SourceLocation])
    }

    var lines: [Key: Line] = [:]

    /// Whether `text` names one of the task variables (byte search: a conservative test, any
    /// occurrence counts).
    static func mentions(_ text: String?, _ extra: [String: JinjaValue]) -> Bool {
        guard let text else { return false }
        let haystack = Array(text.utf8)
        for name in extra.keys {
            let needle = Array(name.utf8)
            guard !needle.isEmpty, needle.count <= haystack.count else { continue }
            for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
                if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
            }
        }
        return false
    }
}

/// Settings merged layer by layer: the last writer of `[section] key` wins.
/// The settings a rendered or loose oslo file sets itself, with the host it was collected
/// from: the part of its effective config that does not depend on the release, so the
/// candidate releases of a fleet of collected files share it (values, provenance and
/// `transport_url` hosts parsed once).
///
/// A class (immutable): every candidate release's config of the file holds it as its lower
/// layer, with one reference.
public final class RenderedFileSettings: Sendable {
    let host: String?
    /// The settings' index keys, joined: files setting the same options share a layout (and,
    /// when made together, this string).
    let keyList: String
    /// The hash of `keyList`, computed once: every candidate release's model looks its layout up.
    let keyListHash: Int
    /// The config's layers: the file itself. Made when asked (rarely: a config that changes,
    /// the effective report), not held for every file of a fleet.
    var layers: [String] { [path] }
    /// The file's settings, sorted by index key (what a config's lookups read). One file
    /// merged into nothing: no setting overrides another (`overridden` is empty).
    let settings: [EffectiveSetting]
    /// The file's display path, service and project (its role's), and the project its name
    /// gives (`nova.conf`): read once, not per candidate release.
    let path: String
    let service: String?
    let project: String?
    let projectOfFileName: String?
    /// Facts of this file that ``RenderedFileIndex`` gathers over a fleet's files, found here
    /// (where the files are read on every core) rather than file by file in the index.
    /// Whether some section or option name of the file holds the index key's separator U+001F.
    let holdsKeySeparator: Bool
    /// Whether an own `transport_url` (any section) names exactly one host.
    let namesOneTransportHost: Bool
    /// Whether every own line is in the file itself (see ``RenderedFileIndex/ownLinesInOwnFiles``).
    let ownLinesInOwnFile: Bool
    /// The longest untemplated host list among the file's `[DEFAULT] transport_url` lines, the
    /// first such line when several are as long: the file's part of
    /// ``RabbitMQCluster/fromRendered(oslo:confs:)``; `nil` when no line names a host.
    let brokerHosts: (hosts: [String], location: SourceLocation)?

    /// The file's settings under their index keys, sorted by key: each key is
    /// ``EffectiveServiceConfig/indexKey(_:_:)`` of its setting's section and option, as
    /// ``MergedSettings/fileSettings(_:variables:extra:)`` made it. Made again when asked (a
    /// layout is made once per key list), not held for every file of a fleet.
    var sorted: [(key: String, setting: EffectiveSetting)] {
        settings.map { (EffectiveServiceConfig.indexKey($0.section, $0.key), $0) }
    }

    /// The settings of `file`, collected from `host`.
    convenience init(file: OsloConfigFile, host: String?) {
        var sharing = RenderedFileSharing()
        self.init(file: file, host: host, sharing: &sharing)
    }

    /// The settings of `file`, collected from `host`; a key list or `transport_url` host list
    /// equal to one in `sharing` is held as that one (files made together share it), else
    /// added there.
    init(file: OsloConfigFile, host: String?, sharing: inout RenderedFileSharing) {
        let path = file.document.path
        // Made as rows, not settings turned into rows: a rendered file's settings all have
        // a row's shape (see ``MergedSettings/fileRows(_:sharing:)``). A file whose rows do
        // not fit a table (more than `maxRows`, a range beyond 32 bits) is made by the general
        // path, which turns what it can into rows.
        let keys: [String]
        let settings: [EffectiveSetting]
        if let made = MergedSettings.fileRows(file.document, sharing: &sharing), made.rows.count <= RenderedRows.maxRows {
            keys = made.keys
            settings = RenderedRows.settings(path: path, rows: made.rows)
            // Read from the rows, which hold what the settings read (their names and host
            // lists); a row's line is in `path` (the table's), so each own line is in the file.
            holdsKeySeparator = made.rows.contains { Self.holdsKeySeparator($0.section) || Self.holdsKeySeparator($0.key) }
            namesOneTransportHost = made.rows.contains { $0.transportURLHosts?.count == 1 }
            ownLinesInOwnFile = true
        } else {
            let sorted = MergedSettings.fileSettings(file.document, variables: nil, extra: [:]).sorted { $0.key < $1.key }
            keys = sorted.map(\.key)
            settings = RenderedRows.settings(sorted.map(\.setting), sharing: &sharing)
            (holdsKeySeparator, namesOneTransportHost, ownLinesInOwnFile) = Self.facts(settings, path: path)
        }
        self.host = host
        let list = sharing.keyLists.insert(HashedKeyList(Self.keyList(keys))).memberAfterInsert
        keyList = list.text
        keyListHash = list.hash
        self.settings = settings
        self.path = path
        service = file.service
        project = file.project
        projectOfFileName = EffectiveOsloBuilder.projectOfFileName(PathUtilities.basename(path))
        // The settings are in `keys`' order: the kept line's hosts are read from the one that
        // holds the shared host list (the list it was made with would otherwise stay for it).
        brokerHosts = Self.brokerHosts(file.document, sortedKeys: keys, settings: settings)
    }

    /// ``holdsKeySeparator``, ``namesOneTransportHost`` and ``ownLinesInOwnFile`` read from
    /// the file's settings, whatever they are made of (what a file made from rows reads from
    /// them; internal for the test that holds the two against each other).
    static func facts(
        _ settings: [EffectiveSetting], path: String
    ) -> (holdsKeySeparator: Bool, namesOneTransportHost: Bool, ownLinesInOwnFile: Bool) {
        (settings.contains { holdsKeySeparator($0.section) || holdsKeySeparator($0.key) },
         settings.contains { $0.transportURLHosts?.count == 1 },
         settings.allSatisfy { own in own.provenance.anchor.map { $0.path == path } ?? true })
    }

    /// Whether `name` holds U+001F (read in place).
    private static func holdsKeySeparator(_ name: String) -> Bool {
        name.utf8.withContiguousStorageIfAvailable { $0.contains(0x1F) } ?? name.utf8.contains(0x1F)
    }

    /// The index key of `[DEFAULT] transport_url`, made once.
    private static let transportURLIndexKey = EffectiveServiceConfig.indexKey("DEFAULT", "transport_url")

    /// See ``brokerHosts``. The hosts of the line the file's own `transport_url` setting
    /// keeps were parsed with it and are not parsed again (only earlier, repeated lines are).
    private static func brokerHosts(
        _ document: INIDocument, sortedKeys: [String], settings: [EffectiveSetting]
    ) -> (hosts: [String], location: SourceLocation)? {
        let kept = sortedKeys.firstIndex(of: transportURLIndexKey).flatMap { settings.indices.contains($0) ? settings[$0] : nil }
        var best: (hosts: [String], location: SourceLocation)?
        // `document.entries(section: "DEFAULT", key: "transport_url")`, without a lower-cased
        // copy of every section name: `sectionKey` is oslo.config's group name, made only
        // for names that are not lower-case ASCII already.
        let entries = document.sections.lazy
            .filter { EffectiveServiceConfig.sectionKey($0.name) == "DEFAULT" }
            .flatMap { $0.entries.lazy.filter { $0.key == "transport_url" } }
        for entry in entries {
            guard !entry.value.contains(ascii: "{{") else { continue }
            let parsed: [String]?
            if let kept, case .file(entry.valueLocation) = kept.provenance.origin {
                parsed = kept.transportURLHosts   // TransportURL.hosts of this very line
            } else {
                parsed = TransportURL.hosts(entry.value)
            }
            guard let hosts = parsed, !hosts.isEmpty else { continue }
            if best == nil || hosts.count > (best?.hosts.count ?? 0) { best = (hosts, entry.valueLocation) }
        }
        return best
    }

    /// `keys` as one string that only the same list of keys gives (files with equal lists
    /// share a layout): joined with U+001E. An index key is never empty, and holds U+001E
    /// only when the file's own section or option name does (no oslo.config option does);
    /// such a list is written as each key's byte count, `:` and the key, after a U+001E that
    /// no joined list begins with.
    static func keyList(_ keys: [String]) -> String {
        guard keys.contains(where: { $0.utf8.contains(0x1E) }) else { return joined(keys) }
        return "\u{1E}" + keys.map { "\($0.utf8.count):\($0)" }.joined()
    }

    /// `keys.joined(separator: "\u{1E}")` in one string of the length it needs (`joined`
    /// grows its result step by step: several allocations for every file of a fleet).
    private static func joined(_ keys: [String]) -> String {
        var text = ""
        text.reserveCapacity(keys.reduce(max(keys.count - 1, 0)) { $0 + $1.utf8.count })
        for (position, key) in keys.enumerated() {
            if position > 0 { text.append("\u{1E}") }
            text.append(key)
        }
        return text
    }
}

/// A rendered file's own settings as rows of one array: a fleet's files hold a hundred
/// thousand settings, and a storage object each was a fifth of the peak heap. A setting of the
/// file is this table and its row (see ``EffectiveSetting/init(rows:index:)``); it reads its
/// fields from the row, and copies them into a storage of its own before its first change.
final class RenderedRows: Sendable {
    /// What a rendered file's setting is: written in the file at a location in the table's
    /// ``path`` (its range held as 32-bit numbers), its value the written `text` when known
    /// (unknown when templated), nothing overridden, unconditional.
    struct Row: Sendable {
        let section: String
        let key: String
        let text: String
        let transportURLHosts: [String]?
        let line: Int32
        let column: Int32
        let endLine: Int32
        let endColumn: Int32
        let isValueKnown: Bool
    }

    /// The path of every row's location (the file's display path).
    let path: String
    let rows: [Row]

    private init(path: String, rows: [Row]) {
        self.path = path
        self.rows = rows
    }

    /// Where the setting of row `index` was written.
    func location(of index: Int) -> SourceLocation {
        let row = rows[index]
        return SourceLocation(path: path, range: SourceRange(
            start: SourcePosition(line: Int(row.line), column: Int(row.column)),
            end: SourcePosition(line: Int(row.endLine), column: Int(row.endColumn))))
    }

    /// The most rows a table holds: a setting keeps its row number in the bits of a word its
    /// packed version leaves (``EffectiveSetting/partBits``).
    static let maxRows = 1 << (64 - 3 * EffectiveSetting.partBits)

    /// `settings` read from rows when each has a row's shape, all are written in one file and
    /// they are at most ``maxRows``, else `settings` as they are: either way every field reads
    /// the same. Host lists equal to one in `sharing` are held as that one.
    static func settings(_ settings: [EffectiveSetting], sharing: inout RenderedFileSharing) -> [EffectiveSetting] {
        guard settings.count <= maxRows, let path = settings.first?.anchor?.path else { return settings }
        var rows: [Row] = []
        rows.reserveCapacity(settings.count)
        for setting in settings {
            guard let row = row(setting, path: path, sharing: &sharing) else { return settings }
            rows.append(row)
        }
        return Self.settings(path: path, rows: rows)
    }

    /// The settings read from `rows`, written in `path`, which are at most ``maxRows``.
    static func settings(path: String, rows: [Row]) -> [EffectiveSetting] {
        let table = RenderedRows(path: path, rows: rows)
        return rows.indices.map { EffectiveSetting(rows: table, index: $0) }
    }

    /// The row that reads as `setting`, when it has that shape: written in `path` (no
    /// selecting lines) at a range whose numbers fit in 32 bits, unconditional, overriding
    /// nothing, marked by no version, and its value unknown or its written text, byte for byte.
    private static func row(_ setting: EffectiveSetting, path: String, sharing: inout RenderedFileSharing) -> Row? {
        let provenance = setting.provenance
        guard case .file(let location) = provenance.origin, location.path == path, provenance.selectedBy.isEmpty,
              !setting.isConditional, setting.overridden.isEmpty, setting.unavailableBefore == nil,
              let text = setting.writtenText else { return nil }
        if let value = setting.value, !value.utf8.elementsEqual(text.utf8) { return nil }
        return row(section: setting.section, key: setting.key, text: text, isValueKnown: setting.value != nil,
                   location: location, transportURLHosts: setting.transportURLHosts.map { sharing.shared($0) })
    }

    /// The row of a setting written at `location` (in the table's path), when its range's
    /// numbers fit in 32 bits.
    static func row(
        section: String, key: String, text: String, isValueKnown: Bool, location: SourceLocation,
        transportURLHosts: [String]?
    ) -> Row? {
        let range = location.range
        guard let line = Int32(exactly: range.start.line), let column = Int32(exactly: range.start.column),
              let endLine = Int32(exactly: range.end.line), let endColumn = Int32(exactly: range.end.column) else { return nil }
        return Row(section: section, key: key, text: text, transportURLHosts: transportURLHosts,
                   line: line, column: column, endLine: endLine, endColumn: endColumn, isValueKnown: isValueKnown)
    }
}

/// What the rendered files made together (``RenderedFileSettings/init(file:host:sharing:)``)
/// share: each key list as one string, each `transport_url` host list as one array (a
/// fleet's files name the same brokers, tens of thousands of times).
struct RenderedFileSharing {
    /// The key lists, each once.
    var keyLists: Set<HashedKeyList> = []
    /// The host lists, each once.
    private var hostLists: Set<[String]> = []
    /// The list last shared: most lines name the brokers the line before named.
    private var lastHostList: [String]?

    /// The list equal to `hosts` held here, `hosts` itself when none is (it is then held).
    mutating func shared(_ hosts: [String]) -> [String] {
        if let last = lastHostList, last == hosts { return last }
        let member = hostLists.insert(hosts).memberAfterInsert
        lastHostList = member
        return member
    }
}

/// The configs of a model's rendered and loose files, one per file, in file order, held
/// together: a fleet's candidate release models hold thousands each, and a config is this
/// table and a file's position in it, so nothing is allocated per file and release. What a
/// config reads is its file's (shared by every candidate release's model) or its shape's (one
/// per shape and model). Immutable.
final class RenderedConfigs: Sendable {
    /// What the configs of the files of one shape (``RenderedFileIndex/shapeIDs``) share in
    /// a model: the project, the service's catalogue entry and the layout of their settings.
    final class Shape: Sendable {
        let project: String?
        let kollaService: KollaService?
        let layout: OsloDefaultCache.RenderedLayout

        init(project: String?, kollaService: KollaService?, layout: OsloDefaultCache.RenderedLayout) {
            self.project = project
            self.kollaService = kollaService
            self.layout = layout
        }
    }

    /// The files, in order.
    let files: [RenderedFileSettings]
    /// For each file, the number of its shape in `shapes`.
    let shapeOfFile: [Int]
    /// The shapes, in order of their first files.
    let shapes: [Shape]

    init(files: [RenderedFileSettings], shapeOfFile: [Int], shapes: [Shape]) {
        self.files = files
        self.shapeOfFile = shapeOfFile
        self.shapes = shapes
    }

    /// The shape of the file at `file`.
    func shape(of file: Int) -> Shape { shapes[shapeOfFile[file]] }

    /// The file's own settings, sorted by index key, each marked when the release's
    /// oslo.messaging lacks the option (see ``setting(of:source:layout:)``).
    func ownSettings(of file: Int) -> [EffectiveSetting] {
        let layout = shape(of: file).layout
        guard layout.marksAny else { return files[file].settings }
        return files[file].settings.indices.map { setting(of: file, source: $0, layout: layout) }
    }

    /// The file's setting at `position` in index-key order: its own or the project's default.
    func setting(of file: Int, at position: Int) -> EffectiveSetting {
        let layout = shape(of: file).layout
        return setting(of: file, source: layout.plan[position], layout: layout)
    }

    /// Every setting of the file's config, in index-key order.
    func settings(of file: Int) -> [EffectiveSetting] {
        let layout = shape(of: file).layout
        return layout.plan.map { setting(of: file, source: $0, layout: layout) }
    }

    /// The setting a layout's plan names with `source` (see ``OsloDefaultCache/RenderedLayout``):
    /// the project's default, or the file's own setting, marked with the oslo.messaging version
    /// that added the option when the release's is older (the service ignores the line).
    /// Marked as it is read, not once per file and model (rules read few of a file's options);
    /// the mark is held in the setting, so the file's shared setting is not copied.
    /// (Inlined: the layout is then not retained around a call, on every lookup of a fleet.)
    @inline(__always)
    private func setting(of file: Int, source: Int, layout: OsloDefaultCache.RenderedLayout) -> EffectiveSetting {
        guard source >= 0 else { return layout.defaults[-source - 1] }
        var setting = files[file].settings[source]
        if layout.marksAny, let added = layout.added[source] { setting.unavailableBefore = added }
        return setting
    }

    /// The file's config's setting under `lookupKey`, if any.
    func setting(of file: Int, lookupKey: EffectiveServiceConfig.SettingLookupKey) -> EffectiveSetting? {
        guard let position = shape(of: file).layout.index[lookupKey] else { return nil }
        return setting(of: file, at: position)
    }
}

/// A rendered file's key list (``RenderedFileSettings/keyList``) with its hash, computed
/// once: as a dictionary or set member it is hashed by that number, and the long lists are
/// compared only when the numbers agree.
struct HashedKeyList: Hashable, Sendable {
    let text: String
    let hash: Int

    init(_ text: String) {
        self.text = text
        hash = text.hashValue
    }

    init(_ file: RenderedFileSettings) {
        text = file.keyList
        hash = file.keyListHash
    }

    static func == (lhs: Self, rhs: Self) -> Bool { lhs.hash == rhs.hash && lhs.text == rhs.text }
    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}

struct MergedSettings: Sendable {
    var settings: [String: EffectiveSetting] = [:]
    /// Template lines whose condition is false, with the lines that decide the condition.
    var suppressedBy: [String: [SourceLocation]] = [:]

    mutating func write(_ setting: EffectiveSetting) {
        write(setting, key: EffectiveServiceConfig.indexKey(setting.section, setting.key))
    }

    /// ``write(_:)`` with the setting's index key already made.
    mutating func write(_ setting: EffectiveSetting, key: String) {
        var setting = setting
        if let previous = settings[key] {
            setting.overridden = previous.overridden + [previous.provenance]
        }
        settings[key] = setting
    }

    /// Applies one INI file. With `variables`, Jinja in the file is evaluated as Ansible
    /// templates override files before merging; without (rendered files) values are taken
    /// as written and templated ones are unknown.
    mutating func apply(file document: INIDocument, variables: EffectiveVariables?, extra: [String: JinjaValue]) {
        for (key, setting) in Self.fileSettings(document, variables: variables, extra: extra) {
            write(setting, key: key)
        }
    }

    /// The settings one INI file writes, under their index keys, in the order the keys are
    /// first written: repeated keys in one file form one multi-value, whose last active line
    /// is the value.
    static func fileSettings(
        _ document: INIDocument, variables: EffectiveVariables?, extra: [String: JinjaValue]
    ) -> [(key: String, setting: EffectiveSetting)] {
        fileEntries(document, variables: variables, extra: extra) { section, entry, value, conditional in
            var setting = EffectiveSetting(
                section: section, key: entry.key, value: value,
                provenance: Provenance(origin: .file(entry.valueLocation)), isConditional: conditional)
            setting.writtenText = entry.value
            return setting
        }
    }

    /// ``fileSettings(_:variables:extra:)`` of a rendered file (no variables) as the rows
    /// ``RenderedRows/settings(_:sharing:)`` would make of those settings, without making
    /// them: with no variables an entry in a Jinja block is left out, so none is conditional;
    /// the value is the written text, or unknown when templated; a setting is written in the
    /// file, selected by no line, and overrides nothing. The `transport_url` hosts are those of
    /// the written text, as the setting parses them (from its value, else its written text),
    /// held as the equal list in `sharing`. Sorted by index key: the keys, and the rows in
    /// their order. `nil` when a line is not one a row can hold (in another file than the
    /// document's, or beyond 32-bit positions).
    static func fileRows(
        _ document: INIDocument, sharing: inout RenderedFileSharing
    ) -> (keys: [String], rows: [RenderedRows.Row])? {
        var fits = true
        var made = fileEntries(document, variables: nil, extra: [:]) { section, entry, value, _ -> RenderedRows.Row? in
            guard fits, entry.valueLocation.path == document.path else { fits = false; return nil }
            let hosts = EffectiveSetting.transportURLHosts(key: entry.key, text: entry.value)
            let row = RenderedRows.row(
                section: section, key: entry.key, text: entry.value, isValueKnown: value != nil,
                location: entry.valueLocation, transportURLHosts: hosts.map { sharing.shared($0) })
            if row == nil { fits = false }
            return row
        }
        guard fits else { return nil }
        // Sorted by key, then split into the keys and the rows in one pass (no array of pairs
        // between them). The walk writes each key once, so the order is the same whatever the sort.
        made.sort { $0.key < $1.key }
        var keys: [String] = [], rows: [RenderedRows.Row] = []
        keys.reserveCapacity(made.count)
        rows.reserveCapacity(made.count)
        for (key, row) in made {
            guard let row else { return nil }
            keys.append(key)
            rows.append(row)
        }
        return (keys, rows)
    }

    /// The walk behind ``fileSettings(_:variables:extra:)``: `make` is given each entry that
    /// writes a setting, with its section as written, its value (`nil` when unknown) and
    /// whether it is conditional.
    private static func fileEntries<Setting>(
        _ document: INIDocument, variables: EffectiveVariables?, extra: [String: JinjaValue],
        make: (_ section: String, _ entry: INIEntry, _ value: String?, _ conditional: Bool) -> Setting
    ) -> [(key: String, setting: Setting)] {
        // Room for every entry, made once (a rendered file holds only modelled ones; repeated
        // keys and other files' unmodelled ones take less): grown step by step, the result was
        // several allocations for every file of a fleet.
        var result: [(key: String, setting: Setting)] = []
        result.reserveCapacity(document.sections.reduce(0) { $0 + $1.entries.count })
        // A repeated key is found among the few keys so far by comparing them (a rendered file
        // sets a handful: no table to allocate and hash every key into), beyond that in a table.
        let comparedKeys = 16
        var positions: [String: Int]?
        for section in document.sections where EffectiveServiceConfig.isModelled(section: section.name) {
            // Per section, not per entry: the section part of the index key, and whether keys
            // are filtered (only `DEFAULT`'s are, see `isModelled(section:key:)`).
            let isDefault = section.name == "DEFAULT"
            let sectionKey = EffectiveServiceConfig.sectionKey(section.name)
            for entry in section.entries where !isDefault || EffectiveServiceConfig.modelledDefaultKeys.contains(entry.key) {
                var conditional = false
                if !entry.conditions.isEmpty {
                    guard let variables else { conditional = true; continue }
                    switch ConditionEvaluation.evaluate(entry.conditions, variables: variables, extra: extra) {
                    case true?: break
                    case false?: continue
                    case nil: conditional = true
                    }
                }
                var value: String? = entry.value
                if entry.isTemplated {
                    value = variables?.render(entry.value, extra: extra).renderedText
                }
                let setting = make(section.name, entry, value, conditional)
                let key = EffectiveServiceConfig.indexKey(sectionKey: sectionKey, entry.key)
                let existing: Int?
                if let positions { existing = positions[key] } else { existing = result.firstIndex { $0.key == key } }
                if let position = existing {
                    result[position].setting = setting
                } else {
                    positions?[key] = result.count
                    result.append((key, setting))
                    if positions == nil, result.count > comparedKeys {
                        var table: [String: Int] = [:]
                        for (position, made) in result.enumerated() { table[made.key] = position }
                        positions = table
                    }
                }
            }
        }
        return result
    }
}

/// Truth of the Jinja branches enclosing an override line.
enum ConditionEvaluation {
    /// `true` when every branch holds, `false` when one is known not to, `nil` when unknown.
    static func evaluate(_ conditions: [INICondition], variables: EffectiveVariables, extra: [String: JinjaValue]) -> Bool? {
        var unknown = false
        for condition in conditions {
            switch condition.kind {
            case .loop:
                unknown = true
            case .branch:
                if condition.isOpaque { unknown = true; continue }
                for test in condition.earlierTests {
                    switch variables.evaluate(test, extra: extra).ansibleTruth {
                    case true?: return false
                    case false?: break
                    case nil: unknown = true
                    }
                }
                if let test = condition.test {
                    switch variables.evaluate(test, extra: extra).ansibleTruth {
                    case true?: break
                    case false?: return false
                    case nil: unknown = true
                    }
                }
            }
        }
        return unknown ? nil : true
    }
}

extension JinjaValue {
    /// Python truthiness, as `{% if x %}` tests a value; `nil` when unknown.
    public var ansibleTruth: Bool? {
        switch self {
        case .unknown: return nil
        case .none: return false
        case .bool(let value): return value
        case .int(let value): return value != 0
        case .float(let value): return value != 0
        case .string(let value): return !value.isEmpty
        case .list(let items): return !items.isEmpty
        case .dict(let members): return !members.isEmpty
        }
    }
}

/// Matching tree paths against Kolla's override patterns.
enum OverridePattern {
    /// The host a relative path names when it matches `pattern` with `<host>` standing for
    /// one path component (not a service name), else `nil`.
    static func host(in relative: String, pattern: String) -> String? {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        let wanted = pattern.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == wanted.count else { return nil }
        var host: String?
        for (want, part) in zip(wanted, parts) {
            if want == "<host>" {
                host = String(part)
            } else if want != part {
                return nil
            }
        }
        return host
    }
}

/// The default settings of `effectiveDefaultOptions` for a release, per project (project
/// options such as nova's `long_rpc_timeout` differ), computed once per run.
final class OsloDefaultCache {
    private let release: OpenStackRelease
    private let selectedBy: [SourceLocation]
    private var table: [String: [(String, EffectiveSetting)]] = [:]

    init(release: OpenStackRelease, releaseLocation: SourceLocation?) {
        self.release = release
        self.selectedBy = releaseLocation.map { [$0] } ?? []
    }

    /// The options whose default, for some project asked for so far, is unconditionally true
    /// (every default a config of the model holds was asked for through ``settings(project:)``).
    var trueDefaultKeys: Set<EffectiveServiceConfig.SettingLookupKey> {
        var keys: Set<EffectiveServiceConfig.SettingLookupKey> = []
        for settings in table.values {
            for (_, setting) in settings where !setting.isConditional && setting.boolValue == true {
                keys.insert(EffectiveServiceConfig.lookupKey(of: setting))
            }
        }
        return keys
    }

    /// For each option, the distinct values of its defaults for the projects asked for so far
    /// (see ``trueDefaultKeys``), in no set order: read as a set.
    var defaultValues: [EffectiveServiceConfig.SettingLookupKey: [String?]] {
        var values: [EffectiveServiceConfig.SettingLookupKey: [String?]] = [:]
        for settings in table.values {
            for (_, setting) in settings {
                let key = EffectiveServiceConfig.lookupKey(of: setting)
                if values[key]?.contains(setting.value) != true { values[key, default: []].append(setting.value) }
            }
        }
        return values
    }

    private var addedTable: [String: OsloMessagingVersion?] = [:]
    private var services: [String: KollaService?] = [:]
    private var sortedTable: [String: [(key: String, setting: EffectiveSetting)]] = [:]
    private var layouts: [LayoutName: RenderedLayout] = [:]

    /// A layout's identity: the project (whose defaults are below) and the file's option keys.
    private struct LayoutName: Hashable {
        var project: String
        var keyList: String
        /// `keyList.hashValue`, precomputed (the lists are long; equality still compares them).
        var keyListHash: Int

        static func == (lhs: LayoutName, rhs: LayoutName) -> Bool {
            lhs.keyListHash == rhs.keyListHash && lhs.project == rhs.project && lhs.keyList == rhs.keyList
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(project)
            hasher.combine(keyListHash)
        }
    }

    /// How a rendered file's effective settings are laid out: for each position in key order,
    /// the index of the file's own setting (≥ 0) or `-1 - i` for the project's `i`-th sorted
    /// default; the index by key; the project's defaults; and for each own setting, the
    /// oslo.messaging version that added the option when the release's is older. Shared by
    /// every config of the model whose file sets the same options (a class: one reference each).
    final class RenderedLayout: Sendable {
        let plan: [Int]
        let index: [EffectiveServiceConfig.SettingLookupKey: Int]
        let defaults: [EffectiveSetting]
        let added: [OsloMessagingVersion?]
        /// Whether `added` marks any option (lookups skip it when not: most layouts).
        let marksAny: Bool

        init(plan: [Int], index: [EffectiveServiceConfig.SettingLookupKey: Int], defaults: [EffectiveSetting],
             added: [OsloMessagingVersion?]) {
            self.plan = plan
            self.index = index
            self.defaults = defaults
            self.added = added
            marksAny = added.contains { $0 != nil }
        }
    }

    /// ``KollaKnowledge/service(named:release:)`` for the release, looked up once per name.
    func service(named name: String) -> KollaService? {
        if let known = services[name] { return known }
        let found = KollaKnowledge.service(named: name, release: release)
        services[name] = found
        return found
    }

    /// ``settings(project:)`` sorted by key.
    func sortedSettings(project: String?) -> [(key: String, setting: EffectiveSetting)] {
        if let known = sortedTable[project ?? ""] { return known }
        let sorted = settings(project: project).sorted { $0.0 < $1.0 }.map { (key: $0.0, setting: $0.1) }
        sortedTable[project ?? ""] = sorted
        return sorted
    }

    /// Layouts by project and the number of the file's key list (see
    /// ``EffectiveOsloBuilder/renderedConfigs(_:index:)``).
    private var numberedLayouts: [String: [Int: RenderedLayout]] = [:]

    /// The layout of a rendered file's own settings with the project's defaults below them.
    /// `keyList` numbers the file's key list among the deployment's files, when known.
    func layout(project: String?, own: RenderedFileSettings, keyList: Int? = nil) -> RenderedLayout {
        if let keyList, let known = numberedLayouts[project ?? ""]?[keyList] { return known }
        let found = layout(project: project, own: own)
        if let keyList { numberedLayouts[project ?? "", default: [:]][keyList] = found }
        return found
    }

    private func layout(project: String?, own: RenderedFileSettings) -> RenderedLayout {
        let name = LayoutName(project: project ?? "", keyList: own.keyList, keyListHash: own.keyListHash)
        if let known = layouts[name] { return known }
        let defaults = sortedSettings(project: project)
        let ownSorted = own.sorted
        let ownKeys = Set(ownSorted.map(\.key))
        var entries: [(key: String, source: Int, setting: EffectiveSetting)] = ownSorted.enumerated().map { ($1.key, $0, $1.setting) }
        for (position, entry) in defaults.enumerated() where !ownKeys.contains(entry.key) {
            entries.append((entry.key, -1 - position, entry.setting))
        }
        entries.sort { $0.key < $1.key }
        var index: [EffectiveServiceConfig.SettingLookupKey: Int] = [:]
        for (position, entry) in entries.enumerated() { index[EffectiveServiceConfig.lookupKey(of: entry.setting)] = position }
        // Options the release's oslo.messaging does not have yet are ignored by the service.
        let added = ownSorted.map { entry in
            self.added(key: entry.key, section: entry.setting.section, option: entry.setting.key)
        }
        let layout = RenderedLayout(plan: entries.map(\.source), index: index, defaults: defaults.map(\.setting), added: added)
        layouts[name] = layout
        return layout
    }

    /// ``KollaKnowledge/osloOptionAdded(section:key:release:)`` for the release, looked up
    /// once per option (`key` is the option's index key).
    func added(key: String, section: String, option: String) -> OsloMessagingVersion? {
        if let known = addedTable[key] { return known }
        let found = KollaKnowledge.osloOptionAdded(section: section, key: option, release: release)
        addedTable[key] = found
        return found
    }

    /// Per option of `effectiveDefaultOptions`: its index key, and whether its default can
    /// depend on the project (``KollaKnowledge/osloDefaultDependsOnProject(section:key:)``).
    private static let optionFacts: [(indexKey: String, perProject: Bool)] = effectiveDefaultOptions.map { option in
        (EffectiveServiceConfig.indexKey(option.section, option.key),
         KollaKnowledge.osloDefaultDependsOnProject(section: option.section, key: option.key))
    }

    /// The defaults of the options whose default does not depend on the project, by position
    /// in `effectiveDefaultOptions` (`nil` inside: the release does not have the option): looked
    /// up for the first project asked for, then shared by every other.
    private var projectFreeDefaults = [(String, EffectiveSetting)??](repeating: nil, count: effectiveDefaultOptions.count)

    /// The defaults of `effectiveDefaultOptions` for a project of the release, in that order
    /// (those the release does not have left out).
    func settings(project: String?) -> [(String, EffectiveSetting)] {
        let name = project ?? ""
        if let known = table[name] { return known }
        var result: [(String, EffectiveSetting)] = []
        for (position, option) in effectiveDefaultOptions.enumerated() {
            let facts = Self.optionFacts[position]
            if !facts.perProject, case .some(let known) = projectFreeDefaults[position] {
                if let known { result.append(known) }
                continue
            }
            let made = KollaKnowledge.osloDefault(
                section: option.section, key: option.key, release: release, project: project).map { found in
                (facts.indexKey, EffectiveSetting(
                    section: option.section, key: option.key, value: found.value,
                    provenance: Provenance(origin: .osloDefault("\(found.definedBy): \(found.source)"), selectedBy: selectedBy)))
            }
            if !facts.perProject { projectFreeDefaults[position] = .some(made) }
            if let made { result.append(made) }
        }
        table[name] = result
        return result
    }
}
