import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge

/// A path given on the command line that rmqlint itself cannot use (exit status 2).
public struct DiscoveryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One line for stderr.
    public var message: String
    public var description: String { message }
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

    /// Creates a discovery over `fileSystem`.
    public init(fileSystem: any FileSystem, inventoryOverride: String? = nil) {
        self.fileSystem = fileSystem
        self.inventoryOverride = inventoryOverride
    }

    /// Names Kolla's inventory can have at a tree root, in order of preference.
    static let inventoryNames = ["multinode", "all-in-one", "hosts", "inventory"]

    /// The trees to lint for `paths` (relative paths resolve against the working directory).
    public func discover(_ paths: [String]) -> Result<[DeploymentTree], DiscoveryError> {
        var trees: [String: DeploymentTree] = [:]   // by root
        var treeOrder: [String] = []
        var looseFiles: [TreeFile] = []
        var looseRoots: [String] = []

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
            var tree = scanTree(root: root, kind: kind)
            tree.reportScope = scope.map { [$0] }
            trees[root] = tree
            treeOrder.append(root)
        }

        /// A named file that changes the whole deployment's context — globals, the wrapper's
        /// variables (Kayobe `kolla.yml` / `openstack.yml`, OSISM's manager configuration),
        /// the inventory — can change a finding anywhere, so its tree is reported whole.
        func changesContext(_ path: String, root: String, kind: TreeKind) -> Bool {
            let tree = trees[root] ?? scanTree(root: root, kind: kind)
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
                continue
            }
            switch kind {
            case .regular:
                looseFiles.append(TreeFile(path: path, role: explicitRole(of: path)))
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

        var result = treeOrder.compactMap { trees[$0] }
        if !looseFiles.isEmpty {
            var seen: Set<String> = []
            let unique = looseFiles.filter { seen.insert($0.path).inserted }.sorted { $0.path < $1.path }
            result.append(DeploymentTree(
                kind: .loose, root: looseRoots.first ?? fileSystem.currentDirectory,
                configDirectory: nil, files: unique, reportScope: nil))
        }
        return .success(result)
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
    func treeRoot(at directory: String) -> (String, TreeKind)? {
        let name = PathUtilities.basename(directory)
        let parent = PathUtilities.parent(directory)
        if name == "kolla", PathUtilities.basename(parent) == "environments",
           fileSystem.kind(of: PathUtilities.join(directory, "configuration.yml")) == .regular {
            return (directory, .osism)
        }
        if name == "kolla", PathUtilities.basename(parent) == "kayobe", isKayobeKolla(directory) {
            return (directory, .kayobe)
        }
        if name == "kayobe" {
            let kolla = PathUtilities.join(directory, "kolla")
            if isKayobeKolla(kolla) { return (kolla, .kayobe) }
        }
        guard fileSystem.kind(of: PathUtilities.join(directory, "globals.yml")) == .regular else { return nil }
        return (directory, .kolla)
    }

    private func isKayobeKolla(_ directory: String) -> Bool {
        fileSystem.kind(of: PathUtilities.join(directory, "globals.yml")) == .regular
            || fileSystem.kind(of: PathUtilities.join(directory, "config")) == .directory
    }

    // MARK: - Walking down (no tree above)

    private func walkDown(
        _ directory: String, visited: inout Set<String>,
        roots: inout [(String, TreeKind)], loose: inout [TreeFile]
    ) {
        var stack = [directory]
        var count = 0
        while let current = stack.popLast() {
            guard let identity = fileSystem.identity(of: current), visited.insert(identity).inserted else { continue }
            if let found = treeRoot(at: current) {
                roots.append(found)
                continue
            }
            let entries = sortedEntries(current)
            var subdirectories: [String] = []
            for name in entries {
                let path = PathUtilities.join(current, name)
                count += 1
                if count > maxFiles { return }
                switch fileSystem.kind(of: path) {
                case .directory?:
                    subdirectories.append(path)
                case .regular?:
                    if let role = looseRole(of: path) { loose.append(TreeFile(path: path, role: role)) }
                default:
                    continue   // FIFOs, sockets, devices, dangling links: never opened
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

        // Globals: globals.yml, then globals.d/*.yml in sorted order (KA kolla_ansible/ansible.py _get_vars_files).
        addIfFile(PathUtilities.join(root, kind == .osism ? "configuration.yml" : "globals.yml"), .globals(order: 0))
        let globalsD = PathUtilities.join(root, "globals.d")
        if fileSystem.kind(of: globalsD) == .directory {
            let names = sortedEntries(globalsD).filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }
            for (index, name) in names.enumerated() {
                addIfFile(PathUtilities.join(globalsD, name), .globals(order: index + 1))
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
        if let inventoryOverride {
            let path = PathUtilities.normalize(inventoryOverride, relativeTo: fileSystem.currentDirectory)
            files.append(contentsOf: inventoryFiles(at: path))
        } else {
            var candidates = Self.inventoryNames.map { PathUtilities.join(root, $0) }
            if kind == .osism {
                // OSISM keeps its inventory at the repository root (environments/../inventory).
                candidates.append(PathUtilities.join(PathUtilities.parent(PathUtilities.parent(root)), "inventory"))
            }
            if kind == .kayobe {
                // Kayobe's inventory is etc/kayobe/inventory (kayobe `ansible.cfg` / `kayobe/ansible.py`).
                candidates.append(PathUtilities.join(PathUtilities.parent(root), "inventory"))
            }
            for candidate in candidates where fileSystem.kind(of: candidate) != nil {
                files.append(contentsOf: inventoryFiles(at: candidate))
                break
            }
        }

        let configDirectory = kind == .osism
            ? PathUtilities.join(root, "files/overlays")
            : PathUtilities.join(root, "config")
        let hasConfig = fileSystem.kind(of: configDirectory) == .directory
        if hasConfig { files.append(contentsOf: scanConfig(configDirectory)) }

        // Rendered service directories beside config/ (the deploy host is also a target).
        for name in sortedEntries(root) {
            let path = PathUtilities.join(root, name)
            guard fileSystem.kind(of: path) == .directory,
                  !["config", "globals.d", "inventory", "files"].contains(name) else { continue }
            files.append(contentsOf: renderedFiles(in: path, name: name))
        }

        var seen: Set<String> = []
        files = files.filter { seen.insert($0.path).inserted }
        return DeploymentTree(
            kind: kind, root: root, configDirectory: hasConfig ? configDirectory : nil,
            files: files.sorted { $0.path < $1.path }, reportScope: nil)
    }

    private func inventoryFiles(at path: String) -> [TreeFile] {
        switch fileSystem.kind(of: path) {
        case .regular?:
            return [TreeFile(path: path, role: .inventory)]
        case .directory?:
            // An inventory directory: every plain file in it (Ansible skips some extensions).
            return sortedEntries(path).compactMap { name in
                let file = PathUtilities.join(path, name)
                guard fileSystem.kind(of: file) == .regular,
                      !name.hasSuffix(".yml"), !name.hasSuffix(".yaml"), !name.hasSuffix(".json"),
                      !name.hasSuffix(".j2"), !name.hasSuffix("~") else { return nil }
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
            }
        }
        return result
    }

    // MARK: - Loose files

    /// The role of a file found while walking a directory with no tree: by name only,
    /// unknown names are skipped silently (docs/spec.md §3).
    func looseRole(of path: String) -> FileRole? {
        let name = PathUtilities.basename(path)
        let directory = PathUtilities.basename(PathUtilities.parent(path))
        if name == "definitions.json" { return .looseRabbitMQDefinitions }
        if name == "rabbitmq.conf" { return .looseRabbitMQConf }
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
    /// content (docs/spec.md §3), so `haproxy.cfg.controller` or `nova.conf.j2` are linted too.
    func explicitRole(of path: String) -> FileRole {
        if let role = looseRole(of: path) { return role }
        let name = PathUtilities.basename(path).lowercased()
        if name.contains("haproxy") { return .looseHAProxy }
        if name.hasSuffix(".json") { return .looseRabbitMQDefinitions }
        if name.hasSuffix(".yml") || name.hasSuffix(".yaml") { return .looseYAML }
        if name.hasSuffix(".conf") || name.hasSuffix(".ini") || name.contains(".conf.") { return .looseOslo }
        if name.hasSuffix(".cfg") { return .looseHAProxy }
        return Self.sniffRole(fileSystem.readFile(path, limit: 64 * 1024))
    }

    /// Classifies by the first meaningful lines of content.
    static func sniffRole(_ bytes: Result<[UInt8], FileReadError>) -> FileRole {
        guard case .success(let data) = bytes else { return .looseYAML }
        let text = String(decoding: data.prefix(64 * 1024), as: UTF8.self)
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingPrefix(while: \.isWhitespace)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            let word = line.prefix { !$0.isWhitespace }
            if ["frontend", "backend", "listen", "defaults", "global"].contains(String(word)) { return .looseHAProxy }
            if line.hasPrefix("{") { return .looseRabbitMQDefinitions }
            if line.hasPrefix("[") && line.contains("]") { return .looseOslo }
        }
        return .looseYAML
    }
}

extension Substring {
    fileprivate func trimmingPrefix(while predicate: (Character) -> Bool) -> Substring {
        self[(firstIndex { !predicate($0) } ?? endIndex)...]
    }
}
