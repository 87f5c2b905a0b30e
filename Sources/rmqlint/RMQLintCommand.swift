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
        Platform.tuneMalloc()
        do {
            if let paths = pathsOnly() {
                Platform.exit(try LintRun(paths: paths).runReturningStatus())
            }
            if var lint = lintFastPath() {
                Platform.exit(try lint.runReturningStatus())
            }
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

    /// The paths of a command line that names paths only (`rmqlint etc/kolla/globals.yml`, as
    /// pre-commit runs it): the default command with every option at its default, which is what
    /// the parser gives for it, without building the parser's argument table (a tenth of a
    /// pre-commit run). Nothing that starts with `-` or names a subcommand qualifies, so every
    /// option, error message, `--help` and completion still goes through the parser.
    static func pathsOnly() -> [String]? {
        let arguments = CommandLine.arguments.dropFirst()
        guard arguments.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !subcommandNames.contains($0) }) else { return nil }
        return Array(arguments)
    }

    /// The words that name a subcommand (and the parser's own `help`): read from the command
    /// configuration, so a new subcommand never runs as a path.
    static let subcommandNames: Set<String> = Set(
        RMQLintCommand.configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"])

    /// The default command parsed on its own, when no argument names a subcommand or asks for
    /// help, the version or completions: what `parseAsRoot()` gives then, without walking
    /// every subcommand (a tenth of a pre-commit run). Anything else, and any argument error,
    /// takes the full parse, so messages and other commands are unchanged.
    static func lintFastPath() -> LintCommand? {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let reserved = subcommandNames.union([
            "-h", "-help", "--help", "--version", "--generate-completion-script", "--experimental-dump-help",
        ])
        guard !arguments.contains(where: { reserved.contains($0) || $0.hasPrefix("--generate-completion-script=") })
        else { return nil }
        return try? LintCommand.parse(arguments)
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
