import Foundation
import Testing

/// Real-disk hazards discovery must survive: symbolic-link loops, FIFOs (opening one
/// would block forever), dangling links. The run must finish, lint what is there and
/// never write into the tree.
@Suite("File-system hazards")
struct FileSystemHazardTests {
    @Test func symlinkLoopsFIFOsAndDanglingLinksAreSkipped() throws {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("rmqlint-hazards-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: root) }
        let haproxy = root.appendingPathComponent("ctl01/haproxy")
        try fm.createDirectory(at: haproxy, withIntermediateDirectories: true)
        try "listen rabbitmq\n    bind :5672\n    server r1 10.0.0.11:5672\n"
            .write(to: haproxy.appendingPathComponent("haproxy.cfg"), atomically: true, encoding: .utf8)
        // A loop back to the root, a dangling link, and a FIFO named like a config file.
        try fm.createSymbolicLink(at: haproxy.appendingPathComponent("loop"), withDestinationURL: root)
        try fm.createSymbolicLink(
            at: root.appendingPathComponent("ctl01/nova.conf"), withDestinationURL: root.appendingPathComponent("missing"))
        let fifo = root.appendingPathComponent("ctl01/haproxy/haproxy-fifo.cfg")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        let before = try snapshot(root)

        let output = try CLI.run(["--format", "json", "--fail-on", "never", root.path])
        #expect(output.status == 0, "\(output.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let findings = try #require(document["findings"] as? [[String: Any]])
        // The one real file is linted exactly once, though the loop reaches it again.
        #expect(findings.map { $0["ruleId"] as? String } == ["RMQ202"])
        #expect((document["summary"] as? [String: Any])?["files"] as? Int == 1)
        #expect(try snapshot(root) == before, "rmqlint changed the tree it linted")
    }

    /// Paths and modification dates of everything below `root` (links not followed).
    private func snapshot(_ root: URL) throws -> [String: Date] {
        var result: [String: Date] = [:]
        let keys: [URLResourceKey] = [.contentModificationDateKey]
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: keys) else { return [:] }
        for case let url as URL in enumerator {
            result[url.path] = try url.resourceValues(forKeys: Set(keys)).contentModificationDate ?? .distantPast
        }
        return result
    }
}
