import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders

/// One address of a `bind` line (each element of its comma list), of the legacy
/// `listen <name> <address>` header, or of a `server` line.
///
/// Address syntax per HAP `doc/configuration.txt` §2.9 "Address formats": an
/// optional family/protocol prefix ending in `@` (`ipv4@`, `ipv6@`, `tcp@`, `unix@`,
/// `fd@`…), a host (IPv4, IPv6 — bare or in brackets —, a name, `*`, or empty for
/// "all addresses"), then `:port` or `:low-high` after the last colon. Unresolved
/// references such as `${VIP}` or `{{ api_interface_address }}` are kept as text; a
/// colon inside `{…}` never splits host from port.
public struct HAProxyEndpoint: Sendable, Equatable {
    /// The server's name for a `server` line; nil for listening addresses.
    public var name: String?
    /// The address as written (one element of a comma list, after unquoting).
    public var address: String
    /// The family or protocol prefix without its `@` (`ipv6`, `unix`, `fd`…), if any.
    public var prefix: String?
    /// The host part: `""` for `:5672`, `*`, `0.0.0.0`, `::` (brackets removed),
    /// a name, an unresolved `${VIP}` / `{{ … }}`, or the path of a UNIX socket.
    public var host: String
    /// The port when the text after the last colon is a single number in 0…65535;
    /// nil for ranges, unresolved references (`{{ rabbitmq_port }}`), relative
    /// server ports (`+1000`), sockets and missing ports.
    public var port: Int?
    /// The ports covered: `5671...5672` for a range, `5672...5672` for one port.
    public var portRange: ClosedRange<Int>?
    /// The text after the host's colon as written (`"5672"`, `"5671-5672"`,
    /// `"{{ rabbitmq_port }}"`); empty when there is none.
    public var portText: String
    /// Where the address was written (the element itself when the word was written
    /// without quotes or escapes, else the whole word).
    public var location: SourceLocation
    /// A UNIX, abstract-namespace or inherited-descriptor socket rather than an IP
    /// address: it has no port.
    public var isSocket: Bool

    /// Address families that denote sockets without ports (§2.9.1, §2.9.3).
    private static let socketFamilies: Set<String> = [
        "unix", "abns", "abnsz", "fd", "sockpair", "uxst", "uxdg",
    ]

    /// Parses `address` as written at `location`; `name` is the server name, if any.
    public init(parsing address: String, at location: SourceLocation, name: String? = nil) {
        self.name = name
        self.address = address
        self.location = location
        var rest = Substring(address)
        prefix = nil
        if let at = Self.prefixEnd(rest) {
            prefix = String(rest[rest.startIndex..<at])
            rest = rest[rest.index(after: at)...]
        }
        // `stream+unix@`, `dgram+fd@`…: the family is the part after the `+`.
        let family = prefix.map { $0.split(separator: "+").last.map(String.init) ?? $0 }
        isSocket = rest.hasPrefix("/") || family.map { Self.socketFamilies.contains($0) } ?? false
        port = nil
        portRange = nil
        guard !isSocket else {
            host = String(rest)
            portText = ""
            return
        }
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            portText = after.hasPrefix(":") ? String(after.dropFirst()) : String(after)
        } else if let colon = Self.lastTopLevelColon(rest) {
            host = String(rest[rest.startIndex..<colon])
            portText = String(rest[rest.index(after: colon)...])
        } else {
            host = String(rest)
            portText = ""
        }
        if let range = Self.ports(portText) {
            portRange = range
            if range.lowerBound == range.upperBound { port = range.lowerBound }
        }
    }

    /// Whether this address listens on or connects to `port`.
    public func includes(port candidate: Int) -> Bool {
        portRange?.contains(candidate) ?? false
    }

    /// The `@` ending a prefix made of lowercase letters, digits and `+`.
    static func prefixEnd(_ text: Substring) -> Substring.Index? {
        // ASCII text (every address Kolla writes) is walked by bytes, each byte a character;
        // other text by characters, where a combining mark after `@` makes another character.
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return prefixEndByCharacters(text) }
        var index = text.utf8.startIndex
        while index < text.utf8.endIndex {
            let byte = text.utf8[index]
            if byte == UInt8(ascii: "@") { return index == text.startIndex ? nil : index }
            let allowed = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "+")
            guard allowed else { return nil }
            text.utf8.formIndex(after: &index)
        }
        return nil
    }

    static func prefixEndByCharacters(_ text: Substring) -> Substring.Index? {
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "@" { return index == text.startIndex ? nil : index }
            guard character.isASCII, character.isLowercase || character.isNumber || character == "+" else {
                return nil
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// The last `:` outside `{…}` (Jinja expressions and `${VAR}` references).
    static func lastTopLevelColon(_ text: Substring) -> Substring.Index? {
        // By bytes for ASCII text, as in `prefixEnd`.
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return lastTopLevelColonByCharacters(text) }
        var depth = 0
        var found: Substring.Index?
        var index = text.utf8.startIndex
        while index < text.utf8.endIndex {
            switch text.utf8[index] {
            case UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: "}"): depth = max(0, depth - 1)
            case UInt8(ascii: ":") where depth == 0: found = index
            default: break
            }
            text.utf8.formIndex(after: &index)
        }
        return found
    }

    static func lastTopLevelColonByCharacters(_ text: Substring) -> Substring.Index? {
        var depth = 0
        var found: Substring.Index?
        var index = text.startIndex
        while index < text.endIndex {
            switch text[index] {
            case "{": depth += 1
            case "}": depth = max(0, depth - 1)
            case ":" where depth == 0: found = index
            default: break
            }
            index = text.index(after: index)
        }
        return found
    }

    /// `5672` → 5672...5672, `5671-5672` → 5671...5672; nil for anything else: one or two runs
    /// of at most five ASCII digits joined by `-`, each at most 65535, the first not above the
    /// second. (A character that is a digit or `-` is that one byte, so the bytes decide.)
    static func ports(_ text: String) -> ClosedRange<Int>? {
        var numbers: [Int] = []
        var value = 0
        var digits = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "-") {
                guard digits > 0, numbers.isEmpty else { return nil }
                numbers.append(value)
                value = 0
                digits = 0
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 5 else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            digits += 1
        }
        guard digits > 0 else { return nil }
        numbers.append(value)
        guard let low = numbers.first, let high = numbers.last, high <= 65535, low <= high else { return nil }
        return low...high
    }
}
