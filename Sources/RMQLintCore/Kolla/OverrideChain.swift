import RMQLintSource
import RMQLintJinja

// Where Kolla-Ansible reads operator overrides (docs/domain.md §3), from the generated table of
// `KollaReads` (scripts/kolla-reads.py over kolla-ansible's role tasks, one ref per series;
// the ref and commit of each release are in data/kolla-reads.tsv).

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
    public var isPerHost: Bool { pattern.containsASCII("<host>") }

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
    /// release does not have; only the template when no task of the release merges custom
    /// files into it (vitrage before Train, trove-conductor on Queens).
    ///
    /// Example: nova-compute at 2023.1 → `nova-cell/templates/nova.conf.j2`, `global.conf`,
    /// `nova.conf`, `nova/nova-compute.conf`, `nova/<host>/nova.conf`; from 2023.2 also
    /// `nova/<host>/nova-compute.conf`.
    public static func overrideChain(service name: String, version: KollaVersion) -> [OverrideSource] {
        // A pure function of the release data, asked for every service by each candidate
        // model and again by its rendered keys.
        overrideChains.value(OverrideChainKey(service: name, version: version)) {
            computeOverrideChain(service: $0.service, version: $0.version)
        }
    }

    private struct OverrideChainKey: Hashable, Sendable {
        let service: String
        let version: KollaVersion
    }

    /// Bounded: versions × services of the catalogue.
    private static let overrideChains = BoundedCache<OverrideChainKey, [OverrideSource]>(capacity: 65_536)

    private static func computeOverrideChain(service name: String, version: KollaVersion) -> [OverrideSource] {
        let release = version.release
        guard let entry = service(named: name, release: release) else { return [] }
        let configFile = entry.configFileName(in: release)
        let wanted = "\(name)/\(configFile)"
        // A task written for this service alone wins over the loop over every service
        // (manila-share: its own task merges manila-share.conf.j2 too).
        let merges = KollaReads.reads(in: release).filter { read in
            read.role == entry.project && read.isOsloMerge
                && read.destination.map { $0.kollaReplacing("<service>", with: name) } == wanted
        }
        let merge = merges.first { $0.destination == wanted } ?? merges.first
        guard let merge else {
            let template = "ansible/roles/\(entry.project)/templates/\(configFile).j2"
            return [OverrideSource(kind: .roleTemplate, pattern: template,
                                   source: KollaReads.cite("ansible/roles/\(entry.project)/tasks/config.yml", release: release))]
        }
        let source = KollaReads.cite(merge.taskFile, release: release)
        return merge.sources.map { pattern in
            let concrete = pattern.kollaReplacing("<service>", with: name)
            if concrete.hasPrefix("@") {
                return OverrideSource(kind: .roleTemplate, pattern: String(concrete.dropFirst()), source: source)
            }
            return OverrideSource(kind: .customFile, pattern: concrete, source: source)
        }
    }

    /// The `first_found` task of a role that produces `destination` (relative to /etc/kolla).
    static func firstFound(role roles: Set<String>, destination: String, release: OpenStackRelease) -> KollaReads.Read? {
        KollaReads.reads(in: release).first { roles.contains($0.role) && $0.module == "first_found" && $0.destination == destination }
    }

    /// The sources of a `first_found` task as layers (first match wins).
    static func lookup(_ read: KollaReads.Read, release: OpenStackRelease) -> [OverrideSource] {
        let source = KollaReads.cite(read.taskFile, release: release)
        return read.sources.map { pattern in
            pattern.hasPrefix("@")
                ? OverrideSource(kind: .roleTemplate, pattern: String(pattern.dropFirst()), source: source)
                : OverrideSource(kind: .customFile, pattern: pattern, source: source)
        }
    }

    /// The RabbitMQ files an operator can replace whole (`with_first_found` in the rabbitmq
    /// role): none before Stein, `rabbitmq-env.conf`, `rabbitmq.conf`, `definitions.json` from
    /// Stein, plus `erl_inetrc`, `advanced.config` from Train and `enabled_plugins` from Victoria.
    public static func rabbitMQOverridableFiles(for release: OpenStackRelease) -> [String] {
        KollaReads.reads(in: release).compactMap { read -> String? in
            guard read.role == "rabbitmq", read.module == "first_found", let destination = read.destination,
                  destination.hasPrefix("rabbitmq/") else { return nil }
            return String(destination.dropFirst("rabbitmq/".count))
        }
    }

    /// Where Kolla looks for a RabbitMQ file, first match wins: the per-host custom file, the
    /// global custom file, then the role template. Queens and Rocky read only the role
    /// template; a file the release does not render gives `[]`.
    public static func rabbitMQFileLookup(file: String, release: OpenStackRelease) -> [OverrideSource] {
        if release <= .rocky {
            // KA queens-eol, rocky-eol: `template:` over a fixed list, no custom lookup.
            let templated = ["rabbitmq-env.conf", "rabbitmq.config", "rabbitmq-clusterer.config", "definitions.json"]
            let source = KollaReads.cite("ansible/roles/rabbitmq/tasks/config.yml", release: release)
            return templated.contains(file)
                ? [OverrideSource(kind: .roleTemplate, pattern: "ansible/roles/rabbitmq/templates/\(file).j2", source: source)] : []
        }
        guard let read = firstFound(role: ["rabbitmq"], destination: "rabbitmq/\(file)", release: release) else { return [] }
        return lookup(read, release: release)
    }

    /// Where Kolla looks for the main HAProxy config, first match wins: per-host custom file,
    /// global custom file, role template (`haproxy.cfg` before Stein, `haproxy_main.cfg` from
    /// KA f1c81365, 8.0.0).
    public static func haproxyMainLookup(release: OpenStackRelease) -> [OverrideSource] {
        guard let read = firstFound(role: ["haproxy", "loadbalancer"], destination: "haproxy/haproxy.cfg", release: release)
        else { return [] }
        return lookup(read, release: release)
    }

    /// The extra HAProxy files Kolla copies into `services.d/` (every match, templated):
    /// `haproxy/services.d/*.cfg` from the table, which holds branch tips; the Stein feature
    /// arrived in 8.1.0 (KA 983348cb), so Stein tags 8.0.x have none. `nil` before.
    public static func haproxyServicesGlob(version: KollaVersion) -> OverrideSource? {
        let release = version.release
        guard release != .stein || version.includes(minor: 1) else { return nil }
        guard let read = KollaReads.reads(in: release).first(where: {
            ["haproxy", "loadbalancer"].contains($0.role) && $0.module == "fileglob" && $0.customPatterns.contains("haproxy/services.d/*.cfg")
        }) else { return nil }
        return OverrideSource(kind: .customGlob, pattern: "haproxy/services.d/*.cfg",
                              source: KollaReads.cite(read.taskFile, release: release))
    }

    /// Where `haproxy-config` looks for a service's HAProxy file, first match wins: the
    /// per-service files `haproxy-config/[<host>/]<service>.cfg` (from Wallaby), then the
    /// generic template by name (`haproxy_single_service_listen.cfg.j2` Stein–Ussuri,
    /// `haproxy_single_service_split.cfg.j2` from Victoria; the name keeps its `.j2`), then the
    /// role template. Before Stein there are no per-service files (one `haproxy.cfg`).
    public static func haproxyServiceLookup(service haproxyService: String, release: OpenStackRelease) -> [OverrideSource] {
        guard let read = KollaReads.reads(in: release).first(where: { $0.role == "haproxy-config" && $0.module == "template" })
        else { return [] }
        let source = KollaReads.cite(read.taskFile, release: release)
        var lookup = read.customPatterns.map {
            OverrideSource(kind: .customFile, pattern: $0.kollaReplacing("<service>", with: haproxyService), source: source)
        }
        if let generic = read.customPatterns.last.map({ PathUtilities.basename($0) }) {
            lookup.append(OverrideSource(kind: .roleTemplate, pattern: "ansible/roles/haproxy-config/templates/\(generic)", source: source))
        }
        return lookup
    }
}

