import FuzzSupport
import RMQLintCore
import RMQLintRules

/// The whole pipeline on a generated tree: discovery, loading, the model, every rule and
/// all four reporters. The input is split at NUL into the contents of eight files of a
/// Kolla tree (`Fuzz/Seeds/pipeline` holds the Samples in this form).
let treeFiles = [
    "etc/kolla/globals.yml",
    "etc/kolla/passwords.yml",
    "etc/kolla/config/nova.conf",
    "etc/kolla/config/haproxy/services.d/rabbitmq.cfg",
    "etc/kolla/multinode",
    "etc/kolla/config/rabbitmq/definitions.json",
    "etc/kolla/config/rabbitmq/rabbitmq.conf",
    "etc/kolla/nova-compute/nova.conf",
]

func fuzzPipeline(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let parts = Fuzz.parts(bytes, separator: 0, count: treeFiles.count)
    var fileSystem = InMemoryFileSystem(currentDirectory: "/fuzz")
    for (path, contents) in zip(treeFiles, parts) {
        // An empty part leaves the file out, so layouts without it are reached too.
        if !contents.isEmpty || path.hasSuffix("globals.yml") { fileSystem.addFile(path, bytes: contents) }
    }
    let linter = Linter(rules: RuleRegistry.all, fileSystem: fileSystem)
    guard case .success(let result) = linter.lint(LintOptions(paths: ["etc/kolla"], maxFileSize: 1 << 20)) else {
        fatalError("the tree's root exists, discovery must not fail")
    }
    let report = result.report
    let secrets = result.model.secrets
    for (index, finding) in report.findings.enumerated() {
        Fuzz.check(finding.location)
        if index > 0, Finding.reportOrder(finding, report.findings[index - 1]) {
            fatalError("findings out of report order at \(index)")
        }
        Fuzz.checkRedacted(finding.message, secrets: secrets, redactor: report.redactor)
        for related in finding.related {
            Fuzz.check(related.location)
            Fuzz.checkRedacted(related.message, secrets: secrets, redactor: report.redactor)
        }
        for text in [finding.service, finding.host].compactMap({ $0 }) {
            Fuzz.checkRedacted(text, secrets: secrets, redactor: report.redactor)
        }
    }
    for format in ReportFormat.allCases {
        let output = Reporters.render(report, as: format)
        if format != .github && output.isEmpty { fatalError("\(format) output is empty") }
    }
    // `rmqlint effective`: every value of the model, printed through the redactor.
    let checkable = secrets.filter { secret in
        !secret.contains("*") && !secret.unicodeScalars.allSatisfy(\.properties.isWhitespace)
    }
    for format in EffectiveReport.Format.allCases {
        let output = Array(EffectiveReport(model: result.model).render(format).utf8)
        for secret in checkable {
            // JSON escapes quotes, backslashes and control characters: such a secret is
            // masked inside strings before rendering, but cannot be searched for here.
            if format == .json, secret.unicodeScalars.contains(where: { $0 == "\"" || $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F }) {
                continue
            }
            if Fuzz.contains(output, Array(secret.utf8)) {
                fatalError("effective \(format) output shows the secret \(secret.debugDescription)")
            }
        }
    }
    return 0
}
