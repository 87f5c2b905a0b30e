import Foundation
import Testing

/// SECURITY.md "No writes, no network": rmqlint leaves the trees it lints exactly as
/// they were, and its code has no way to open a network connection.
@Suite("No writes, no network")
struct IsolationTests {
    /// Everything that identifies a file's state, links not followed.
    struct FileState: Equatable {
        var kind: String
        var size: Int
        var mode: Int
        var modified: Date
        var contents: Data
    }

    /// The state of every entry below `root`, hidden files included.
    private func snapshot(_ root: URL) throws -> [String: FileState] {
        var result: [String: FileState] = [:]
        let fm = FileManager.default
        guard let enumerator = fm.enumerator(atPath: root.path) else { return [:] }
        for case let relative as String in enumerator {
            let path = root.appendingPathComponent(relative).path
            let attributes = try fm.attributesOfItem(atPath: path)
            let kind = attributes[.type] as? FileAttributeType
            result[relative] = FileState(
                kind: kind?.rawValue ?? "?",
                size: (attributes[.size] as? NSNumber)?.intValue ?? -1,
                mode: (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1,
                modified: attributes[.modificationDate] as? Date ?? .distantPast,
                contents: kind == .typeRegular ? try Data(contentsOf: URL(fileURLWithPath: path)) : Data())
        }
        return result
    }

    /// Every Sample, copied and made read-only (files 0444, directories 0555), is linted in
    /// every format, with a baseline, with `--output` and by `effective`, from inside the
    /// copy; afterwards not one byte, mode, date or directory entry has changed. Reports go
    /// to a directory outside the copy. (As root, read-only modes do not stop writes: the
    /// snapshot is the real check.)
    @Test func lintingAReadOnlyCopyChangesNothingInIt() throws {
        let fm = FileManager.default
        let scratch = fm.temporaryDirectory.appendingPathComponent("rmqlint-readonly-\(UUID().uuidString)")
        let copy = scratch.appendingPathComponent("Samples")
        let reports = scratch.appendingPathComponent("reports")
        try fm.createDirectory(at: reports, withIntermediateDirectories: true)
        try fm.copyItem(at: CLI.root.appendingPathComponent("Samples"), to: copy)
        defer {
            _ = try? CLI.runShell(["chmod", "-R", "u+w", scratch.path])
            try? fm.removeItem(at: scratch)
        }
        try #require(try CLI.runShell(["chmod", "-R", "a-w", copy.path]) == 0)
        let before = try snapshot(copy)
        #expect(before.count > 100)

        var runs: [[String]] = []
        for format in ["text", "json", "sarif", "github"] {
            runs.append(["--format", format, "--fail-on", "never", "."])
        }
        runs.append(["--output", reports.appendingPathComponent("report.sarif").path, "--format", "sarif", "."])
        runs.append(["--write-baseline", reports.appendingPathComponent("baseline.json").path, "."])
        runs.append(["--baseline", reports.appendingPathComponent("baseline.json").path, "--strict-baseline", "."])
        runs.append(["--show-suppressed", "gate-adoption"])
        runs.append(["effective", "--format", "json", "healthy-kolla"])
        runs.append(["effective", "osism"])
        runs.append(["effective", "kayobe"])
        for arguments in runs {
            let output = try CLI.run(arguments, in: copy)
            #expect([0, 1].contains(output.status), "\(arguments): \(output.stderr)")
        }
        #expect(fm.fileExists(atPath: reports.appendingPathComponent("report.sarif").path))

        let after = try snapshot(copy)
        #expect(Set(after.keys) == Set(before.keys), "entries appeared or vanished: \(Set(after.keys).symmetricDifference(Set(before.keys)).sorted())")
        for (path, state) in before where after[path] != state {
            Issue.record("rmqlint changed \(path)")
        }
    }

    /// The modules rmqlint's sources may import. No Foundation (so no URLSession or
    /// FoundationNetworking), no Network, no NIO: only libyaml, the argument parser and
    /// the C library.
    /// Dispatch (the toolchain's libdispatch) only runs loading and rules on every core
    /// (`Parallel.swift`); it has no networking API. Synchronization (the standard library's
    /// `Mutex` and atomics) guards the caches and the candidate merge shared by those cores; it has none
    /// either.
    static let allowedModules: Set<String> = [
        "ArgumentParser", "CYAML", "Darwin", "Dispatch", "Glibc", "Musl", "RMQLintCore", "RMQLintEngine", "RMQLintJinja",
        "RMQLintKnowledge", "RMQLintLoaders", "RMQLintModel", "RMQLintRules", "RMQLintSource", "Synchronization",
    ]

    /// The only files that import the C library, and so the only ones that could call
    /// `socket`, `connect`, `open` or `write` at all.
    static let cLibraryFiles: Set<String> = [
        "Sources/RMQLintCore/FileSystem/LocalFileSystem.swift",
        // --fix: temporary file, fchmod, fsync, rename, realpath; no socket or process API.
        "Sources/RMQLintCore/Fixing/FixApplier.swift",
        "Sources/rmqlint/Platform.swift",
    ]

    /// A cheap but real guard that no code path can open a network connection: every
    /// import is one of ``allowedModules``; the C library is imported only by
    /// ``cLibraryFiles``, which call no socket, resolver or process API; no source names
    /// a networking type; libyaml's shim includes nothing but `yaml.h`.
    @Test func noCodePathCanOpenANetworkConnection() throws {
        let lines = try sourceLines()
        var imports: [String: Set<String>] = [:]
        for (path, line) in lines {
            let words = line.split(separator: " ")
            guard let index = words.firstIndex(of: "import"), index + 1 < words.count,
                  words[..<index].allSatisfy({ ["@testable", "@_implementationOnly", "@_exported", "public", "internal", "private"].contains($0) })
            else { continue }
            imports[path, default: []].insert(String(words[index + 1]))
        }
        let modules = imports.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        #expect(modules.isSubset(of: Self.allowedModules), "unexpected imports: \(modules.subtracting(Self.allowedModules).sorted())")
        let cUsers = Set(imports.filter { !$0.value.isDisjoint(with: ["Glibc", "Musl", "Darwin"]) }.keys)
        #expect(cUsers == Self.cLibraryFiles, "files importing the C library changed: \(cUsers.sorted())")

        // In the C-library files, calls are spotted as a name not preceded by a letter,
        // digit, `_` or `.` (a Swift method of the same name is always `.name(` or `func name(`).
        let cCalls = ["socket", "connect", "bind", "listen", "accept", "sendto", "recvfrom", "sendmsg", "recvmsg",
                      "getaddrinfo", "gethostbyname", "fork", "vfork", "execv", "execve", "execvp", "execl", "execlp",
                      "posix_spawn", "posix_spawnp", "popen", "system", "dlopen"]
        for (path, line) in lines where Self.cLibraryFiles.contains(path) {
            for name in cCalls where Self.calls(line, name) {
                Issue.record("\(path) calls \(name): \(line)")
            }
        }
        let networkNames = ["URLSession", "URLRequest", "NSURLConnection", "FoundationNetworking", "CFSocket", "CFStream",
                            "NWConnection", "NWListener", "AF_INET", "AF_INET6", "SOCK_STREAM", "SOCK_DGRAM", "sockaddr",
                            "getaddrinfo", "gethostbyname", "Process(", "posix_spawn"]
        let named = lines.filter { _, line in networkNames.contains { line.contains($0) } }
        #expect(named.isEmpty, "networking names in sources: \(named.map { "\($0.0): \($0.1)" })")

        let shim = try String(contentsOf: CLI.root.appendingPathComponent("Sources/CYAML/shim.h"), encoding: .utf8)
        #expect(shim.split(separator: "\n").filter { $0.hasPrefix("#include") } == ["#include <yaml.h>"])
    }

    /// Writing is confined to `Platform.writeAtomically` and `Platform.AtomicFile` in
    /// Platform.swift (used by `OutputFile` in LintCommand.swift), which write the files a user
    /// names with `--output`, `--output-format FORMAT=FILE` and `--write-baseline` (atomically,
    /// beside the named path), `Platform.standardOutputSink` (the report on stdout) and
    /// `Platform.writeStandardError`; and to `FixWriter` in
    /// FixApplier.swift, which writes what `--fix` / `--unsafe-fixes` change inside the linted
    /// tree (FixTests prove it stays inside). LocalFileSystem only opens read-only.
    static let writingFiles: Set<String> = ["Sources/rmqlint/Platform.swift", "Sources/RMQLintCore/Fixing/FixApplier.swift"]

    @Test func onlyTheOutputFileHelperWrites() throws {
        let writers = ["fopen", "creat", "fwrite", "rename", "unlink", "remove", "mkdir", "rmdir", "truncate",
                       "ftruncate", "chmod", "chown", "symlink", "link", "utime", "utimes", "utimensat", "mkstemp", "tmpfile"]
        for (path, line) in try sourceLines() where Self.cLibraryFiles.contains(path) {
            let calls = writers.filter { Self.calls(line, $0) }
            if !calls.isEmpty && !Self.writingFiles.contains(path) {
                Issue.record("\(path) calls \(calls): \(line)")
            }
            if Self.calls(line, "open") && !line.contains("O_RDONLY") { Issue.record("\(path) opens for writing? \(line)") }
            if Self.calls(line, "write") && !line.contains("STDERR_FILENO") && !Self.writingFiles.contains(path) {
                Issue.record("\(path) writes: \(line)")
            }
            if ["O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC", "O_APPEND"].contains(where: { line.contains($0) }) {
                Issue.record("\(path) opens for writing: \(line)")
            }
        }
        let local = try String(contentsOf: CLI.root.appendingPathComponent("Sources/RMQLintCore/FileSystem/LocalFileSystem.swift"), encoding: .utf8)
        #expect(local.contains("open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)"))
    }

    /// Whether `line` calls the C function `name`: `name(` not preceded by an identifier
    /// character, `.` or `func `, or qualified as `Glibc.name(` / `Darwin.name(`.
    static func calls(_ line: String, _ name: String) -> Bool {
        if line.contains("Glibc.\(name)(") || line.contains("Darwin.\(name)(") || line.contains("Musl.\(name)(") { return true }
        var search = line[...]
        while let range = search.range(of: "\(name)(") {
            let prefix = line[..<range.lowerBound]
            let isDeclaration = prefix.hasSuffix("func ")
            if !isDeclaration, prefix.last.map({ !($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }) ?? true { return true }
            search = line[range.upperBound...]
        }
        return false
    }

    /// (path, line) of every non-comment line of Sources/ and Rules/.
    private func sourceLines() throws -> [(String, String)] {
        var result: [(String, String)] = []
        let fm = FileManager.default
        for directory in ["Sources", "Rules"] {
            let base = CLI.root.appendingPathComponent(directory)
            guard let enumerator = fm.enumerator(atPath: base.path) else { continue }
            for case let relative as String in enumerator where relative.hasSuffix(".swift") || relative.hasSuffix(".h") || relative.hasSuffix(".c") {
                let text = try String(contentsOf: base.appendingPathComponent(relative), encoding: .utf8)
                for line in text.split(separator: "\n") {
                    let trimmed = line.drop { $0 == " " }
                    if trimmed.hasPrefix("//") || trimmed.hasPrefix("*") { continue }
                    // String literals (messages, documentation of the rules) are not calls.
                    let code = String(line).replacingOccurrences(of: #""([^"\\]|\\.)*""#, with: "\"\"", options: .regularExpression)
                    result.append(("\(directory)/\(relative)", code))
                }
            }
        }
        #expect(result.count > 1_000)
        return result
    }
}
