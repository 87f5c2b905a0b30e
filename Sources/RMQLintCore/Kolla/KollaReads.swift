import RMQLintSource

// What Kolla-Ansible reads from `node_custom_config` (/etc/kolla/config), per release (docs/spec.md §10.3).
//
// The data is generated: `scripts/kolla-reads.py extract` reads every `ansible/roles/*/tasks/*.yml`
// of openstack/kolla-ansible at one ref per series (the `release` rows: ref and commit) and writes
// `data/kolla-reads.tsv`; `scripts/kolla-reads.py generate` turns its rows into Swift values in
// `Generated/KollaReadsData.swift` (nothing is parsed at start-up). `KollaReadsDataTests` fails
// when the script's output, the Swift file and the table disagree.

/// The files Kolla-Ansible's roles read from the operator's custom config directory.
public enum KollaReads {
    /// One task that reads custom files.
    public struct Read: Hashable, Sendable {
        /// The releases whose role has this task.
        public let releases: ClosedRange<OpenStackRelease>
        /// The Kolla-Ansible role (`nova-cell`, `loadbalancer` …).
        public let role: String
        /// `merge_configs`, `merge_yaml` (every source merged, later wins), `first_found` (the
        /// first existing source is used whole), `copy`, `template`, `find`, `stat`, `fileglob`,
        /// `other`.
        public let module: String
        /// The task file in kolla-ansible (`ansible/roles/nova/tasks/config.yml`).
        public let taskFile: String
        /// Where the result goes, relative to `/etc/kolla` (`<service>/nova.conf`); `nil` if none.
        public let destination: String?
        /// The sources in the order Kolla lists them: role templates as
        /// `@ansible/roles/<role>/templates/<file>`, custom files relative to `node_custom_config`
        /// with `<host>`, `<service>`, `<name>` placeholders and `*` globs.
        public let sources: [String]

        /// The custom-file patterns of the task.
        public var customPatterns: [String] { sources.filter { !$0.hasPrefix("@") } }

        /// Whether the task merges an oslo.config file: a `merge_configs` of a role template
        /// into a `.conf` that is not Ceph's.
        public var isOsloMerge: Bool {
            guard module == "merge_configs", let destination, destination.hasSuffix(".conf") else { return false }
            return !destination.containsASCII("ceph") && sources.contains { $0.hasPrefix("@") }
        }

        /// A generated row (`Generated/KollaReadsData.swift`): releases as raw values, first and last.
        init(_ first: Int, _ last: Int, _ role: String, _ module: String, _ taskFile: String, _ destination: String?,
             _ sources: [String]) {
            self.init(releases: KollaReads.releases(first, last), role: role, module: module, taskFile: taskFile,
                      destination: destination, sources: sources)
        }

        init(releases: ClosedRange<OpenStackRelease>, role: String, module: String, taskFile: String, destination: String?,
             sources: [String]) {
            self.releases = releases
            self.role = role
            self.module = module
            self.taskFile = taskFile
            self.destination = destination
            self.sources = sources
        }
    }

    /// A generated `services` row: the names of a role's `*_services` dictionaries, sorted.
    struct ServiceRow: Sendable {
        let releases: ClosedRange<OpenStackRelease>
        let role: String
        let names: [String]

        init(_ first: Int, _ last: Int, _ role: String, _ names: [String]) {
            releases = KollaReads.releases(first, last)
            self.role = role
            self.names = names
        }
    }

    /// A generated `renders` row: the `section.transport_url` lines a role template renders, sorted.
    struct RenderRow: Sendable {
        let releases: ClosedRange<OpenStackRelease>
        let template: String
        let keys: [String]

        init(_ first: Int, _ last: Int, _ template: String, _ keys: [String]) {
            releases = KollaReads.releases(first, last)
            self.template = template
            self.keys = keys
        }
    }

    /// `first...last` of raw values; the generator writes only valid, ordered ones
    /// (`KollaReadsDataTests` compares every row with the table).
    private static func releases(_ first: Int, _ last: Int) -> ClosedRange<OpenStackRelease> {
        let low = OpenStackRelease(rawValue: first) ?? .queens
        return low...max(low, OpenStackRelease(rawValue: last) ?? .master)
    }

