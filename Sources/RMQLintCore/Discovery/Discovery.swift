import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge

/// A path given on the command line that rmqlint itself cannot use (exit status 2).
public struct DiscoveryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One line for stderr.
    public var message: String
    public var description: String { message }

    /// Creates an error with a one-line message.
    public init(message: String) {
        self.message = message
    }
}

/// Finds deployment trees and loose files from the paths a user gives (docs/spec.md §3).
///
/// Each path is first walked *up* to the nearest tree root, so `rmqlint config/nova.conf`
/// lints that file in the context of its tree. A directory with no root above it is
/// walked *down*: every root found below it becomes a tree, other recognised files are
/// loose. Directory entries are sorted by name so results never depend on the file
/// system's order; symbolic-link loops are cut by remembering each directory's identity.
public struct Discovery: Sendable {
    /// The file system to search.
    public var fileSystem: any FileSystem
    /// Maximum number of files considered in one run (a safety bound, not a feature).
    public var maxFiles: Int = 200_000
    /// An explicit inventory (`--inventory`), applied to every tree.
    public var inventoryOverride: String?
    /// Further explicit inventories (`--inventory` is repeatable; Ansible merges them).
    public var extraInventories: [String] = []
    /// Extra globals files or globs (`--globals`, `globals:`), read after `globals.d/`.
    public var globalsFiles: [String] = []
    /// The Kayobe environment to read (`--environment`, `environment:`); the only one when `nil`.
    public var environment: String?

    /// Creates a discovery over `fileSystem`.
    public init(fileSystem: any FileSystem, inventoryOverride: String? = nil) {
        self.fileSystem = fileSystem
        self.inventoryOverride = inventoryOverride
    }

    /// Names Kolla's inventory can have at a tree root, in order of preference.
    static let inventoryNames = ["multinode", "all-in-one", "hosts", "inventory"]

    /// Every explicit inventory path, absolute.
    private var explicitInventories: [String] {
        ([inventoryOverride].compactMap { $0 } + extraInventories).map {
            PathUtilities.normalize($0, relativeTo: fileSystem.currentDirectory)
        }
    }

    /// What rmqlint looks for, for the "nothing recognised" message (docs/spec.md §10.2).
    public static let lookedFor = "globals.yml (Kolla), etc/kayobe/kolla/globals.yml or kolla/config/ (Kayobe), "
        + "environments/kolla/configuration.yml (OSISM), haproxy*.cfg, definitions.json, rabbitmq.conf, "
        + "<project>.conf files in a Kolla service directory"

    /// The trees to lint for `paths` (relative paths resolve against the working directory).
    public func discover(_ paths: [String]) -> Result<[DeploymentTree], DiscoveryError> {
        var trees: [String: DeploymentTree] = [:]   // by root
        var treeOrder: [String] = []
        var looseFiles: [TreeFile] = []
        var looseRoots: [String] = []
        var skipped: [SkippedFile] = []
        // Files named inside a tree: each one the tree does not read gets a note (docs/spec.md §10.2).
        var namedInTrees: [(root: String, path: String)] = []
        // Each tree is scanned once: a named file is looked up in its tree (`changesContext`)
        // before that tree is added, which scanned it a second time (pre-commit's case).
        var scans: [TreeScanKey: DeploymentTree] = [:]
        func scan(root: String, kind: TreeKind) -> DeploymentTree {
            let key = TreeScanKey(root: root, kind: kind)
            if let done = scans[key] { return done }
            let tree = scanTree(root: root, kind: kind)
            scans[key] = tree
            return tree
        }

        func addTree(root: String, kind: TreeKind, scope: String?) {
            if var existing = trees[root] {
                if let scope, existing.reportScope != nil {
                    existing.reportScope?.append(scope)
                } else {
                    existing.reportScope = nil
                }
                trees[root] = existing
                return
            }
            var tree = scan(root: root, kind: kind)
            tree.reportScope = scope.map { [$0] }
            trees[root] = tree
            treeOrder.append(root)
        }

        /// A named file that changes the whole deployment's context — globals, the wrapper's
        /// variables (Kayobe `kolla.yml` / `openstack.yml`, OSISM's manager configuration),
        /// the inventory — can change a finding anywhere, so its tree is reported whole.
        func changesContext(_ path: String, root: String, kind: TreeKind) -> Bool {
            let tree = trees[root] ?? scan(root: root, kind: kind)
            return tree.files.contains { $0.path == path && $0.role.isDeploymentContext }
        }

        for argument in paths {
            let path = PathUtilities.normalize(argument, relativeTo: fileSystem.currentDirectory)
            guard let kind = fileSystem.kind(of: path) else {
                return .failure(DiscoveryError(message: "\(argument): no such file or directory"))
            }
            let startDirectory = kind == .directory ? path : PathUtilities.parent(path)
            if let (root, treeKind) = enclosingRoot(of: startDirectory) ?? osismContext(of: path) {
                // Inside a tree: lint the whole tree, report what was named (all of it when
                // the named file is one the whole deployment depends on).
                let whole = path == root || (kind == .regular && changesContext(path, root: root, kind: treeKind))
                addTree(root: root, kind: treeKind, scope: whole ? nil : path)
                if kind == .regular { namedInTrees.append((root, path)) }
                continue
            }
            switch kind {
            case .regular:
                if let role = explicitRole(of: path) {
                    looseFiles.append(TreeFile(path: path, role: role))
                } else {
                    skipped.append(SkippedFile(path: path, reason: Self.unreadReason(path), named: true))
                }
                looseRoots.append(PathUtilities.parent(path))
            case .directory:
                var visited: Set<String> = []
                var found: [(String, TreeKind)] = []
                walkDown(path, visited: &visited, roots: &found, loose: &looseFiles)
                for (root, treeKind) in found { addTree(root: root, kind: treeKind, scope: nil) }
                looseRoots.append(path)
            case .special:
                return .failure(DiscoveryError(message: "\(argument): not a regular file or directory"))
            }
        }

        for (root, path) in namedInTrees {
            guard var tree = trees[root], !tree.files.contains(where: { $0.path == path }),
                  !tree.skipped.contains(where: { $0.path == path }) else { continue }
            tree.skipped.append(SkippedFile(path: path, reason: unreadReason(path, in: tree), named: true))
            trees[root] = tree
        }
        var result = treeOrder.compactMap { trees[$0] }
        if !looseFiles.isEmpty || !skipped.isEmpty {
            // --inventory is honoured for loose files too (docs/spec.md §10.2).
            if !looseFiles.isEmpty {
                for inventory in explicitInventories { looseFiles += inventoryFiles(at: inventory) }
            }
            var seen: Set<String> = []
            let unique = looseFiles.filter { seen.insert($0.path).inserted }.sorted { $0.path < $1.path }
            var tree = DeploymentTree(
                kind: .loose, root: looseRoots.first ?? fileSystem.currentDirectory,
                configDirectory: nil, files: unique, reportScope: nil)
            tree.skipped = skipped
            result.append(tree)
        }
        return .success(result)
    }

