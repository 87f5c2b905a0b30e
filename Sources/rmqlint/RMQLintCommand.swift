import ArgumentParser
import RMQLintCore
import RMQLintRules

/// `rmqlint`: the command line. It parses arguments and hands over to RMQLintCore.
struct RMQLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rmqlint",
        abstract: "Find RabbitMQ high-availability mistakes in Kolla-Ansible deployment trees.",
        discussion: """
            Exit status: 0 when nothing reaches --fail-on, 1 when findings do (including RMQ001 \
            parse errors), 2 for usage, configuration or I/O errors of rmqlint itself.
            """,
        version: ToolInfo.version,
        subcommands: [LintCommand.self, RulesCommand.self, ExplainCommand.self, EffectiveCommand.self],
        defaultSubcommand: LintCommand.self)
}

/// Exit statuses (docs/spec.md §6).
enum ExitStatus {
    static let clean: Int32 = 0
    static let findings: Int32 = 1
    static let error: Int32 = 2
}

/// An error of rmqlint's own input: printed as one line, exit status 2.
struct UsageError: Error, CustomStringConvertible {
    var description: String
    /// Already `path:line:col: error: …` (a configuration or baseline file): printed as is.
    var located = false
}

@main
enum Main {
    static func main() {
        do {
            var command = try RMQLintCommand.parseAsRoot()
            if var lint = command as? LintCommand {
                Platform.exit(try lint.runReturningStatus())
            }
            try command.run()
            Platform.exit(ExitStatus.clean)
        } catch let error as UsageError {
            if error.located {
                var standardError = StandardError()
                print(error.description, to: &standardError)
                Platform.exit(ExitStatus.error)
            }
            fail(error.description)
        } catch {
            let code = RMQLintCommand.exitCode(for: error)
            if code == .success {
                // --help and --version: ArgumentParser prints them and succeeds.
                RMQLintCommand.exit(withError: error)
            }
            let message = RMQLintCommand.message(for: error)
                .split(separator: "\n").first.map(String.init) ?? "invalid arguments"
            fail("\(message) (see 'rmqlint --help')")
        }
    }

    static func fail(_ message: String) -> Never {
        var standardError = StandardError()
        print("rmqlint: error: \(message)", to: &standardError)
        Platform.exit(ExitStatus.error)
    }
}

/// Writes to stderr.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        Platform.writeStandardError(string)
    }
}
