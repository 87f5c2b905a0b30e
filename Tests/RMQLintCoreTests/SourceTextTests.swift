import Testing
@testable import RMQLintCore
@testable import RMQLintEngine
@testable import RMQLintJinja
@testable import RMQLintKnowledge
@testable import RMQLintLoaders
@testable import RMQLintModel
@testable import RMQLintSource

@Suite("SourceText decoding")
struct SourceTextTests {
    @Test func decodesPlainUTF8() throws {
        let text = try SourceText.decode(Array("a = 1\n".utf8), path: "f").get()
        #expect(text == "a = 1\n")
    }

    @Test func dropsUTF8ByteOrderMark() throws {
        let text = try SourceText.decode([0xEF, 0xBB, 0xBF] + Array("x".utf8), path: "f").get()
        #expect(text == "x")
    }

    @Test func reportsNULByteWithLocation() {
        let result = SourceText.decode(Array("a\nbc\0".utf8), path: "f")
        guard case .failure(let diagnostic) = result else {
            Issue.record("expected a failure")
            return
        }
        #expect(diagnostic.location == SourceLocation(path: "f", line: 2, column: 3))
        #expect(diagnostic.message.contains("binary"))
    }

    @Test func reportsInvalidUTF8WithLocation() {
        let result = SourceText.decode([0x61, 0x0A, 0x62, 0xC3, 0x28], path: "f")
        guard case .failure(let diagnostic) = result else {
            Issue.record("expected a failure")
            return
        }
        #expect(diagnostic.location == SourceLocation(path: "f", line: 2, column: 2))
    }

    @Test func transcodesUTF16WithByteOrderMark() throws {
        let bytes: [UInt8] = [0xFF, 0xFE, 0x61, 0x00, 0x0A, 0x00, 0xE9, 0x00]
        let text = try SourceText.decode(bytes, path: "f").get()
        #expect(text == "a\né")
    }

    @Test func multibyteCharactersCountAsOneColumn() {
        let result = SourceText.decode(Array("é\0".utf8), path: "f")
        guard case .failure(let diagnostic) = result else {
            Issue.record("expected a failure")
            return
        }
        #expect(diagnostic.location.column == 2)
    }
}
