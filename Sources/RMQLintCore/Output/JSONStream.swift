import RMQLintSource
import RMQLintEngine

/// A JSON document whose long arrays are shaped element by element while it is written, so
/// a report is never a tree of every finding: each element is built, written and dropped.
/// It is written exactly as the same document as a ``JSONValue`` would be (``materialized``).
indirect enum JSONStream {
    /// A value written as it is.
    case value(JSONValue)
    /// An array of streams.
    case array([JSONStream])
    /// An object whose members are streams, in order.
    case object([(String, JSONStream)])
    /// An array of `count` elements, element `i` being `element(i)`; `element` is called
    /// from several threads (it must not touch shared mutable state), once per element.
    case elements(count: Int, element: (Int) -> JSONValue)
    /// An array of `count` objects, each shaped by one function written generically over
    /// ``JSONObjectShaping`` and passed twice: `write` writes element `i`'s members as
    /// bytes (no tree), `build` builds them as a value (for ``materialized``). Called from
    /// several threads, as `element` above.
    case objects(
        count: Int, write: (Int, inout JSONObjectWriter) -> Void, build: (Int, inout JSONObjectBuilder) -> Void)

    /// The same document as one value (every element built): for tests and API users.
    var materialized: JSONValue {
        switch self {
        case .value(let value): value
        case .array(let items): .array(items.map(\.materialized))
        case .object(let members): .object(members.map { ($0.0, $0.1.materialized) })
        case .elements(let count, let element): .array(Parallel.map(Array(0..<count)) { element($0) })
        case .objects(let count, _, let build):
            .array(Parallel.map(Array(0..<count)) { index in
                var builder = JSONObjectBuilder()
                build(index, &builder)
                return .object(builder.members)
            })
        }
    }

    /// Elements shaped and written per batch: on every core, in pieces of
    /// ``JSONValue/parallelArrayLength``, joined in order. Only one batch's bytes are alive.
    static let batchLength = JSONValue.parallelArrayLength * 4

    /// Writes the document, with two-space indentation and a trailing newline, to `sink`;
    /// stops early when the sink fails.
    func write(to sink: ReportSink) {
        var pending: [UInt8] = []
        write(to: sink, pending: &pending, indent: 0)
        pending.append(UInt8(ascii: "\n"))
        sink.write(pending)
    }

    private func write(to sink: ReportSink, pending: inout [UInt8], indent: Int) {
        switch self {
        case .value(let value): value.write(to: &pending, indent: indent)
        case .array(let items):
            if items.isEmpty { JSONValue.append("[]", to: &pending); return }
            JSONValue.append("[\n", to: &pending)
            for (index, item) in items.enumerated() {
                JSONValue.indent(indent + 2, to: &pending)
                item.write(to: sink, pending: &pending, indent: indent + 2)
                JSONValue.append(index == items.count - 1 ? "\n" : ",\n", to: &pending)
            }
            JSONValue.indent(indent, to: &pending)
            pending.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty { JSONValue.append("{}", to: &pending); return }
            JSONValue.append("{\n", to: &pending)
            for (index, member) in members.enumerated() {
                JSONValue.indent(indent + 2, to: &pending)
                JSONValue.writeString(member.0, to: &pending)
                JSONValue.append(": ", to: &pending)
                member.1.write(to: sink, pending: &pending, indent: indent + 2)
                JSONValue.append(index == members.count - 1 ? "\n" : ",\n", to: &pending)
            }
            JSONValue.indent(indent, to: &pending)
            pending.append(UInt8(ascii: "}"))
        case .elements(let count, let element):
            writeElements(count: count, to: sink, pending: &pending, indent: indent) { index, bytes in
                element(index).write(to: &bytes, indent: indent + 2)
            }
        case .objects(let count, let write, _):
            writeElements(count: count, to: sink, pending: &pending, indent: indent) { index, bytes in
                JSONObjectWriter.write(into: &bytes, indent: indent + 2) { write(index, &$0) }
            }
        }
    }

    /// An array of `count` elements at `indent`, element `i` written by `element(i, &bytes)`.
    private func writeElements(
        count: Int, to sink: ReportSink, pending: inout [UInt8], indent: Int, element: (Int, inout [UInt8]) -> Void
    ) {
        if count == 0 { JSONValue.append("[]", to: &pending); return }
        JSONValue.append("[\n", to: &pending)
        sink.write(pending)
        pending.removeAll(keepingCapacity: true)
        let piece = JSONValue.parallelArrayLength
        // One buffer per piece, emptied and refilled batch after batch: a buffer made afresh
        // for every piece grew by doubling into memory the last batch had just freed and
        // malloc had handed back to the system, so every byte of a fleet's report was written
        // to newly faulted pages, several times over (a 4,000-host report: 30 MB of faults).
        let buffers = (0..<((JSONStream.batchLength + piece - 1) / piece)).map { _ in PieceBuffer() }
        var start = 0
        while start < count, !sink.failed {
            let end = min(count, start + JSONStream.batchLength)
            let parts = (end - start + piece - 1) / piece
            // Each part reads and writes only its own buffer.
            _ = Parallel.map(parts) { part in
                let buffer = buffers[part]
                // Taken out while written: appended to as a unique array, no exclusivity check per element.
                var bytes = buffer.take()
                for index in (start + part * piece)..<min(end, start + (part + 1) * piece) {
                    JSONValue.indent(indent + 2, to: &bytes)
                    element(index, &bytes)
                    JSONValue.append(index == count - 1 ? "\n" : ",\n", to: &bytes)
                }
                buffer.bytes = bytes
            }
            for part in 0..<parts { sink.write(buffers[part].bytes) }
            start = end
        }
        JSONValue.indent(indent, to: &pending)
        pending.append(UInt8(ascii: "]"))
    }
}

