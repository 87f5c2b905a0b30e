/// oslo.messaging transport URLs: `rabbit://user:pass@host1:5672,user:pass@host2:5672/vhost?opts`.
public enum TransportURL {
    /// The broker hosts a URL lists, in order and once each, without credentials or ports
    /// (`[v6]` addresses without brackets). `nil` when the text is not a URL or a host is
    /// Jinja (`{{ … }}`, `{% … %}`), which rmqlint cannot evaluate; Jinja in the credentials
    /// (`{{ rabbitmq_password }}`) is fine. Each entry is cut at its last `@` before its
    /// path, so a password holding `/` or `:` does not end the host list.
    ///
    /// Every rendered `transport_url` of a fleet goes through here, so an ASCII URL (all of
    /// them in practice) is cut on its bytes; a non-ASCII one keeps the `Character` rules of
    /// ``characterHosts(_:)`` (a combining mark after `,` or `@` joins it into one character).
    public static func hosts(_ url: String) -> [String]? {
        var text = url
        return text.withUTF8 { bytes -> [String]? in
            for byte in bytes where byte >= 0x80 { return characterHosts(url) }
            return asciiHosts(bytes)
        }
    }

    /// ``hosts(_:)`` on the bytes of an ASCII URL: one pass, no `Character` breaking.
    static func asciiHosts(_ bytes: UnsafeBufferPointer<UInt8>) -> [String]? {
        let comma = UInt8(ascii: ","), at = UInt8(ascii: "@"), slash = UInt8(ascii: "/"), question = UInt8(ascii: "?")
        let colon = UInt8(ascii: ":"), open = UInt8(ascii: "["), close = UInt8(ascii: "]")
        let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}"), percent = UInt8(ascii: "%")
        let count = bytes.count
        func hasPair(_ first: UInt8, _ second: UInt8, in range: Range<Int>) -> Bool {
            var index = range.lowerBound
            while index + 1 < range.upperBound {
                if bytes[index] == first, bytes[index + 1] == second { return true }
                index += 1
            }
            return false
        }
        guard !hasPair(openBrace, percent, in: 0..<count) else { return nil }
        var schemeEnd: Int?
        var index = 0
        while index + 2 < count {
            if bytes[index] == colon, bytes[index + 1] == slash, bytes[index + 2] == slash { schemeEnd = index + 3; break }
            index += 1
        }
        guard var start = schemeEnd else { return nil }
        // At most one host per comma-separated entry: the list is made once at its size (it
        // is kept in the model for every `transport_url` of a fleet), up to a size no real
        // cluster reaches (a value of a million commas names few hosts).
        var hosts: [String] = []
        hosts.reserveCapacity(min(bytes[start...].reduce(1) { $1 == comma ? $0 + 1 : $0 }, 64))
        while true {
            var end = start
            while end < count, bytes[end] != comma { end += 1 }
            // The entry is start..<end: credentials end at its last `@`, the path at `/` or `?`.
            var lower = start, upper = end
            var scan = upper
            while scan > lower {
                scan -= 1
                if bytes[scan] == at { lower = scan + 1; break }
            }
            scan = lower
            while scan < upper, bytes[scan] != slash, bytes[scan] != question { scan += 1 }
            upper = scan
            var hostLower = lower, hostUpper = upper
            var bracketed = false
            if lower < upper, bytes[lower] == open {
                var search = lower + 1
                while search < upper, bytes[search] != close { search += 1 }
                if search < upper { hostLower = lower + 1; hostUpper = search; bracketed = true }
            }
            if !bracketed {
                scan = upper
                while scan > lower {
                    scan -= 1
                    if bytes[scan] == colon { hostUpper = scan; break }
                }
            }
            let host = hostLower..<hostUpper
            if hasPair(openBrace, openBrace, in: host) || hasPair(closeBrace, closeBrace, in: host) { return nil }
            if !host.isEmpty {
                let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[host]), as: UTF8.self)
                if !hosts.contains(name) { hosts.append(name) }
            }
            guard end < count else { break }
            start = end + 1
        }
        return hosts
    }

    /// ``hosts(_:)`` on `Character`s: the reference for non-ASCII text, and what the byte
    /// path is tested against.
    static func characterHosts(_ url: String) -> [String]? {
        guard !url.containsASCII("{%"), let scheme = url.utf8RangeOfASCII("://") else { return nil }
        var hosts: [String] = []
        for entry in url[scheme.upperBound...].split(separator: ",", omittingEmptySubsequences: false) {
            var address = entry
            if let at = address.lastIndex(of: "@") { address = address[address.index(after: at)...] }
            if let end = address.firstIndex(where: { $0 == "/" || $0 == "?" }) { address = address[..<end] }
            var host = address
            if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
                host = host[host.index(after: host.startIndex)..<close]
            } else if let colon = host.lastIndex(of: ":") {
                host = host[..<colon]
            }
            if host.contains("{{") || host.contains("}}") { return nil }
            let name = String(host)
            if !name.isEmpty, !hosts.contains(name) { hosts.append(name) }
        }
        return hosts
    }
}
