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
        var discovery = Discovery(fileSystem: fileSystem, inventoryOverride: options.inventory)
        discovery.extraInventories = options.inventories.filter { $0 != options.inventory }
        discovery.globalsFiles = options.globalsFiles
        discovery.environment = options.environment
        var trees: [DeploymentTree]
        switch discovery.discover(options.paths.isEmpty ? ["."] : options.paths) {
        case .success(let found): trees = found
        case .failure(let error): return .failure(error)
        }
        // Nothing recognised: no report, exit 2, and say what was looked for (docs/spec.md §10.2).
        if trees.allSatisfy({ $0.files.isEmpty }) {
            let named = (options.paths.isEmpty ? ["."] : options.paths).joined(separator: " ")
            let skipped = trees.flatMap(\.skipped).map {
                "\(PathUtilities.display($0.path, currentDirectory: fileSystem.currentDirectory)) (\($0.reason))"
            }
            let skippedText = skipped.isEmpty ? "" : " Skipped: " + skipped.joined(separator: ", ") + "."
            return .failure(DiscoveryError(message:
                "\(named): no deployment tree or file rmqlint reads was found.\(skippedText) rmqlint looks for \(Discovery.lookedFor). "
                + "Point it at the directory holding globals.yml (e.g. rmqlint /etc/kolla), at etc/kayobe, at an OSISM "
                + "configuration repository, or name files explicitly; add --globals FILE for split globals and "
                + "--inventory FILE for the inventory"))
        }
        // `exclude:` is the user's own choice, not a file rmqlint failed to read: not "skipped".
        if let exclude = options.exclude {
            for index in trees.indices {
                trees[index].files.removeAll { exclude.matches(absolutePath: $0.path) }
            }
        }
        let loader = FileLoader(fileSystem: fileSystem, maxFileSize: options.maxFileSize)
        var directives: [SuppressionDirective] = []
        var skippedFiles: [SkippedFile] = []
        // The files are loaded by a loader of their own: the strings its documents share then go
        // with the model, not at the end of the run.
        var model = buildModel(
            trees, options: options, loader: FileLoader(fileSystem: fileSystem, maxFileSize: options.maxFileSize),
            directives: &directives, skipped: &skippedFiles)
        // Files named explicitly that were not read get a note each (RMQ005), not only a count.
        let named = Set((options.paths.isEmpty ? ["."] : options.paths).map {
            loader.displayPath(PathUtilities.normalize($0, relativeTo: fileSystem.currentDirectory))
        })
        model.skipped = trees.flatMap(\.skipped).map {
            SkippedFile(path: loader.displayPath($0.path), reason: $0.reason, named: $0.named)
        } + skippedFiles.map { SkippedFile(path: $0.path, reason: $0.reason, named: named.contains($0.path)) }
        let currentDirectory = fileSystem.currentDirectory
        let scope = ReportScope(
            trees: trees, displayedFiles: model.deployments.map(\.files),
            loader: { PathUtilities.display($0, currentDirectory: currentDirectory) })
        let coverage = ReportCoverage(
            scope: scope, wholeTreeRoots: trees.filter { $0.kind != .loose && $0.reportScope == nil }.map(\.root),
            currentDirectory: currentDirectory, options: options)
        // Nothing below reads the trees: a fleet's discovered paths go before the rules run.
        trees = []

        var findings: [Finding] = []
        var auditRules: [any Rule.Type] = []
        var modelRules: [any Rule.Type] = []
        for ruleType in rules where options.isSelected(ruleType.description.id) {
            if ruleType.auditsSuppressions {
                auditRules.append(ruleType)
            } else {
                modelRules.append(ruleType)
            }
        }
        let versions = VersionOverrides(
            release: options.release, rabbitmqVersion: options.rabbitmqVersion,
            configuredRelease: options.configuredRelease, configuredRabbitMQVersion: options.configuredRabbitMQVersion)
        let checked = Self.check(modelRules.map { $0.init() }, model: model, versions: versions)
        // Site policies: rules defined at run time, over the same model.
        let policyFindings = UserPolicyEvaluator.findings(options.policies.filter { options.isSelected($0.id) }, in: model)
        let primary = Self.primaryRelease(of: model, options: options)
        if let limit = options.modelKeptUpToFiles, model.filesRead > limit {
            // Only the report is wanted: the deployments go before the candidates' findings are
            // merged, so their text and the model are never held together. Here, not on another
            // core: there the teardown could wait behind the merge's own parallel work, so that
            // the merge allocated beside the model (on a busy machine a 4,000-host run then
            // peaked 8 MiB and more above its usual 112 MiB); here it costs no wall time.
            model.deployments = []
            model.loadDiagnostics = []
        }
        // The first rule's findings are taken whole, not copied (each retained) into an empty list.
        for ruleFindings in checked.merged() {
            if findings.isEmpty { findings = ruleFindings } else { findings += ruleFindings }
        }
        // Built on another core while this one selects and orders the findings. Not sooner:
        // its automaton (megabytes for a fleet) would be held beside the model or the merge.
        let secrets = model.secrets
        let redactor = Parallel.inBackground(if: model.filesRead > Self.backgroundFromFiles) { Redactor(secrets: secrets) }
        findings += policyFindings
        // Filtered in place, as every step below: a fleet's tens of thousands of findings are
        // not each copied (retained, and the old list's released) into a new list per step.
        findings.removeAll { !coverage.ran($0.ruleID, on: $0.location.path) }
        Self.removeDuplicates(&findings)

        // Inline suppressions, then the rules that judge them.
        let descriptions = rules.map { $0.description } + options.policies.map(\.description)
        var index = SuppressionIndex(
            directives: directives,
            unsuppressible: Set(rules.filter { $0.auditsSuppressions }.map { $0.description.id }),
            resolve: { name in
                let id = name.uppercased(), slug = name.lowercased()
                return descriptions.first { $0.id == id || $0.slug == slug }?.id
            })
        var active: [Finding]
        let silenced: [SuppressedFinding]
        (active, silenced) = index.apply(to: findings)
        // Without directives `active` is `findings` itself: held once, so changed in place.
        findings = []
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
        // `active` is already unique, and no audit shares a rule id with it (site policies'
        // ids are checked against the built-in rules'), so only the audits are compared.
        // What `(active + unique(audits)).filter(scope.contains).map(overridden).map(resolve)
        // .sorted(by: Finding.reportOrder)` gives, one step after another on one list: a finding
        // is copied only where it changes (`overridden` and `resolve` return the others as they are).
        let audited = Self.unique(audits)
        if !audited.isEmpty { active += audited }
        active.removeAll { !scope.contains($0) }
        if !overrides.isEmpty {
            for position in active.indices { active[position] = overridden(active[position]) }
        }
        for position in active.indices where !active[position].fixes.isEmpty { active[position] = resolve(active[position]) }
        active.sort(by: Finding.reportOrder)
        let suppressed = silenced
            .filter { scope.contains($0.finding) }
            .map { SuppressedFinding(finding: overridden($0.finding), directive: $0.directive) }
            .sorted { Finding.reportOrder($0.finding, $1.finding) }

        var report = LintReport(
            findings: active, rules: descriptions, release: primary?.release, rabbitmqVersion: primary?.rabbitMQ,
            filesLinted: model.filesRead, failThreshold: options.failOn,
            redactor: redactor.value, suppressed: suppressed,
            severityOverrides: overrides)
        report.coverage = coverage
        report.releaseEvidence = primary?.evidence ?? []
        report.releaseCandidates = primary?.candidates ?? []
        report.skipped = model.skipped
        if let baseline = options.baseline {
            report = report.applyingBaseline(baseline, path: options.baselinePath, strict: options.strictBaseline)
        }
        return .success(LintResult(report: report, model: model))
    }

    /// What the report says of the release and RabbitMQ version: those of the first deployment
    /// tree (loose files have none of their own unless --release says so). Read into plain
    /// values, so that the model can be let go before the report is made.
    static func primaryRelease(
        of model: DeploymentModel, options: LintOptions
    ) -> (release: String, rabbitMQ: String, evidence: [ReleaseEvidence], candidates: [String])? {
        let primary = model.deployments.first { $0.kind != .loose }
            ?? (options.release == nil && options.configuredRelease == nil ? nil : model.deployments.first)
        return primary.map { deployment in
            let release = deployment.release
            let rabbitMQ: String
            if release.isAssumed, case .releaseDefault = deployment.rabbitMQ.source {
                let versions = Set(release.candidates.map { RabbitMQVersion.default(for: $0) }).sorted()
                rabbitMQ = versions.count == 1 ? versions[0].description
                    : "\(versions[0])–\(versions[versions.count - 1]) (with the release)"
            } else {
                rabbitMQ = deployment.rabbitMQ.version.description
            }
            return (release.isAssumed ? "\(release.rangeText) (not pinned)" : release.version.description, rabbitMQ,
                    release.evidence, release.isAssumed ? release.candidates.map(\.name) : [])
        }
    }

    /// Runs `rules` over the model; the findings of each rule, in rule order, come from the
    /// result's ``CheckedFindings/merged``. A deployment whose release is a range is checked
    /// once per candidate release and the findings merged
    /// (docs/spec.md §10.1): a finding of every candidate keeps its severity; one of some
    /// candidates only is info and names where it holds. A deployment whose cluster size
    /// nothing tells (docs/spec.md §10.2) is checked both as a cluster and as a single node, the
    /// same way.
    ///
    /// Rules are stateless values over an immutable model, so they run on every core. Each
    /// candidate release's model is built, checked by every rule and dropped on its own
    /// core, so a fleet's models are never all in memory at once. The facts the candidate
    /// models share (``Rule/sharedFacts(of:candidates:)``) are made first, one per core.
    /// Findings are joined in a fixed order (rule, deployment, candidate), whatever finished first.
    static func check(
        _ rules: [any Rule], model: DeploymentModel, versions: VersionOverrides
    ) -> CheckedFindings {
        let candidates = model.deployments.map { ModelBuilder.candidateReleases(of: $0) }
        let unknownCluster = model.deployments.map { $0.effective.cluster.hosts == nil }
        guard candidates.contains(where: { !$0.isEmpty }) || unknownCluster.contains(true) else {
            let context = LintContext(model: model)
            let findings = Parallel.map(rules.count) { rules[$0].check(context) }
            return CheckedFindings { findings }
        }
        func run(_ rule: any Rule, _ deployment: Deployment) -> [Finding] {
            rule.check(LintContext(model: DeploymentModel(
                deployments: [deployment], loadDiagnostics: [], filesRead: model.filesRead, secrets: model.secrets)))
        }
        func runEitherCluster(_ rule: any Rule, _ deployment: Deployment) -> [Finding] {
            guard deployment.effective.cluster.hosts == nil else { return run(rule, deployment) }
            var single = deployment
            single.effective.cluster.hosts = ["node1"]
            single.effective.cluster.evidence = "assumed single node (one of the cluster sizes checked)"
            return mergeClusterSizes(run(rule, deployment), single: run(rule, single))
        }
        var decided = model
        let keep = model.deployments.indices.filter { candidates[$0].isEmpty && !unknownCluster[$0] }
        decided.deployments = keep.map { model.deployments[$0] }
        let decidedContext = LintContext(model: decided)

        // One piece of work per candidate model of each deployment whose release is a range
        // (the deployment itself when its release is decided), then one per rule over the
        // decided deployments. The candidates, the large pieces, go first: the small ones then
        // fill the cores as the last candidates finish, instead of a core idling beside the last.
        struct Piece: Sendable {
            var deployment: Int
            var release: OpenStackRelease?
        }
        let pieces = model.deployments.indices.filter { !keep.contains($0) }.flatMap { index in
            candidates[index].isEmpty ? [Piece(deployment: index, release: nil)]
                : candidates[index].map { Piece(deployment: index, release: $0) }
        }
        // What the rendered and loose oslo files set themselves is read once per deployment and
        // shared by its candidate models (on a fleet of collected files, most of each model).
        let rendered = model.deployments.indices.map { index in
            candidates[index].isEmpty ? nil : ModelBuilder.renderedFileSettings(of: model.deployments[index])
        }
        // Each candidate's findings are merged as soon as it is checked, so a fleet's findings
        // are held once, not once per candidate release (the merge is order-independent).
        let merges = model.deployments.indices.map { index in
            CandidateMerges(rules: rules.count, releases: candidates[index])
        }
        // The facts the candidate models share, each made ahead on a core of its own: the
        // candidates then take them instead of waiting in turn while one of them makes each.
        // In the order the candidates ask for them, so that the first candidates wait for none.
        let facts = model.deployments.indices.flatMap { index -> [(deployment: Int, fact: SharedFact)] in
            guard !candidates[index].isEmpty, !unknownCluster[index] else { return [] }
            let facts = rules.flatMap { $0.sharedFacts(of: model.deployments[index], candidates: candidates[index]) }
            let position = { (fact: SharedFact) in candidates[index].firstIndex(of: fact.release) ?? candidates[index].count }
            return facts.enumerated()
                .sorted { (position($0.element), $0.offset) < (position($1.element), $1.offset) }
                .map { (index, $0.element) }
        }
        let factCount = facts.count
        let outcomes = Parallel.map(factCount + pieces.count + rules.count) { factSlot -> [[Finding]] in
            guard factSlot >= factCount else {
                let (index, fact) = facts[factSlot]
                let deployment = ModelBuilder.candidate(
                    of: model.deployments[index], release: fact.release, versions: versions, rendered: rendered[index])
                fact.make(LintContext(model: DeploymentModel(
                    deployments: [deployment], loadDiagnostics: [], filesRead: model.filesRead, secrets: model.secrets)))
                return []
            }
            let slot = factSlot - factCount
            guard slot < pieces.count else { return [rules[slot - pieces.count].check(decidedContext)] }
            let piece = pieces[slot]
            let base = model.deployments[piece.deployment]
            guard let release = piece.release, let candidate = candidates[piece.deployment].firstIndex(of: release) else {
                return rules.map { runEitherCluster($0, base) }
            }
            let deployment = ModelBuilder.candidate(of: base, release: release, versions: versions, rendered: rendered[piece.deployment])
            let merge = merges[piece.deployment]
            guard deployment.effective.cluster.hosts != nil else {
                // Both cluster sizes' findings are compared whole before they are merged.
                for (index, rule) in rules.enumerated() {
                    merge.add(CandidateMerge.prepare(runEitherCluster(rule, deployment), candidate: candidate, release: release), rule: index)
                }
                return []
            }
            // Findings are merged as they are made, a batch at a time: a core holds a batch of
            // its candidate's messages, not a rule's (a fleet's rule finds one per file).
            let candidateContext = LintContext(model: DeploymentModel(
                deployments: [deployment], loadDiagnostics: [], filesRead: model.filesRead, secrets: model.secrets))
            for (index, rule) in rules.enumerated() {
                var offset = 0
                rule.checkCandidate(candidateContext, batch: Self.mergeBatch) { part in
                    switch consume part {
                    case .findings(let findings):
                        let count = findings.count
                        merge.add(CandidateMerge.prepare(findings, candidate: candidate, release: release, offset: offset), rule: index)
                        offset += count
                    case .block(let block):
                        // Its rows' findings count as findings in the candidate's order.
                        merge.add(block, candidate: candidate, offset: offset, rule: index)
                        offset += block.count
                    }
                }
            }
            return []
        }
        // Merged later, from what the pieces left: nothing here holds the model.
        let reported = model.deployments.map { $0.kind != .loose }
        let ruleCount = rules.count, pieceCount = pieces.count
        return CheckedFindings {
            (0..<ruleCount).map { ruleIndex -> [Finding] in
                var findings = outcomes[factCount + pieceCount + ruleIndex][0]
                var slot = factCount
                for index in reported.indices where !keep.contains(index) {
                    if candidates[index].isEmpty {
                        findings += outcomes[slot][ruleIndex]
                        slot += 1
                    } else {
                        findings += merges[index].merged(rule: ruleIndex, reported: reported[index])
                        slot += candidates[index].count
                    }
                }
                return findings
            }
        }
    }

    /// What ``check(_:model:versions:)`` found: the findings of each rule, in rule order,
    /// once ``merged()`` has merged those of candidate releases. It holds no model, so a caller
    /// that needs only the findings can let the model go before the merged messages are made
    /// (a fleet's model and its findings' text are then never in memory together).
    struct CheckedFindings {
        /// Merges the findings of candidate releases; called once.
        let merged: () -> [[Finding]]

        init(_ merged: @escaping () -> [[Finding]]) {
            self.merged = merged
        }
    }

    /// The most files a run may read for its side work to stay on the main thread: a larger
    /// run unions and sorts its secrets beside the model build, and builds its redactor beside
    /// the findings' ordering, on another core. For a small run (what pre-commit lints) handing
    /// the work over and waiting for it costs more than the work.
    static let backgroundFromFiles = 256

    /// How many findings of a candidate are merged at a time: a few hundred messages in flight
    /// per core, and the merge's lock taken once per batch.
    static let mergeBatch = 512

    /// Merges the findings of a deployment checked as a cluster (rules assume ≥ 2 nodes when the
    /// size is unknown) and as a single node: what only one of them gives is info, saying so.
    static func mergeClusterSizes(_ cluster: [Finding], single: [Finding]) -> [Finding] {
        let singleKeys = Set(single.map(\.fingerprint))
        let clusterKeys = Set(cluster.map(\.fingerprint))
        let how = "nothing in the tree gives the RabbitMQ cluster size (no inventory, no rendered transport_url "
            + "or cluster_formation nodes): pass --inventory"
        var result: [Finding] = []
        for var finding in cluster {
            if !singleKeys.contains(finding.fingerprint) {
                if finding.severity > .info { finding.severity = .info }
                finding.message += " [holds only if the RabbitMQ cluster has 2 or more nodes; \(how)]"
                finding.fixes = finding.fixes.map(\.unsafe)
            }
            result.append(finding)
        }
        for var finding in single where !clusterKeys.contains(finding.fingerprint) {
            if finding.severity > .info { finding.severity = .info }
            finding.message += " [holds only if RabbitMQ runs on a single node; \(how)]"
            finding.fixes = finding.fixes.map(\.unsafe)
            result.append(finding)
        }
        return result
    }

    /// Resolves each finding's fixes against the files as they are now (line deletions and
    /// section insertions become concrete replacements); a fix that does not fit is dropped.
    private func fixResolution(options: LintOptions) -> (Finding) -> Finding {
        let fileSystem = self.fileSystem
        let limit = options.maxFileSize
        let directory = fileSystem.currentDirectory
        // One read and one line index per file for the whole run, however many findings it has.
        let files = FileBytesCache { display in
            let path = PathUtilities.normalize(display, relativeTo: directory)
            guard fileSystem.kind(of: path) == .regular, case .success(let bytes) = fileSystem.readFile(path, limit: limit) else { return nil }
            return bytes
        }
        // Paths as reports show them (a rule may name a new file below a root that is itself
        // shown absolute, the working directory).
        let display = { (path: String) in
            PathUtilities.display(PathUtilities.normalize(path, relativeTo: directory), currentDirectory: directory)
        }
        return { finding in
            guard !finding.fixes.isEmpty else { return finding }
            var copy = finding
            copy.fixes = finding.fixes.compactMap { fix in
                var shown = fix
                shown.edits = fix.edits.map { $0.mapPaths(display) }
                return FixResolver.resolve(shown, files: files)
            }
            return copy
        }
    }

    /// Findings with duplicates (same rule, place, key and message) dropped, order kept.
    static func unique(_ findings: [Finding]) -> [Finding] {
        var kept = findings
        removeDuplicates(&kept)
        return kept
    }

    /// ``unique(_:)`` in place: the kept findings are moved to the front, in order, and the
    /// others dropped (a fleet's tens of thousands are not copied into a new list).
    static func removeDuplicates(_ findings: inout [Finding]) {
        // The place is the reported one (path, line, column), not the whole range. Each
        // finding's hash is kept beside its index, so a probe compares integers and only
        // findings of equal hash compare their fields (a fleet has tens of thousands, whose
        // paths share long prefixes). Messages are compared, not hashed: hashing a non-ASCII
        // message (a release range's dash) normalises it first, and the place and key
        // already spread findings apart.
        func hash(_ finding: Finding) -> Int {
            var hasher = Hasher()
            hasher.combine(finding.ruleID)
            hasher.combine(finding.location.path)
            hasher.combine(finding.location.line)
            hasher.combine(finding.location.column)
            hasher.combine(finding.semanticKey)
            return hasher.finalize()
        }
        func same(_ a: Finding, _ b: Finding) -> Bool {
            a.ruleID == b.ruleID && a.location.path == b.location.path && a.location.line == b.location.line
                && a.location.column == b.location.column && a.semanticKey == b.semanticKey && a.message == b.message
        }
        // The hashes are made on every core (they were most of this serial step); which
        // findings are kept is still decided one by one, in order.
        let hashes = Parallel.map(findings, chunk: 2048, hash)
        // The first kept finding of each hash; further ones of the same hash chain through `next`.
        var firstOfHash: [Int: Int] = [:]
        firstOfHash.reserveCapacity(findings.count)
        var next: [Int] = []
        next.reserveCapacity(findings.count)
        // The kept findings are `findings[..<kept]`.
        var kept = 0
        findings: for position in findings.indices {
            let value = hashes[position]
            if let first = firstOfHash[value] {
                var index = first
                while true {
                    if same(findings[index], findings[position]) { continue findings }
                    guard next[index] >= 0 else { break }
                    index = next[index]
                }
                next[index] = kept
            } else {
                firstOfHash[value] = kept
            }
            next.append(-1)
            if kept != position { findings.swapAt(kept, position) }
            kept += 1
        }
        findings.removeLast(findings.count - kept)
    }

    /// Loads every file of every tree once and builds the model.
    /// Also collects the inline suppression directives, the secrets and the skipped files.
    ///
    /// Each path is read once and parsed once per format, on every core: a file is loaded,
    /// parsed and reduced on its own (directives and secrets taken, its text dropped), so
    /// memory holds only what the model keeps. Everything is then assembled in tree order,
    /// so the model does not depend on which thread finished first.
    func buildModel(
        _ trees: [DeploymentTree], options: LintOptions, loader: FileLoader, directives: inout [SuppressionDirective],
        skipped: inout [SkippedFile]
    ) -> DeploymentModel {
        // Each distinct path once, with each format it is parsed in (under the role it was
        // first seen with) and every role it appears under (secrets depend on the role).
        var jobByPath: [String: Int] = [:]
        var jobs: [LoadJob] = []
        var placement: [[(job: Int, format: Int)]] = []
        var sequence = 0
        for tree in trees {
            var slots: [(job: Int, format: Int)] = []
            slots.reserveCapacity(tree.files.count)
            for file in tree.files {
                let job: Int
                if let known = jobByPath[file.path] {
                    job = known
                } else {
                    job = jobs.count
                    jobByPath[file.path] = job
                    jobs.append(LoadJob(path: file.path))
                }
                slots.append((job, jobs[job].add(file, sequence: sequence)))
                sequence += 1
            }
            placement.append(slots)
        }
        jobByPath = [:]

        var results = Parallel.map(jobs.count) { [jobs] index in Self.run(jobs[index], loader: loader) }

        // The secrets are gathered and sorted on another core while this one builds the model
        // (a fleet has tens of thousands of them).
        var secretLists: [[String]] = []
        secretLists.reserveCapacity(results.count)
        for index in results.indices {
            secretLists.append(results[index].secrets)
            results[index].secrets = []
        }
        let sortedSecrets = Parallel.inBackground(if: jobs.count > Self.backgroundFromFiles) { [secretLists] in
            var secrets: Set<String> = []
            // Sized once for every file's secrets (a fleet repeats a few and has tens of
            // thousands of others): the set is not rehashed as it grows.
            secrets.reserveCapacity(secretLists.reduce(0) { $0 + $1.count })
            for list in secretLists { secrets.formUnion(list) }
            return secrets.sorted()
        }
        var skips: [(sequence: Int, file: SkippedFile)] = []
        for (job, result) in zip(jobs, results) {
            directives += result.directives
            for (format, skip) in zip(job.formats, result.skipped) {
                if let skip { skips.append((format.sequence, skip)) }
            }
        }
        // In the order the files were first met, as when they were loaded one by one.
        skipped += skips.sorted { $0.sequence < $1.sequence }.map(\.file)

        // A run whose model `lint` lets go (see there) reads the rendered files' documents only
        // while building it: they go once it is built, not at the end of the run.
        let filesRead = jobs.count
        let releasesDocuments = options.modelKeptUpToFiles.map { filesRead > $0 } ?? false
        // Every tree's files are taken from the outcomes before a model is built: the outcomes
        // and the jobs then go, so a fleet's model is not built beside them (they were a sixth
        // of the peak heap).
        var loadedTrees = zip(trees, placement).map { tree, slots in
            zip(tree.files, slots).map { file, slot -> LoadedFile in
                var copy = results[slot.job].files[slot.format]
                copy.role = file.role
                return copy
            }
        }
        results = []
        jobs = []
        placement = []
        var deployments: [Deployment] = []
        var diagnostics: [LoadDiagnostic] = []
        for (position, tree) in trees.enumerated() {
            let loaded = loadedTrees[position]
            loadedTrees[position] = []
            for file in loaded { diagnostics += file.diagnostics }
            var deployment = ModelBuilder.build(
                tree: tree, files: loaded, displayRoot: loader.displayPath(tree.root),
                displayConfigDirectory: tree.configDirectory.map(loader.displayDirectory),
                displayExtraConfigDirectories: tree.extraConfigDirectories.map(loader.displayDirectory), options: options)
            if releasesDocuments { deployment.releaseRenderedDocuments() }
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
            deployments: deployments, loadDiagnostics: diagnostics, filesRead: filesRead,
            secrets: sortedSecrets.value)
    }

    /// One path to load: the formats it is parsed in, each with the first file (its role
    /// decides parsing details), when it was first met, and every role it appears under.
    struct LoadJob: Sendable {
        var path: String
        var formats: [(first: TreeFile, sequence: Int, roles: [FileRole])] = []

        /// Records `file`, the `sequence`-th file met; returns the index of its format.
        mutating func add(_ file: TreeFile, sequence: Int) -> Int {
            if let index = formats.firstIndex(where: { $0.first.role.format == file.role.format }) {
                if !formats[index].roles.contains(file.role) { formats[index].roles.append(file.role) }
                return index
            }
            formats.append((file, sequence, [file.role]))
            return formats.count - 1
        }
    }

    /// What loading one path leaves: its parsed forms, its directives, its secrets, and
    /// per format the reason it was skipped, if it was.
    struct LoadOutcome: Sendable {
        var files: [LoadedFile]
        var directives: [SuppressionDirective]
        var secrets: [String]
        var skipped: [SkippedFile?]
    }

    /// Reads `job`'s path once, parses it in each format, takes the directives (from the
    /// text of the first format) and the secrets, and drops the text.
    static func run(_ job: LoadJob, loader: FileLoader) -> LoadOutcome {
        let source = loader.read(job.path)
        var outcome = LoadOutcome(files: [], directives: [], secrets: [], skipped: [])
        outcome.files.reserveCapacity(job.formats.count)
        outcome.skipped.reserveCapacity(job.formats.count)
        for (position, format) in job.formats.enumerated() {
            // Only a file that is a rendered config under every role may drop what the model
            // does not read.
            let modelledOnly = format.roles.allSatisfy(\.isRenderedOslo)
            var (file, skipped) = loader.load(
                format.first, from: source, withReadDiagnostics: position == 0, modelledOnly: modelledOnly)
            if position == 0 { outcome.directives = suppressionDirectives(in: file, source: source) }
            for role in format.roles {
                file.role = role
                let secrets = SecretCollector.secrets(in: file)
                // The first list is kept as it is, not copied into an empty one.
                if outcome.secrets.isEmpty { outcome.secrets = secrets } else { outcome.secrets += secrets }
            }
            file.role = format.first.role
            file.withheldSettings = []
            outcome.files.append(file)
            outcome.skipped.append(skipped)
        }
        return outcome
    }

    /// The suppression directives of one loaded file; JSON and opaque files have none
    /// (JSON is suppressed through `per_file_ignores`).
    static func suppressionDirectives(in file: LoadedFile, source: FileSource) -> [SuppressionDirective] {
        let syntax: CommentSyntax
        switch file.role.format {
        case .haproxy:
            guard case .haproxy(let config) = file.content else { return [] }
            return SuppressionScanner.directives(inComments: config.comments)
        case .ini: syntax = .ini
        case .yaml, .inventory: syntax = .hash
        case .rabbitmqConf, .rabbitmqEnv: syntax = .fullLineHash
        case .json, .erlangTerms, .opaque: return []
        }
        // Most files hold no directive: a byte scan spares them a `String` of their text.
        guard let bytes = source.utf8, SuppressionScanner.containsMarker(utf8: bytes) else { return [] }
        return SuppressionScanner.directives(in: String(decoding: bytes, as: UTF8.self), path: file.displayPath, syntax: syntax)
    }
}

