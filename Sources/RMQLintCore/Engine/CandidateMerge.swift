import Synchronization
import RMQLintSource
import RMQLintKnowledge
import RMQLintModel
import RMQLintEngine

/// The findings of one rule over one deployment's candidate releases, merged by fingerprint
/// (rule, path, semantic key) as each candidate finishes (docs/spec.md §10.1).
///
/// The message must be true on every release it is reported for: candidates whose wording
/// differs only by their own release name share one message naming the range
/// ("Kolla-Ansible queens–rocky never reads…"); different wordings are all kept, each with the
/// releases it holds on ("[on queens–stein: … | on master: …]"). Location and related places are
/// the newest candidate's; the severity is the lowest of the candidates (never higher than
/// what every candidate gives).
///
/// Candidates may arrive in any order; the result is the one of adding them in candidate
/// order. Only one entry per finding is kept, with each distinct wording once (a candidate's
/// own message, moved, not copied; further wordings only where they differ from it, see
/// ``Wording``), so a fleet's findings are never held once per candidate release; each entry
/// is dropped as its merged finding is made.
struct CandidateMerge: Sendable {
    /// One candidate's findings (all, or a part of them), hashed by identity and worded with the
    /// release's own name marked: made on the candidate's own core, before the shared merge is locked.
    struct Prepared: Sendable {
        var candidate: Int
        /// The position of the first finding in the candidate's order (a part's predecessors' count).
        var offset: Int
        var findings: [Item]
    }

    /// One finding of a candidate, ready to add.
    struct Item: Sendable {
        /// The finding without its message (the template holds it; the merged one replaces it).
        var finding: Finding
        /// The hash of its identity (``Finding/hasSameIdentity(as:)``).
        var hash: Int
        var template: Template
    }

    /// One finding across candidates. Held for every finding of a fleet until its merge: the
    /// candidate and wording indexes are bytes (there are at most ``CandidateSet/capacity``
    /// candidates, and a wording per candidate at most), `nil` is a sentinel.
    struct Entry: Sendable {
        /// The newest candidate's finding (the last of its kind in that candidate's order).
        var finding: Finding
        var wordings: [Wording]
        /// The candidates that worded it: a finding given twice by one candidate is worded by its
        /// first occurrence (a candidate's parts are added in its order).
        var worded: CandidateSet
        private var firstPosition: Int
        private var nextSameHash: Int
        private var newestCandidate: UInt8
        private var firstCandidate: UInt8
        private var baseWording: UInt8
        var severity: Severity
        var fixesAgree: Bool

        init(finding: Finding, newest: Int, first: (candidate: Int, position: Int), wordings: [Wording], base: Int?,
             severity: Severity, fixesAgree: Bool, worded: CandidateSet, sameHash: Int?) {
            self.finding = finding
            self.wordings = wordings
            self.worded = worded
            firstPosition = first.position
            nextSameHash = sameHash ?? -1
            newestCandidate = UInt8(newest)
            firstCandidate = UInt8(first.candidate)
            baseWording = base.map(UInt8.init) ?? .max
            self.severity = severity
            self.fixesAgree = fixesAgree
        }

        var newest: Int {
            get { Int(newestCandidate) }
            set { newestCandidate = UInt8(newValue) }
        }
        /// Where it was first met, in candidate order: the merged order.
        var first: (candidate: Int, position: Int) {
            get { (Int(firstCandidate), firstPosition) }
            set { (firstCandidate, firstPosition) = (UInt8(newValue.candidate), newValue.position) }
        }
        /// The first plain wording, whose whole text the other plain wordings share their ends with.
        var base: Int? {
            get { baseWording == .max ? nil : Int(baseWording) }
            set { baseWording = newValue.map(UInt8.init) ?? .max }
        }
        /// The next entry whose identity has the same hash (entries are counted from 0).
        var sameHash: Int? { nextSameHash < 0 ? nil : nextSameHash }
    }

