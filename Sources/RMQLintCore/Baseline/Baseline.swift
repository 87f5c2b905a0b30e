import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders
import RMQLintModel
import RMQLintEngine

/// One finding recorded in a baseline.
public struct BaselineEntry: Hashable, Sendable {
    /// Rule id, e.g. `RMQ201`.
    public var ruleID: String
    /// Rule slug, for people reading the file.
    public var slug: String
    /// Path of the finding's file, relative to the baseline's directory.
    public var path: String
    /// The finding's line-independent fingerprint, computed with ``path``: what is
    /// matched. It equals `Finding.fingerprint` and SARIF `partialFingerprints["rmqlint/v1"]`
    /// of a run in the baseline's directory (the repository root).
    public var fingerprint: String
    /// The finding's semantic key (`Finding.semanticKey`), so the fingerprint can be
    /// recomputed when rmqlint runs in another directory; `nil` if unknown.
    public var key: String?
    /// The message when recorded, redacted: a hint for people, never matched.
    public var message: String

    /// Creates an entry.
    public init(ruleID: String, slug: String, path: String, fingerprint: String, key: String? = nil, message: String) {
        self.ruleID = ruleID
        self.slug = slug
        self.path = path
        self.fingerprint = fingerprint
        self.key = key
        self.message = message
    }

    /// File order: path, rule, fingerprint.
    static func fileOrder(_ lhs: BaselineEntry, _ rhs: BaselineEntry) -> Bool {
        (lhs.path, lhs.ruleID, lhs.fingerprint) < (rhs.path, rhs.ruleID, rhs.fingerprint)
    }
}

/// The findings a team has accepted for now (docs/spec.md §8), recorded by fingerprint so that
/// editing unrelated lines never breaks a match. A JSON file, sorted and stable, so it
/// diffs well and only shrinks under `--strict-baseline`:
///
/// ```json
/// {
///   "version": 1,
///   "tool": "rmqlint",
///   "findings": [
///     {"ruleId": "RMQ201", "slug": "tcpka-not-split", "path": "etc/kolla/…/rabbitmq.cfg",
///      "fingerprint": "5f1c…", "key": "frontend rabbitmq_front/option tcpka",
///      "message": "`option tcpka` in frontend …"}
///   ]
/// }
/// ```
///
/// Paths are relative to the baseline file's directory, and each fingerprint is the one a
/// run in that directory computes (rule + path + semantic key, as in SARIF). A run
/// elsewhere — `cd etc/kolla && rmqlint` — recomputes the fingerprints from the recorded
/// keys for its own paths, so the baseline matches from any directory.
public struct Baseline: Sendable {
    /// The format version written and understood.
    public static let formatVersion = 1

    /// The entries, in file order, one per fingerprint.
    public private(set) var entries: [BaselineEntry]
    /// The directory entry paths are relative to (absolute): the baseline file's.
    public var directory: String

    /// Creates a baseline from entries (sorted, duplicates by fingerprint dropped).
    public init(entries: [BaselineEntry], directory: String) {
        var seen: Set<String> = []
        self.entries = entries.sorted(by: BaselineEntry.fileOrder).filter { seen.insert($0.fingerprint).inserted }
        self.directory = directory
    }

    /// A baseline in `directory` recording `findings` of a run in `currentDirectory`,
    /// messages redacted. A semantic key that redaction would change is not recorded.
    public init(findings: [Finding], redactor: Redactor, directory: String, currentDirectory: String) {
        self.init(entries: findings.map { finding in
            let path = Self.rebase(finding.location.path, from: currentDirectory, to: directory)
            let redactedKey = redactor.redact(finding.semanticKey)
            return BaselineEntry(
                ruleID: finding.ruleID, slug: finding.slug, path: path,
                fingerprint: Self.fingerprint(ruleID: finding.ruleID, path: path, key: finding.semanticKey),
                key: redactedKey == finding.semanticKey ? finding.semanticKey : nil,
                message: redactor.redact(finding.message))
        }, directory: directory)
    }

    /// The fingerprints recorded.
    public var fingerprints: Set<String> { Set(entries.map(\.fingerprint)) }

    /// The entries as a run in `currentDirectory` sees them: display paths relative to it,
    /// fingerprints recomputed for those paths (kept as recorded when the path does not
    /// change or the key is unknown).
    public func entries(seenFrom currentDirectory: String) -> [BaselineEntry] {
        entries.map { entry in
            let display = PathUtilities.display(
                PathUtilities.normalize(entry.path, relativeTo: directory), currentDirectory: currentDirectory)
            guard display != entry.path else { return entry }
            var seen = entry
            seen.path = display
            if let key = entry.key { seen.fingerprint = Self.fingerprint(ruleID: entry.ruleID, path: display, key: key) }
            return seen
        }
    }

    /// `Finding.fingerprint` for a finding of `ruleID` with `key` shown at `path`.
    public static func fingerprint(ruleID: String, path: String, key: String) -> String {
        Fingerprint.hex("\(ruleID)\u{1F}\(path)\u{1F}\(key)")
    }

