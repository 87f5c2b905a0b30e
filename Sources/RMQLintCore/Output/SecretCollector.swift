import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders
import RMQLintModel
import RMQLintEngine

/// Gathers the literal secrets of a lint run from the files it loaded, for the
/// ``Redactor`` every reporter goes through (SECURITY.md, "Secrets").
///
/// From each file:
/// - `passwords.yml` (OSISM `secrets.yml`): every scalar value, whatever its key;
/// - any YAML or JSON file: every `!vault` payload, and every scalar below a key that
///   ``Redactor/isSecretKey(_:)`` calls secret (`rabbitmq_password`, `password_hash`…);
/// - oslo.config INI and `rabbitmq.conf`: the value of every secret key
///   (`memcache_secret_key`, `default_pass`…);
/// - inventories: host and group variables with secret names (`ansible_become_pass`);
/// - HAProxy: `stats auth USER:PASS` passwords and `userlist` passwords;
/// - everywhere: the password of every `user:password@host` inside a URL value
///   (`transport_url`, `[database]connection`), so it stays masked even where a
///   message quotes it without its URL.
///
/// A multi-line secret (a vault payload) is also listed line by line, so a message that
/// quotes one line of it is masked too. Values that cannot be secrets are left out, as
/// they would mask ordinary words in every message: values shorter than
/// ``Redactor/minimumSecretLength``, plain YAML booleans and nulls, and — outside
/// `passwords.yml` — Jinja templates (they name other variables; the rendered secret
/// comes from `passwords.yml`) and numbers of fewer than eight digits (timeouts and
/// expiry times under keys such as `token_expiration`).
public enum SecretCollector {
    /// The secrets found in `files`, sorted and without duplicates.
    public static func secrets(in files: [LoadedFile]) -> [String] {
        var found: Set<String> = []
        for file in files {
            for secret in secrets(in: file) { found.insert(secret) }
        }
        return found.sorted()
    }

    /// The secrets of one file, in no particular order (may repeat).
    public static func secrets(in file: LoadedFile) -> [String] {
        var collector = Collector()
        switch file.content {
        case .yaml(let documents):
            let isPasswords = file.role == .passwords
            for document in documents { collector.addYAML(document, allSecret: isPasswords) }
        case .ini(let document):
            for section in document.sections {
                for entry in section.entries { collector.addSetting(key: entry.key, value: entry.value) }
            }
            // What the loader left out of the document but may hold a secret.
            for setting in file.withheldSettings { collector.addSetting(key: setting.key, value: setting.value) }
        case .rabbitmqConf(let conf):
            for entry in conf.entries { collector.addSetting(key: entry.key, value: entry.value) }
        case .inventory(let inventory):
            for host in inventory.hosts.values {
                for (key, value) in host.vars { collector.addSetting(key: key, value: value.value) }
            }
            for group in inventory.groups.values {
                for (key, value) in group.vars { collector.addSetting(key: key, value: value.value) }
            }
        case .haproxy(let config):
            for section in config.sections {
                for directive in section.directives { collector.addHAProxy(directive) }
            }
        case .rabbitmqEnv(let env):
            for entry in env.entries { collector.addSetting(key: entry.name, value: entry.value) }
        case .erlangTerms(let document):
            // `{default_pass, <<"secret">>}` and the like: every {Key, String} pair.
            var stack = document.terms
            var visited = 0
            while let term = stack.popLast(), visited < 100_000 {
                visited += 1
                switch term.value {
                case .tuple(let items):
                    if items.count == 2, let key = items[0].atom {
                        switch items[1].value {
                        case .string(let text), .binary(let text): collector.addSetting(key: key, value: text)
                        default: break
                        }
                    }
                    stack.append(contentsOf: items)
                case .list(let items, let tail): stack.append(contentsOf: items + tail)
                case .map(let items): stack.append(contentsOf: items)
                default: continue
                }
            }
        case .opaque, .unavailable:
            break
        }
        return collector.secrets
    }
}

/// A collection already walked: its span in the file, and whether it was walked as secret.
private struct WalkedNode: Hashable {
    var range: SourceRange
    var secret: Bool
}

