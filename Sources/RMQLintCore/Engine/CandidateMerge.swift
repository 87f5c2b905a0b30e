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
/// is dropped as its merged finding is made. Findings of rows every candidate shares come as
/// blocks (``CandidateBlock``): a candidate's codes are kept, not its findings, and each row is
/// merged once, from its prefix and the candidates' endings.
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
    /// The blocks handed over (``add(_:candidate:offset:)``), and each rows object's first one.
    private(set) var blocks: [BlockState] = []
    private var blockIndex: [ObjectIdentifier: Int] = [:]

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
        finding.identityHash
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

    /// Adds `block`, candidate `candidate`'s findings of its rows from position `offset` of the
    /// candidate's order on (the rows it reports count as that many findings). Only the codes
    /// and endings are kept: the findings are made in ``merged(reported:fast:)``.
    mutating func add(_ block: CandidateBlock, candidate: Int, offset: Int) {
        let id = ObjectIdentifier(block.rows)
        let index: Int
        if let known = blockIndex[id], !blocks[known].sent.contains(candidate) {
            index = known
        } else {
            // Rows handed over twice by one candidate: kept apart, and merged as findings.
            index = blocks.count
            blocks.append(BlockState(rows: block.rows, candidates: releases.count))
            if blockIndex[id] == nil { blockIndex[id] = index }
        }
        blocks[index].sent.insert(candidate)
        blocks[index].codes[candidate] = block.codes
        blocks[index].suffixes[candidate] = block.suffixes
        blocks[index].offsets[candidate] = offset
    }

    /// The merged findings, in the order first met in candidate order. `reported` says whether
    /// the deployment's release is reported (RMQ002 says how to pin it) or the files are loose.
    /// `fast: false` merges every message by the general path (``Linter/mergedMessage(templates:memo:)``),
    /// and every block's findings as findings; tests compare the fast one with it.
    consuming func merged(reported: Bool, fast: Bool = true) -> [Finding] {
        let blocks = self.blocks
        self.blocks = []
        blockIndex = [:]
        let spliced = fast ? splicedRows(blocks) : blocks.map { [Bool](repeating: false, count: $0.rows.findings.count) }
        addFindings(of: blocks, except: spliced)
        var entries = self.entries
        self.entries = []
        self.slots = [:]
        // Entries and spliced rows, by where each was first met in candidate order (a position
        // holds one finding, so no two are equal).
        var order: [Place] = []
        order.reserveCapacity(entries.count + spliced.reduce(0) { $0 + $1.count })
        for index in entries.indices {
            let first = entries[index].first
            order.append(Place(candidate: first.candidate, position: first.position, block: -1, index: index))
        }
        for (blockNumber, block) in blocks.enumerated() where spliced[blockNumber].contains(true) {
            block.forEachRow { row, first in
                guard spliced[blockNumber][row] else { return }
                order.append(Place(candidate: first.candidate, position: first.position, block: blockNumber, index: row))
            }
        }
        order.sort { ($0.candidate, $0.position) < ($1.candidate, $1.position) }
        let releases = self.releases
        let count = order.count
        // Each entry is moved out by the one piece that merges it, and freed there.
        let pending = PendingEntries(entries)
        entries = []
        // Merging the wordings is the costly part, and each entry's is its own: on every core.
        let chunk = 256
        let merged = Parallel.map((count + chunk - 1) / chunk) { part in
            // A rule's findings differ across candidates in the same words (an oslo.messaging
            // version, a removal) around their own service and host: merged once per chunk.
            var merger = MessageMerger(releases: releases, reported: reported, fast: fast)
            var endings: [EndingKey: String] = [:]
            return ((part * chunk)..<min(count, (part + 1) * chunk)).map { position in
                let place = order[position]
                guard place.block >= 0 else { return merger.finding(of: pending.take(place.index)) }
                return Self.splicedFinding(blocks[place.block], block: place.block, row: place.index, merger: &merger, endings: &endings)
            }
        }
        return merged.flatMap { $0 }
    }
}

