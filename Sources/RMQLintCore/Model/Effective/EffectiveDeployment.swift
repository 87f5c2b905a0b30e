import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders

/// A project Kolla deploys, and why rmqlint thinks so.
public struct EnabledProject: Sendable {
    /// The Kolla project (role) name: `nova`, `nova-cell`, `neutron`.
    public var name: String
    /// Why it counts as enabled.
    public enum Reason: Sendable {
        /// Its `enable_<project>` variable is true (set in globals, or Kolla's default).
        case variable(name: String, provenance: Provenance)
        /// The tree has overrides or rendered configs for it.
        case filesInTree(String)
    }
    /// Why it counts as enabled.
    public var reason: Reason
}

/// What Kolla-Ansible would render for a deployment (docs/spec.md §4): its variables, enabled
/// projects and services, the effective oslo config of every service (and host with its own
/// overrides), the RabbitMQ policies and the cluster.
public struct EffectiveDeployment: Sendable {
    /// The variables (Kolla defaults for the release overlaid by globals).
    public var variables: EffectiveVariables?
    /// The projects Kolla deploys, sorted by name.
    public var enabledProjects: [EnabledProject]
    /// The Kolla services of the enabled projects for the release, in catalogue order.
    public var services: [KollaService]
    /// Effective oslo configs: Kolla-computed ones per service (every host, then hosts with
    /// their own overrides), then rendered files, in path order.
    public var configs: [EffectiveServiceConfig] {
        didSet {
            overriders = Self.overriderIndex(configs)
            renderedIndex = nil
        }
    }
    /// Policy sets: the global one first (custom file or Kolla's template), then per host.
    public var policySets: [EffectivePolicySet]
    /// The RabbitMQ cluster.
    public var cluster: RabbitMQCluster
    /// What each policy set reaches, index for index with `policySets`.
    public var policyReaches: [PolicyReach] = []
    /// The broker configuration: Kolla's view for every host, then hosts with their own
    /// overrides, then rendered or collected broker files (one view per directory).
    public var brokers: [EffectiveBrokerConfig] = []

    /// For each tree line some layer above overrides: the indices (ascending) of the configs
    /// in which it is overridden. Kept with `configs`, so "where is this line overridden" does
    /// not scan every config of a fleet for every line (a quadratic cost on rendered fleets).
    private var overriders: [SourceLocation: [Int]] = [:]

    /// What is known of the rendered configs at the end of `configs` (one per rendered file,
    /// in file order), worked out once per deployment and shared by every candidate release's
    /// model; `nil` when unknown or when `configs` changed since (see
    /// ``Deployment/settingSources(section:key:splitTemplates:splitDefaults:)``).
    var renderedIndex: RenderedFileIndex?
    /// The options whose oslo default, for some project of this model, is unconditionally true:
    /// a rendered config whose file does not set such an option may get true from its defaults
    /// (see ``configs(settingTrue:)``); `nil` when unknown.
    var trueDefaults: Set<EffectiveServiceConfig.SettingLookupKey>?
    /// For each option with an oslo default for some project of this model, the distinct
    /// values of those defaults: what a rendered config whose file does not set the option
    /// may hold; `nil` when unknown (or the model has no rendered config).
    var defaultValues: [EffectiveServiceConfig.SettingLookupKey: [String?]]?

    /// Creates a model; the configs are indexed by the tree lines they override.
    init(
        variables: EffectiveVariables?, enabledProjects: [EnabledProject], services: [KollaService],
        configs: [EffectiveServiceConfig], policySets: [EffectivePolicySet], cluster: RabbitMQCluster,
        policyReaches: [PolicyReach] = [], brokers: [EffectiveBrokerConfig] = [], renderedIndex: RenderedFileIndex? = nil,
        trueDefaults: Set<EffectiveServiceConfig.SettingLookupKey>? = nil,
        defaultValues: [EffectiveServiceConfig.SettingLookupKey: [String?]]? = nil
    ) {
        self.renderedIndex = renderedIndex
        self.trueDefaults = trueDefaults
        self.defaultValues = defaultValues
        self.variables = variables
        self.enabledProjects = enabledProjects
        self.services = services
        self.configs = configs
        self.policySets = policySets
        self.cluster = cluster
        self.policyReaches = policyReaches
        self.brokers = brokers
        overriders = Self.overriderIndex(configs)
    }

