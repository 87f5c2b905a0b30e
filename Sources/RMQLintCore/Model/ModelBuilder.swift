import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders

/// The release and RabbitMQ version the user gave (command line, then `.rmqlint.yml`),
/// which win over the tree's evidence.
public struct VersionOverrides: Sendable {
    /// `--release`.
    public var release: String?
    /// `--rabbitmq-version`.
    public var rabbitmqVersion: String?
    /// `release:` in `.rmqlint.yml`.
    public var configuredRelease: String?
    /// `rabbitmq_version:` in `.rmqlint.yml`.
    public var configuredRabbitMQVersion: String?

    /// Creates overrides; all `nil` lets the tree decide.
    public init(
        release: String? = nil, rabbitmqVersion: String? = nil,
        configuredRelease: String? = nil, configuredRabbitMQVersion: String? = nil
    ) {
        self.release = release
        self.rabbitmqVersion = rabbitmqVersion
        self.configuredRelease = configuredRelease
        self.configuredRabbitMQVersion = configuredRabbitMQVersion
    }
}

/// Builds a `Deployment` from a discovered tree's loaded files.
public struct ModelBuilder {
    /// Kolla's HAProxy `defaults` section as `haproxy_main.cfg.j2` renders it, with the
    /// variables that feed it and their defaults
    /// (KA `master:ansible/roles/loadbalancer/templates/haproxy/haproxy_main.cfg.j2`,
    /// `…/loadbalancer/defaults/main.yml`: `haproxy_client_timeout: "1m"`, `haproxy_server_timeout: "1m"`;
    /// same at zed-eol). Only the keywords rules read are rendered.
    public static let kollaHAProxyDefaults: [(keyword: String, variable: String, fallback: String)] = [
        ("timeout client", "haproxy_client_timeout", "1m"),
        ("timeout server", "haproxy_server_timeout", "1m"),
    ]

    /// The path under which Kolla's template defaults appear in the model.
    public static let kollaHAProxyTemplatePath = "kolla:ansible/roles/loadbalancer/templates/haproxy/haproxy_main.cfg.j2"

