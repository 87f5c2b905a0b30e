import Foundation
import Testing
@testable import RMQLintModel
@testable import RMQLintSource

/// The byte-level paths that replaced `Character`-based string code on the loading floor,
/// checked against the code they replaced on edge cases.
@Suite("Byte-level parsing")
struct ByteLevelParsingTests {
    /// URLs whose hosts the byte path and the `Character` path must read alike.
    static let urls = [
        "rabbit://openstack:pw@ctl01:5672,openstack:pw@ctl02:5672,openstack:pw@ctl03:5672//",
        "rabbit://openstack:pw@ctl01:5672/",
        "rabbit://ctl01,ctl02,ctl01/vhost?ssl=1",
        // IPv6, with and without brackets and ports.
        "rabbit://u:p@[fd00::1]:5672,u:p@[fd00::2]/",
        "rabbit://u:p@[fd00::1/",
        "rabbit://u:p@fd00::1:5672/",
        "rabbit://u:p@[]:5672/",
        // Userinfo holding `@`, `:` and `/`; `%` escapes.
        "rabbit://user:p@ss:w/rd@ctl01:5672/",
        "rabbit://us%40er:p%2Fw%3A@ctl%2D01:5672,us@er:a@b@ctl02/",
        "rabbit://user@ctl01?x=1,ctl02",
        // Empty hosts and entries.
        "rabbit://",
        "rabbit:///",
        "rabbit://,,",
        "rabbit://u:p@:5672,@,:/",
        "rabbit://u:p@ctl01:5672,",
        // Not URLs, or Jinja.
        "ctl01:5672",
        "rabbit:/ctl01",
        "",
        "rabbit://{{ user }}:{{ pw }}@ctl01:5672/",
        "rabbit://u:p@{{ host }}:5672/",
        "rabbit://u:p@ctl}}01/",
        "{% for h in hosts %}rabbit://{{ h }}{% endfor %}",
        "rabbit://u:p@ctl01{%/",
        "x://a://b@c",
        // Non-ASCII: plain, and combining marks after delimiters (one `Character` with them).
        "rabbit://ü:pässword@kontröll-01:5672,ü:p@kontröll-02/",
        "rabbit://u:p@ctl01,\u{301}ctl02/",
        "rabbit://u:p@\u{301}ctl01/",
        "rabbit://u:p@ctl01:\u{301}5672/",
        "rabbit://u:p@[\u{301}fd00::1]:5672/",
        "rabbit://u:p@{\u{301}{ x }}/",
        "rabbit://u:p@ctl01/\u{301}",
        "rabbit://u:p@ctl01\r\n,ctl02",
        "rabbit://u:p@中心:5672,u:p@🐇/",
    ]

    @Test(arguments: urls)
    func transportURLHostsMatchTheCharacterReading(_ url: String) {
        #expect(TransportURL.hosts(url) == TransportURL.characterHosts(url))
    }

    @Test func transportURLHostsOnEdgeCases() {
        #expect(TransportURL.hosts("rabbit://u:p@[fd00::1]:5672,u:p@[fd00::2]/") == ["fd00::1", "fd00::2"])
        #expect(TransportURL.hosts("rabbit://u:p@fd00::1:5672/") == ["fd00::1"])
        #expect(TransportURL.hosts("rabbit://u:p@[fd00::1/") == ["[fd00:"])   // no `]`: cut at the last `:`
        #expect(TransportURL.hosts("rabbit://user:p@ss:w/rd@ctl01:5672/") == ["ctl01"])
        #expect(TransportURL.hosts("rabbit://us%40er:p%2Fw%3A@ctl%2D01:5672,us@er:a@b@ctl02/") == ["ctl%2D01", "ctl02"])
        #expect(TransportURL.hosts("rabbit://ctl01,ctl02,ctl01/vhost?ssl=1") == ["ctl01", "ctl02"])
        #expect(TransportURL.hosts("rabbit://u:p@:5672,@,:/") == [])
        #expect(TransportURL.hosts("rabbit://") == [])
        #expect(TransportURL.hosts("ctl01:5672") == nil)
        #expect(TransportURL.hosts("rabbit://{{ user }}:{{ pw }}@ctl01:5672/") == ["ctl01"])
        #expect(TransportURL.hosts("rabbit://u:p@{{ host }}:5672/") == nil)
        #expect(TransportURL.hosts("rabbit://u:p@ctl01{%/") == nil)
        #expect(TransportURL.hosts("rabbit://ü:pässword@kontröll-01:5672,ü:p@kontröll-02/") == ["kontröll-01", "kontröll-02"])
        // A combining mark after `,` joins it: no second entry, as `Character`s read it.
        #expect(TransportURL.hosts("rabbit://u:p@ctl01,\u{301}ctl02/") == ["ctl01,\u{301}ctl02"])
    }