    /// Why a file named outside any tree is not read.
    static func unreadReason(_ path: String) -> String {
        "not a kind of file rmqlint reads: it looks for globals, inventories, oslo.config, RabbitMQ "
            + "(rabbitmq.conf, advanced.config, rabbitmq.config, definitions.json) and HAProxy files, by name or content"
    }

    /// Why a file named inside a tree is not among the files rmqlint reads there.
    func unreadReason(_ path: String, in tree: DeploymentTree) -> String {
        let directories = [tree.configDirectory].compactMap { $0 } + tree.extraConfigDirectories
        for directory in directories {
            guard let relative = PathUtilities.relative(path, to: directory), !relative.isEmpty else { continue }
            switch KollaReads.kindOfRead(relative) {
            case .other?:
                return "Kolla-Ansible reads it (\(relative)), but it is not an oslo.config, RabbitMQ or HAProxy "
                    + "file, which are the ones rmqlint checks"
            case .osloMerge?, nil:
                return "not a file rmqlint checks under the override directory (oslo.config `.conf` files of "
                    + "OpenStack projects, RabbitMQ and HAProxy files)"
            }
        }
        return "not a file of this deployment tree that rmqlint reads (globals, the inventory, the wrapper's "
            + "variables, overrides under \(tree.kind == .osism ? "files/overlays/" : "config/"))"
    }

    // MARK: - Roots

    /// The tree root at or above `directory`, if any.
    func enclosingRoot(of directory: String) -> (String, TreeKind)? {
        var current = directory
        while true {
            if let found = treeRoot(at: current) { return found }
            if current == "/" { return nil }
            current = PathUtilities.parent(current)
        }
    }

    /// The OSISM tree a file outside `environments/kolla` belongs to: the manager's
    /// `environments/manager/configuration.yml` (it sets `openstack_version`) or the
    /// inventory at the repository root (`inventory/`), when the same repository has an
    /// `environments/kolla` tree.
    func osismContext(of path: String) -> (String, TreeKind)? {
        var current = PathUtilities.parent(path)
        while true {
            let kolla = PathUtilities.join(current, "environments/kolla")
            if let found = treeRoot(at: kolla), found.1 == .osism {
                let manager = PathUtilities.join(current, "environments/manager/configuration.yml")
                let inventory = PathUtilities.join(current, "inventory")
                if path == manager || path == inventory || path.hasPrefix(inventory + "/") { return found }
                return nil
            }
            if current == "/" { return nil }
            current = PathUtilities.parent(current)
        }
    }

    /// The tree `directory` is the root of (or, for a Kayobe `etc/kayobe`, holds), if any.
    ///
    /// A Kayobe configuration (`etc/kayobe/`) has a `globals.yml` of Kayobe's own; Kolla's
    /// input is under `etc/kayobe/kolla/` (`globals.yml` and/or `config/`), which is the
    /// tree root [kayobe `unmaintained/2024.1:ansible/kolla-ansible.yml` L103–105,
    /// `ansible/roles/kolla-openstack/defaults/main.yml`].
    ///
    /// `listing`, when given, is ``FileSystem/directoryEntries(_:)`` of `directory`: what it
    /// holds is looked up there instead of asked of the file system name by name.
    func treeRoot(at directory: String, listing: [(name: String, kind: FileKind?)]? = nil) -> (String, TreeKind)? {
        func kind(of child: String) -> FileKind? {
            guard let listing else { return fileSystem.kind(of: PathUtilities.join(directory, child)) }
            return listing.first { $0.name == child }?.kind ?? nil
        }
        let name = PathUtilities.basename(directory)
        if name == "kolla" {
            let parent = PathUtilities.parent(directory)
            if PathUtilities.basename(parent) == "environments",
               fileSystem.kind(of: PathUtilities.join(directory, "configuration.yml")) == .regular {
                return (directory, .osism)
            }
            if isKayobeConfig(parent), isKayobeKolla(directory) || hasKayobeEnvironmentKolla(parent) {
                return (directory, .kayobe)
            }
        }
        // etc/kayobe, or a repository whose root *is* etc/kayobe (kolla/globals.yml beside
        // kolla.yml / inventory/): Kolla's input is its kolla/ directory.
        if name == "kayobe" || kind(of: "kolla.yml") == .regular {   // isKayobeConfig(directory)
            let kolla = PathUtilities.join(directory, "kolla")
            if isKayobeKolla(kolla) || hasKayobeEnvironmentKolla(directory) { return (kolla, .kayobe) }
        }
        guard kind(of: "globals.yml") == .regular else { return nil }
        return (directory, .kolla)
    }

