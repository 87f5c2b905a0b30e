import RMQLintSource
import RMQLintJinja

/// What kind of deployment tree a file belongs to (docs/spec.md §3).
public enum TreeKind: String, Sendable, Equatable {
    /// A Kolla-Ansible configuration directory (`/etc/kolla`): `globals.yml` + `config/`.
    case kolla
    /// Kayobe: `etc/kayobe/kolla/globals.yml` with `etc/kayobe/kolla/config/`.
    case kayobe
    /// OSISM: `environments/kolla/configuration.yml` with `environments/kolla/files/overlays/`.
    case osism
    /// Files with no deployment tree around them.
    case loose
}

/// Where an oslo.config override sits in Kolla's `merge_configs` chain
/// (KA `master:ansible/roles/nova/tasks/config.yml`; domain §3).
public enum OverrideScope: Hashable, Sendable {
    /// `config/global.conf`: every service.
    case global
    /// `config/<project>.conf`: every service of a project.
    case project(String)
    /// `config/<project>/<service>.conf`: one service.
    case service(project: String, service: String)
    /// `config/<project>/<host>/<project>.conf`: every service of a project on one host.
    case host(project: String, host: String)
    /// `config/<project>/<host>/<service>.conf`: one service on one host (nova-cell, Kolla ≥ 2023.2).
    case hostService(project: String, host: String, service: String)
    /// Any other `.conf` below a project directory (deeper paths); Kolla never reads these.
    case unrecognised(relativePath: String)
}

/// The role a file plays, which decides its loader and how the model uses it.
public enum FileRole: Hashable, Sendable {
    /// `globals.yml` (order 0) and `globals.d/*.yml` (order 1…, later wins); OSISM's `configuration.yml`.
    case globals(order: Int)
    /// `passwords.yml` / OSISM `secrets.yml`: read for redaction only, never printed.
    case passwords
    /// Variables of a Kolla wrapper that become Kolla's: Kayobe's `etc/kayobe/kolla.yml` /
    /// `openstack.yml`, OSISM's `environments/manager/configuration.yml`.
    case wrapperVariables
    /// An Ansible INI inventory file.
    case inventory
    /// An oslo.config override under `config/`.
    case osloOverride(OverrideScope)
    /// A RabbitMQ whole-file override `config/rabbitmq/[<host>/]<name>`.
    case rabbitmqOverride(name: String, host: String?)
    /// `config/haproxy/[<host>/]haproxy_main.cfg`.
    case haproxyMain(host: String?)
    /// `config/haproxy/services.d/*.cfg`: extra HAProxy files copied as they are.
    case haproxyServices
    /// `config/haproxy-config/[<host>/]<service>.cfg`: replaces Kolla's generated service file.
    case haproxyServiceOverride(host: String?)
    /// A rendered oslo config `<dir>/<kolla-service>/<project>.conf`.
    case renderedOslo(service: String, project: String)
    /// A rendered or loose oslo.config INI file whose service is unknown.
    case looseOslo
    /// A HAProxy file outside Kolla's override layout (rendered or loose).
    case looseHAProxy
    /// A RabbitMQ `definitions.json` outside the override layout.
    case looseRabbitMQDefinitions
    /// A RabbitMQ `rabbitmq.conf` outside the override layout.
    case looseRabbitMQConf
    /// A RabbitMQ Erlang-term file (`advanced.config`, classic `rabbitmq.config`) outside the
    /// override layout: rendered on a host, or collected.
    case looseRabbitMQErlang
    /// A `rabbitmq-env.conf` outside the override layout.
    case looseRabbitMQEnv
    /// A YAML file named explicitly that has no other role.
    case looseYAML

    /// Whether the file sets the context of the whole deployment — globals, the wrapper's
    /// variables, the inventory — so that changing it can change findings in any file.
    public var isDeploymentContext: Bool {
        switch self {
        case .globals, .wrapperVariables, .inventory: true
        default: false
        }
    }