    /// The kolla-ansible ref and commit a release's rows were read at.
    public struct Citation: Hashable, Sendable {
        /// `2023.2-eol`, `stable/2025.1`, `master` …
        public let ref: String
        /// The full commit hash.
        public let commit: String

        /// `2023.2-eol (94ecb2ef)`.
        public var short: String { "\(ref) (\(commit.prefix(8)))" }
    }

    /// The table as read from its text by ``parse(_:)``: what the tests compare the generated
    /// rows with.
    struct Table: Sendable {
        var citations: [OpenStackRelease: Citation] = [:]
        var reads: [Read] = []
        var services: [(releases: ClosedRange<OpenStackRelease>, role: String, names: Set<String>)] = []
        var renders: [(releases: ClosedRange<OpenStackRelease>, template: String, keys: Set<String>)] = []
        var problems: [String] = []
    }

    /// Parses the tab-separated table (`data/kolla-reads.tsv`); malformed rows are listed in
    /// `problems`. The binary does not use it (the generator turned the rows into Swift
    /// values); the tests read the committed table with it.
    static func parse(_ text: String) -> Table {
        var result = Table()
        // Split as bytes: splitting the 120 kB table by Character (grapheme breaking) was a
        // tenth of a pre-commit run. The table is generated ASCII text with `\n` line ends.
        let all = Array(text.utf8)
        let lines = all.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
        for (index, bytes) in lines.enumerated() {
            if bytes.first == UInt8(ascii: "#") { continue }
            let line = String(decoding: bytes, as: UTF8.self)
            let fields = bytes.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
                .map { String(decoding: $0, as: UTF8.self) }
            func problem() { result.problems.append("line \(index + 1): \(line)") }
            switch fields.first {
            case "release":
                guard fields.count == 4, let release = OpenStackRelease(name: fields[1]) else { problem(); continue }
                result.citations[release] = Citation(ref: fields[2], commit: fields[3])
            case "services":
                guard fields.count == 4, let range = releaseRange(fields[1]) else { problem(); continue }
                let names = fields[3] == "-" ? [] : fields[3].utf8.split(separator: UInt8(ascii: ",")).map { String(Substring($0)) }
                result.services.append((range, fields[2], Set(names)))
            case "renders":
                guard fields.count == 4, let range = releaseRange(fields[1]) else { problem(); continue }
                let keys = fields[3] == "-" ? [] : fields[3].utf8.split(separator: UInt8(ascii: ",")).map { String(Substring($0)) }
                result.renders.append((range, fields[2], Set(keys)))
            case "read":
                guard fields.count == 7, let range = releaseRange(fields[1]) else { problem(); continue }
                result.reads.append(Read(
                    releases: range, role: fields[2], module: fields[3], taskFile: fields[4],
                    destination: fields[5] == "-" ? nil : fields[5],
                    sources: fields[6].utf8.split(separator: UInt8(ascii: ";")).map { String(Substring($0)) }))
            default:
                problem()
            }
        }
        return result
    }

    private static func releaseRange(_ text: String) -> ClosedRange<OpenStackRelease>? {
        // `2023.1..master`: the series names contain single dots, never two.
        guard let range = Substring(text).kollaRange(of: "..") else { return nil }
        guard let first = OpenStackRelease(name: String(text[..<range.lowerBound])),
              let last = OpenStackRelease(name: String(text[range.upperBound...])), first <= last else { return nil }
        return first...last
    }

    /// The ref and commit a release was read at.
    public static func citation(for release: OpenStackRelease) -> Citation? {
        citationRows.indices.contains(release.rawValue) ? citationRows[release.rawValue] : nil
    }

    /// Every reading task of a release.
    public static func reads(in release: OpenStackRelease) -> [Read] {
        // Filtered once per release a run asks for: the override chain of every service asks
        // for its release's reads (copying the whole table each time was a tenth of a
        // pre-commit run; filtering it for every release up front, a fiftieth).
        readsByRelease.value(release) { release in readRows.filter { $0.releases.contains(release) } }
    }