/// Which findings are reported: everything of a tree linted as a whole, or, when paths
/// inside a tree were named, the findings located in them or related to them.
struct ReportScope: Sendable {
    private var exact: Set<String> = []
    private var prefixes: [String] = []

    /// `displayedFiles[i]`, when given, is `display` of each file of `trees[i]`, in order: the
    /// model's ``Deployment/files`` (``Linter/buildModel`` makes deployment i from tree i's
    /// files so), shared rather than made twice (a fleet has tens of thousands). A list missing
    /// or of another length is not that list: the scope then makes its own paths.
    init(trees: [DeploymentTree], displayedFiles: [[String]] = [], loader display: (String) -> String) {
        for (position, tree) in trees.enumerated() {
            if let scope = tree.reportScope {
                for path in scope {
                    exact.insert(display(path))
                    prefixes.append(display(path) + "/")
                }
            } else {
                if position < displayedFiles.count, displayedFiles[position].count == tree.files.count {
                    exact.formUnion(displayedFiles[position])
                } else {
                    exact.formUnion(tree.files.map { display($0.path) })
                }
                exact.formUnion(tree.skipped.filter(\.named).map { display($0.path) })
            }
        }
    }

    func contains(_ path: String) -> Bool {
        exact.contains(path) || prefixes.contains { path.hasPrefix($0) }
    }

    /// Whether a finding is reported: its own location or any related one is in scope, so
    /// a pre-commit run on a changed `nova.conf` reports the HAProxy timeout its new
    /// heartbeat makes wrong (the finding sits in the HAProxy file, its cause in nova.conf).
    func contains(_ finding: Finding) -> Bool {
        contains(finding.location.path) || finding.related.contains { contains($0.location.path) }
    }
}
