import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders

/// A path through HAProxy that AMQP traffic takes: a `listen` section, or a frontend
/// with the backends it routes to, or a backend no frontend uses.
public struct AMQPProxyChain: Sendable {
    /// The client-facing proxy (`listen` or `frontend`), if any.
    public var front: HAProxyProxy?
    /// The server-facing proxies (the `listen` itself, or the frontend's backends).
    public var backs: [HAProxyProxy]
    /// The HAProxy view (process) the chain belongs to.
    public var view: HAProxyView

    /// Every proxy of the chain, front first.
    public var proxies: [HAProxyProxy] {
        var result: [HAProxyProxy] = []
        if let front { result.append(front) }
        for back in backs where !(back.kind == front?.kind && back.name == front?.name) { result.append(back) }
        return result
    }
}

extension Deployment {
    /// Ports that carry AMQP: 5672, 5671 (TLS) and the tree's effective `rabbitmq_port`
    /// (KA `ansible/group_vars/all.yml`: `rabbitmq_port: 5672`, 5671 with TLS).
    public var amqpPorts: Set<Int> {
        var ports: Set<Int> = [5671, 5672]
        switch effective.variables?.value("rabbitmq_port") {
        case .int(let port)?: ports.insert(port)
        case .string(let text)?: if let port = Int(text) { ports.insert(port) }
        default: break
        }
        return ports
    }

    /// Whether an endpoint is an AMQP port, numerically or through the Kolla variable.
    public func isAMQP(_ endpoint: HAProxyEndpoint) -> Bool {
        Self.isAMQP(endpoint, ports: amqpPorts)
    }

    /// Whether a proxy binds or forwards an AMQP port.
    public func isAMQP(_ proxy: HAProxyProxy) -> Bool {
        Self.isAMQP(proxy, ports: amqpPorts)
    }

    /// Whether an endpoint is an AMQP port, with ``amqpPorts`` computed once by the caller (it
    /// evaluates `rabbitmq_port`: once per endpoint was a twentieth of a pre-commit run).
    private static func isAMQP(_ endpoint: HAProxyEndpoint, ports: Set<Int>) -> Bool {
        if let port = endpoint.port { return ports.contains(port) }
        return endpoint.portText.contains("rabbitmq_port") || endpoint.portText.contains("om_rpc_port")
    }

    private static func isAMQP(_ proxy: HAProxyProxy, ports: Set<Int>) -> Bool {
        proxy.binds.contains { isAMQP($0, ports: ports) } || proxy.servers.contains { isAMQP($0, ports: ports) }
    }

    /// The AMQP chains of every HAProxy view, listen sections first, then frontends,
    /// then AMQP backends no frontend uses.
    public var amqpProxyChains: [AMQPProxyChain] {
        var chains: [AMQPProxyChain] = []
        let ports = amqpPorts
        func isAMQP(_ proxy: HAProxyProxy) -> Bool { Self.isAMQP(proxy, ports: ports) }
        for view in haproxy {
            let model = view.model
            for proxy in model.proxies {
                switch proxy.kind {
                case .listen where isAMQP(proxy):
                    chains.append(AMQPProxyChain(front: proxy, backs: [proxy], view: view))
                case .frontend:
                    let backends = model.backends(of: proxy)
                    if isAMQP(proxy) || backends.contains(where: isAMQP) {
                        chains.append(AMQPProxyChain(front: proxy, backs: backends, view: view))
                    }
                case .backend where isAMQP(proxy) && model.frontends(using: proxy).isEmpty:
                    chains.append(AMQPProxyChain(front: nil, backs: [proxy], view: view))
                default:
                    continue
                }
            }
        }
        return chains
    }
}

extension HAProxyProxy {
    /// `frontend 'rabbitmq_front'`, as written in messages. Display text: semantic keys use
    /// ``stableID``, so rewording this never changes a fingerprint.
    public var label: String { stableID }

    /// `frontend 'rabbitmq_front'`: the proxy's identity in semantic keys (and so in every
    /// baseline). Its format is frozen; a change needs a baseline migration.
    public var stableID: String {
        let kindName: String
        switch kind {
        case .global: kindName = "global"
        case .defaults: kindName = "defaults"
        case .frontend: kindName = "frontend"
        case .backend: kindName = "backend"
        case .listen: kindName = "listen"
        case .other(let other): kindName = other
        }
        return "\(kindName) '\(name)'"
    }

    /// Whether TCP keep-alives are sent to clients: `option clitcpka`, or `option tcpka`
    /// where the section has a client side, as HAProxy applies them (HAP doc/configuration.txt
    /// "option clitcpka", "option tcpka"; `no option tcpka` is rejected by HAProxy).
    public var hasClientKeepAlive: Bool { tcpKeepAlive(.client)?.enabled ?? false }

    /// Whether TCP keep-alives are sent to servers: `option srvtcpka`, or `option tcpka`.
    public var hasServerKeepAlive: Bool { tcpKeepAlive(.server)?.enabled ?? false }
}

/// A line of Kolla's HAProxy template and the variable that renders it.
public struct KollaTemplateVariable: Sendable {
    /// The variable, e.g. `haproxy_client_timeout`.
    public var name: String
    /// Its Kolla default, e.g. `1m`.
    public var fallback: String
    /// Where globals set it, if they do.
    public var setAt: SourceLocation?
}

extension Deployment {
    /// For a setting that comes from Kolla's HAProxy template (not a file of the tree): the
    /// variable that renders it, its default and where globals set it
    /// (`ModelBuilder.kollaHAProxyDefaults`, cited there). `nil` for settings written in the tree.
    public func kollaTemplateVariable(of setting: HAProxySetting) -> KollaTemplateVariable? {
        guard setting.location.isKollaTemplate else { return nil }
        let words = setting.text.split(separator: " ")
        guard let entry = ModelBuilder.kollaHAProxyDefaults.first(where: {
            words.starts(with: $0.keyword.split(separator: " "))
        }) else { return nil }
        return KollaTemplateVariable(name: entry.variable, fallback: entry.fallback, setAt: globals[entry.variable]?.location)
    }
}

extension HAProxyProxy {
    /// The line of the section's own first directive (nil for a header alone): a fix that
    /// adds a directive indents it like this one.
    public var firstDirectiveLine: Int? { section.directives.first?.location.range.start.line }
}

extension HAProxySetting {
    /// Where the argument at `index` (0 = first word after the keyword) is written: for
    /// `timeout client 20s`, index 1 is `20s` (what a fix replaces).
    public func argumentLocation(_ index: Int) -> SourceLocation { directive.argumentLocation(index) }
}
