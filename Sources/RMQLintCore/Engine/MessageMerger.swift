import RMQLintSource
import RMQLintKnowledge
import RMQLintModel
import RMQLintEngine

/// Makes the merged finding of each entry, with what one piece of work reuses across its
/// entries: release ranges, merged middles of wordings, scratch buffers.
struct MessageMerger {
    let releases: [OpenStackRelease]
    let all: CandidateSet
    let reported: Bool
    let fast: Bool
    /// ``ResolvedRelease/rangeText(_:)`` of candidate sets, as bytes.
    private var ranges: [UInt64: [UInt8]] = [:]
    /// ``tail(_:)`` of candidate sets.
    private var tails: [UInt64: [UInt8]] = [:]
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

    /// What follows the message of a finding that holds on `holds` only (nothing when it holds
    /// on every candidate): the same for every such finding of the piece of work.
    mutating func tail(_ holds: CandidateSet) -> [UInt8] {
        guard holds != all else { return [] }
        if let known = tails[holds.bits] { return known }
        let text = Array((" [holds only on " + String(decoding: range(holds), as: UTF8.self)
            + " of the candidate releases " + String(decoding: range(all), as: UTF8.self) + ", and the release is not pinned: "
            + (reported ? "see RMQ002]" : "pass --release to decide]")).utf8)
        tails[holds.bits] = text
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
        let tail = self.tail(holds)
        if fast, wordings.allSatisfy(\.isPlain) {
            finding.message = plainMessage(wordings, base: base, tail: tail)
        } else {
            let groups = wordings.map { (template: $0.templateText(base: base), releases: releases(of: $0.candidates)) }
            finding.message = Linter.mergedMessage(templates: groups, memo: &memo) + String(decoding: tail, as: UTF8.self)
        }
        settle(&finding, severity: entry.severity, fixesAgree: entry.fixesAgree, holds: holds)
        return finding
    }

    /// Gives a merged finding that holds on `holds` the candidates' lowest `severity`, and their
    /// fixes when they agree.
    func settle(_ finding: inout Finding, severity: Severity, fixesAgree: Bool, holds: CandidateSet) {
        finding.severity = severity
        // A fix is offered only if every candidate release computes the same one (a fix for
        // one candidate may not clear the finding on another), and it is unsafe when the
        // finding holds on some candidates only: a judgement until the release is pinned.
        if !fixesAgree { finding.fixes = [] }
        guard holds != all else { return }
        finding.fixes = finding.fixes.map(\.unsafe)
        if finding.severity > .info { finding.severity = .info }
    }

    /// ``Linter/mergedMessage(templates:memo:)`` of plain wordings, then `tail`, on bytes: one
    /// wording is rendered as it is; several have the words they all begin and end with
    /// counted on bytes, and the differing middle merged once per piece of work.
    private mutating func plainMessage(_ wordings: [CandidateMerge.Wording], base: String, tail: [UInt8]) -> String {
        if wordings.count == 1 {
            // The only wording is the base: its whole text.
            let wording = wordings[0]
            if tail.isEmpty, !CandidateMerge.Wording.namesRelease(wording.text) { return wording.text }
            var output: [UInt8] = []
            wording.render(base: base, with: range(wording.candidates), into: &output)
            output += tail
            return String(decoding: output, as: UTF8.self)
        }
        while rendered.count < wordings.count { rendered.append([]) }
        for (index, wording) in wordings.enumerated() {
            rendered[index].removeAll(keepingCapacity: true)
            wording.render(base: base, with: range(wording.candidates), into: &rendered[index])
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
        return Self.string(first[..<cut.middleStart], middle[...],
                           cut.suffix > 0 ? first[(first.count - cut.suffixBytes - 1)...] : [], tail[...])
    }

    /// The String of `parts`' bytes one after another, written into its own storage (not
    /// gathered in an array first).
    static func string(_ parts: ArraySlice<UInt8>...) -> String {
        String(unsafeUninitializedCapacity: parts.reduce(0) { $0 + $1.count }) { output in
            var written = 0
            for part in parts { written = output[written...].initialize(fromContentsOf: part) }
            return written
        }
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
        bytes.withUnsafeBufferPointer(ByteText.isBalanced)
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
