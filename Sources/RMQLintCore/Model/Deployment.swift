import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders

/// A variable set in `globals.yml` / `globals.d/*.yml` (later files win).
public struct GlobalVariable: Sendable {
    /// Variable name.
    public var name: String
    /// The effective value node.
    public var value: YAMLNode
    /// Where the effective value's key is written.
    public var location: SourceLocation
    /// Earlier definitions it overrides, in load order.
    public var overridden: [SourceLocation]
    /// Where each earlier definition's value ends (end exclusive), parallel to `overridden`.
    public var overriddenValueEnds: [SourcePosition] = []

    /// Where the effective value ends (end exclusive).
    public var valueEnd: SourcePosition { value.location.range.end }

    /// The whole lines each definition occupies, key to value, earlier ones first, when
    /// every definition is a top-level `key: value` of a block mapping (key in column 1):
    /// the lines a fix deletes to remove the variable. `nil` otherwise.
    public var definitionLines: [(path: String, lines: ClosedRange<Int>)]? {
        let keys = overridden + [location]
        let ends = overriddenValueEnds + [valueEnd]
        guard keys.count == ends.count else { return nil }
        var result: [(path: String, lines: ClosedRange<Int>)] = []
        for (key, end) in zip(keys, ends) {
            guard key.range.start.column == 1, end.line >= key.line else { return nil }
            // A value ending at column 1 ends with the line before (block scalars, nested maps).
            let last = end.column == 1 && end.line > key.line ? end.line - 1 : end.line
            result.append((key.path, key.line...last))
        }
        return result
    }
}

/// A place where an oslo.config file's Jinja reads variables: a templated value, or the
/// `{% if %}` / `{% for %}` that opens a block of lines (with the tests of its whole chain).
public struct OsloTemplateRead: Hashable, Sendable {
    /// The variables read there.
    public var variables: Set<String>
    /// The value, or the statement opening the block.
    public var location: SourceLocation
}

/// An oslo.config INI file of a tree, with its place in Kolla's override chain.
public struct OsloConfigFile: Sendable {
    /// The parsed document (its `path` is the display path). A rendered or loose file of a
    /// lint run that hands no model out keeps only its path once the model is built (see
    /// ``Deployment/releaseRenderedDocuments()``).
    public var document: INIDocument {
        get { parsed }
        set {
            parsed = newValue
            templateReads = Self.templateReads(in: newValue)
        }
    }
    /// How the file was found (override scope, rendered service…).
    public var role: FileRole
    /// Where the file's Jinja reads variables, made from ``document`` whenever it is set:
    /// what ``Deployment/templateReferences(to:)`` searches, kept when the document is let go.
    public private(set) var templateReads: [OsloTemplateRead]
    private var parsed: INIDocument

    /// Creates a file from its parsed document.
    public init(document: INIDocument, role: FileRole) {
        parsed = document
        self.role = role
        templateReads = Self.templateReads(in: document)
    }

    /// Takes the document out, leaving its path and ``templateReads``: the caller decides
    /// where it is let go.
    mutating func takeDocument() -> INIDocument {
        var taken = INIDocument(path: parsed.path)
        swap(&taken, &parsed)
        return taken
    }

    /// The templated values of `document` and the blocks enclosing its lines, each with the
    /// variables it reads (those reading none are left out). A block is read once, not once
    /// per line it encloses.
    static func templateReads(in document: INIDocument) -> [OsloTemplateRead] {
        var reads: [OsloTemplateRead] = []
        var blocks: Set<INICondition> = []
        for section in document.sections {
            // Read in place: most lines (all of a rendered file's) are neither templated nor
            // in a block, and a copy of each entry was most of this walk over a fleet.
            for position in section.entries.indices {
                guard section.entries[position].isTemplated || !section.entries[position].conditions.isEmpty else { continue }
                let entry = section.entries[position]
                if entry.isTemplated {
                    let variables = Jinja.referencedVariables(inTemplate: entry.value)
                    if !variables.isEmpty { reads.append(OsloTemplateRead(variables: variables, location: entry.valueLocation)) }
                }
                for condition in entry.conditions where blocks.insert(condition).inserted {
                    var variables: Set<String> = []
                    for test in condition.earlierTests + (condition.test.map { [$0] } ?? []) {
                        variables.formUnion(Jinja.referencedVariables(test))
                    }
                    if !variables.isEmpty { reads.append(OsloTemplateRead(variables: variables, location: condition.location)) }
                }
            }
        }
        return reads
    }

    /// The Kolla service the file is specific to, if any (a rendered file's directory,
    /// or `config/<project>/<service>.conf`).
    public var service: String? {
        switch role {
        case .renderedOslo(let service, _): service
        case .osloOverride(.service(_, let service)): service
        case .osloOverride(.hostService(_, _, let service)): service
        default: nil
        }
    }

