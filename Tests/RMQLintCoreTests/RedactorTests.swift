import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintJinja
@testable import RMQLintKnowledge
@testable import RMQLintLoaders
@testable import RMQLintModel
@testable import RMQLintSource

@Suite("Redactor")
struct RedactorTests {
    let plain = Redactor()

    // MARK: URL passwords

    @Test func masksEveryHostOfAMultiHostTransportURL() {
        let url = "rabbit://openstack:s3cr3t@10.0.0.1:5672,openstack:s3cr3t@10.0.0.2:5672//"
        #expect(plain.redact(url) == "rabbit://openstack:******@10.0.0.1:5672,openstack:******@10.0.0.2:5672//")
    }

    @Test func masksURLInsideASentence() {
        let text = "transport_url = rabbit://nova:pw1@ctl01:5672,nova:pw2@ctl02:5672/ is set twice"
        #expect(plain.redact(text) == "transport_url = rabbit://nova:******@ctl01:5672,nova:******@ctl02:5672/ is set twice")
    }

    @Test func passwordContainingAtSignIsMaskedUpToTheLastAt() {
        let url = "rabbit://u:p@ss@h1:5672,u:p@ss@h2:5672//"
        #expect(plain.redact(url) == "rabbit://u:******@h1:5672,u:******@h2:5672//")
    }

