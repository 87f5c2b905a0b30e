import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders

/// Which files under `config/` some Kolla role reads, for a release (domain §3; the
/// patterns come from `KollaKnowledge`'s override chains).
public struct OverrideReads: Sendable {
    /// Patterns relative to the override directory; `<host>` matches one path component.
    public let patterns: [String]
    /// Service names of the release: a `<host>` component with such a name is a misplaced
    /// service directory, not a host.
    public let serviceNames: Set<String>

    /// The read patterns of every service of `version`, RabbitMQ's whole-file overrides,
    /// HAProxy's main file and its `services.d` glob.
    public init(version: KollaVersion) {
        let release = version.release
        let services = KollaKnowledge.services(for: release)
        var patterns: Set<String> = []
        for service in services {
            for source in KollaKnowledge.overrideChain(service: service.name, version: version)
            where source.kind == .customFile {
                patterns.insert(source.pattern)
            }
        }
        for file in KollaKnowledge.rabbitMQOverridableFiles(for: release) {
            for source in KollaKnowledge.rabbitMQFileLookup(file: file, release: release) where source.kind == .customFile {
                patterns.insert(source.pattern)
            }
        }
        for source in KollaKnowledge.haproxyMainLookup(release: release) where source.kind == .customFile {
            patterns.insert(source.pattern)
        }
        if let glob = KollaKnowledge.haproxyServicesGlob(version: version) { patterns.insert(glob.pattern) }
        self.patterns = patterns.sorted()
        self.serviceNames = Set(services.map(\.name))
    }

    /// The first pattern that reads `relativePath`, if any.
    public func pattern(reading relativePath: String) -> String? {
        let parts = relativePath.split(separator: "/").map(String.init)
        return patterns.first { pattern in
            let wanted = pattern.split(separator: "/").map(String.init)
            guard wanted.count == parts.count else { return false }
            return zip(wanted, parts).allSatisfy { want, part in
                if want == "<host>" { return !serviceNames.contains(part) }
                if want.hasPrefix("*") { return part.hasSuffix(want.dropFirst()) }
                return want == part
            }
        }
    }

    /// The patterns of one project directory (`nova/…`) or of the top level, for messages.
    public func patterns(under directory: String?) -> [String] {
        patterns.filter { pattern in
            guard let directory else { return !pattern.contains("/") }
            return pattern.hasPrefix(directory + "/")
        }
    }
}
