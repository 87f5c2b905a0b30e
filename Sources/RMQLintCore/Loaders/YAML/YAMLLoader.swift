import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import CYAML

/// Bounds on what one YAML file may make the loader build, so hostile or broken input
/// (alias bombs, pathological nesting) ends in a diagnostic instead of exhausted memory
/// or stack.
public struct YAMLLimits: Sendable, Hashable {
    /// The deepest level a node may sit at; a document's root is at level 1, its items
    /// or values at level 2, and so on. Also applies to the subtrees aliases copy in.
    public var maxDepth: Int
    /// The most nodes one file may materialise, counting every scalar, sequence, mapping
    /// and key, and every node an alias copies in (an alias of a 10-node subtree costs 10).
    public var maxNodes: Int
    /// Whether an unquoted `{{ expr }}` value is accepted silently. True for files Ansible
    /// renders as text templates before anything parses them (a `config/rabbitmq/`
    /// `definitions.json`, written like Kolla's own `definitions.json.j2`); false for YAML
    /// Ansible loads as data (globals), where it is an error.
    public var acceptsBareJinja: Bool

    /// Creates limits; the defaults are those of ``default``.
    public init(maxDepth: Int = 200, maxNodes: Int = 1_000_000, acceptsBareJinja: Bool = false) {
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
        self.acceptsBareJinja = acceptsBareJinja
    }

    /// 200 levels and 1,000,000 nodes: far beyond any real Kolla or RabbitMQ file, far below
    /// what would exhaust memory or the stack.
    public static let `default` = YAMLLimits()
}

/// What ``YAMLLoader/load(_:path:limits:)`` could read from one file.
public struct YAMLLoadResult: Sendable {
    /// The documents of the stream in order (one per `---`); empty for an empty or
    /// comments-only file. When ``isTruncated`` is true the last one holds only what was
    /// read before loading stopped.
    public var documents: [YAMLNode]
    /// Located problems (RMQ001), in the order they were found. None of them quotes a value.
    public var diagnostics: [LoadDiagnostic]
    /// True when loading stopped early (a syntax error, or a limit of ``YAMLLimits`` was hit):
    /// keys after that point are missing from ``documents``, so "key not set" conclusions
    /// drawn from this file are unsafe.
    public var isTruncated: Bool

    /// Creates a result.
    public init(documents: [YAMLNode] = [], diagnostics: [LoadDiagnostic] = [], isTruncated: Bool = false) {
        self.documents = documents
        self.diagnostics = diagnostics
        self.isTruncated = isTruncated
    }
}

