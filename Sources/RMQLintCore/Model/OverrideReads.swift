import Synchronization
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

    /// Every readable pattern of the release, in table order. Built on first use: a run
    /// whose override files are all read matches them against a few buckets of the index
    /// only, and building every matcher of the release was a twentieth of a pre-commit run.
    public var entries: [Entry] { matchers.all() }
    /// Service names of the release: a `<host>` component with such a name is a misplaced
    /// service directory, not a host.
    public let serviceNames: Set<String>

    /// The read patterns of every role of `version`; `variables` gives operator variables the
    /// patterns name (`ceph_cluster`), when the tree decides them.
    public init(version: KollaVersion, variables: [String: String] = [:]) {
        let release = version.release
        let all = KollaReads.allServiceNames(release: release)
            .union(KollaKnowledge.services(for: release).map(\.name))
        var rows: [(pattern: String, read: KollaReads.Read)] = []
        let glob = KollaKnowledge.haproxyServicesGlob(version: version)
        for read in KollaReads.reads(in: release) {
            for pattern in read.customPatterns {
                // Stein 8.0.x tags have no services.d (the table holds the branch tip).
                if pattern == "haproxy/services.d/*.cfg", glob == nil { continue }
                rows.append((pattern, read))
            }
        }
        self.serviceNames = all
        self.variables = variables
        index = KollaReadPatternIndex(shapes: rows.map { KollaReadPattern.shape($0.pattern) })
        matchers = Matchers(rows: rows, release: release, serviceNames: all, variables: variables)
    }

    /// The entries by component count and first component (``entry(reading:)`` tries only those).
    private let index: KollaReadPatternIndex
    /// The matchers, each built the first time it is tried.
    private let matchers: Matchers

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
        return index.first(components: components, where: { matchers.entry($0).matcher.matches(components: components) })
            .map { matchers.entry($0) }
    }

    /// The patterns of one top-level directory (`nova/…`) or of the top level, for messages.
    public func patterns(under directory: String?) -> [String] {
        patterns.filter { pattern in
            guard let directory else { return !pattern.contains("/") }
            return pattern.hasPrefix(directory + "/")
        }
    }

    /// The patterns' matchers, built on demand and kept (shared by the copies of one
    /// ``OverrideReads``; the lock makes it safe to ask from any core).
    private final class Matchers: Sendable {
        private let rows: [(pattern: String, read: KollaReads.Read)]
        private let release: OpenStackRelease
        private let serviceNames: Set<String>
        private let variables: [String: String]
        private let state = Mutex(State())

        private struct State {
            var built: [Int: Entry] = [:]
            /// Each role's names (and as bytes) once, not once per pattern.
            var byRole: [String: (names: Set<String>, bytes: [[UInt8]])] = [:]
            var allBytes: [[UInt8]]?
        }

        init(rows: [(pattern: String, read: KollaReads.Read)], release: OpenStackRelease, serviceNames: Set<String>,
             variables: [String: String]) {
            self.rows = rows
            self.release = release
            self.serviceNames = serviceNames
            self.variables = variables
        }

        /// The entry of row `position`.
        func entry(_ position: Int) -> Entry {
            state.withLock { make(position, &$0) }
        }

        /// Every entry, in table order.
        func all() -> [Entry] {
            state.withLock { state in rows.indices.map { make($0, &state) } }
        }

        private func make(_ position: Int, _ state: inout State) -> Entry {
            if let known = state.built[position] { return known }
            let (pattern, read) = rows[position]
            let names: (names: Set<String>, bytes: [[UInt8]])
            if let known = state.byRole[read.role] {
                names = known
            } else {
                let own = KollaReads.services(role: read.role, release: release)
                if own.isEmpty {
                    let bytes = state.allBytes ?? serviceNames.map { Array($0.utf8) }
                    state.allBytes = bytes
                    names = (serviceNames, bytes)
                } else {
                    names = (own, own.map { Array($0.utf8) })
                }
                state.byRole[read.role] = names
            }
            let entry = Entry(
                matcher: KollaReadPattern(pattern: pattern, services: names.names, serviceBytes: names.bytes, notHosts: serviceNames,
                                         variables: variables),
                read: read)
            state.built[position] = entry
            return entry
        }
    }
}
