/// Everything a reporter needs to render one run: the findings (already filtered by
/// `--select`/`--ignore`, severities already overridden, sorted in report order),
/// the catalogue they refer to and the run's context.
public struct LintReport: Sendable {
    /// Findings in `Finding.reportOrder`.
    public var findings: [Finding]
    /// Descriptions of every registered rule (reporters pick the ones they need).
    public var rules: [RuleDescription]
    /// Resolved target OpenStack release (e.g. `2024.1`), if known.
    public var release: String?
    /// Resolved RabbitMQ version (e.g. `3.13`), if known.
    public var rabbitmqVersion: String?
    /// How many files were read.
    public var filesLinted: Int
    /// The `--fail-on` threshold in force.
    public var failThreshold: FailThreshold
    /// Removes secrets from every string a reporter prints.
    public var redactor: Redactor

    /// Creates a report.
    public init(
        findings: [Finding], rules: [RuleDescription], release: String? = nil,
        rabbitmqVersion: String? = nil, filesLinted: Int, failThreshold: FailThreshold = .warning,
        redactor: Redactor = Redactor()
    ) {
        self.findings = findings
        self.rules = rules
        self.release = release
        self.rabbitmqVersion = rabbitmqVersion
        self.filesLinted = filesLinted
        self.failThreshold = failThreshold
        self.redactor = redactor
    }

    /// Whether any finding is at or above the threshold (exit status 1).
    public var failed: Bool { findings.contains { failThreshold.fails(on: $0.severity) } }

    /// The process exit status for this report: 1 when it failed, else 0.
    public var exitStatus: Int32 { failed ? 1 : 0 }
}