    /// The configs (in `configs` order) in which a setting overrides the value written at
    /// `location`: those whose settings list `location` among their overridden layers.
    /// A superset filter: callers still check the setting they look at.
    public func configs(overriding location: SourceLocation) -> [EffectiveServiceConfig] {
        // A fleet of collected files overrides nothing: no location to hash, per finding.
        guard !overriders.isEmpty else { return [] }
        return (overriders[location] ?? []).map { configs[$0] }
    }

    private static func overriderIndex(_ configs: [EffectiveServiceConfig]) -> [SourceLocation: [Int]] {
        var index: [SourceLocation: [Int]] = [:]
        // A rendered file's own settings over defaults override nothing: skipped unread.
        for (position, config) in configs.enumerated() where !config.isRenderedLayers {
            for setting in config.settings {
                for lower in setting.overridden {
                    guard case .file(let location) = lower.origin else { continue }
                    if index[location]?.last != position { index[location, default: []].append(position) }
                }
            }
        }
        return index
    }

    /// The options some config sets (a line of a tree file or of Kolla's template, not an
    /// oslo.messaging default), each once, in the order the configs (model order, each in
    /// index-key order) first set them: `section` as oslo.config matches it (`DEFAULT`
    /// exactly, others lower-cased), `key` as written. The rendered files of a fleet share a
    /// few layouts, so each layout's options are read once, not once per file.
    public var setOptions: [(section: String, key: String)] {
        var result: [(section: String, key: String)] = []
        var seen: Set<EffectiveServiceConfig.SettingLookupKey> = []
        var layouts: Set<ObjectIdentifier> = []
        func add(_ section: String, _ key: String) {
            let sectionKey = EffectiveServiceConfig.sectionKey(section)
            if seen.insert(EffectiveServiceConfig.SettingLookupKey(section: sectionKey, key: key)).inserted {
                result.append((sectionKey, key))
            }
        }
        // The rendered configs' own options do not depend on the release: listed once per
        // deployment (the index), after the Kolla-computed configs' own.
        var end = configs.count
        if let index = renderedIndex, index.files.count <= configs.count {
            end = configs.count - index.files.count
        }
        for config in configs[..<end] {
            if let rendered = config.renderedLayers {
                // Files with the same layout set the same options: the first one adds them all.
                guard layouts.insert(ObjectIdentifier(rendered.layout)).inserted else { continue }
                for setting in rendered.own { add(setting.section, setting.key) }
            } else {
                for setting in config.settings where !setting.isOsloDefault { add(setting.section, setting.key) }
            }
        }
        if end < configs.count, let index = renderedIndex {
            for option in index.setOptions { add(option.section, option.key) }
        }
        return result
    }

    /// The configs whose `transport_url` (in any section) may name exactly one host, in
    /// `configs` order: a superset, callers still check the setting they read. A rendered
    /// file's `transport_url` is its own line (no oslo default is added for it), the same in
    /// every candidate release's model, so the rendered files that name one host are found
    /// once per deployment (``RenderedFileIndex/oneTransportHostFiles``) and the others are
    /// passed over unread: on a fleet of collected files, nearly every config.
    public var configsMayNameOneTransportHost: [EffectiveServiceConfig] {
        configsMayNameOneTransportHost(shortcut: true)
    }

    /// ``configsMayNameOneTransportHost``; `shortcut: false` gives every config (the
    /// reference the shortcut is tested against), as does a model without a rendered index.
    func configsMayNameOneTransportHost(shortcut: Bool) -> [EffectiveServiceConfig] {
        guard shortcut, !Self.defaultsIncludeTransportURL, let index = renderedIndex, index.files.count <= configs.count
        else { return configs }
        // The index describes the rendered configs ending `configs` (it is dropped when they change).
        let start = configs.count - index.files.count
        return Array(configs[..<start]) + index.oneTransportHostFiles.map { configs[start + $0] }
    }

    /// Whether an oslo default is added for some `transport_url`: a rendered config could then
    /// take it from the release's defaults, not from its file (the shortcut above is off).
    private static let defaultsIncludeTransportURL = effectiveDefaultOptions.contains { $0.key == "transport_url" }

