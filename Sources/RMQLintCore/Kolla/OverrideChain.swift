import RMQLintSource
import RMQLintJinja

// Where Kolla-Ansible reads operator overrides (domain.md §3).
//
// INI chains: the `merge_configs` `sources:` of `ansible/roles/<project>/tasks/config.yml`,
// extracted for every project at queens-eol, rocky-eol, stein-eol, train-eol, ussuri-eol,
// victoria-eol, wallaby-eol, xena-eol, yoga-eol, zed-eol, 2023.1-eol, 2023.2-eol,
// unmaintained/2024.1, 2024.2-eol, stable/2025.1, stable/2025.2, stable/2026.1, master.
// RabbitMQ: `ansible/roles/rabbitmq/tasks/config.yml` `with_first_found` lists at the same
// refs. HAProxy: `ansible/roles/{haproxy,loadbalancer}/tasks/config.yml` and
// `ansible/roles/haproxy-config/tasks/main.yml` at the same refs.

/// One layer Kolla reads, lowest precedence first.
public struct OverrideSource: Hashable, Sendable {
    /// What the layer is.
    public enum Kind: Hashable, Sendable {
        /// A template shipped in Kolla-Ansible (`pattern` is its path in the KA repository).
        case roleTemplate
        /// A file under the operator's `node_custom_config` (`/etc/kolla/config`); `pattern` is
        /// relative to it.
        case customFile
        /// A glob of files under `node_custom_config`, all read (HAProxy `services.d/*.cfg`).
        case customGlob
    }

    /// The layer kind.
    public let kind: Kind
    /// The path, with `<host>` standing for the `inventory_hostname` of per-host layers.
    public let pattern: String
    /// Where the lookup was read.
    public let source: String

    /// Creates a layer.
    public init(kind: Kind, pattern: String, source: String) {
        self.kind = kind
        self.pattern = pattern
        self.source = source
    }

    /// Whether the layer is per host (its path contains `<host>`).
    public var isPerHost: Bool { pattern.contains("<host>") }