    /// A Kayobe configuration directory: named `kayobe`, or holding Kayobe's `kolla.yml`.
    private func isKayobeConfig(_ directory: String) -> Bool {
        PathUtilities.basename(directory) == "kayobe"
            || fileSystem.kind(of: PathUtilities.join(directory, "kolla.yml")) == .regular
    }

    /// Whether an environment of the Kayobe configuration `kayobe` has Kolla input.
    private func hasKayobeEnvironmentKolla(_ kayobe: String) -> Bool {
        let environments = PathUtilities.join(kayobe, "environments")
        guard fileSystem.kind(of: environments) == .directory else { return false }
        return sortedEntries(environments).contains { isKayobeKolla(PathUtilities.join(environments, $0 + "/kolla")) }
    }

    /// The Kayobe environment directories of `kayobe` (`environments/<name>`), sorted.
    private func kayobeEnvironments(_ kayobe: String) -> [String] {
        let environments = PathUtilities.join(kayobe, "environments")
        guard fileSystem.kind(of: environments) == .directory else { return [] }
        return sortedEntries(environments).filter { fileSystem.kind(of: PathUtilities.join(environments, $0)) == .directory }
    }

    private func isKayobeKolla(_ directory: String) -> Bool {
        fileSystem.kind(of: PathUtilities.join(directory, "globals.yml")) == .regular
            || fileSystem.kind(of: PathUtilities.join(directory, "config")) == .directory
    }

    // MARK: - Walking down (no tree above)

    /// What one directory met while walking down holds, read on its own (see ``visit(_:)``).
    struct DirectoryVisit: Sendable {
        /// One entry, in name order.
        enum Entry: Sendable {
            case subdirectory(String)
            case file(TreeFile)
            /// A file rmqlint does not read, or a FIFO, socket, device or dangling link:
            /// still counted against ``Discovery/maxFiles``.
            case other
        }

        /// ``FileSystem/identity(of:)`` of the directory; `nil` when it cannot be read.
        var identity: String?
        /// The tree the directory is the root of, if any (its entries are then not walked).
        var root: (String, TreeKind)?
        /// Its entries, hidden ones left out, sorted by name.
        var entries: [Entry]
    }

    /// Reads one directory for ``walkDown(_:visited:roots:loose:)``: its identity and
    /// listing from one opening, whether it is a tree root, and each entry's role. Pure (it
    /// only reads the file system), so directories are visited on every core.
    func visit(_ directory: String) -> DirectoryVisit {
        let (identity, listing) = fileSystem.directoryListing(directory)
        guard identity != nil else { return DirectoryVisit(identity: nil, root: nil, entries: []) }
        // One listing, with the kinds, answers both "is this a root" and "what is below".
        if let found = treeRoot(at: directory, listing: listing) {
            return DirectoryVisit(identity: identity, root: found, entries: [])
        }
        let names = (listing ?? [])
            .filter { !$0.name.hasPrefix(".") }   // as sortedEntries
            .sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        let directoryName = PathUtilities.basename(directory)
        // Paths split on `/` by characters: the names are only reused as they are when no
        // non-ASCII character could join a slash (a combining mark after it, a prepend before).
        let asciiDirectory = directory.utf8.allSatisfy { $0 < 0x80 }
        let entries = names.map { name, kind -> DirectoryVisit.Entry in
            let path = PathUtilities.join(directory, name)
            switch kind {
            case .directory?:
                return .subdirectory(path)
            case .regular?:
                let role = asciiDirectory && (name.utf8.first ?? 0) < 0x80
                    ? looseRole(name: name, directory: directoryName) : looseRole(of: path)
                return role.map { .file(TreeFile(path: path, role: $0)) } ?? .other
            default:
                return .other   // FIFOs, sockets, devices, dangling links: never opened
            }
        }
        return DirectoryVisit(identity: identity, root: nil, entries: entries)
    }

