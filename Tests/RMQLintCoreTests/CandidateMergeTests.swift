import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintKnowledge
@testable import RMQLintModel
@testable import RMQLintSource

/// Findings of a release range merged across candidates (docs/spec.md §10.1): the merged message is
/// true on every release it names (issue 10: RMQ207's queens–stein "not yet available" and master's
/// "removed" were reported with master's wording only).
@Suite("Candidate release merge")
struct CandidateMergeTests {
    static func finding(_ message: String, severity: Severity = .warning) -> Finding {
        Finding(ruleID: "RMQ207", slug: "removed-oslo-option", severity: severity, message: message,
                location: SourceLocation(path: "globals.yml", line: 1, column: 1), semanticKey: "option:x")
    }

    @Test func differentWordingsAreEachKeptWithTheirReleases() {
        let releases: [OpenStackRelease] = [.queens, .rocky, .stein, .train, .master]
        let perCandidate: [[Finding]] = [
            [Self.finding("option x is not in oslo.messaging yet on queens")],
            [Self.finding("option x is not in oslo.messaging yet on rocky")],
            [Self.finding("option x is not in oslo.messaging yet on stein")],
            [],
            [Self.finding("option x was removed from oslo.messaging", severity: .info)],
        ]
        let merged = Linter.mergeCandidates(perCandidate, releases: releases)
        #expect(merged.count == 1)
        #expect(merged.first?.message == "option x [on queens–stein: is not in oslo.messaging yet on queens–stein | "
            + "on master: was removed from oslo.messaging] [holds only on queens–stein, master of the candidate "
            + "releases queens–train, master, and the release is not pinned: see RMQ002]")
        #expect(merged.first?.severity == .info)
    }

    /// The differing part never starts or ends inside a parenthesis or a code span: RMQ104's
    /// "RabbitMQ 4.0 (the image Kolla-Ansible 2025.1 ships) removed…" read "[on 2025.1: 4.0 (the
    /// image Kolla-Ansible 2025.1 | …] ships)" when cut at the shared word "ships)".
    @Test func alternativesKeepTheirParenthesesAndCodeSpansWhole() {
        let releases: [OpenStackRelease] = [.epoxy, .flamingo]
        let perCandidate: [[Finding]] = [
            [Self.finding("but RabbitMQ 4.0 (the image Kolla-Ansible 2025.1 ships) removed `x ha-mode`")],
            [Self.finding("but RabbitMQ 4.1 (the image Kolla-Ansible 2025.2 ships) removed `y ha-mode`")],
        ]
        let merged = Linter.mergeCandidates(perCandidate, releases: releases)
        #expect(merged.map(\.message) == [
            "but RabbitMQ [on 2025.1: 4.0 (the image Kolla-Ansible 2025.1 ships) removed `x ha-mode` | "
                + "on 2025.2: 4.1 (the image Kolla-Ansible 2025.2 ships) removed `y ha-mode`]",
        ])
    }

    /// Wordings of equal length that differ in several places get one short bracket per place,
    /// not the whole sentence once per release: RMQ101 on a tree without a release repeated two
    /// sentences six times because the service count and the RabbitMQ version differed.
    @Test func eachDifferingPlaceGetsItsOwnBracket() {
        let releases: [OpenStackRelease] = [.queens, .rocky, .stein]
        let perCandidate: [[Finding]] = [
            [Self.finding("queues of 11 services (a, b and 8 more) are mirrored on every node. RabbitMQ 3.6 (the image Kolla-Ansible queens ships) loses them")],
            [Self.finding("queues of 11 services (a, b and 8 more) are mirrored on every node. RabbitMQ 3.6 (the image Kolla-Ansible rocky ships) loses them")],
            [Self.finding("queues of 12 services (a, b and 9 more) are mirrored on every node. RabbitMQ 3.7 (the image Kolla-Ansible stein ships) loses them")],
        ]
        let merged = Linter.mergeCandidates(perCandidate, releases: releases)
        #expect(merged.map(\.message) == [
            "queues of [on queens–rocky: 11 services (a, b and 8 more) | on stein: 12 services (a, b and 9 more)] are mirrored "
                + "on every node. RabbitMQ [on queens–rocky: 3.6 (the image Kolla-Ansible queens–rocky ships) | "
                + "on stein: 3.7 (the image Kolla-Ansible stein ships)] loses them",
        ])
    }

    /// Punctuation that ends every alternative is said once, after the bracket: RMQ204 read
    /// "[on wallaby: 12.7 (wallaby; OM add5ab4e), | on xena: …,] but".
    @Test func punctuationEndingEveryAlternativeFollowsTheBracket() {
        let releases: [OpenStackRelease] = [.wallaby, .xena]
        let perCandidate: [[Finding]] = [
            [Self.finding("the default True of oslo.messaging 12.7 (wallaby; OM add5ab4e), but it is eventlet")],
            [Self.finding("the default True of oslo.messaging 12.9 (xena; OM add5ab4e), but it is eventlet")],
        ]
        let merged = Linter.mergeCandidates(perCandidate, releases: releases)
        #expect(merged.map(\.message) == [
            "the default True of oslo.messaging [on wallaby: 12.7 (wallaby; OM add5ab4e) | on xena: 12.9 (xena; OM add5ab4e)], but it is eventlet",
        ])
    }

    @Test func aWordingThatDiffersOnlyByTheReleaseNamesTheRange() {
        let releases: [OpenStackRelease] = [.queens, .rocky, .stein]
        let merged = Linter.mergeCandidates(
            releases.map { [Self.finding("Kolla-Ansible \($0.name) never reads this file")] }, releases: releases)
        #expect(merged.map(\.message) == ["Kolla-Ansible queens–stein never reads this file"])
        #expect(merged.first?.severity == .warning)
    }

    /// Holding on every candidate with different severities: the lowest, never one an assumed
    /// release would raise.
    @Test func severityIsTheLowestOfTheCandidates() {
        let releases: [OpenStackRelease] = [.train, .ussuri]
        let merged = Linter.mergeCandidates(
            [[Self.finding("a", severity: .error)], [Self.finding("a", severity: .warning)]], releases: releases)
        #expect(merged.map(\.severity) == [.warning])
    }

    @Test func releaseNamesInsideLongerWordsOrVersionsStay() {
        #expect(Linter.replacingWord("train", with: "X", in: "constraint train trains train.") == "constraint X trains X.")
        #expect(Linter.replacingWord("2024.1", with: "X", in: "2024.1 2024.10 v2024.1 (2024.1)") == "X 2024.10 v2024.1 (X)")
        // Ranges and refs keep their names: the checked range, a branch, a citation.
        #expect(Linter.replacingWord("queens", with: "X", in: "on queens (queens–master, stable/queens, queens-eol)")
            == "on X (queens–master, stable/queens, queens-eol)")
        #expect(Linter.replacingWord("master", with: "X", in: "KA master:roles/x on master: y") == "KA master:roles/x on X: y")
    }

    /// The byte scan that lets `replacingWord` skip messages not naming the release.
    @Test func byteSearchFindsExactlyTheOccurrences() {
        #expect(Linter.containsBytes("on 2024.1 only", "2024.1"))
        #expect(Linter.containsBytes("2024.1", "2024.1"))
        #expect(Linter.containsBytes("queens–master", "master"))
        #expect(Linter.containsBytes("maste", "master") == false)
        #expect(Linter.containsBytes("mastre master", "master"))
        #expect(Linter.containsBytes("nothing here", "train") == false)
        #expect(Linter.containsBytes("x", "") == true)
        // A message without the word comes back unchanged; one with it is still replaced.
        #expect(Linter.replacingWord("train", with: "X", in: "no release named") == "no release named")
        #expect(Linter.replacingWord("train", with: "X", in: "é train") == "é X")
    }

    /// ASCII messages take a byte scan; it must replace exactly what the Character scan does,
    /// at every boundary rule (word characters, `.digit`, `name:` then space or end, adjacent
    /// occurrences, CRLF).
    @Test func byteScanOfASCIIMessagesAgreesWithTheCharacterScan() {
        let texts = [
            "constraint train trains train.", "2024.1 2024.10 v2024.1 (2024.1)", "2024.1.5 2024.1. 2024.1:",
            "KA master:roles/x on master: y master:\tz master:", "on master:\r\nnext master\r\n",
            "trainTrain train_train train-x x-train @train train@ /train train/ :train", "traintrain train train",
            "5.35 (queens) does not have the option yet (added in 10.1.0): it is ignored", "", "train", "trai",
            "(2024.1)(2024.1) 2024.12024.1 a2024.1 2024.1a",
        ]
        let words = ["train", "2024.1", "master", "queens", "a"]
        var compared = 0
        for text in texts {
            for word in words {
                let bytes = Linter.replacingASCIIWord(word, with: "\u{1}R\u{1}", in: text)
                if !text.isEmpty { #expect(bytes != nil) }
                if let bytes {
                    #expect(bytes == Linter.replacingWordByCharacters(word, with: "\u{1}R\u{1}", in: text), "\(word) in \(text)")
                    compared += 1
                }
            }
        }
        #expect(compared >= 55)
        for text in ["a \u{1}R\u{1} b", "\u{1}R\u{1}\u{1}R\u{1}", "é\u{1}R\u{1}–x", "no placeholder", "", "\u{1}R"] {
            #expect(Linter.replacingPlaceholder("\u{1}R\u{1}", with: "queens–train", in: text)
                == text.replacing("\u{1}R\u{1}", with: "queens–train"))
        }
        // Not ASCII: the Character scan decides (an en dash is not a word character).
        #expect(Linter.replacingASCIIWord("queens", with: "X", in: "queens–master") == nil)
        #expect(Linter.replacingWord("queens", with: "X", in: "on queens (queens–master)") == "on X (queens–master)")
    }

    /// An RMQ207 finding in `a.conf` with `fix` as its one safe fix, if any (the arrival-order tests).
    static func at(_ message: String, key: String, line: Int, severity: Severity = .warning, fix: String? = nil) -> Finding {
        Finding(ruleID: "RMQ207", slug: "removed-oslo-option", severity: severity, message: message,
                location: SourceLocation(path: "a.conf", line: line, column: 1), semanticKey: key,
                fixes: fix.map { [Fix($0, .safe, edits: [])] } ?? [])
    }

    /// Candidates are merged as each finishes, in whatever order the cores finish them: every
    /// order must give what adding them in candidate order gives (entries in the order first
    /// met, the newest candidate's place, the first wording of a finding a candidate repeats,
    /// fixes kept only when all agree).
    @Test func candidatesMergeTheSameInEveryArrivalOrder() {
        let releases: [OpenStackRelease] = [.queens, .rocky, .stein, .train]
        let perCandidate: [[Finding]] = [
            [Self.at("x is 1 on queens", key: "x", line: 1, fix: "Remove x"), Self.at("y on queens", key: "y", line: 2)],
            [Self.at("y on rocky", key: "y", line: 3), Self.at("x is 1 on rocky", key: "x", line: 4, fix: "Remove x"),
             Self.at("x again on rocky", key: "x", line: 5, severity: .info, fix: "Remove x")],
            [Self.at("z only on stein", key: "z", line: 6, fix: "Remove z")],
            [Self.at("w only on train", key: "w", line: 9), Self.at("x is 2 on train", key: "x", line: 7, fix: "Remove x!"),
             Self.at("y on train", key: "y", line: 8)],
        ]
        let inOrder = Linter.mergeCandidates(perCandidate, releases: releases)
        #expect(inOrder.map(\.semanticKey) == ["x", "y", "z", "w"])
        #expect(inOrder.map(\.location.line) == [7, 8, 6, 9])
        #expect(inOrder.first?.message == "x is [on queens–rocky: 1 on queens–rocky | on train: 2 on train] [holds only on "
            + "queens–rocky, train of the candidate releases queens–train, and the release is not pinned: see RMQ002]")
        #expect(inOrder.first?.fixes == [])   // the candidates' fixes disagree
        #expect(inOrder[2].fixes.map(\.applicability) == [.unsafe])
        for order in [[3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]] {
            var merge = CandidateMerge(releases: releases)
            for candidate in order {
                merge.add(CandidateMerge.prepare(perCandidate[candidate], candidate: candidate, release: releases[candidate]))
            }
            let merged = merge.merged(reported: true)
            #expect(merged.map(\.message) == inOrder.map(\.message), "order \(order)")
            #expect(merged.map(\.location) == inOrder.map(\.location), "order \(order)")
            #expect(merged.map(\.severity) == inOrder.map(\.severity), "order \(order)")
            #expect(merged.map(\.fixes) == inOrder.map(\.fixes), "order \(order)")
        }
    }

    /// Candidates' findings added in parts (as the engine merges a rule's findings a batch at a
    /// time), the parts of different candidates interleaved in any order, merge as the candidates'
    /// whole findings do: the same order, messages (a finding a candidate gives twice is worded by
    /// its first occurrence, even in another part), locations, severities and fixes.
    @Test func candidatesAddedInPartsMergeAsWhole() {
        let releases: [OpenStackRelease] = [.queens, .rocky, .stein, .train]
        let perCandidate: [[Finding]] = [
            [Self.at("x is 1 on queens", key: "x", line: 1, fix: "Remove x"), Self.at("y on queens", key: "y", line: 2),
             Self.at("x twice on queens", key: "x", line: 3, severity: .info)],
            [Self.at("y on rocky", key: "y", line: 3), Self.at("x is 1 on rocky", key: "x", line: 4, fix: "Remove x"),
             Self.at("v on rocky", key: "v", line: 1), Self.at("x again on rocky", key: "x", line: 5, severity: .info, fix: "Remove x")],
            [Self.at("z only on stein", key: "z", line: 6, fix: "Remove z"), Self.at("v on stein", key: "v", line: 1)],
            [Self.at("w only on train", key: "w", line: 9), Self.at("x is 2 on train", key: "x", line: 7, fix: "Remove x!"),
             Self.at("y on train", key: "y", line: 8), Self.at("x again on train", key: "x", line: 10)],
        ]
        var whole = CandidateMerge(releases: releases)
        for candidate in releases.indices {
            whole.add(CandidateMerge.prepare(perCandidate[candidate], candidate: candidate, release: releases[candidate]))
        }
        let expected = whole.merged(reported: true)
        #expect(expected.count == 5)
        var compared = 0
        for size in 1...3 {
            for order in [[0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]] {
                // Each candidate's parts in its order; the candidates' parts taken in turn.
                var parts = order.map { candidate in
                    stride(from: 0, to: perCandidate[candidate].count, by: size).map { start in
                        (candidate, start, Array(perCandidate[candidate][start..<min(start + size, perCandidate[candidate].count)]))
                    }
                }
                var merge = CandidateMerge(releases: releases)
                while parts.contains(where: { !$0.isEmpty }) {
                    for index in parts.indices where !parts[index].isEmpty {
                        let (candidate, start, findings) = parts[index].removeFirst()
                        merge.add(CandidateMerge.prepare(findings, candidate: candidate, release: releases[candidate], offset: start))
                    }
                }
                let merged = merge.merged(reported: true)
                #expect(merged.map(\.message) == expected.map(\.message), "size \(size) order \(order)")
                #expect(merged.map(\.location) == expected.map(\.location), "size \(size) order \(order)")
                #expect(merged.map(\.severity) == expected.map(\.severity), "size \(size) order \(order)")
                #expect(merged.map(\.fixes) == expected.map(\.fixes), "size \(size) order \(order)")
                compared += merged.count
            }
        }
        #expect(compared == 12 * 5)
    }

    /// A part added by ``CandidateMerge/add(taking:)`` gives the merge the findings it keeps and
    /// holds the ones they replace (its caller frees them after the lock): the newest candidate's
    /// finding is kept whatever the arrival order, an older one stays in its own part.
    @Test func addingTakesKeptFindingsAndLeavesTheReplacedOnes() {
        let releases: [OpenStackRelease] = [.queens, .rocky, .stein]
        func at(_ line: Int, _ candidate: Int) -> CandidateMerge.Prepared {
            let finding = Finding(ruleID: "RMQ207", slug: "removed-oslo-option", severity: .warning,
                                  message: "x on \(releases[candidate].name)",
                                  location: SourceLocation(path: "a.conf", line: line, column: 1), semanticKey: "x")
            return CandidateMerge.prepare([finding], candidate: candidate, release: releases[candidate])
        }
        var merge = CandidateMerge(releases: releases)
        var rocky = at(2, 1), queens = at(1, 0), stein = at(3, 2)
        merge.add(taking: &rocky)
        merge.add(taking: &queens)
        #expect(queens.findings[0].finding.location.line == 1)   // older than rocky's: not kept
        merge.add(taking: &stein)
        #expect(stein.findings[0].finding.location.line == 2)    // rocky's, replaced by stein's
        let merged = merge.merged(reported: true)
        #expect(merged.map(\.location.line) == [3])
        #expect(merged.map(\.message) == ["x on queens–stein"])
    }

    /// Whether words are balanced is read from running counts; it must answer as scanning the
    /// joined words does, for every prefix and suffix (brackets closed before opened, code spans,
    /// a bracket followed by a combining mark, which is not a bracket Character).
    @Test func wordBalanceAgreesWithScanningTheText() {
        func scanned(_ words: ArraySlice<Substring>) -> Bool {
            var depth = 0, backticks = 0
            for character in words.joined(separator: " ") {
                switch character {
                case "(", "[", "{": depth += 1
                case ")", "]", "}":
                    depth -= 1
                    if depth < 0 { return false }
                case "`": backticks += 1
                default: break
                }
            }
            return depth == 0 && backticks.isMultiple(of: 2)
        }
        let texts = [
            "a (b c) d", ") a (", "a `b c` d `e", "[on queens: 1 (x) | on rocky: 2] y", "((a) b) c)", "",
            "x (\u{301}y) z", "`a` `b` (c `d)` e", "{a [b (c) d] e} f ) (", "é (ü) ö",
        ]
        var checked = 0
        for text in texts {
            let words = text.split(separator: " ", omittingEmptySubsequences: false)
            let balance = WordBalance(words)
            for index in 0...words.count {
                #expect(balance.isBalanced(before: index) == scanned(words[..<index]), "\(text) before \(index)")
                #expect(balance.isBalanced(from: index) == scanned(words[index...]), "\(text) from \(index)")
                checked += 2
            }
        }
        #expect(checked > 90)
    }

    /// Merged messages are cut into words on bytes; the words must be those of splitting by
    /// Character, also where a space is not a Character of its own.
    @Test func wordsCutOnBytesAreTheCharacterSplit() {
        let texts = [
            "", " ", "  ", "a", "a b", " a b ", "a  b", "on queens–rocky: 1 | on train: 2", "é x", "x é",
            "x \u{301}y", "\u{600} x", "…  end", "tab\tnot a separator", "a\r\nb c",
        ]
        for text in texts {
            #expect(Linter.spaceSeparatedWords(text) == text.split(separator: " ", omittingEmptySubsequences: false),
                    "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    /// Merged middles are reused across findings: cutting off the words every wording shares
    /// must give exactly the merge of the whole wordings, for wordings of equal and different
    /// lengths, with brackets and code spans opened or closed in the shared words (then nothing
    /// is cut), punctuation, and a memo shared by every case so that reuse is exercised.
    @Test func cuttingSharedWordsMergesAsTheWholeWordings() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        let vocabulary = ["a", "b", "is", "(x", "y)", "(z)", "`c", "d`", "`e`", "[on", "f]", "1.2", "3.4,", "it.", "é", "–", "(", ")", "x:"]
        func phrase(_ length: Int) -> [String] { (0..<length).map { _ in vocabulary[next(vocabulary.count)] } }
        let releases: [OpenStackRelease] = [.queens, .rocky, .stein, .train, .master]
        var memo = MergedMessageMemo()
        var cut = 0, reused = 0
        for round in 0..<3000 {
            // Shared ends drawn from a few, so that middles and their merges repeat.
            let prefix = round.isMultiple(of: 3) ? phrase(next(4)) : ["service", "s\(next(5))", "(h\(next(3)))"]
            let suffix = round.isMultiple(of: 5) ? phrase(next(3)) : ["remove", "it."]
            let middles = round.isMultiple(of: 2) ? (0..<(2 + next(3))).map { _ in phrase(1 + next(4)) }
                : [["not", "yet", "(\(next(2)).1)"], ["removed", "in", "18.0"], ["not", "yet", "(9.5)"]]
            let groups = middles.enumerated().map { index, middle in
                (template: (prefix + middle + suffix).joined(separator: " "), releases: [releases[index]])
            }
            let words = groups.map { Linter.spaceSeparatedWords($0.template) }
            let whole = Linter.mergedWords(words, releases: groups.map(\.releases))
            let before = memo.merged.count
            let merged = Linter.mergedMessage(templates: groups, memo: &memo)
            #expect(merged == whole, "\(groups.map(\.template))")
            if MergedMessageMemo.sharedEnds(words) != nil {
                cut += 1
                if memo.merged.count == before { reused += 1 }
            }
        }
        // Both paths ran often: cut (and reused) and whole.
        #expect(cut > 500 && reused > 300 && cut < 2900, "cut \(cut), reused \(reused)")
    }

    /// A deterministic pseudo-random source (splitmix64) for the generated cases below.
    struct Draw {
        var state: UInt64
        mutating func callAsFunction(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    /// Plain wordings are compared as bytes, each release word as the byte 0x01, without writing
    /// the placeholder in: two are the same exactly when their template texts are equal, and the
    /// template written out is `replacingWord`'s.
    @Test func templatesCompareAsTheirTexts() {
        var next = Draw(state: 7)
        let vocabulary = ["a", "queens", "rocky", "master", "master:", "(queens)", "queens–rocky", "2024.1", "2024.10",
                          "x", "é", "K", "\u{212A}", "\u{1}release\u{1}", "train.", "v2024.1", "\u{1}"]
        let names = ["queens", "rocky", "master", "2024.1"]
        var texts: [(String, String)] = []
        for _ in 0..<400 {
            let text = (0..<next(6)).map { _ in vocabulary[next(vocabulary.count)] }.joined(separator: next(4) == 0 ? "" : " ")
            texts.append((text, names[next(names.count)]))
        }
        // Pairs that differ only by the release word, so that equal templates are common.
        for _ in 0..<200 {
            let words = (0..<(1 + next(5))).map { _ in vocabulary[next(6)] }
            let first = names[next(names.count)], second = names[next(names.count)]
            texts.append((words.joined(separator: " ").replacing("queens", with: first), first))
            texts.append((words.joined(separator: " ").replacing("queens", with: second), second))
        }
        // Equal up to the release word, then a word of the same length that may differ.
        for _ in 0..<200 {
            let head = (0..<next(3)).map { _ in vocabulary[next(6)] }
            let first = names[next(names.count)], second = names[next(names.count)]
            let tails = ["a", "x", "ab", "xy"]
            texts.append(((head + [first, tails[next(4)]]).joined(separator: " "), first))
            texts.append(((head + [second, tails[next(4)]]).joined(separator: " "), second))
        }
        var equal = 0, plain = 0
        for (index, (text, name)) in texts.enumerated() {
            let template = CandidateMerge.Template(text, release: name)
            let expected = Linter.replacingWord(name, with: CandidateMerge.placeholder, in: text)
            #expect(template.templateText == expected, "\(text) \(name)")
            if template.isPlain { plain += 1 }
            for (other, otherName) in texts[max(0, index - 8)..<index] {
                // Plain templates are compared as bytes (holding 0x01 where the release word stood).
                let otherTemplate = CandidateMerge.Template(other, release: otherName)
                guard template.isPlain, otherTemplate.isPlain else { continue }
                let same = ByteText.equal(template.text, otherTemplate.text)
                #expect(same == (expected == Linter.replacingWord(otherName, with: CandidateMerge.placeholder, in: other)),
                        "\(text) \(name) / \(other) \(otherName)")
                if same { equal += 1 }
            }
        }
        #expect(equal > 200 && plain > 300 && plain < texts.count, "equal \(equal), plain \(plain)")
    }

    /// A finding's plain wordings after the first are kept as the bytes between the ends they
    /// share with it: grouping candidates that way must give the groups (and texts) of comparing
    /// whole template texts as Strings, in any arrival order, with wordings that are not plain
    /// (not ASCII, or holding the byte 0x01: the general comparison) among them.
    @Test func wordingsKeptByTheirDifferencesGroupAsTheirTexts() {
        var next = Draw(state: 5)
        let all = OpenStackRelease.allCases
        let vocabulary = ["a", "b", "is", "1.2", "(x)", "queens–rocky", "K", "\u{212A}", "é", "\u{1}", "ab", ""]
        var deltas = 0, general = 0, grouped = 0
        for _ in 0..<1500 {
            let head = ["service", "s\(next(3))", "uses"], tail = ["remove", "it."]
            let variants = (0..<(1 + next(4))).map { _ in
                (0..<next(4)).map { _ in next(3) == 0 ? "\u{1}R\u{1}" : vocabulary[next(next(6) == 0 ? vocabulary.count : 5)] }
            }
            var arrivals: [(candidate: Int, template: CandidateMerge.Template)] = []
            var order = Array(all.indices)
            for index in order.indices.reversed() { order.swapAt(index, next(index + 1)) }
            for candidate in order where next(4) != 0 {
                let words = head + variants[next(variants.count)] + (next(5) == 0 ? [] : tail)
                let message = words.joined(separator: " ").replacing("\u{1}R\u{1}", with: all[candidate].name)
                arrivals.append((candidate, CandidateMerge.Template(message, release: all[candidate].name)))
            }
            guard let first = arrivals.first else { continue }
            var entry = CandidateMerge.Entry(
                finding: Self.finding(""), newest: first.candidate, first: (first.candidate, 0),
                wordings: [CandidateMerge.Wording(first.template, candidate: first.candidate)], base: first.template.isPlain ? 0 : nil,
                severity: .warning, fixesAgree: true, worded: CandidateSet(first.candidate), sameHash: nil)
            var expected: [(text: String, candidates: [Int])] = [(first.template.templateText, [first.candidate])]
            for arrival in arrivals.dropFirst() {
                entry.add(arrival.template, candidate: arrival.candidate)
                let text = arrival.template.templateText
                if let index = expected.firstIndex(where: { $0.text == text }) {
                    expected[index].candidates.append(arrival.candidate)
                } else {
                    expected.append((text, [arrival.candidate]))
                }
            }
            let base = entry.base.map { entry.wordings[$0].text } ?? ""
            #expect(entry.wordings.count == expected.count)
            for (wording, group) in zip(entry.wordings, expected) {
                #expect(wording.candidates.members == group.candidates.sorted())
                #expect(ByteText.equal(wording.templateText(base: base), group.text))
                if wording.shared != nil { deltas += 1 }
                if !wording.isPlain { general += 1 }
                if group.candidates.count > 1 { grouped += 1 }
            }
        }
        #expect(deltas > 500 && general > 300 && grouped > 500, "deltas \(deltas), general \(general), grouped \(grouped)")
    }

    /// The release-word search looks for the first byte eight at a time: it must find what
    /// comparing at every offset finds, from every start, with the first byte often present,
    /// next to bytes that differ from it in one bit or by one, and matches near the end.
    @Test func byteSearchFindsWhatEveryOffsetFinds() {
        var next = Draw(state: 13)
        let alphabet: [UInt8] = [0x61, 0x62, 0x60, 0xE1, 0x00, 0x01, 0x80, 0xFF, 0x20]
        var found = 0
        for _ in 0..<3000 {
            let bytes = (0..<next(40)).map { _ in alphabet[next(next(3) == 0 ? alphabet.count : 3)] }
            let pattern = (0..<(1 + next(3))).map { _ in alphabet[next(next(4) == 0 ? alphabet.count : 2)] }
            bytes.withUnsafeBufferPointer { haystack in
                pattern.withUnsafeBufferPointer { wanted in
                    for start in 0...haystack.count {
                        let expected = start + wanted.count > haystack.count ? nil
                            : (start...(haystack.count - wanted.count)).first { Array(haystack[$0..<($0 + wanted.count)]) == pattern }
                        #expect(ByteMatch.first(of: wanted, in: haystack, from: start) == expected, "\(bytes) \(pattern) \(start)")
                        if expected != nil { found += 1 }
                    }
                }
            }
        }
        #expect(found > 10000, "found \(found)")
    }

    /// The shared first and last words of rendered plain wordings are counted on bytes; the
    /// counts, and whether cutting is allowed, must be those of the word arrays.
    @Test func sharedEndsOnBytesAgreeWithTheWords() {
        var next = Draw(state: 11)
        let vocabulary = ["a", "b", "is", "(x", "y)", "(z)", "`c", "d`", "`e`", "[on", "f]", "1.2", "3.4,", "it.", "",
                          "queens–rocky", "(stein–train)", "x:", "ab", "a", "b"]
        func phrase(_ length: Int) -> [String] { (0..<length).map { _ in vocabulary[next(vocabulary.count)] } }
        var cut = 0, checked = 0
        for round in 0..<4000 {
            let prefix = round.isMultiple(of: 4) ? phrase(next(4)) : ["service", "s\(next(3))", "(h)"]
            let suffix = round.isMultiple(of: 3) ? phrase(next(3)) : ["remove", "it."]
            let texts = (0..<(2 + next(3))).map { _ -> String in
                let middle = round.isMultiple(of: 5) ? [String]() : phrase(next(4))
                // Sometimes a wording is a prefix or suffix of another, or glued to it.
                let whole = prefix + middle + suffix
                return next(7) == 0 ? whole.joined(separator: " ") + vocabulary[next(vocabulary.count)] : whole.joined(separator: " ")
            }
            let words = texts.map { Linter.spaceSeparatedWords($0) }
            let bytes = texts.map { Array($0.utf8) }
            let expected = MergedMessageMemo.sharedEnds(words)
            let counted = SharedEnds(bytes[...])
            #expect(counted?.prefix == expected?.prefix && counted?.suffix == expected?.suffix, "\(texts)")
            if let counted, let expected {
                for (text, wording) in zip(bytes, words) {
                    #expect(String(decoding: counted.middle(of: text), as: UTF8.self)
                        == wording[expected.prefix..<(wording.count - expected.suffix)].joined(separator: " "), "\(texts)")
                }
                cut += 1
            }
            checked += 1
        }
        #expect(cut > 800 && cut < checked - 800, "cut \(cut) of \(checked)")
    }

    /// Merged messages of plain wordings are made on bytes, with merged middles reused across
    /// findings; they must be exactly the general path's, for findings given by some or all
    /// candidates in whatever order, worded alike or not, naming their release or not, with
    /// brackets, code spans and punctuation, some not ASCII (merged by the general path).
    @Test func fastMergeAgreesWithTheGeneralPath() {
        var next = Draw(state: 3)
        let vocabulary = ["a", "b", "is", "(x", "y)", "(z)", "`c", "d`", "`e`", "[on", "f]", "1.2", "3.4,", "it.", "(", ")", "x:"]
        func phrase(_ length: Int) -> [String] { (0..<length).map { _ in vocabulary[next(vocabulary.count)] } }
        let all = OpenStackRelease.allCases
        var compared = 0, several = 0, general = 0
        for round in 0..<300 {
            let first = next(all.count - 1)
            let releases = Array(all[first..<min(all.count, first + 2 + next(7))])
            // A few middles per round, repeated across findings, some naming the candidate's release.
            // Some differ only after the release word, by a word of the same length.
            let head = phrase(next(3))
            let middles = (0..<(1 + next(4))).map { _ in
                next(3) == 0 ? head + ["\u{1}R\u{1}", ["a", "b"][next(2)]]
                    : phrase(next(4)) + (next(2) == 0 ? ["\u{1}R\u{1}"] : []) + phrase(next(3))
            }
            let suffix = round.isMultiple(of: 4) ? phrase(next(3)) : ["remove", "it."]
            let findings = 1 + next(12)
            var perCandidate: [[Finding]] = Array(repeating: [], count: releases.count)
            for candidate in releases.indices {
                for index in 0..<findings where next(5) != 0 {
                    let variant = (candidate / (1 + index % 3) + index) % middles.count
                    var words = ["service", "s\(index)", "(h\(index % 4))"] + middles[variant] + suffix
                    if next(40) == 0 { words.append("é") }
                    let message = words.joined(separator: " ").replacing("\u{1}R\u{1}", with: releases[candidate].name)
                    perCandidate[candidate].append(Finding(
                        ruleID: "RMQ207", slug: "removed-oslo-option", severity: next(3) == 0 ? .info : .warning,
                        message: message, location: SourceLocation(path: "a.conf", line: index + 1, column: 1),
                        semanticKey: "k\(index)", fixes: next(4) == 0 ? [Fix("Remove it", .safe, edits: [])] : []))
                }
            }
            for reported in [true, false] {
                let order = next(2) == 0 ? Array(releases.indices) : releases.indices.reversed()
                var fast = CandidateMerge(releases: releases), reference = CandidateMerge(releases: releases)
                for candidate in order {
                    let prepared = CandidateMerge.prepare(perCandidate[candidate], candidate: candidate, release: releases[candidate])
                    fast.add(prepared)
                    reference.add(prepared)
                }
                let merged = fast.merged(reported: reported), expected = reference.merged(reported: reported, fast: false)
                #expect(merged.map(\.message) == expected.map(\.message), "round \(round)")
                // And wordings grouped as texts, independently of how the merge compares them.
                var keys: [String] = [], wordings: [String: [(release: OpenStackRelease, message: String)]] = [:]
                for candidate in releases.indices {
                    for finding in perCandidate[candidate] {
                        if wordings[finding.semanticKey] == nil { keys.append(finding.semanticKey) }
                        wordings[finding.semanticKey, default: []].append((releases[candidate], finding.message))
                    }
                }
                let texts = keys.map { key -> String in
                    let holds = wordings[key, default: []].map(\.release)
                    return Linter.mergedMessage(wordings[key, default: []]) + (holds.count == releases.count ? ""
                        : " [holds only on \(ResolvedRelease.rangeText(holds)) of the candidate releases "
                            + "\(ResolvedRelease.rangeText(releases)), and the release is not pinned: "
                            + (reported ? "see RMQ002]" : "pass --release to decide]"))
                }
                #expect(merged.map(\.message) == texts, "round \(round)")
                #expect(merged.map(\.severity) == expected.map(\.severity))
                #expect(merged.map(\.fixes) == expected.map(\.fixes))
                #expect(merged.map(\.location) == expected.map(\.location))
                compared += merged.count
                several += merged.filter { $0.message.contains(" | on ") }.count
                general += merged.filter { $0.message.contains("é") }.count
            }
        }
        #expect(compared > 2000 && several > 500 && general > 20, "compared \(compared), several \(several), general \(general)")
    }

    /// The identity hash is of the parts' bytes: equal identities made apart (in other storage)
    /// hash equal at every length, and identities that differ only by where one part ends, by a
    /// trailing zero byte or by one byte stay apart in the merge, whatever their hashes.
    @Test func identityHashIsOfTheBytesAndDifferentIdentitiesStayApart() {
        func finding(_ rule: String, _ path: String, _ key: String) -> Finding {
            Finding(ruleID: rule, slug: "s", severity: .warning, message: "on queens",
                    location: SourceLocation(path: path, line: 1, column: 1), semanticKey: key)
        }
        var identities: [(String, String, String)] = []
        for length in 0..<40 {
            let text = String(repeating: "ab", count: length / 2) + (length % 2 == 0 ? "" : "é")
            identities += [("RMQ207", text, "k"), ("RMQ207", text + "\u{0}", "k"), ("RMQ207", "p", text),
                           ("RMQ207", text + "x", "k"), ("RMQ20", "7" + text, "k"), ("RMQ207", text, "k\u{0}")]
        }
        for (rule, path, key) in identities {
            // Made apart: the same bytes in other storage.
            let copy = finding(String(decoding: Array(rule.utf8), as: UTF8.self), String(decoding: Array(path.utf8), as: UTF8.self),
                               String(decoding: Array(key.utf8), as: UTF8.self))
            #expect(CandidateMerge.identityHash(finding(rule, path, key)) == CandidateMerge.identityHash(copy), "\(rule) \(path) \(key)")
        }
        let distinct = Set(identities.map { "\($0.0)\u{1F}\($0.1)\u{1F}\($0.2)" }).count
        let releases: [OpenStackRelease] = [.queens, .rocky]
        let perCandidate = [identities.map { finding($0.0, $0.1, $0.2) },
                            identities.reversed().map { finding($0.0, $0.1, $0.2) }]
        #expect(Linter.mergeCandidates(perCandidate, releases: releases).count == distinct)
    }

    /// The fingerprint is hashed from its parts without joining them: the same digits.
    @Test func fingerprintOfPartsIsThatOfTheJoinedText() {
        let finding = Self.finding("m")
        #expect(finding.fingerprint == Fingerprint.hex("RMQ207\u{1F}globals.yml\u{1F}option:x"))
        #expect(Fingerprint.hex("a", "", "é") == Fingerprint.hex("a\u{1F}\u{1F}é"))
        #expect(Fingerprint.hex("") == "cbf29ce484222325" + "6c62272e07bb0142")
        // Candidates are sets of bits: every release fits.
        #expect(OpenStackRelease.allCases.count <= CandidateSet.capacity)
    }

    /// The byte helpers read eight bytes at a time; they must answer as a loop over each byte,
    /// at every length and alignment.
    @Test func wordAtATimeByteHelpersAgreeWithByteLoops() {
        var next = Draw(state: 5)
        let alphabet: [UInt8] = [0x20, 0x20, 0x61, 0x62, 0x01, 0x00, 0x7F, 0x80, 0xE2, 0xFF, 0x21, 0xA0]
        var texts: [[UInt8]] = []
        for _ in 0..<600 { texts.append((0..<next(40)).map { _ in alphabet[next(next(2) == 0 ? 4 : alphabet.count)] }) }
        for (index, text) in texts.enumerated() {
            #expect(SharedEnds.spaces(text) == text.filter { $0 == 0x20 }.count, "\(text)")
            let ascii = text.withUnsafeBufferPointer { ByteText.isASCII($0, without: 0x01) }
            #expect(ascii == text.allSatisfy { $0 < 0x80 && $0 != 0x01 }, "\(text)")
            // The first of one byte from every start, against a plain walk.
            for byte: UInt8 in [0x20, 0x01, 0x80, 0xFF] {
                for start in 0...text.count {
                    let found = text.withUnsafeBytes { ByteText.firstIndex(of: byte, in: $0, from: start) }
                    #expect(found == text.indices.first { $0 >= start && text[$0] == byte }, "\(text) \(byte) \(start)")
                }
            }
            // Three bytes in a row, with the lead byte often present without the rest.
            for (a, b, c) in [(UInt8(0xE2), UInt8(0x80), UInt8(0xA0)), (0x20, 0x61, 0x62), (0x01, 0x00, 0x7F)] {
                let found = text.withUnsafeBytes { ByteText.contains($0, a, b, c) }
                let naive = text.count >= 3 && (0...(text.count - 3)).contains { text[$0] == a && text[$0 + 1] == b && text[$0 + 2] == c }
                #expect(found == naive, "\(text) \(a) \(b) \(c)")
            }
            // Either of two sequences, in one pass: the answer of two single searches.
            let sequences: [(UInt8, UInt8, UInt8)] = [(0xE2, 0x80, 0xA0), (0x20, 0x61, 0x62), (0x01, 0x00, 0x7F), (0x20, 0x20, 0x20)]
            for first in sequences {
                for second in sequences {
                    let found = text.withUnsafeBytes { ByteText.contains($0, first, or: second) }
                    let separately = text.withUnsafeBytes {
                        ByteText.contains($0, first.0, first.1, first.2) || ByteText.contains($0, second.0, second.1, second.2)
                    }
                    #expect(found == separately, "\(text) \(first) \(second)")
                }
            }
            // Against a neighbour and against a copy with one byte changed.
            var changed = text
            if !changed.isEmpty { changed[next(changed.count)] ^= 0x40 }
            for other in [texts[max(0, index - 1)], changed, Array(text.dropFirst(next(3))), text + [0x20]] {
                let prefix = zip(text, other).prefix { $0 == $1 }.count
                let suffix = zip(text.reversed(), other.reversed()).prefix { $0 == $1 }.count
                #expect(SharedEnds.commonPrefix(text, other) == prefix && SharedEnds.commonSuffix(text, other) == suffix, "\(text) \(other)")
                let equal = text.withUnsafeBytes { a in other.withUnsafeBytes { b in ByteText.equal(a, b) } }
                #expect(equal == (text == other))
            }
        }
    }
}