    private static let readsByRelease = BoundedCache<OpenStackRelease, [Read]>(capacity: 256)

    /// The `transport_url` lines a role template renders in a release, as `section.transport_url`
    /// (`DEFAULT.transport_url`, `oslo_messaging_notifications.transport_url`); `nil` when the
    /// table does not cover the template.
    public static func renderedTransportKeys(template: String, release: OpenStackRelease) -> Set<String>? {
        renderRows.first { $0.template == template && $0.releases.contains(release) }.map { Set($0.keys) }
    }

    /// The service names of a role's `*_services` dictionaries in a release.
    public static func services(role: String, release: OpenStackRelease) -> Set<String> {
        var names: Set<String> = []
        for entry in serviceRows where entry.role == role && entry.releases.contains(release) {
            names.formUnion(entry.names)
        }
        return names
    }

    /// Every service name of every reading role in a release.
    public static func allServiceNames(release: OpenStackRelease) -> Set<String> {
        var names: Set<String> = []
        for entry in serviceRows where entry.releases.contains(release) { names.formUnion(entry.names) }
        return names
    }

    /// A `kolla-ansible` citation of a file of a release, one form everywhere: the ref, the path,
    /// the commit the ref was read at: `KA 2023.2-eol:ansible/roles/… @ 94ecb2ef`.
    /// `line` cites one line of the file: `KA zed-eol:ansible/roles/… L9 @ b1527cd9`.
    public static func cite(_ path: String, release: OpenStackRelease, line: Int? = nil) -> String {
        let at = path + (line.map { " L\($0)" } ?? "")
        guard let citation = citation(for: release) else { return "KA \(release.kollaAnsibleRef):\(at)" }
        return "KA \(citation.ref):\(at) @ \(citation.commit.prefix(8))"
    }
}

/// Matches a relative path against a table pattern.
public struct KollaReadPattern: Sendable {
    /// The pattern (`nova/<host>/<service>.conf`).
    public let pattern: String
    /// Names `<service>` may stand for.
    public let services: Set<String>
    /// Names a `<host>` component may not be (service names: a directory named after a service
    /// is a misplaced override, not a host).
    public let notHosts: Set<String>

    /// Values of operator variables in the pattern (`ceph_cluster` → `ceph`); a placeholder
    /// without a value matches any text.
    public let variables: [String: String]

    /// The pattern's components as bytes, split once: a pre-commit run matches every file of a
    /// tree against hundreds of patterns.
    private let components: [ArraySlice<UInt8>]
    /// The texts a `<name>` placeholder stands for, as bytes: `<service>` the service names,
    /// a variable its value (a variable wins over `service`).
    private let literals: [String: [[UInt8]]]

    /// Creates a matcher.
    public init(pattern: String, services: Set<String>, notHosts: Set<String>, variables: [String: String] = [:]) {
        self.init(pattern: pattern, services: services, serviceBytes: services.map { Array($0.utf8) },
                  notHosts: notHosts, variables: variables)
    }

    /// Creates a matcher whose service names are also given as bytes (`services.map {
    /// Array($0.utf8) }`), so patterns of one role share them instead of converting hundreds
    /// of names per pattern.
    public init(pattern: String, services: Set<String>, serviceBytes: [[UInt8]], notHosts: Set<String>, variables: [String: String]) {
        self.pattern = pattern
        self.services = services
        self.notHosts = notHosts
        self.variables = variables
        components = Self.components(pattern)
        var literals: [String: [[UInt8]]] = ["service": serviceBytes]
        for (name, value) in variables { literals[name] = [Array(value.utf8)] }
        self.literals = literals
    }

