/// The options of one lint run (the command line and `.rmqlint.yml` merged).
public struct LintOptions: Sendable {
    /// Paths to lint; `.` when empty.
    public var paths: [String]
    /// `--release`: the target OpenStack release.
    public var release: String?
    /// `--rabbitmq-version`.
    public var rabbitmqVersion: String?
    /// `--inventory`.
    public var inventory: String?
    /// `--select`: rule ids or prefixes to run (all when empty).
    public var select: [String]
    /// `--ignore`: rule ids or prefixes not to run.
    public var ignore: [String]
    /// `--fail-on`.
    public var failOn: FailThreshold
    /// Files above this many bytes are skipped with an RMQ001 finding.
    public var maxFileSize: Int

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
    }

    /// Whether a rule id is selected by `--select` / `--ignore` (ids or prefixes such as `RMQ2`).
    public func isSelected(_ id: String) -> Bool {
        if !select.isEmpty && !select.contains(where: { id.hasPrefix($0) }) { return false }
        return !ignore.contains { id.hasPrefix($0) }
    }
}

/// The result of a run: the report to render and the model it came from.
public struct LintResult: Sendable {
    /// What the reporters render.
    public var report: LintReport
    /// What the rules saw (for `rmqlint effective` and tests).
    public var model: DeploymentModel
}

/// Runs rules over deployment trees: discovery → loading (each file once) → model →
/// rules → selection, scoping, de-duplication and ordering.
public struct Linter: Sendable {
    /// The rule types to run.
    public var rules: [any Rule.Type]
    /// Where files come from.
    public var fileSystem: any FileSystem

    /// Creates a linter.
    public init(rules: [any Rule.Type], fileSystem: any FileSystem) {
        self.rules = rules
        self.fileSystem = fileSystem
    }

    /// Lints `options.paths`. Fails only for problems of rmqlint's own input (a path
    /// that does not exist); problems in the files are findings.
    public func lint(_ options: LintOptions) -> Result<LintResult, DiscoveryError> {
        let discovery = Discovery(fileSystem: fileSystem, inventoryOverride: options.inventory)
        let trees: [DeploymentTree]
        switch discovery.discover(options.paths.isEmpty ? ["."] : options.paths) {
        case .success(let found): trees = found
        case .failure(let error): return .failure(error)
        }
        let model = buildModel(trees, options: options)
        let context = LintContext(model: model)

        var findings: [Finding] = []
        for ruleType in rules where options.isSelected(ruleType.description.id) {
            findings += ruleType.init().check(context)
        }
        let scope = ReportScope(trees: trees, loader: { PathUtilities.display($0, currentDirectory: fileSystem.currentDirectory) })
        var seen: Set<String> = []
        findings = findings
            .filter { scope.contains($0.location.path) }
            .filter { seen.insert("\($0.ruleID)|\($0.location)|\($0.semanticKey)|\($0.message)").inserted }
            .sorted(by: Finding.reportOrder)

        // The report names the release of the first deployment tree (loose files have none
        // of their own unless --release says so).
        let primary = model.deployments.first { $0.kind != .loose }
            ?? (options.release == nil ? nil : model.deployments.first)
        let report = LintReport(
            findings: findings, rules: rules.map { $0.description },
            release: primary.map { $0.release.version.description },
            rabbitmqVersion: primary.map { $0.rabbitMQ.version.description },
            filesLinted: model.filesRead, failThreshold: options.failOn,
            redactor: Redactor(secrets: model.secrets))
        return .success(LintResult(report: report, model: model))
    }

    /// Loads every file of every tree once and builds the model.
    func buildModel(_ trees: [DeploymentTree], options: LintOptions) -> DeploymentModel {
        let loader = FileLoader(fileSystem: fileSystem, maxFileSize: options.maxFileSize)
        var deployments: [Deployment] = []
        var diagnostics: [LoadDiagnostic] = []
        var secrets: [String] = []
        for tree in trees {
            let loaded = tree.files.map { loader.load($0) }
            for file in loaded {
                diagnostics += file.diagnostics
            }
            // passwords.yml values, vault payloads, values of secret keys, URL passwords.
            secrets += SecretCollector.secrets(in: loaded)
            let deployment = ModelBuilder.build(
                tree: tree, files: loaded, displayRoot: loader.displayPath(tree.root),
                displayConfigDirectory: tree.configDirectory.map(loader.displayPath), options: options)
            // Undefined :children groups and cycles can only be judged once every
            // file of an inventory directory is merged.
            diagnostics += deployment.inventory?.referenceDiagnostics() ?? []
            // Configurations HAProxy refuses to start with (a `from` naming no defaults, …).
            diagnostics += deployment.haproxy.flatMap { $0.model.diagnostics }.filter { !$0.location.isKollaTemplate }
            deployments.append(deployment)
        }
        var seen: Set<LoadDiagnostic> = []
        diagnostics = diagnostics.filter { seen.insert($0).inserted }
        return DeploymentModel(
            deployments: deployments, loadDiagnostics: diagnostics, filesRead: loader.filesRead,
            secrets: Array(Set(secrets)).sorted())
    }
}

/// Which paths findings may be reported at: everything of a tree linted as a whole, or
/// only the files and directories named when a path inside a tree was given.
struct ReportScope {
    private var exact: Set<String> = []
    private var prefixes: [String] = []

    init(trees: [DeploymentTree], loader display: (String) -> String) {
        for tree in trees {
            if let scope = tree.reportScope {
                for path in scope {
                    exact.insert(display(path))
                    prefixes.append(display(path) + "/")
                }
            } else {
                exact.formUnion(tree.files.map { display($0.path) })
            }
        }
    }

    func contains(_ path: String) -> Bool {
        exact.contains(path) || prefixes.contains { path.hasPrefix($0) }
    }
}
