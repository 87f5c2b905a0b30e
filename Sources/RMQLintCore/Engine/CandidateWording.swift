import RMQLintSource
import RMQLintKnowledge
import RMQLintModel
import RMQLintEngine

extension CandidateMerge {
    /// A candidate's message with its release's own name marked where it is a word (see
    /// ``Linter/replacingWord(_:with:in:)``). A plain message (ASCII without the byte 0x01, and
    /// at most ``Wording/longestPlain`` bytes, so that a wording's offsets fit 32 bits) is
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
                    guard !wanted.isEmpty, bytes.count <= Wording.longestPlain,
                          ByteText.isASCII(wanted, without: 0x01), ByteText.isASCII(bytes, without: 0x01)
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
        var candidates: CandidateSet
        /// What the wording is, in 32 bits (a fleet's wordings are all held until its merge):
        /// ``general`` (not plain), ``whole`` (plain, all of `text`), or the shared prefix's length.
        private var kind: UInt32
        /// The shared suffix's length (when `kind` is a prefix length).
        private var suffix: UInt32

        private static let general = UInt32.max
        private static let whole = UInt32.max - 1
        /// The longest plain template: its offsets stay below ``whole``.
        static let longestPlain = Int(UInt32.max - 2)

        /// `template`'s whole text, given by `candidate`.
        init(_ template: CandidateMerge.Template, candidate: Int) {
            text = template.text
            candidates = CandidateSet(candidate)
            kind = template.isPlain ? Self.whole : Self.general
            suffix = 0
        }

        /// A plain wording held as `middle`, between the `shared` ends of the base wording's text.
        init(middle: String, shared: (prefix: Int, suffix: Int), candidate: Int) {
            text = middle
            candidates = CandidateSet(candidate)
            // Both are at most a plain template's length, below ``whole``.
            kind = UInt32(shared.prefix)
            suffix = UInt32(shared.suffix)
        }

        var isPlain: Bool { kind != Self.general }
        /// How many bytes the wording begins and ends with alike with the base wording (the entry's
        /// first plain one), when `text` is the middle only.
        var shared: (prefix: Int, suffix: Int)? { kind < Self.whole ? (Int(kind), Int(suffix)) : nil }
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
        // The middle is compared in place, and the wordings read where they are (not copied
        // out, which retained each text); a String is made only for a new wording.
        let same = text.withUTF8 { bytes in
            let middle = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[prefix..<(bytes.count - suffix)]))
            return wordings.withUnsafeBufferPointer { wordings in
                wordings.indices.first { index in
                    guard let shared = wordings[index].shared, shared == (prefix, suffix) else { return false }
                    let utf8 = wordings[index].text.utf8
                    return utf8.count == middle.count
                        && (utf8.withContiguousStorageIfAvailable { ByteText.equal(UnsafeRawBufferPointer($0), middle) }
                            ?? utf8.elementsEqual(middle))
                }
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
        let middle = text.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0[prefix..<($0.count - suffix)]), as: UTF8.self) }
        wordings.append(CandidateMerge.Wording(middle: middle, shared: (prefix, suffix), candidate: candidate))
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

    /// Appends the plain wording's text, `replacement` where the release word stands (a plain
    /// text holds 0x01 only there).
    func render(base: String, with replacement: [UInt8], into output: inout [UInt8]) {
        guard let shared else {
            Self.append(text, replacing: replacement, into: &output)
            return
        }
        var base = base
        base.withUTF8 { bytes in
            Self.append(UnsafeBufferPointer(rebasing: bytes[..<shared.prefix]), replacing: replacement, into: &output)
            Self.append(text, replacing: replacement, into: &output)
            Self.append(UnsafeBufferPointer(rebasing: bytes[(bytes.count - shared.suffix)...]), replacing: replacement, into: &output)
        }
    }

    /// Appends `text` with `replacement` for each byte 0x01.
    static func append(_ text: String, replacing replacement: [UInt8], into output: inout [UInt8]) {
        var text = text
        text.withUTF8 { append($0, replacing: replacement, into: &output) }
    }

    /// Appends `bytes` with `replacement` for each byte 0x01.
    static func append(_ bytes: UnsafeBufferPointer<UInt8>, replacing replacement: [UInt8], into output: inout [UInt8]) {
        var rest = 0
        while let mark = ByteText.firstIndex(of: 0x01, in: UnsafeRawBufferPointer(bytes), from: rest) {
            output.append(contentsOf: bytes[rest..<mark])
            output.append(contentsOf: replacement)
            rest = mark + 1
        }
        output.append(contentsOf: bytes[rest...])
    }

    /// Whether the plain text `text` names the release (holds 0x01).
    static func namesRelease(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { ByteText.firstIndex(of: 0x01, in: UnsafeRawBufferPointer($0), from: 0) != nil }
    }
}
