import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders

/// One signal about the target release, with where it is written (docs/spec.md §10.1).
public struct ReleaseEvidence: Hashable, Sendable {
    /// What kind of signal it is, strongest first.
    public enum Kind: Int, Comparable, Sendable {
        /// `--release`.
        case commandLine
        /// `release:` in `.rmqlint.yml`.
        case configuration
        /// `openstack_release` in Kolla's globals.
        case openstackRelease
        /// Kayobe's `kolla_openstack_release` / `openstack_release`, OSISM's `openstack_version`.
        case wrapperRelease
        /// OSISM's `manager_version`, through osism/release.
        case managerVersion
        /// `openstack_tag`.
        case openstackTag
        /// `<service>_tag`, `rabbitmq_tag`.
        case serviceTag
        /// A rendered file whose format changed between releases (narrows, never decides).
        case renderedFile

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The kind of signal.
    public var kind: Kind
    /// The variable (or option) that carries it.
    public var variable: String
    /// The value as written (`nil` for encrypted values).
    public var written: String?
    /// Where it is written (`nil` for command-line and configuration).
    public var location: SourceLocation?
    /// The release it decides, if it decides one.
    public var version: KollaVersion?
    /// The releases it allows when it narrows without deciding (`[]`: says nothing).
    public var candidates: [OpenStackRelease]
    /// Why it does or does not count, for people.
    public var note: String

    /// Whether the signal names exactly one release.
    public var isDecisive: Bool { version != nil }
}

/// The OpenStack release a deployment targets, and how rmqlint knows it (docs/spec.md §10.1).
public struct ResolvedRelease: Sendable {
    /// Where the release came from.
    public enum Source: Sendable {
        /// `--release`.
        case commandLine
        /// `release:` in `.rmqlint.yml`.
        case configuration
        /// Evidence in the tree, at this location.
        case globals(SourceLocation)
        /// Nothing decides it: this deployment is one candidate of ``ResolvedRelease/candidates``.
        case range
    }

    /// The Kolla-Ansible version (series, and tag when known) this model is built for.
    public var version: KollaVersion
    /// How it was determined.
    public var source: Source
    /// Every release the tree may target: one when decided, several for a range.
    public var candidates: [OpenStackRelease]
    /// Every signal found, strongest first, decisive or not.
    public var evidence: [ReleaseEvidence]
    /// How to pin the release in this tree: the variable and file the tree itself uses.
    public var pinHint: String

    /// Creates a resolution.
    public init(
        version: KollaVersion, source: Source, candidates: [OpenStackRelease]? = nil,
        evidence: [ReleaseEvidence] = [], pinHint: String = "set openstack_release in globals.yml"
    ) {
        self.version = version
        self.source = source
        self.candidates = candidates ?? [version.release]
        self.evidence = evidence
        self.pinHint = pinHint
    }

    /// Whether the release is not decided (this model is one candidate of a range).
    public var isAssumed: Bool {
        if case .range = source { return true }
        return false
    }

    /// The same resolution for another candidate of the range.
    func candidate(_ release: OpenStackRelease) -> ResolvedRelease {
        var copy = self
        copy.version = KollaVersion(release)
        return copy
    }

    /// `queens–xena, 2024.1` style text for the candidates.
    public var rangeText: String { Self.rangeText(candidates) }

    /// Compresses `releases` into runs of consecutive releases: `queens–xena, 2024.1–master`.
    public static func rangeText(_ releases: [OpenStackRelease]) -> String {
        let sorted = Array(Set(releases)).sorted()
        var runs: [(OpenStackRelease, OpenStackRelease)] = []
        for release in sorted {
            if let last = runs.last, last.1.rawValue + 1 == release.rawValue {
                runs[runs.count - 1].1 = release
            } else {
                runs.append((release, release))
            }
        }
        return runs.map { $0.0 == $0.1 ? $0.0.name : "\($0.0.name)–\($0.1.name)" }.joined(separator: ", ")
    }
}

/// The RabbitMQ version a deployment runs, and how rmqlint knows it (docs/spec.md §4).
public struct ResolvedRabbitMQ: Sendable {
    /// Where the version came from, in order of precedence.
    public enum Source: Sendable {
        /// `--rabbitmq-version`.
        case commandLine
        /// `rabbitmq_version:` in `.rmqlint.yml`.
        case configuration
        /// The `rabbitmq_image` suffix in globals (`…/rabbitmq-4-1`).
        case image(SourceLocation)
        /// The image Kolla ships for the release (domain §0.1).
        case releaseDefault
    }

