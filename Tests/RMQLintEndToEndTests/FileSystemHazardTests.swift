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

    /// A Kolla tree in a new temporary directory: `files` maps paths below `etc/kolla`
    /// to contents. Returns the directory holding `etc/`.
    private func tree(_ files: [String: String]) throws -> URL {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("rmqlint-hazards-\(UUID().uuidString)")
        for (path, contents) in files {
            let url = root.appendingPathComponent("etc/kolla/\(path)")
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: false, encoding: .utf8)
        }
        return root
    }

    private let release = "openstack_release: \"2024.1\"\n"

    /// `path:line:col: message` of the RMQ001 findings of a JSON report.
    private func parseErrors(_ json: String) throws -> [String] {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let findings = try #require(document["findings"] as? [[String: Any]])
        return findings.filter { $0["ruleId"] as? String == "RMQ001" }.map {
            "\($0["path"] as? String ?? "?"):\($0["line"] as? Int ?? 0):\($0["column"] as? Int ?? 0): \($0["message"] as? String ?? "")"
        }
    }

    /// Character devices, a UNIX socket and FIFOs named like the files rmqlint reads:
    /// reading `/dev/zero` would never end, opening a FIFO would block. None is opened.
    @Test func devicesSocketsAndFIFOsAreSkippedNotBlockedOn() throws {
        let root = try tree(["globals.yml": release, "config/haproxy/services.d/ok.cfg": "listen rabbitmq\n    bind :5672\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let kolla = root.appendingPathComponent("etc/kolla")
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: kolla.appendingPathComponent("config/nova.conf").path, withDestinationPath: "/dev/zero")
        try fm.createSymbolicLink(atPath: kolla.appendingPathComponent("passwords.yml").path, withDestinationPath: "/dev/urandom")
        try fm.createSymbolicLink(atPath: kolla.appendingPathComponent("multinode").path, withDestinationPath: "/dev/null")
        #expect(mkfifo(kolla.appendingPathComponent("config/global.conf").path, 0o644) == 0)
        #expect(mkfifo(kolla.appendingPathComponent("config/haproxy/services.d/fifo.cfg").path, 0o644) == 0)
        try bindSocket(at: kolla.appendingPathComponent("config/rabbitmq/definitions.json"))

        let output = try CLI.run(["--format", "json", "--fail-on", "never", "etc/kolla"], in: root, timeout: 60)
        #expect(output.status == 0, "\(output.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        // globals.yml and ok.cfg only.
        #expect((document["summary"] as? [String: Any])?["files"] as? Int == 2)
        #expect(try parseErrors(output.stdout).isEmpty)
        // Named explicitly, a device is a usage error, not a read.
        let named = try CLI.run(["/dev/zero"], in: root, timeout: 60)
        #expect(named.status == 2)
        #expect(named.stderr == "rmqlint: error: /dev/zero: not a regular file or directory\n")
    }

    /// Binds a UNIX-domain socket at `url` (a socket file in the tree; nothing connects).
    private func bindSocket(at url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array(url.path.utf8)
        try #require(path.count < MemoryLayout.size(ofValue: address.sun_path))
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0, "bind failed: errno \(errno)")
    }

    /// The command to run rmqlint without root's power to read anything: `setpriv` to
    /// `nobody` when the tests run as root, nothing otherwise. `nil` when root cannot drop.
    private static let unprivileged: [String]? = {
        if getuid() != 0 { return [] }
        let setpriv = "/usr/bin/setpriv"
        return FileManager.default.isExecutableFile(atPath: setpriv)
            ? [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"] : nil
    }()

    /// chmod 000: RMQ001 at the file, the rest of the tree linted, exit status 1 — not 2,
    /// not a crash. As root, rmqlint runs as `nobody` through setpriv (root reads mode-000
    /// files); where that is impossible the test is skipped, and says so.
    @Test(.enabled(if: unprivileged != nil, "running as root without /usr/bin/setpriv: root reads mode-000 files"))
    func unreadableFileIsRMQ001AndExitOne() throws {
        let wrapper = try #require(Self.unprivileged)
        let root = try tree([
            "globals.yml": release,
            "config/nova.conf": "[DEFAULT]\ndebug = true\n",
            "config/haproxy/services.d/rabbitmq.cfg": "listen rabbitmq\n    bind :5672\n    option tcpka\n    server r1 10.0.0.11:5672\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        // `nobody` must be able to enter the temporary directory itself.
        #expect(chmod(root.path, 0o755) == 0)
        let locked = root.appendingPathComponent("etc/kolla/config/nova.conf")
        #expect(chmod(locked.path, 0o000) == 0)
        defer { chmod(locked.path, 0o644) }

        let output = try CLI.run(["--format", "json", "etc/kolla"], in: root, timeout: 60, wrapper: wrapper)
        #expect(output.status == 1, "\(output.stderr)")
        #expect(output.stderr.isEmpty)
        #expect(try parseErrors(output.stdout) == ["etc/kolla/config/nova.conf:1:1: cannot read file: permission denied"])
    }

    /// A 17 MiB sparse file is refused by its size, before any byte is read; the limit
    /// is `--max-file-size`.
    @Test func filesOverTheSizeLimitAreSkippedUnread() throws {
        let root = try tree(["globals.yml": release, "config/nova.conf": ""])
        defer { try? FileManager.default.removeItem(at: root) }
        let big = root.appendingPathComponent("etc/kolla/config/nova.conf")
        #expect(truncate(big.path, 17 << 20) == 0)

        let output = try CLI.run(["--format", "json", "etc/kolla"], in: root, timeout: 60)
        #expect(output.status == 1)
        #expect(try parseErrors(output.stdout) == [
            "etc/kolla/config/nova.conf:1:1: file too large (17825792 bytes, limit 16777216): skipped",
        ])
        let lower = try CLI.run(["--format", "json", "--max-file-size", "16", "etc/kolla"], in: root, timeout: 60)
        #expect(try parseErrors(lower.stdout) == [
            "etc/kolla/config/nova.conf:1:1: file too large (17825792 bytes, limit 16): skipped",
            "etc/kolla/globals.yml:1:1: file too large (28 bytes, limit 16): skipped",
        ])
        let higher = try CLI.run(["--format", "json", "--max-file-size", "32M", "--select", "RMQ001", "etc/kolla"], in: root, timeout: 60)
        // Read in full: 17 MiB of NUL bytes is a binary file.
        #expect(try parseErrors(higher.stdout) == [
            "etc/kolla/config/nova.conf:1:1: binary file (NUL byte): not a text configuration file",
        ])
        let invalid = try CLI.run(["--max-file-size", "lots", "etc/kolla"], in: root, timeout: 60)
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("invalid --max-file-size 'lots'"))
    }

    /// 10,000 empty files on a real disk (the 100,000-file tree runs in memory in
    /// ResourceBoundTests): one `readdir` pass per directory, nothing read twice.
    @Test func tenThousandEmptyFilesOnDisk() throws {
        let root = try tree(["globals.yml": release])
        defer { try? FileManager.default.removeItem(at: root) }
        let fm = FileManager.default
        for directory in 0..<100 {
            let base = root.appendingPathComponent("etc/kolla/config/nova/host\(directory)")
            try fm.createDirectory(at: base, withIntermediateDirectories: true)
            for file in 0..<100 {
                #expect(fm.createFile(atPath: base.appendingPathComponent("f\(file).txt").path, contents: nil))
            }
        }
        let start = ContinuousClock.now
        let output = try CLI.run(["--format", "json", "etc/kolla"], in: root, timeout: 60)
        let elapsed = ContinuousClock.now - start
        #expect(output.status == 0, "\(output.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect((document["summary"] as? [String: Any])?["files"] as? Int == 1)
        #expect(elapsed < .seconds(20), "10,000 files took \(elapsed)")
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