    /// Builds the deployment of `tree` from its `files` (already loaded, in tree order).
    public static func build(
        tree: DeploymentTree, files: [LoadedFile], displayRoot: String, displayConfigDirectory: String? = nil,
        displayExtraConfigDirectories: [String] = [], versions: VersionOverrides = VersionOverrides()
    ) -> Deployment {
        var globals: [String: GlobalVariable] = [:]
        var inventory: Inventory?
        var osloFiles: [OsloConfigFile] = []
        var definitions: [DefinitionsFile] = []
        var rabbitmqConfs: [RabbitMQConfFile] = []
        var erlangConfigs: [ErlangConfigFile] = []
        var rabbitmqEnvs: [RabbitMQEnvFile] = []
        var haproxyMains: [(host: String?, config: HAProxyConfig)] = []
        var haproxyServices: [HAProxyConfig] = []
        var looseHAProxy: [(group: String, config: HAProxyConfig)] = []

        let globalFiles = files.compactMap { file -> (Int, LoadedFile)? in
            if case .globals(let order) = file.role { return (order, file) }
            return nil
        }.sorted { $0.0 < $1.0 }
        for (_, file) in globalFiles {
            guard case .yaml(let documents) = file.content else { continue }
            for document in documents {
                for pair in document.pairs {
                    guard let name = pair.key.scalar else { continue }
                    var overridden: [SourceLocation] = []
                    var ends: [SourcePosition] = []
                    if let previous = globals[name] {
                        overridden = previous.overridden + [previous.location]
                        ends = previous.overriddenValueEnds + [previous.valueEnd]
                    }
                    globals[name] = GlobalVariable(
                        name: name, value: pair.value, location: pair.key.location, overridden: overridden,
                        overriddenValueEnds: ends)
                }
            }
        }

        // Kayobe's and OSISM's own variables (see FileRole.wrapperVariables).
        var wrapper: [String: GlobalVariable] = [:]
        // A Kayobe environment's copies (etc/kayobe/environments/<env>/kolla.yml) win over the
        // base files [kayobe doc/source/multiple-environments.rst]: read them first.
        // (The kind is tested first: a fleet's thousands of paths are not searched for nothing.)
        // Only the wrapper's variable files are ordered (not a fleet's thousands of files).
        let variableFiles = files.filter { if case .wrapperVariables = $0.role { true } else { false } }
        let wrapperFiles = variableFiles.filter { tree.kind == .kayobe && $0.displayPath.contains("/environments/") }
            + variableFiles.filter { !(tree.kind == .kayobe && $0.displayPath.contains("/environments/")) }
        for file in wrapperFiles {
            guard case .wrapperVariables = file.role, case .yaml(let documents) = file.content else { continue }
            for document in documents {
                for pair in document.pairs {
                    guard let name = pair.key.scalar, wrapper[name] == nil else { continue }
                    wrapper[name] = GlobalVariable(name: name, value: pair.value, location: pair.key.location, overridden: [])
                }
            }
        }
        // Kayobe writes `kolla_enable_<x>` as Kolla's `enable_<x>` in the globals it generates,
        // below the operator's kolla/globals.yml [kayobe `unmaintained/2024.1:ansible/roles/
        // kolla-ansible/templates/kolla/globals.yml`].
        if tree.kind == .kayobe {
            for (name, variable) in wrapper where name.hasPrefix("kolla_enable_") {
                let kollaName = String(name.dropFirst("kolla_".count))
                if globals[kollaName] == nil {
                    globals[kollaName] = GlobalVariable(name: kollaName, value: variable.value, location: variable.location, overridden: [])
                }
            }
        }
        // Release evidence is read before the wrapper's release is copied into globals, so
        // each signal is reported under its own name and location (docs/spec.md §10.1).
        let release = ReleaseResolver.release(
            commandLine: versions.release.flatMap(KollaVersion.parse),
            configuration: versions.configuredRelease.flatMap(KollaVersion.parse), globals: globals,
            wrapper: wrapper, kind: tree.kind,
            renderedFiles: files.filter { $0.role == .looseRabbitMQConf || $0.role == .looseRabbitMQErlang }.map(\.displayPath))

        // The wrapper's release becomes Kolla's `openstack_release` when globals do not set it:
        // kayobe `ansible/inventory/group_vars/all/kolla` L86 (kolla_openstack_release defaults to
        // Kayobe's openstack_release, `…/all/openstack` L6); OSISM
        // osism/container-image-kolla-ansible `files/src/templates/versions.yml.j2`
        // (`openstack_release: "{{ openstack_version }}"`). Override templates see it too.
        let releaseCandidates: [GlobalVariable?]
        switch tree.kind {
        case .kayobe: releaseCandidates = [wrapper["kolla_openstack_release"], wrapper["openstack_release"]]
        case .osism: releaseCandidates = [wrapper["openstack_version"]]
        case .kolla, .loose: releaseCandidates = []
        }
        if globals["openstack_release"] == nil, let release = releaseCandidates.compactMap({ $0 }).first {
            globals["openstack_release"] = GlobalVariable(
                name: "openstack_release", value: release.value, location: release.location, overridden: [])
        }

        // The oslo documents in file order, made into files after the walk: on every core, as a
        // file finds its Jinja reads (``OsloConfigFile/templateReads``) in every line of a fleet.
        var osloDocuments: [(document: INIDocument, role: FileRole)] = []
        osloDocuments.reserveCapacity(files.reduce(0) { $0 + ($1.role.format == .ini ? 1 : 0) })
        // By position: the role and content are read, not a copy of each file (a fleet has thousands).
        for position in files.indices {
            let role = files[position].role
            switch (role, files[position].content) {
            case (.inventory, .inventory(let parsed)):
                if inventory == nil { inventory = parsed } else { inventory?.merge(parsed) }
            case (.osloOverride, .ini(let document)), (.renderedOslo, .ini(let document)), (.looseOslo, .ini(let document)):
                osloDocuments.append((document, role))
            case (.rabbitmqOverride, .yaml(let documents)), (.looseRabbitMQDefinitions, .yaml(let documents)):
                if let root = documents.first {
                    definitions.append(DefinitionsFile(path: files[position].displayPath, root: root, role: role))
                }
            case (.rabbitmqOverride, .rabbitmqConf(let conf)), (.looseRabbitMQConf, .rabbitmqConf(let conf)):
                rabbitmqConfs.append(RabbitMQConfFile(conf: conf, role: role))
            case (.rabbitmqOverride, .erlangTerms(let document)), (.looseRabbitMQErlang, .erlangTerms(let document)):
                erlangConfigs.append(ErlangConfigFile(document: document, role: role))
            case (.rabbitmqOverride, .rabbitmqEnv(let env)), (.looseRabbitMQEnv, .rabbitmqEnv(let env)):
                rabbitmqEnvs.append(RabbitMQEnvFile(env: env, role: role))
            case (.haproxyMain(let host), .haproxy(let config)):
                haproxyMains.append((host, config))
            case (.haproxyServices, .haproxy(let config)), (.haproxyServiceOverride, .haproxy(let config)):
                haproxyServices.append(config)
            case (.looseHAProxy, .haproxy(let config)):
                looseHAProxy.append((looseHAProxyGroup(files[position].path), config))
            default:
                continue
            }
        }

        osloFiles = Parallel.map(osloDocuments, chunk: 256) { OsloConfigFile(document: $0.document, role: $0.role) }

        if var known = inventory {
            WrapperInventory.addKollaGroups(to: &known, kind: tree.kind)
            inventory = known
        }

        var views: [HAProxyView] = []
        if tree.kind != .loose, !haproxyServices.isEmpty || !haproxyMains.isEmpty {
            // Kolla runs `haproxy -f haproxy.cfg -f services.d/`: the main file's defaults
            // reach every services.d proxy (KA roles/loadbalancer/templates/haproxy/haproxy_run.sh.j2).
            let globalMain = haproxyMains.first { $0.host == nil }?.config ?? kollaTemplateMain(globals: globals)
            views.append(HAProxyView(host: nil, model: HAProxyModel.build([globalMain] + haproxyServices)))
            for main in haproxyMains where main.host != nil {
                views.append(HAProxyView(host: main.host, model: HAProxyModel.build([main.config] + haproxyServices)))
            }
        }
        // Loose HAProxy files: one process per directory (a services.d belongs to its parent);
        // main files (haproxy.cfg) first, as HAProxy is started with them first.
        var groups: [String: [HAProxyConfig]] = [:]
        for (group, config) in looseHAProxy { groups[group, default: []].append(config) }
        for group in groups.keys.sorted() {
            let configs = (groups[group] ?? []).sorted { lhs, rhs in
                let lhsMain = isMainHAProxyName(lhs.path), rhsMain = isMainHAProxyName(rhs.path)
                if lhsMain != rhsMain { return lhsMain }
                return lhs.path < rhs.path
            }
            views.append(HAProxyView(host: nil, model: HAProxyModel.build(configs)))
        }

        let rabbitMQ = ReleaseResolver.rabbitMQ(
            commandLine: versions.rabbitmqVersion.flatMap(RabbitMQVersion.parse),
            configuration: versions.configuredRabbitMQVersion.flatMap(RabbitMQVersion.parse),
            globals: globals, release: release.version)

        var deployment = Deployment(
            kind: tree.kind, root: displayRoot, configDirectory: displayConfigDirectory, globals: globals, inventory: inventory,
            osloFiles: osloFiles, haproxy: views, definitions: definitions, rabbitmqConfs: rabbitmqConfs,
            erlangConfigs: erlangConfigs, rabbitmqEnvs: rabbitmqEnvs,
            files: files.map(\.displayPath),
            fileRoles: files.map { DeploymentFile(path: $0.displayPath, role: $0.role) },
            release: release, rabbitMQ: rabbitMQ)
        deployment.extraConfigDirectories = displayExtraConfigDirectories
        deployment.mainGlobalsFile = Deployment.mainGlobalsFile(deployment.fileRoles)
        // The files' own settings are read once, on every core, before the effective model
        // (which takes its cluster evidence and rendered configs from them).
        deployment.renderedSettings = EffectiveDeploymentBuilder.renderedFileSettings(deployment, parallel: true)
        deployment.renderedIndex = deployment.renderedSettings.map(RenderedFileIndex.init)
        deployment.effective = EffectiveDeploymentBuilder.build(deployment)
        return deployment
    }

