import Synchronization
import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintJinja
@testable import RMQLintKnowledge
@testable import RMQLintLoaders
@testable import RMQLintModel
@testable import RMQLintSource

@Suite("Discovery")
struct DiscoveryTests {
    func fileSystem(_ files: [String: String], cwd: String = "/work") -> InMemoryFileSystem {
        var fs = InMemoryFileSystem(currentDirectory: cwd)
        for (path, contents) in files { fs.addFile(path, contents: contents) }
        return fs
    }

    func roles(_ tree: DeploymentTree) -> [String: FileRole] {
        Dictionary(uniqueKeysWithValues: tree.files.map { ($0.path, $0.role) })
    }

    /// A file named inside a tree (pre-commit's `rmqlint etc/kolla/globals.yml`) is looked up
    /// in its tree before the tree is added: the tree is scanned once for both, and is what a
    /// scan of it gives.
    @Test func aNamedFileScansItsTreeOnce() throws {
        let files = fileSystem([
            "/etc/kolla/globals.yml": "", "/etc/kolla/multinode": "", "/etc/kolla/config/nova/nova-api.conf": "",
        ])
        let scanned = Discovery(fileSystem: files).scanTree(root: "/etc/kolla", kind: .kolla)
        for (named, scope) in [("/etc/kolla/globals.yml", nil), ("/etc/kolla/config/nova/nova-api.conf", ["/etc/kolla/config/nova/nova-api.conf"])] {
            let counting = ListingCountingFileSystem(files)
            let tree = try #require(try Discovery(fileSystem: counting).discover([named]).get().first)
            #expect(tree.files == scanned.files && tree.skipped == scanned.skipped, "\(named)")
            #expect(tree.reportScope == scope, "\(named)")
            #expect(counting.listings("/etc/kolla/config/nova") == 1, "\(named)")
        }
    }

