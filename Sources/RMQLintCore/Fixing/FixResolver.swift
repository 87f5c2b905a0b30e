import RMQLintSource
import RMQLintEngine

/// One file's text as bytes, with the byte offset of every line start, for turning
/// (line, column) positions — columns in Unicode scalars — into byte offsets.
struct FileBytes: Sendable {
    var bytes: [UInt8]
    /// Byte offset of the start of each line (line 1 at index 0).
    var lineStarts: [Int]
    /// Bytes skipped before column 1 of line 1 (a UTF-8 byte-order mark, which the
    /// loaders drop before counting columns).
    var bom: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var starts = [bom]
        for (index, byte) in bytes.enumerated() where byte == 0x0A { starts.append(index + 1) }
        lineStarts = starts
    }

    /// Number of lines (a final line without a line break counts; an empty last line after a
    /// final line break does not).
    var lineCount: Int { lineStarts.last == bytes.count ? lineStarts.count - 1 : lineStarts.count }

    /// Byte offset of `position`, or nil when it lies outside the text or inside a
    /// character that is not valid UTF-8.
    func offset(of position: SourcePosition) -> Int? {
        guard position.line >= 1, position.column >= 1, position.line <= lineStarts.count else { return nil }
        let start = lineStarts[position.line - 1]
        let end = position.line < lineStarts.count ? lineStarts[position.line] : bytes.count
        guard let line = String(validating: bytes[start..<end], as: UTF8.self) else { return nil }
        let scalars = line.unicodeScalars
        guard position.column - 1 <= scalars.count else { return nil }
        let prefix = scalars.prefix(position.column - 1)
        return start + prefix.reduce(0) { $0 + UTF8.width($1) }
    }

    /// Byte offset just after line `line`'s line break (or the end of the text).
    func endOfLine(_ line: Int) -> Int? {
        guard line >= 1, line <= lineCount else { return nil }
        return line < lineStarts.count ? lineStarts[line] : bytes.count
    }

    /// The text of line `line` without its line break.
    func text(ofLine line: Int) -> String? {
        guard let end = endOfLine(line) else { return nil }
        var slice = bytes[lineStarts[line - 1]..<end]
        while let last = slice.last, last == 0x0A || last == 0x0D { slice = slice.dropLast() }
        return String(validating: slice, as: UTF8.self)
    }
}

/// Each file's bytes and line index, read once and kept for the run (nil for a file that
/// does not exist or cannot be read).
final class FileBytesCache {
    private let read: (String) -> [UInt8]?
    private var files: [String: FileBytes?] = [:]

    init(read: @escaping (String) -> [UInt8]?) { self.read = read }

    subscript(path: String) -> FileBytes? {
        if let cached = files[path] { return cached }
        let file = read(path).map(FileBytes.init)
        files[path] = file
        return file
    }
}

/// A concrete change to one file's bytes: replace `range` with `replacement`.
struct ByteEdit: Hashable, Sendable {
    var range: Range<Int>
    var replacement: [UInt8]
}

/// Turns the edits rules write (`deleteLines`, `insertLine`) into the concrete ones
/// reporters and the applier use (`replace`, `createFile`), against the current text.
public enum FixResolver {
    /// `fix` with every edit concrete, or nil when an edit does not fit the file (a line
    /// that is not there, a file that cannot be read as UTF-8): such a fix is not offered.
    /// `read` gives a file's bytes by display path, nil when it does not exist.
    public static func resolve(_ fix: Fix, read: (String) -> [UInt8]?) -> Fix? {
        withoutActuallyEscaping(read) { read in resolve(fix, files: FileBytesCache(read: read)) }
    }

    /// `fix` resolved against `files`, which builds each file's line index once: a run with
    /// thousands of findings in one file must not re-read and re-index it per finding.
    static func resolve(_ fix: Fix, files: FileBytesCache) -> Fix? {
        var edits: [FixEdit] = []
        for edit in fix.edits {
            guard let resolved = resolve(edit, files: files) else { return nil }
            edits.append(resolved)
        }
        return Fix(fix.description, fix.applicability, edits: edits)
    }

