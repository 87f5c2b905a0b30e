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
        var model = buildModel(trees, options: options, loader: loader, directives: &directives, skipped: &skippedFiles)
        // Files named explicitly that were not read get a note each (RMQ005), not only a count.
        let named = Set((options.paths.isEmpty ? ["."] : options.paths).map {
            loader.displayPath(PathUtilities.normalize($0, relativeTo: fileSystem.currentDirectory))
        })
        model.skipped = trees.flatMap(\.skipped).map {
            SkippedFile(path: loader.displayPath($0.path), reason: $0.reason, named: $0.named)
        } + skippedFiles.map { SkippedFile(path: $0.path, reason: $0.reason, named: named.contains($0.path)) }
        let context = LintContext(model: model)
        let currentDirectory = fileSystem.currentDirectory
        let scope = ReportScope(trees: trees, loader: { PathUtilities.display($0, currentDirectory: currentDirectory) })
        let coverage = ReportCoverage(
            scope: scope, wholeTreeRoots: trees.filter { $0.kind != .loose && $0.reportScope == nil }.map(\.root),
            currentDirectory: currentDirectory, options: options)

        var findings: [Finding] = []
        var auditRules: [any Rule.Type] = []
        var modelRules: [any Rule.Type] = []
        for ruleType in rules where options.isSelected(ruleType.description.id) {
            if ruleType is any SuppressionAuditRule.Type {
                auditRules.append(ruleType)
            } else {
                modelRules.append(ruleType)
            }
        }
        let versions = VersionOverrides(
            release: options.release, rabbitmqVersion: options.rabbitmqVersion,
            configuredRelease: options.configuredRelease, configuredRabbitMQVersion: options.configuredRabbitMQVersion)
        for ruleFindings in Self.check(modelRules.map { $0.init() }, model: model, context: context, versions: versions) {
            findings += ruleFindings
        }
        // Site policies: rules defined at run time, over the same model.
        findings += UserPolicyEvaluator.findings(options.policies.filter { options.isSelected($0.id) }, in: model)
        findings = Self.unique(findings.filter { coverage.ran($0.ruleID, on: $0.location.path) })

        // Inline suppressions, then the rules that judge them.
        let descriptions = rules.map { $0.description } + options.policies.map(\.description)
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
            .filter { scope.contains($0) }
            .map(overridden)
            .map(resolve)
            .sorted(by: Finding.reportOrder)
        let suppressed = silenced
            .filter { scope.contains($0.finding) }
            .map { SuppressedFinding(finding: overridden($0.finding), directive: $0.directive) }
            .sorted { Finding.reportOrder($0.finding, $1.finding) }

        // The report names the release of the first deployment tree (loose files have none
        // of their own unless --release says so).
        let primary = model.deployments.first { $0.kind != .loose }
            ?? (options.release == nil && options.configuredRelease == nil ? nil : model.deployments.first)
        var report = LintReport(
            findings: active, rules: descriptions,
            release: primary.map { $0.release.isAssumed ? "\($0.release.rangeText) (not pinned)" : $0.release.version.description },
            rabbitmqVersion: primary.map { deployment in
                guard deployment.release.isAssumed, case .releaseDefault = deployment.rabbitMQ.source else {
                    return deployment.rabbitMQ.version.description
                }
                let versions = Set(deployment.release.candidates.map { RabbitMQVersion.default(for: $0) }).sorted()
                return versions.count == 1 ? versions[0].description
                    : "\(versions[0])–\(versions[versions.count - 1]) (with the release)"
            },
            filesLinted: model.filesRead, failThreshold: options.failOn,
            redactor: Redactor(secrets: model.secrets), suppressed: suppressed,
            severityOverrides: overrides)
        report.coverage = coverage
        report.releaseEvidence = primary?.release.evidence ?? []
        report.releaseCandidates = primary.map { $0.release.isAssumed ? $0.release.candidates.map(\.name) : [] } ?? []
        report.skipped = model.skipped
        if let baseline = options.baseline {
            report = report.applyingBaseline(baseline, path: options.baselinePath, strict: options.strictBaseline)
        }
        return .success(LintResult(report: report, model: model))
    }

    /// Runs `rules` over the model; the findings of each rule, in rule order. A deployment whose
    /// release is a range is checked once per candidate release and the findings merged
    /// (docs/spec.md §10.1): a finding of every candidate keeps its severity; one of some
    /// candidates only is info and names where it holds. A deployment whose cluster size
    /// nothing tells (docs/spec.md §10.2) is checked both as a cluster and as a single node, the
    /// same way.
    ///
    /// Rules are stateless values over an immutable model, so they run on every core. Each
    /// candidate release's model is built, checked by every rule and dropped on its own
    /// core, so a fleet's models are never all in memory at once. Findings are joined in a
    /// fixed order (rule, deployment, candidate), whatever finished first.
    static func check(
        _ rules: [any Rule], model: DeploymentModel, context: LintContext, versions: VersionOverrides
    ) -> [[Finding]] {
        let candidates = model.deployments.map { ModelBuilder.candidateReleases(of: $0) }
        let unknownCluster = model.deployments.map { $0.effective.cluster.hosts == nil }
        guard candidates.contains(where: { !$0.isEmpty }) || unknownCluster.contains(true) else {
            return Parallel.map(rules.count) { rules[$0].check(context) }
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

        // One piece of work per rule over the decided deployments, then one per candidate
        // model of each other deployment (the deployment itself when its release is decided).
        struct Piece: Sendable {
            var deployment: Int
            var release: OpenStackRelease?
        }
        let pieces = model.deployments.indices.filter { !keep.contains($0) }.flatMap { index in
            candidates[index].isEmpty ? [Piece(deployment: index, release: nil)]
                : candidates[index].map { Piece(deployment: index, release: $0) }
        }
        /// The findings of a piece, per rule, and which model it checked.
        struct Outcome: Sendable {
            var perRule: [[Finding]]
            var release: OpenStackRelease? = nil
            var pinHint = ""
            var kind = TreeKind.loose
        }
        // What the rendered and loose oslo files set themselves is read once per deployment and
        // shared by its candidate models (on a fleet of collected files, most of each model).
        let rendered = model.deployments.indices.map { index in
            candidates[index].isEmpty ? nil : ModelBuilder.renderedFileSettings(of: model.deployments[index])
        }
        let outcomes = Parallel.map(rules.count + pieces.count) { slot -> Outcome in
            guard slot >= rules.count else {
                return Outcome(perRule: [rules[slot].check(decidedContext)])
            }
            let piece = pieces[slot - rules.count]
            let base = model.deployments[piece.deployment]
            let deployment = piece.release.map {
                ModelBuilder.candidate(of: base, release: $0, versions: versions, rendered: rendered[piece.deployment])
            } ?? base
            return Outcome(
                perRule: rules.map { runEitherCluster($0, deployment) }, release: deployment.release.version.release,
                pinHint: deployment.release.pinHint, kind: deployment.kind)
        }
        return rules.indices.map { ruleIndex -> [Finding] in
            var findings = outcomes[ruleIndex].perRule[0]
            var slot = rules.count
            for index in model.deployments.indices where !keep.contains(index) {
                let count = max(1, candidates[index].count)
                let perCandidate = Array(outcomes[slot..<(slot + count)])
                slot += count
                if count == 1 {
                    findings += perCandidate[0].perRule[ruleIndex]
                } else {
                    findings += mergeCandidates(
                        perCandidate.map { $0.perRule[ruleIndex] }, releases: perCandidate.compactMap(\.release),
                        pinHint: perCandidate[0].pinHint, reported: perCandidate[0].kind != .loose)
                }
            }
            return findings
        }
    }

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

    /// Merges the findings of each candidate release by fingerprint (rule, path, semantic key).
    ///
    /// The message must be true on every release it is reported for: candidates whose wording
    /// differs only by their own release name share one message naming the range
    /// ("Kolla-Ansible queens–rocky never reads…"); different wordings are all kept, each with the
    /// releases it holds on ("[on queens–stein: … | on master: …]"). Location and related places are
    /// the newest candidate's; the severity is the lowest of the candidates (never higher than
    /// what every candidate gives).
    static func mergeCandidates(
        _ perCandidate: [[Finding]], releases: [OpenStackRelease], pinHint: String, reported: Bool = true
    ) -> [Finding] {
        struct Entry {
            var finding: Finding
            var wordings: [(release: OpenStackRelease, message: String)]
            var severity: Severity
            var fixesAgree: Bool
        }
        // In the order first met; each entry updated in place (no copy of its wordings per candidate).
        var entries: [Entry] = []
        var slots: [String: Int] = [:]
        for (index, findings) in perCandidate.enumerated() {
            let release = releases[index]
            for finding in findings {
                let key = finding.fingerprint
                if let slot = slots[key] {
                    if entries[slot].wordings.last?.release != release {
                        entries[slot].wordings.append((release, finding.message))
                    }
                    entries[slot].severity = min(entries[slot].severity, finding.severity)
                    if entries[slot].finding.fixes != finding.fixes { entries[slot].fixesAgree = false }
                    entries[slot].finding = finding   // the newest candidate's location and related places
                } else {
                    slots[key] = entries.count
                    entries.append(Entry(finding: finding, wordings: [(release, finding.message)], severity: finding.severity, fixesAgree: true))
                }
            }
        }
        let all = Set(releases)
        func merge(_ entry: Entry) -> Finding {
            var finding = entry.finding
            let holds = Array(Set(entry.wordings.map(\.release))).sorted()
            finding.message = mergedMessage(entry.wordings)
            finding.severity = entry.severity
            // A fix is offered only if every candidate release computes the same one (a fix for
            // one candidate may not clear the finding on another), and it is unsafe when the
            // finding holds on some candidates only: a judgement until the release is pinned.
            if !entry.fixesAgree { finding.fixes = [] }
            guard Set(holds) != all else { return finding }
            finding.fixes = finding.fixes.map(\.unsafe)
            if finding.severity > .info { finding.severity = .info }
            finding.message += " [holds only on \(ResolvedRelease.rangeText(holds)) of the candidate releases "
                + "\(ResolvedRelease.rangeText(Array(all))), and the release is not pinned: "
                + (reported ? "see RMQ002]" : "pass --release to decide]")
            return finding
        }
        // Merging the wordings is the costly part, and each entry's is its own: on every core.
        let chunk = 256
        let merged = Parallel.map((entries.count + chunk - 1) / chunk) { part in
            entries[(part * chunk)..<min(entries.count, (part + 1) * chunk)].map { merge($0) }
        }
        return merged.flatMap { $0 }
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

    /// One message for the wordings of several candidate releases: the release's own name is
    /// replaced by the range of releases sharing the wording; distinct wordings are each kept
    /// with their releases.
    static func mergedMessage(_ wordings: [(release: OpenStackRelease, message: String)]) -> String {
        let placeholder = "\u{1}release\u{1}"
        var groups: [(template: String, releases: [OpenStackRelease])] = []
        for wording in wordings {
            let template = replacingWord(wording.release.name, with: placeholder, in: wording.message)
            if let index = groups.firstIndex(where: { $0.template == template }) {
                groups[index].releases.append(wording.release)
            } else {
                groups.append((template, [wording.release]))
            }
        }
        let rendered = groups.map { group in
            (text: replacingPlaceholder(placeholder, with: ResolvedRelease.rangeText(group.releases), in: group.template),
             releases: group.releases)
        }
        guard rendered.count > 1 else { return rendered.first?.text ?? "" }
        let words = rendered.map { $0.text.split(separator: " ", omittingEmptySubsequences: false) }
        let spans = differingSpans(words)
        var output: [Substring] = []
        var next = 0
        for span in spans {
            output += words[0][next..<span.lowerBound]
            output.append(Substring(alternatives(span, words: words, releases: rendered.map(\.releases))))
            next = span.upperBound
        }
        output += words[0][next...]
        return output.joined(separator: " ")
    }

    /// The word ranges where the wordings differ, each whole (never starting or ending inside
    /// a parenthesis or a code span, so every alternative reads alone) and the ranges closer
    /// than three shared words joined. Wordings of equal length are compared word by word —
    /// "[on queens–rocky: 11 | on stein–2023.1: 12] services … RabbitMQ [on queens–rocky: 3.6 …]"
    /// rather than the whole sentence once per release —; otherwise the one range between the
    /// shared first and last words.
    static func differingSpans(_ words: [[Substring]]) -> [Range<Int>] {
        let counts = Set(words.map(\.count))
        var spans: [Range<Int>] = []
        if counts.count == 1, let count = counts.first {
            for index in 0..<count where !words.allSatisfy({ $0[index] == words[0][index] }) {
                if let last = spans.last, index - last.upperBound < 3 {
                    spans[spans.count - 1] = last.lowerBound..<(index + 1)
                } else {
                    spans.append(index..<(index + 1))
                }
            }
        } else {
            let shortest = words.map(\.count).min() ?? 0
            var prefix = 0
            while prefix < shortest, words.allSatisfy({ $0[prefix] == words[0][prefix] }) { prefix += 1 }
            var suffix = 0
            while suffix < shortest - prefix,
                  words.allSatisfy({ $0[$0.count - 1 - suffix] == words[0][words[0].count - 1 - suffix] }) { suffix += 1 }
            // With different lengths the range is positioned from each wording's own end.
            return wholeSpan(prefix: prefix, suffix: suffix, words: words)
        }
        // Widen each range until every wording's words before and after it are balanced, then
        // join ranges that now touch or come close.
        var changed = true
        while changed {
            changed = false
            for (position, span) in spans.enumerated() {
                var lower = span.lowerBound, upper = span.upperBound
                while lower > 0, !words.allSatisfy({ isBalanced($0[..<lower]) }) { lower -= 1 }
                while upper < words[0].count, !words.allSatisfy({ isBalanced($0[upper...]) }) { upper += 1 }
                if lower != span.lowerBound || upper != span.upperBound {
                    spans[position] = lower..<upper
                    changed = true
                }
            }
            var joined: [Range<Int>] = []
            for span in spans {
                if let last = joined.last, span.lowerBound - last.upperBound < 3 {
                    joined[joined.count - 1] = last.lowerBound..<max(last.upperBound, span.upperBound)
                } else {
                    joined.append(span)
                }
            }
            if joined.count != spans.count { changed = true }
            spans = joined
        }
        return spans
    }

    /// The single differing range of wordings of different lengths, as a range of the first
    /// wording's words (`alternatives` takes each wording's own words between the shared
    /// `prefix` and `suffix`).
    private static func wholeSpan(prefix: Int, suffix: Int, words: [[Substring]]) -> [Range<Int>] {
        var prefix = prefix, suffix = suffix
        while prefix > 0, !isBalanced(words[0][..<prefix]) { prefix -= 1 }
        while suffix > 0, !isBalanced(words[0][(words[0].count - suffix)...]) { suffix -= 1 }
        return [prefix..<(words[0].count - suffix)]
    }

    /// "[on A: x | on B: y]" for one differing range: wordings with the same words there share
    /// one alternative (their releases joined), and punctuation that ends every alternative is
    /// said once, after the bracket.
    static func alternatives(_ span: Range<Int>, words: [[Substring]], releases: [[OpenStackRelease]]) -> String {
        let suffix = words[0].count - span.upperBound
        var texts: [(text: String, releases: [OpenStackRelease])] = []
        for (wording, owned) in zip(words, releases) {
            let text = wording[span.lowerBound..<(wording.count - suffix)].joined(separator: " ")
            if let index = texts.firstIndex(where: { $0.text == text }) {
                texts[index].releases += owned
            } else {
                texts.append((text, owned))
            }
        }
        var trailing = ""
        if let last = texts.first?.text.last, ",.;:".contains(last),
           texts.allSatisfy({ $0.text.count > 1 && $0.text.last == last }) {
            trailing = String(last)
            texts = texts.map { (String($0.text.dropLast()), $0.releases) }
        }
        let parts = texts.map { "on \(ResolvedRelease.rangeText($0.releases.sorted())): \($0.text)" }
        return "[" + parts.joined(separator: " | ") + "]" + trailing
    }

    static func isBalanced(_ words: ArraySlice<Substring>) -> Bool {
        var depth = 0
        var backticks = 0
        for character in words.joined(separator: " ") {
            switch character {
            case "(", "[", "{": depth += 1
            case ")", "]", "}":
                depth -= 1
                if depth < 0 { return false }
            case "`": backticks += 1
            default: break
            }
        }
        return depth == 0 && backticks.isMultiple(of: 2)
    }

    /// `text` with every whole-word occurrence of `word` (not inside a longer name or version,
    /// e.g. `2024.1` in `2024.10`) replaced.
    static func replacingWord(_ word: String, with replacement: String, in text: String) -> String {
        // Most messages do not name the release: a byte scan settles that first (merging a big
        // file's findings over 18 candidate releases called this half a million times).
        guard !word.isEmpty, containsBytes(text, word) else { return text }
        // Every candidate's wording of every finding comes through here: most messages are
        // ASCII, where each byte is a Character, so the same scan runs on bytes.
        if let bytes = replacingASCIIWord(word, with: replacement, in: text) { return bytes }
        return replacingWordByCharacters(word, with: replacement, in: text)
    }

    /// ``replacingWord(_:with:in:)`` on Characters, for any text.
    static func replacingWordByCharacters(_ word: String, with replacement: String, in text: String) -> String {
        // Part of a longer name, a range (`queens–master`), a ref (`stable/2024.1`, `2023.1-eol`,
        // `master:path`) or a version: not the release word.
        func isWordCharacter(_ character: Character?) -> Bool {
            guard let character else { return false }
            return character.isLetter || character.isNumber || "_-–/@:".contains(character)
        }
        var result = ""
        var rest = text[...]
        while let range = rest.firstRange(of: word) {
            let before = range.lowerBound == rest.startIndex ? result.last : rest[rest.index(before: range.lowerBound)]
            var after: Character? = range.upperBound < rest.endIndex ? rest[range.upperBound] : nil
            // A version continues after a dot with a digit (2024.1 → 2024.10; 18.2 → 18.2.1).
            if after == ".", rest.index(after: range.upperBound) < rest.endIndex,
               rest[rest.index(after: range.upperBound)].isNumber {
                after = "0"
            }
            // `master:path` is a ref; `on master: …` is the release.
            if after == ":", rest.index(after: range.upperBound) == rest.endIndex
                || rest[rest.index(after: range.upperBound)].isWhitespace {
                after = nil
            }
            result += rest[..<range.lowerBound]
            result += isWordCharacter(before) || isWordCharacter(after) ? String(rest[range]) : replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }

    /// Whether `needle`'s UTF-8 bytes occur in `text`'s (a Character match implies a byte match).
    static func containsBytes(_ text: String, _ needle: String) -> Bool {
        var text = text
        var needle = needle
        return text.withUTF8 { haystack in
            needle.withUTF8 { pattern in
                guard let first = pattern.first, pattern.count <= haystack.count else { return pattern.isEmpty }
                var index = 0
                let last = haystack.count - pattern.count
                while index <= last {
                    if haystack[index] == first {
                        var offset = 1
                        while offset < pattern.count, haystack[index + offset] == pattern[offset] { offset += 1 }
                        if offset == pattern.count { return true }
                    }
                    index += 1
                }
                return false
            }
        }
    }

    /// `text` with every `placeholder` replaced, byte by byte: a placeholder that begins and
    /// ends with a control character (`\u{1}`) always sits between Characters, so this is
    /// `replacing(_:with:)` without the walk by Characters.
    static func replacingPlaceholder(_ placeholder: String, with replacement: String, in text: String) -> String {
        var text = text
        let wanted = Array(placeholder.utf8)
        guard let first = wanted.first else { return text }
        return text.withUTF8 { bytes in
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + replacement.utf8.count)
            var start = 0, rest = 0
            while start + wanted.count <= bytes.count {
                if bytes[start] == first, (1..<wanted.count).allSatisfy({ bytes[start + $0] == wanted[$0] }) {
                    result += bytes[rest..<start]
                    result += replacement.utf8
                    start += wanted.count
                    rest = start
                } else {
                    start += 1
                }
            }
            result += bytes[rest...]
            return String(decoding: result, as: UTF8.self)
        }
    }

    /// ``replacingWord(_:with:in:)`` for an ASCII `word` in an ASCII `text`, byte by byte
    /// (there every byte is one Character, and letters, digits and whitespace are the ASCII
    /// ones); `nil` when either is not ASCII.
    static func replacingASCIIWord(_ word: String, with replacement: String, in text: String) -> String? {
        var word = word, text = text
        return word.withUTF8 { wanted -> String? in
            text.withUTF8 { bytes -> String? in
                guard let first = wanted.first, wanted.allSatisfy({ $0 < 0x80 }), bytes.allSatisfy({ $0 < 0x80 }) else {
                    return nil
                }
                func isWordByte(_ byte: UInt8?) -> Bool {
                    guard let byte else { return false }
                    switch byte {
                    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                         UInt8(ascii: "0")...UInt8(ascii: "9"),
                         UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "@"), UInt8(ascii: ":"):
                        return true
                    default:
                        return false
                    }
                }
                func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
                func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
                var result: [UInt8] = []
                result.reserveCapacity(bytes.count)
                let replacementBytes = Array(replacement.utf8)
                var rest = 0
                var start = 0
                while start + wanted.count <= bytes.count {
                    guard bytes[start] == first, (1..<wanted.count).allSatisfy({ bytes[start + $0] == wanted[$0] }) else {
                        start += 1
                        continue
                    }
                    let end = start + wanted.count
                    // As in the Character scan: at the start of the rest, the byte before is the
                    // last one written (which may be a replacement's).
                    let before: UInt8? = start == rest ? result.last : bytes[start - 1]
                    var after: UInt8? = end < bytes.count ? bytes[end] : nil
                    if after == UInt8(ascii: "."), end + 1 < bytes.count, isDigit(bytes[end + 1]) {
                        after = UInt8(ascii: "0")
                    }
                    if after == UInt8(ascii: ":"), end + 1 == bytes.count || isWhitespace(bytes[end + 1]) {
                        after = nil
                    }
                    result += bytes[rest..<start]
                    if isWordByte(before) || isWordByte(after) {
                        result += bytes[start..<end]
                    } else {
                        result += replacementBytes
                    }
                    rest = end
                    start = end
                }
                result += bytes[rest...]
                return String(decoding: result, as: UTF8.self)
            }
        }
    }

    /// Findings with duplicates (same rule, place, key and message) dropped, order kept.
    private static func unique(_ findings: [Finding]) -> [Finding] {
        var seen: Set<String> = []
        return findings.filter { seen.insert("\($0.ruleID)|\($0.location)|\($0.semanticKey)|\($0.message)").inserted }
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

        let planned = jobs
        let results = Parallel.map(planned.count) { index in Self.run(planned[index], loader: loader) }

        var secrets: Set<String> = []
        var skips: [(sequence: Int, file: SkippedFile)] = []
        for (job, result) in zip(planned, results) {
            directives += result.directives
            secrets.formUnion(result.secrets)
            for (format, skip) in zip(job.formats, result.skipped) {
                if let skip { skips.append((format.sequence, skip)) }
            }
        }
        // In the order the files were first met, as when they were loaded one by one.
        skipped += skips.sorted { $0.sequence < $1.sequence }.map(\.file)

        var deployments: [Deployment] = []
        var diagnostics: [LoadDiagnostic] = []
        for (tree, slots) in zip(trees, placement) {
            let loaded = zip(tree.files, slots).map { file, slot -> LoadedFile in
                var copy = results[slot.job].files[slot.format]
                copy.role = file.role
                return copy
            }
            for file in loaded { diagnostics += file.diagnostics }
            let deployment = ModelBuilder.build(
                tree: tree, files: loaded, displayRoot: loader.displayPath(tree.root),
                displayConfigDirectory: tree.configDirectory.map(loader.displayDirectory),
                displayExtraConfigDirectories: tree.extraConfigDirectories.map(loader.displayDirectory), options: options)
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
            deployments: deployments, loadDiagnostics: diagnostics, filesRead: jobs.count,
            secrets: secrets.sorted())
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
        for (position, format) in job.formats.enumerated() {
            // Only a file that is a rendered config under every role may drop what the model
            // does not read.
            let modelledOnly = format.roles.allSatisfy(\.isRenderedOslo)
            var (file, skipped) = loader.load(
                format.first, from: source, withReadDiagnostics: position == 0, modelledOnly: modelledOnly)
            if position == 0 { outcome.directives = suppressionDirectives(in: file, source: source) }
            for role in format.roles {
                file.role = role
                outcome.secrets += SecretCollector.secrets(in: file)
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

    init(trees: [DeploymentTree], loader display: (String) -> String) {
        for tree in trees {
            if let scope = tree.reportScope {
                for path in scope {
                    exact.insert(display(path))
                    prefixes.append(display(path) + "/")
                }
            } else {
                exact.formUnion(tree.files.map { display($0.path) })
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