/// Accumulates candidate secrets and applies the filters of ``SecretCollector``.
private struct Collector {
    var secrets: [String] = []
    /// The last value scanned for URL passwords: Kolla writes the same `transport_url` in
    /// `[DEFAULT]` and `[oslo_messaging_notifications]`, and an equal value adds no new secret.
    private var lastURLValue = ""

    /// A value that is a secret because of where it is written (`passwords.yml`, a vault
    /// payload, a secret key); `strict` applies the extra filters for keys judged by name.
    mutating func add(_ value: String, strict: Bool) {
        append(value, strict: strict)
        if SecretValue.mayHaveNewline(value) && value.contains(where: \.isNewline) {
            for line in value.split(whereSeparator: \.isNewline) { append(String(line), strict: strict) }
        }
    }

    private mutating func append(_ raw: String, strict: Bool) {
        let value = SecretValue.trimmed(raw)
        guard SecretValue.isLongEnough(value) else { return }
        if SecretValue.isBooleanOrNull(value) { return }
        if strict {
            if value.contains(ascii: "{{") || value.contains(ascii: "{%") { return }
            if SecretValue.isShortNumber(value) { return }
        }
        secrets.append(value)
        // Where the raw text had surrounding spaces, messages may quote it either way.
        if value != raw && SecretValue.isLongEnough(raw) { secrets.append(raw) }
    }

    /// Passwords written inside URLs anywhere in `value`.
    mutating func addURLPasswords(_ value: String) {
        // A byte scan: this runs for every setting of every file (String.contains is costly).
        guard Self.hasSchemeSeparator(value), !ByteText.equal(value, lastURLValue) else { return }
        lastURLValue = value
        // Read in place (no copy of the bytes, no list of spans): every URL of a fleet passes here.
        var text = value
        text.withUTF8 { bytes in
            URLPasswordScanner.forEachPasswordSpan(in: bytes) { span in
                let password = String(decoding: UnsafeBufferPointer(rebasing: bytes[span.start..<span.end]), as: UTF8.self)
                if SecretValue.isLongEnough(password) { secrets.append(password) }
            }
        }
    }

    /// Whether `value` holds `://`.
    static func hasSchemeSeparator(_ value: String) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in value.utf8 {
            if byte == UInt8(ascii: "/"), previous == (UInt8(ascii: ":"), UInt8(ascii: "/")) { return true }
            previous = (previous.1, byte)
        }
        return false
    }

    /// A `key = value` setting of INI, `rabbitmq.conf` or an inventory.
    mutating func addSetting(key: String, value: String) {
        if Redactor.isSecretKey(key) { add(value, strict: true) }
        addURLPasswords(value)
    }

    /// Walks a YAML tree with an explicit stack. `allSecret` marks every scalar below as
    /// secret.
    ///
    /// An alias shares its anchored subtree, whose nodes keep the positions they were
    /// written at; a subtree already walked (same span, same secrecy) is skipped, so the
    /// walk costs the size of the text, not of the expansion (an alias bomb within
    /// ``YAMLLimits/maxNodes`` would otherwise cost a million visits).
    mutating func addYAML(_ root: YAMLNode, allSecret: Bool) {
        var stack: [(YAMLNode, Bool)] = [(root, allSecret)]
        var walked: Set<WalkedNode> = []
        while let (node, secret) = stack.popLast() {
            if case .scalar = node.content {} else {
                guard walked.insert(WalkedNode(range: node.location.range, secret: secret)).inserted else { continue }
            }
            switch node.content {
            case .scalar(let text, let style):
                if node.isVault {
                    add(text, strict: false)
                } else if secret {
                    // `passwords.yml` holds generated strings: only plain booleans and nulls
                    // are not secrets there (`docker_registry_password: null`).
                    if !(style == .plain && (node.isNull || node.ansibleBool != nil)) {
                        add(text, strict: !allSecret)
                    }
                }
                addURLPasswords(text)
            case .sequence(let items):
                for item in items { stack.append((item, secret)) }
            case .mapping(let pairs):
                for pair in pairs {
                    var valueIsSecret = secret
                    if case .scalar(let key, _) = pair.key.content, Redactor.isSecretKey(key) { valueIsSecret = true }
                    stack.append((pair.key, false))
                    stack.append((pair.value, valueIsSecret))
                }
            }
        }
    }

    /// `stats auth USER:PASS` and `userlist` lines `user NAME password HASH` /
    /// `user NAME insecure-password PASS` (HAP `doc/configuration.txt` §3.4 "Userlists").
    mutating func addHAProxy(_ directive: HAProxyDirective) {
        let words = directive.words
        guard let keyword = words.first else { return }
        if keyword == "stats", words.count >= 3, words[1] == "auth",
           let colon = words[2].firstIndex(of: ":") {
            add(String(words[2][words[2].index(after: colon)...]), strict: false)
        }
        if keyword == "user" {
            for index in words.indices.dropLast() where words[index] == "password" || words[index] == "insecure-password" {
                add(words[index + 1], strict: false)
            }
        }
        for word in words { addURLPasswords(word) }
    }
}

