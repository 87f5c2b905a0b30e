import Testing
@testable import RMQLintCore

/// Line deletions and INI section insertions become concrete replacements against the
/// text; the text around them is untouched.
@Suite("Fix resolution")
struct FixResolverTests {
    /// Applies `edit` to `text` through resolution, by scalar columns, as the applier does.
    static func apply(_ edit: FixEdit, to text: String?) -> String? {
        let files = ["f.conf": text].compactMapValues { $0 }
        guard let fix = FixResolver.resolve(Fix("t", .safe, edits: [edit]), read: { files[$0].map { Array($0.utf8) } }) else { return nil }
        switch fix.edits.first {
        case .replace(let location, let with)?:
            guard let text else { return nil }
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array(String($0).unicodeScalars) }
            // Flatten to scalars with line breaks and find offsets.
            var scalars: [Unicode.Scalar] = []
            var starts: [Int] = []
            for (index, line) in lines.enumerated() {
                starts.append(scalars.count)
                scalars += line
                if index < lines.count - 1 { scalars.append("\n") }
            }
            lines.removeAll()
            let start = starts[location.range.start.line - 1] + location.range.start.column - 1
            let end = starts[location.range.end.line - 1] + location.range.end.column - 1
            scalars.replaceSubrange(start..<end, with: Array(with.unicodeScalars))
            var result = ""
            result.unicodeScalars.append(contentsOf: scalars)
            return result
        case .createFile(_, let created)?:
            return text == nil ? created : nil
        default:
            return nil
        }
    }

    @Test func insertsAfterTheSectionsLastSetting() {
        let text = "# head\n[DEFAULT]\ndebug = true\n\n[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 30\n# a comment\n\n[other]\nx = 1\n"
        let result = Self.apply(.insertLine(path: "f.conf", section: "oslo_messaging_rabbit", line: "heartbeat_in_pthread = true"), to: text)
        #expect(result == "# head\n[DEFAULT]\ndebug = true\n\n[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 30\nheartbeat_in_pthread = true\n# a comment\n\n[other]\nx = 1\n")
    }

    @Test func addsTheSectionOrTheFile() {
        #expect(Self.apply(.insertLine(path: "f.conf", section: "s", line: "k = v"), to: "[DEFAULT]\nx = 1\n") == "[DEFAULT]\nx = 1\n\n[s]\nk = v\n")
        #expect(Self.apply(.insertLine(path: "f.conf", section: "s", line: "k = v"), to: "[DEFAULT]\nx = 1") == "[DEFAULT]\nx = 1\n\n[s]\nk = v\n")
        #expect(Self.apply(.insertLine(path: "f.conf", section: "s", line: "k = v"), to: "[s]\nx = 1") == "[s]\nx = 1\nk = v")
        #expect(Self.apply(.insertLine(path: "f.conf", section: "s", line: "k = v"), to: "") == "[s]\nk = v\n")
        #expect(Self.apply(.insertLine(path: "f.conf", section: "s", line: "k = v"), to: nil) == "[s]\nk = v\n")
    }

    @Test func insertsAfterALineIndentedLikeAnother() {
        let text = "frontend amqp\n\tbind :5672\nbackend b\n  server r1 10.0.0.11:5672"
        #expect(Self.apply(.insertLineAfter(path: "f.conf", line: 1, text: "option clitcpka", indentLike: 2), to: text)
            == "frontend amqp\n\toption clitcpka\n\tbind :5672\nbackend b\n  server r1 10.0.0.11:5672")
        // After the last line, which has no line break; four spaces without a model line.
        #expect(Self.apply(.insertLineAfter(path: "f.conf", line: 4, text: "x", indentLike: nil), to: text)
            == "frontend amqp\n\tbind :5672\nbackend b\n  server r1 10.0.0.11:5672\n    x")
        #expect(Self.apply(.insertLineAfter(path: "f.conf", line: 5, text: "x", indentLike: nil), to: text) == nil, "no line 5")
    }

    /// A line replaced by deleting it and inserting after it: the two edits do not conflict,
    /// and the insertion lands where the line was.
    @Test func replacingALineByDeleteAndInsert() {
        #expect(!FixPlanner.overlaps(2..<5, 5..<5))
        #expect(!FixPlanner.overlaps(5..<5, 2..<5))
        #expect(FixPlanner.overlaps(3..<3, 2..<5), "an insertion inside a replaced range")
        #expect(FixPlanner.overlaps(5..<5, 5..<5), "two insertions at one place")
        #expect(FixPlanner.overlaps(2..<5, 4..<7))
        let bytes = Array("a\nb\nc\n".utf8)
        let edits = [ByteEdit(range: 2..<4, replacement: []), ByteEdit(range: 4..<4, replacement: Array("B\n".utf8))]
        #expect(FixPlanner.applying(edits, to: bytes) == Array("a\nB\nc\n".utf8))
        #expect(FixPlanner.applying(edits.reversed(), to: bytes) == Array("a\nB\nc\n".utf8))
    }

    @Test func deletesWholeLines() {
        #expect(Self.apply(.deleteLines(path: "f.conf", lines: 2...3), to: "a\nb\nc\nd\n") == "a\nd\n")
        #expect(Self.apply(.deleteLines(path: "f.conf", lines: 2...2), to: "a\nb") == "a\n")
        #expect(Self.apply(.deleteLines(path: "f.conf", lines: 3...3), to: "a\nb\n") == nil, "a line that is not there")
    }

    @Test func replacementsCountColumnsInScalars() {
        let text = "ké = 0\n"
        #expect(Self.apply(.replace(SourceLocation(path: "f.conf", line: 1, column: 6, length: 1), with: "60"), to: text) == "ké = 60\n")
        #expect(Self.apply(.replace(SourceLocation(path: "f.conf", line: 1, column: 9, length: 1), with: "60"), to: text) == nil, "past the line")
    }

    @Test func unifiedDiffOfAPlan() {
        var plan = FixPlan()
        plan.files = [.init(path: "/t/a.cfg", displayPath: "a.cfg", old: Array("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n".utf8),
                            new: Array("1\nTWO\n3\n4\n5\n6\n7\n8\n9\n10\n11\n".utf8), isNew: false)]
        #expect(UnifiedDiff.render(plan) == """
            --- a/a.cfg
            +++ b/a.cfg
            @@ -1,5 +1,5 @@
             1
            -2
            +TWO
             3
             4
             5
            @@ -9,4 +9,3 @@
             9
             10
             11
            -12

            """)
    }
}