    /// The configs whose `key` setting is unconditionally true (``EffectiveSetting/boolValue``,
    /// not conditional), in `configs` order. A rendered config takes the option from its own
    /// file, else from the release's defaults: when no default of the model is true, only the
    /// rendered files that set the option themselves (found once per deployment) are read, not
    /// every config of a fleet in every candidate release's model.
    public func configs(settingTrue key: EffectiveServiceConfig.SettingLookupKey) -> [EffectiveServiceConfig] {
        configs(settingTrue: key, shortcut: true)
    }

    /// ``configs(settingTrue:)``; `shortcut: false` reads every config (the reference the
    /// shortcut is tested against), as does a model without a rendered index or whose
    /// defaults may be true.
    func configs(settingTrue key: EffectiveServiceConfig.SettingLookupKey, shortcut: Bool) -> [EffectiveServiceConfig] {
        func isTrue(_ config: EffectiveServiceConfig) -> Bool {
            guard let setting = config.setting(lookupKey: key) else { return false }
            return !setting.isConditional && setting.boolValue == true
        }
        guard shortcut, let index = renderedIndex, index.plainKeys, index.files.count <= configs.count,
              let trueDefaults, !trueDefaults.contains(key)
        else { return configs.filter(isTrue) }
        // The index describes the rendered configs ending `configs` (it is dropped when they change).
        let start = configs.count - index.files.count
        return configs[..<start].filter(isTrue) + (index.filesSetting[key] ?? []).map { configs[start + $0] }.filter(isTrue)
    }

    /// An empty model (loose files with nothing to compute).
    public static let empty = EffectiveDeployment(
        variables: nil, enabledProjects: [], services: [], configs: [], policySets: [],
        cluster: RabbitMQCluster(group: "rabbitmq", hosts: nil, location: nil))

    /// The configs of one service (every host's first).
    public func configs(ofService service: String) -> [EffectiveServiceConfig] {
        configs.filter { $0.service == service }
    }
}