    /// Walks `directory` depth first, in name order, recording tree roots (not entered) and
    /// loose files; a directory already met (by identity: a symbolic-link loop or a second
    /// link to it) is skipped.
    ///
    /// The directories are first read level by level on every core (``visit(_:)``), then
    /// the walk is replayed in order from those reads, so what it finds, and where
    /// ``maxFiles`` cuts it, are those of a walk on one core.
    private func walkDown(
        _ directory: String, visited: inout Set<String>,
        roots: inout [(String, TreeKind)], loose: inout [TreeFile]
    ) {
        // Read ahead: each level's directories at once. A directory whose identity was
        // already read is not expanded again, so a link loop ends the read-ahead.
        var read: [DirectoryVisit] = []
        /// Per directory read, where each of its subdirectories' reads are (`nil`: not read).
        var children: [[Int?]] = []
        var identities: Set<String> = []
        var level: [(path: String, parent: Int?, slot: Int)] = [(directory, nil, 0)]
        var entriesRead = 0
        while !level.isEmpty, entriesRead <= maxFiles {
            let visits = Parallel.map(level.count) { visit(level[$0].path) }
            var next: [(path: String, parent: Int?, slot: Int)] = []
            for (place, visit) in zip(level, visits) {
                let index = read.count
                read.append(visit)
                children.append([])
                if let parent = place.parent { children[parent][place.slot] = index }
                entriesRead += visit.entries.count
                guard let identity = visit.identity, identities.insert(identity).inserted else { continue }
                for case .subdirectory(let subdirectory) in visit.entries {
                    next.append((subdirectory, index, children[index].count))
                    children[index].append(nil)
                }
            }
            level = next
        }

        var stack: [(path: String, read: Int?)] = [(directory, read.isEmpty ? nil : 0)]
        var count = 0
        while let (current, index) = stack.popLast() {
            // What was not read ahead (met first here through another path, or past the bound).
            let visit = index.map { read[$0] } ?? visit(current)
            guard let identity = visit.identity, visited.insert(identity).inserted else { continue }
            if let found = visit.root {
                roots.append(found)
                continue
            }
            var subdirectories: [(path: String, read: Int?)] = []
            for entry in visit.entries {
                count += 1
                if count > maxFiles { return }
                switch entry {
                case .subdirectory(let path):
                    let slot = subdirectories.count
                    subdirectories.append((path, index.flatMap { children[$0].indices.contains(slot) ? children[$0][slot] : nil }))
                case .file(let file): loose.append(file)
                case .other: continue
                }
            }
            stack.append(contentsOf: subdirectories.reversed())
        }
        roots.sort { $0.0 < $1.0 }
    }