/// The bytes of one piece of a batch of ``JSONStream`` elements, kept for the next batch's
/// piece (see `JSONStream.writeElements`).
private final class PieceBuffer {
    var bytes: [UInt8] = []

    /// The bytes, emptied with their capacity kept, leaving this buffer empty until they are put back.
    func take() -> [UInt8] {
        var taken: [UInt8] = []
        swap(&taken, &bytes)
        taken.removeAll(keepingCapacity: true)
        return taken
    }
}

/// Builds a JSON object member by member. A report element is shaped by one function
/// generic over this protocol, so the bytes ``JSONObjectWriter`` writes and the value
/// ``JSONObjectBuilder`` builds come from the same code.
protocol JSONObjectShaping {
    /// Appends a string member.
    mutating func add(_ name: StaticString, string: String)
    /// Appends an integer member.
    mutating func add(_ name: StaticString, int: Int)
    /// Appends a member that is a string, or `null` when `string` is nil.
    mutating func add(_ name: StaticString, optional string: String?)
    /// Appends a fingerprint member: the string ``Fingerprint/Hash/hex`` spells.
    mutating func add(_ name: StaticString, fingerprint: Fingerprint.Hash)
    /// Appends an object member whose members `shape` adds.
    mutating func addObject(_ name: StaticString, _ shape: (inout Self) -> Void)
    /// Appends an array member of `count` objects, object `i`'s members added by `shape(i, &object)`.
    mutating func addObjects(_ name: StaticString, count: Int, _ shape: (Int, inout Self) -> Void)
}

/// Writes an object's members straight as bytes, laid out exactly as
/// ``JSONValue/write(to:indent:)`` lays out the same object (two-space indentation,
/// `"name": value`, `{}` when empty), without building the value.
struct JSONObjectWriter: JSONObjectShaping {
    private var bytes: [UInt8]
    private let indent: Int
    private var isEmpty = true

    private init(bytes: [UInt8], indent: Int) {
        self.bytes = bytes
        self.indent = indent
    }

    /// Writes the object whose members `shape` adds to `bytes`, its braces at `indent`
    /// (its opening brace where `bytes` ends).
    static func write(into bytes: inout [UInt8], indent: Int, _ shape: (inout JSONObjectWriter) -> Void) {
        // The buffer is moved in and out (never copied).
        var writer = JSONObjectWriter(bytes: [], indent: indent)
        swap(&writer.bytes, &bytes)
        writer.bytes.append(UInt8(ascii: "{"))
        shape(&writer)
        if writer.isEmpty {
            writer.bytes.append(UInt8(ascii: "}"))
        } else {
            writer.bytes.append(UInt8(ascii: "\n"))
            JSONValue.indent(indent, to: &writer.bytes)
            writer.bytes.append(UInt8(ascii: "}"))
        }
        swap(&writer.bytes, &bytes)
    }