/// Builds the effective deployment from a `Deployment`'s parsed files.
enum EffectiveDeploymentBuilder {
    /// `cluster`, when given, is used as is instead of being worked out again (a candidate
    /// release's model shares its deployment's cluster).
    ///
    /// `rendered`, when given, are the deployment's ``renderedFileSettings(_:)``, read once and
    /// shared by every candidate release's model instead of being read from the files again.
    static func build(
        _ deployment: Deployment, cluster knownCluster: RabbitMQCluster? = nil, rendered: [RenderedFileSettings]? = nil
    ) -> EffectiveDeployment {
        let version = deployment.release.version
        let releaseLocation = deployment.release.globalsLocation
        let isTree = deployment.kind != .loose
        let variables = isTree || !deployment.globals.isEmpty
            ? EffectiveVariables(globals: deployment.globals, version: version, inventory: deployment.inventory,
                                 releaseLocation: releaseLocation)
            : nil

        // Override files by path relative to the override directory.
        // Directory by directory, base first: a Kayobe environment's file of the same relative path
        // is merged after the base one (kayobe `ansible/roles/kolla-openstack/action_plugins/
        // kolla_custom_config_info.py`, merge_configs over the search paths in order).
        var overrides: [(relative: String, file: OsloConfigFile)] = []
        for directory in deployment.configDirectories {
            for file in deployment.osloFiles {
                guard case .osloOverride = file.role,
                      let relative = PathUtilities.relative(file.document.path, to: directory) else { continue }
                overrides.append((relative, file))
            }
        }

        // Enabled projects (issue: `enable_<project>` and projects with files in the tree).
        var enabled: [String: EnabledProject] = [:]
        let catalogue = KollaKnowledge.services(for: version.release)
        if isTree, let variables {
            for project in Set(catalogue.map(\.project)) {
                let variable = project == "nova-cell" ? "enable_nova" : "enable_" + String(project.map { $0 == "-" ? "_" : $0 })
                guard variables.value(variable).ansibleBool == true else { continue }
                let provenance: Provenance
                switch variables.sources[variable] {
                case .globals(let global)?: provenance = Provenance(origin: .file(global.location))
                case .kollaDefault(let value)?:
                    provenance = Provenance(origin: .kollaDefault(value.source),
                                            selectedBy: variables.selectingLocations(expression: variable))
                default: provenance = Provenance(origin: .kollaDefault(variable))
                }
                enabled[project] = EnabledProject(name: project, reason: .variable(name: variable, provenance: provenance))
            }
        }
        // Only override files enable a project: the role is read first (a fleet's thousands of
        // rendered files are passed over without their project or a copy, per candidate release).
        for position in deployment.osloFiles.indices {
            guard case .osloOverride = deployment.osloFiles[position].role else { continue }
            let file = deployment.osloFiles[position]
            guard let project = file.project, enabled[project] == nil else { continue }
            enabled[project] = EnabledProject(name: project, reason: .filesInTree(file.document.path))
            // nova's overrides reach the nova-cell services too (they read config/nova*).
            if project == "nova", enabled["nova-cell"] == nil {
                enabled["nova-cell"] = EnabledProject(name: "nova-cell", reason: .filesInTree(file.document.path))
            }
        }
        let enabledProjects = enabled.values.sorted { $0.name < $1.name }
        let enabledNames = Set(enabled.keys)
        let services = isTree ? catalogue.filter { enabledNames.contains($0.project) } : []

        var configs: [EffectiveServiceConfig] = []
        let oslo = EffectiveOsloBuilder(
            version: version, variables: variables ?? EffectiveVariables(
                globals: [:], version: version, inventory: deployment.inventory, releaseLocation: releaseLocation),
            overrides: overrides, inventory: deployment.inventory,
            serviceNames: Set(catalogue.map(\.name)),
            defaults: OsloDefaultCache(release: version.release, releaseLocation: releaseLocation))
        for service in services {
            configs += oslo.configs(for: service)
        }
        let renderedFiles = rendered ?? deployment.renderedSettings ?? renderedFileSettings(deployment)
        // The deployment's index when it describes these files (the candidates of a fleet
        // share it), else one for them.
        let renderedIndex = deployment.renderedIndex.flatMap { $0.describes(renderedFiles) ? $0 : nil }
            ?? RenderedFileIndex(renderedFiles)
        let renderedConfigs = oslo.renderedConfigs(renderedFiles, index: renderedIndex)
        // Taken as they are where no service config comes first (a fleet of collected files, in
        // every candidate release's model): appended, their thousands of configs were copied.
        if configs.isEmpty { configs = renderedConfigs } else { configs += renderedConfigs }

        // Policies: the operator's definitions.json (host file > global file) else Kolla's.
        let policyBuilder = EffectivePolicyBuilder(version: version, variables: variables)
        var policySets: [EffectivePolicySet] = []
        let global = deployment.definitions.first { if case .rabbitmqOverride(_, nil) = $0.role { return true } else { return false } }
        if isTree {
            policySets.append(global.map { policyBuilder.policySet(file: $0, host: nil) } ?? policyBuilder.templateSet())
        }
        for file in deployment.definitions {
            switch file.role {
            case .rabbitmqOverride(_, let host?):
                policySets.append(policyBuilder.policySet(file: file, host: host))
            case .looseRabbitMQDefinitions:
                policySets.append(policyBuilder.policySet(file: file, host: nil))
            default:
                continue
            }
        }

        let cluster: RabbitMQCluster
        if let knownCluster {
            cluster = knownCluster
        } else if let inventory = deployment.inventory {
            cluster = RabbitMQCluster(group: "rabbitmq", hosts: inventory.hosts(inGroup: "rabbitmq"),
                                      location: inventory.groups["rabbitmq"]?.location,
                                      evidence: "inventory " + inventory.paths.joined(separator: ", "))
        } else if let rendered = RabbitMQCluster.fromRendered(oslo: renderedFiles, confs: deployment.rabbitmqConfs) {
            cluster = rendered
        } else {
            cluster = RabbitMQCluster(group: "rabbitmq", hosts: nil, location: nil)
        }
        let fallbackHost = cluster.hosts?.first ?? "node1"
        let reaches = policySets.map {
            PolicyReach(set: $0, configs: configs, release: version.release, rabbitMQ: deployment.rabbitMQ.version,
                        fallbackHost: fallbackHost)
        }
        let brokers = EffectiveBrokerBuilder(deployment: deployment, variables: variables).build()
        return EffectiveDeployment(
            variables: variables, enabledProjects: enabledProjects, services: services, configs: configs,
            policySets: policySets, cluster: cluster, policyReaches: reaches, brokers: brokers, renderedIndex: renderedIndex,
            // After every config is made: every project's defaults were asked for by then.
            // The defaults' values serve rendered configs only: a model without any is spared them.
            trueDefaults: oslo.defaults.trueDefaultKeys, defaultValues: renderedFiles.isEmpty ? nil : oslo.defaults.defaultValues)
    }

