import RMQLintSource
import RMQLintModel

/// Another place involved in a finding: the layer that set a value, the section a
/// setting was inherited from, the service whose setting the rule compared against.
public struct RelatedLocation: Hashable, Sendable {
    /// What this place contributes, e.g. "inherited from defaults section".
    public var message: String
    /// Where it is.
    public var location: SourceLocation

    /// Creates a related location.
    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }
}

/// One problem reported by a rule, at the line to change.
///
/// A value type whose fields sit behind one shared reference: a finding is copied at every
/// step from a rule to a report (and a fleet checked over 18 candidate releases makes
/// hundreds of thousands), and a copy is then one retain instead of one per field.
public struct Finding: Hashable, Sendable {
    /// Rule id, e.g. `RMQ201`.
    public var ruleID: String {
        get { storage.ruleID }
        set { unique().ruleID = newValue }
    }
    /// Rule slug, e.g. `tcpka-not-split`.
    public var slug: String {
        get { storage.slug }
        set { unique().slug = newValue }
    }
    /// Effective severity (after configuration overrides).
    public var severity: Severity {
        get { storage.severity }
        set { unique().severity = newValue }
    }
    /// What is wrong, the effective value and where it came from, and what to change.
    public var message: String {
        get { storage.message }
        set { unique().message = newValue }
    }
    /// The line that sets the offending value (or selects the default that does).
    public var location: SourceLocation {
        get { storage.location }
        set { unique().location = newValue }
    }
    /// The Kolla service concerned, when the finding is about one.
    public var service: String? {
        get { storage.service }
        set { unique().service = newValue }
    }
    /// The inventory host concerned, when the finding is about one.
    public var host: String? {
        get { storage.host }
        set { unique().host = newValue }
    }
    /// The other layers or places involved.
    public var related: [RelatedLocation] {
        get { storage.related }
        set { unique().related = newValue }
    }
    /// A line-independent key naming *what* is wrong, e.g.
    /// `[oslo_messaging_rabbit]heartbeat_in_pthread@nova-compute` or
    /// `frontend rabbitmq_front/option tcpka`. Together with the rule and the path it
    /// forms the fingerprint, so a finding keeps its identity when lines move.
    public var semanticKey: String {
        get { storage.semanticKey }
        set { unique().semanticKey = newValue }
    }
    /// Structured edits that clear the finding (safe or unsafe), if the rule has any.
    /// Not part of identity or order.
    public var fixes: [Fix] {
        get { storage.fixes }
        set { unique().fixes = newValue }
    }

    private var storage: Storage

    /// The fields, changed only through ``unique()`` (a copy first when shared).
    private final class Storage: @unchecked Sendable {
        var ruleID: String
        var slug: String
        var severity: Severity
        var message: String
        var location: SourceLocation
        var service: String?
        var host: String?
        var related: [RelatedLocation]
        var semanticKey: String
        var fixes: [Fix]

        init(
            ruleID: String, slug: String, severity: Severity, message: String, location: SourceLocation,
            service: String?, host: String?, related: [RelatedLocation], semanticKey: String, fixes: [Fix]
        ) {
            self.ruleID = ruleID
            self.slug = slug
            self.severity = severity
            self.message = message
            self.location = location
            self.service = service
            self.host = host
            self.related = related
            self.semanticKey = semanticKey
            self.fixes = fixes
        }

        func copy() -> Storage {
            Storage(ruleID: ruleID, slug: slug, severity: severity, message: message, location: location,
                    service: service, host: host, related: related, semanticKey: semanticKey, fixes: fixes)
        }
    }

    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    /// Creates a finding.
    public init(
        ruleID: String, slug: String, severity: Severity, message: String,
        location: SourceLocation, service: String? = nil, host: String? = nil,
        related: [RelatedLocation] = [], semanticKey: String, fixes: [Fix] = []
    ) {
        storage = Storage(
            ruleID: ruleID, slug: slug, severity: severity, message: message, location: location,
            service: service, host: host, related: related, semanticKey: semanticKey, fixes: fixes)
    }

    /// Equal when every field is.
    public static func == (lhs: Finding, rhs: Finding) -> Bool {
        if lhs.storage === rhs.storage { return true }
        let a = lhs.storage, b = rhs.storage
        return a.ruleID == b.ruleID && a.slug == b.slug && a.severity == b.severity && a.message == b.message
            && a.location == b.location && a.service == b.service && a.host == b.host && a.related == b.related
            && a.semanticKey == b.semanticKey && a.fixes == b.fixes
    }