    /// The candidate releases, in candidate order.
    let releases: [OpenStackRelease]
    private var entries: [Entry] = []
    /// The first entry of each identity hash (the others chained by ``Entry/sameHash``): the
    /// hashes are made before the merge is locked, so the locked part hashes no text.
    private var slots: [Int: Int] = [:]

    static let placeholder = "\u{1}release\u{1}"

    init(releases: [OpenStackRelease]) {
        // Candidates are distinct releases: a ``CandidateSet`` holds every one.
        precondition(releases.count <= CandidateSet.capacity, "more candidate releases than OpenStack has")
        self.releases = releases
    }

    /// `findings` of candidate `candidate`, ready to add (no shared state touched); `offset` is
    /// the position of the first in the candidate's order. Each message moves into its template,
    /// so a finding's text is held once.
    static func prepare(_ findings: consuming [Finding], candidate: Int, release: OpenStackRelease, offset: Int = 0) -> Prepared {
        var findings = findings
        var items: [Item] = []
        items.reserveCapacity(findings.count)
        for index in findings.indices {
            let template = Template(findings[index].message, release: release.name)
            findings[index].message = ""
            items.append(Item(finding: findings[index], hash: identityHash(findings[index]), template: template))
        }
        return Prepared(candidate: candidate, offset: offset, findings: items)
    }

    /// A hash of ``Finding/hasSameIdentity(as:)``'s parts.
    static func identityHash(_ finding: Finding) -> Int {
        var hasher = Hasher()
        ByteText.combine(finding.ruleID, into: &hasher)
        ByteText.combine(finding.location.path, into: &hasher)
        ByteText.combine(finding.semanticKey, into: &hasher)
        return hasher.finalize()
    }

    /// Adds one candidate's findings, or a part of them: each finding of each candidate once, and a
    /// candidate's parts in its order (other candidates' parts may come between them).
    mutating func add(_ prepared: consuming Prepared) {
        add(taking: &prepared)
    }

    /// ``add(_:)``, taking the findings it keeps out of `prepared` and leaving there the ones they
    /// replace: the caller frees those (after the lock, not while holding it).
    mutating func add(taking prepared: inout Prepared) {
        let candidate = prepared.candidate, offset = prepared.offset
        prepared.findings.withUnsafeMutableBufferPointer { items in
            for index in items.indices {
                let position = offset + index
                var found = slots[items[index].hash]
                while let slot = found, !entries[slot].finding.hasSameIdentity(as: items[index].finding) {
                    found = entries[slot].sameHash
                }
                guard let slot = found else {
                    let item = items[index]
                    let wording = Wording(item.template, candidate: candidate)
                    entries.append(Entry(
                        finding: item.finding, newest: candidate, first: (candidate, position), wordings: [wording],
                        base: wording.isPlain ? 0 : nil, severity: item.finding.severity, fixesAgree: true, worded: CandidateSet(candidate),
                        sameHash: slots.updateValue(entries.count, forKey: item.hash)))
                    continue
                }
                // Changed in place: copying the entry out and back retained every field of its finding.
                if !entries[slot].worded.contains(candidate) {
                    entries[slot].worded.insert(candidate)
                    entries[slot].add(items[index].template, candidate: candidate)
                }
                entries[slot].severity = min(entries[slot].severity, items[index].finding.severity)
                // Fixes agree when every candidate's equal the one kept; compared with whichever
                // is kept, the answer is the same as comparing neighbours in candidate order.
                if entries[slot].fixesAgree, entries[slot].finding.fixes != items[index].finding.fixes {
                    entries[slot].fixesAgree = false
                }
                if candidate >= entries[slot].newest {
                    swap(&entries[slot].finding, &items[index].finding)
                    entries[slot].newest = candidate
                }
                if (candidate, position) < entries[slot].first { entries[slot].first = (candidate, position) }
            }
        }
    }

