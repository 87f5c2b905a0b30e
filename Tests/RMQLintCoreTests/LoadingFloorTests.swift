import Foundation
import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintKnowledge
@testable import RMQLintLoaders
@testable import RMQLintModel
@testable import RMQLintSource

/// The loading floor's faster paths checked against the code they replaced, on awkward
/// input: discovery read ahead on every core against a walk on one core (link loops,
/// second links, the file bound), the directory listing's identity against `stat`, secret
/// keys judged in place against a lowercased copy, the secret matcher without its set,
/// and filtered INI documents against unfiltered ones.
@Suite("Loading floor")
struct LoadingFloorTests {
    // MARK: Discovery

    /// The walk as discovery did it on one core before reading ahead (identity first, then
    /// the listing), kept here as the reference.
    static func serialWalk(_ discovery: Discovery, _ directory: String) -> (roots: [String], loose: [TreeFile]) {
        let fileSystem = discovery.fileSystem
        var visited: Set<String> = []
        var roots: [(String, TreeKind)] = []
        var loose: [TreeFile] = []
        var stack = [directory]
        var count = 0
        walk: while let current = stack.popLast() {
            guard let identity = fileSystem.identity(of: current), visited.insert(identity).inserted else { continue }
            let listing = fileSystem.directoryEntries(current)
            if let found = discovery.treeRoot(at: current, listing: listing) {
                roots.append(found)
                continue
            }
            let entries = (listing ?? []).filter { !$0.name.hasPrefix(".") }
                .sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
            var subdirectories: [String] = []
            for (name, kind) in entries {
                let path = PathUtilities.join(current, name)
                count += 1
                if count > discovery.maxFiles { break walk }
                switch kind {
                case .directory?: subdirectories.append(path)
                case .regular?: if let role = discovery.looseRole(of: path) { loose.append(TreeFile(path: path, role: role)) }
                default: continue
                }
            }
            stack.append(contentsOf: subdirectories.reversed())
        }
        return (roots.map(\.0).sorted(), loose.sorted { $0.path < $1.path })
    }

    /// A directory of rendered configs with link loops, links met before the directory they
    /// name (`a-link` sorts before `b`), a link to a sibling tree, a Kolla tree, a FIFO and
    /// non-ASCII names.
    static func awkwardTree() throws -> URL {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("rmqlint-floor-\(UUID().uuidString)")
        for host in ["ctl01", "ctl02", "kontröll"] {
            for service in ["nova-compute", "neutron-server", "b"] {
                let directory = root.appendingPathComponent("hosts/\(host)/\(service)")
                try fm.createDirectory(at: directory, withIntermediateDirectories: true)
                try "[DEFAULT]\nx = 1\n".write(to: directory.appendingPathComponent("nova.conf"), atomically: false, encoding: .utf8)
                try "[DEFAULT]\nx = 1\n".write(
                    to: directory.appendingPathComponent("neutron.conf"), atomically: false, encoding: .utf8)
            }
            let haproxy = root.appendingPathComponent("hosts/\(host)/haproxy")
            try fm.createDirectory(at: haproxy, withIntermediateDirectories: true)
            try "listen x\n".write(to: haproxy.appendingPathComponent("haproxy.cfg"), atomically: false, encoding: .utf8)
            // Loops to the host and to the whole tree; a link met before what it names.
            try fm.createSymbolicLink(at: haproxy.appendingPathComponent("loop"), withDestinationURL: root)
            try fm.createSymbolicLink(
                at: root.appendingPathComponent("hosts/\(host)/a-link"), withDestinationURL: root.appendingPathComponent("hosts/\(host)/b"))
            try fm.createSymbolicLink(
                at: root.appendingPathComponent("hosts/\(host)/dangling"), withDestinationURL: root.appendingPathComponent("missing"))
        }
        try fm.createSymbolicLink(at: root.appendingPathComponent("hosts/aa-elsewhere"), withDestinationURL: root.appendingPathComponent("hosts/ctl02"))
        try fm.createDirectory(at: root.appendingPathComponent("etc/kolla/config"), withIntermediateDirectories: true)
        try "kolla_base_distro: ubuntu\n".write(
            to: root.appendingPathComponent("etc/kolla/globals.yml"), atomically: false, encoding: .utf8)
        #expect(mkfifo(root.appendingPathComponent("hosts/ctl01/haproxy/fifo.cfg").path, 0o644) == 0)
        return root
    }

    @Test(arguments: [200_000, 1, 7, 30, 60])
    func walkReadAheadFindsWhatOneCoreFinds(maxFiles: Int) throws {
        let root = try Self.awkwardTree()
        defer { try? FileManager.default.removeItem(at: root) }
        var discovery = Discovery(fileSystem: LocalFileSystem())
        discovery.maxFiles = maxFiles
        let expected = Self.serialWalk(discovery, root.path)
        if maxFiles == 200_000 {
            // The loops and second links are cut: each real file once, under its first path.
            #expect(expected.roots == [root.appendingPathComponent("etc/kolla").path])
            #expect(expected.loose.count == 3 * 3 * 2 + 3, "\(expected.loose.map(\.path))")
            #expect(expected.loose.contains { $0.path.hasSuffix("/hosts/ctl01/a-link/nova.conf") })
            // `aa-elsewhere` names ctl02 and sorts first: ctl02's files are met there.
            #expect(expected.loose.contains { $0.path.hasSuffix("/hosts/aa-elsewhere/a-link/nova.conf") })
            #expect(!expected.loose.contains { $0.path.contains("/hosts/ctl02/") })
        }
        let trees = try discovery.discover([root.path]).get()
        let loose = trees.first { $0.kind == .loose }?.files ?? []
        #expect(loose == expected.loose)
        #expect(trees.filter { $0.kind != .loose }.map(\.root) == expected.roots)
    }

