import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintKnowledge
@testable import RMQLintSource

/// Candidate blocks (``CandidateBlock``): a candidate hands the merge shared rows and a code per
/// row instead of the findings they stand for. The merge must give, byte for byte and in the same
/// order, what it gives of those findings added one by one and merged by the general path, whether
/// a row is spliced (`P` before the merged endings) or merged as findings.
@Suite("Candidate blocks")
struct CandidateBlockTests {
    /// The merge tests' deterministic pseudo-random source (splitmix64).
    typealias Random = CandidateMergeTests.Draw

    /// A candidate's findings of one rule, in its order.
    typealias Parts = [CandidatePart]

    /// The merge of `parts` (one list per candidate), the candidates' parts taken in turn in
    /// `order`, blocks handed over as blocks.
    static func merged(_ parts: [Parts], releases: [OpenStackRelease], order: [Int], reported: Bool) -> [Finding] {
        var merge = CandidateMerge(releases: releases)
        var offsets = [Int](repeating: 0, count: releases.count)
        var pending = order.map { (candidate: $0, parts: parts[$0][...]) }
        while pending.contains(where: { !$0.parts.isEmpty }) {
            for index in pending.indices {
                guard let part = pending[index].parts.popFirst() else { continue }
                let candidate = pending[index].candidate
                switch part {
                case .findings(let findings):
                    merge.add(CandidateMerge.prepare(findings, candidate: candidate, release: releases[candidate], offset: offsets[candidate]))
                    offsets[candidate] += findings.count
                case .block(let block):
                    merge.add(block, candidate: candidate, offset: offsets[candidate])
                    offsets[candidate] += block.count
                }
            }
        }
        return merge.merged(reported: reported)
    }

    /// The reference: every block's findings (``CandidateBlock/findings``) added as findings, in
    /// candidate order, merged by the general path.
    static func expanded(_ parts: [Parts], releases: [OpenStackRelease], reported: Bool) -> [Finding] {
        var merge = CandidateMerge(releases: releases)
        for (candidate, parts) in parts.enumerated() {
            let findings = parts.flatMap { part -> [Finding] in
                switch part {
                case .findings(let findings): findings
                case .block(let block): block.findings
                }
            }
            merge.add(CandidateMerge.prepare(findings, candidate: candidate, release: releases[candidate]))
        }
        return merge.merged(reported: reported, fast: false)
    }

    static func expectSame(_ actual: [Finding], _ expected: [Finding], _ comment: Comment) {
        #expect(actual.count == expected.count, comment)
        for (a, b) in zip(actual, expected) {
            #expect(Array(a.message.utf8) == Array(b.message.utf8), comment)
            #expect(a == b, comment)
        }
    }

    static let prefixWords = ["`heartbeat_in_pthread", "=", "true`", "is", "set", "for", "nova-compute", "(cmp0001),", "but,",
                              "queens", "(master)", "2024.1", "rocky)", "(true", "`", "[x]", "é", "\u{1}", "", "zed01", "a.b"]

    /// Endings of candidate `release`: with and without its name, a leading space, brackets,
    /// non-ASCII, empty.
    static func endings(_ release: OpenStackRelease) -> [String] {
        let name = release.name
        return [
            "oslo.messaging 5.35 (\(name)) does not have the option yet (added in 10.1.0): it is ignored. Remove it",
            "oslo.messaging 18.2 (master) no longer has the option (removed in 18.0.0 by OM 624f8572): it is ignored. Remove it",
            " use quorum queues but `rabbit_transient_quorum_queue` is off (Kolla-Ansible \(name)'s default) on 3 nodes.",
            " is off on \(name) (Kolla's default), so replies stay classic.",
            " is removed: `x` does nothing.",
            "is removed: `x` does nothing.",
            "",
            " (unbalanced on \(name)",
            " non-ASCII é on \(name)",
        ]
    }