extension CandidateMerge {
    /// One shared rows object's blocks: each candidate's codes and endings, and the position of
    /// its first finding of them.
    struct BlockState: Sendable {
        let rows: CandidateRows
        /// The candidates that handed the rows over.
        var sent = CandidateSet(bits: 0)
        var codes: [[UInt8]?]
        var suffixes: [[String]]
        var offsets: [Int]

        init(rows: CandidateRows, candidates: Int) {
            self.rows = rows
            codes = Array(repeating: nil, count: candidates)
            suffixes = Array(repeating: [], count: candidates)
            offsets = Array(repeating: 0, count: candidates)
        }

        /// Candidate `candidate`'s code of row `row` (0: no finding).
        func code(_ candidate: Int, _ row: Int) -> UInt8 {
            guard sent.contains(candidate) else { return 0 }
            return codes[candidate]?[row] ?? 1
        }

        /// Each row that some candidate reports, with where it is first met in candidate order
        /// (the first candidate reporting it, at its position there).
        func forEachRow(_ body: (_ row: Int, _ first: (candidate: Int, position: Int)) -> Void) {
            let members = sent.members
            var counts = offsets
            for row in rows.findings.indices {
                var first: (candidate: Int, position: Int)?
                for candidate in members where code(candidate, row) != 0 {
                    if first == nil { first = (candidate, counts[candidate]) }
                    counts[candidate] += 1
                }
                if let first { body(row, first) }
            }
        }
    }

    /// An entry, or a spliced row of a block, at its place in the merged order.
    struct Place {
        var candidate: Int
        var position: Int
        /// The block, or -1 for an entry.
        var block: Int
        /// The entry, or the block's row.
        var index: Int
    }

    /// A memo key of a row's ending: its block, the candidates reporting it and their codes
    /// (empty when every code is 1).
    struct EndingKey: Hashable {
        var block: Int
        var holds: UInt64
        var codes: [UInt8]
    }

    /// Per block, the rows whose merged finding is made by splicing: `P`, then what the merge
    /// makes of the candidates' endings alone (see ``splicedFinding(_:block:row:merger:endings:)``).
    /// That is exact when every candidate's message `P + X` is a plain template and `P` ends at a
    /// word boundary, is balanced and names no candidate's release, so no release mark falls in
    /// `P` and the wordings group and merge word by word as the `X`s do behind `P`'s words. The
    /// other rows, and the rows whose identity another finding of the merge has (merged with it
    /// as findings), are not spliced.
    func splicedRows(_ blocks: [BlockState]) -> [[Bool]] {
        var spliced = blocks.map { block -> [Bool] in
            var plainEndings = true, endingsStartWords = true
            for candidate in block.sent.members {
                for suffix in block.suffixes[candidate] {
                    var suffix = suffix
                    suffix.withUTF8 { bytes in
                        if bytes.count > CandidateRows.longestPrefix || !ByteText.isASCII(bytes, without: 0x01) { plainEndings = false }
                        if bytes.first != 0x20 { endingsStartWords = false }
                    }
                }
            }
            let rows = block.rows
            guard plainEndings, rows.distinct else { return [Bool](repeating: false, count: rows.findings.count) }
            return rows.findings.indices.map { rows.plainPrefix[$0] && (rows.prefixEndsWord[$0] || endingsStartWords) }
        }
        // Identities met twice: with an entry, or with another block's row.
        guard !entries.isEmpty || blocks.count > 1 else { return spliced }
        var firstRow: [Int: (block: Int, row: Int)] = [:]
        for (number, block) in blocks.enumerated() {
            let rows = block.rows
            for row in rows.findings.indices {
                let hash = rows.identityHashes[row]
                var found = slots[hash]
                while let slot = found, !entries[slot].finding.hasSameIdentity(as: rows.findings[row]) {
                    found = entries[slot].sameHash
                }
                if found != nil { spliced[number][row] = false }
                guard blocks.count > 1 else { continue }
                // Rows of equal hash are merged as findings (in one block, distinct identities
                // of equal hash: practically never).
                if let other = firstRow[hash] {
                    spliced[number][row] = false
                    spliced[other.block][other.row] = false
                } else {
                    firstRow[hash] = (number, row)
                }
            }
        }
        return spliced
    }