    private func sortedEntries(_ directory: String) -> [String] {
        (fileSystem.contentsOfDirectory(directory) ?? [])
            .filter { !$0.hasPrefix(".") }   // .git, .build, editor droppings
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    // MARK: - Scanning a tree

    func scanTree(root: String, kind: TreeKind) -> DeploymentTree {
        var files: [TreeFile] = []
        func addIfFile(_ path: String, _ role: FileRole) {
            if fileSystem.kind(of: path) == .regular { files.append(TreeFile(path: path, role: role)) }
        }

        var skipped: [SkippedFile] = []
        // Kayobe renders its kolla/globals.yml with Jinja first (docs/spec.md §10.2).
        let templated = kind == .kayobe
        func addGlobals(_ path: String, order: Int) {
            if fileSystem.kind(of: path) == .regular {
                files.append(TreeFile(path: path, role: .globals(order: order), renderedByWrapper: templated))
            }
        }
        // Globals: globals.yml, then globals.d/*.yml in sorted order (KA kolla_ansible/ansible.py _get_vars_files).
        addGlobals(PathUtilities.join(root, kind == .osism ? "configuration.yml" : "globals.yml"), order: 0)
        var order = 1
        let globalsD = PathUtilities.join(root, "globals.d")
        if fileSystem.kind(of: globalsD) == .directory {
            let names = sortedEntries(globalsD).filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }
            for name in names {
                addGlobals(PathUtilities.join(globalsD, name), order: order)
                order += 1
            }
        }
        // A Kayobe environment (etc/kayobe/environments/<env>/): its kolla/globals.yml comes after
        // the base one, its kolla.yml / openstack.yml before (they win), its inventory is merged
        // [kayobe doc/source/multiple-environments.rst].
        var environmentDirectory: String?
        if kind == .kayobe {
            let kayobe = PathUtilities.parent(root)
            let environments = kayobeEnvironments(kayobe)
            if let chosen = environment {
                if environments.contains(chosen) {
                    environmentDirectory = PathUtilities.join(kayobe, "environments/" + chosen)
                } else {
                    skipped.append(SkippedFile(path: PathUtilities.join(kayobe, "environments"),
                                               reason: "no environment named \(chosen)"))
                }
            } else if environments.count == 1 {
                environmentDirectory = PathUtilities.join(kayobe, "environments/" + environments[0])
            } else if environments.count > 1 {
                skipped.append(SkippedFile(
                    path: PathUtilities.join(kayobe, "environments"),
                    reason: "\(environments.count) Kayobe environments (\(environments.joined(separator: ", "))): choose one with --environment"))
            }
            if let environmentDirectory {
                addGlobals(PathUtilities.join(environmentDirectory, "kolla/globals.yml"), order: order)
                order += 1
                addIfFile(PathUtilities.join(environmentDirectory, "kolla.yml"), .wrapperVariables)
                addIfFile(PathUtilities.join(environmentDirectory, "openstack.yml"), .wrapperVariables)
            }
        }
        // Split globals named with --globals / globals: (files or globs), in the order given.
        for pattern in globalsFiles {
            for path in expandGlobalsPattern(pattern) {
                addGlobals(path, order: order)
                order += 1
            }
        }
        addIfFile(PathUtilities.join(root, kind == .osism ? "secrets.yml" : "passwords.yml"), .passwords)
        // The wrapper's own variables that become Kolla's: Kayobe's kolla.yml
        // (`kolla_openstack_release`, `kolla_enable_<x>`) and openstack.yml
        // (`openstack_release`); OSISM's manager configuration (`openstack_version`).
        switch kind {
        case .kayobe:
            addIfFile(PathUtilities.join(PathUtilities.parent(root), "kolla.yml"), .wrapperVariables)
            addIfFile(PathUtilities.join(PathUtilities.parent(root), "openstack.yml"), .wrapperVariables)
        case .osism:
            addIfFile(PathUtilities.join(PathUtilities.parent(root), "manager/configuration.yml"), .wrapperVariables)
        case .kolla, .loose:
            break
        }

        // Inventory: --inventory wins; else the first of Kolla's usual names at the root.
        if !explicitInventories.isEmpty {
            for path in explicitInventories { files.append(contentsOf: inventoryFiles(at: path)) }
        } else {
            var candidates = Self.inventoryNames.map { PathUtilities.join(root, $0) }
            // `*.ini` inventories (multinode.ini, production.ini) and, beside a Kolla tree's
            // globals, files recognised as inventories by their content.
            for name in sortedEntries(root) where !Self.inventoryNames.contains(name) {
                let path = PathUtilities.join(root, name)
                guard fileSystem.kind(of: path) == .regular, !name.contains(".") || name.hasSuffix(".ini") else { continue }
                if name.hasSuffix(".ini") || Self.looksLikeInventory(fileSystem.readFile(path, limit: 64 * 1024)) {
                    candidates.append(path)
                }
            }
            if let environmentDirectory {
                // Both the base and the environment's inventory (Kayobe passes both).
                let environmentInventory = PathUtilities.join(environmentDirectory, "inventory")
                if fileSystem.kind(of: environmentInventory) != nil {
                    files.append(contentsOf: inventoryFiles(at: environmentInventory))
                }
            }
            if kind == .osism {
                // OSISM keeps its inventory at the repository root (environments/../inventory).
                candidates.append(PathUtilities.join(PathUtilities.parent(PathUtilities.parent(root)), "inventory"))
            }
            if kind == .kayobe {
                // Kayobe's inventory is etc/kayobe/inventory (kayobe `ansible.cfg` / `kayobe/ansible.py`).
                candidates.append(PathUtilities.join(PathUtilities.parent(root), "inventory"))
            }
            // The first candidate with inventory files (Kayobe's kolla/inventory/ holds only
            // .j2 templates of its own: skipped, its etc/kayobe/inventory is the inventory).
            for candidate in candidates where fileSystem.kind(of: candidate) != nil {
                let found = inventoryFiles(at: candidate)
                guard !found.isEmpty else { continue }
                files.append(contentsOf: found)
                break
            }
        }

        var configDirectory: String? = kind == .osism
            ? PathUtilities.join(root, "files/overlays")
            : PathUtilities.join(root, "config")
        if let directory = configDirectory, fileSystem.kind(of: directory) != .directory { configDirectory = nil }
        var extraConfigDirectories: [String] = []
        if let environmentDirectory {
            // A Kayobe environment's kolla/config/ is merged with the base etc/kayobe/kolla/config/
            // (kayobe 15.0.0+, `ansible/kolla-openstack.yml`: custom config search paths
            // `[kayobe_config_path] + kayobe_env_search_paths`; `ansible/roles/kolla-openstack/
            // action_plugins/kolla_custom_config_info.py`): `*.conf` INI files by merge_configs (the
            // environment's options win), `rabbitmq/**` and other files by the most specific source.
            // With `kolla_openstack_custom_config_environment_merging_enabled: false` only the
            // environment's directory is used.
            let environmentConfig = PathUtilities.join(environmentDirectory, "kolla/config")
            let hasEnvironmentConfig = fileSystem.kind(of: environmentConfig) == .directory
            if let base = configDirectory, let flag = environmentMergingDisabled(
                [PathUtilities.join(environmentDirectory, "kolla.yml"), PathUtilities.join(PathUtilities.parent(root), "kolla.yml")]) {
                skipped.append(SkippedFile(path: base, reason: "the Kayobe environment's kolla/config/ replaces it: "
                    + "kolla_openstack_custom_config_environment_merging_enabled is false in \(flag)"))
                configDirectory = nil
            }
            if hasEnvironmentConfig {
                if configDirectory == nil { configDirectory = environmentConfig } else { extraConfigDirectories.append(environmentConfig) }
            }
        }
        if let configDirectory { files.append(contentsOf: scanConfig(configDirectory)) }
        for directory in extraConfigDirectories {
            guard let base = configDirectory else { break }
            let layered = scanConfig(directory)
            // Non-INI files (RabbitMQ, HAProxy) are templated from the most specific source: the
            // environment's file replaces the base file of the same relative path.
            let replacing = Set(layered.compactMap { file -> String? in
                if case .osloOverride = file.role { return nil }
                return PathUtilities.relative(file.path, to: directory)
            })
            files.removeAll { file in
                guard let relative = PathUtilities.relative(file.path, to: base), replacing.contains(relative) else { return false }
                skipped.append(SkippedFile(path: file.path, reason: "replaced by the Kayobe environment's "
                    + PathUtilities.join(directory, relative) + " (Kayobe copies the most specific non-INI file)"))
                return true
            }
            files.append(contentsOf: layered)
        }
        let hasConfig = configDirectory != nil
        if kind == .kayobe {
            // Kayobe templates its kolla/config oslo files before Kolla-Ansible reads them.
            for index in files.indices {
                if case .osloOverride = files[index].role { files[index].renderedByWrapper = true }
            }
        }

        // Rendered service directories beside config/ (the deploy host is also a target).
        for name in sortedEntries(root) {
            let path = PathUtilities.join(root, name)
            guard fileSystem.kind(of: path) == .directory,
                  !["config", "globals.d", "inventory", "files"].contains(name) else { continue }
            files.append(contentsOf: renderedFiles(in: path, name: name))
        }

        var seen: Set<String> = []
        files = files.filter { seen.insert($0.path).inserted }
        var tree = DeploymentTree(
            kind: kind, root: root, configDirectory: hasConfig ? configDirectory : nil,
            files: files.sorted { $0.path < $1.path }, reportScope: nil)
        tree.extraConfigDirectories = extraConfigDirectories
        tree.skipped = skipped
        return tree
    }