/// Loads YAML 1.1 as Ansible reads it, through libyaml's event API, into ``YAMLNode`` trees
/// that keep every node's tag, style and source span. JSON files (RabbitMQ `definitions.json`)
/// load through here too: libyaml reads JSON as flow-style YAML.
///
/// Behaviour worth knowing:
/// - Never throws, never crashes: problems become located ``LoadDiagnostic``s.
/// - Fatal problems stop loading (``YAMLLoadResult/isTruncated``): libyaml syntax errors,
///   nesting deeper than ``YAMLLimits/maxDepth``, more nodes than ``YAMLLimits/maxNodes``
///   (alias expansion included). Exactly one diagnostic is produced for them.
/// - Non-fatal problems are reported and loading goes on: an alias with no anchor before it
///   or pointing into its own anchored node (read as an empty plain scalar, i.e. null), and a
///   mapping key that is not a scalar (Ansible refuses those: "found unacceptable key"),
///   including the classic unquoted `key: {{ var }}`.
/// - Aliases are expanded by sharing the anchored subtree (copy-on-write, so memory stays
///   bounded); each expansion costs the subtree's node count against the budget. Anchors are
///   scoped to their document, as in PyYAML.
/// - Merge keys (`<<: *base`) are NOT applied: `<<` stays an ordinary pair whose value is the
///   aliased mapping, so keys only present in the merged mapping are not found by lookup.
/// - Tags are kept verbatim; `!vault` scalars are kept but never quoted in diagnostics.
/// - Line and column come from libyaml's marks: lines split at `\n`, `\r\n` and `\r`;
///   columns count Unicode scalars (a tab is one column), matching ``SourcePosition``.
public enum YAMLLoader {
    /// Loads every document of `text`, naming `path` in locations.
    public static func load(_ text: String, path: String, limits: YAMLLimits = .default) -> YAMLLoadResult {
        var text = text
        // `withUTF8` hands libyaml the string's own UTF-8 storage (copying only if the
        // string is not already native UTF-8), so the marks match the exact bytes.
        return text.withUTF8 { bytes in
            parse(bytes, path: path, limits: limits)
        }
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, path: String, limits: YAMLLimits) -> YAMLLoadResult {
        // An empty input has no documents; returning early also spares libyaml a nil pointer.
        guard bytes.baseAddress != nil, !bytes.isEmpty else { return YAMLLoadResult() }
        // A leading U+FEFF (byte-order mark) is skipped here, not by libyaml: libyaml's own
        // skip either leaves the column count one short of SourcePosition's (auto-detected
        // encoding) or counts it as indentation and breaks the first block mapping (explicit
        // encoding). Columns on line 1 are shifted by one instead, so the mark still counts
        // as a column, as in SourcePosition.
        let hasByteOrderMark = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        let body = hasByteOrderMark ? UnsafeBufferPointer(rebasing: bytes[3...]) : bytes
        guard let base = body.baseAddress, !body.isEmpty else { return YAMLLoadResult() }
        var builder = TreeBuilder(path: path, limits: limits, source: body, firstLineShift: hasByteOrderMark ? 1 : 0)

        // libyaml keeps a pointer to the parser inside itself (its read handler data),
        // so the parser must not move: allocate it rather than keeping it in a Swift var.
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) != 0 else {
            return YAMLLoadResult(
                diagnostics: [LoadDiagnostic("YAML parser could not be initialised (out of memory)", at: .wholeFile(path))],
                isTruncated: true)
        }
        defer { yaml_parser_delete(parser) }
        // The input is a Swift String: UTF-8, whatever libyaml would guess.
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, base, body.count)

        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(parser, &event) != 0 else {
                builder.syntaxError(parser.pointee)
                break
            }
            defer { yaml_event_delete(&event) }
            guard builder.handle(event) else { break }
        }
        return builder.finish()
    }
}

// MARK: - Tree building

/// Builds trees from events with an explicit stack, so user-controlled depth never
/// becomes recursion.
private struct TreeBuilder {
    /// An open sequence or mapping.
    struct Frame {
        enum Kind { case sequence, mapping }
        var kind: Kind
        var tag: String?
        var anchor: String?
        var start: SourcePosition
        var isFlow: Bool
        /// The node count before this collection was admitted; the difference at its end
        /// is its size, alias expansions included.
        var nodesBefore: Int
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        var pendingKey: YAMLNode?
        /// Height of the tallest child (a scalar is 1).
        var childHeight = 0
        var lastEnd: SourcePosition?
    }

    /// An anchor is `open` from its collection's start to its end: an alias met in
    /// between would make the tree recursive.
    enum Anchor {
        case open
        case complete(YAMLNode, nodes: Int, height: Int)
    }

    let path: String
    let limits: YAMLLimits
    /// The bytes libyaml reads (after any byte-order mark).
    let source: UnsafeBufferPointer<UInt8>
    /// Columns to add on line 1: 1 when a byte-order mark was skipped before `source`.
    let firstLineShift: Int
    var documents: [YAMLNode] = []
    var diagnostics: [LoadDiagnostic] = []
    var truncated = false
    var stack: [Frame] = []
    var root: YAMLNode?
    var anchors: [String: Anchor] = [:]
    var nodeCount = 0
    /// Set while closing the frames left open by a fatal problem: no further key checks.
    var collapsing = false

    init(path: String, limits: YAMLLimits, source: UnsafeBufferPointer<UInt8>, firstLineShift: Int) {
        self.path = path
        self.limits = limits
        self.source = source
        self.firstLineShift = firstLineShift
    }