    /// The path for one host (`<host>` replaced by `inventory_hostname`).
    public func path(host: String) -> String {
        var result = ""
        var rest = Substring(pattern)
        while let range = rest.kollaRange(of: "<host>") {
            result += rest[..<range.lowerBound]
            result += host
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

extension KollaKnowledge {
    /// The `merge_configs` sources of a service's oslo config, lowest precedence first: the
    /// role template(s), then the custom files relative to `/etc/kolla/config` (§3 table).
    /// Later layers override earlier ones per `[section] key`. Empty for a service the
    /// release does not have.
    ///
    /// Example: nova-compute at 2023.1 → `nova.conf.j2`, `global.conf`, `nova.conf`,
    /// `nova/nova-compute.conf`, `nova/<host>/nova.conf`; from 2023.2 (KA 69a67823, 17.0.0)
    /// also `nova/<host>/nova-compute.conf`.
    public static func overrideChain(service name: String, version: KollaVersion) -> [OverrideSource] {
        let release = version.release
        guard let entry = service(named: name, release: release) else { return [] }
        let project = entry.project
        let configFile = entry.configFileName(in: release)
        let tasks = "KA \(release.kollaAnsibleRef):ansible/roles/\(project)/tasks/config.yml"
        func template(_ file: String) -> OverrideSource {
            OverrideSource(kind: .roleTemplate, pattern: "ansible/roles/\(project)/templates/\(file)", source: tasks)
        }
        func custom(_ path: String, _ note: String? = nil) -> OverrideSource {
            OverrideSource(kind: .customFile, pattern: path, source: note.map { "\(tasks) (\($0))" } ?? tasks)
        }

        // vitrage reads `{{ node_config_directory }}/config/…`, which is /etc/kolla/config only
        // from Train (node_config_directory "/etc/kolla"); before, it was per-project and
        // outside the custom config tree, so only the template counts [KA queens-eol,
        // stein-eol, train-eol: group_vars node_config_directory; vitrage/tasks/config.yml].
        if project == "vitrage" {
            guard release >= .train else { return [template("vitrage.conf.j2")] }
            let note = "read as {{ node_config_directory }}/config/…"
            return [template("vitrage.conf.j2"), custom("global.conf", note), custom("messaging.conf", note),
                    custom("vitrage.conf", note), custom("vitrage/\(name).conf", note), custom("vitrage/<host>/vitrage.conf", note)]
        }
        // manila-share merges two templates and also reads a top-level manila-share.conf.
        if name == "manila-share" {
            return [template("manila.conf.j2"), template("manila-share.conf.j2"), custom("global.conf"), custom("manila.conf"),
                    custom("manila-share.conf"), custom("manila/manila-share.conf"), custom("manila/<host>/manila.conf")]
        }
        if name == "ironic-inspector" {
            return [template("ironic-inspector.conf.j2"), custom("global.conf"), custom("ironic-inspector.conf"),
                    custom("ironic-inspector/inspector.conf"), custom("ironic-inspector/<host>/inspector.conf")]
        }

        let directory = project == "nova-cell" ? "nova" : project
        let projectFile: String
        if project == "glance" {
            projectFile = "glance.conf"
        } else if project == "trove", release <= .victoria {
            // KA queens-eol … victoria-eol trove: `{{ node_custom_config }}/{{ item.key }}.conf`.
            projectFile = "\(name).conf"
        } else {
            projectFile = "\(directory).conf"
        }
        var chain = [template("\(configFile).j2"), custom("global.conf"), custom(projectFile),
                     custom("\(directory)/\(name).conf"), custom("\(directory)/<host>/\(configFile)")]
        if project == "nova-cell", release >= .bobcat {
            chain.append(custom("nova/<host>/\(name).conf", "KA 69a67823, 17.0.0"))
        }
        return chain
    }

    /// The RabbitMQ files an operator can replace whole (`with_first_found`): none before
    /// Stein, `rabbitmq-env.conf`, `rabbitmq.conf`, `definitions.json` from Stein, plus
    /// `erl_inetrc`, `advanced.config` from Train and `enabled_plugins` from Victoria.
    public static func rabbitMQOverridableFiles(for release: OpenStackRelease) -> [String] {
        switch release {
        case .queens, .rocky: []
        case .stein: ["rabbitmq-env.conf", "rabbitmq.conf", "definitions.json"]
        case .train, .ussuri: ["rabbitmq-env.conf", "rabbitmq.conf", "erl_inetrc", "advanced.config", "definitions.json"]
        default: ["rabbitmq-env.conf", "rabbitmq.conf", "erl_inetrc", "advanced.config", "definitions.json", "enabled_plugins"]
        }
    }

    /// Where Kolla looks for a RabbitMQ file, first match wins: the per-host custom file, the
    /// global custom file, then the role template. Queens and Rocky read only the role
    /// template; a file the release does not render gives `[]`.
    public static func rabbitMQFileLookup(file: String, release: OpenStackRelease) -> [OverrideSource] {
        let tasks = "KA \(release.kollaAnsibleRef):ansible/roles/rabbitmq/tasks/config.yml"
        let template = OverrideSource(kind: .roleTemplate, pattern: "ansible/roles/rabbitmq/templates/\(file).j2", source: tasks)
        if release <= .rocky {
            // KA queens-eol, rocky-eol: `template:` over a fixed list, no custom lookup.
            let templated = ["rabbitmq-env.conf", "rabbitmq.config", "rabbitmq-clusterer.config", "definitions.json"]
            return templated.contains(file) ? [template] : []
        }
        guard rabbitMQOverridableFiles(for: release).contains(file) else { return [] }
        return [OverrideSource(kind: .customFile, pattern: "rabbitmq/<host>/\(file)", source: tasks),
                OverrideSource(kind: .customFile, pattern: "rabbitmq/\(file)", source: tasks),
                template]
    }

    /// Where Kolla looks for the main HAProxy config, first match wins: per-host custom file,
    /// global custom file, role template (`haproxy.cfg` before Stein, `haproxy_main.cfg` from
    /// KA f1c81365, 8.0.0).
    public static func haproxyMainLookup(release: OpenStackRelease) -> [OverrideSource] {
        let role = release <= .wallaby ? "haproxy" : "loadbalancer"
        let tasks = "KA \(release.kollaAnsibleRef):ansible/roles/\(role)/tasks/config.yml"
        let file = release <= .rocky ? "haproxy.cfg" : "haproxy_main.cfg"
        let templatePath = release <= .wallaby
            ? "ansible/roles/haproxy/templates/\(file).j2"
            : "ansible/roles/loadbalancer/templates/haproxy/\(file).j2"
        return [OverrideSource(kind: .customFile, pattern: "haproxy/<host>/\(file)", source: tasks),
                OverrideSource(kind: .customFile, pattern: "haproxy/\(file)", source: tasks),
                OverrideSource(kind: .roleTemplate, pattern: templatePath, source: tasks)]
    }

    /// The extra HAProxy files Kolla copies into `services.d/` (every match, templated):
    /// `haproxy/services.d/*.cfg`, from KA 983348cb (8.1.0), faf1ec47 (9.0.0), a3a1b068 (10.0.0);
    /// `nil` before.
    public static func haproxyServicesGlob(version: KollaVersion) -> OverrideSource? {
        let release = version.release
        guard release >= .stein, release != .stein || version.includes(minor: 1) else { return nil }
        let role = release <= .wallaby ? "haproxy" : "loadbalancer"
        return OverrideSource(kind: .customGlob, pattern: "haproxy/services.d/*.cfg",
                              source: "KA \(release.kollaAnsibleRef):ansible/roles/\(role)/tasks/config.yml")
    }

    /// Where `haproxy-config` looks for a service's HAProxy file, first match wins: the
    /// per-service files `haproxy-config/[<host>/]<service>.cfg` (KA e66186f8, 12.0.0), then the
    /// generic template by name (`haproxy_single_service_listen.cfg.j2` Stein–Ussuri,
    /// `haproxy_single_service_split.cfg.j2` from Victoria; the name keeps its `.j2`), then the
    /// role template. Before Stein there are no per-service files (one `haproxy.cfg`).
    public static func haproxyServiceLookup(service haproxyService: String, release: OpenStackRelease) -> [OverrideSource] {
        guard release >= .stein else { return [] }
        let tasks = "KA \(release.kollaAnsibleRef):ansible/roles/haproxy-config/tasks/main.yml"
        let generic = release <= .ussuri ? "haproxy_single_service_listen.cfg.j2" : "haproxy_single_service_split.cfg.j2"
        var lookup: [OverrideSource] = []
        if release >= .wallaby {
            lookup.append(OverrideSource(kind: .customFile, pattern: "haproxy-config/<host>/\(haproxyService).cfg", source: tasks))
            lookup.append(OverrideSource(kind: .customFile, pattern: "haproxy-config/\(haproxyService).cfg", source: tasks))
        }
        lookup.append(OverrideSource(kind: .customFile, pattern: "haproxy-config/<host>/\(generic)", source: tasks))
        lookup.append(OverrideSource(kind: .customFile, pattern: "haproxy-config/\(generic)", source: tasks))
        lookup.append(OverrideSource(kind: .roleTemplate, pattern: "ansible/roles/haproxy-config/templates/\(generic)", source: tasks))
        return lookup
    }
}

extension Substring {
    /// The first range of `needle` (byte-wise; both are compared as UTF-8).
    package func kollaRange(of needle: String) -> Range<Substring.Index>? {
        let target = Array(needle.utf8)
        guard !target.isEmpty else { return nil }
        var index = utf8.startIndex
        while index != utf8.endIndex {
            var probe = index
            var matched = 0
            while matched < target.count, probe != utf8.endIndex, utf8[probe] == target[matched] {
                matched += 1
                probe = utf8.index(after: probe)
            }
            if matched == target.count { return index..<probe }
            index = utf8.index(after: index)
        }
        return nil
    }
}
