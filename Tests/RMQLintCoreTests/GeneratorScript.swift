import Foundation

/// Runs a committed generator script's `generate --stdout` from the repository root, for the
/// tests that check a generated Swift file is exactly what its script makes.
enum GeneratorScript {
    /// The script's standard output, its exit status and its standard error.
    static func generate(_ script: String, root: URL) throws -> (output: String, status: Int32, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "generate", "--stdout"]
        process.currentDirectoryURL = root
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let generated = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: generated, as: UTF8.self), process.terminationStatus, String(decoding: stderr, as: UTF8.self))
    }
}