    /// The deployment rebuilt for each candidate release when its release is a range
    /// (docs/spec.md §10.1); `[]` when the release is decided. Globals, files and inventory are shared;
    /// the release, the RabbitMQ version and the effective model differ.
    public static func candidates(of deployment: Deployment, versions: VersionOverrides = VersionOverrides()) -> [Deployment] {
        candidateReleases(of: deployment).map { candidate(of: deployment, release: $0, versions: versions) }
    }

    /// The candidate releases of a deployment whose release is a range (docs/spec.md §10.1),
    /// oldest first; `[]` when the release is decided.
    public static func candidateReleases(of deployment: Deployment) -> [OpenStackRelease] {
        guard deployment.release.isAssumed, deployment.release.candidates.count > 1 else { return [] }
        return deployment.release.candidates
    }

    /// The deployment rebuilt for one candidate `release` (see ``candidates(of:versions:)``).
    /// The cluster is the deployment's: the inventory or rendered evidence that decides it
    /// does not depend on the release.
    ///
    /// `rendered`, when given, is ``renderedFileSettings(of:)`` of the deployment, read once
    /// and shared by its candidates instead of being read from the files per candidate.
    public static func candidate(
        of deployment: Deployment, release: OpenStackRelease, versions: VersionOverrides = VersionOverrides(),
        rendered: [RenderedFileSettings]? = nil
    ) -> Deployment {
        var copy = candidateBase(of: deployment, release: release, versions: versions)
        copy.effective = EffectiveDeploymentBuilder.build(copy, cluster: deployment.effective.cluster, rendered: rendered)
        return copy
    }

