import ArgumentParser
import RMQLintCore
import RMQLintRules

/// What the tree is linted as — release, broker, inventory, configuration file — shared by
/// `lint` and `effective`, so both see the same deployment.
struct TargetOptions: ParsableArguments {
    @Option(help: "Target OpenStack release (e.g. 2024.1); overrides openstack_release.")
    var release: String?

    @Option(name: .customLong("rabbitmq-version"), help: "RabbitMQ version (e.g. 3.13).")
    var rabbitmqVersion: String?

    @Option(help: "Ansible inventory file or directory to use for every tree (repeatable: Ansible merges them).")
    var inventory: [String] = []

    @Option(help: "Extra globals file (repeatable), read after globals.yml and globals.d/ as Kolla's -e @file.")
    var globals: [String] = []

    @Option(help: "Kayobe environment to lint (etc/kayobe/environments/<name>); default: the only one, if only one exists.")
    var environment: String?

    @Option(help: "Configuration file (default: the nearest .rmqlint.yml walking up from the first PATH, stopping at the repository root).")
    var config: String?

    /// The options as plain values.
    var values: TargetSettings {
        TargetSettings(release: release, rabbitmqVersion: rabbitmqVersion, inventory: inventory, globals: globals,
                       environment: environment, config: config)
    }

    /// `settings` with the repeatable target options added.
    func settings(_ settings: CommandLineSettings) -> CommandLineSettings {
        values.settings(settings)
    }

    func validate() throws {
        if let release, KollaVersion.parse(release) == nil {
            throw ValidationError("unknown release '\(release)' (use a series such as 2024.1 or wallaby, or a Kolla-Ansible version such as 18.7.0)")
        }
        if let rabbitmqVersion, RabbitMQVersion.parse(rabbitmqVersion) == nil {
            throw ValidationError("unknown RabbitMQ version '\(rabbitmqVersion)' (use major.minor, e.g. 3.13)")
        }
    }

    /// The `.rmqlint.yml` in effect (`--config`, else the nearest one above the first path);
    /// an unusable one is a usage error (exit 2).
    func configuration(paths: [String], fileSystem: LocalFileSystem) throws -> Configuration? {
        try values.configuration(paths: paths, fileSystem: fileSystem)
    }
}

/// ``TargetOptions`` as plain values: what a run reads them as, whether the parser made them
/// or the plain-paths fast path of `Main` (all defaults).
struct TargetSettings {
    var release: String?
    var rabbitmqVersion: String?
    var inventory: [String] = []
    var globals: [String] = []
    var environment: String?
    var config: String?

    /// `settings` with the repeatable target options added.
    func settings(_ settings: CommandLineSettings) -> CommandLineSettings {
        var copy = settings
        copy.inventories = inventory
        copy.globalsFiles = globals.isEmpty ? nil : globals
        copy.environment = environment
        return copy
    }

    /// The `.rmqlint.yml` in effect (`--config`, else the nearest one above the first path);
    /// an unusable one is a usage error (exit 2).
    func configuration(paths: [String], fileSystem: LocalFileSystem) throws -> Configuration? {
        guard let path = config ?? ConfigurationLoader.locate(from: paths.first ?? ".", fileSystem: fileSystem) else {
            return nil
        }
        switch ConfigurationLoader.load(path, fileSystem: fileSystem, rules: RuleRegistry.all.map { $0.description }) {
        case .success(let loaded): return loaded
        case .failure(let error): throw UsageError(description: error.description, located: true)
        }
    }
}