    /// The OpenStack project the file configures, if known.
    public var project: String? {
        switch role {
        case .renderedOslo(_, let project): project
        case .osloOverride(.project(let project)): project
        case .osloOverride(.service(let project, _)): project
        case .osloOverride(.host(let project, _)): project
        case .osloOverride(.hostService(let project, _, _)): project
        default: nil
        }
    }
}

/// A RabbitMQ `definitions.json` of a tree (override, rendered or loose).
public struct DefinitionsFile: Sendable {
    /// Display path.
    public var path: String
    /// The JSON document, read through the YAML loader so every value has a location.
    public var root: YAMLNode
    /// How the file was found.
    public var role: FileRole
}

/// A `rabbitmq.conf` of a tree (override, rendered or loose).
public struct RabbitMQConfFile: Sendable {
    /// The parsed file.
    public var conf: RabbitMQConf
    /// How the file was found.
    public var role: FileRole
}

/// An Erlang-term broker file of a tree: `advanced.config` or classic `rabbitmq.config`
/// (override, rendered or loose).
public struct ErlangConfigFile: Sendable {
    /// The parsed file.
    public var document: ErlangTermDocument
    /// How the file was found.
    public var role: FileRole
    /// `advanced.config` or `rabbitmq.config`.
    public var name: String { PathUtilities.basename(document.path) }
}

/// A `rabbitmq-env.conf` of a tree (override, rendered or loose).
public struct RabbitMQEnvFile: Sendable {
    /// The parsed file.
    public var env: RabbitMQEnv
    /// How the file was found.
    public var role: FileRole
}

/// The HAProxy processes of a tree: one view per distinct main configuration
/// (Kolla's template or `config/haproxy/haproxy_main.cfg`, plus one per host that has
/// `config/haproxy/<host>/haproxy_main.cfg`), or per directory of loose files.
public struct HAProxyView: Sendable {
    /// The inventory host this view is specific to, if any.
    public var host: String?
    /// Proxies with their effective settings.
    public var model: HAProxyModel
}

/// A file of a deployment with its role in the tree.
public struct DeploymentFile: Sendable {
    /// Display path.
    public var path: String
    /// Role in the tree.
    public var role: FileRole
}

/// One deployment tree (or the group of loose files) as rules see it.
public struct Deployment: Sendable {
    /// Kolla, Kayobe, OSISM, or loose files.
    public var kind: TreeKind
    /// Display path of the tree root.
    public var root: String {
        didSet { renderedSettings = nil; renderedIndex = nil }
    }
    /// Display path of the override directory (`config/`, OSISM `files/overlays/`), if any.
    public var configDirectory: String?
    /// Display paths of further override directories layered after `configDirectory` (a Kayobe
    /// environment's `kolla/config/`), in merge order.
    public var extraConfigDirectories: [String] = []
    /// Variables from globals, by name.
    public var globals: [String: GlobalVariable]
    /// The inventory, if one was found.
    public var inventory: Inventory?
    /// oslo.config files: overrides and rendered configs.
    public var osloFiles: [OsloConfigFile] {
        didSet { renderedSettings = nil; renderedIndex = nil }
    }
    /// HAProxy views.
    public var haproxy: [HAProxyView]
    /// RabbitMQ definitions files.
    public var definitions: [DefinitionsFile]
    /// RabbitMQ broker configuration files.
    public var rabbitmqConfs: [RabbitMQConfFile]
    /// RabbitMQ Erlang-term files (`advanced.config`, classic `rabbitmq.config`).
    public var erlangConfigs: [ErlangConfigFile] = []
    /// RabbitMQ `rabbitmq-env.conf` files.
    public var rabbitmqEnvs: [RabbitMQEnvFile] = []
    /// Display paths of every file read for this deployment.
    public var files: [String]
    /// Every file of the tree with its role, by display path (for layout rules).
    public var fileRoles: [DeploymentFile] {
        didSet { mainGlobalsFile = Self.mainGlobalsFile(fileRoles) }
    }
    /// Display path of the tree's `globals.yml` (the first globals file), where findings about
    /// values no line selects point; `nil` when the tree has none. Kept with `fileRoles`, so
    /// rules do not scan a fleet's files for it once per finding.
    public internal(set) var mainGlobalsFile: String?
    /// The target release and how it was determined.
    public var release: ResolvedRelease
    /// The RabbitMQ version and how it was determined.
    public var rabbitMQ: ResolvedRabbitMQ
    /// What Kolla would render: variables, services, effective configs, policies, cluster.
    public var effective: EffectiveDeployment = .empty
    /// What the rendered and loose oslo files set themselves (see
    /// ``ModelBuilder/renderedFileSettings(of:)``), read once when the model is built and
    /// shared by every candidate release's model; dropped when the files or the root change.
    var renderedSettings: [RenderedFileSettings]? = nil
    /// The index of `renderedSettings`' paths, made with them and shared the same way.
    var renderedIndex: RenderedFileIndex? = nil
}

