import RMQLintSource
import RMQLintKnowledge
import RMQLintModel
import RMQLintEngine

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
    /// The first byte is looked for with ``ByteText/firstIndex(of:in:from:)`` (every
    /// candidate's message of every finding is searched for its release's name).
    static func first(of pattern: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let head = pattern.first, pattern.count <= bytes.count else { return nil }
        let last = bytes.count - pattern.count
        var from = start
        while let index = ByteText.firstIndex(of: head, in: UnsafeRawBufferPointer(bytes), from: from), index <= last {
            var offset = 1
            while offset < pattern.count, bytes[index + offset] == pattern[offset] { offset += 1 }
            if offset == pattern.count { return index }
            from = index + 1
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