    @Test func directoryListingAgreesWithIdentityAndEntries() throws {
        let root = try Self.awkwardTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let disk = LocalFileSystem()
        for relative in ["", "hosts", "hosts/ctl01", "hosts/ctl01/a-link", "hosts/kontröll/haproxy/loop", "hosts/aa-elsewhere"] {
            let path = relative.isEmpty ? root.path : PathUtilities.join(root.path, relative)
            let listing = disk.directoryListing(path)
            #expect(listing.identity != nil && listing.identity == disk.identity(of: path), "\(relative)")
            let entries = try #require(listing.entries)
            let expected = try #require(disk.directoryEntries(path))
            #expect(entries.map(\.name).sorted() == expected.map(\.name).sorted(), "\(relative)")
            for (name, kind) in entries { #expect(expected.first { $0.name == name }?.kind == kind, "\(relative)/\(name)") }
        }
        let missing = disk.directoryListing(PathUtilities.join(root.path, "missing"))
        #expect(missing.identity == nil && missing.entries == nil)
        // A file is not a directory: no listing, but the identity `stat` gives.
        let file = PathUtilities.join(root.path, "etc/kolla/globals.yml")
        #expect(disk.directoryListing(file).entries == nil)
        #expect(disk.directoryListing(file).identity == disk.identity(of: file))
    }

    /// The last slash found from the end of the bytes, against the search by characters: a
    /// combining mark after a slash or a prepended mark before one joins it to a character.
    @Test(arguments: [
        "/a/b/c", "/", "a", "", "/a/", "//", "x/", "/é/b", "/a/é", "/é", "a/\u{301}b", "/a/\u{301}", "a\u{600}/b",
        "/a\u{600}/b/c", "/a/b\u{600}/c", "/日本/語", "/a/🇫🇷/b", "/a/b/\u{200D}c", "\u{301}/", "/\r\n/x", "/a\r/b",
    ])
    func lastSlashFromTheEndIsTheLastSlashCharacter(path: String) {
        let slash = path.lastIndex(of: "/")
        let parent = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "/"
        let basename = slash.map { String(path[path.index(after: $0)...]) } ?? path
        #expect(PathUtilities.parent(path) == parent)
        #expect(PathUtilities.basename(path) == basename)
    }

    // MARK: Secrets

    /// ``Redactor/isSecretKey(_:)`` as it was: the last component lowercased (ASCII) into a
    /// copy, then searched.
    static func referenceIsSecretKey(_ key: String) -> Bool {
        let bytes = Array(key.utf8)
        let start = (bytes.lastIndex { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "]") || $0 == UInt8(ascii: "/") }).map { $0 + 1 } ?? 0
        let lower = bytes[start...].map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        func contains(_ word: String) -> Bool {
            let needle = Array(word.utf8)
            guard lower.count >= needle.count else { return false }
            return (0...(lower.count - needle.count)).contains { Array(lower[$0..<($0 + needle.count)]) == needle }
        }
        if ["password", "passwd", "secret", "token", "cookie"].contains(where: contains) { return true }
        if ["_key", "-key", "_pass", "-pass"].contains(where: { lower.count >= $0.utf8.count && Array(lower.suffix($0.utf8.count)) == Array($0.utf8) }) {
            return true
        }
        return lower == Array("pass".utf8)
    }

    @Test(arguments: [
        "", "pass", "PASS", "pAsS", "passx", "xpass", "_pass", "a_PASS", "a-Pass", "a_pas", "a__key", "KEY", "_key", "-KEY",
        "a_keys", "key_", "transport_url", "PassWord", "my_PASSWD_x", "SeCrEt", "tokens", "Cookie_jar", "cookiE",
        "passwor", "passwodr", "tokn", "a.password", "password.a", "[s]Token", "x/y/_pass", "x]pass", "a.b.c",
        "ünïcödé_password", "pässword", "pass\u{301}", "ṕass", "ＰＡＳＳ", "p\u{0}ass", "password\r", "\tsecret ",
        "a.]/", "]", ".", "/", "…_key", "memcache_secret_key", "rabbitmq_password", "heartbeat_timeout_threshold",
        "a.key", "]pass", "x.-key", "PASS.x_Key", "x/-PASS", "pass.", "_kEy", "ke", "key", "kEy_", "_PaSs", "-pas", "pass_", "[a]_key",
    ])
    func secretKeysJudgedInPlaceAsOnACopy(_ key: String) {
        #expect(Redactor.isSecretKey(key) == Self.referenceIsSecretKey(key), "\(key)")
    }

