import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders

/// Which files under `config/` some Kolla role reads, for a release: every custom-file
/// pattern of the generated ``KollaReads`` table (merge_configs sources, `with_first_found`
/// candidates, copied and templated files, `find` and `fileglob` matches).
public struct OverrideReads: Sendable {
    /// One readable pattern with the task that reads it.
    public struct Entry: Sendable {
        /// The matcher.
        public let matcher: KollaReadPattern
        /// The task.
        public let read: KollaReads.Read
    }

    /// Every readable pattern of the release, in table order.
    public let entries: [Entry]
    /// Service names of the release: a `<host>` component with such a name is a misplaced
    /// service directory, not a host.
    public let serviceNames: Set<String>

    /// The read patterns of every role of `version`; `variables` gives operator variables the
    /// patterns name (`ceph_cluster`), when the tree decides them.
    public init(version: KollaVersion, variables: [String: String] = [:]) {
        let release = version.release
        let all = KollaReads.allServiceNames(release: release)
            .union(KollaKnowledge.services(for: release).map(\.name))
        var entries: [Entry] = []
        let glob = KollaKnowledge.haproxyServicesGlob(version: version)
        // Each role's names (and as bytes) once, not once per pattern.
        var allBytes: [[UInt8]]?
        var byRole: [String: (names: Set<String>, bytes: [[UInt8]])] = [:]
        for read in KollaReads.reads(in: release) {
            for pattern in read.customPatterns {
                // Stein 8.0.x tags have no services.d (the table holds the branch tip).
                if pattern == "haproxy/services.d/*.cfg", glob == nil { continue }
                let names: (names: Set<String>, bytes: [[UInt8]])
                if let known = byRole[read.role] {
                    names = known
                } else {
                    let own = KollaReads.services(role: read.role, release: release)
                    if own.isEmpty {
                        let bytes = allBytes ?? all.map { Array($0.utf8) }
                        allBytes = bytes
                        names = (all, bytes)
                    } else {
                        names = (own, own.map { Array($0.utf8) })
                    }
                    byRole[read.role] = names
                }
                entries.append(Entry(
                    matcher: KollaReadPattern(pattern: pattern, services: names.names, serviceBytes: names.bytes, notHosts: all,
                                             variables: variables),
                    read: read))
            }
        }
        self.entries = entries
        self.serviceNames = all
        self.variables = variables
        index = KollaReadPatternIndex(entries.map(\.matcher))
    }

    /// The entries by component count and first component (``entry(reading:)`` tries only those).
    private let index: KollaReadPatternIndex

    /// The operator variables the patterns were resolved with.
    public let variables: [String: String]

    /// The patterns, without duplicates, in table order.
    public var patterns: [String] {
        var seen: Set<String> = []
        return entries.map(\.matcher.pattern).filter { seen.insert($0).inserted }
    }

    /// The first pattern that reads `relativePath`, if any.
    public func pattern(reading relativePath: String) -> String? {
        entry(reading: relativePath)?.matcher.pattern
    }

    /// The first entry that reads `relativePath`, if any.
    public func entry(reading relativePath: String) -> Entry? {
        let components = KollaReadPattern.components(relativePath)
        return index.first(components: components, where: { entries[$0].matcher.matches(components: components) })
            .map { entries[$0] }
    }

    /// The patterns of one top-level directory (`nova/…`) or of the top level, for messages.
    public func patterns(under directory: String?) -> [String] {
        patterns.filter { pattern in
            guard let directory else { return !pattern.contains("/") }
            return pattern.hasPrefix(directory + "/")
        }
    }
}