    /// `path` split at `/` (empty components dropped), as bytes: what
    /// ``matches(components:)`` takes, so a path matched against many patterns is split once.
    public static func components(_ path: String) -> [ArraySlice<UInt8>] {
        Array(path.utf8).split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true)
    }

    private static let hostPlaceholder = Array("<host>".utf8)

    /// The number of path components a matching path has.
    public var componentCount: Int { components.count }

    /// The first component when it is literal text (no placeholder, no glob): only paths
    /// whose first component is this text can match.
    public var literalFirstComponent: String? { Self.literalFirst(components) }

    /// A pattern's ``componentCount`` and ``literalFirstComponent``, without building its
    /// matcher: where ``KollaReadPatternIndex`` files it.
    /// One pass over the bytes, nothing allocated but the first component: the any-release
    /// table files every pattern of every release this way at start-up.
    public static func shape(_ pattern: String) -> (componentCount: Int, literalFirstComponent: String?) {
        let bytes = pattern.utf8
        var count = 0
        var literal = true
        var start: String.Index?
        var first: Range<String.Index>?
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "/") {
                if let begun = start {
                    count += 1
                    if count == 1 { first = begun..<index }
                    start = nil
                }
            } else {
                if start == nil { start = index }
                if count == 0, byte == UInt8(ascii: "<") || byte == UInt8(ascii: "*") { literal = false }
            }
            index = bytes.index(after: index)
        }
        if let begun = start {
            count += 1
            if count == 1 { first = begun..<bytes.endIndex }
        }
        guard literal, let first else { return (count, nil) }
        return (count, String(pattern[first]))
    }

    private static func literalFirst(_ components: [ArraySlice<UInt8>]) -> String? {
        guard let first = components.first,
              !first.contains(UInt8(ascii: "<")), !first.contains(UInt8(ascii: "*")) else { return nil }
        return String(decoding: first, as: UTF8.self)
    }

    /// Whether `path` (relative to the custom config directory) is a file this pattern reads.
    public func matches(_ path: String) -> Bool {
        matches(components: Self.components(path))
    }

    /// Whether the path split by ``components(_:)`` is a file this pattern reads.
    public func matches(components parts: [ArraySlice<UInt8>]) -> Bool {
        guard components.count == parts.count else { return false }
        for (want, part) in zip(components, parts) {
            if want.elementsEqual(Self.hostPlaceholder) {
                if notHosts.contains(String(decoding: part, as: UTF8.self)) { return false }
                continue
            }
            guard component(want, part) else { return false }
        }
        return true
    }

    /// One component: literals, `*` and `<name>` (any non-empty text), `<service>` (a service
    /// name), `<number>` (digits), `<variable>` (its value when known), `<host>` inside a
    /// component (any non-empty text).
    private func component(_ want: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        guard let first = want.first else { return text.isEmpty }
        if first == UInt8(ascii: "*") {
            let rest = want.dropFirst()
            var index = text.startIndex
            while index <= text.endIndex {
                if index > text.startIndex, component(rest, text[index...]) { return true }
                index += 1
            }
            return false
        }
        if first == UInt8(ascii: "<"), let close = want.firstIndex(of: UInt8(ascii: ">")) {
            let name = String(decoding: want[(want.startIndex + 1)..<close], as: UTF8.self)
            let rest = want[(close + 1)...]
            if let literals = literals[name] {
                for bytes in literals {
                    if text.starts(with: bytes), component(rest, text.dropFirst(bytes.count)) { return true }
                }
                return false
            }
            var index = text.startIndex + 1
            while index <= text.endIndex {
                if name == "number", !(text[text.startIndex..<index].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }) { return false }
                if component(rest, text[index...]) { return true }
                index += 1
            }
            return false
        }
        guard text.first == first else { return false }
        return component(want.dropFirst(), text.dropFirst())
    }
}

extension KollaReads {
    /// How Kolla reads a custom file in some release.
    public enum ReadKind: Sendable {
        /// Merged into a service's oslo.config file (`merge_configs` of a role template).
        case osloMerge
        /// Read, but not as an oslo.config layer: Ceph files, keyrings, Apache / uWSGI files,
        /// policy files, keystone domain files, dnsmasq, HAProxy, RabbitMQ files …
        case other
    }

    /// A generated `anyRelease` row: a custom pattern of some release, where it can match
    /// (``KollaReadPattern/shape(_:)``), its role, and whether an oslo merge reads it
    /// (``Read/isOsloMerge``).
    struct AnyReleaseRow: Hashable, Sendable {
        /// The pattern's number of components.
        let count: Int
        /// Its first component when literal; nil for a placeholder or glob.
        let first: String?
        let pattern: String
        let role: String
        let oslo: Bool

