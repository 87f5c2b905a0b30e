/// oslo.messaging transport URLs: `rabbit://user:pass@host1:5672,user:pass@host2:5672/vhost?opts`.
public enum TransportURL {
    /// The broker hosts a URL lists, in order and once each, without credentials or ports
    /// (`[v6]` addresses without brackets). `nil` when the text is not a URL or a host is
    /// Jinja (`{{ … }}`, `{% … %}`), which rmqlint cannot evaluate; Jinja in the credentials
    /// (`{{ rabbitmq_password }}`) is fine. Each entry is cut at its last `@` before its
    /// path, so a password holding `/` or `:` does not end the host list.
    public static func hosts(_ url: String) -> [String]? {
        guard !url.contains("{%"), let scheme = url.firstRange(of: "://") else { return nil }
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
