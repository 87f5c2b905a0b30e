import RMQLintSource

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

    /// The same document as one value (every element built): for tests and API users.
    var materialized: JSONValue {
        switch self {
        case .value(let value): value
        case .array(let items): .array(items.map(\.materialized))
        case .object(let members): .object(members.map { ($0.0, $0.1.materialized) })
        case .elements(let count, let element): .array(Parallel.map(Array(0..<count)) { element($0) })
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
            if count == 0 { JSONValue.append("[]", to: &pending); return }
            JSONValue.append("[\n", to: &pending)
            sink.write(pending)
            pending.removeAll(keepingCapacity: true)
            let piece = JSONValue.parallelArrayLength
            var start = 0
            while start < count, !sink.failed {
                let end = min(count, start + JSONStream.batchLength)
                let pieces = Parallel.map((end - start + piece - 1) / piece) { part -> [UInt8] in
                    var bytes: [UInt8] = []
                    for index in (start + part * piece)..<min(end, start + (part + 1) * piece) {
                        JSONValue.indent(indent + 2, to: &bytes)
                        element(index).write(to: &bytes, indent: indent + 2)
                        JSONValue.append(index == count - 1 ? "\n" : ",\n", to: &bytes)
                    }
                    return bytes
                }
                for bytes in pieces { sink.write(bytes) }
                start = end
            }
            JSONValue.indent(indent, to: &pending)
            pending.append(UInt8(ascii: "]"))
        }
    }
}