        init(_ count: Int, _ first: String?, _ pattern: String, _ role: String, _ oslo: Bool) {
            self.count = count
            self.first = first
            self.pattern = pattern
            self.role = role
            self.oslo = oslo
        }

        /// The bucket order of ``anyReleaseRows``: by count, then first component (none first).
        var bucketKey: (Int, String) { (count, first ?? "") }
    }

    /// Where a pattern can match: paths of its number of components whose first component
    /// is its literal first component (`nil`: any first component).
    private struct Bucket: Hashable, Sendable {
        let count: Int
        let first: String?
    }

    /// The generated rows of one bucket, found by binary search in ``anyReleaseRows`` (sorted
    /// by bucket; a literal first component is never empty, so `""` stands for none).
    private static func anyReleaseRows(in bucket: Bucket) -> ArraySlice<AnyReleaseRow> {
        let rows = anyReleaseRows
        let key = (bucket.count, bucket.first ?? "")
        var low = rows.startIndex
        var high = rows.endIndex
        while low < high {
            let middle = low + (high - low) / 2
            if rows[middle].bucketKey < key { low = middle + 1 } else { high = middle }
        }
        var end = low
        while end < rows.endIndex, rows[end].count == bucket.count, rows[end].first == bucket.first { end += 1 }
        return rows[low..<end]
    }

    /// Every service name of the table (never a host).
    private static let anyReleaseServiceNames = Set(serviceRows.flatMap(\.names))

    /// The matchers of the buckets a run has looked at: a tree's paths fall in a few buckets
    /// of the hundreds, so the others are never built.
    private static let anyReleaseMatchers = BoundedCache<Bucket, [(matcher: KollaReadPattern, oslo: Bool)]>(capacity: 65_536)

    private static func matchers(_ bucket: Bucket) -> [(matcher: KollaReadPattern, oslo: Bool)] {
        anyReleaseMatchers.value(bucket, makeMatchers)
    }

    private static func makeMatchers(_ bucket: Bucket) -> [(matcher: KollaReadPattern, oslo: Bool)] {
        let all = anyReleaseServiceNames
        // The names `<service>` stands for in a role's patterns, with their bytes: the role's
        // names of every release, or every name for a role without its own. Only the roles
        // of this bucket's rows are gathered.
        var byRole: [String: (names: Set<String>, bytes: [[UInt8]])] = [:]
        func services(of role: String) -> (names: Set<String>, bytes: [[UInt8]]) {
            if let known = byRole[role] { return known }
            var own: Set<String> = []
            for entry in serviceRows where entry.role == role { own.formUnion(entry.names) }
            let names = own.isEmpty ? all : own
            let gathered = (names: names, bytes: names.map { Array($0.utf8) })
            byRole[role] = gathered
            return gathered
        }
        return anyReleaseRows(in: bucket).map { row -> (matcher: KollaReadPattern, oslo: Bool) in
            let chosen = services(of: row.role)
            // Kolla's default cluster name: a file named after another cluster is still
            // classified (as an oslo override, then RMQ501 uses the tree's ceph_cluster).
            return (KollaReadPattern(pattern: row.pattern, services: chosen.names, serviceBytes: chosen.bytes, notHosts: all,
                                     variables: ["ceph_cluster": "ceph"]), row.oslo)
        }
    }

    /// How any release reads `relativePath` (relative to the custom config directory), or `nil`
    /// when no release of any role reads it: an oslo merge source when some oslo merge reads
    /// it, else another read. Used to classify files before the release is known.
    public static func kindOfRead(_ relativePath: String) -> ReadKind? {
        let components = KollaReadPattern.components(relativePath)
        var found: ReadKind?
        let first = components.first.map { String(decoding: $0, as: UTF8.self) }
        for bucket in [Bucket(count: components.count, first: first), Bucket(count: components.count, first: nil)] {
            for candidate in matchers(bucket) where candidate.matcher.matches(components: components) {
                if candidate.oslo { return .osloMerge }
                found = .other
            }
        }
        return found
    }
}