extension Deployment {
    static func mainGlobalsFile(_ files: [DeploymentFile]) -> String? {
        for file in files {
            if case .globals(order: 0) = file.role { return file.path }
        }
        return nil
    }

    /// Where the tree's own templates read variable `name`: Jinja in other globals values
    /// and in oslo.config overrides (values and `{% if %}` tests). HAProxy and RabbitMQ
    /// override templates are not searched.
    public func templateReferences(to name: String) -> [SourceLocation] {
        var found: [SourceLocation] = []
        func scan(_ node: YAMLNode, depth: Int = 0) {
            guard depth < 64 else { return }
            switch node.content {
            case .scalar(let text, _):
                if node.isTemplated, Jinja.referencedVariables(inTemplate: text).contains(name) { found.append(node.location) }
            case .sequence(let items): for item in items { scan(item, depth: depth + 1) }
            case .mapping(let pairs): for pair in pairs { scan(pair.value, depth: depth + 1) }
            }
        }
        for (other, variable) in globals where other != name { scan(variable.value) }
        for file in osloFiles {
            for read in file.templateReads where read.variables.contains(name) { found.append(read.location) }
        }
        return Array(Set(found)).sorted()
    }

    /// Lets the documents of the rendered and loose oslo files go, keeping their paths and
    /// Jinja reads (``OsloConfigFile/templateReads``): once the model is built, what they set
    /// is read from the settings made from them with it (``ModelBuilder/renderedFileSettings(of:)``),
    /// never from the documents again. Nothing is let go when those settings were not made.
    ///
    /// For the linter's deployments in a run that hands no model out
    /// (``LintOptions/modelKeptUpToFiles``): their root and files never change afterwards, so
    /// the settings are never made again from the files.
    package mutating func releaseRenderedDocuments() {
        guard let settings = renderedSettings else { return }
        let index = renderedIndex
        var documents: [INIDocument] = []
        documents.reserveCapacity(osloFiles.count)
        for position in osloFiles.indices {
            switch osloFiles[position].role {
            case .renderedOslo, .looseOslo: documents.append(osloFiles[position].takeDocument())
            default: continue
            }
        }
        // A fleet's documents are hundreds of thousands of objects: torn down on another core
        // while the caller goes on (the linter's check), not on the main thread before it.
        Parallel.releaseInBackground(&documents)
        // Setting the files cleared them; they still describe the same files.
        renderedSettings = settings
        renderedIndex = index
    }

    /// The inventory's host names, sorted; `nil` when no inventory (or an empty one) was read.
    public var inventoryHostNames: [String]? {
        guard let inventory, !inventory.hosts.isEmpty else { return nil }
        return inventory.hosts.keys.sorted()
    }

    /// Whether the inventory names `host` (a host line or a group member).
    public func inventoryContains(host: String) -> Bool { inventory?.contains(host: host) ?? false }

    /// Display paths of the inventory files read.
    public var inventoryPaths: [String] { inventory?.paths ?? [] }

    /// Every override directory, in merge order (base first).
    public var configDirectories: [String] { [configDirectory].compactMap { $0 } + extraConfigDirectories }

    /// `path` relative to the override directory holding it (`nova/nova-api.conf`), if any.
    public func overrideRelativePath(_ path: String) -> String? {
        for directory in configDirectories {
            if let relative = PathUtilities.relative(path, to: directory), !relative.isEmpty { return relative }
        }
        return nil
    }

    /// The override directory holding `path`, if any.
    public func overrideDirectory(of path: String) -> String? {
        configDirectories.first { PathUtilities.relative(path, to: $0).map { !$0.isEmpty } ?? false }
    }
}

/// Everything one run read, as rules see it.
public struct DeploymentModel: Sendable {
    /// The deployments, in discovery order.
    public var deployments: [Deployment]
    /// Files that could not be read or parsed (RMQ001).
    public var loadDiagnostics: [LoadDiagnostic]
    /// How many files were read.
    public var filesRead: Int
    /// Secret strings to keep out of every output.
    public var secrets: [String]
    /// Files discovery found but did not read (excluded, or recognised as nothing rmqlint reads).
    public var skipped: [SkippedFile]

    /// Creates a model.
    public init(
        deployments: [Deployment], loadDiagnostics: [LoadDiagnostic], filesRead: Int, secrets: [String],
        skipped: [SkippedFile] = []
    ) {
        self.deployments = deployments
        self.loadDiagnostics = loadDiagnostics
        self.filesRead = filesRead
        self.secrets = secrets
        self.skipped = skipped
    }
}