    @Test func secretKeysJudgedInPlaceAsOnACopyForGeneratedKeys() {
        // Keys made of pieces around every word, suffix and separator the judgement looks
        // at, in either case, with non-ASCII and control bytes: most fail the letter test,
        // some pass it and are decided by the searches.
        let pieces = [
            "pass", "PaSs", "key", "KEY", "_", "-", ".", "]", "/", "word", "WD", "secret", "tok", "en", "cookie",
            "coo", "x", "é", "Ｋ", "\u{0}", " ", "ss", "pa", "ke", "y", "option_12", "sec", "ret", "c",
        ]
        for key in Self.generatedKeys(from: pieces, count: 20_000, maxPieces: 8, seed: 0x2545_F491_4F6C_DD1D) {
            #expect(Redactor.isSecretKey(key) == Self.referenceIsSecretKey(key), "\(key.debugDescription)")
        }
    }

    /// `count` keys of 1 to `maxPieces` (a power of two) pieces each, from a fixed-seed generator.
    static func generatedKeys(from pieces: [String], count: Int, maxPieces: Int, seed start: UInt64) -> [String] {
        let shift = UInt64(64 - maxPieces.trailingZeroBitCount)
        var seed = start
        return (0..<count).map { _ in
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var key = ""
            for _ in 0..<(1 + Int(seed >> shift)) {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                key += pieces[Int(seed >> 33) % pieces.count]
            }
            return key
        }
    }

    @Test func iniKeysJudgedByWordsAsByRedactor() {
        // The same generated keys, each placed in a file at every offset of a word and with
        // every tail after it (none: the file ends with the key, so its last word is read
        // byte by byte), so that the padded last word and the fallback are both taken.
        let pieces = [
            "pass", "PaSs", "key", "KEY", "kEy", "_", "-", ".", "]", "/", "word", "WD", "secret", "tok", "en", "cookie",
            "coo", "x", "é", "Ｋ", "\u{212A}", "\u{0}", " ", "ss", "pa", "ke", "y", "Y", "option_12", "key_7", "sec", "ret",
            "c", "o", "O", "s", "S", "k", "\u{7F}", "\u{FF}", "ó", "ſ",
        ]
        for (round, key) in Self.generatedKeys(from: pieces, count: 4_000, maxPieces: 16, seed: 0x9E37_79B9_7F4A_7C15).enumerated() {
            let expected = Redactor.isSecretKey(key)
            let lead = round % 8
            for tail in ["", " = 1", "k", "ssssssssssss"] {
                let bytes = Array(repeating: UInt8(ascii: "s"), count: lead) + Array(key.utf8) + Array(tail.utf8)
                let text = INIStyleText(bytes: bytes, path: "f")
                #expect(text.isSecretKey(lead..<(lead + key.utf8.count)) == expected, "\(key.debugDescription) \(tail)")
            }
        }
        for key in ["", "key", "_key", "a_kEY", "x.-key", "token", "cookie", "s", "k", "o", "Y", "-KEY", "kkkkkkkkkkkkkkkk_key"] {
            let text = INIStyleText(bytes: Array((key + "........").utf8), path: "f")
            #expect(text.isSecretKey(0..<key.utf8.count) == Redactor.isSecretKey(key), "\(key)")
        }
    }

    @Test func bytesFoundByWordsAsByteByByte() {
        // A `:` (or none) at every offset of ranges starting at every offset of a word,
        // ending before or at the file's end.
        for length in 0..<20 {
            for position in -1..<length {
                var bytes = Array(repeating: UInt8(ascii: "a"), count: length)
                if position >= 0 { bytes[position] = UInt8(ascii: ":") }
                let text = INIStyleText(bytes: bytes + Array(":::::::::".utf8), path: "f")
                let end = INIStyleText(bytes: bytes, path: "f")
                for lower in 0...length {
                    for upper in lower...length {
                        let expected = position >= lower && position < upper
                        #expect(text.contains(byte: UInt8(ascii: ":"), in: lower..<upper) == expected)
                        #expect(end.contains(byte: UInt8(ascii: ":"), in: lower..<upper) == expected)
                    }
                }
            }
        }
        let bytes = Array("\u{0}\u{FF}:é\u{0}".utf8)
        for byte: UInt8 in [0, 0xFF, 0x3A, 0xC3, 0xA9, 0x41] {
            let text = INIStyleText(bytes: bytes + Array(repeating: 0x41, count: 8), path: "f")
            #expect(text.contains(byte: byte, in: 0..<bytes.count) == bytes.contains(byte), "\(byte)")
        }
    }