    /// The merged findings, in the order first met in candidate order. `reported` says whether
    /// the deployment's release is reported (RMQ002 says how to pin it) or the files are loose.
    /// `fast: false` merges every message by the general path (``Linter/mergedMessage(templates:memo:)``),
    /// which tests compare the fast one with.
    consuming func merged(reported: Bool, fast: Bool = true) -> [Finding] {
        var entries = self.entries
        self.entries = []
        self.slots = [:]
        entries.sort { $0.first < $1.first }
        let releases = self.releases
        let count = entries.count
        // Each entry is moved out by the one piece that merges it, and freed there.
        let pending = PendingEntries(entries)
        entries = []
        // Merging the wordings is the costly part, and each entry's is its own: on every core.
        let chunk = 256
        let merged = Parallel.map((count + chunk - 1) / chunk) { part in
            // A rule's findings differ across candidates in the same words (an oslo.messaging
            // version, a removal) around their own service and host: merged once per chunk.
            var merger = MessageMerger(releases: releases, reported: reported, fast: fast)
            return ((part * chunk)..<min(count, (part + 1) * chunk)).map { merger.finding(of: pending.take($0)) }
        }
        return merged.flatMap { $0 }
    }
}

/// The entries of a merge, each taken (moved out) exactly once, from any thread: what is
/// merged is freed as it is merged instead of when the whole rule is.
private final class PendingEntries: @unchecked Sendable {
    private let base: UnsafeMutablePointer<CandidateMerge.Entry>
    private let count: Int

    init(_ entries: [CandidateMerge.Entry]) {
        count = entries.count
        base = .allocate(capacity: max(1, count))
        _ = UnsafeMutableBufferPointer(start: base, count: count).initialize(from: entries)
    }

    /// Entry `index`, moved out; each index is taken once, by one thread.
    func take(_ index: Int) -> CandidateMerge.Entry {
        (base + index).move()
    }

    /// Every entry was taken (``CandidateMerge/merged(reported:fast:)`` takes them all).
    deinit { base.deallocate() }
}

/// Candidates by index, as bits: the releases are distinct and OpenStack has fewer than 64
/// (a test checks it).
struct CandidateSet: Hashable, Sendable {
    static let capacity = 64
    private(set) var bits: UInt64

    init(_ candidate: Int) { bits = 1 << UInt64(candidate) }
    init(bits: UInt64) { self.bits = bits }
    /// Candidates `0..<count`.
    static func all(_ count: Int) -> CandidateSet {
        CandidateSet(bits: count >= 64 ? ~0 : (1 << UInt64(count)) - 1)
    }

    mutating func insert(_ candidate: Int) { bits |= 1 << UInt64(candidate) }
    func contains(_ candidate: Int) -> Bool { bits & (1 << UInt64(candidate)) != 0 }
    /// The first candidate.
    var first: Int { bits.trailingZeroBitCount }
    /// The candidates, in order.
    var members: [Int] {
        var members: [Int] = [], rest = bits
        members.reserveCapacity(rest.nonzeroBitCount)
        while rest != 0 {
            members.append(rest.trailingZeroBitCount)
            rest &= rest - 1
        }
        return members
    }
}


/// The candidate merges of one deployment, one per rule, shared by the cores that check its
/// candidate releases.
final class CandidateMerges: Sendable {
    private let state: Mutex<[CandidateMerge]>

    init(rules: Int, releases: [OpenStackRelease]) {
        state = Mutex(Array(repeating: CandidateMerge(releases: releases), count: rules))
    }

    /// Adds one candidate's findings of rule `rule`; the findings the merge no longer keeps are
    /// freed after the lock is released.
    func add(_ prepared: consuming CandidateMerge.Prepared, rule: Int) {
        state.withLock { merges in merges[rule].add(taking: &prepared) }
    }

    /// The merged findings of rule `rule` (once every candidate is added); its entries are
    /// taken out, so they are freed as they are merged.
    func merged(rule: Int, reported: Bool) -> [Finding] {
        state.withLock { merges in
            let merge = merges[rule]
            merges[rule] = CandidateMerge(releases: merge.releases)
            return merge
        }.merged(reported: reported)
    }
}
