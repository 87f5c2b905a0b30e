import ArgumentParser
import RMQLintCore
import RMQLintRules

extension EffectiveReport.Format: ExpressibleByArgument {}

/// `rmqlint effective PATH [--service S] [--host H]`: prints what Kolla would render.
struct EffectiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "effective",
        abstract: "Print the effective model: each RabbitMQ-relevant value and the layer that set it.")

    @Argument(help: "Deployment tree or files (default: .).")
    var paths: [String] = []

    @Option(help: "Only this Kolla service (e.g. nova-compute).")
    var service: String?

    @Option(help: "What this inventory host gets (its own overrides where it has some).")
    var host: String?

    @Option(help: "Output format: text or json.")
    var format: EffectiveReport.Format = .text

    @OptionGroup var target: TargetOptions

    func run() throws {
        let fileSystem = LocalFileSystem()
        let configuration = try target.configuration(paths: paths, fileSystem: fileSystem)
        let settings = CommandLineSettings(
            paths: paths, release: target.release, rabbitmqVersion: target.rabbitmqVersion, inventory: target.inventory.first,
            select: nil, ignore: nil, failOn: nil, baseline: nil, strictBaseline: false)
        // Only the model is printed: no rule runs, and no baseline is read.
        var options = LintOptions.resolve(target.settings(settings), configuration: configuration)
        options.baseline = nil
        options.baselinePath = nil
        let linter = Linter(rules: [], fileSystem: fileSystem)
        switch linter.lint(options) {
        case .success(let result):
            print(EffectiveReport(model: result.model, service: service, host: host).render(format), terminator: "")
        case .failure(let error):
            throw UsageError(description: error.message)
        }
    }
}
