import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders
import RMQLintModel
import RMQLintEngine

extension ModelBuilder {
    /// Builds the deployment of `tree` with the versions `options` give.
    public static func build(
        tree: DeploymentTree, files: [LoadedFile], displayRoot: String, displayConfigDirectory: String? = nil,
        displayExtraConfigDirectories: [String] = [], options: LintOptions
    ) -> Deployment {
        build(
            tree: tree, files: files, displayRoot: displayRoot, displayConfigDirectory: displayConfigDirectory,
            displayExtraConfigDirectories: displayExtraConfigDirectories, versions: VersionOverrides(
                release: options.release, rabbitmqVersion: options.rabbitmqVersion,
                configuredRelease: options.configuredRelease, configuredRabbitMQVersion: options.configuredRabbitMQVersion))
    }
}

/// The options of one lint run (the command line and `.rmqlint.yml` merged).
public struct LintOptions: Sendable {
    /// Paths to lint; `.` when empty.
    public var paths: [String]
    /// `--release`: the target OpenStack release.
    public var release: String?
    /// `--rabbitmq-version`.
    public var rabbitmqVersion: String?
    /// `release:` in `.rmqlint.yml` (below `--release`, above `openstack_release`).
    public var configuredRelease: String?
    /// `rabbitmq_version:` in `.rmqlint.yml` (below `--rabbitmq-version`).
    public var configuredRabbitMQVersion: String?
    /// `--inventory` (or `inventory:`).
    public var inventory: String?
    /// Further `--inventory` files (the option is repeatable); merged with ``inventory``.
    public var inventories: [String] = []
    /// `--globals` files or globs (or `globals:`): split globals beside the tree's own (docs/spec.md §10.2).
    public var globalsFiles: [String] = []
    /// `--environment` (or `environment:`): the Kayobe environment to lint.
    public var environment: String?
    /// `--select`: rule ids or prefixes to run (all when empty).
    public var select: [String]
    /// `--ignore`: rule ids or prefixes not to run.
    public var ignore: [String]
    /// `--fail-on`.
    public var failOn: FailThreshold
    /// Files above this many bytes are skipped with an RMQ001 finding.
    public var maxFileSize: Int
    /// `severity:` per-rule overrides, by rule id.
    public var severityOverrides: [String: Severity]
    /// `exclude:` globs: matching files are dropped from discovery.
    public var exclude: PathPatternSet?
    /// `per_file_ignores:`: rules not reported in matching files.
    public var perFileIgnores: [Configuration.PerFileIgnore]
    /// The directory `per_file_ignores` globs are relative to (the configuration's).
    public var perFileIgnoresDirectory: String?
    /// The baseline to judge findings against.
    public var baseline: Baseline?
    /// The baseline's display path, for messages.
    public var baselinePath: String?
    /// `--strict-baseline`: a baselined finding that no longer occurs fails the run.
    public var strictBaseline: Bool
    /// Site policies (`policies:` and `policy_files:`): rules defined at run time (docs/spec.md §11).
    public var policies: [UserPolicy]
    /// When set, a run that reads more files than this lets the model's deployments go as soon
    /// as the rules have run, before the findings of candidate releases are merged and the report
    /// is made (a fleet's model and its report's text are then never in memory together); the
    /// result's `model` then has no deployments, and the documents of its rendered and loose
    /// oslo files went as soon as it was built (``Deployment/releaseRenderedDocuments()``).
    /// For callers that need only the report (the command line's lint); `nil` (the default)
    /// keeps the whole model in the result.
    public var modelKeptUpToFiles: Int?

    /// Creates options; everything but the paths has a default.
    public init(
        paths: [String] = ["."], release: String? = nil, rabbitmqVersion: String? = nil,
        inventory: String? = nil, select: [String] = [], ignore: [String] = [],
        failOn: FailThreshold = .warning, maxFileSize: Int = 16 * 1024 * 1024
    ) {
        self.paths = paths
        self.release = release
        self.rabbitmqVersion = rabbitmqVersion
        self.inventory = inventory
        self.select = select
        self.ignore = ignore
        self.failOn = failOn
        self.maxFileSize = maxFileSize
        self.severityOverrides = [:]
        self.perFileIgnores = []
        self.strictBaseline = false
        self.policies = []
    }