    @Test func passwordContainingCommaStaysOneSegment() {
        #expect(plain.redact("rabbit://u:pa,ss@h1:5672,u:pa,ss@h2:5672//")
            == "rabbit://u:******@h1:5672,u:******@h2:5672//")
    }

    @Test func passwordContainingSlashOrColonIsMaskedWhole() {
        #expect(plain.redact("amqp://u:pa/ss@h/vhost") == "amqp://u:******@h/vhost")
        #expect(plain.redact("amqp://u:a:b@h:5671") == "amqp://u:******@h:5671")
    }

    @Test func queryAndPathAfterTheHostAreKept() {
        #expect(plain.redact("rabbit://u:p@h:5672/?ssl=1&x=a@b") == "rabbit://u:******@h:5672/?ssl=1&x=a@b")
        #expect(plain.redact("rabbit://u:p@h#frag") == "rabbit://u:******@h#frag")
    }

    @Test func urlEndsAtQuoteOrWhitespace() {
        let text = "url = \"rabbit://u:p@h//\" and 'amqp://v:q@k' then user:x@y"
        #expect(plain.redact(text) == "url = \"rabbit://u:******@h//\" and 'amqp://v:******@k' then user:x@y")
    }

    @Test func hostsWithoutPasswordAreLeftAlone() {
        let texts = [
            "https://docs.openstack.org/kolla-ansible/latest/?a=b",
            "http://user@host:80/",
            "https://github.com/openstack/kolla-ansible/blob/x@main",
            "rabbit://u:@h//",
            "rabbit://h1:5672,h2:5672//",
            "no url at all: a:b@c",
            "://",
            "x://",
        ]
        for text in texts {
            #expect(plain.redact(text) == text)
        }
    }

    @Test func hostsAfterAUserinfoSegmentWithoutUserinfoAreKept() {
        #expect(plain.redact("rabbit://u:p@h1,h2:5672//") == "rabbit://u:******@h1,h2:5672//")
    }

    @Test func everyURLOfTheTextIsMasked() {
        #expect(plain.redact("a rabbit://u:p@h/ b amqp://v:q@k c")
            == "a rabbit://u:******@h/ b amqp://v:******@k c")
    }

    // MARK: Listed secrets

    @Test func masksEveryOccurrenceOfAListedSecret() {
        let redactor = Redactor(secrets: ["hunter2"])
        #expect(redactor.redact("hunter2 and hunter2x and xhunter2") == "****** and ******x and x******")
    }

    @Test func ignoresEmptyAndWhitespaceSecrets() {
        let redactor = Redactor(secrets: ["", " ", "\t\n"])
        #expect(redactor.redact("a b\tc") == "a b\tc")
    }

    @Test func overlappingSecretsAreMaskedWhole() {
        let redactor = Redactor(secrets: ["defghi", "abcdef"])
        #expect(redactor.redact("xxabcdefghiyy") == "xx******yy")
        #expect(redactor.redact("abc def") == "abc def")
    }

    @Test func secretInsideALongerSecretMasksTheLongerOneEntirely() {
        let redactor = Redactor(secrets: ["pass", "password123"])
        #expect(redactor.redact("my password123 and pass") == "my ****** and ******")
        #expect(redactor.redact("password12") == "******word12")
    }

    @Test func selfOverlappingOccurrencesBecomeOneMask() {
        let redactor = Redactor(secrets: ["aa"])
        #expect(redactor.redact("baaab") == "b******b")
    }

    @Test func nonASCIISecrets() {
        let redactor = Redactor(secrets: ["pässwörd", "密码"])
        #expect(redactor.redact("x=pässwörd; y=密码!") == "x=******; y=******!")
        #expect(redactor.redact("pässwort") == "pässwort")
    }

    @Test func secretsAndURLPasswordsTogether() {
        let redactor = Redactor(secrets: ["s3cr3t"])
        #expect(redactor.redact("rabbit://openstack:s3cr3t@h// and s3cr3t")
            == "rabbit://openstack:******@h// and ******")
        // A listed secret that straddles the password and the host is masked as one run.
        let straddling = Redactor(secrets: ["t@h"])
        #expect(straddling.redact("rabbit://u:secret@host//") == "rabbit://u:******ost//")
    }

    @Test func settingSecretsRebuildsTheMatcher() {
        var redactor = Redactor()
        #expect(redactor.redact("hunter2") == "hunter2")
        redactor.secrets = ["hunter2"]
        #expect(redactor.secrets == ["hunter2"])
        #expect(redactor.redact("hunter2") == "******")
    }

    @Test func manySecretsSharingPrefixes() {
        let secrets = (0..<300).map { "pw\($0)x" }
        let redactor = Redactor(secrets: secrets)
        #expect(redactor.redact("pw7x pw77x pw299x pw300x pw1") == "****** ****** ****** pw300x pw1")
    }

    @Test func secretClippedWithAnEllipsisIsMasked() {
        let redactor = Redactor(secrets: ["Zq8pW2xYvB9kLm3N", "abc"])
        // Rules clip long values they quote: the visible start of the secret is masked.
        #expect(redactor.redact("value \"Zq8pW2xY…\" is long") == "value \"******…\" is long")
        #expect(redactor.redact("Zq8p…") == "******…")
        // Three bytes of a prefix are not enough to tell; nor is a prefix without an ellipsis.
        #expect(redactor.redact("Zq8… and Zq8pW2 and ab…") == "Zq8… and Zq8pW2 and ab…")
        // A whole secret before an ellipsis is masked once.
        #expect(redactor.redact("Zq8pW2xYvB9kLm3N…") == "******…")
    }

    // MARK: The pre-check that spares clean strings both scans

    /// Whether the pre-check calls `text` clean, and what the full scans find in it.
    private static func preCheck(_ matcher: SecretMatcher, _ text: String) -> (clean: Bool, spans: Int) {
        let bytes = Array(text.utf8)
        let clean = bytes.withUnsafeBufferPointer {
            !URLPasswordScanner.mayHavePassword($0) && !matcher.mayFindSpans(in: $0)
        }
        return (clean, matcher.spans(in: bytes).count + URLPasswordScanner.passwordSpans(in: bytes).count)
    }

    @Test(arguments: [
        ["hunter2"], ["pw42484023", "dbpw55755042", "kspw8281597"], ["aa"], ["a"], ["pässwörd", "密码"],
        ["Zq8pW2xYvB9kLm3N", "abc"], ["quo\"te\\back", "tab\there", "line\nbreak"], ["\u{2028}sep"],
        (0..<300).map { "pw\($0)x" }, ["", " ", "\t"], [],
    ] as [[String]])
    func preCheckNeverHidesWhatTheScansFind(_ secrets: [String]) {
        let matcher = SecretMatcher(secrets: secrets)
        var texts = [
            "", "a", "ab", "plain words with nothing secret in them at all", "pw1", "pw4248402", "x pw42484023",
            "pw42484023", "endingpw42484023", "dbpw55755042y", "hunter", "hunter2", "…", "Zq8p…", "Zq8…",
            "say \"quo\\\"te\\\\back\" now", "tab\there", "x line\nbreak", "\u{2028}sep", "密码", "pässwörd!",
            "rabbit://u:pw@h//", "no url: a:b@c", ":/", "x://", "baaab", "pw7x pw300x", "🔑 aa",
        ]
        for secret in secrets where !secret.isEmpty {
            texts += [secret, "<" + secret + ">", String(secret.dropLast()), String(secret.dropFirst()), "x" + secret]
        }
        // Random texts over the secrets' own characters (and URL and ellipsis ones), seeded.
        texts += Self.seededTexts(over: secrets.joined() + "…:/@ x", seed: 0x2545_F491_4F6C_DD1D, count: 300, lengthBits: 5)
        for text in texts {
            let result = Self.preCheck(matcher, text)
            // Clean must mean: the general path finds nothing (so it returns `text` as it is).
            if result.clean { #expect(result.spans == 0, "pre-check hid a secret in \(text.debugDescription)") }
            #expect(Redactor(secrets: secrets).redact(text) == Self.generalRedact(text, secrets: secrets))
        }
    }

    /// The pre-check's answer by its definition: an ellipsis, or a window of the first
    /// `min(8, shortest)` bytes of some secret, looked for at every offset.
    private static func referencePreCheck(secrets: [String], _ text: String) -> Bool {
        let patterns = secrets.filter { !SecretMatcher.isBlank($0) }.map { Array($0.utf8) }
        guard let shortest = patterns.map(\.count).min() else { return false }
        let bytes = Array(text.utf8)
        if text.contains("…") { return true }
        let length = min(8, shortest)
        let grams = Set(patterns.map { Array($0.prefix(length)) })
        guard bytes.count >= length else { return false }
        return (0...(bytes.count - length)).contains { grams.contains(Array(bytes[$0..<($0 + length)])) }
    }

    @Test(arguments: [
        ["pw42484023", "kspw8281597"], ["ab"], ["abc", "bcd"], ["aaaaaaaaaa"], ["abababab", "babababa"],
        ["Zq8pW2xYvB9kLm3N", "x1"], ["pässwörd", "密码密码"], (0..<50).map { "pw\($0 * 7919)" }, ["a"], ["xyz"],
    ] as [[String]])
    func preCheckSkipsOnlyWindowsThatCannotStartASecret(_ secrets: [String]) {
        let matcher = SecretMatcher(secrets: secrets)
        var texts = ["", "x", "pw4248402", "x pw42484023", "ppw42484023", "zzzzzzzzzzzzzzzzzzzzpw42484023", "…"]
        for secret in secrets {
            let bytes = Array(secret.utf8)
            // Each secret at every offset of a filler, whole and cut at every length.
            for cut in 1...bytes.count {
                let piece = String(decoding: bytes.prefix(cut), as: UTF8.self)
                for offset in 0..<12 { texts.append(String(repeating: "q", count: offset) + piece + "qq") }
                texts.append(String(repeating: "y", count: 17) + piece)
            }
        }
        texts += Self.seededTexts(over: secrets.joined() + " qx", seed: 0x9E37_79B9_7F4A_7C15, count: 2_000, lengthBits: 6)
        for text in texts {
            let found = Array(text.utf8).withUnsafeBufferPointer { matcher.mayFindSpans(in: $0) }
            #expect(found == Self.referencePreCheck(secrets: secrets, text), "\(text.debugDescription)")
        }
    }

    /// The redactor's pre-check looks for `://` and `…` in one pass; it must answer as the
    /// URL and secret pre-checks asked one after the other, with and without secrets.
    @Test(arguments: [["pw42484023", "kspw8281597"], ["a"], ["密码密码"], [], ["", " "]] as [[String]])
    func onePassPreCheckIsBothPreChecks(_ secrets: [String]) {
        let redactor = Redactor(secrets: secrets)
        let matcher = SecretMatcher(secrets: secrets)
        var texts: [String] = []
        for piece in ["://", "…", ":/", ":/x/", "\u{2020}", "pw42484023", "a", "密码密码"] {
            // Each piece at every offset of fillers long enough for whole words and tails.
            for offset in 0..<20 {
                texts.append(String(repeating: ":", count: offset) + piece + String(repeating: "x", count: 19 - offset))
                texts.append(String(repeating: "q", count: offset) + piece)
            }
        }
        texts += Self.seededTexts(over: secrets.joined() + "…:/@ xa", seed: 0xA076_1D64_78BD_642F, count: 2_000, lengthBits: 5)
        for text in texts {
            let bytes = Array(text.utf8)
            let (onePass, separately) = bytes.withUnsafeBufferPointer {
                (redactor.mayFindSpans(in: $0), URLPasswordScanner.mayHavePassword($0) || matcher.mayFindSpans(in: $0))
            }
            #expect(onePass == separately, "\(text.debugDescription)")
        }
    }

    @Test func preCheckPassesCleanTextWithoutScanning() {
        let matcher = SecretMatcher(secrets: ["pw42484023", "kspw8281597"])
        #expect(Self.preCheck(matcher, "heartbeat_in_pthread = false is set for nova-compute (cmp0001)").clean)
        #expect(!Self.preCheck(matcher, "a pw42484023 b").clean)
        // A prefix alone passes the pre-check when it is as long as the shortest secret's
        // gram; only the scan decides.
        #expect(!Self.preCheck(matcher, "pw424840xx").clean)
        #expect(Self.preCheck(matcher, "pw424840xx").spans == 0)
        // An ellipsis always goes to the scan (it may follow a clipped secret).
        #expect(!Self.preCheck(matcher, "value…").clean)
        #expect(!Self.preCheck(SecretMatcher(secrets: []), "rabbit://u:p@h//").clean)
    }

    /// The spans ``SecretMatcher/spans(in:)`` documents, found by brute force: every
    /// occurrence of every secret, and before each `…` the longest text ending there that
    /// begins a secret (when at least ``Redactor/minimumSecretLength`` bytes), overlapping or
    /// touching spans joined.
    private static func referenceSpans(secrets: [String], _ text: String) -> [ByteSpan] {
        let patterns = secrets.filter { !SecretMatcher.isBlank($0) }.map { Array($0.utf8) }
        let bytes = Array(text.utf8)
        var covered: [ByteSpan] = []
        for start in bytes.indices {
            for pattern in patterns where bytes[start...].starts(with: pattern) {
                covered.append(ByteSpan(start: start, end: start + pattern.count))
            }
        }
        for end in bytes.indices where bytes[end...].starts(with: Array("…".utf8)) {
            let begins = (0...end).first { start in patterns.contains { $0.starts(with: bytes[start..<end]) } } ?? end
            if end - begins >= Redactor.minimumSecretLength { covered.append(ByteSpan(start: begins, end: end)) }
        }
        var joined: [ByteSpan] = []
        for span in covered.sorted(by: { ($0.start, $0.end) < ($1.start, $1.end) }) {
            if let last = joined.last, last.end >= span.start {
                joined[joined.count - 1].end = max(last.end, span.end)
            } else {
                joined.append(span)
            }
        }
        return joined
    }

    /// The automaton (a trie laid out breadth-first, each node's edges in byte order, edge `i`
    /// leading to node `i + 1`) finds what brute force finds, for secrets that share long
    /// prefixes as a fleet's do, repeat, nest, and end where others go on.
    @Test(arguments: [
        (0..<400).map { "pw\(($0 * 7_919) % 100_003)" } + (0..<200).map { "dbpw\(($0 * 104_729) % 100_003)" },
        ["abc", "abcd", "abcde", "bcd", "cd", "abc", "b"], ["aaaa", "aaaaaaa", "aa"], ["pässwörd", "pässwort", "密码", "密"],
        (0..<60).map { String(repeating: "xy", count: $0 % 7 + 2) + "z\($0 % 5)" },
    ] as [[String]])
    func automatonFindsWhatBruteForceFinds(_ secrets: [String]) {
        let matcher = SecretMatcher(secrets: secrets)
        var texts = secrets.prefix(50).flatMap { ["<\($0)>", String($0.dropLast()) + "…", "x" + $0 + $0] }
        texts += Self.seededTexts(over: secrets.joined() + "… ", seed: 0xD1B5_4A32_D192_ED03, count: 300, lengthBits: 6)
        // Whole secrets in a row, so matches overlap and touch.
        texts.append(secrets.prefix(40).joined())
        for text in texts {
            #expect(matcher.spans(in: Array(text.utf8)) == Self.referenceSpans(secrets: secrets, text), "\(text.debugDescription)")
        }
    }

    /// `count` texts of fewer than 2^`lengthBits` characters drawn from `characters`, the same on
    /// every run: a seeded linear congruential generator over the sorted distinct characters.
    private static func seededTexts(over characters: String, seed: UInt64, count: Int, lengthBits: UInt64) -> [String] {
        let alphabet = Set(characters).sorted()
        var seed = seed
        func next() -> UInt64 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return seed
        }
        return (0..<count).map { _ in
            String((0..<Int(next() >> (64 - lengthBits))).map { _ in alphabet[Int(next() >> 33) % alphabet.count] })
        }
    }

    /// Redaction by the scans alone, every time (the path the pre-check may skip).
    private static func generalRedact(_ text: String, secrets: [String]) -> String {
        let bytes = Array(text.utf8)
        let spans = ByteSpan.union(
            URLPasswordScanner.passwordSpans(in: bytes), SecretMatcher(secrets: secrets).spans(in: bytes))
        var output: [UInt8] = []
        var cursor = 0
        for span in spans {
            output += bytes[cursor..<span.start]
            output += Redactor.mask.utf8
            cursor = span.end
        }
        output += bytes[cursor...]
        return String(decoding: output, as: UTF8.self)
    }

    // MARK: Secret keys (the API `rmqlint effective` prints values through)

    @Test(arguments: [
        "rabbitmq_password", "keystone_admin_password", "database_password", "password", "PASSWORD",
        "password_hash", "admin_passwd", "memcache_secret_key", "secret", "client_secret",
        "api_key", "ssh-key", "fernet_token", "auth_token_ttl", "rabbitmq_cluster_cookie",
        "default_pass", "ansible_ssh_pass", "ansible_become_pass", "pass", "Pass",
        "ssl_options.password", "[keystone_authtoken]memcache_secret_key", "nova/rabbitmq_password",
    ])
    func secretKeyNames(_ key: String) {
        #expect(Redactor.isSecretKey(key), "\(key) should be secret")
    }

    @Test(arguments: [
        "transport_url", "connection", "heartbeat_timeout_threshold", "rabbitmq_user",
        "[keystone_authtoken]auth_url", "key", "keys", "key_manager", "passive", "bypass_checks",
        "compass", "openstack_release", "om_enable_rabbitmq_quorum_queues", "",
    ])
    func ordinaryKeyNames(_ key: String) {
        #expect(!Redactor.isSecretKey(key), "\(key) should not be secret")
    }

    @Test func valuesOfSecretKeysAreMaskedWhole() {
        let redactor = Redactor(secrets: ["listed-secret"])
        #expect(redactor.redact(value: "not listed anywhere", forKey: "rabbitmq_password") == "******")
        #expect(redactor.redact(value: "x", forKey: "memcache_secret_key") == "******")
        // An empty value says "unset", which is not a secret.
        #expect(redactor.redact(value: "", forKey: "rabbitmq_password") == "")
        // Other keys: listed secrets and URL passwords are masked, the rest is shown.
        #expect(redactor.redact(value: "rabbit://u:pw@h1:5672,u:pw@h2:5672//", forKey: "transport_url")
            == "rabbit://u:******@h1:5672,u:******@h2:5672//")
        #expect(redactor.redact(value: "a listed-secret here", forKey: "description") == "a ****** here")
        #expect(redactor.redact(value: "60", forKey: "heartbeat_timeout_threshold") == "60")
    }

    // MARK: Linear time

    @Test(.timeLimit(.minutes(1))) func pathologicalInputsStayFast() {
        let urls = String(repeating: "a://b@c:d/", count: 100_000)
        #expect(plain.redact(urls).count == urls.count)
        let colons = String(repeating: "://", count: 200_000)
        #expect(plain.redact(colons) == colons)
        let ats = "x://" + String(repeating: "u:p@", count: 200_000)
        #expect(plain.redact(ats) == "x://u:******@")

        let redactor = Redactor(secrets: [String(repeating: "a", count: 1_000) + "b", "aaaa"])
        let text = String(repeating: "a", count: 1_000_000)
        #expect(redactor.redact(text) == "******")
    }
}
