import FuzzSupport
import RMQLintCore

/// HAProxy configuration: the loader, then the model (defaults inheritance, `from`
/// chains, keep-alive and timeout lookups, endpoints) over the file loaded twice, as a
/// main file followed by a services.d file.
func fuzzHAProxy(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let halves = Fuzz.parts(bytes, separator: 0, count: 2)
    var configs: [HAProxyConfig] = []
    for (index, part) in halves.enumerated() {
        let path = index == 0 ? "haproxy/haproxy.cfg" : "haproxy/services.d/rabbitmq.cfg"
        let result = HAProxyLoader.parse(Fuzz.text(part, path: path), path: path)
        Fuzz.check(result.diagnostics, path: path)
        for section in result.config.sections {
            Fuzz.check(section.headerLocation)
            for directive in section.directives {
                Fuzz.check(directive.location)
                _ = directive.keywordLocation
                for index in directive.arguments.indices { _ = directive.argumentLocation(index) }
            }
        }
        configs.append(result.config)
    }
    let model = HAProxyModel.build(configs)
    for diagnostic in model.diagnostics { Fuzz.check(diagnostic.location) }
    for proxy in model.proxies {
        for option in ["tcpka", "clitcpka", "srvtcpka", "httplog", "redispatch"] { _ = proxy.option(option) }
        _ = model.backends(of: proxy)
        _ = model.frontends(using: proxy)
        for endpoint in proxy.binds + proxy.servers { _ = endpoint }
    }
    return 0
}