    /// Whether a rule id is selected by `--select` / `--ignore` (ids or prefixes such as `RMQ2`).
    public func isSelected(_ id: String) -> Bool {
        if !select.isEmpty && !select.contains(where: { id.hasPrefix($0) }) { return false }
        return !ignore.contains { id.hasPrefix($0) }
    }

    /// Whether `per_file_ignores` turns rule `id` off for the file at `path` (absolute).
    public func isIgnored(_ id: String, atAbsolutePath path: String) -> Bool {
        guard !perFileIgnores.isEmpty, let directory = perFileIgnoresDirectory,
              let relative = PathUtilities.relative(path, to: directory), !relative.isEmpty else { return false }
        return perFileIgnores.contains { entry in
            entry.rules.contains { id.hasPrefix($0) } && entry.pattern.matches(relative)
        }
    }
}

/// The settings given on the command line; `nil` (or `false`) where a flag was not given,
/// so that `.rmqlint.yml` applies there.
public struct CommandLineSettings: Sendable {
    /// Paths to lint.
    public var paths: [String]
    /// `--release`.
    public var release: String?
    /// `--rabbitmq-version`.
    public var rabbitmqVersion: String?
    /// `--inventory`, relative to the working directory.
    public var inventory: String?
    /// Further `--inventory` files.
    public var inventories: [String] = []
    /// `--globals` files.
    public var globalsFiles: [String]?
    /// `--environment`.
    public var environment: String?
    /// `--select`.
    public var select: [String]?
    /// `--ignore`.
    public var ignore: [String]?
    /// `--fail-on`.
    public var failOn: FailThreshold?
    /// `--baseline`, relative to the working directory.
    public var baseline: String?
    /// `--strict-baseline`.
    public var strictBaseline: Bool

    /// Creates settings; only what was given.
    public init(
        paths: [String] = [], release: String? = nil, rabbitmqVersion: String? = nil, inventory: String? = nil,
        select: [String]? = nil, ignore: [String]? = nil, failOn: FailThreshold? = nil,
        baseline: String? = nil, strictBaseline: Bool = false
    ) {
        self.paths = paths
        self.release = release
        self.rabbitmqVersion = rabbitmqVersion
        self.inventory = inventory
        self.select = select
        self.ignore = ignore
        self.failOn = failOn
        self.baseline = baseline
        self.strictBaseline = strictBaseline
    }
}

extension LintOptions {
    /// The options of a run: `.rmqlint.yml` (if any), each setting replaced by the
    /// command-line flag when one was given (a flag replaces the file's list, it does not
    /// add to it). The baseline's path is resolved here; reading it is the caller's job
    /// (``baselinePath`` holds the absolute path until then).
    public static func resolve(_ commandLine: CommandLineSettings, configuration: Configuration?) -> LintOptions {
        var options = LintOptions(paths: commandLine.paths.isEmpty ? ["."] : commandLine.paths)
        options.release = commandLine.release
        options.rabbitmqVersion = commandLine.rabbitmqVersion
        options.configuredRelease = configuration?.release?.value
        options.configuredRabbitMQVersion = configuration?.rabbitmqVersion?.value
        options.inventory = commandLine.inventory ?? configuration?.inventory
        options.inventories = commandLine.inventory == nil ? [] : commandLine.inventories
        options.globalsFiles = commandLine.globalsFiles ?? configuration?.globals ?? []
        options.environment = commandLine.environment ?? configuration?.environment
        options.select = commandLine.select ?? configuration?.select ?? []
        options.ignore = commandLine.ignore ?? configuration?.ignore ?? []
        options.failOn = commandLine.failOn ?? configuration?.failOn ?? .warning
        options.severityOverrides = configuration?.severity ?? [:]
        options.policies = configuration?.policies ?? []
        if let configuration {
            if !configuration.exclude.isEmpty {
                options.exclude = PathPatternSet(directory: configuration.directory, patterns: configuration.exclude)
            }
            options.perFileIgnores = configuration.perFileIgnores
            options.perFileIgnoresDirectory = configuration.directory
        }
        options.baselinePath = commandLine.baseline ?? configuration?.baseline
        options.strictBaseline = commandLine.strictBaseline
        return options
    }
}