    /// The loader a role needs.
    public var format: FileFormat {
        switch self {
        case .globals, .passwords, .wrapperVariables, .looseYAML: .yaml
        case .inventory: .inventory
        case .osloOverride, .renderedOslo, .looseOslo: .ini
        case .haproxyMain, .haproxyServices, .haproxyServiceOverride, .looseHAProxy: .haproxy
        case .looseRabbitMQDefinitions: .json
        case .looseRabbitMQConf: .rabbitmqConf
        case .looseRabbitMQErlang: .erlangTerms
        case .looseRabbitMQEnv: .rabbitmqEnv
        case .rabbitmqOverride(let name, _):
            switch name {
            case "definitions.json": .json
            case "rabbitmq.conf": .rabbitmqConf
            case "advanced.config", "rabbitmq.config": .erlangTerms
            case "rabbitmq-env.conf": .rabbitmqEnv
            default: .opaque
            }
        }
    }
}

/// The syntax of a file.
public enum FileFormat: String, Sendable {
    case yaml, json, ini, haproxy, inventory, rabbitmqConf
    /// Erlang terms: `advanced.config`, classic `rabbitmq.config`.
    case erlangTerms
    /// `rabbitmq-env.conf` (`NAME=value` lines).
    case rabbitmqEnv
    /// Recognised but not parsed.
    case opaque
}

/// A file found by discovery, with its role.
public struct TreeFile: Hashable, Sendable {
    /// Absolute, normalised path.
    public var path: String
    /// What the file is for.
    public var role: FileRole
    /// Whether a wrapper renders the file with Jinja before Kolla-Ansible reads it (Kayobe's
    /// `kolla/globals.yml`): template syntax is valid there (docs/spec.md §10.2).
    public var renderedByWrapper: Bool

    /// Creates a tree file.
    public init(path: String, role: FileRole, renderedByWrapper: Bool = false) {
        self.path = path
        self.role = role
        self.renderedByWrapper = renderedByWrapper
    }
}

/// A deployment tree (or a group of loose files) to lint as one unit.
public struct DeploymentTree: Sendable {
    /// What kind of tree it is.
    public var kind: TreeKind
    /// The directory holding the tree's globals (loose: the directory that was searched).
    public var root: String
    /// The `config/` (or OSISM `files/overlays/`) directory, if the tree has one.
    public var configDirectory: String?
    /// Further override directories merged after `configDirectory`, in Kayobe's search-path
    /// order: a Kayobe environment's `kolla/config/` (docs/spec.md §10.2).
    public var extraConfigDirectories: [String] = []
    /// The files found, sorted by path.
    public var files: [TreeFile]
    /// When set, only findings located in these paths (files, or directories as
    /// prefixes) are reported: the pre-commit case of `rmqlint changed-file…`.
    public var reportScope: [String]?
    /// Files (or directories) found but not read, with the reason (docs/spec.md §10.2: counted, never silent).
    public var skipped: [SkippedFile] = []

    /// Creates a tree.
    public init(kind: TreeKind, root: String, configDirectory: String?, files: [TreeFile], reportScope: [String]?) {
        self.kind = kind
        self.root = root
        self.configDirectory = configDirectory
        self.files = files
        self.reportScope = reportScope
    }
}

extension FileRole {
    /// The inventory host a per-host override is for (`config/<project>/<host>/…`,
    /// `config/rabbitmq/<host>/…`, `config/haproxy/<host>/…`), if the role names one.
    public var overrideHost: String? {
        switch self {
        case .osloOverride(.host(_, let host)), .osloOverride(.hostService(_, let host, _)): host
        case .rabbitmqOverride(_, let host?), .haproxyMain(let host?), .haproxyServiceOverride(let host?): host
        default: nil
        }
    }
}

/// A file rmqlint found but did not read, and why (counted in every report's summary).
public struct SkippedFile: Hashable, Sendable {
    /// Display path.
    public var path: String
    /// Why it was not read.
    public var reason: String
    /// Whether the user named this file on the command line (or pre-commit did): such a file
    /// gets one info note (RMQ005), not only a count (docs/spec.md §10.2).
    public var named: Bool

    /// Creates a skipped file.
    public init(path: String, reason: String, named: Bool = false) {
        self.path = path
        self.reason = reason
        self.named = named
    }
}