    /// Adds the findings of the blocks' rows not `spliced`, each at its position in its candidate's
    /// order, and a candidate's in that order (the order rows of one identity merge in).
    private mutating func addFindings(of blocks: [BlockState], except spliced: [[Bool]]) {
        var findings: [[(position: Int, finding: Finding)]] = Array(repeating: [], count: releases.count)
        for (number, block) in blocks.enumerated() where spliced[number].contains(false) {
            for candidate in block.sent.members {
                var position = block.offsets[candidate]
                for row in block.rows.findings.indices {
                    let code = Int(block.code(candidate, row))
                    guard code > 0 else { continue }
                    if !spliced[number][row] {
                        var finding = block.rows.findings[row]
                        finding.message += block.suffixes[candidate][code - 1]
                        findings[candidate].append((position, finding))
                    }
                    position += 1
                }
            }
        }
        for candidate in findings.indices where !findings[candidate].isEmpty {
            for item in findings[candidate].sorted(by: { $0.position < $1.position }) {
                add(Self.prepare([item.finding], candidate: candidate, release: releases[candidate], offset: item.position))
            }
        }
    }

    /// Row `row` of `block` merged: the row's finding with `P`, then the merged message of the
    /// candidates' endings alone, as the merge makes it of a finding whose candidates' messages
    /// are the endings (memoised by the endings). Severity and fixes as
    /// ``MessageMerger/finding(of:)`` gives them: every candidate's are the row's.
    static func splicedFinding(
        _ block: BlockState, block number: Int, row: Int, merger: inout MessageMerger, endings: inout [EndingKey: String]
    ) -> Finding {
        // Made for every spliced row: the candidates' codes are walked on their bits, and listed
        // only when one is not 1 (the memo key), so nothing is allocated but the message.
        var holds = CandidateSet(bits: 0)
        var onlyOnes = true
        var rest = block.sent.bits
        while rest != 0 {
            let candidate = rest.trailingZeroBitCount
            rest &= rest - 1
            let code = block.code(candidate, row)
            guard code != 0 else { continue }
            holds.insert(candidate)
            if code != 1 { onlyOnes = false }
        }
        let key = EndingKey(block: number, holds: holds.bits, codes: onlyOnes ? [] : holds.members.map { block.code($0, row) })
        let ending: String
        if let known = endings[key] {
            ending = known
        } else {
            var probe = CandidateMerge(releases: merger.releases)
            for candidate in holds.members {
                let code = Int(block.code(candidate, row))
                let finding = Finding(ruleID: "", slug: "", severity: .info, message: block.suffixes[candidate][code - 1],
                                      location: SourceLocation(path: "", line: 0, column: 0), semanticKey: "")
                probe.add(prepare([finding], candidate: candidate, release: merger.releases[candidate]))
            }
            ending = merger.finding(of: probe.entries[0]).message
            endings[key] = ending
        }
        var finding = block.rows.findings[row]
        // The message written once, at its size (the row's `P` is shared by every row's finding).
        var message = ""
        message.reserveCapacity(finding.message.utf8.count + ending.utf8.count)
        message += finding.message
        message += ending
        finding.message = message
        merger.settle(&finding, severity: finding.severity, fixesAgree: true, holds: holds)
        return finding
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

    /// Adds one candidate's block of rule `rule`, its findings from position `offset` on.
    func add(_ block: CandidateBlock, candidate: Int, offset: Int, rule: Int) {
        state.withLock { merges in merges[rule].add(block, candidate: candidate, offset: offset) }
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
