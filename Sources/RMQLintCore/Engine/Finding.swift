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
public struct Finding: Hashable, Sendable {
    /// Rule id, e.g. `RMQ201`.
    public var ruleID: String
    /// Rule slug, e.g. `tcpka-not-split`.
    public var slug: String
    /// Effective severity (after configuration overrides).
    public var severity: Severity
    /// What is wrong, the effective value and where it came from, and what to change.
    public var message: String
    /// The line that sets the offending value (or selects the default that does).
    public var location: SourceLocation
    /// The Kolla service concerned, when the finding is about one.
    public var service: String?
    /// The inventory host concerned, when the finding is about one.
    public var host: String?
    /// The other layers or places involved.
    public var related: [RelatedLocation]
    /// A line-independent key naming *what* is wrong, e.g.
    /// `[oslo_messaging_rabbit]heartbeat_in_pthread@nova-compute` or
    /// `frontend rabbitmq_front/option tcpka`. Together with the rule and the path it
    /// forms the fingerprint, so a finding keeps its identity when lines move.
    public var semanticKey: String
    /// Structured edits that clear the finding (safe or unsafe), if the rule has any.
    /// Not part of identity or order.
    public var fixes: [Fix]

    /// Creates a finding.
    public init(
        ruleID: String, slug: String, severity: Severity, message: String,
        location: SourceLocation, service: String? = nil, host: String? = nil,
        related: [RelatedLocation] = [], semanticKey: String, fixes: [Fix] = []
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

    /// Stable, line-independent identity: rule + path + semantic key, hashed.
    /// This is SARIF's `partialFingerprints["rmqlint/v1"]` and the baseline key.
    public var fingerprint: String {
        Fingerprint.hex("\(ruleID)\u{1F}\(location.path)\u{1F}\(semanticKey)")
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
        // Two independent 64-bit FNV-1a lanes (different offset bases) make collisions
        // between distinct findings of one tree practically impossible.
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x6c62_272e_07bb_0142
        let prime: UInt64 = 0x0000_0100_0000_01b3
        for byte in text.utf8 {
            first = (first ^ UInt64(byte)) &* prime
            second = (second ^ UInt64(byte ^ 0x5A)) &* prime
        }
        // Written straight into one 32-byte string: every finding of every candidate release
        // is fingerprinted when findings are merged, so this runs a million times on a big file.
        return String(unsafeUninitializedCapacity: 32) { buffer in
            let digits: StaticString = "0123456789abcdef"
            for (lane, value) in [first, second].enumerated() {
                for nibble in 0..<16 {
                    buffer[lane * 16 + nibble] = digits.utf8Start[Int((value >> UInt64(60 - 4 * nibble)) & 0xF)]
                }
            }
            return 32
        }
    }
}