    @Test func kollaTreeFilesGetTheirRoles() throws {
        let fs = fileSystem([
            "/etc/kolla/globals.yml": "",
            "/etc/kolla/globals.d/b.yml": "",
            "/etc/kolla/globals.d/a.yml": "",
            "/etc/kolla/passwords.yml": "",
            "/etc/kolla/multinode": "",
            "/etc/kolla/all-in-one": "",
            "/etc/kolla/config/global.conf": "",
            "/etc/kolla/config/nova.conf": "",
            "/etc/kolla/config/nova/nova-api.conf": "",
            "/etc/kolla/config/nova/ctl01/nova.conf": "",
            "/etc/kolla/config/nova/cmp01/nova-compute.conf": "",
            "/etc/kolla/config/nova/x/y/nova.conf": "",
            "/etc/kolla/config/nova/policy.yaml": "",
            "/etc/kolla/config/fluentd/input/00.conf": "",
            "/etc/kolla/config/rabbitmq/definitions.json": "",
            "/etc/kolla/config/rabbitmq/ctl01/rabbitmq.conf": "",
            "/etc/kolla/config/haproxy/services.d/amqp.cfg": "",
            "/etc/kolla/config/haproxy/haproxy_main.cfg": "",
            "/etc/kolla/config/haproxy/ctl02/haproxy_main.cfg": "",
            "/etc/kolla/config/haproxy-config/glance_api.cfg": "",
            "/etc/kolla/nova-compute/nova.conf": "",
            "/etc/kolla/nova-compute/config.json": "",
        ])
        let trees = try Discovery(fileSystem: fs).discover(["/etc/kolla"]).get()
        #expect(trees.count == 1)
        let tree = try #require(trees.first)
        #expect(tree.kind == .kolla)
        #expect(tree.root == "/etc/kolla")
        #expect(tree.configDirectory == "/etc/kolla/config")
        #expect(tree.reportScope == nil)
        let roles = roles(tree)
        #expect(roles["/etc/kolla/globals.yml"] == .globals(order: 0))
        #expect(roles["/etc/kolla/globals.d/a.yml"] == .globals(order: 1))
        #expect(roles["/etc/kolla/globals.d/b.yml"] == .globals(order: 2))
        #expect(roles["/etc/kolla/passwords.yml"] == .passwords)
        #expect(roles["/etc/kolla/multinode"] == .inventory)
        #expect(roles["/etc/kolla/all-in-one"] == nil, "only the preferred inventory is read")
        #expect(roles["/etc/kolla/config/global.conf"] == .osloOverride(.global))
        #expect(roles["/etc/kolla/config/nova.conf"] == .osloOverride(.project("nova")))
        #expect(roles["/etc/kolla/config/nova/nova-api.conf"] == .osloOverride(.service(project: "nova", service: "nova-api")))
        #expect(roles["/etc/kolla/config/nova/ctl01/nova.conf"] == .osloOverride(.host(project: "nova", host: "ctl01")))
        #expect(roles["/etc/kolla/config/nova/cmp01/nova-compute.conf"]
            == .osloOverride(.hostService(project: "nova", host: "cmp01", service: "nova-compute")))
        #expect(roles["/etc/kolla/config/nova/x/y/nova.conf"] == .osloOverride(.unrecognised(relativePath: "nova/x/y/nova.conf")))
        #expect(roles["/etc/kolla/config/nova/policy.yaml"] == nil)
        #expect(roles["/etc/kolla/config/fluentd/input/00.conf"] == nil, "not oslo INI: never parsed")
        #expect(roles["/etc/kolla/config/rabbitmq/definitions.json"] == .rabbitmqOverride(name: "definitions.json", host: nil))
        #expect(roles["/etc/kolla/config/rabbitmq/ctl01/rabbitmq.conf"] == .rabbitmqOverride(name: "rabbitmq.conf", host: "ctl01"))
        #expect(roles["/etc/kolla/config/haproxy/services.d/amqp.cfg"] == .haproxyServices)
        #expect(roles["/etc/kolla/config/haproxy/haproxy_main.cfg"] == .haproxyMain(host: nil))
        #expect(roles["/etc/kolla/config/haproxy/ctl02/haproxy_main.cfg"] == .haproxyMain(host: "ctl02"))
        #expect(roles["/etc/kolla/config/haproxy-config/glance_api.cfg"] == .haproxyServiceOverride(host: nil))
        #expect(roles["/etc/kolla/nova-compute/nova.conf"] == .renderedOslo(service: "nova-compute", project: "nova"))
        #expect(roles["/etc/kolla/nova-compute/config.json"] == nil)
        #expect(tree.files.map(\.path) == tree.files.map(\.path).sorted())
    }

    @Test func aFileInsideATreeLintsTheTreeAndScopesTheReport() throws {
        let fs = fileSystem([
            "/work/etc/kolla/globals.yml": "",
            "/work/etc/kolla/config/nova.conf": "",
            "/work/etc/kolla/config/neutron.conf": "",
        ])
        let trees = try Discovery(fileSystem: fs).discover(["etc/kolla/config/nova.conf"]).get()
        let tree = try #require(trees.first)
        #expect(trees.count == 1)
        #expect(tree.root == "/work/etc/kolla")
        #expect(tree.files.count == 3)
        #expect(tree.reportScope == ["/work/etc/kolla/config/nova.conf"])
    }

    @Test func theTreeRootItselfAndAFileUnderItWidenTheScopeToEverything() throws {
        let fs = fileSystem(["/work/k/globals.yml": "", "/work/k/config/nova.conf": ""])
        let trees = try Discovery(fileSystem: fs).discover(["k/config/nova.conf", "k"]).get()
        #expect(trees.count == 1)
        #expect(trees.first?.reportScope == nil)
    }

    /// Files the whole deployment depends on widen a pre-commit run to the whole tree.
    @Test func contextFilesLintTheWholeTree() throws {
        let fs = fileSystem([
            "/work/etc/kolla/globals.yml": "",
            "/work/etc/kolla/globals.d/rabbit.yml": "",
            "/work/etc/kolla/multinode": "[rabbitmq]\nctl01\n",
            "/work/etc/kolla/config/nova.conf": "",
            "/repo/etc/kayobe/kolla.yml": "",
            "/repo/etc/kayobe/openstack.yml": "",
            "/repo/etc/kayobe/inventory/hosts": "",
            "/repo/etc/kayobe/kolla/config/nova.conf": "",
            "/osism/environments/kolla/configuration.yml": "",
            "/osism/environments/kolla/files/overlays/nova.conf": "",
            "/osism/environments/manager/configuration.yml": "",
            "/osism/environments/manager/images.yml": "",
            "/osism/inventory/hosts": "",
        ])
        let discovery = Discovery(fileSystem: fs)
        for (named, root) in [
            ("etc/kolla/globals.yml", "/work/etc/kolla"), ("etc/kolla/globals.d/rabbit.yml", "/work/etc/kolla"),
            ("etc/kolla/multinode", "/work/etc/kolla"),
            ("/repo/etc/kayobe/kolla.yml", "/repo/etc/kayobe/kolla"), ("/repo/etc/kayobe/openstack.yml", "/repo/etc/kayobe/kolla"),
            ("/repo/etc/kayobe/inventory/hosts", "/repo/etc/kayobe/kolla"),
            ("/osism/environments/manager/configuration.yml", "/osism/environments/kolla"),
            ("/osism/inventory/hosts", "/osism/environments/kolla"),
        ] {
            let trees = try discovery.discover([named]).get()
            #expect(trees.map(\.root) == [root], "\(named)")
            #expect(trees.first?.reportScope == nil, "\(named)")
        }
        // An override, or a manager file that sets nothing Kolla reads, stays scoped.
        #expect(try discovery.discover(["/repo/etc/kayobe/kolla/config/nova.conf"]).get().first?.reportScope
                == ["/repo/etc/kayobe/kolla/config/nova.conf"])
        #expect(try discovery.discover(["/osism/environments/manager/images.yml"]).get().first?.kind == .loose)
    }

    @Test func kayobeAndOsismRoots() throws {
        let fs = fileSystem([
            "/repo/kayobe-config/etc/kayobe/kolla/globals.yml": "",
            "/repo/kayobe-config/etc/kayobe/kolla/config/nova.conf": "",
            "/repo/osism/environments/kolla/configuration.yml": "",
            "/repo/osism/environments/kolla/secrets.yml": "",
            "/repo/osism/environments/kolla/files/overlays/nova.conf": "",
            "/repo/osism/inventory/20-roles": "[control]\nctl01\n",
            "/repo/notes/README.md": "",
        ])
        let trees = try Discovery(fileSystem: fs).discover(["/repo"]).get()
        #expect(trees.map(\.kind) == [.kayobe, .osism])
        let kayobe = try #require(trees.first)
        #expect(kayobe.root == "/repo/kayobe-config/etc/kayobe/kolla")
        #expect(roles(kayobe)["/repo/kayobe-config/etc/kayobe/kolla/config/nova.conf"] == .osloOverride(.project("nova")))
        let osism = try #require(trees.last)
        let osismRoles = roles(osism)
        #expect(osism.configDirectory == "/repo/osism/environments/kolla/files/overlays")
        #expect(osismRoles["/repo/osism/environments/kolla/configuration.yml"] == .globals(order: 0))
        #expect(osismRoles["/repo/osism/environments/kolla/secrets.yml"] == .passwords)
        #expect(osismRoles["/repo/osism/environments/kolla/files/overlays/nova.conf"] == .osloOverride(.project("nova")))
        #expect(osismRoles["/repo/osism/inventory/20-roles"] == .inventory)
    }

    @Test func looseDirectoryKeepsRecognisedNamesOnly() throws {
        let fs = fileSystem([
            "/c/ctl01/nova-api/nova.conf": "",
            "/c/ctl01/ironic-neutron-agent/neutron.conf": "",
            "/c/ctl01/haproxy/haproxy.cfg": "",
            "/c/ctl01/haproxy/services.d/rabbitmq.cfg": "",
            "/c/ctl01/rabbitmq/definitions.json": "",
            "/c/ctl01/rabbitmq/rabbitmq.conf": "",
            "/c/ctl01/nginx/nginx.conf": "",
            "/c/ctl01/notes.txt": "",
            "/c/ctl01/random.json": "",
            "/c/.git/config": "",
            "/c/global.conf": "",
        ])
        let trees = try Discovery(fileSystem: fs).discover(["/c"]).get()
        let tree = try #require(trees.first)
        #expect(tree.kind == .loose)
        #expect(roles(tree) == [
            "/c/ctl01/nova-api/nova.conf": .renderedOslo(service: "nova-api", project: "nova"),
            "/c/ctl01/ironic-neutron-agent/neutron.conf": .renderedOslo(service: "ironic-neutron-agent", project: "neutron"),
            "/c/ctl01/haproxy/haproxy.cfg": .looseHAProxy,
            "/c/ctl01/haproxy/services.d/rabbitmq.cfg": .looseHAProxy,
            "/c/ctl01/rabbitmq/definitions.json": .looseRabbitMQDefinitions,
            "/c/ctl01/rabbitmq/rabbitmq.conf": .looseRabbitMQConf,
            "/c/global.conf": .looseOslo,
        ])
    }

    @Test func explicitFilesAreClassifiedByNameThenContent() throws {
        let fs = fileSystem([
            "/w/haproxy.cfg.controller": "",
            "/w/nova.conf.j2": "",
            "/w/lb-dump": "# dumped\nfrontend amqp\n  bind :5672\n",
            "/w/svc-dump": "\n[DEFAULT]\ndebug = true\n",
            "/w/defs-dump": "{\"policies\": []}",
            "/w/vars": "a: 1\n",
        ])
        let discovery = Discovery(fileSystem: fs)
        #expect(discovery.explicitRole(of: "/w/haproxy.cfg.controller") == .looseHAProxy)
        #expect(discovery.explicitRole(of: "/w/nova.conf.j2") == .looseOslo)
        #expect(discovery.explicitRole(of: "/w/lb-dump") == .looseHAProxy)
        #expect(discovery.explicitRole(of: "/w/svc-dump") == .looseOslo)
        #expect(discovery.explicitRole(of: "/w/defs-dump") == .looseRabbitMQDefinitions)
        #expect(discovery.explicitRole(of: "/w/vars") == .looseYAML)
    }

    @Test func missingPathIsADiscoveryError() {
        let fs = fileSystem([:])
        let result = Discovery(fileSystem: fs).discover(["nope"])
        #expect(throws: DiscoveryError(message: "nope: no such file or directory")) { try result.get() }
    }

    @Test func inventoryOverrideReplacesTheTreeInventory() throws {
        let fs = fileSystem([
            "/k/globals.yml": "", "/k/multinode": "", "/inv/prod": "[rabbitmq]\nr1\n",
        ])
        let tree = try #require(try Discovery(fileSystem: fs, inventoryOverride: "/inv/prod").discover(["/k"]).get().first)
        #expect(roles(tree)["/inv/prod"] == .inventory)
        #expect(roles(tree)["/k/multinode"] == nil)
    }

    @Test func displayPathsAreRelativeBelowTheWorkingDirectory() {
        #expect(PathUtilities.display("/work/a/b.cfg", currentDirectory: "/work") == "a/b.cfg")
        #expect(PathUtilities.display("/etc/kolla/globals.yml", currentDirectory: "/work") == "/etc/kolla/globals.yml")
        #expect(PathUtilities.normalize("../x/./y//z", relativeTo: "/a/b") == "/a/x/y/z")
        #expect(PathUtilities.normalize("/..", relativeTo: "/") == "/")
    }

    /// `normalize` returns an already normal ASCII path as it is: exactly where the
    /// component-by-component path would give the same text back.
    @Test func normalPathsAreReturnedAsTheGeneralPathWouldGiveThem() {
        let pieces = ["", "/", "//", ".", "..", "...", ".a", "a.", "..b", "a", "é", "/\u{301}", "b c", "/./", "/../"]
        var paths: [String] = []
        for first in pieces { for second in pieces { for third in pieces { paths.append(first + second + third) } } }
        paths += ["/", "/a", "/a/", "/a/b", "/a//b", "/a/./b", "/a/../b", "/a/.../b", "/.", "/..", "/a/.", "/a/..", "a/b"]
        for path in paths {
            let general = PathUtilities.normalizedByComponents(path)
            #expect(PathUtilities.isNormalASCII(path) == (path == general && path.utf8.allSatisfy { $0 < 0x80 }), "\(path)")
            #expect(PathUtilities.normalize(path, relativeTo: "/base") == PathUtilities.normalizedByComponents(
                path.hasPrefix("/") ? path : "/base/" + path), "\(path)")
        }
    }
}

/// A file system that counts how often each directory is listed.
private struct ListingCountingFileSystem: FileSystem {
    let base: InMemoryFileSystem
    private let counts = ListingCounts()

    init(_ base: InMemoryFileSystem) {
        self.base = base
    }

    var currentDirectory: String { base.currentDirectory }
    func kind(of path: String) -> FileKind? { base.kind(of: path) }
    func identity(of path: String) -> String? { base.identity(of: path) }
    func readFile(_ path: String, limit: Int) -> Result<[UInt8], FileReadError> { base.readFile(path, limit: limit) }

    func contentsOfDirectory(_ path: String) -> [String]? {
        counts.add(path)
        return base.contentsOfDirectory(path)
    }

    func listings(_ path: String) -> Int { counts.count(path) }
}

/// Listing counts, shared by the copies of a counting file system (discovery lists in parallel).
private final class ListingCounts: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    func add(_ path: String) {
        counts.withLock { $0[path, default: 0] += 1 }
    }

    func count(_ path: String) -> Int {
        counts.withLock { $0[path] ?? 0 }
    }
}