    /// The settings the deployment's rendered and loose oslo files set themselves, in file
    /// order: the release-independent part of their effective configs, which every candidate
    /// release's model shares (see ``candidate(of:release:versions:rendered:)``).
    /// Taken from what the model was built with (they do not depend on the release), else
    /// read from the files.
    public static func renderedFileSettings(of deployment: Deployment) -> [RenderedFileSettings] {
        deployment.renderedSettings ?? EffectiveDeploymentBuilder.renderedFileSettings(deployment, parallel: true)
    }

    /// The deployment with a candidate release and its RabbitMQ version; its effective model
    /// is still the deployment's.
    private static func candidateBase(
        of deployment: Deployment, release: OpenStackRelease, versions: VersionOverrides = VersionOverrides()
    ) -> Deployment {
        var copy = deployment
        copy.release = deployment.release.candidate(release)
        copy.rabbitMQ = ReleaseResolver.rabbitMQ(
            commandLine: versions.rabbitmqVersion.flatMap(RabbitMQVersion.parse),
            configuration: versions.configuredRabbitMQVersion.flatMap(RabbitMQVersion.parse),
            globals: deployment.globals, release: copy.release.version)
        return copy
    }

    /// Kolla's rendered `defaults` section when the tree has no `haproxy_main.cfg`
    /// override, with the timeouts globals may set. Templated globals fall back to
    /// nothing (unknown): a guessed timeout could raise a false alarm.
    static func kollaTemplateMain(globals: [String: GlobalVariable]) -> HAProxyConfig {
        var lines = ["defaults"]
        for entry in kollaHAProxyDefaults {
            if let variable = globals[entry.variable] {
                guard let value = variable.value.scalar, !variable.value.isTemplated else { continue }
                lines.append("    \(entry.keyword) \(value)")
            } else {
                lines.append("    \(entry.keyword) \(entry.fallback)")
            }
        }
        return HAProxyLoader.parse(lines.joined(separator: "\n") + "\n", path: kollaHAProxyTemplatePath).config
    }

    /// Loose HAProxy files are separate configurations (docs/spec.md §10.2: alternatives in one directory
    /// never clash) unless Kolla merges them: `services.d/*.cfg` with the `haproxy.cfg` /
    /// `haproxy_main.cfg` of the directory above (`haproxy -f haproxy.cfg -f services.d/`).
    private static func looseHAProxyGroup(_ path: String) -> String {
        let directory = PathUtilities.parent(path)
        if PathUtilities.basename(directory) == "services.d" { return PathUtilities.parent(directory) }
        return isMainHAProxyName(path) ? directory : path
    }

    private static func isMainHAProxyName(_ path: String) -> Bool {
        let name = PathUtilities.basename(path)
        return name == "haproxy.cfg" || name == "haproxy_main.cfg"
    }
}

extension SourceLocation {
    /// Whether this location is inside a Kolla template rmqlint models (not a file in
    /// the tree): findings must then point at the tree line that selects it instead.
    public var isKollaTemplate: Bool { path.hasPrefix("kolla:") }
}

/// Kolla's service groups that a wrapper's inventory leaves to the wrapper.
enum WrapperInventory {
    /// Adds `rabbitmq` (and Kayobe's `control`) when the inventory does not declare them:
    /// Kayobe maps Kolla's `control` to its `controllers` and its component template has
    /// `[rabbitmq:children] control` [kayobe `unmaintained/2024.1:ansible/inventory/group_vars/
    /// all/kolla` L351–354, `ansible/roles/kolla-ansible/templates/overcloud-components.j2` L63];
    /// OSISM merges `[rabbitmq:children] control` from osism/generics `inventory/50-kolla` at
    /// run time (c2b914cc). The synthetic groups point at the group they map to.
    static func addKollaGroups(to inventory: inout Inventory, kind: TreeKind) {
        func add(_ name: String, childOf parent: String) {
            guard inventory.groups[name] == nil, let target = inventory.groups[parent] else { return }
            var merged = Inventory(paths: [], groups: [
                name: InventoryGroup(name: name, location: target.location, children: [Located(parent, at: target.location)]),
            ])
            merged.paths = []
            inventory.merge(merged)
        }
        switch kind {
        case .kayobe:
            add("control", childOf: "controllers")
            add("rabbitmq", childOf: "control")
        case .osism:
            add("rabbitmq", childOf: "control")
        case .kolla, .loose:
            break
        }
    }
}