    /// Random rows, blocks and findings of `releases.count` candidates.
    static func scenario(_ random: inout Random, releases: [OpenStackRelease]) -> [Parts] {
        let paths = ["a.conf", "hosts/master/b.conf", "hosts/cmp1/c.conf"]
        func prefix() -> String {
            let words = (0..<(1 + random(6))).map { _ in prefixWords[random(prefixWords.count)] }
            return words.joined(separator: " ") + (random(4) == 0 ? "" : " ")
        }
        func finding(_ message: String, key: String, path: String) -> Finding {
            let severity: Severity = [.info, .warning, .error][random(3)]
            let fixes = random(3) == 0 ? [Fix("Remove it", .safe, edits: [])] : []
            return Finding(ruleID: "RMQ207", slug: "removed-oslo-option", severity: severity, message: message,
                           location: SourceLocation(path: path, line: 1 + random(9), column: 1), semanticKey: key, fixes: fixes)
        }
        // Identities: a few shared by rows of different blocks and by ordinary findings.
        let identities = (0..<(4 + random(30))).map { (key: "k\($0 % 40)", path: paths[random(paths.count)]) }
        let rowsSets = (0..<(1 + random(3))).map { set -> CandidateRows in
            // Mostly plain prefixes and identities of their own, so that most rows are spliced.
            let count = random(40)
            return CandidateRows((0..<count).map { row in
                let identity = random(40) == 0 ? identities[random(identities.count)] : (key: "s\(set)r\(row)", path: paths[random(3)])
                let p = random(3) == 0 ? prefix() : "`key = value` is set for nova-compute (cmp\(random(99))), but "
                return finding(p, key: identity.key, path: identity.path)
            })
        }
        return releases.indices.map { candidate in
            let release = releases[candidate]
            var parts: Parts = []
            for rows in rowsSets where random(5) != 0 {
                if random(3) == 0 {
                    let findings = (0..<random(4)).map { _ in
                        let identity = identities[random(identities.count)]
                        return finding(prefix() + endings(release)[random(9)], key: identity.key + "o\(random(3))", path: identity.path)
                    }
                    parts.append(.findings(findings))
                }
                let pool = endings(release)
                let suffixes = (0..<(1 + random(3))).map { _ in pool[random([2, pool.count - 1, pool.count][random(3) == 0 ? 2 : random(2)])] }
                let codes: [UInt8]? = random(3) == 0 ? nil : rows.findings.indices.map { _ in UInt8(random(suffixes.count + 1)) }
                guard let block = CandidateBlock(rows: rows, codes: codes, suffixes: suffixes) else { continue }
                parts.append(.block(block))
                // Rarely, the same rows twice (each identity then twice in the candidate's order).
                if random(12) == 0 { parts.append(.block(block)) }
            }
            // Ordinary findings with the identity of a row that this candidate does not report.
            for rows in rowsSets where random(2) == 0 && !rows.findings.isEmpty {
                let row = rows.findings[random(rows.findings.count)]
                // (A model never reports an identity both in a block and as a finding.)
                let reported = parts.contains { part in
                    guard case .block(let block) = part else { return false }
                    return block.rows.findings.indices.contains { block.code($0) != 0 && block.rows.findings[$0].hasSameIdentity(as: row) }
                }
                if !reported {
                    parts.append(.findings([finding(prefix() + endings(release)[random(9)], key: row.semanticKey, path: row.location.path)]))
                }
            }
            return parts
        }
    }

    /// Random blocks, ordinary findings among them (some of a row's identity), candidates arriving
    /// in any order: the merge is the reference's, and most rows are spliced.
    @Test func blocksMergeAsTheirFindingsDo() {
        var random = Random(state: 0x5EED_0031)
        var spliced = 0, rows = 0
        for round in 0..<400 {
            let count = 1 + random(7)
            let first = random(OpenStackRelease.allCases.count - count + 1)
            let releases = Array(OpenStackRelease.allCases[first..<(first + count)])
            let parts = Self.scenario(&random, releases: releases)
            let reported = random(2) == 0
            let expected = Self.expanded(parts, releases: releases, reported: reported)
            var order = Array(releases.indices)
            for index in order.indices.reversed() { order.swapAt(index, random(index + 1)) }
            Self.expectSame(Self.merged(parts, releases: releases, order: order, reported: reported), expected, "round \(round)")
            Self.expectSame(Self.merged(parts, releases: releases, order: Array(releases.indices), reported: reported), expected,
                            "round \(round), in order")

            var merge = CandidateMerge(releases: releases)
            var offsets = [Int](repeating: 0, count: releases.count)
            for (candidate, parts) in parts.enumerated() {
                for case .block(let block) in parts {
                    merge.add(block, candidate: candidate, offset: offsets[candidate])
                    offsets[candidate] += block.count
                }
            }
            let marks = merge.splicedRows(merge.blocks)
            spliced += marks.joined().filter { $0 }.count
            rows += marks.joined().count
        }
        // Both ways are exercised.
        #expect(spliced > rows / 4)
        #expect(spliced < rows * 9 / 10)
    }

