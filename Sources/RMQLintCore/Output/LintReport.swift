import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders
import RMQLintModel
import RMQLintEngine

/// Everything a reporter needs to render one run: the findings (already filtered by
/// `--select`/`--ignore`, severities already overridden, sorted in report order),
/// the catalogue they refer to and the run's context.
///
/// Findings fall in three groups: ``findings`` need attention (those at or above the
/// threshold fail the run); ``suppressed`` were silenced by an inline directive and
/// ``baselined`` are recorded in the baseline — neither fails the run, both stay visible
/// (summary counts, `--show-suppressed`, SARIF `suppressions` / `baselineState`).
public struct LintReport: Sendable {
    /// Findings that are neither suppressed nor baselined, in `Finding.reportOrder`.
    public var findings: [Finding]
    /// Findings silenced by inline directives, in report order.
    public var suppressed: [SuppressedFinding]
    /// Findings recorded in the baseline (and not suppressed inline), in report order.
    public var baselined: [Finding]
    /// How the run compares with its baseline; `nil` when no baseline is used.
    public var baseline: BaselineComparison?
    /// Descriptions of every registered rule (reporters pick the ones they need).
    public var rules: [RuleDescription]
    /// Per-rule severity overrides from the configuration, by rule id (already applied to
    /// the findings; SARIF also lists them as `ruleConfigurationOverrides`).
    public var severityOverrides: [String: Severity]
    /// Resolved target OpenStack release (e.g. `2024.1`), if known.
    public var release: String?
    /// Resolved RabbitMQ version (e.g. `3.13`), if known.
    public var rabbitmqVersion: String?
    /// How many files were read.
    public var filesLinted: Int
    /// The release signals of the first deployment tree, strongest first (docs/spec.md §10.1).
    public var releaseEvidence: [ReleaseEvidence] = []
    /// The candidate releases when the release is not pinned (empty when it is).
    public var releaseCandidates: [String] = []
    /// Files found but not read, with the reason (counted in every summary).
    public var skipped: [SkippedFile] = []
    /// The `--fail-on` threshold in force.
    public var failThreshold: FailThreshold
    /// Removes secrets from every string a reporter prints.
    public var redactor: Redactor
    /// Which files and rules the run judged (a baseline entry outside them is not absent).
    var coverage: ReportCoverage?

    /// Creates a report.
    public init(
        findings: [Finding], rules: [RuleDescription], release: String? = nil,
        rabbitmqVersion: String? = nil, filesLinted: Int, failThreshold: FailThreshold = .warning,
        redactor: Redactor = Redactor(), suppressed: [SuppressedFinding] = [], baselined: [Finding] = [],
        baseline: BaselineComparison? = nil, severityOverrides: [String: Severity] = [:]
    ) {
        self.findings = findings
        self.rules = rules
        self.release = release
        self.rabbitmqVersion = rabbitmqVersion
        self.filesLinted = filesLinted
        self.failThreshold = failThreshold
        self.redactor = redactor
        self.suppressed = suppressed
        self.baselined = baselined
        self.baseline = baseline
        self.severityOverrides = severityOverrides
    }

    /// Whether any finding needing attention is at or above the threshold, or (with
    /// `--strict-baseline`) a baselined finding no longer occurs: exit status 1.
    public var failed: Bool {
        if findings.contains(where: { failThreshold.fails(on: $0.severity) }) { return true }
        if let baseline, baseline.strict, !baseline.absent.isEmpty, failThreshold != .never { return true }
        return false
    }

    /// The process exit status for this report: 1 when it failed, else 0.
    public var exitStatus: Int32 { failed ? 1 : 0 }

    /// The report without its suppressed and baselined findings (`--sarif-omit-suppressed`):
    /// for GitHub code scanning, which opens an alert for every uploaded result, whatever
    /// its `suppressions` or `baselineState`. Findings, absent baseline entries and the exit
    /// status are unchanged.
    public func omittingSuppressed() -> LintReport {
        var report = self
        report.suppressed = []
        report.baselined = []
        return report
    }

    /// The findings a new baseline records: every finding that is not suppressed inline.
    public var unsuppressedFindings: [Finding] {
        (findings + baselined).sorted(by: Finding.reportOrder)
    }

    /// This report judged against `baseline`: findings whose fingerprint it records move to
    /// ``baselined``, and its entries that match nothing — among the files and rules this
    /// run judged — become ``BaselineComparison/absent``. Applying a second baseline starts
    /// from the findings of the first. `currentDirectory` is the run's working directory
    /// (by default the linter's; for a hand-built report, the baseline's own directory).
    public func applyingBaseline(
        _ baseline: Baseline, path: String?, strict: Bool, currentDirectory: String? = nil
    ) -> LintReport {
        var report = self
        let entries = baseline.entries(seenFrom: currentDirectory ?? coverage?.currentDirectory ?? baseline.directory)
        let fingerprints = Set(entries.map(\.fingerprint))
        var all = (findings + baselined).sorted(by: Finding.reportOrder)
        report.baselined = all.filter { fingerprints.contains($0.fingerprint) }
        all.removeAll { fingerprints.contains($0.fingerprint) }
        report.findings = all
        var present = Set(report.baselined.map(\.fingerprint))
        present.formUnion(suppressed.map(\.finding.fingerprint))
        let absent = entries.filter { entry in
            !present.contains(entry.fingerprint) && (coverage?.judges(ruleID: entry.ruleID, path: entry.path) ?? true)
        }
        report.baseline = BaselineComparison(path: path, fingerprints: fingerprints, absent: absent, strict: strict)
        return report
    }
}

/// Which findings a run could have produced: the files it reported on and the rules it
/// ran on each. A baseline entry outside it is not judged absent, and a suppression for
/// a rule that did not run is not judged unused.
struct ReportCoverage: Sendable {
    /// The report scope, by display path.
    var scope: ReportScope
    /// Roots of the trees linted as a whole (absolute): a file below one that no longer
    /// exists is still judged (its findings are gone).
    var wholeTreeRoots: [String]
    /// The working directory, to make display paths absolute.
    var currentDirectory: String
    /// `--select` / `--ignore` and `per_file_ignores`.
    var options: LintOptions

    /// Whether rule `ruleID` ran on the file shown as `path`.
    func ran(_ ruleID: String, on path: String) -> Bool {
        // Without `per_file_ignores` nothing is ignored by path: the path (every finding's) is
        // not made absolute for nothing.
        options.isSelected(ruleID)
            && (options.perFileIgnores.isEmpty || !options.isIgnored(ruleID, atAbsolutePath: absolute(path)))
    }

    /// Whether findings of `ruleID` in `path` would have been reported by this run.
    func judges(ruleID: String, path: String) -> Bool {
        guard ran(ruleID, on: path) else { return false }
        if scope.contains(path) { return true }
        let absolutePath = absolute(path)
        return wholeTreeRoots.contains { PathUtilities.relative(absolutePath, to: $0) != nil }
    }

    private func absolute(_ path: String) -> String {
        PathUtilities.normalize(path, relativeTo: currentDirectory)
    }
}