    /// The settings of the deployment's rendered and loose oslo files, each file's own, in file
    /// order: what their effective configs take from the files, the same for every candidate
    /// release (only the oslo defaults and the catalogue entries added to them depend on it).
    /// Files are read on every core when `parallel`.
    static func renderedFileSettings(_ deployment: Deployment, parallel: Bool = false) -> [RenderedFileSettings] {
        // Positions, not copies of the files: a fleet's copies were 3 MB at the peak heap.
        let positions = deployment.osloFiles.indices.filter { position in
            switch deployment.osloFiles[position].role {
            case .renderedOslo, .looseOslo: true
            default: false
            }
        }
        func settings(_ position: Int, _ sharing: inout RenderedFileSharing) -> RenderedFileSettings {
            let file = deployment.osloFiles[position]
            var host: String?
            if case .renderedOslo = file.role { host = renderedHost(file.document.path, root: deployment.root) }
            return RenderedFileSettings(file: file, host: host, sharing: &sharing)
        }
        // In pieces, each sharing its files' equal key and host lists: a fleet's files have a few.
        let piece = 128
        guard parallel, positions.count > piece else {
            var sharing = RenderedFileSharing()
            return positions.map { settings($0, &sharing) }
        }
        return Parallel.map((positions.count + piece - 1) / piece) { part in
            var sharing = RenderedFileSharing()
            return positions[(part * piece)..<min(positions.count, (part + 1) * piece)].map { settings($0, &sharing) }
        }.flatMap { $0 }
    }

    /// The host a rendered file was collected from: the directory above its service
    /// directory (`ctl01/nova-api/nova.conf` → `ctl01`), unless that is the tree root.
    static func renderedHost(_ path: String, root: String) -> String? {
        let serviceDirectory = PathUtilities.parent(path)
        let hostDirectory = PathUtilities.parent(serviceDirectory)
        guard hostDirectory != root, hostDirectory != serviceDirectory, hostDirectory != ".", !hostDirectory.isEmpty else {
            return nil
        }
        let name = PathUtilities.basename(hostDirectory)
        return name == "kolla" || name == "etc" ? nil : name
    }
}

/// The paths of a deployment's rendered and loose oslo files, whose effective configs end
/// `EffectiveDeployment.configs` one per file, in file order: whether they are distinct,
/// and the set of them. Release-independent, so worked out once per deployment (not once
/// per candidate release) and shared; immutable.
final class RenderedFileIndex: Sendable {
    /// The files, in order (held to tell whether this index describes a list of files).
    let files: [RenderedFileSettings]
    /// Every file's display path.
    let paths: Set<String>
    /// Whether no two files share a path.
    let distinct: Bool

    /// The options the files set, each once, in the order the files (each in index-key order)
    /// first set them; sections as oslo.config matches them (see ``EffectiveDeployment/setOptions``).
    let setOptions: [(section: String, key: String)]
    /// For each file, the number of its key list (its set of options) among the files: files
    /// with the same number share a layout per project in every candidate release's model.
    let keyListIDs: [Int]
    /// For each file, the number of its shape: the files of one shape have the same service,
    /// project (their role's), project of the file name and key list, so in every release
    /// their configs have the same project, catalogue entry and layout (``RenderedConfigs``).
    let shapeIDs: [Int]
    /// For each shape, its first file: ascending.
    let shapeFirstFiles: [Int]
    /// The positions of the files with an own `transport_url` (any section) naming exactly one
    /// host (see ``EffectiveDeployment/configsMayNameOneTransportHost``), ascending.
    let oneTransportHostFiles: [Int]
    /// For each option some file sets (by lookup key), the positions of those files, ascending.
    let filesSetting: [EffectiveServiceConfig.SettingLookupKey: [Int]]
    /// Whether no section or option name of a file holds the index key's separator: files
    /// with the same key list then set the same options (by lookup key), as their shared
    /// layout's index says (``EffectiveDeployment/configs(settingTrue:)`` relies on it).
    let plainKeys: Bool

    /// The files of one rendered service (the service named by the file's place; `nil` for a
    /// loose file) that set an option to one value, or that leave it unset.
    struct ValueGroup: Sendable {
        let service: String?
        /// The file's own value, or `nil` for the files that do not set the option.
        let value: String??
        /// Ascending.
        let positions: [Int]
    }