    static func resolve(_ edit: FixEdit, files: FileBytesCache) -> FixEdit? {
        switch edit {
        case .replace(let location, _):
            guard let file = files[location.path] else { return nil }
            guard let start = file.offset(of: location.range.start), let end = file.offset(of: location.range.end),
                  start <= end else { return nil }
            return edit
        case .deleteLines(let path, let lines):
            guard let file = files[path] else { return nil }
            guard lines.lowerBound >= 1, lines.upperBound <= file.lineCount else { return nil }
            let start = SourcePosition(line: lines.lowerBound, column: 1)
            if lines.upperBound < file.lineStarts.count {
                return .replace(SourceLocation(path: path, range: SourceRange(start: start, end: SourcePosition(line: lines.upperBound + 1, column: 1))), with: "")
            }
            // The last line has no line break: delete to the end of the text.
            guard let last = file.text(ofLine: lines.upperBound) else { return nil }
            let end = SourcePosition(line: lines.upperBound, column: last.unicodeScalars.count + 1)
            return .replace(SourceLocation(path: path, range: SourceRange(start: start, end: end)), with: "")
        case .insertLine(let path, let section, let line):
            guard let file = files[path] else { return .createFile(path: path, text: "[\(section)]\n\(line)\n") }
            return insertion(into: file, path: path, section: section, line: line)
        case .insertLineAfter(let path, let line, let text, let indentLike):
            guard let file = files[path] else { return nil }
            guard line >= 1, line <= file.lineCount else { return nil }
            var indent = "    "
            if let indentLike {
                guard let model = file.text(ofLine: indentLike) else { return nil }
                indent = String(model.prefix { $0 == " " || $0 == "\t" })
            }
            if line < file.lineStarts.count {
                return .replace(SourceLocation(path: path, line: line + 1, column: 1), with: indent + text + "\n")
            }
            // The last line has no line break: add one before the new line.
            let width = file.text(ofLine: line)?.unicodeScalars.count ?? 0
            return .replace(SourceLocation(path: path, line: line, column: width + 1), with: "\n" + indent + text)
        case .rename, .createFile:
            return edit
        }
    }

    /// Where `line` goes in `[section]` of an INI file: after the section's last
    /// non-blank, non-comment line; a new section at the end when there is none.
    static func insertion(into file: FileBytes, path: String, section: String, line: String) -> FixEdit? {
        var header: Int?
        var lastContent: Int?
        for number in stride(from: 1, through: file.lineCount, by: 1) {
            guard let text = file.text(ofLine: number) else { return nil }
            let trimmed = text.trimmingSpaces
            if trimmed.hasPrefix("[") {
                if header != nil { break }
                if trimmed == "[\(section)]" { header = number; lastContent = number }
                continue
            }
            if header != nil, !trimmed.isEmpty, !trimmed.hasPrefix("#"), !trimmed.hasPrefix(";") { lastContent = number }
        }
        if let after = lastContent {
            if after < file.lineStarts.count {
                return .replace(SourceLocation(path: path, line: after + 1, column: 1), with: line + "\n")
            }
            let width = file.text(ofLine: after)?.unicodeScalars.count ?? 0
            return .replace(SourceLocation(path: path, line: after, column: width + 1), with: "\n" + line)
        }
        // No such section: append one.
        let endsWithBreak = file.bytes.last == 0x0A || file.bytes.count == file.bom
        let lastLine = max(1, file.lineStarts.count)
        let column: Int
        if endsWithBreak {
            column = 1
        } else {
            column = (file.text(ofLine: lastLine)?.unicodeScalars.count ?? 0) + 1
        }
        let lead = endsWithBreak ? (file.bytes.count == file.bom ? "" : "\n") : "\n\n"
        return .replace(SourceLocation(path: path, line: lastLine, column: column), with: lead + "[\(section)]\n\(line)\n")
    }
}
