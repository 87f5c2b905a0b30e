import RMQLintSource
import RMQLintKnowledge
import RMQLintModel

/// Findings that every candidate release's model of a deployment makes alike but for the end
/// of their messages (a fleet's rendered files: ``Deployment/renderedFilesFact(_:uses:_:)``),
/// made once and shared by reference. Each row is a finding whose message is the part every
/// candidate's message begins with (`P`); a candidate states which rows it reports and how
/// each message ends in a ``CandidateBlock``.
///
/// What the merge needs of each row is worked out here, once for every candidate: its identity
/// hash, and whether its `P` can be put in front of the merged endings unchanged (plain ASCII,
/// balanced, naming no OpenStack release; see ``CandidateMerge``'s splice).
public final class CandidateRows: Sendable {
    /// The rows, each with `P` as its message.
    public let findings: [Finding]
    /// ``Finding/identityHash`` of each row.
    package let identityHashes: [Int]
    /// Per row: `P` is ASCII without 0x01, balanced (brackets close inside it, backticks pair),
    /// names no OpenStack release (no byte occurrence of one), and is short enough for a plain
    /// template.
    package let plainPrefix: [Bool]
    /// Per row: `P` is empty or ends with a space (a word boundary whatever follows).
    package let prefixEndsWord: [Bool]
    /// No two rows have the same identity.
    package let distinct: Bool

    /// Rows `findings`, each message being `P`.
    public init(_ findings: [Finding]) {
        self.findings = findings
        identityHashes = findings.map(\.identityHash)
        var plain: [Bool] = [], endsWord: [Bool] = []
        plain.reserveCapacity(findings.count)
        endsWord.reserveCapacity(findings.count)
        for finding in findings {
            var prefix = finding.message
            prefix.withUTF8 { bytes in
                plain.append(Self.isPlainPrefix(bytes))
                endsWord.append(bytes.last.map { $0 == 0x20 } ?? true)
            }
        }
        plainPrefix = plain
        prefixEndsWord = endsWord
        distinct = Self.identitiesAreDistinct(findings, hashes: identityHashes)
    }

    /// The longest `P` kept plain: with any ending it stays within a plain template's length.
    package static let longestPrefix = 1 << 30

    /// Release names, for the byte test of ``plainPrefix``.
    private static let releaseNames = ReleaseNameIndex(OpenStackRelease.allCases.map(\.name))

    static func isPlainPrefix(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count <= longestPrefix, ByteText.isASCII(bytes, without: 0x01), ByteText.isBalanced(bytes) else { return false }
        return !releaseNames.occurs(in: bytes)
    }

    private static func identitiesAreDistinct(_ findings: [Finding], hashes: [Int]) -> Bool {
        var first: [Int: Int] = [:]
        first.reserveCapacity(findings.count)
        var next = [Int](repeating: -1, count: findings.count)
        for index in findings.indices {
            guard let known = first[hashes[index]] else {
                first[hashes[index]] = index
                continue
            }
            var other = known
            while true {
                if findings[other].hasSameIdentity(as: findings[index]) { return false }
                guard next[other] >= 0 else { break }
                other = next[other]
            }
            next[other] = index
        }
        return true
    }
}

/// One candidate release's findings of shared ``CandidateRows``, in place of the findings
/// themselves: row `r` with code `k > 0` stands for the row's finding with the message
/// `P + suffixes[k - 1]`; code 0 for no finding. The findings it stands for are in row order,
/// in the candidate's order where the block is handed over.
public struct CandidateBlock: Sendable {
    public let rows: CandidateRows
    /// Per row, the code; `nil`: every row, code 1.
    public let codes: [UInt8]?
    /// The message endings the codes name.
    public let suffixes: [String]

    /// A block, or `nil` when a code names no suffix or there is not one code per row.
    public init?(rows: CandidateRows, codes: [UInt8]?, suffixes: [String]) {
        if let codes {
            guard codes.count == rows.findings.count, codes.allSatisfy({ Int($0) <= suffixes.count }) else { return nil }
        } else if suffixes.isEmpty, !rows.findings.isEmpty {
            return nil
        }
        self.rows = rows
        self.codes = codes
        self.suffixes = suffixes
    }

    /// How many findings it stands for (the rows with a code).
    public var count: Int {
        codes.map { $0.reduce(0) { $0 + ($1 == 0 ? 0 : 1) } } ?? rows.findings.count
    }

    /// The findings it stands for, in order (what a rule hands over where blocks are not taken).
    public var findings: [Finding] {
        var findings: [Finding] = []
        findings.reserveCapacity(count)
        for row in rows.findings.indices {
            guard let message = message(row) else { continue }
            var finding = rows.findings[row]
            finding.message = message
            findings.append(finding)
        }
        return findings
    }

    /// Row `row`'s code.
    public func code(_ row: Int) -> UInt8 { codes?[row] ?? 1 }

    /// Row `row`'s message, `nil` when it has no finding.
    public func message(_ row: Int) -> String? {
        let code = Int(code(row))
        guard code > 0 else { return nil }
        return rows.findings[row].message + suffixes[code - 1]
    }
}

/// Names to find in text, by their first byte, in flat arrays of integers and bytes: the test
/// reads them at every byte of every row of a fleet, where an array of arrays costs a
/// reference count per byte (two cores counting the same arrays).
struct ReleaseNameIndex: Sendable {
    /// Every name's bytes, one name after another.
    private let bytes: [UInt8]
    /// Per name: where its bytes start and end in `bytes`, and the next name with the same
    /// first byte (-1: none).
    private let names: [(start: Int, end: Int, next: Int)]
    /// Per byte value: the first name that begins with it (-1: none).
    private let first: [Int]

    init(_ all: [String]) {
        var bytes: [UInt8] = [], names: [(start: Int, end: Int, next: Int)] = []
        var first = [Int](repeating: -1, count: 256)
        for name in all where !name.isEmpty {
            let start = bytes.count
            bytes += name.utf8
            let lead = Int(bytes[start])
            names.append((start, bytes.count, first[lead]))
            first[lead] = names.count - 1
        }
        self.bytes = bytes
        self.names = names
        self.first = first
    }

    /// Whether one of the names occurs in `text`, at any byte.
    func occurs(in text: UnsafeBufferPointer<UInt8>) -> Bool {
        for index in text.indices {
            var name = first[Int(text[index])]
            while name >= 0 {
                let (start, end, next) = names[name]
                if end - start <= text.count - index {
                    var length = 0
                    while start + length < end, bytes[start + length] == text[index + length] { length += 1 }
                    if start + length == end { return true }
                }
                name = next
            }
        }
        return false
    }
}

/// A part of a candidate release's findings (``Rule/checkCandidate(_:batch:into:)``).
public enum CandidatePart: Sendable {
    /// Findings, in order.
    case findings([Finding])
    /// The findings of a block, in its row order.
    case block(CandidateBlock)
}

extension Finding {
    /// A hash of ``hasSameIdentity(as:)``'s parts (rule, path, semantic key).
    public var identityHash: Int {
        var hasher = Hasher()
        ByteText.combine(ruleID, into: &hasher)
        ByteText.combine(location.path, into: &hasher)
        ByteText.combine(semanticKey, into: &hasher)
        return hasher.finalize()
    }
}