/// The filters ``SecretCollector`` applies to each candidate value, with byte-level answers
/// for the ASCII values configuration files almost only hold.
enum SecretValue {
    /// Whether `value` has at least ``Redactor/minimumSecretLength`` Unicode scalars. A
    /// scalar is one to four UTF-8 bytes, so the byte count alone decides below one and
    /// from four bytes per scalar up; only values in between are counted.
    static func isLongEnough(_ value: String) -> Bool {
        let bytes = value.utf8.count
        if bytes < Redactor.minimumSecretLength { return false }
        if bytes >= 4 * Redactor.minimumSecretLength { return true }
        return value.unicodeScalars.count >= Redactor.minimumSecretLength
    }

    /// False only when no `Character` of `value` can be a newline: `Character.isNewline`
    /// looks at a character's first scalar, and every newline scalar (LF, VT, FF, CR, NEL,
    /// LS, PS) is either one of the ASCII bytes 0A–0D or not ASCII at all.
    static func mayHaveNewline(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { bytes in
            for byte in bytes where byte >= 0x80 || (0x0A...0x0D).contains(byte) { return true }
            return false
        }
    }

    /// `Character.isWhitespace` of an ASCII byte (Unicode's White_Space: tab, LF, VT, FF, CR
    /// and space), without making the `Character`. Not the INI parser's test, which follows
    /// Python's `str.isspace()` and also counts 0x1C–0x1F.
    static func isCharacterWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// Fewer than eight characters, all digits (any script's), `.`, `-` or `_`: a
    /// timeout or an expiry, not a secret. (Eight bytes or more of ASCII are eight
    /// characters unless a CR LF pair joins two, which is no digit: only shorter or
    /// non-ASCII values are counted by `Character`s.)
    static func isShortNumber(_ value: String) -> Bool {
        if value.utf8.count >= 8, value.utf8.allSatisfy({ $0 < 0x80 }) { return false }
        return value.count < 8 && value.allSatisfy { $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" }
    }

    /// Booleans and nulls as YAML 1.1 and oslo.config spell them: never secrets.
    static func isBooleanOrNull(_ value: String) -> Bool {
        // The longest is `false`; a longer ASCII value needs no lower-cased copy. (Lower-casing
        // can shorten a non-ASCII string's bytes: those are still compared.)
        if value.utf8.count > 5, value.utf8.allSatisfy({ $0 < 0x80 }) { return false }
        switch value.lowercased() {
        case "yes", "no", "true", "false", "on", "off", "null", "none", "~": return true
        default: return false
        }
    }

    /// `value` without surrounding whitespace (`Character.isWhitespace`).
    static func trimmed(_ value: String) -> String {
        // Most values start and end with an ASCII byte that is not whitespace: as they are.
        if let first = value.utf8.first, let last = value.utf8.last, first < 0x80, last < 0x80,
           !isCharacterWhitespace(first), !isCharacterWhitespace(last) {
            return value
        }
        var scalars = Substring(value)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
