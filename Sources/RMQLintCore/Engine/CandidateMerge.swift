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
    /// One candidate's findings, hashed by identity and worded with the release's own name
    /// marked: made on the candidate's own core, before the shared merge is locked.
    struct Prepared: Sendable {
        var candidate: Int
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

    /// One finding across candidates.
    struct Entry: Sendable {
        /// The newest candidate's finding (the last of its kind in that candidate's order).
        var finding: Finding
        var newest: Int
        /// Where it was first met, in candidate order: the merged order.
        var first: (candidate: Int, position: Int)
        var wordings: [Wording]
        /// The first plain wording, whose whole text the other plain wordings share their ends with.
        var base: Int?
        var severity: Severity
        var fixesAgree: Bool
        /// The candidate that worded it last: a finding given twice by one candidate is worded
        /// by its first occurrence (each candidate is added once).
        var wordedBy: Int
        /// The next entry whose identity has the same hash.
        var sameHash: Int?
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

    /// `findings` of candidate `candidate`, ready to add (no shared state touched). Each
    /// message moves into its template, so a finding's text is held once.
    static func prepare(_ findings: consuming [Finding], candidate: Int, release: OpenStackRelease) -> Prepared {
        var findings = findings
        var items: [Item] = []
        items.reserveCapacity(findings.count)
        for index in findings.indices {
            let template = Template(findings[index].message, release: release.name)
            findings[index].message = ""
            items.append(Item(finding: findings[index], hash: identityHash(findings[index]), template: template))
        }
        return Prepared(candidate: candidate, findings: items)
    }

    /// A hash of ``Finding/hasSameIdentity(as:)``'s parts.
    static func identityHash(_ finding: Finding) -> Int {
        var hasher = Hasher()
        ByteText.combine(finding.ruleID, into: &hasher)
        ByteText.combine(finding.location.path, into: &hasher)
        ByteText.combine(finding.semanticKey, into: &hasher)
        return hasher.finalize()
    }

    /// Adds one candidate's findings (each candidate once).
    mutating func add(_ prepared: Prepared) {
        let candidate = prepared.candidate
        prepared.findings.withUnsafeBufferPointer { items in
            for position in items.indices {
                var found = slots[items[position].hash]
                while let slot = found, !entries[slot].finding.hasSameIdentity(as: items[position].finding) {
                    found = entries[slot].sameHash
                }
                guard let slot = found else {
                    let item = items[position]
                    let wording = Wording(item.template, candidate: candidate)
                    entries.append(Entry(
                        finding: item.finding, newest: candidate, first: (candidate, position), wordings: [wording],
                        base: wording.isPlain ? 0 : nil, severity: item.finding.severity, fixesAgree: true, wordedBy: candidate,
                        sameHash: slots.updateValue(entries.count, forKey: item.hash)))
                    continue
                }
                // Changed in place: copying the entry out and back retained every field of its finding.
                if entries[slot].wordedBy != candidate {
                    entries[slot].wordedBy = candidate
                    entries[slot].add(items[position].template, candidate: candidate)
                }
                let finding = items[position].finding
                entries[slot].severity = min(entries[slot].severity, finding.severity)
                // Fixes agree when every candidate's equal the one kept; compared with whichever
                // is kept, the answer is the same as comparing neighbours in candidate order.
                if entries[slot].fixesAgree, entries[slot].finding.fixes != finding.fixes { entries[slot].fixesAgree = false }
                if candidate >= entries[slot].newest {
                    entries[slot].finding = finding
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

extension CandidateMerge {
    /// A candidate's message with its release's own name marked where it is a word (see
    /// ``Linter/replacingWord(_:with:in:)``). A plain message (ASCII without the byte 0x01) is
    /// kept on bytes with each release word as the one byte 0x01: the message itself when it
    /// names no release, so equal wordings are equal bytes and are compared and rendered as
    /// such. Any other message keeps the template text and is merged by the general path.
    struct Template: Sendable {
        /// Plain: the message with each release word as 0x01; otherwise the message with the
        /// placeholder written in.
        let text: String
        let isPlain: Bool
        /// Whether a plain text names the release (holds 0x01).
        let namesRelease: Bool

        init(_ message: String, release name: String) {
            var message = message, name = name
            let marks: [Int]? = message.withUTF8 { bytes in
                name.withUTF8 { wanted in
                    guard !wanted.isEmpty, ByteText.isASCII(wanted, without: 0x01), ByteText.isASCII(bytes, without: 0x01)
                    else { return nil }
                    return Linter.asciiWordOffsets(wanted, in: bytes, replacementLast: 0x01)
                }
            }
            guard let marks else {
                text = Linter.replacingWord(name, with: CandidateMerge.placeholder, in: message)
                isPlain = false
                namesRelease = false
                return
            }
            isPlain = true
            namesRelease = !marks.isEmpty
            guard namesRelease else {
                text = message
                return
            }
            let nameLength = name.utf8.count
            text = message.withUTF8 { bytes in
                String(unsafeUninitializedCapacity: bytes.count - marks.count * (nameLength - 1)) { output in
                    var written = 0, rest = 0
                    for mark in marks {
                        written = output[written...].initialize(fromContentsOf: bytes[rest..<mark]) + 1
                        output[written - 1] = 0x01
                        rest = mark + nameLength
                    }
                    return output[written...].initialize(fromContentsOf: bytes[rest...])
                }
            }
        }

        /// The template with the placeholder written in (what the general path merges).
        var templateText: String {
            guard namesRelease else { return text }
            var output: [UInt8] = []
            Wording.append(text, replacing: Array(CandidateMerge.placeholder.utf8), into: &output)
            return String(decoding: output, as: UTF8.self)
        }
    }
}

extension CandidateMerge {
    /// A wording of one finding and the candidates that gave it. A finding's plain wordings
    /// differ in a few words (an oslo.messaging version, a removal) within the same long text:
    /// each after the first holds only the bytes between the ones it begins and ends with alike
    /// with the first (its ``shared`` ends), so a finding's text is held about once however many
    /// wordings it has.
    struct Wording: Sendable {
        /// The template's text (``CandidateMerge/Template/text``), or, with ``shared``, the bytes
        /// between the shared ends.
        var text: String
        /// How many bytes the wording begins and ends with alike with the base wording (the entry's
        /// first plain one), when `text` is the middle only.
        var shared: (prefix: Int, suffix: Int)?
        let isPlain: Bool
        let namesRelease: Bool
        var candidates: CandidateSet

        /// `template`'s whole text, given by `candidate`.
        init(_ template: CandidateMerge.Template, candidate: Int) {
            text = template.text
            shared = nil
            isPlain = template.isPlain
            namesRelease = template.namesRelease
            candidates = CandidateSet(candidate)
        }
    }
}

extension CandidateMerge.Entry {
    /// Adds `candidate`'s `template` to the finding's wordings: to the equal one (the same
    /// template text), or as a new one.
    mutating func add(_ template: CandidateMerge.Template, candidate: Int) {
        guard template.isPlain, let base else {
            // The general path: template texts compared as Strings (as the non-plain ones must be).
            let text = template.templateText
            let baseText = base.map { wordings[$0].text } ?? ""
            if let index = wordings.firstIndex(where: { $0.templateText(base: baseText) == text }) {
                wordings[index].candidates.insert(candidate)
            } else {
                if template.isPlain { base = wordings.count }
                wordings.append(CandidateMerge.Wording(template, candidate: candidate))
            }
            return
        }
        var text = template.text, baseText = wordings[base].text
        // A plain template equals a plain wording exactly when their bytes are equal, that is when
        // the ends they share with the base and the middles are (all functions of the bytes).
        // The ends: nil when the template is the base's text.
        let ends: (prefix: Int, suffix: Int)? = text.withUTF8 { a in
            baseText.withUTF8 { b in
                let prefix = ByteText.commonPrefix(UnsafeRawBufferPointer(a), UnsafeRawBufferPointer(b))
                guard prefix < a.count || prefix < b.count else { return nil }
                return (prefix, min(ByteText.commonSuffix(UnsafeRawBufferPointer(a), UnsafeRawBufferPointer(b)), min(a.count, b.count) - prefix))
            }
        }
        guard let ends else {
            wordings[base].candidates.insert(candidate)
            return
        }
        let (prefix, suffix) = ends
        // The middle is compared in place; a String is made only for a new wording.
        let same = text.withUTF8 { bytes in
            let middle = bytes[prefix..<(bytes.count - suffix)]
            return wordings.firstIndex { wording in
                guard let shared = wording.shared, shared == (prefix, suffix) else { return false }
                return wording.text.utf8.count == middle.count && wording.text.utf8.elementsEqual(middle)
            }
        }
        if let same {
            wordings[same].candidates.insert(candidate)
            return
        }
        // Not plain: the same template text may still be the same Characters.
        if wordings.contains(where: { !$0.isPlain }) {
            let full = template.templateText
            if let index = wordings.firstIndex(where: { !$0.isPlain && $0.text == full }) {
                wordings[index].candidates.insert(candidate)
                return
            }
        }
        var wording = CandidateMerge.Wording(template, candidate: candidate)
        wording.text = text.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0[prefix..<($0.count - suffix)]), as: UTF8.self) }
        wording.shared = (prefix, suffix)
        wordings.append(wording)
    }
}

extension CandidateMerge.Wording {
    /// The template with the placeholder written in (plain wordings: with `base`'s text, the
    /// base wording's, for the shared ends).
    func templateText(base: String) -> String {
        guard isPlain else { return text }
        var output: [UInt8] = []
        render(base: base, with: Array(CandidateMerge.placeholder.utf8), into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the plain wording's text, `replacement` where the release word stands.
    func render(base: String, with replacement: [UInt8], into output: inout [UInt8]) {
        guard let shared else {
            Self.append(text, replacing: replacement, namesRelease: namesRelease, into: &output)
            return
        }
        var base = base
        base.withUTF8 { bytes in
            Self.append(UnsafeBufferPointer(rebasing: bytes[..<shared.prefix]), replacing: replacement, namesRelease: namesRelease, into: &output)
            Self.append(text, replacing: replacement, namesRelease: namesRelease, into: &output)
            Self.append(UnsafeBufferPointer(rebasing: bytes[(bytes.count - shared.suffix)...]), replacing: replacement,
                        namesRelease: namesRelease, into: &output)
        }
    }

    /// Appends `text` with `replacement` for each byte 0x01.
    static func append(_ text: String, replacing replacement: [UInt8], namesRelease: Bool = true, into output: inout [UInt8]) {
        var text = text
        text.withUTF8 { append($0, replacing: replacement, namesRelease: namesRelease, into: &output) }
    }

    /// Appends `bytes` with `replacement` for each byte 0x01 (none when the text names no release).
    static func append(
        _ bytes: UnsafeBufferPointer<UInt8>, replacing replacement: [UInt8], namesRelease: Bool, into output: inout [UInt8]
    ) {
        guard namesRelease else {
            output.append(contentsOf: bytes)
            return
        }
        var rest = 0
        while let mark = bytes[rest...].firstIndex(of: 0x01) {
            output.append(contentsOf: bytes[rest..<mark])
            output.append(contentsOf: replacement)
            rest = mark + 1
        }
        output.append(contentsOf: bytes[rest...])
    }
}

/// Makes the merged finding of each entry, with what one piece of work reuses across its
/// entries: release ranges, merged middles of wordings, scratch buffers.
struct MessageMerger {
    let releases: [OpenStackRelease]
    let all: CandidateSet
    let reported: Bool
    let fast: Bool
    /// ``ResolvedRelease/rangeText(_:)`` of candidate sets, as bytes.
    private var ranges: [UInt64: [UInt8]] = [:]
    /// Merged middles of plain wordings (see ``MergedMessageMemo`` for why cutting is exact).
    private var middles: [MiddleKey: [UInt8]] = [:]
    private var memo = MergedMessageMemo()
    private var rendered: [[UInt8]] = []
    private var key: [UInt8] = []

    init(releases: [OpenStackRelease], reported: Bool, fast: Bool) {
        self.releases = releases
        self.all = CandidateSet.all(releases.count)
        self.reported = reported
        self.fast = fast
    }

    /// The releases of `set`, in candidate order.
    func releases(of set: CandidateSet) -> [OpenStackRelease] { set.members.map { releases[$0] } }

    /// The range text of `set`'s releases.
    mutating func range(_ set: CandidateSet) -> [UInt8] {
        if let known = ranges[set.bits] { return known }
        let text = Array(ResolvedRelease.rangeText(releases(of: set)).utf8)
        ranges[set.bits] = text
        return text
    }

    /// Holds an entry's place once its finding is taken, so that the finding is changed in
    /// place instead of copied.
    private static let vacated = Finding(ruleID: "", slug: "", severity: .info, message: "",
                                         location: SourceLocation(path: "", line: 0, column: 0), semanticKey: "")

    mutating func finding(of entry: consuming CandidateMerge.Entry) -> Finding {
        var finding = entry.finding
        entry.finding = Self.vacated
        // Wordings in the order their first candidate comes (each candidate is in one wording).
        var wordings = entry.wordings
        entry.wordings = []
        let base = entry.base.map { wordings[$0].text } ?? ""
        if wordings.count > 1 { wordings.sort { $0.candidates.first < $1.candidates.first } }
        let holds = CandidateSet(bits: wordings.reduce(0) { $0 | $1.candidates.bits })
        let tail: [UInt8] = holds == all ? [] : Array((" [holds only on " + String(decoding: range(holds), as: UTF8.self)
            + " of the candidate releases " + String(decoding: range(all), as: UTF8.self) + ", and the release is not pinned: "
            + (reported ? "see RMQ002]" : "pass --release to decide]")).utf8)
        if fast, wordings.allSatisfy(\.isPlain) {
            finding.message = plainMessage(wordings, base: base, tail: tail)
        } else {
            let groups = wordings.map { (template: $0.templateText(base: base), releases: releases(of: $0.candidates)) }
            finding.message = Linter.mergedMessage(templates: groups, memo: &memo) + String(decoding: tail, as: UTF8.self)
        }
        finding.severity = entry.severity
        // A fix is offered only if every candidate release computes the same one (a fix for
        // one candidate may not clear the finding on another), and it is unsafe when the
        // finding holds on some candidates only: a judgement until the release is pinned.
        if !entry.fixesAgree { finding.fixes = [] }
        guard holds != all else { return finding }
        finding.fixes = finding.fixes.map(\.unsafe)
        if finding.severity > .info { finding.severity = .info }
        return finding
    }

    /// ``Linter/mergedMessage(templates:memo:)`` of plain wordings, then `tail`, on bytes: one
    /// wording is rendered as it is; several have the words they all begin and end with
    /// counted on bytes, and the differing middle merged once per piece of work.
    private mutating func plainMessage(_ wordings: [CandidateMerge.Wording], base: String, tail: [UInt8]) -> String {
        if wordings.count == 1 {
            // The only wording is the base: its whole text.
            let wording = wordings[0]
            if !wording.namesRelease, tail.isEmpty { return wording.text }
            var output: [UInt8] = []
            wording.render(base: base, with: wording.namesRelease ? range(wording.candidates) : [], into: &output)
            output += tail
            return String(decoding: output, as: UTF8.self)
        }
        while rendered.count < wordings.count { rendered.append([]) }
        for (index, wording) in wordings.enumerated() {
            rendered[index].removeAll(keepingCapacity: true)
            wording.render(base: base, with: wording.namesRelease ? range(wording.candidates) : [], into: &rendered[index])
        }
        let texts = rendered[..<wordings.count]
        let groups = wordings.map { releases(of: $0.candidates) }
        guard let cut = SharedEnds(texts) else {
            // Nothing can be cut: the whole wordings, as the general path merges them.
            let words = texts.map { Linter.spaceSeparatedWords(String(decoding: $0, as: UTF8.self)) }
            return Linter.mergedWords(words, releases: groups) + String(decoding: tail, as: UTF8.self)
        }
        // The key: each wording's candidates and middle.
        key.removeAll(keepingCapacity: true)
        for (text, wording) in zip(texts, wordings) {
            withUnsafeBytes(of: wording.candidates.bits.littleEndian) { key.append(contentsOf: $0) }
            let middle = cut.middle(of: text)
            withUnsafeBytes(of: UInt32(truncatingIfNeeded: middle.count).littleEndian) { key.append(contentsOf: $0) }
            key.append(contentsOf: middle)
        }
        let lookup = MiddleKey(bytes: key)
        let middle: [UInt8]
        if let known = middles[lookup] {
            middle = known
        } else {
            let words = texts.map { Linter.spaceSeparatedWords(String(decoding: cut.middle(of: $0), as: UTF8.self)) }
            middle = Array(Linter.mergedWords(words, releases: groups).utf8)
            middles[lookup] = middle
        }
        let first = texts[texts.startIndex]
        var output: [UInt8] = []
        output.reserveCapacity(cut.middleStart + middle.count + cut.suffixBytes + 1 + tail.count)
        output += first[..<cut.middleStart]
        output += middle
        if cut.suffix > 0 { output += first[(first.count - cut.suffixBytes - 1)...] }
        output += tail
        return String(decoding: output, as: UTF8.self)
    }
}

extension MessageMerger {
    /// A memo key: bytes, compared and hashed as one block.
    struct MiddleKey: Hashable {
        var bytes: [UInt8]

        static func == (lhs: MiddleKey, rhs: MiddleKey) -> Bool {
            lhs.bytes.withUnsafeBytes { a in rhs.bytes.withUnsafeBytes { b in ByteText.equal(a, b) } }
        }

        func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }
}

/// ``MergedMessageMemo/sharedEnds(_:)`` of rendered plain wordings, counted on bytes: the
/// words (cut at every space) all wordings begin with and end with, when cutting them off
/// cannot change the merge. The wordings are ASCII but for the en dashes of release ranges,
/// which sit between letters: a space is always a word boundary, words are equal exactly when
/// their bytes are, and brackets and backticks are bytes.
struct SharedEnds {
    /// Shared words at the start and at the end.
    let prefix: Int
    let suffix: Int
    /// Where the middle starts (after the prefix and its space), in every wording.
    let middleStart: Int
    /// The suffix words' length in bytes (without the space before them).
    let suffixBytes: Int

    init?(_ texts: ArraySlice<[UInt8]>) {
        let first = texts[texts.startIndex]
        var shortest = Int.max
        var common = first.count, commonEnd = first.count
        for text in texts {
            shortest = min(shortest, Self.spaces(text) + 1)
            common = min(common, Self.commonPrefix(first, text))
            commonEnd = min(commonEnd, Self.commonSuffix(first, text))
        }
        // Shared first words: each ends (at a space or the end) within the common bytes, or
        // right where they end when every wording has a boundary there.
        var prefix = 0, position = 0, prefixEnd = 0
        while prefix < shortest {
            let end = first[position...].firstIndex(of: 0x20) ?? first.count
            guard end < common || (end == common && texts.allSatisfy { end == $0.count || $0[end] == 0x20 }) else { break }
            prefix += 1
            prefixEnd = end
            position = end + 1
        }
        // Shared last words, counted from each wording's end, never overlapping the first ones.
        var suffix = 0, end = first.count, suffixBytes = 0
        while suffix < shortest - prefix {
            let start = first[..<end].lastIndex(of: 0x20).map { $0 + 1 } ?? 0
            let distance = first.count - start
            guard distance < commonEnd || (distance == commonEnd && texts.allSatisfy {
                $0.count == distance || $0[$0.count - distance - 1] == 0x20
            }) else { break }
            suffix += 1
            suffixBytes = distance
            guard start > 0 else { break }
            end = start - 1
        }
        guard prefix + suffix > 0, prefix + suffix < shortest,
              Self.isBalanced(first[..<(prefix > 0 ? prefixEnd : 0)]),
              Self.isBalanced(first[(first.count - suffixBytes)...]) else { return nil }
        self.prefix = prefix
        self.suffix = suffix
        self.middleStart = prefix > 0 ? prefixEnd + 1 : 0
        self.suffixBytes = suffixBytes
    }

    /// A wording's middle: its words between the shared ones.
    func middle(of text: [UInt8]) -> ArraySlice<UInt8> {
        text[middleStart..<(suffix > 0 ? text.count - suffixBytes - 1 : text.count)]
    }

    /// Brackets closed within and never before they open, backticks paired (as ``WordBalance``).
    static func isBalanced(_ bytes: ArraySlice<UInt8>) -> Bool {
        var depth = 0, ticks = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
                if depth < 0 { return false }
            case UInt8(ascii: "`"): ticks += 1
            default: break
            }
        }
        return depth == 0 && ticks.isMultiple(of: 2)
    }

    /// How many bytes `a` and `b` begin with alike (``ByteText/commonPrefix(_:_:)``).
    static func commonPrefix(_ a: [UInt8], _ b: [UInt8]) -> Int {
        a.withUnsafeBytes { a in b.withUnsafeBytes { b in ByteText.commonPrefix(a, b) } }
    }

    /// How many bytes `a` and `b` end with alike (``ByteText/commonSuffix(_:_:)``).
    static func commonSuffix(_ a: [UInt8], _ b: [UInt8]) -> Int {
        a.withUnsafeBytes { a in b.withUnsafeBytes { b in ByteText.commonSuffix(a, b) } }
    }

    /// How many spaces `text` has, eight bytes at a time.
    static func spaces(_ text: [UInt8]) -> Int {
        text.withUnsafeBytes { bytes in
            let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, spread: UInt64 = 0x2020_2020_2020_2020
            var count = 0, index = 0
            while index + 8 <= bytes.count {
                let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ spread
                // The high bit of each byte is set when the byte is not zero (no carry between bytes).
                let nonzero = (((word & low) &+ low) | word) & ~low
                count += 8 - nonzero.nonzeroBitCount
                index += 8
            }
            while index < bytes.count {
                if bytes[index] == 0x20 { count += 1 }
                index += 1
            }
            return count
        }
    }
}

/// The candidate merges of one deployment, one per rule, shared by the cores that check its
/// candidate releases.
final class CandidateMerges: Sendable {
    private let state: Mutex<[CandidateMerge]>

    init(rules: Int, releases: [OpenStackRelease]) {
        state = Mutex(Array(repeating: CandidateMerge(releases: releases), count: rules))
    }

    /// Adds one candidate's findings of rule `rule`.
    func add(_ prepared: CandidateMerge.Prepared, rule: Int) {
        state.withLock { merges in merges[rule].add(prepared) }
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

extension Linter {
    /// Merges the findings of each candidate release (see ``CandidateMerge``), given all at once.
    static func mergeCandidates(
        _ perCandidate: [[Finding]], releases: [OpenStackRelease], reported: Bool = true
    ) -> [Finding] {
        var merge = CandidateMerge(releases: releases)
        for (index, findings) in perCandidate.enumerated() {
            merge.add(CandidateMerge.prepare(findings, candidate: index, release: releases[index]))
        }
        return merge.merged(reported: reported)
    }

    /// One message for the wordings of several candidate releases: the release's own name is
    /// replaced by the range of releases sharing the wording; distinct wordings are each kept
    /// with their releases.
    static func mergedMessage(_ wordings: [(release: OpenStackRelease, message: String)]) -> String {
        var groups: [(template: String, releases: [OpenStackRelease])] = []
        for wording in wordings {
            let template = replacingWord(wording.release.name, with: CandidateMerge.placeholder, in: wording.message)
            if let index = groups.firstIndex(where: { $0.template == template }) {
                groups[index].releases.append(wording.release)
            } else {
                groups.append((template, [wording.release]))
            }
        }
        return mergedMessage(templates: groups)
    }

    /// ``mergedMessage(_:)`` of wordings already grouped by template, in the order they are said.
    static func mergedMessage(templates groups: [(template: String, releases: [OpenStackRelease])]) -> String {
        var memo = MergedMessageMemo()
        return mergedMessage(templates: groups, memo: &memo)
    }

    /// ``mergedMessage(templates:)``, the differing middle of the wordings merged once per
    /// `memo`: the words every wording begins and ends with are cut off first when that cannot
    /// change the merge (see ``MergedMessageMemo``).
    static func mergedMessage(
        templates groups: [(template: String, releases: [OpenStackRelease])], memo: inout MergedMessageMemo
    ) -> String {
        let rendered = groups.map { group in
            (text: replacingPlaceholder(CandidateMerge.placeholder, with: ResolvedRelease.rangeText(group.releases), in: group.template),
             releases: group.releases)
        }
        guard rendered.count > 1 else { return rendered.first?.text ?? "" }
        let words = rendered.map { spaceSeparatedWords($0.text) }
        let releases = rendered.map(\.releases)
        guard let cut = MergedMessageMemo.sharedEnds(words) else { return mergedWords(words, releases: releases) }
        let middles = words.map { $0[cut.prefix..<($0.count - cut.suffix)] }
        let key = MergedMessageMemo.Key(middles: middles, releases: releases)
        let middle: String
        if let known = memo.merged[key] {
            middle = known
        } else {
            middle = mergedWords(middles.map(Array.init), releases: releases)
            memo.merged[key] = middle
        }
        let prefix = words[0][..<cut.prefix], suffix = words[0][(words[0].count - cut.suffix)...]
        return (prefix + [Substring(middle)] + suffix).joined(separator: " ")
    }

    /// The merged message of wordings cut into words (more than one), each with its releases.
    static func mergedWords(_ words: [[Substring]], releases: [[OpenStackRelease]]) -> String {
        let spans = differingSpans(words)
        var output: [Substring] = []
        var next = 0
        for span in spans {
            output += words[0][next..<span.lowerBound]
            output.append(Substring(alternatives(span, words: words, releases: releases)))
            next = span.upperBound
        }
        output += words[0][next...]
        return output.joined(separator: " ")
    }

    /// `text.split(separator: " ", omittingEmptySubsequences: false)`, cut on bytes where that
    /// is the same: every space between ASCII bytes is a Character of its own (a space after a
    /// prepended or before a combining scalar may not be, so such texts are split by Character).
    static func spaceSeparatedWords(_ text: String) -> [Substring] {
        let utf8 = text.utf8
        var words: [Substring] = []
        var start = utf8.startIndex
        var previous: UInt8 = 0
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == 0x20 {
                let next = utf8.index(after: index)
                guard previous < 0x80, next == utf8.endIndex || utf8[next] < 0x80 else {
                    return text.split(separator: " ", omittingEmptySubsequences: false)
                }
                words.append(text[start..<index])
                start = next
            }
            previous = byte
            index = utf8.index(after: index)
        }
        words.append(text[start..<utf8.endIndex])
        return words
    }

    /// How many words every wording begins with, and then how many it ends with (never
    /// counting a word twice: together at most the shortest wording's length).
    static func sharedWordCounts(_ words: [[Substring]]) -> (prefix: Int, suffix: Int) {
        let shortest = words.map(\.count).min() ?? 0
        var prefix = 0
        while prefix < shortest, words.allSatisfy({ $0[prefix] == words[0][prefix] }) { prefix += 1 }
        var suffix = 0
        while suffix < shortest - prefix,
              words.allSatisfy({ $0[$0.count - 1 - suffix] == words[0][words[0].count - 1 - suffix] }) { suffix += 1 }
        return (prefix, suffix)
    }

    /// The word ranges where the wordings differ, each whole (never starting or ending inside
    /// a parenthesis or a code span, so every alternative reads alone) and the ranges closer
    /// than three shared words joined. Wordings of equal length are compared word by word —
    /// "[on queens–rocky: 11 | on stein–2023.1: 12] services … RabbitMQ [on queens–rocky: 3.6 …]"
    /// rather than the whole sentence once per release —; otherwise the one range between the
    /// shared first and last words.
    static func differingSpans(_ words: [[Substring]]) -> [Range<Int>] {
        let counts = Set(words.map(\.count))
        let balances = words.map(WordBalance.init)
        var spans: [Range<Int>] = []
        if counts.count == 1, let count = counts.first {
            for index in 0..<count where !words.allSatisfy({ $0[index] == words[0][index] }) {
                if let last = spans.last, index - last.upperBound < 3 {
                    spans[spans.count - 1] = last.lowerBound..<(index + 1)
                } else {
                    spans.append(index..<(index + 1))
                }
            }
        } else {
            var (prefix, suffix) = sharedWordCounts(words)
            // With different lengths the range is positioned from each wording's own end.
            while prefix > 0, !balances[0].isBalanced(before: prefix) { prefix -= 1 }
            while suffix > 0, !balances[0].isBalanced(from: words[0].count - suffix) { suffix -= 1 }
            return [prefix..<(words[0].count - suffix)]
        }
        // Widen each range until every wording's words before and after it are balanced, then
        // join ranges that now touch or come close.
        var changed = true
        while changed {
            changed = false
            for (position, span) in spans.enumerated() {
                var lower = span.lowerBound, upper = span.upperBound
                while lower > 0, !balances.allSatisfy({ $0.isBalanced(before: lower) }) { lower -= 1 }
                while upper < words[0].count, !balances.allSatisfy({ $0.isBalanced(from: upper) }) { upper += 1 }
                if lower != span.lowerBound || upper != span.upperBound {
                    spans[position] = lower..<upper
                    changed = true
                }
            }
            var joined: [Range<Int>] = []
            for span in spans {
                if let last = joined.last, span.lowerBound - last.upperBound < 3 {
                    joined[joined.count - 1] = last.lowerBound..<max(last.upperBound, span.upperBound)
                } else {
                    joined.append(span)
                }
            }
            if joined.count != spans.count { changed = true }
            spans = joined
        }
        return spans
    }

    /// "[on A: x | on B: y]" for one differing range: wordings with the same words there share
    /// one alternative (their releases joined), and punctuation that ends every alternative is
    /// said once, after the bracket.
    static func alternatives(_ span: Range<Int>, words: [[Substring]], releases: [[OpenStackRelease]]) -> String {
        let suffix = words[0].count - span.upperBound
        var texts: [(text: String, releases: [OpenStackRelease])] = []
        for (wording, owned) in zip(words, releases) {
            let text = wording[span.lowerBound..<(wording.count - suffix)].joined(separator: " ")
            if let index = texts.firstIndex(where: { $0.text == text }) {
                texts[index].releases += owned
            } else {
                texts.append((text, owned))
            }
        }
        var trailing = ""
        if let last = texts.first?.text.last, ",.;:".contains(last),
           texts.allSatisfy({ $0.text.count > 1 && $0.text.last == last }) {
            trailing = String(last)
            texts = texts.map { (String($0.text.dropLast()), $0.releases) }
        }
        let parts = texts.map { "on \(ResolvedRelease.rangeText($0.releases.sorted())): \($0.text)" }
        return "[" + parts.joined(separator: " | ") + "]" + trailing
    }

    /// `text` with every whole-word occurrence of `word` (not inside a longer name or version,
    /// e.g. `2024.1` in `2024.10`) replaced.
    static func replacingWord(_ word: String, with replacement: String, in text: String) -> String {
        // Most messages do not name the release: a byte scan settles that first (merging a big
        // file's findings over 18 candidate releases called this half a million times).
        guard !word.isEmpty, containsBytes(text, word) else { return text }
        // Every candidate's wording of every finding comes through here: most messages are
        // ASCII, where each byte is a Character, so the same scan runs on bytes.
        if let bytes = replacingASCIIWord(word, with: replacement, in: text) { return bytes }
        return replacingWordByCharacters(word, with: replacement, in: text)
    }

    /// ``replacingWord(_:with:in:)`` on Characters, for any text.
    static func replacingWordByCharacters(_ word: String, with replacement: String, in text: String) -> String {
        // Part of a longer name, a range (`queens–master`), a ref (`stable/2024.1`, `2023.1-eol`,
        // `master:path`) or a version: not the release word.
        func isWordCharacter(_ character: Character?) -> Bool {
            guard let character else { return false }
            return character.isLetter || character.isNumber || "_-–/@:".contains(character)
        }
        var result = ""
        var rest = text[...]
        while let range = rest.firstRange(of: word) {
            let before = range.lowerBound == rest.startIndex ? result.last : rest[rest.index(before: range.lowerBound)]
            var after: Character? = range.upperBound < rest.endIndex ? rest[range.upperBound] : nil
            // A version continues after a dot with a digit (2024.1 → 2024.10; 18.2 → 18.2.1).
            if after == ".", rest.index(after: range.upperBound) < rest.endIndex,
               rest[rest.index(after: range.upperBound)].isNumber {
                after = "0"
            }
            // `master:path` is a ref; `on master: …` is the release.
            if after == ":", rest.index(after: range.upperBound) == rest.endIndex
                || rest[rest.index(after: range.upperBound)].isWhitespace {
                after = nil
            }
            result += rest[..<range.lowerBound]
            result += isWordCharacter(before) || isWordCharacter(after) ? String(rest[range]) : replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }

    /// Whether `needle`'s UTF-8 bytes occur in `text`'s (a Character match implies a byte match).
    static func containsBytes(_ text: String, _ needle: String) -> Bool {
        var text = text
        var needle = needle
        return text.withUTF8 { haystack in
            needle.withUTF8 { pattern in
                pattern.isEmpty || ByteMatch.first(of: pattern, in: haystack, from: 0) != nil
            }
        }
    }

    /// `text` with every `placeholder` replaced, byte by byte: a placeholder that begins and
    /// ends with a control character (`\u{1}`) always sits between Characters, so this is
    /// `replacing(_:with:)` without the walk by Characters.
    static func replacingPlaceholder(_ placeholder: String, with replacement: String, in text: String) -> String {
        var text = text
        let wanted = Array(placeholder.utf8)
        guard !wanted.isEmpty else { return text }
        return text.withUTF8 { bytes in
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + replacement.utf8.count)
            var rest = 0
            while let start = wanted.withUnsafeBufferPointer({ ByteMatch.first(of: $0, in: bytes, from: rest) }) {
                result += bytes[rest..<start]
                result += replacement.utf8
                rest = start + wanted.count
            }
            result += bytes[rest...]
            return String(decoding: result, as: UTF8.self)
        }
    }

    /// ``replacingWord(_:with:in:)`` for an ASCII `word` in an ASCII `text`, byte by byte
    /// (there every byte is one Character, and letters, digits and whitespace are the ASCII
    /// ones); `nil` when either is not ASCII.
    static func replacingASCIIWord(_ word: String, with replacement: String, in text: String) -> String? {
        var word = word, text = text
        return word.withUTF8 { wanted -> String? in
            text.withUTF8 { bytes -> String? in
                guard !wanted.isEmpty, wanted.allSatisfy({ $0 < 0x80 }), bytes.allSatisfy({ $0 < 0x80 }) else {
                    return nil
                }
                let replacementBytes = Array(replacement.utf8)
                let offsets = asciiWordOffsets(wanted, in: bytes, replacementLast: replacementBytes.last)
                var result: [UInt8] = []
                result.reserveCapacity(bytes.count + offsets.count * max(0, replacementBytes.count - wanted.count))
                var rest = 0
                for start in offsets {
                    result += bytes[rest..<start]
                    result += replacementBytes
                    rest = start + wanted.count
                }
                result += bytes[rest...]
                return String(decoding: result, as: UTF8.self)
            }
        }
    }

    /// Where ``replacingASCIIWord(_:with:in:)`` replaces the ASCII `wanted` in the ASCII
    /// `bytes` (a replacement ending in `replacementLast`): the byte offsets of the whole-word
    /// occurrences.
    static func asciiWordOffsets(
        _ wanted: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>, replacementLast: UInt8?
    ) -> [Int] {
        func isWordByte(_ byte: UInt8?) -> Bool {
            guard let byte else { return false }
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "@"), UInt8(ascii: ":"):
                return true
            default:
                return false
            }
        }
        func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        var offsets: [Int] = []
        var rest = 0
        // The last byte written so far, had the text been rewritten (a replacement's own).
        var written: UInt8? = nil
        while let start = ByteMatch.first(of: wanted, in: bytes, from: rest) {
            let end = start + wanted.count
            // As in the Character scan: at the start of the rest, the byte before is the
            // last one written (which may be a replacement's).
            let before: UInt8? = start == rest ? written : bytes[start - 1]
            var after: UInt8? = end < bytes.count ? bytes[end] : nil
            if after == UInt8(ascii: "."), end + 1 < bytes.count, isDigit(bytes[end + 1]) {
                after = UInt8(ascii: "0")
            }
            if after == UInt8(ascii: ":"), end + 1 == bytes.count || isWhitespace(bytes[end + 1]) {
                after = nil
            }
            if isWordByte(before) || isWordByte(after) {
                written = bytes[end - 1]
            } else {
                offsets.append(start)
                written = replacementLast ?? (start > rest ? bytes[start - 1] : written)
            }
            rest = end
        }
        return offsets
    }
}

/// The one byte search behind the release-word scans.
enum ByteMatch {
    /// The offset of the first occurrence of a non-empty `pattern` in `bytes` at or after `start`.
    /// The first byte is looked for eight bytes at a time (every candidate's message of every
    /// finding is searched for its release's name).
    static func first(of pattern: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let head = pattern.first, pattern.count <= bytes.count, let base = bytes.baseAddress else { return nil }
        let last = bytes.count - pattern.count
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let spread = ones &* UInt64(head)
        var index = start
        while index <= last {
            if index + 8 <= bytes.count {
                // Bytes equal to `head` are zero here; the lowest flagged byte is always one of
                // them (a false flag needs a borrow from a zero byte below it).
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) ^ spread
                let flagged = (word &- ones) & ~word & highs
                guard flagged != 0 else {
                    index += 8
                    continue
                }
                index += flagged.trailingZeroBitCount / 8
                guard index <= last else { return nil }
            } else if bytes[index] != head {
                index += 1
                continue
            }
            var offset = 1
            while offset < pattern.count, bytes[index + offset] == pattern[offset] { offset += 1 }
            if offset == pattern.count { return index }
            index += 1
        }
        return nil
    }
}

/// Merged middles of wordings, by their words and releases: a rule words its findings alike,
/// so across a fleet's findings the part that differs between candidate releases (an
/// oslo.messaging version, "removed" or "not yet") repeats around each finding's own service,
/// host and file, which every wording shares.
///
/// Cutting the shared first and last words off never changes the merge when the wordings
/// differ somewhere between them (no wording is all shared words) and the shared words are
/// balanced on their own (brackets and code spans closed within the prefix and within the
/// suffix): the differing ranges, their widening to balanced words and the alternatives are
/// then all the same counted from the cut, and the shared words are said as they are. Keys
/// compare bytes, so text that differs only in its Unicode form is merged on its own.
struct MergedMessageMemo {
    struct Key: Hashable {
        var text: String

        init(middles: [ArraySlice<Substring>], releases: [[OpenStackRelease]]) {
            var text = ""
            for (middle, owned) in zip(middles, releases) {
                text += owned.map(\.name).joined(separator: ",")
                text += "\u{0}"
                text += middle.joined(separator: " ")
                text += "\u{0}"
            }
            self.text = text
        }

        static func == (lhs: Key, rhs: Key) -> Bool { lhs.text.utf8.elementsEqual(rhs.text.utf8) }

        func hash(into hasher: inout Hasher) {
            var text = text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    var merged: [Key: String] = [:]

    /// How many words every wording begins and ends with, when cutting them off cannot change
    /// the merge; `nil` when it might (nothing shared, a wording all shared, unbalanced ends).
    static func sharedEnds(_ words: [[Substring]]) -> (prefix: Int, suffix: Int)? {
        let shortest = words.map(\.count).min() ?? 0
        let (prefix, suffix) = Linter.sharedWordCounts(words)
        guard prefix + suffix > 0, prefix + suffix < shortest else { return nil }
        guard WordBalance(Array(words[0][..<prefix])).isBalanced(before: prefix),
              WordBalance(Array(words[0][(words[0].count - suffix)...])).isBalanced(from: 0) else { return nil }
        return (prefix, suffix)
    }
}

/// Bracket depth and backticks along one wording's words, so that whether the words before an
/// index (or from it on) are balanced is known without rescanning them (the widening of
/// ``Linter/differingSpans(_:)`` asked that for every word of every wording).
struct WordBalance {
    /// Depth and backticks before each word (count + 1 entries).
    private var depth: [Int]
    private var ticks: [Int]
    /// The lowest depth reached among the words before each index / from each index on.
    private var lowestBefore: [Int]
    private var lowestFrom: [Int]

    init(_ words: [Substring]) {
        let count = words.count
        depth = Array(repeating: 0, count: count + 1)
        ticks = Array(repeating: 0, count: count + 1)
        var lowestIn = Array(repeating: 0, count: count)
        for (index, word) in words.enumerated() {
            var running = depth[index], lowest = running, backticks = 0
            // Brackets and backticks are ASCII; a Character that merely starts with one (a
            // combining mark after it) is not one, so non-ASCII words are read by Character.
            if word.utf8.allSatisfy({ $0 < 0x80 }) {
                for byte in word.utf8 {
                    switch byte {
                    case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): running += 1
                    case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                        running -= 1
                        lowest = min(lowest, running)
                    case UInt8(ascii: "`"): backticks += 1
                    default: break
                    }
                }
            } else {
                for character in word {
                    switch character {
                    case "(", "[", "{": running += 1
                    case ")", "]", "}":
                        running -= 1
                        lowest = min(lowest, running)
                    case "`": backticks += 1
                    default: break
                    }
                }
            }
            depth[index + 1] = running
            ticks[index + 1] = ticks[index] + backticks
            lowestIn[index] = lowest
        }
        lowestBefore = Array(repeating: 0, count: count + 1)
        lowestFrom = Array(repeating: 0, count: count + 1)
        if count > 0 {
            lowestBefore[1] = lowestIn[0]
            for index in stride(from: 1, to: count, by: 1) { lowestBefore[index + 1] = min(lowestBefore[index], lowestIn[index]) }
            lowestFrom[count - 1] = lowestIn[count - 1]
            for index in stride(from: count - 2, through: 0, by: -1) { lowestFrom[index] = min(lowestFrom[index + 1], lowestIn[index]) }
        }
    }

    /// Whether the words before `end` are balanced.
    func isBalanced(before end: Int) -> Bool {
        end == 0 || (depth[end] == 0 && ticks[end].isMultiple(of: 2) && lowestBefore[end] >= 0)
    }

    /// Whether the words from `start` on are balanced.
    func isBalanced(from start: Int) -> Bool {
        let count = depth.count - 1
        return start >= count || (depth[count] == depth[start] && (ticks[count] - ticks[start]).isMultiple(of: 2)
            && lowestFrom[start] >= depth[start])
    }
}