extension String {
    /// Every occurrence of `target` replaced by `replacement` (byte-wise).
    func kollaReplacing(_ target: String, with replacement: String) -> String {
        var rest = Substring(self)
        // A text without one comes back as it is, not copied piece by piece.
        guard rest.kollaRange(of: target) != nil else { return self }
        var result = ""
        while let range = rest.kollaRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

extension Substring {
    /// The first range of `needle` (byte-wise; both are compared as UTF-8).
    package func kollaRange(of needle: String) -> Range<Substring.Index>? {
        // Compared as contiguous bytes: stepping through `utf8` index by index was most of
        // the cost of the override chains and rendered keys a pre-commit run builds.
        var text = self
        var wanted = needle
        let found = text.withUTF8 { haystack in
            wanted.withUTF8 { needle in Self.firstOffset(of: needle, in: haystack) }
        }
        guard let offset = found else { return nil }
        let start = utf8.index(utf8.startIndex, offsetBy: offset)
        return start..<utf8.index(start, offsetBy: needle.utf8.count)
    }

    /// The offset of the first occurrence of a non-empty `needle` in `haystack`.
    private static func firstOffset(of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = needle.first, needle.count <= haystack.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == first {
            var matched = 1
            while matched < needle.count, haystack[start + matched] == needle[matched] { matched += 1 }
            if matched == needle.count { return start }
        }
        return nil
    }
}