    /// Handles one event; returns false when loading must stop.
    mutating func handle(_ event: yaml_event_t) -> Bool {
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            anchors.removeAll(keepingCapacity: true)
            root = nil
        case YAML_DOCUMENT_END_EVENT:
            if let root { documents.append(root) }
            root = nil
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let location = span(event.start_mark, event.end_mark)
            guard admit(at: location.range.start, height: 1, cost: 1, alias: nil) else { return false }
            let node = YAMLNode(
                content: .scalar(Self.text(scalar.value, scalar.length), Self.style(scalar.style)),
                tag: Self.string(scalar.tag),
                location: location)
            if let anchor = Self.string(scalar.anchor) {
                anchors[anchor] = .complete(node, nodes: 1, height: 1)
            }
            attach(node, height: 1)
        case YAML_ALIAS_EVENT:
            return alias(Self.string(event.data.alias.anchor) ?? "", at: span(event.start_mark, event.end_mark))
        case YAML_SEQUENCE_START_EVENT:
            let start = event.data.sequence_start
            return open(.sequence, tag: Self.string(start.tag), anchor: Self.string(start.anchor),
                        isFlow: start.style == YAML_FLOW_SEQUENCE_STYLE, at: position(event.start_mark))
        case YAML_MAPPING_START_EVENT:
            let start = event.data.mapping_start
            return open(.mapping, tag: Self.string(start.tag), anchor: Self.string(start.anchor),
                        isFlow: start.style == YAML_FLOW_MAPPING_STYLE, at: position(event.start_mark))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            close(endMark: event.end_mark)
        case YAML_STREAM_END_EVENT:
            return false
        default:
            break
        }
        return true
    }

    // MARK: Collections

    private mutating func open(_ kind: Frame.Kind, tag: String?, anchor: String?, isFlow: Bool, at start: SourcePosition) -> Bool {
        let before = nodeCount
        guard admit(at: start, height: 1, cost: 1, alias: nil) else { return false }
        if let anchor { anchors[anchor] = .open }
        stack.append(Frame(kind: kind, tag: tag, anchor: anchor, start: start, isFlow: isFlow, nodesBefore: before))
        return true
    }

    private mutating func close(endMark: yaml_mark_t) {
        guard let frame = stack.popLast() else { return }
        // A block collection's end event sits where the next token starts (after trailing
        // comments and blank lines); its last child's end is the honest end of the span.
        let end = frame.isFlow ? position(endMark) : (frame.lastEnd ?? position(endMark))
        let node = build(frame, end: end)
        let height = frame.childHeight + 1
        if let anchor = frame.anchor {
            anchors[anchor] = .complete(node, nodes: nodeCount - frame.nodesBefore, height: height)
        }
        attach(node, height: height)
    }

    private func build(_ frame: Frame, end: SourcePosition) -> YAMLNode {
        let content: YAMLNode.Content = frame.kind == .sequence ? .sequence(frame.items) : .mapping(frame.pairs)
        return YAMLNode(content: content, tag: frame.tag,
                        location: SourceLocation(path: path, range: SourceRange(start: frame.start, end: end)))
    }

    /// Adds a finished node to the innermost open collection (or makes it the root).
    private mutating func attach(_ node: YAMLNode, height: Int) {
        guard !stack.isEmpty else {
            root = node
            return
        }
        let top = stack.count - 1
        stack[top].childHeight = max(stack[top].childHeight, height)
        stack[top].lastEnd = node.location.range.end
        switch stack[top].kind {
        case .sequence:
            stack[top].items.append(node)
        case .mapping:
            if let key = stack[top].pendingKey {
                stack[top].pairs.append(YAMLPair(key: key, value: node))
                stack[top].pendingKey = nil
            } else {
                if !collapsing { checkKey(node, in: stack[top]) }
                stack[top].pendingKey = node
            }
        }
    }

    /// Ansible builds a Python dict, so a sequence or mapping as a key fails to load
    /// ("found unacceptable key", ansible/ansible lib/ansible/parsing/yaml/constructor.py).
    private mutating func checkKey(_ key: YAMLNode, in mapping: Frame) {
        let kind: String
        switch key.content {
        case .scalar: return
        case .sequence: kind = "sequence"
        case .mapping: kind = "mapping"
        }
        let keyStart = key.location.range.start
        if mapping.isFlow, case .mapping = key.content,
           keyStart.line == mapping.start.line, keyStart.column == mapping.start.column + 1 {
            // `key: {{ var }}` reads as a flow mapping whose key is the flow mapping `{ var }`.
            if limits.acceptsBareJinja { return }
            report("unquoted Jinja expression: a value starting with '{{' must be quoted "
                   + "(YAML reads it as a nested mapping, which Ansible rejects)", at: mapping.start)
        } else {
            report("mapping key is a \(kind); Ansible only accepts scalar keys", at: keyStart)
        }
    }

    // MARK: Aliases

    private mutating func alias(_ name: String, at location: SourceLocation) -> Bool {
        switch anchors[name] {
        case .complete(let anchored, let nodes, let height):
            guard admit(at: location.range.start, height: height, cost: nodes, alias: name) else { return false }
            var copy = anchored
            copy.location = location
            attach(copy, height: height)
        case .open:
            report("alias *\(name) refers to the node that contains it (a recursive alias); read as null",
                   at: location.range.start)
            return placeholder(at: location)
        case nil:
            report("unknown alias *\(name): no anchor &\(name) precedes it in this document; read as null",
                   at: location.range.start)
            return placeholder(at: location)
        }
        return true
    }

    private mutating func placeholder(at location: SourceLocation) -> Bool {
        guard admit(at: location.range.start, height: 1, cost: 1, alias: nil) else { return false }
        attach(YAMLNode(content: .scalar("", .plain), location: location), height: 1)
        return true
    }

    // MARK: Limits

    /// Charges a new subtree of `height` levels and `cost` nodes; false (with the one fatal
    /// diagnostic) when it would cross a limit.
    private mutating func admit(at start: SourcePosition, height: Int, cost: Int, alias: String?) -> Bool {
        if stack.count >= limits.maxDepth || height > limits.maxDepth - stack.count {
            let through = alias.map { " (through alias *\($0))" } ?? ""
            fatal("nesting exceeds \(limits.maxDepth) levels\(through); the rest of the file was not loaded", at: start)
            return false
        }
        if cost > limits.maxNodes - nodeCount {
            if let alias {
                fatal("alias expansion exceeds \(limits.maxNodes) nodes (alias *\(alias)); "
                      + "the rest of the file was not loaded", at: start)
            } else {
                fatal("file exceeds \(limits.maxNodes) YAML nodes; the rest of the file was not loaded", at: start)
            }
            return false
        }
        nodeCount += cost
        return true
    }

    // MARK: Diagnostics

    private mutating func report(_ message: String, at position: SourcePosition) {
        diagnostics.append(LoadDiagnostic(message, at: SourceLocation(path: path, range: SourceRange(start: position))))
    }

    private mutating func fatal(_ message: String, at position: SourcePosition) {
        truncated = true
        report(message, at: position)
    }

    /// Turns libyaml's error state into one diagnostic at its problem mark.
    mutating func syntaxError(_ parser: yaml_parser_t) {
        let problem = Self.string(parser.problem) ?? "unknown error"
        switch parser.error {
        case YAML_MEMORY_ERROR:
            truncated = true
            diagnostics.append(LoadDiagnostic("YAML parser ran out of memory", at: .wholeFile(path)))
        case YAML_READER_ERROR:
            // Reader errors carry a byte offset, not a mark.
            var message = "invalid YAML: \(problem)"
            if parser.problem_value >= 0 {
                message += " (U+\(Self.hex(Int(parser.problem_value))))"
            }
            fatal(message, at: positionOfByte(Int(clamping: parser.problem_offset)))
        default:
            let at = position(parser.problem_mark)
            var message = "invalid YAML: \(problem)"
            if let context = Self.string(parser.context) {
                message += " (\(context) started at \(position(parser.context_mark)))"
            }
            message += hint(problem: problem, at: parser.problem_mark)
            fatal(message, at: at)
        }
    }

    /// A short explanation for the libyaml errors operators meet most, from the source line.
    private func hint(problem: String, at mark: yaml_mark_t) -> String {
        let line = lineBytes(Int(clamping: mark.line))
        if problem == "found character that cannot start any token",
           character(in: line, atColumn: Int(clamping: mark.column)) == "\t" {
            return "; YAML does not allow tabs for indentation"
        }
        if problem == "found invalid Unicode character escape code" {
            return "; JSON surrogate-pair escapes (\\ud83d\\ude00) are not valid in YAML, write the character itself"
        }
        if Self.hasUnquotedJinja(line) {
            return "; a value starting with '{{' or '{%' must be quoted"
        }
        return ""
    }

    /// True when some `{{` or `{%` on the line starts a value: at the line start or after
    /// `:`, `-`, `[` or `,` (spaces skipped). Quoted Jinja is preceded by a quote instead.
    private static func hasUnquotedJinja(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var lastSignificant: UInt8? = nil
        var index = 0
        while index < line.count {
            let byte = line[index]
            if byte == UInt8(ascii: "{"), index + 1 < line.count,
               line[index + 1] == UInt8(ascii: "{") || line[index + 1] == UInt8(ascii: "%") {
                switch lastSignificant {
                case nil, UInt8(ascii: ":"), UInt8(ascii: "-"), UInt8(ascii: "["), UInt8(ascii: ","):
                    return true
                default:
                    break
                }
            }
            if byte != UInt8(ascii: " "), byte != UInt8(ascii: "\t") { lastSignificant = byte }
            index += 1
        }
        return false
    }

    // MARK: Positions

    private func position(_ mark: yaml_mark_t) -> SourcePosition {
        // libyaml marks are 0-based and count characters (Unicode scalars), tabs as one.
        let line = Self.oneBased(mark.line)
        let column = Self.oneBased(mark.column)
        return SourcePosition(line: line, column: line == 1 ? column + firstLineShift : column)
    }

    private func span(_ start: yaml_mark_t, _ end: yaml_mark_t) -> SourceLocation {
        SourceLocation(path: path, range: SourceRange(start: position(start), end: position(end)))
    }

    private static func oneBased(_ value: Int) -> Int {
        value < Int.max ? value + 1 : Int.max
    }

    private static func oneBased(_ value: UInt) -> Int {
        oneBased(Int(clamping: value))
    }

    /// Line and column of a byte offset, breaking lines as libyaml does (`\n`, `\r\n`, `\r`).
    private func positionOfByte(_ offset: Int) -> SourcePosition {
        var line = 1
        var column = 1
        var index = 0
        let limit = min(max(offset, 0), source.count)
        while index < limit {
            let byte = source[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte == UInt8(ascii: "\r") {
                if index + 1 < source.count, source[index + 1] == UInt8(ascii: "\n") {
                    index += 1
                }
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        return SourcePosition(line: line, column: line == 1 ? column + firstLineShift : column)
    }

    /// The bytes of 0-based line `number` (split at `\n`), without its line break.
    private func lineBytes(_ number: Int) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var line = 0
        while line < number {
            guard let newline = source[start...].firstIndex(of: UInt8(ascii: "\n")) else {
                return UnsafeBufferPointer(rebasing: source[source.endIndex...])
            }
            start = newline + 1
            line += 1
        }
        let end = source[start...].firstIndex(of: UInt8(ascii: "\n")) ?? source.endIndex
        return UnsafeBufferPointer(rebasing: source[start..<end])
    }

    private func character(in line: UnsafeBufferPointer<UInt8>, atColumn column: Int) -> Unicode.Scalar? {
        var index = 0
        for scalar in String(decoding: line, as: UTF8.self).unicodeScalars {
            if index == column { return scalar }
            index += 1
        }
        return nil
    }

    // MARK: Finishing

    /// Closes whatever a fatal problem left open (dropping a key that has no value yet)
    /// and returns everything read.
    mutating func finish() -> YAMLLoadResult {
        collapsing = true
        while let frame = stack.popLast() {
            attach(build(frame, end: frame.lastEnd ?? frame.start), height: 0)
        }
        if let root { documents.append(root) }
        root = nil
        return YAMLLoadResult(documents: documents, diagnostics: diagnostics, isTruncated: truncated)
    }

    // MARK: C helpers

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?, _ length: Int) -> String {
        guard let pointer, length > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLNode.ScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }

    private static func hex(_ value: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