    @Test func modelledSectionsToldFromBytesAsFromStrings() {
        let names = [
            "DEFAULT", "default", "Default", "DEFAULT ", "DEFAUL", "DEFAULTS", "oslo_messaging", "oslo_messaging_rabbit",
            "OSLO_Messaging_Notifications", "oslo_messagin", "oslo-messaging", "xoslo_messaging", "oslo_messaging\u{301}",
            "oslo_messaging_é", "ｏslo_messaging", "OSLO_MESSAGİNG", "oslo_me\u{212A}ssaging", "section_0", "database",
            "keystone_authtoken", "", "é", "D\u{301}EFAULT", "oslo_messaging\u{0}", "oslo\u{7F}_messaging", "@SLO_MESSAGING",
            "oslo_messaging_rabbit\u{301}", "[oslo_messaging", "Oslo_Messaging_Rabbit",
        ]
        for name in names {
            let bytes = Array(name.utf8)
            let fromBytes = bytes.withUnsafeBufferPointer { EffectiveServiceConfig.isModelled(sectionUTF8: $0) }
            let ascii = bytes.allSatisfy { $0 < 0x80 }
            #expect((fromBytes == nil) == !ascii, "\(name)")
            if let fromBytes { #expect(fromBytes == EffectiveServiceConfig.isModelled(section: name), "\(name)") }
            // The byte filter answers every ASCII name, as the filter does, and no other.
            func answer(_ keep: INISectionKeep?) -> String? {
                switch keep {
                case .all?: "all"
                case .keys(let keys)?: "keys \(keys.sorted())"
                case .none?: "none"
                case nil: nil
                }
            }
            let byByte = bytes.withUnsafeBufferPointer { FileLoader.renderedOsloByteFilter($0) }
            #expect(answer(byByte) == (ascii ? answer(FileLoader.renderedOsloFilter(name)) : nil), "\(name)")
            #expect(bytes.withUnsafeBufferPointer { EffectiveServiceConfig.isDefaultSection(utf8: $0) } == (ascii && name == "DEFAULT"))
        }
    }

    /// The letter test that word-at-a-time readers answer most keys from passes every secret
    /// word and suffix `isSecretKey` knows: a word added there without an `s`, or a `k` and an
    /// `o`, fails here instead of being silently left unredacted.
    @Test func everySecretWordPassesTheLetterTest() {
        let words = Redactor.secretFragmentMasks.map(\.word) + ["password", "pass", "_pass", "-pass", "_key", "-key"]
        for word in words {
            for key in [word, word.uppercased(), "x_" + word] {
                #expect(Redactor.isSecretKey(key), "\(key)")
                let letters = Set(key.lowercased())
                #expect(Redactor.mayBeSecretKey(
                    hasS: letters.contains("s"), hasK: letters.contains("k"), hasO: letters.contains("o"),
                    lastByte: key.utf8.last ?? 0), "\(key)")
            }
        }
        #expect(!Redactor.mayBeSecretKey(hasS: false, hasK: true, hasO: false, lastByte: UInt8(ascii: "2")))
        #expect(!Redactor.mayBeSecretKey(hasS: false, hasK: false, hasO: true, lastByte: UInt8(ascii: "y")))
    }

    @Test func secretFragmentMasksAreTheirWordsLetters() {
        #expect(Redactor.secretFragmentMasks.map(\.word) == ["passwd", "secret", "token", "cookie"])
        for (word, mask) in Redactor.secretFragmentMasks {
            #expect(word.utf8.reduce(UInt32(0)) { $0 | 1 << UInt32($1 - UInt8(ascii: "a")) } == mask, "\(word)")
        }
        // `password` holds every letter of `passwd`, so one mask guards both.
        #expect(Set("passwd").isSubset(of: Set("password")))
    }

    @Test func secretMatcherNeedsNoSetOfItsSecrets() {
        let secrets = ["abcd", "abcdef", "abcd", "  ", "\u{2003}\u{2003}", "", "\u{2003}xyzw", "bcde", "abcdef", "zzzz"]
        let text = "abcdefg abcd bcdez xyzw \u{2003}xyzw zzzzz ab… abcd…"
        let withDuplicates = Redactor(secrets: secrets)
        let unique = Redactor(secrets: Array(Set(secrets.filter { !$0.unicodeScalars.allSatisfy(\.properties.isWhitespace) })).sorted())
        #expect(withDuplicates.redact(text) == unique.redact(text))
        #expect(withDuplicates.redact(text) == "******g ****** ******z xyzw ****** ****** ab… ******…")
        for secret in secrets {
            #expect(SecretMatcher.isBlank(secret) == secret.unicodeScalars.allSatisfy(\.properties.isWhitespace), "\(secret)")
        }
        for blank in ["\u{1C}", "\u{85}", "\u{A0}x", "\u{0B}", "x ", " x"] {
            #expect(SecretMatcher.isBlank(blank) == blank.unicodeScalars.allSatisfy(\.properties.isWhitespace), "\(blank)")
        }
    }

    // MARK: INI

    /// Awkward INI text: CRLF, continuation lines, a byte-order mark stripped by the
    /// decoder, non-ASCII keys and values, sections left out, errors, Jinja.
    static let iniTexts = [
        "[DEFAULT]\r\ndebug = true\r\ntransport_url = rabbit://u:pw@h:5672//\r\n[oslo_messaging_rabbit]\r\nrabbit_ha_queues = true\r\n",
        "[DEFAULT]\ntransport_url = rabbit://u:p@a,\n  u:p@b//\nmy_password = x\n  more\n\n[database]\nconnection = mysql://n:dbpw@h/n\n",
        "[DEFAULT]\nkëy = välue\nheartbeat_timeout_threshold = 60\n[oslo_messaging_rabbit]\n  orphan\nbad line\n[broken\nx = 1\n",
        "",
        "\n\n",
        "[DEFAULT]",
        "[DEFAULT]\nrpc_response_timeout = 60\n{% if x %}\ncontrol_exchange = a\n{% endif %}\n[unknown]\nsecret = zzzz\n",
        "key = before\n[DEFAULT]\n= nokey\ntransport_url=rabbit://a\n\t  continued\n",
    ]

    /// Keeps `Key` (which U+212A KELVIN SIGN followed by `ey` equals as a `String`) and
    /// `transport_url` in `DEFAULT`, and the `oslo_messaging_*` sections whole.
    static let kelvinFilter: INISectionFilter = { name in
        if name == "DEFAULT" { return .keys(["Key", "transport_url", "x"]) }
        return name.hasPrefix("oslo_messaging") ? .all : .none
    }

    @Test(arguments: iniTexts + [
        "[DEFAULT]\n\u{212A}ey = kelvin\nKey = plain\nKex = no\nkey = lower\nKeyy = longer\nx = 1\ny = 2\n",
        "[DEFAULT]\nＫey = wide\ntransport_url\u{301} = mark\n\u{212A}ey_password = s3cret\n",
        "[section_0]\nkey_0 = a://b\nkey_secret = s\n[ Oslo_Messaging_Rabbit ]\nk = v\n[ DEFAULT ]\ntransport_url = x\n"
            + "[keystone_authtoken]\npassword = p\n[oslo_messaging\u{301}]\na = 1\n[DEFAULT\u{301}]\nb = 2\n[default]\nc = 3\n"
            + "[OSLO_MESSAGING_X]\ntoken = t\n[é]\ncookie = c\n[oslo_messagin]\nkey_1 = value:1\n",
    ])
    func filteredDocumentKeepsWhatTheFilterAsks(_ text: String) {
        check(text, filter: FileLoader.renderedOsloFilter)
        check(text, filter: FileLoader.renderedOsloFilter, byteFilter: FileLoader.renderedOsloByteFilter)
        check(text, filter: Self.kelvinFilter)
        // A byte filter that can tell nothing leaves the filter every name.
        check(text, filter: Self.kelvinFilter, byteFilter: { _ in nil })
    }

    func check(_ text: String, filter: @escaping INISectionFilter, byteFilter: INISectionByteFilter? = nil) {
        let bytes = Array(text.utf8)
        let full = INILoader.parse(utf8: bytes, path: "h/nova.conf")
        let filtered = INILoader.parse(utf8: bytes, path: "h/nova.conf", filter: filter)
        #expect(filtered.diagnostics == full.diagnostics)
        // Headers judged from their bytes leave what the filter alone leaves.
        let dropped = INILoader.parse(utf8: bytes, path: "h/nova.conf", filter: filter, byteFilter: byteFilter)
        #expect(dropped.document == filtered.document && dropped.diagnostics == filtered.diagnostics
            && dropped.withheld == filtered.withheld)
        var expected: [INISection] = []
        var withheld: [INIWithheldSetting] = []
        for section in full.document.sections {
            let keep = filter(section.name)
            var copy = section
            switch keep {
            case .all: break
            case .keys(let keys): copy.entries = section.entries.filter { keys.contains($0.key) }
            case .none: break
            }
            if case .none = keep {} else { expected.append(copy) }
            let left = section.entries.filter { entry in
                switch keep {
                case .all: return false
                case .keys(let keys): return !keys.contains(entry.key)
                case .none: return true
                }
            }
            withheld += left.filter { Redactor.isSecretKey($0.key) || $0.value.contains("://") }
                .map { INIWithheldSetting(key: $0.key, value: $0.value) }
        }
        #expect(filtered.document.sections == expected)
        #expect(filtered.withheld == withheld)
        #expect(filtered.document.templateLines == full.document.templateLines)
    }

    // MARK: Bytes

    @Test func markerSearchFindsWhatTheByteWalkFinds() {
        var texts = ["", "rmqlint", "rmqlin", "xrmqlint", "rmqlinrmqlint", "rrmqlint", "rmqlintt", "tttttttrmqlint",
                     "rmq lint", "RMQLINT", "# rmqlint: disable=RMQ101", "nnnnnnnnn", "ümqlint rmqlınt", "rmqlinx" + "rmqlint"]
        // The marker at every offset of noise built from its own letters (the shifts' worst cases).
        let noise = Array("tnilqmrtnilqmrrmqlinmqlintrmqli".utf8)
        for offset in 0...noise.count {
            var bytes = noise
            bytes.insert(contentsOf: Array("rmqlint".utf8), at: offset)
            texts.append(String(decoding: bytes, as: UTF8.self))
            texts.append(String(decoding: bytes.dropLast(bytes.count - offset - 6), as: UTF8.self))
        }
        for text in texts {
            #expect(SuppressionScanner.containsMarker(utf8: Array(text.utf8)) == SuppressionScanner.containsMarker(text.utf8), "\(text)")
        }
        #expect(!SuppressionScanner.containsMarker(utf8: noise))
    }

    @Test func utf8CheckedEightBytesAtATimeAsByteByByte() throws {
        // A NUL, an invalid byte and a truncated sequence at every offset of two lines,
        // across the eight-byte words; valid non-ASCII text at every alignment.
        let line = Array("abcdefghijklmnopqrstu = vwxyz0123456789\n".utf8)
        for bad: [UInt8] in [[0x00], [0xFF], [0xC3], [0xE2, 0x82]] {
            for offset in 0..<(2 * line.count) {
                var bytes = line + line
                bytes.replaceSubrange(offset..<(offset + 1), with: bad)
                let before = bytes[..<offset]
                let lineNumber = 1 + before.filter { $0 == UInt8(ascii: "\n") }.count
                let column = offset - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
                guard case .failure(let diagnostic) = SourceText.decodeUTF8(bytes, path: "f") else {
                    // A lead byte followed by what completes it is valid (0xC3 then a letter is not).
                    Issue.record("accepted \(bad) at \(offset)")
                    continue
                }
                #expect(diagnostic.location.line == lineNumber && diagnostic.location.column == column, "\(bad) at \(offset)")
            }
        }
        for prefix in 0..<9 {
            let text = String(repeating: "a", count: prefix) + "kontröll = ü€🐇\r\nx = y\n"
            guard case .success(let bytes) = SourceText.decodeUTF8(Array(text.utf8), path: "f") else {
                Issue.record("rejected valid text after \(prefix) bytes")
                continue
            }
            #expect(bytes == Array(text.utf8))
        }
        // The byte-order mark is dropped whatever follows.
        #expect(try SourceText.decodeUTF8([0xEF, 0xBB, 0xBF] + Array("abcdefghij".utf8), path: "f").get() == Array("abcdefghij".utf8))
    }

    @Test func literalSearchFindsWhatTheComparisonAtEachOffsetFinds() {
        // Longer texts too: the first byte is looked for eight bytes at a time, so literals
        // sit on both sides of every eight-byte boundary.
        let texts = ["", ":", "://", "a://b", ":/:/://", "::://", "}}", "}", "x}}}", "%}%}", "ü://ß}}", "abc\r\n://",
                     "value-905827 rabbit://openstack:pw@h:5672//", "1234567:/9abcdef://ghijklm}}opq%%}",
                     "ééééééé://ü:::::::::::::::/", String(repeating: "x", count: 23) + "://"]
        for text in texts {
            let ini = INIStyleText(text, path: "f")
            let count = ini.bytes.count
            for lower in -1...(count + 1) {
                for upper in max(lower, 0)...(count + 2) {
                    for literal: StaticString in ["://", "}}", "%}", ":"] {
                        let naive = (max(lower, 0)..<max(max(lower, 0), upper)).first { ini.matches(literal, at: $0, limit: upper) }
                        #expect(ini.find(literal, in: lower..<upper) == naive, "\(text) \(lower)..<\(upper) \(literal)")
                    }
                }
            }
        }
    }

    /// Trimming steps over ASCII ends inline: the same offsets as the scan scalar by scalar,
    /// for every range (empty, running past the end) of texts mixing ASCII, Python's
    /// non-ASCII whitespace behind and before ASCII whitespace, other non-ASCII scalars and
    /// control bytes.
    @Test func trimmingAnswersAsTheScanForEveryRange() {
        let texts = ["", "a", " ", "\t a \u{0B}", "\u{A0}x\u{A0}", "\u{3000}\u{2028}ab\u{85} ", "é ", " é", "\u{1C}k=v\u{1F}",
                     "key = value\r", "\u{0}\u{7F}", "\u{200A}\u{200B}", "ab\u{1680}", "  \u{A0} x \u{3000}  ", " \t\u{2003} é \u{85}\t ",
                     "k \u{200B} = \u{3000} v", "   ", "\u{A0}\u{A0}"]
        for text in texts {
            let ini = INIStyleText(text, path: "f")
            let count = ini.bytes.count
            for lower in 0...(count + 1) {
                for upper in lower...(count + 1) {
                    let range = lower..<upper
                    #expect(ini.trimmedStart(range) == ini.trimmedStartScanning(range), "\(text.debugDescription) \(range)")
                    #expect(ini.trimmedEnd(range) == ini.trimmedEndScanning(range), "\(text.debugDescription) \(range)")
                }
            }
        }
    }

    /// Whether a range is ASCII, judged with one OR per byte: as a test of every byte, for
    /// every range of texts with non-ASCII bytes at each end and inside.
    @Test func asciiRangesAnswerAsEveryByteTested() {
        for text in ["", "a", "ab = cd", "é", "aé", "éa", "key_12 = välue", "🐇x", "x\u{7F}y", "\u{80}"] {
            let ini = INIStyleText(text, path: "f")
            let count = ini.bytes.count
            for lower in 0...(count + 1) {
                for upper in lower...(count + 1) {
                    let clamped = min(lower, count)..<min(upper, count)
                    #expect(ini.isASCII(lower..<upper) == ini.bytes[clamped].allSatisfy { $0 < 0x80 }, "\(text) \(lower)..<\(upper)")
                }
            }
        }
    }

    /// Scalars are counted eight bytes at a time (continuation bytes flagged in each word):
    /// the count of a walk over every byte, for every range of texts with one-, two-, three-
    /// and four-byte scalars at every alignment.
    @Test func scalarsCountedAsTheByteByByteWalk() {
        var texts = ["", "a", "é", "€", "🐇", "abcdefgh", "kontröll = ü€🐇\r\n", "ééééééééé", "\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}"]
        for prefix in 0..<9 { texts.append(String(repeating: "x", count: prefix) + "ü€🐇 value ü") }
        for text in texts {
            let ini = INIStyleText(text, path: "f")
            let count = ini.bytes.count
            for lower in 0...(count + 1) {
                for upper in lower...(count + 1) {
                    let clamped = min(lower, count)..<min(upper, count)
                    let walked = ini.bytes[clamped].filter { $0 & 0xC0 != 0x80 }.count
                    #expect(ini.scalarCount(lower..<upper) == walked, "\(text) \(lower)..<\(upper)")
                }
            }
        }
    }

    /// The first of three bytes is looked for eight bytes at a time: the offset a walk over
    /// every byte finds, for each of the bytes (and none) at every offset around the words,
    /// another of them after it, and every start and end.
    @Test func firstOfThreeBytesFoundAsTheByteByByteWalk() {
        let wanted: [UInt8] = Array("=:{".utf8)
        var texts: [[UInt8]] = [[], Array("é€🐇 no delimiter here at all".utf8)]
        for length in 1..<20 {
            for offset in 0..<length {
                for (index, byte) in wanted.enumerated() {
                    var bytes = Array(repeating: UInt8(ascii: "k"), count: length)
                    bytes[offset] = byte
                    texts.append(bytes)
                    if offset + 3 < length { bytes[offset + 3] = wanted[(index + 1) % 3] }
                    texts.append(bytes)
                }
            }
        }
        for bytes in texts {
            bytes.withUnsafeBytes { raw in
                for start in 0...bytes.count {
                    for end in start...(bytes.count + 1) {
                        let walked = (start..<min(end, bytes.count)).first { wanted.contains(bytes[$0]) } ?? end
                        let found = ByteText.firstIndex(ofAny: wanted[0], wanted[1], wanted[2], in: raw, from: start, to: end)
                        #expect(found == walked, "\(bytes) \(start)..<\(end)")
                    }
                }
            }
        }
    }

    /// A kept value is templated when one of its lines holds `{{`, `{%` or `{#`, found by
    /// looking for each `{` eight bytes at a time: a brace at every offset, followed by each
    /// opener, another byte or the end of the line, and split across continuation lines.
    @Test func templatedValuesFoundAsEveryPairTested() {
        func holdsTag(_ text: String) -> Bool { text.contains("{{") || text.contains("{%") || text.contains("{#") }
        var values: [String] = ["", "{", "{{", "}{", "{ {", "a{", "{a{%"]
        for offset in 0..<18 {
            for next in ["{", "%", "#", "x", "}", ""] {
                values.append(String(repeating: "v", count: offset) + "{" + next)
                values.append(String(repeating: "é", count: offset) + "{" + next + " tail")
            }
        }
        for value in values {
            let document = INILoader.parse(utf8: Array("[s]\nk = \(value)x\n".utf8), path: "f").document
            #expect(document.sections.first?.entries.first?.isTemplated == holdsTag(value + "x"), "\(value)")
        }
        // A brace ending one line and its opener starting the next do not make a tag.
        let split = INILoader.parse(utf8: Array("[s]\nk = a{\n  %b\n".utf8), path: "f").document
        #expect(split.sections.first?.entries.first?.isTemplated == false)
    }

    /// Lines are found eight bytes at a time: the same lines as a walk over every byte, for
    /// line breaks at every offset around the eight-byte words, CRLF, lone CR, empty lines,
    /// non-ASCII text and a missing final newline.
    @Test func linesSplitAsTheByteByByteWalk() {
        func walked(_ bytes: [UInt8]) -> [(Int, Int, Int)] {
            var result: [(Int, Int, Int)] = []
            var start = 0, number = 1
            for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
                let end = index > start && bytes[index - 1] == UInt8(ascii: "\r") ? index - 1 : index
                result.append((number, start, end))
                number += 1
                start = index + 1
            }
            if start < bytes.count {
                result.append((number, start, bytes.last == UInt8(ascii: "\r") ? bytes.count - 1 : bytes.count))
            }
            return result
        }
        var texts = ["", "\n", "\n\n", "\r", "\r\n", "a", "a\r", "\r\r\n", "ü\n€\r\n🐇", "k = v\r\n\r\n[s]\n"]
        for length in 0..<20 {
            for breakAt in 0...length {
                var bytes = Array(repeating: UInt8(ascii: "x"), count: length)
                bytes.insert(UInt8(ascii: "\n"), at: breakAt)
                texts.append(String(decoding: bytes, as: UTF8.self))
                texts.append(String(decoding: bytes, as: UTF8.self) + "abcdefghi\r\nj")
            }
        }
        for text in texts {
            let bytes = Array(text.utf8)
            let lines = INIStyleText(text, path: "f").lines().map { ($0.number, $0.start, $0.end) }
            #expect(lines.elementsEqual(walked(bytes), by: ==), "\(Array(text.utf8))")
        }
    }

    /// The assignment delimiter is the first `=` or `:` outside Jinja tags, wherever braces
    /// and delimiters fall.
    @Test(arguments: [
        ("a=b", "a"), ("a:b", "a"), ("a{b=c", "a{b"), ("{a=b", "{a"), ("a{{ b=c }}=d", "a{{ b=c }}"),
        ("{{ k:v }} = x", "{{ k:v }}"), ("a{% if x=1 %}b=c", "a{% if x=1 %}b"), ("a{# c:d #}:e", "a{# c:d #}"),
        ("abcdefgh{ij=kl", "abcdefgh{ij"), ("{{{{ a }}=b", "{{{{ a }}"), ("ü{é=1", "ü{é"),
    ])
    func delimiterIsTheFirstOutsideJinjaTags(line: String, key: String) throws {
        let result = INILoader.parse(utf8: Array("[s]\n\(line)\n".utf8), path: "f")
        #expect(result.diagnostics.isEmpty)
        #expect(result.document.sections.first?.entries.first?.key == key)
    }

    /// Documents parsed with a shared string table are the documents parsed without one,
    /// byte for byte, for every kind of line, and their long strings are held once.
    @Test func sharedStringsLeaveTheDocumentAsParsedAlone() {
        let texts = [
            INILoaderTests.novaConf,
            "[oslo_messaging_rabbit]\r\nheartbeat_timeout_threshold = \"60\"\r\nrabbit_quorum_queue_long_key_x: é€🐇 ü\u{301} value\r\n",
            "[DEFAULT]\ntransport_url = rabbit://u:p@h1:5672,u:p@h2:5672//\n  continued line of the value\n[ Oslo_Messaging_Rabbit ]\nk = v\n",
            "{% if x %}\n[a_section_named_at_length]\nkey_longer_than_fifteen = {{ value_longer_than_fifteen }}\n{% endif %}\n",
            "garbage line without delimiter\nkey_before_any_section_header = 1\n[DEFAULT]\n  indented\n[broken\n",
        ]
        let table = INIStringTable()
        let tiny = INIStringTable(capacity: 1)
        func strings(_ document: INIDocument) -> [[UInt8]] {
            document.sections.flatMap { section in
                [Array(section.name.utf8)] + section.entries.flatMap { [Array($0.key.utf8), Array($0.value.utf8)] }
            }
        }
        for text in texts {
            let alone = INILoader.parse(utf8: Array(text.utf8), path: "f")
            for shared in [table, tiny] {
                for filter: INISectionFilter? in [nil, FileLoader.renderedOsloFilter] {
                    let plain = INILoader.parse(utf8: Array(text.utf8), path: "f", filter: filter)
                    let result = INILoader.parse(utf8: Array(text.utf8), path: "f", filter: filter, strings: shared)
                    #expect(result.document == plain.document && result.diagnostics == plain.diagnostics && result.withheld == plain.withheld)
                    #expect(strings(result.document) == strings(plain.document))
                }
            }
            #expect(INILoader.parse(utf8: Array(text.utf8), path: "f", strings: table).document == alone.document)
        }
        // Bytes that are not UTF-8 are decoded (repaired) as without the table, and never matched.
        for bytes: [UInt8] in [[0xFF, 0xFE] + Array(repeating: 0x61, count: 20), Array(repeating: 0x61, count: 20) + [0xC3]] {
            for _ in 0..<2 {
                let made = bytes.withUnsafeBufferPointer { table.string($0) }
                #expect(Array(made.utf8) == Array(String(decoding: bytes, as: UTF8.self).utf8))
            }
        }
        // Long strings that differ in one byte anywhere (the hash's words and tail) stay apart.
        let long = Array("abcdefghijklmnopqrstuvwxyz0123".utf8)
        for index in long.indices {
            var changed = long
            changed[index] ^= 1
            for bytes in [long, changed, Array(long[..<index]) + Array(long[(index + 1)...])] where bytes.count > 15 {
                let made = bytes.withUnsafeBufferPointer { table.string($0) }
                #expect(Array(made.utf8) == bytes)
            }
        }
        // The same long value in two documents is one string.
        let line = "[oslo_messaging_rabbit]\nkey = a value longer than fifteen bytes\n"
        let first = INILoader.parse(utf8: Array(line.utf8), path: "a", strings: table).document
        let second = INILoader.parse(utf8: Array(line.utf8), path: "b", strings: table).document
        var values = [first, second].compactMap { $0.sections.first?.entries.first?.value }
        let addresses = values.indices.map { index in values[index].withUTF8 { $0.baseAddress } }
        #expect(addresses.count == 2 && addresses[0] == addresses[1])
    }

    // MARK: Secret value filters

    @Test(arguments: [
        "", " ", "a", "abcd", " abcd ", "\tabcd\n", "abcd\r\n", "\r\nabcd", " \u{301}abcd", "abcd \u{301}", "\u{2003}abcd\u{2003}",
        "\u{85}x\u{A0}", "\u{1C}abcd\u{1F}", "\u{600}1abcd", "yes", "YES", "No", "TRUE", "False", "null", "None", "~", "off", "On",
        "falsey", "nonesuch", "\u{212A}", "TRU\u{212A}", "1234567", "12345678", "1.2.3-4_", "123456789", "1\r\n2\r\n3\r\n4\r\n",
        "١٢٣٤٥٦٧", "١٢٣٤٥٦٧٨", "١٢٣٤", "12_34-5.6", "1234abcd", "pw42484023", "ünïcödé", "\u{FEFF}abcd",
    ])
    func secretValueFiltersAnswerAsTheCharacterCode(_ value: String) {
        var scalars = Substring(value)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        #expect(SecretValue.trimmed(value) == String(scalars))
        #expect(SecretValue.trimmed(value).utf8.elementsEqual(String(scalars).utf8))
        let boolean = ["yes", "no", "true", "false", "on", "off", "null", "none", "~"].contains(value.lowercased())
        #expect(SecretValue.isBooleanOrNull(value) == boolean)
        let short = value.count < 8 && value.allSatisfy { $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" }
        #expect(SecretValue.isShortNumber(value) == short)
    }
}
