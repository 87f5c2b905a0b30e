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

    @Option(help: "Target OpenStack release (e.g. 2024.1); overrides openstack_release.")
    var release: String?

    @Option(name: .customLong("rabbitmq-version"), help: "RabbitMQ version (e.g. 3.13).")
    var rabbitmqVersion: String?

    @Option(help: "Ansible inventory file to use for every tree.")
    var inventory: String?

    func validate() throws {
        if let release, KollaVersion.parse(release) == nil {
            throw ValidationError("unknown release '\(release)' (use a series such as 2024.1 or wallaby, or a Kolla-Ansible version such as 18.7.0)")
        }
        if let rabbitmqVersion, RabbitMQVersion.parse(rabbitmqVersion) == nil {
            throw ValidationError("unknown RabbitMQ version '\(rabbitmqVersion)' (use major.minor, e.g. 3.13)")
        }
    }

    func run() throws {
        let options = LintOptions(
            paths: paths.isEmpty ? ["."] : paths, release: release, rabbitmqVersion: rabbitmqVersion,
            inventory: inventory, select: ["RMQ001"])
        let linter = Linter(rules: [], fileSystem: LocalFileSystem())
        switch linter.lint(options) {
        case .success(let result):
            print(EffectiveReport(model: result.model, service: service, host: host).render(format), terminator: "")
        case .failure(let error):
            throw UsageError(description: error.message)
        }
    }
}