    /// Major and minor version.
    public var version: RabbitMQVersion
    /// How it was determined.
    public var source: Source
}

/// Resolves release and broker version (docs/spec.md §10.1).
public enum ReleaseResolver {
    /// The release for a deployment: `commandLine` > `configuration` > the strongest decisive
    /// evidence of the tree > a range of candidates (those the non-decisive evidence allows,
    /// else every release rmqlint knows). Never a guess.
    public static func release(
        commandLine: KollaVersion?, configuration: KollaVersion?, globals: [String: GlobalVariable],
        wrapper: [String: GlobalVariable] = [:], kind: TreeKind = .kolla, renderedFiles: [String] = []
    ) -> ResolvedRelease {
        let evidence = ReleaseEvidenceCollector(globals: globals, wrapper: wrapper, kind: kind).collect()
            + renderedFiles.compactMap(Self.renderedEvidence)
        let hint = pinHint(kind: kind, globals: globals, wrapper: wrapper)
        if let commandLine {
            return ResolvedRelease(version: commandLine, source: .commandLine, evidence: evidence, pinHint: hint)
        }
        if let configuration {
            return ResolvedRelease(version: configuration, source: .configuration, evidence: evidence, pinHint: hint)
        }
        if let decisive = evidence.first(where: \.isDecisive), let version = decisive.version {
            let source: ResolvedRelease.Source = decisive.location.map { .globals($0) } ?? .configuration
            return ResolvedRelease(version: version, source: source, evidence: evidence, pinHint: hint)
        }
        var candidates = OpenStackRelease.allCases
        for item in evidence where !item.candidates.isEmpty {
            let narrowed = candidates.filter(item.candidates.contains)
            if !narrowed.isEmpty { candidates = narrowed }
        }
        if candidates.count == 1, let only = candidates.first {
            let location = evidence.first { !$0.candidates.isEmpty }?.location
            return ResolvedRelease(
                version: KollaVersion(only), source: location.map { .globals($0) } ?? .range,
                candidates: [only], evidence: evidence, pinHint: hint)
        }
        // The model shown by `effective` is the newest candidate; findings come from all of them.
        let shown = candidates.last { $0 != .master } ?? candidates[candidates.count - 1]
        return ResolvedRelease(version: KollaVersion(shown), source: .range, candidates: candidates, evidence: evidence, pinHint: hint)
    }

    /// What a rendered broker file says about the release: Kolla renders the Erlang-term
    /// `rabbitmq.config` up to Rocky and `rabbitmq.conf` from Stein (8.0.0) on [KA b163cb02
    /// "Update rabbitmq to use new conf & clustering", first in 8.0.0].
    static func renderedEvidence(_ path: String) -> ReleaseEvidence? {
        let location = SourceLocation(path: path, line: 1, column: 1)
        if path == "rabbitmq/rabbitmq.config" || path.hasSuffix("/rabbitmq/rabbitmq.config") {
            return ReleaseEvidence(kind: .renderedFile, variable: "rendered rabbitmq.config", written: nil, location: location,
                                   version: nil, candidates: [.queens, .rocky],
                                   note: "Kolla renders the Erlang-term rabbitmq.config up to rocky")
        }
        if path == "rabbitmq/rabbitmq.conf" || path.hasSuffix("/rabbitmq/rabbitmq.conf") {
            return ReleaseEvidence(kind: .renderedFile, variable: "rendered rabbitmq.conf", written: nil, location: location,
                                   version: nil, candidates: OpenStackRelease.allCases.filter { $0 >= .stein },
                                   note: "Kolla renders rabbitmq.conf from stein on")
        }
        return nil
    }

    /// The variable and file this tree would pin its release with.
    static func pinHint(kind: TreeKind, globals: [String: GlobalVariable], wrapper: [String: GlobalVariable]) -> String {
        switch kind {
        case .kayobe:
            if let variable = wrapper["kolla_openstack_release"] ?? wrapper["openstack_release"] {
                return "set \(variable.name) at \(variable.location.path):\(variable.location.range.start.line) to a release, or pass --release"
            }
            return "set kolla_openstack_release in etc/kayobe/kolla.yml (or openstack_release in etc/kayobe/openstack.yml), or pass --release"
        case .osism:
            if let variable = wrapper["openstack_version"] {
                return "set openstack_version at \(variable.location.path):\(variable.location.range.start.line) to a release, or pass --release"
            }
            return "set openstack_version in environments/manager/configuration.yml, or pass --release"
        case .loose:
            return "pass --release"
        case .kolla:
            if let variable = globals["openstack_release"] {
                return "set openstack_release at \(variable.location.path):\(variable.location.range.start.line) to a release, or pass --release"
            }
            return "set openstack_release in globals.yml (or release: in .rmqlint.yml, or pass --release)"
        }
    }