    /// A display path of a run in `from` as seen from directory `to`.
    static func rebase(_ path: String, from: String, to: String) -> String {
        PathUtilities.display(PathUtilities.normalize(path, relativeTo: from), currentDirectory: to)
    }

    /// The file's text: pretty JSON ending with a newline.
    public func rendered() -> String {
        JSONValue.object([
            ("version", .int(Self.formatVersion)),
            ("tool", .string(ToolInfo.name)),
            ("findings", .array(entries.map { entry in
                .object([
                    ("ruleId", .string(entry.ruleID)),
                    ("slug", .string(entry.slug)),
                    ("path", .string(entry.path)),
                    ("fingerprint", .string(entry.fingerprint)),
                    ("key", .optional(entry.key)),
                    ("message", .string(entry.message)),
                ])
            })),
        ]).rendered()
    }

    /// Reads the baseline at `path` (relative paths against the working directory).
    public static func load(_ path: String, fileSystem: any FileSystem) -> Result<Baseline, BaselineError> {
        let absolute = PathUtilities.normalize(path, relativeTo: fileSystem.currentDirectory)
        let display = PathUtilities.display(absolute, currentDirectory: fileSystem.currentDirectory)
        switch fileSystem.readFile(absolute, limit: 256 * 1024 * 1024) {
        case .success(let bytes):
            switch SourceText.decode(bytes, path: display) {
            case .success(let text): return parse(text, path: display, directory: PathUtilities.parent(absolute))
            case .failure(let diagnostic): return .failure(BaselineError(diagnostic.message, at: diagnostic.location, path: display))
            }
        case .failure(.tooLarge(let size, let limit)):
            return .failure(BaselineError("baseline too large (\(size) bytes, limit \(limit))", at: nil, path: display))
        case .failure(.unreadable(let reason)):
            return .failure(BaselineError("cannot read baseline: \(reason)", at: nil, path: display))
        }
    }

    /// Parses a baseline's text shown as `path`, whose file is in `directory`. Unknown
    /// members of an entry are ignored (a newer rmqlint may add hints); a missing
    /// fingerprint, rule or path is an error.
    public static func parse(_ text: String, path: String, directory: String) -> Result<Baseline, BaselineError> {
        let loaded = YAMLLoader.load(text, path: path)
        if let diagnostic = loaded.diagnostics.first {
            return .failure(BaselineError(diagnostic.message, at: diagnostic.location, path: path))
        }
        guard let root = loaded.documents.first, case .mapping = root.content else {
            return .failure(BaselineError("not an rmqlint baseline (expected a JSON object)", at: loaded.documents.first?.location, path: path))
        }
        guard let version = root["version"] else {
            return .failure(BaselineError("not an rmqlint baseline (no 'version')", at: root.location, path: path))
        }
        guard version.intValue == formatVersion else {
            return .failure(BaselineError(
                "unsupported baseline version '\(version.scalar ?? "?")' (this rmqlint reads version \(formatVersion))",
                at: version.location, path: path))
        }
        guard let findings = root["findings"], case .sequence(let items) = findings.content else {
            return .failure(BaselineError("'findings' must be a list", at: root["findings"]?.location ?? root.location, path: path))
        }
        var entries: [BaselineEntry] = []
        entries.reserveCapacity(items.count)
        for item in items {
            guard case .mapping = item.content else {
                return .failure(BaselineError("each finding must be an object", at: item.location, path: path))
            }
            func field(_ name: String) -> String? { item[name]?.scalar }
            guard let fingerprint = field("fingerprint"), isFingerprint(fingerprint) else {
                return .failure(BaselineError("finding without a valid 'fingerprint' (32 hex digits)", at: item["fingerprint"]?.location ?? item.location, path: path))
            }
            guard let ruleID = field("ruleId"), !ruleID.isEmpty else {
                return .failure(BaselineError("finding without 'ruleId'", at: item.location, path: path))
            }
            guard let findingPath = field("path"), !findingPath.isEmpty else {
                return .failure(BaselineError("finding without 'path'", at: item.location, path: path))
            }
            let key = item["key"].flatMap { $0.isNull ? nil : $0.scalar }
            entries.append(BaselineEntry(
                ruleID: ruleID, slug: field("slug") ?? "", path: findingPath,
                fingerprint: fingerprint, key: key, message: field("message") ?? ""))
        }
        return .success(Baseline(entries: entries, directory: directory))
    }

    private static func isFingerprint(_ text: String) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
        }
    }
}

/// A baseline file rmqlint cannot use: exit status 2, one line on stderr.
public typealias BaselineError = InputFileError

/// How a run compares with its baseline.
public struct BaselineComparison: Sendable {
    /// The baseline's display path, if it came from a file.
    public var path: String?
    /// Every fingerprint in the baseline.
    public var fingerprints: Set<String>
    /// Entries whose finding no longer occurs, among the files and rules this run judged.
    public var absent: [BaselineEntry]
    /// `--strict-baseline`: absent entries fail the run.
    public var strict: Bool

    /// Creates a comparison.
    public init(path: String?, fingerprints: Set<String>, absent: [BaselineEntry], strict: Bool) {
        self.path = path
        self.fingerprints = fingerprints
        self.absent = absent
        self.strict = strict
    }
}
