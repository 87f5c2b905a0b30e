import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders
import RMQLintModel
import RMQLintEngine

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
    ///
    /// After discovery, `exclude` globs drop files; every file is loaded once and the
    /// model built; the selected rules run; `per_file_ignores` drop findings; inline
    /// directives (read from the text the loader already holds) silence findings; the
    /// ``SuppressionAuditRule``s judge the directives; severities are overridden; the
    /// report scope (the files named inside a tree) and the baseline apply last.
    public func lint(_ options: LintOptions) -> Result<LintResult, DiscoveryError> {
        let discovery = Discovery(fileSystem: fileSystem, inventoryOverride: options.inventory)
        var trees: [DeploymentTree]
        switch discovery.discover(options.paths.isEmpty ? ["."] : options.paths) {
        case .success(let found): trees = found
        case .failure(let error): return .failure(error)
        }
        if let exclude = options.exclude {
            for index in trees.indices {
                trees[index].files.removeAll { exclude.matches(absolutePath: $0.path) }
            }
        }
        let loader = FileLoader(fileSystem: fileSystem, maxFileSize: options.maxFileSize)
        var directives: [SuppressionDirective] = []
        let model = buildModel(trees, options: options, loader: loader, directives: &directives)
        let context = LintContext(model: model)
        let currentDirectory = fileSystem.currentDirectory
        let scope = ReportScope(trees: trees, loader: { PathUtilities.display($0, currentDirectory: currentDirectory) })
        let coverage = ReportCoverage(
            scope: scope, wholeTreeRoots: trees.filter { $0.kind != .loose && $0.reportScope == nil }.map(\.root),
            currentDirectory: currentDirectory, options: options)

        var findings: [Finding] = []
        var auditRules: [any Rule.Type] = []
        for ruleType in rules where options.isSelected(ruleType.description.id) {
            if ruleType is any SuppressionAuditRule.Type {
                auditRules.append(ruleType)
                continue
            }
            findings += ruleType.init().check(context)
        }
        findings = Self.unique(findings.filter { coverage.ran($0.ruleID, on: $0.location.path) })

        // Inline suppressions, then the rules that judge them.
        let descriptions = rules.map { $0.description }
        var index = SuppressionIndex(
            directives: directives,
            unsuppressible: Set(rules.filter { $0 is any SuppressionAuditRule.Type }.map { $0.description.id }),
            resolve: { name in
                let id = name.uppercased(), slug = name.lowercased()
                return descriptions.first { $0.id == id || $0.slug == slug }?.id
            })
        let (standing, silenced) = index.apply(to: findings)
        let auditContext = LintContext(model: model, suppressions: index.uses(ran: coverage.ran))
        var audits: [Finding] = []
        for ruleType in auditRules { audits += ruleType.init().check(auditContext) }
        audits = audits.filter { coverage.ran($0.ruleID, on: $0.location.path) }

        let overrides = options.severityOverrides
        func overridden(_ finding: Finding) -> Finding {
            guard let severity = overrides[finding.ruleID] else { return finding }
            var copy = finding
            copy.severity = severity
            return copy
        }
        let resolve = fixResolution(options: options)
        let active = Self.unique(standing + audits)
            .filter { scope.contains($0.location.path) }
            .map(overridden)
            .map(resolve)
            .sorted(by: Finding.reportOrder)
        let suppressed = silenced
            .filter { scope.contains($0.finding.location.path) }
            .map { SuppressedFinding(finding: overridden($0.finding), directive: $0.directive) }
            .sorted { Finding.reportOrder($0.finding, $1.finding) }

        // The report names the release of the first deployment tree (loose files have none
        // of their own unless --release says so).
        let primary = model.deployments.first { $0.kind != .loose }
            ?? (options.release == nil && options.configuredRelease == nil ? nil : model.deployments.first)
        var report = LintReport(
            findings: active, rules: descriptions,
            release: primary.map { $0.release.version.description },
            rabbitmqVersion: primary.map { $0.rabbitMQ.version.description },
            filesLinted: model.filesRead, failThreshold: options.failOn,
            redactor: Redactor(secrets: model.secrets), suppressed: suppressed,
            severityOverrides: overrides)
        report.coverage = coverage
        if let baseline = options.baseline {
            report = report.applyingBaseline(baseline, path: options.baselinePath, strict: options.strictBaseline)
        }
        return .success(LintResult(report: report, model: model))
    }

    /// Resolves each finding's fixes against the files as they are now (line deletions and
    /// section insertions become concrete replacements); a fix that does not fit is dropped.
    private func fixResolution(options: LintOptions) -> @Sendable (Finding) -> Finding {
        let fileSystem = self.fileSystem
        let limit = options.maxFileSize
        return { finding in
            guard !finding.fixes.isEmpty else { return finding }
            var copy = finding
            let directory = fileSystem.currentDirectory
            copy.fixes = finding.fixes.compactMap { fix in
                FixResolver.resolve(fix) { display in
                    let path = PathUtilities.normalize(display, relativeTo: directory)
                    guard fileSystem.kind(of: path) == .regular, case .success(let bytes) = fileSystem.readFile(path, limit: limit) else { return nil }
                    return bytes
                }
            }
            return copy
        }
    }

    /// Findings with duplicates (same rule, place, key and message) dropped, order kept.
    private static func unique(_ findings: [Finding]) -> [Finding] {
        var seen: Set<String> = []
        return findings.filter { seen.insert("\($0.ruleID)|\($0.location)|\($0.semanticKey)|\($0.message)").inserted }
    }

    /// Loads every file of every tree once and builds the model.
    /// Also collects the inline suppression directives of every file, from the text the
    /// loader already decoded (or the comments the HAProxy loader recorded).
    func buildModel(
        _ trees: [DeploymentTree], options: LintOptions, loader: FileLoader, directives: inout [SuppressionDirective]
    ) -> DeploymentModel {
        var scanned: Set<String> = []
        var deployments: [Deployment] = []
        var diagnostics: [LoadDiagnostic] = []
        var secrets: [String] = []
        for tree in trees {
            let loaded = tree.files.map { loader.load($0) }
            for file in loaded {
                diagnostics += file.diagnostics
                if scanned.insert(file.displayPath).inserted {
                    directives += Self.suppressionDirectives(in: file, loader: loader)
                }
            }
            // passwords.yml values, vault payloads, values of secret keys, URL passwords.
            secrets += SecretCollector.secrets(in: loaded)
            let deployment = ModelBuilder.build(
                tree: tree, files: loaded, displayRoot: loader.displayPath(tree.root),
                displayConfigDirectory: tree.configDirectory.map(loader.displayDirectory), options: options)
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

    /// The suppression directives of one loaded file; JSON and opaque files have none
    /// (JSON is suppressed through `per_file_ignores`).
    static func suppressionDirectives(in file: LoadedFile, loader: FileLoader) -> [SuppressionDirective] {
        let syntax: CommentSyntax
        switch file.role.format {
        case .haproxy:
            guard case .haproxy(let config) = file.content else { return [] }
            return SuppressionScanner.directives(inComments: config.comments)
        case .ini: syntax = .ini
        case .yaml, .inventory: syntax = .hash
        case .rabbitmqConf: syntax = .fullLineHash
        case .json, .opaque: return []
        }
        guard let text = loader.text(ofPath: file.path) else { return [] }
        return SuppressionScanner.directives(in: text, path: file.displayPath, syntax: syntax)
    }
}

/// Which paths findings may be reported at: everything of a tree linted as a whole, or
/// only the files and directories named when a path inside a tree was given.
struct ReportScope: Sendable {
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