    /// The release-name index finds a name exactly where a search for each name does: at the
    /// start, the end, inside words, overlapping, shared first bytes, cut short at the end.
    @Test func releaseNameIndexFindsWhatASearchForEachNameFinds() {
        let names = OpenStackRelease.allCases.map(\.name)
        let index = ReleaseNameIndex(names)
        var texts = ["", "x", "queens", "queen", "zed", "ze", "2024.1", "2024.", "master", "maste", "mastermaster",
                     "constraint", "strain", "yogurt", "xenacrossing", "on 2023.2 only", "set for ussur", "victori",
                     "`heartbeat_in_pthread = true` is set for nova-compute (cmp2), but ", "wallab", "tstein"]
        var next = CandidateMergeTests.Draw(state: 41)
        let alphabet = Array("aeinorstuvwxyzqmgbkcl .0123-")
        for _ in 0..<400 {
            texts.append(String((0..<next(24)).map { _ in alphabet[next(alphabet.count)] }))
        }
        for text in texts {
            let bytes = Array(text.utf8)
            let expected = names.contains { name in bytes.indices.contains { bytes[$0...].starts(with: name.utf8) } }
            let found = bytes.withUnsafeBufferPointer { index.occurs(in: $0) }
            #expect(found == expected, "\(text)")
        }
    }

    /// A prefix that names a candidate's release, is unbalanced, is not ASCII or meets an ending
    /// inside a word is not spliced; one that does none of these is.
    @Test func prefixesFailingTheSpliceConditionsAreMergedAsFindings() {
        let releases: [OpenStackRelease] = [.queens, .rocky, .stein, .master]
        let good = "`heartbeat_in_pthread = true` is set for nova-compute (cmp2), but "
        let prefixes = [good, "nova-compute on master ", "`heartbeat_in_pthread = (true` is set for nova-compute (cmp2), but ",
                        "`x = é` is set for a, but ", "nova-compute", ""]
        let rows = CandidateRows(prefixes.enumerated().map { index, prefix in
            Finding(ruleID: "RMQ207", slug: "removed-oslo-option", severity: .info, message: prefix,
                    location: SourceLocation(path: "hosts/h\(index)/nova.conf", line: 2, column: 1), semanticKey: "k")
        })
        #expect(rows.plainPrefix == [true, false, false, false, true, true])
        #expect(rows.prefixEndsWord == [true, true, true, true, false, true])
        var parts: [Parts] = []
        for release in releases {
            let ending = release == .master ? "no longer has the option: it is ignored. Remove it"
                : "oslo.messaging of \(release.name) does not have the option yet. Remove it"
            parts.append([.block(CandidateBlock(rows: rows, codes: nil, suffixes: [ending])!)])
        }
        var merge = CandidateMerge(releases: releases)
        for (candidate, part) in parts.enumerated() {
            if case .block(let block) = part[0] { merge.add(block, candidate: candidate, offset: 0) }
        }
        // The row without a trailing space meets endings that begin a word: not spliced.
        #expect(merge.splicedRows(merge.blocks) == [[true, false, false, false, false, true]])
        let expected = Self.expanded(parts, releases: releases, reported: true)
        Self.expectSame(Self.merged(parts, releases: releases, order: [2, 0, 3, 1], reported: true), expected, "prefixes")
        #expect(expected.first?.message.hasPrefix(good + "[on queens–stein:") == true)
    }

    /// Codes that name no ending, or a code count that is not the row count, make no block.
    @Test func blocksWithCodesNamingNoEndingAreRefused() {
        let rows = CandidateRows([Finding(ruleID: "R", slug: "r", severity: .info, message: "p ",
                                          location: SourceLocation(path: "a", line: 1, column: 1), semanticKey: "k")])
        #expect(CandidateBlock(rows: rows, codes: [2], suffixes: ["x"]) == nil)
        #expect(CandidateBlock(rows: rows, codes: [1, 1], suffixes: ["x"]) == nil)
        #expect(CandidateBlock(rows: rows, codes: nil, suffixes: []) == nil)
        #expect(CandidateBlock(rows: rows, codes: [0], suffixes: [])?.count == 0)
        #expect(CandidateBlock(rows: rows, codes: nil, suffixes: ["x"])?.findings.map(\.message) == ["p x"])
    }
}