    /// The files by service, in first-seen order.
    let serviceGroups: [ValueGroup]
    /// ``valueGroups(_:)`` of the options asked for, made once and shared by every candidate
    /// release's model (a few options are asked for; a fleet's URLs are nearly all distinct).
    private let valueGroupCache = BoundedCache<EffectiveServiceConfig.SettingLookupKey, [ValueGroup]?>(capacity: 64)
    /// Whether each file's own lines are in the file itself: a rendered config's source is
    /// then its own (its line, or the file leaving the option unset), whatever it holds.
    let ownLinesInOwnFiles: Bool
    /// What rules work out from these files alone, by name: made once and shared by every
    /// candidate release's model (see ``Deployment/renderedFilesFact(_:uses:_:)``).
    let facts = SharedFacts()

    init(_ files: [RenderedFileSettings]) {
        self.files = files
        // The set of paths (every path hashed) is made on another core while this one works
        // out the rest, for a fleet's thousands of files (on the main thread, between the
        // files read on every core and the candidate models built on every core).
        let pathSet = Parallel.inBackground(if: files.count > Self.backgroundFromFiles) { Set(files.map(\.path)) }
        // Key lists are long: numbered by the hash each file computed once, compared only on a hit.
        var numbers: [HashedKeyList: Int] = [:]
        var ids: [Int] = []
        /// For each key list number, the first file with it.
        var firstFiles: [Int] = []
        ids.reserveCapacity(files.count)
        for (position, file) in files.enumerated() {
            let name = HashedKeyList(file)
            if let known = numbers[name] {
                ids.append(known)
            } else {
                ids.append(firstFiles.count)
                numbers[name] = firstFiles.count
                firstFiles.append(position)
            }
        }
        keyListIDs = ids
        struct Shape: Hashable { var service, project, projectOfFileName: String?; var keyList: Int }
        var shapes: [Shape: Int] = [:]
        var shapeIDs: [Int] = []
        var shapeFirstFiles: [Int] = []
        shapeIDs.reserveCapacity(files.count)
        for (position, file) in files.enumerated() {
            let shape = Shape(service: file.service, project: file.project, projectOfFileName: file.projectOfFileName,
                              keyList: ids[position])
            if let known = shapes[shape] {
                shapeIDs.append(known)
            } else {
                shapes[shape] = shapeFirstFiles.count
                shapeIDs.append(shapeFirstFiles.count)
                shapeFirstFiles.append(position)
            }
        }
        self.shapeIDs = shapeIDs
        self.shapeFirstFiles = shapeFirstFiles
        oneTransportHostFiles = files.indices.filter { files[$0].namesOneTransportHost }
        plainKeys = !files.contains { $0.holdsKeySeparator }
        filesSetting = plainKeys
            ? Self.filesSetting(files, keyListIDs: ids, firstFiles: firstFiles)
            : Self.filesSettingFileByFile(files)
        ownLinesInOwnFiles = files.allSatisfy(\.ownLinesInOwnFile)
        // Files of one service, first-seen order; positions ascending as the files are walked in order.
        var serviceOrder: [String?: Int] = [:]
        var byService: [(service: String?, positions: [Int])] = []
        for (position, file) in files.enumerated() {
            if let known = serviceOrder[file.service] {
                byService[known].positions.append(position)
            } else {
                serviceOrder[file.service] = byService.count
                byService.append((file.service, [position]))
            }
        }
        serviceGroups = byService.map { ValueGroup(service: $0.service, value: nil, positions: $0.positions) }
        var options: [(section: String, key: String)] = []
        var seen: Set<EffectiveServiceConfig.SettingLookupKey> = []
        // Files with the same keys set the same options: the first file of each key list adds them all.
        for first in firstFiles {
            for setting in files[first].settings {
                let section = EffectiveServiceConfig.sectionKey(setting.section)
                if seen.insert(EffectiveServiceConfig.SettingLookupKey(section: section, key: setting.key)).inserted {
                    options.append((section, setting.key))
                }
            }
        }
        setOptions = options
        paths = pathSet.value
        distinct = paths.count == files.count
    }

    /// How many files the index needs before its set of paths is made on another core (for
    /// fewer, handing it over costs more than it saves).
    static let backgroundFromFiles = 256