    /// `,` after the previous member, the line break, indentation and `"name": `, then the
    /// value's first bytes, which `value` writes at the pointer it is given (at most
    /// `valueLength` of them) and counts: all in one append (a report has a dozen members per
    /// finding, and a small append costs more than its bytes).
    private mutating func begin(
        _ name: StaticString, valueLength: Int = 0, _ value: (UnsafeMutablePointer<UInt8>) -> Int = { _ in 0 }
    ) {
        let first = isEmpty
        isEmpty = false
        let spaces = indent + 2
        let capacity = 2 + spaces + name.utf8CodeUnitCount + 4 + valueLength
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            let start = buffer.baseAddress.unsafelyUnwrapped
            var count = 0
            if !first {
                start[count] = UInt8(ascii: ",")
                count += 1
            }
            start[count] = UInt8(ascii: "\n")
            count += 1
            (start + count).initialize(repeating: UInt8(ascii: " "), count: spaces)
            count += spaces
            start[count] = UInt8(ascii: "\"")
            count += 1
            // Member names are the report's own ASCII identifiers: nothing to escape.
            (start + count).initialize(from: name.utf8Start, count: name.utf8CodeUnitCount)
            count += name.utf8CodeUnitCount
            start[count] = UInt8(ascii: "\"")
            start[count + 1] = UInt8(ascii: ":")
            start[count + 2] = UInt8(ascii: " ")
            count += 3
            count += value(start + count)
            bytes.append(contentsOf: UnsafeBufferPointer(start: start, count: count))
        }
    }

    /// A string member: its opening quote is written with the name, and a short string that
    /// needs no escape (a rule id, a path, a host) whole with it, quotes and all.
    private mutating func addString(_ name: StaticString, _ string: String) {
        var string = string
        let written = string.withUTF8 { utf8 in
            guard utf8.count <= JSONObjectWriter.shortString, JSONValue.isWrittenVerbatim(utf8) else { return false }
            begin(name, valueLength: utf8.count + 2) { start in
                start[0] = UInt8(ascii: "\"")
                if let base = utf8.baseAddress { (start + 1).initialize(from: base, count: utf8.count) }
                start[utf8.count + 1] = UInt8(ascii: "\"")
                return utf8.count + 2
            }
            return true
        }
        guard !written else { return }
        begin(name, valueLength: 1) { start in
            start[0] = UInt8(ascii: "\"")
            return 1
        }
        JSONValue.writeStringContents(string, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// The longest string ``addString(_:_:)`` writes with its name (longer ones, messages,
    /// are mostly copied in runs anyway).
    private static let shortString = 128

    mutating func add(_ name: StaticString, string: String) {
        addString(name, string)
    }

    mutating func add(_ name: StaticString, int: Int) {
        begin(name, valueLength: JSONValue.maximumIntLength) { JSONValue.writeInt(int, into: $0) }
    }

    mutating func add(_ name: StaticString, optional string: String?) {
        if let string {
            addString(name, string)
        } else {
            begin(name, valueLength: 4) { start in
                let null: StaticString = "null"
                start.initialize(from: null.utf8Start, count: 4)
                return 4
            }
        }
    }

    mutating func add(_ name: StaticString, fingerprint: Fingerprint.Hash) {
        begin(name, valueLength: 34) { start in
            start[0] = UInt8(ascii: "\"")
            fingerprint.writeHex(to: start + 1)
            start[33] = UInt8(ascii: "\"")
            return 34
        }
    }

    mutating func addObject(_ name: StaticString, _ shape: (inout JSONObjectWriter) -> Void) {
        begin(name)
        JSONObjectWriter.write(into: &bytes, indent: indent + 2, shape)
    }

    mutating func addObjects(_ name: StaticString, count: Int, _ shape: (Int, inout JSONObjectWriter) -> Void) {
        begin(name)
        if count == 0 { JSONValue.append("[]", to: &bytes); return }
        JSONValue.append("[\n", to: &bytes)
        for index in 0..<count {
            JSONValue.indent(indent + 4, to: &bytes)
            JSONObjectWriter.write(into: &bytes, indent: indent + 4) { shape(index, &$0) }
            JSONValue.append(index == count - 1 ? "\n" : ",\n", to: &bytes)
        }
        JSONValue.indent(indent + 2, to: &bytes)
        bytes.append(UInt8(ascii: "]"))
    }
}

/// Builds an object's members as ``JSONValue``s: the same object ``JSONObjectWriter``
/// writes, for ``JSONStream/materialized``.
struct JSONObjectBuilder: JSONObjectShaping {
    /// The members added so far, in order.
    private(set) var members: [(String, JSONValue)] = []

    mutating func add(_ name: StaticString, string: String) {
        members.append(("\(name)", .string(string)))
    }

    mutating func add(_ name: StaticString, int: Int) {
        members.append(("\(name)", .int(int)))
    }

    mutating func add(_ name: StaticString, optional string: String?) {
        members.append(("\(name)", .optional(string)))
    }

    mutating func add(_ name: StaticString, fingerprint: Fingerprint.Hash) {
        members.append(("\(name)", .string(fingerprint.hex)))
    }

    mutating func addObject(_ name: StaticString, _ shape: (inout JSONObjectBuilder) -> Void) {
        var object = JSONObjectBuilder()
        shape(&object)
        members.append(("\(name)", .object(object.members)))
    }

    mutating func addObjects(_ name: StaticString, count: Int, _ shape: (Int, inout JSONObjectBuilder) -> Void) {
        let objects = (0..<count).map { index -> JSONValue in
            var object = JSONObjectBuilder()
            shape(index, &object)
            return .object(object.members)
        }
        members.append(("\(name)", .array(objects)))
    }
}