    /// Hashes every field.
    public func hash(into hasher: inout Hasher) {
        let fields = storage
        hasher.combine(fields.ruleID)
        hasher.combine(fields.slug)
        hasher.combine(fields.severity)
        hasher.combine(fields.message)
        hasher.combine(fields.location)
        hasher.combine(fields.service)
        hasher.combine(fields.host)
        hasher.combine(fields.related)
        hasher.combine(fields.semanticKey)
        hasher.combine(fields.fixes)
    }

    /// Stable, line-independent identity: rule + path + semantic key, hashed.
    /// This is SARIF's `partialFingerprints["rmqlint/v1"]` and the baseline key.
    public var fingerprint: String {
        fingerprintHash.hex
    }

    /// The hash ``fingerprint`` spells: reporters write its digits straight into their bytes.
    package var fingerprintHash: Fingerprint.Hash {
        let fields = storage
        return Fingerprint.hash(fields.ruleID, fields.location.path, fields.semanticKey)
    }

    /// Whether `other` is the same finding: the same fingerprint parts (rule, path, semantic
    /// key), compared as bytes.
    public func hasSameIdentity(as other: Finding) -> Bool {
        let a = storage, b = other.storage
        return a === b || (ByteText.equal(a.semanticKey, b.semanticKey) && ByteText.equal(a.location.path, b.location.path)
            && ByteText.equal(a.ruleID, b.ruleID))
    }

    /// The order of every report: path, line, column, rule, then message.
    public static func reportOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
        if lhs.location.path != rhs.location.path { return lhs.location.path < rhs.location.path }
        if lhs.location.range != rhs.location.range { return lhs.location.range < rhs.location.range }
        if lhs.ruleID != rhs.ruleID { return lhs.ruleID < rhs.ruleID }
        if lhs.semanticKey != rhs.semanticKey { return lhs.semanticKey < rhs.semanticKey }
        return lhs.message < rhs.message
    }
}

/// A 128-bit FNV-1a hash rendered as hex: deterministic across runs and platforms
/// (Swift's `Hasher` is seeded per process, so it cannot be used for fingerprints).
public enum Fingerprint {
    /// 32 lowercase hex digits for `text`.
    public static func hex(_ text: String) -> String {
        var hash = Hash()
        hash.add(text)
        return hash.hex
    }

    /// ``hex(_:)`` of `parts` joined by U+001F, without joining them.
    static func hex(_ parts: String...) -> String {
        var hash = Hash()
        for (index, part) in parts.enumerated() {
            if index > 0 { hash.add(byte: 0x1F) }
            hash.add(part)
        }
        return hash.hex
    }

    /// The hash ``hex(_:)`` spells for the three parts joined by U+001F (a finding's rule,
    /// path and key), with no list of parts.
    static func hash(_ first: String, _ second: String, _ third: String) -> Hash {
        var hash = Hash()
        hash.add(first)
        hash.add(byte: 0x1F)
        hash.add(second)
        hash.add(byte: 0x1F)
        hash.add(third)
        return hash
    }

    /// Two independent 64-bit FNV-1a lanes (different offset bases) make collisions
    /// between distinct findings of one tree practically impossible.
    package struct Hash {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x6c62_272e_07bb_0142
        static let prime: UInt64 = 0x0000_0100_0000_01b3

        mutating func add(byte: UInt8) {
            first = (first ^ UInt64(byte)) &* Self.prime
            second = (second ^ UInt64(byte ^ 0x5A)) &* Self.prime
        }

        mutating func add(_ text: String) {
            var text = text
            text.withUTF8 { bytes in
                var first = self.first, second = self.second
                for byte in bytes {
                    first = (first ^ UInt64(byte)) &* Self.prime
                    second = (second ^ UInt64(byte ^ 0x5A)) &* Self.prime
                }
                self.first = first
                self.second = second
            }
        }

        /// The 32 hex digits, written straight into one string.
        package var hex: String {
            String(unsafeUninitializedCapacity: 32) { buffer in
                writeHex(to: buffer.baseAddress.unsafelyUnwrapped)
                return 32
            }
        }

        /// Writes the 32 hex digits of ``hex`` at `start` (reporters write them straight
        /// into their bytes).
        package func writeHex(to start: UnsafeMutablePointer<UInt8>) {
            let digits: StaticString = "0123456789abcdef"
            for nibble in 0..<16 {
                let shift = UInt64(60 - 4 * nibble)
                start[nibble] = digits.utf8Start[Int((first >> shift) & 0xF)]
                start[16 + nibble] = digits.utf8Start[Int((second >> shift) & 0xF)]
            }
        }
    }
}
