/// Where a report's bytes go, a piece at a time: reporters write into a small buffer that is
/// handed to the destination (standard output, a file) whenever it fills, so a report is
/// never held whole (a 1,000-host fleet's JSON report is 17 MB; its tree and byte buffer
/// were most of the run's peak memory).
///
/// A destination that fails (a closed pipe, a full disk) records the first reason in
/// ``failure``; later writes are dropped, and reporters stop early when ``failed``. The
/// caller turns ``failure`` into its one-line error after ``flush()``.
public final class ReportSink {
    /// Hands bytes to the destination; returns a one-line reason when it cannot take them.
    public typealias Destination = (UnsafeRawBufferPointer) -> String?

    private var buffer: [UInt8] = []
    private let capacity: Int
    private let destination: Destination?
    /// Why the destination stopped taking bytes, if it did.
    public private(set) var failure: String?

    /// A sink handing its bytes to `destination` in pieces of about `bufferSize` bytes.
    public init(bufferSize: Int = 1 << 16, destination: @escaping Destination) {
        capacity = max(1, bufferSize)
        self.destination = destination
        buffer.reserveCapacity(capacity)
    }

    /// A sink that keeps every byte in memory (``bytes``): for tests and callers that need
    /// the report as one value.
    public init() {
        capacity = .max
        destination = nil
    }

    /// Whether the destination has failed (nothing more will be written).
    public var failed: Bool { failure != nil }

    /// Everything written so far, for a sink made with ``init()`` (for a sink with a
    /// destination: what has not been handed over yet).
    public var bytes: [UInt8] { buffer }

    /// Appends `bytes`.
    public func write(_ bytes: [UInt8]) {
        guard failure == nil else { return }
        if destination != nil, buffer.isEmpty, bytes.count >= capacity {
            // A large piece goes straight through, without a copy into the buffer.
            bytes.withUnsafeBytes { hand($0) }
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { flush() }
    }

    /// Appends the UTF-8 of `text`.
    public func write(_ text: String) {
        guard failure == nil else { return }
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= capacity { flush() }
    }

    /// Hands everything buffered to the destination.
    public func flush() {
        guard let destination, !buffer.isEmpty else { return }
        if failure == nil {
            failure = buffer.withUnsafeBytes { destination($0) }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private func hand(_ bytes: UnsafeRawBufferPointer) {
        flush()
        guard failure == nil, let destination else { return }
        failure = destination(bytes)
    }
}