    /// Where `kolla_openstack_custom_config_environment_merging_enabled` is set false (a top-level
    /// `false`/`no` in one of Kayobe's `kolla.yml` files, the environment's first), if it is.
    /// A line scan: the files are parsed by the YAML loader later; this only picks directories.
    private func environmentMergingDisabled(_ paths: [String]) -> String? {
        for path in paths {
            guard case .success(let bytes) = fileSystem.readFile(path, limit: 1024 * 1024) else { continue }
            for (index, line) in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let prefix = "kolla_openstack_custom_config_environment_merging_enabled:"
                guard line.hasPrefix(prefix) else { continue }
                var value = line.dropFirst(prefix.count)
                if let hash = value.firstIndex(of: "#") { value = value[..<hash] }
                let word = String(value.filter { !$0.isWhitespace && $0 != "\"" && $0 != "'" }).lowercased()
                if ["false", "no", "off", "0"].contains(word) { return "\(path):\(index + 1)" }
                return nil
            }
        }
        return nil
    }

    /// The files a `--globals` entry names: the file itself, or the matches of a `*` glob in its
    /// last component, sorted.
    private func expandGlobalsPattern(_ pattern: String) -> [String] {
        let path = PathUtilities.normalize(pattern, relativeTo: fileSystem.currentDirectory)
        let name = PathUtilities.basename(path)
        guard name.contains("*") else { return [path] }
        let directory = PathUtilities.parent(path)
        let parts = name.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        return sortedEntries(directory).filter { entry in
            guard let first = parts.first, let last = parts.last, entry.hasPrefix(first), entry.hasSuffix(last),
                  entry.count >= first.count + last.count else { return false }
            var rest = Substring(entry.dropFirst(first.count))
            for middle in parts.dropFirst().dropLast() where !middle.isEmpty {
                guard let range = rest.firstRange(of: middle) else { return false }
                rest = rest[range.upperBound...]
            }
            return true
        }.map { PathUtilities.join(directory, $0) }
    }

    /// Whether bytes read from a file are an Ansible INI inventory: `[group]`, `[g:children]`,
    /// `[g:vars]` sections whose lines are host names with optional `var=value` pairs (oslo
    /// INI writes `key = value` under sections such as `[DEFAULT]`).
    static func looksLikeInventory(_ bytes: Result<[UInt8], FileReadError>) -> Bool {
        guard case .success(let data) = bytes else { return false }
        return InventorySniffer.classify(String(decoding: data.prefix(64 * 1024), as: UTF8.self)) == .inventory
    }

    private func inventoryFiles(at path: String) -> [TreeFile] {
        switch fileSystem.kind(of: path) {
        case .regular?:
            return [TreeFile(path: path, role: .inventory)]
        case .directory?:
            // An inventory directory: every plain file in it (Ansible skips some extensions).
            // Ansible merges every file of an inventory directory; YAML/JSON inventories and
            // group_vars/ / host_vars/ are not read by rmqlint.
            return sortedEntries(path).compactMap { name in
                let file = PathUtilities.join(path, name)
                guard fileSystem.kind(of: file) == .regular,
                      !name.hasSuffix(".yml"), !name.hasSuffix(".yaml"), !name.hasSuffix(".json"),
                      !name.hasSuffix(".j2"), !name.hasSuffix("~"), !name.hasSuffix(".md"), !name.hasSuffix(".py"),
                      !name.hasSuffix(".sh") else { return nil }
                return TreeFile(path: file, role: .inventory)
            }
        default:
            return []
        }
    }

    /// Every file under the override directory that Kolla's roles could read.
    private func scanConfig(_ configDirectory: String) -> [TreeFile] {
        var result: [TreeFile] = []
        var visited: Set<String> = []
        var stack = [configDirectory]
        var count = 0
        while let current = stack.popLast() {
            guard let identity = fileSystem.identity(of: current), visited.insert(identity).inserted else { continue }
            var subdirectories: [String] = []
            for name in sortedEntries(current) {
                let path = PathUtilities.join(current, name)
                count += 1
                if count > maxFiles { return result }
                switch fileSystem.kind(of: path) {
                case .directory?:
                    subdirectories.append(path)
                case .regular?:
                    guard let relative = PathUtilities.relative(path, to: configDirectory) else { continue }
                    if let role = Self.overrideRole(relativePath: relative) {
                        result.append(TreeFile(path: path, role: role))
                    }
                default:
                    continue
                }
            }
            stack.append(contentsOf: subdirectories.reversed())
        }
        return result
    }

    /// The role of a file at `relativePath` below `config/`, or `nil` if rmqlint has no
    /// use for it (policy files, certificates, other tools' formats).
    static func overrideRole(relativePath: String) -> FileRole? {
        let parts = relativePath.split(separator: "/").map(String.init)
        guard let first = parts.first, let name = parts.last else { return nil }
        switch first {
        case "rabbitmq":
            // Whole-file replacements (KA roles/rabbitmq/tasks/config.yml with_first_found).
            let known = ["definitions.json", "rabbitmq.conf", "advanced.config", "rabbitmq-env.conf"]
            guard known.contains(name) else { return nil }
            switch parts.count {
            case 2: return .rabbitmqOverride(name: name, host: nil)
            case 3: return .rabbitmqOverride(name: name, host: parts[1])
            default: return nil
            }
        case "haproxy":
            guard name.hasSuffix(".cfg") else { return nil }
            if parts.count == 3, parts[1] == "services.d" { return .haproxyServices }
            if name == "haproxy_main.cfg" {
                if parts.count == 2 { return .haproxyMain(host: nil) }
                if parts.count == 3 { return .haproxyMain(host: parts[1]) }
            }
            return .looseHAProxy
        case "haproxy-config":
            guard name.hasSuffix(".cfg") else { return nil }
            if parts.count == 2 { return .haproxyServiceOverride(host: nil) }
            if parts.count == 3 { return .haproxyServiceOverride(host: parts[1]) }
            return nil
        default:
            guard name.hasSuffix(".conf") else { return nil }
            let stem = String(name.dropLast(".conf".count))
            let read = KollaReads.kindOfRead(relativePath)
            // Kolla reads it, but not as an oslo.config layer (ceph.conf, keyrings, Apache and
            // uWSGI files, keystone domains): never parsed as oslo INI.
            if read == .other { return nil }
            if read == nil, parts.count == 2, !OsloProjects.names.contains(first), OsloProjects.names.contains(stem) {
                // config/<host>/octavia.conf: per-host files belong below the project directory.
                return .osloOverride(.unrecognised(relativePath: relativePath))
            }
            if parts.count == 1 {
                if stem == "global" { return .osloOverride(.global) }
                // Top-level files some chain merges (trove-conductor.conf on Rocky–Victoria,
                // glance-cache.conf, manila-share.conf).
                if read == .osloMerge { return .osloOverride(.project(stem)) }
                return OsloProjects.names.contains(stem) ? .osloOverride(.project(stem)) : nil
            }
            guard OsloProjects.names.contains(first) else { return nil }
            switch parts.count {
            case 2:
                return .osloOverride(.service(project: first, service: stem))
            case 3:
                if stem == first { return .osloOverride(.host(project: first, host: parts[1])) }
                return .osloOverride(.hostService(project: first, host: parts[1], service: stem))
            default:
                return .osloOverride(.unrecognised(relativePath: relativePath))
            }
        }
    }

    /// Rendered configuration in `/etc/kolla/<service>/` (or a copy of it).
    private func renderedFiles(in directory: String, name: String) -> [TreeFile] {
        var result: [TreeFile] = []
        for entry in sortedEntries(directory) {
            let path = PathUtilities.join(directory, entry)
            let kind = fileSystem.kind(of: path)
            if kind == .regular, let project = OsloProjects.project(forServiceDirectory: name, configFile: entry) {
                result.append(TreeFile(path: path, role: .renderedOslo(service: name, project: project)))
            } else if kind == .regular, name == "haproxy", entry.hasSuffix(".cfg") {
                result.append(TreeFile(path: path, role: .looseHAProxy))
            } else if kind == .directory, name == "haproxy", entry == "services.d" {
                for service in sortedEntries(path) where service.hasSuffix(".cfg") {
                    let file = PathUtilities.join(path, service)
                    if fileSystem.kind(of: file) == .regular { result.append(TreeFile(path: file, role: .looseHAProxy)) }
                }
            } else if kind == .regular, name == "rabbitmq", entry == "definitions.json" {
                result.append(TreeFile(path: path, role: .looseRabbitMQDefinitions))
            } else if kind == .regular, name == "rabbitmq", entry == "rabbitmq.conf" {
                result.append(TreeFile(path: path, role: .looseRabbitMQConf))
            } else if kind == .regular, name == "rabbitmq", entry == "advanced.config" || entry == "rabbitmq.config" {
                result.append(TreeFile(path: path, role: .looseRabbitMQErlang))
            } else if kind == .regular, name == "rabbitmq", entry == "rabbitmq-env.conf" {
                result.append(TreeFile(path: path, role: .looseRabbitMQEnv))
            }
        }
        return result
    }

    // MARK: - Loose files

    /// The role of a file found while walking a directory with no tree: by name only,
    /// unknown names are skipped silently (docs/spec.md §3).
    func looseRole(of path: String) -> FileRole? {
        looseRole(name: PathUtilities.basename(path), directory: PathUtilities.basename(PathUtilities.parent(path)))
    }

    /// ``looseRole(of:)`` of the file `name` in a directory named `directory`.
    func looseRole(name: String, directory: String) -> FileRole? {
        if name == "definitions.json" { return .looseRabbitMQDefinitions }
        if name == "rabbitmq.conf" { return .looseRabbitMQConf }
        if name == "advanced.config" || name == "rabbitmq.config" { return .looseRabbitMQErlang }
        if name == "rabbitmq-env.conf" { return .looseRabbitMQEnv }
        if name.hasSuffix(".cfg") && (name.hasPrefix("haproxy")
            || ["haproxy", "services.d", "haproxy-config"].contains(directory)) {
            return .looseHAProxy
        }
        if let project = OsloProjects.project(forServiceDirectory: directory, configFile: name) {
            return .renderedOslo(service: directory, project: project)
        }
        if name.hasSuffix(".conf") {
            let stem = String(name.dropLast(".conf".count))
            if stem == "global" || OsloProjects.names.contains(stem) { return .looseOslo }
        }
        return nil
    }

    /// The role of a file named explicitly on the command line: by name first, then by
    /// content (docs/spec.md §10.2), so `haproxy.cfg.controller` or `nova.conf.j2` are linted too.
    /// `nil` for a file recognised as nothing rmqlint reads (skipped with a note).
    func explicitRole(of path: String) -> FileRole? {
        let name = PathUtilities.basename(path).lowercased()
        if Self.inventoryNames.contains(name) || name.hasSuffix(".ini") && !name.contains("conf") {
            return .inventory
        }
        if name == "rabbitmq.config" || name == "advanced.config" { return .looseRabbitMQErlang }
        if let role = looseRole(of: path) { return role }
        let sniffed = Self.sniffRole(fileSystem.readFile(path, limit: 64 * 1024))
        if name.contains("haproxy"), sniffed == .looseHAProxy || sniffed == nil { return .looseHAProxy }
        if name.hasSuffix(".json") { return sniffed == .looseRabbitMQDefinitions ? sniffed : nil }
        if name.hasSuffix(".yml") || name.hasSuffix(".yaml") { return .looseYAML }
        // `nova.conf.j2`, `neutron.ini`: oslo INI by name unless the content says otherwise.
        if name.hasSuffix(".conf") || name.hasSuffix(".ini") || name.contains(".conf.") {
            return sniffed == .inventory || sniffed == .looseHAProxy ? sniffed : .looseOslo
        }
        if name.hasSuffix(".cfg") { return sniffed == nil || sniffed == .looseHAProxy ? .looseHAProxy : sniffed }
        return sniffed
    }

    /// Classifies by content; `nil` when the content is none of the kinds rmqlint reads.
    static func sniffRole(_ bytes: Result<[UInt8], FileReadError>) -> FileRole? {
        guard case .success(let data) = bytes else { return nil }
        let text = String(decoding: data.prefix(64 * 1024), as: UTF8.self)
        switch InventorySniffer.classify(text) {
        case .inventory: return .inventory
        case .erlangTerms: return .looseRabbitMQErlang
        case .haproxy: return .looseHAProxy
        case .json: return .looseRabbitMQDefinitions
        case .oslo: return .looseOslo
        case .yaml: return .looseYAML
        case nil: return nil
        }
    }
}