    /// The RabbitMQ version: `commandLine` > `configuration` > `rabbitmq_image` suffix >
    /// the release's default image.
    public static func rabbitMQ(
        commandLine: RabbitMQVersion?, configuration: RabbitMQVersion?,
        globals: [String: GlobalVariable], release: KollaVersion
    ) -> ResolvedRabbitMQ {
        if let commandLine { return ResolvedRabbitMQ(version: commandLine, source: .commandLine) }
        if let configuration { return ResolvedRabbitMQ(version: configuration, source: .configuration) }
        if let image = globals["rabbitmq_image"], let scalar = image.value.scalar, !image.value.isTemplated,
           let version = RabbitMQVersion.fromImage(scalar) {
            return ResolvedRabbitMQ(version: version, source: .image(image.value.location))
        }
        return ResolvedRabbitMQ(version: RabbitMQVersion.default(for: release), source: .releaseDefault)
    }
}

/// Reads every release signal of a tree (docs/spec.md §10.1), following templated values to the
/// variables they name where the tree sets them.
struct ReleaseEvidenceCollector {
    let globals: [String: GlobalVariable]
    let wrapper: [String: GlobalVariable]
    let kind: TreeKind

    func collect() -> [ReleaseEvidence] {
        var found: [ReleaseEvidence] = []
        if let variable = globals["openstack_release"] {
            found.append(evidence(.openstackRelease, variable, parse: Self.parseRelease))
        }
        switch kind {
        case .kayobe:
            for name in ["kolla_openstack_release", "openstack_release"] {
                if let variable = wrapper[name] { found.append(evidence(.wrapperRelease, variable, parse: Self.parseRelease)) }
            }
        case .osism:
            if let variable = wrapper["openstack_version"] {
                found.append(evidence(.wrapperRelease, variable, parse: Self.parseRelease))
            }
            if let variable = wrapper["manager_version"] {
                found.append(evidence(.managerVersion, variable, parse: Self.parseManagerVersion))
            }
        case .kolla, .loose:
            break
        }
        if let variable = globals["openstack_tag"] ?? (kind == .kayobe ? wrapper["kolla_tag"] : nil) {
            found.append(evidence(.openstackTag, variable, parse: Self.parseTag))
        }
        // Service tags: only those that say something, sorted by name for a stable report.
        for name in globals.keys.sorted() where name.hasSuffix("_tag") && name != "openstack_tag" {
            guard let variable = globals[name] else { continue }
            let item = evidence(.serviceTag, variable, parse: Self.parseTag)
            if item.isDecisive || !item.candidates.isEmpty { found.append(item) }
        }
        // Service tags that disagree decide nothing: keep them, without the decision.
        let tagReleases = Set(found.filter { $0.kind == .serviceTag }.compactMap { $0.version?.release })
        if tagReleases.count > 1 {
            found = found.map { item in
                guard item.kind == .serviceTag, let version = item.version else { return item }
                var copy = item
                copy.version = nil
                copy.candidates = Array(tagReleases).sorted()
                copy.note = "Kolla \(version.release.name) image tag, but other service tags name other releases"
                return copy
            }
        }
        return found.sorted { $0.kind < $1.kind }
    }

    /// A parse result: the release decided, the candidates allowed, and a note.
    typealias Parsed = (version: KollaVersion?, candidates: [OpenStackRelease], note: String)

    private func evidence(_ kind: ReleaseEvidence.Kind, _ variable: GlobalVariable, parse: (String) -> Parsed) -> ReleaseEvidence {
        let node = variable.value
        if node.isVault {
            return ReleaseEvidence(kind: kind, variable: variable.name, written: nil, location: node.location,
                                   version: nil, candidates: [], note: "encrypted: not evidence")
        }
        guard let written = node.scalar else {
            return ReleaseEvidence(kind: kind, variable: variable.name, written: nil, location: node.location,
                                   version: nil, candidates: [], note: "not a plain value: not evidence")
        }
        var text = written
        var via = ""
        if node.isTemplated {
            switch followTemplate(written, depth: 0) {
            case .resolved(let value, let through):
                text = value
                via = " (through \(through))"
            case .unresolved(let reason):
                return ReleaseEvidence(kind: kind, variable: variable.name, written: written, location: node.location,
                                       version: nil, candidates: [], note: "templated; \(reason): ignored")
            }
        }
        let parsed = parse(text)
        return ReleaseEvidence(kind: kind, variable: variable.name, written: written, location: node.location,
                               version: parsed.version, candidates: parsed.candidates, note: parsed.note + via)
    }

