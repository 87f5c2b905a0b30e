import RMQLintEngine
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

// Fixes of the `heartbeat_in_pthread` rules (RMQ204, RMQ205): the value goes into the
// override file Kolla reads for the service in this release (`serviceFile`, from the
// generated table of what each role's merge_configs reads), created when missing — and only
// where every service that reads that file wants the value written.

extension EffectiveSettingSources {
    /// The display path of a file given relative to the deployment root.
    static func displayPath(_ treePath: String, in deployment: Deployment) -> String {
        deployment.root == "." ? treePath : PathUtilities.join(deployment.root, treePath)
    }

    /// The configs of the deployment (every service on every host, and per host) whose
    /// override chain reads the tree file `treePath` (`config/nova/nova-api.conf`), with the
    /// host each per-host layer is read for.
    static func configsReading(_ treePath: String, in deployment: Deployment) -> [EffectiveServiceConfig] {
        let prefix = deployment.overridePrefix + "/"
        guard treePath.hasPrefix(prefix) else { return [] }
        let relative = String(treePath.dropFirst(prefix.count))
        return deployment.effective.configs.filter { config in
            guard case .kolla = config.origin, let service = config.service else { return false }
            return KollaKnowledge.overrideChain(service: service, version: deployment.release.version).contains { layer in
                guard layer.kind == .customFile else { return false }
                if layer.isPerHost { return config.host.map { layer.path(host: $0) == relative } ?? false }
                return layer.pattern == relative
            }
        }
    }

    /// Whether `heartbeat_in_pthread = value` is right for the service of `config` on this
    /// release: true only for WSGI services (RMQ204), and for the WSGI services that want it
    /// (Kolla renders true, or eventlet-patched under WSGI: RMQ205) never false.
    static func pthreadIsRight(_ value: Bool, for config: EffectiveServiceConfig, release: OpenStackRelease) -> Bool {
        guard let service = config.kollaService else { return true }
        if value { return service.wsgi }
        let wants = service.wsgi
            && (service.heartbeatInPthread || KollaKnowledge.isEventletPatchedUnderWSGI(service: service.name, release: release))
        return !wants
    }

    /// The edit writing `[oslo_messaging_rabbit] heartbeat_in_pthread = value` into the
    /// service's own override file, or nil when the release has no such file or a service
    /// that reads it must not get the value.
    static func pthreadEdit(service: String, value: Bool, in deployment: Deployment) -> (treePath: String, edit: FixEdit)? {
        guard let file = deployment.serviceOverrideFile(service) else { return nil }
        let release = deployment.release.version.release
        guard configsReading(file, in: deployment).allSatisfy({ pthreadIsRight(value, for: $0, release: release) }) else {
            return nil
        }
        return (file, .insertLine(
            path: displayPath(file, in: deployment), section: rabbitSection,
            line: "heartbeat_in_pthread = \(value)"))
    }

    /// Whether the tree has the file (display path) already.
    static func exists(_ treePath: String, in deployment: Deployment) -> Bool {
        deployment.files.contains(displayPath(treePath, in: deployment))
    }
}