    /// ``filesSetting``: for each lookup key some file sets, the positions of those files,
    /// ascending, read one setting of one file at a time (the reference the shortcut below
    /// is tested against, and what files with separators in their names take).
    static func filesSettingFileByFile(_ files: [RenderedFileSettings]) -> [EffectiveServiceConfig.SettingLookupKey: [Int]] {
        var setting: [EffectiveServiceConfig.SettingLookupKey: [Int]] = [:]
        for (position, file) in files.enumerated() {
            for own in file.settings {
                let key = EffectiveServiceConfig.lookupKey(of: own)
                if setting[key]?.last != position { setting[key, default: []].append(position) }
            }
        }
        return setting
    }

    /// ``filesSettingFileByFile(_:)`` read once per key list: files with the same key list
    /// (`keyListIDs`, numbered in order of `firstFiles`) set the same lookup keys when no
    /// section or option name holds U+001F (the caller's precondition): an index key is then
    /// `sectionKey(section)`, U+001F and the option, so equal index keys are equal lookup keys,
    /// and distinct ones distinct. A file's positions join each of its key list's keys.
    static func filesSetting(
        _ files: [RenderedFileSettings], keyListIDs: [Int], firstFiles: [Int]
    ) -> [EffectiveServiceConfig.SettingLookupKey: [Int]] {
        var positionsByList = [[Int]](repeating: [], count: firstFiles.count)
        for (position, id) in keyListIDs.enumerated() { positionsByList[id].append(position) }
        var listsSetting: [EffectiveServiceConfig.SettingLookupKey: [Int]] = [:]
        for (id, first) in firstFiles.enumerated() {
            for own in files[first].settings {
                listsSetting[EffectiveServiceConfig.lookupKey(of: own), default: []].append(id)
            }
        }
        // A file has one key list: the lists' positions are disjoint, sorted once joined.
        return listsSetting.mapValues { lists in
            lists.count == 1 ? positionsByList[lists[0]] : lists.flatMap { positionsByList[$0] }.sorted()
        }
    }

    /// The files by service and own value of option `key`, then by service those that leave it
    /// unset; groups in first-seen order. What
    /// ``Deployment/settingSources(section:key:splitTemplates:splitDefaults:value:service:keeping:)``
    /// reads instead of every rendered config. `nil` unless `plainKeys` (a file then sets each
    /// lookup key once, and its config holds that setting under it).
    func valueGroups(_ key: EffectiveServiceConfig.SettingLookupKey) -> [ValueGroup]? {
        guard plainKeys else { return nil }
        return valueGroupCache.value(key) { key in
            let positions = filesSetting[key] ?? []
            struct Name: Hashable { var service: String?; var value: String? }
            var order: [Name: Int] = [:]
            var groups: [(name: Name, positions: [Int])] = []
            for position in positions {
                let file = files[position]
                // The lookup key's parts compared, not hashed, for each of the file's few settings.
                guard let own = file.settings.first(where: {
                    $0.key == key.key && EffectiveServiceConfig.sectionKey($0.section) == key.section
                }) else { return nil }
                let name = Name(service: file.service, value: own.value)
                if let known = order[name] {
                    groups[known].positions.append(position)
                } else {
                    order[name] = groups.count
                    groups.append((name, [position]))
                }
            }
            var result = groups.map { ValueGroup(service: $0.name.service, value: .some($0.name.value), positions: $0.positions) }
            // Per service, the files that do not set it: the service's files less the setting ones.
            for group in serviceGroups {
                var unset: [Int] = []
                var remaining = positions[...]
                for position in group.positions {
                    while let first = remaining.first, first < position { remaining = remaining.dropFirst() }
                    if remaining.first != position { unset.append(position) }
                }
                if !unset.isEmpty { result.append(ValueGroup(service: group.service, value: nil, positions: unset)) }
            }
            return result
        }
    }

    /// Whether `other` are exactly these files (the same objects, in the same order).
    func describes(_ other: [RenderedFileSettings]) -> Bool {
        other.count == files.count && zip(other, files).allSatisfy { $0 === $1 }
    }
}

extension ResolvedRelease {
    /// Where globals set the release, when they do.
    var globalsLocation: SourceLocation? {
        if case .globals(let location) = source { return location }
        return nil
    }
}