    private enum Followed {
        case resolved(String, through: String)
        case unresolved(String)
    }

    /// Substitutes `{{ name }}` / `{{ name | default(...) }}` with the value the tree sets for
    /// `name` (globals, then the wrapper's variables), recursively; anything else is unresolved.
    private func followTemplate(_ text: String, depth: Int) -> Followed {
        guard depth < 8 else { return .unresolved("too many levels of variables") }
        var output = ""
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.firstRange(of: "{{") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstRange(of: "}}") else { return .unresolved("unbalanced {{ }}") }
            let inner = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: " \t")
            let name = String(inner.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
            let tail = inner.dropFirst(name.count).trimmingCharacters(in: " \t")
            guard !name.isEmpty, tail.isEmpty || tail.hasPrefix("|") else {
                return .unresolved("the expression `\(inner)` is not a plain variable")
            }
            guard let target = globals[name] ?? wrapper[name], let value = target.value.scalar, !target.value.isVault else {
                return .unresolved("it names \(name), which the tree does not set")
            }
            names.append("\(name) at \(target.value.location)")
            if target.value.isTemplated {
                switch followTemplate(value, depth: depth + 1) {
                case .resolved(let resolved, let through):
                    output += resolved
                    names.append(through)
                case .unresolved(let reason): return .unresolved(reason)
                }
            } else {
                output += value
            }
            rest = rest[close.upperBound...]
        }
        output += rest
        return .resolved(output, through: names.joined(separator: ", "))
    }

    /// `openstack_release` and the wrappers' release variables: a release as
    /// ``KollaVersion/parse(_:)`` reads it, else a custom string naming exactly one series.
    static func parseRelease(_ text: String) -> Parsed {
        if let version = KollaVersion.parse(text) {
            return (version, [version.release], version.isBranchTip ? "series \(version.release.name)"
                        : "Kolla-Ansible \(version)")
        }
        let tag = parseTag(text)
        if let version = tag.version, version.minor != nil {
            return (version, [version.release], "Kolla-Ansible version prefix of \(text.kollaTrimmed()) → \(version.release.name)")
        }
        let series = seriesNames(in: text)
        if series.count == 1, let only = series.first {
            return (KollaVersion(only), [only], "custom value naming one series, \(only.name)")
        }
        if series.count > 1 {
            return (nil, [], "names several series (\(series.map(\.name).joined(separator: ", "))): not evidence")
        }
        return (nil, [], "not a release rmqlint knows: not evidence")
    }

    /// Image tags: a Kolla version (`9.1.0` → train; also `9.1.0-1`), else a tag naming exactly
    /// one series (`2023.1-ubuntu-jammy`, `xena-latest`).
    static func parseTag(_ text: String) -> Parsed {
        let first = text.kollaTrimmed().split(separator: "-", maxSplits: 1).first.map(String.init) ?? ""
        let numbers = first.split(separator: ".", omittingEmptySubsequences: false)
        if numbers.count >= 3, numbers.prefix(3).allSatisfy({ kollaSmallDecimal($0) != nil }),
           let version = KollaVersion.parse(numbers.prefix(3).joined(separator: ".")), version.minor != nil {
            return (version, [version.release], "Kolla \(version.release.name) version \(first)")
        }
        let series = seriesNames(in: text)
        if series.count == 1, let only = series.first {
            return (KollaVersion(only), [only], "image tag naming one series, \(only.name)")
        }
        return (nil, [], "not a Kolla version or series: not evidence")
    }

    /// OSISM `manager_version` through osism/release.
    static func parseManagerVersion(_ text: String) -> Parsed {
        guard let result = OSISMReleases.releases(forManagerVersion: text) else {
            return (nil, [], "not an OSISM release rmqlint knows: not evidence")
        }
        if let pinned = result.pinned {
            return (KollaVersion(pinned), [pinned], "OSISM \(text.kollaTrimmed()) deploys \(pinned.name) (osism/release)")
        }
        return (nil, result.candidates,
                "OSISM \(text.kollaTrimmed()) deploys one of \(ResolvedRelease.rangeText(result.candidates)), chosen by openstack_version")
    }

    /// The distinct series named by the words of `text` (split at `-`, `_`, `/`, `:`, spaces).
    static func seriesNames(in text: String) -> [OpenStackRelease] {
        guard text.utf8.count <= 256 else { return [] }
        let words = text.lowercased().split { "-_/: \t".contains($0) }
        var found: Set<OpenStackRelease> = []
        for word in words {
            if let release = OpenStackRelease(name: String(word)) { found.insert(release) }
        }
        return found.sorted()
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        let isSpace: (Character) -> Bool = { set.contains($0) }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
