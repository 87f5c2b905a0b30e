import Foundation
import RMQLintCore
import RMQLintRules
import Testing

/// The disk, with every directory listed in reverse (or rotated) order: what another
/// file system might return for the same tree.
private struct ReorderedFileSystem: FileSystem {
    let base = LocalFileSystem()
    let rotate: Bool
    var currentDirectory: String { base.currentDirectory }
    func kind(of path: String) -> FileKind? { base.kind(of: path) }
    func identity(of path: String) -> String? { base.identity(of: path) }
    func readFile(_ path: String, limit: Int) -> Result<[UInt8], FileReadError> { base.readFile(path, limit: limit) }
    func contentsOfDirectory(_ path: String) -> [String]? {
        guard let names = base.contentsOfDirectory(path)?.sorted() else { return nil }
        if rotate, names.count > 1 { return Array(names[1...] + names[..<1]) }
        return names.reversed()
    }
}

/// SECURITY.md "Determinism" (docs/spec.md §9): the same tree gives byte-identical reports,
/// whatever order its files were created in, whatever their dates, and whatever order
/// the file system lists them in.
@Suite("Determinism")
struct DeterminismTests {
    /// Every regular file of `directory` (relative path → bytes), hidden ones included.
    private func files(below directory: URL) throws -> [(String, Data)] {
        let fm = FileManager.default
        var result: [(String, Data)] = []
        guard let enumerator = fm.enumerator(atPath: directory.path) else { return [] }
        for case let relative as String in enumerator {
            let url = directory.appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                result.append((relative, try Data(contentsOf: url)))
            }
        }
        return result.sorted { $0.0 < $1.0 }
    }

    /// Writes `files` below `root` in the given order (directories created on the way),
    /// each with its own modification date.
    private func write(_ files: [(String, Data)], to root: URL, dates: (Int) -> Date) throws {
        let fm = FileManager.default
        for (index, (relative, data)) in files.enumerated() {
            let url = root.appendingPathComponent(relative)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            #expect(fm.createFile(atPath: url.path, contents: data))
            try fm.setAttributes([.modificationDate: dates(index)], ofItemAtPath: url.path)
        }
    }

    /// Each Sample copied twice — files created in opposite orders, one copy dated in the
    /// past in file order, the other in the future in reverse — and linted from inside
    /// each copy: JSON and SARIF are identical byte for byte (and so is the text report).
    @Test(arguments: CLI.samples)
    func reportsDoNotDependOnFileOrderOrDates(sample: String) throws {
        let fm = FileManager.default
        let source = try files(below: CLI.root.appendingPathComponent("Samples/\(sample)"))
            .filter { !["expected.txt", "expected.json", "effective.txt", "effective.args", "README.md"].contains($0.0) }
        #expect(!source.isEmpty)
        let scratch = fm.temporaryDirectory.appendingPathComponent("rmqlint-determinism-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: scratch) }
        let first = scratch.appendingPathComponent("a/\(sample)")
        let second = scratch.appendingPathComponent("b/\(sample)")
        try write(source, to: first) { Date(timeIntervalSince1970: 1_000_000_000 + Double($0) * 3_600) }
        try write(source.reversed(), to: second) { Date(timeIntervalSince1970: 2_000_000_000 - Double($0) * 7_200) }

        for format in ["json", "sarif", "text"] {
            let a = try CLI.run(["--format", format, "."], in: first)
            let b = try CLI.run(["--format", format, "."], in: second)
            #expect(a.status == b.status)
            #expect(!a.stdout.isEmpty)
            #expect(a.stdout == b.stdout, "\(sample): \(format) differs between the two copies")
            #expect(a.stderr == b.stderr)
        }
    }

    /// In process, the same Sample listed in three different directory orders gives the
    /// same JSON and SARIF.
    @Test(arguments: CLI.samples)
    func reportsDoNotDependOnDirectoryListingOrder(sample: String) throws {
        let path = CLI.root.appendingPathComponent("Samples/\(sample)").path
        var outputs: [String] = []
        for fileSystem: any FileSystem in [LocalFileSystem(), ReorderedFileSystem(rotate: false), ReorderedFileSystem(rotate: true)] {
            let result = try Linter(rules: RuleRegistry.all, fileSystem: fileSystem).lint(LintOptions(paths: [path])).get()
            outputs.append(Reporters.render(result.report, as: .json) + Reporters.render(result.report, as: .sarif))
        }
        #expect(outputs[0] == outputs[1], "\(sample): reversed listing changes the report")
        #expect(outputs[0] == outputs[2], "\(sample): rotated listing changes the report")
    }
}