    @Test(arguments: [
        ("abc{{ x }}", true), ("abc", false), ("{", false), ("{{", true), ("", false),
        ("ü{{", true), ("{\u{301}{", false), ("{{\u{301}", false), ("a{{b\u{301}", true),
    ])
    func containsASCIIMatchesStringContains(_ text: String, _ expected: Bool) {
        #expect(text.contains(ascii: "{{") == expected)
        #expect(text.contains(ascii: "{{") == text.contains("{{"))
    }
}

/// The disk's directory listing with kinds against `kind(of:)` per entry (what discovery asked
/// before the listing answered): regular files, directories, links to either, dangling links,
/// a FIFO and non-ASCII names.
@Suite("Directory listing with kinds")
struct DirectoryListingTests {
    @Test func diskListingAgreesWithKindOfEachEntry() throws {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("rmqlint-listing-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: root) }
        try fm.createDirectory(at: root.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try "x = 1\n".write(to: root.appendingPathComponent("nova.conf"), atomically: false, encoding: .utf8)
        try "x = 1\n".write(to: root.appendingPathComponent("kontröll.conf"), atomically: false, encoding: .utf8)
        try fm.createSymbolicLink(at: root.appendingPathComponent("to-sub"), withDestinationURL: root.appendingPathComponent("sub"))
        try fm.createSymbolicLink(
            at: root.appendingPathComponent("to-file"), withDestinationURL: root.appendingPathComponent("nova.conf"))
        try fm.createSymbolicLink(
            at: root.appendingPathComponent("dangling"), withDestinationURL: root.appendingPathComponent("missing"))
        #expect(mkfifo(root.appendingPathComponent("fifo.cfg").path, 0o644) == 0)

        let disk = LocalFileSystem()
        let path = root.path
        let listed = try #require(disk.directoryEntries(path))
        let names = try #require(disk.contentsOfDirectory(path))
        #expect(listed.map(\.name).sorted() == names.sorted())
        for entry in listed {
            #expect(entry.kind == disk.kind(of: PathUtilities.join(path, entry.name)), "\(entry.name)")
        }
        let kinds = Dictionary(uniqueKeysWithValues: listed.map { ($0.name, $0.kind) })
        #expect(kinds["sub"] == .directory && kinds["to-sub"] == .directory)
        #expect(kinds["nova.conf"] == .regular && kinds["to-file"] == .regular && kinds["kontröll.conf"] == .regular)
        #expect(kinds["fifo.cfg"] == .special)
        #expect(kinds["dangling"] == .some(nil))
        #expect(disk.directoryEntries(root.appendingPathComponent("missing").path) == nil)
    }

    @Test func pathComponentsMatchTheCharacterReading() {
        for path in ["/a/b/c", "/", "/a", "a", "", "/a/b/", "/ü/b", "/a/\u{301}b", "/a\u{600}/b", "/kontröll/nova.conf"] {
            let slash = path.lastIndex(of: "/")
            #expect(PathUtilities.basename(path) == (slash.map { String(path[path.index(after: $0)...]) } ?? path), "\(path)")
            #expect(PathUtilities.parent(path) == (slash.flatMap { $0 == path.startIndex ? nil : String(path[..<$0]) } ?? "/"),
                    "\(path)")
        }
    }
}