/// Content classification of files named explicitly (docs/spec.md §10.2): confident, or nothing.
enum InventorySniffer {
    enum Kind: Equatable { case inventory, erlangTerms, haproxy, json, oslo, yaml }

    static func classify(_ text: String) -> Kind? {
        var sectionHeaders = 0, groupSuffixes = 0, hostLines = 0, keyValueLines = 0, yamlLines = 0, otherLines = 0
        var firstMeaningful: Substring?
        var inVars = false
        for rawLine in text.split(whereSeparator: \.isNewline).prefix(2000) {
            let line = rawLine.trimmingPrefix(while: \.isWhitespace)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") || line.hasPrefix("%") { continue }
            if firstMeaningful == nil { firstMeaningful = line }
            let word = line.prefix { !$0.isWhitespace }
            if firstMeaningful == line {
                if ["frontend", "backend", "listen", "defaults", "global"].contains(String(word)) { return .haproxy }
                if line.hasPrefix("{") { return .json }
                // Erlang terms: a list opening on a tuple (`[{rabbit, …`), or `[` alone on its line.
                if line.hasPrefix("[") {
                    let rest = line.dropFirst().trimmingPrefix(while: \.isWhitespace)
                    if rest.isEmpty || rest.hasPrefix("{") { return .erlangTerms }
                }
                if line.hasPrefix("---") { return .yaml }
            }
            if line.hasPrefix("[") {
                guard let close = line.firstIndex(of: "]") else { otherLines += 1; continue }
                let name = line[line.index(after: line.startIndex)..<close]
                sectionHeaders += 1
                if name.hasSuffix(":children") || name.hasSuffix(":vars") { groupSuffixes += 1 }
                inVars = name.hasSuffix(":vars")
                continue
            }
            if line.contains(" = ") || (word.contains("=") && !inVars && sectionHeaders > 0 && word.first != "=" && !line.contains(" ")) {
                // oslo `key = value` / `key=value` alone on a line
                if line.contains(" = ") { keyValueLines += 1; continue }
            }
            if sectionHeaders > 0, !inVars, !word.contains("="), !word.hasSuffix(":") {
                hostLines += 1
                continue
            }
            if inVars, word.contains("=") { continue }
            if sectionHeaders == 0, word.hasSuffix(":") || line.hasPrefix("- ") { yamlLines += 1; continue }
            if word.contains("=") { keyValueLines += 1; continue }
            otherLines += 1
        }
        guard firstMeaningful != nil else { return nil }
        if sectionHeaders > 0 {
            if groupSuffixes > 0 && keyValueLines <= hostLines { return .inventory }
            if hostLines > 0 && keyValueLines == 0 { return .inventory }
            if keyValueLines > 0 && keyValueLines >= hostLines { return .oslo }
            return hostLines > 0 ? .inventory : .oslo
        }
        if yamlLines > 0 && otherLines == 0 && keyValueLines == 0 { return .yaml }
        return nil
    }
}

extension Substring {
    fileprivate func trimmingPrefix(while predicate: (Character) -> Bool) -> Substring {
        self[(firstIndex { !predicate($0) } ?? endIndex)...]
    }
}

/// A tree scan within one discovery: the root and what kind of tree it is.
private struct TreeScanKey: Hashable {
    let root: String
    let kind: TreeKind
}
