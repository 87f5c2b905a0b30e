import Testing
@testable import RMQLintSource

/// `Parallel.map(_:chunk:_:)` (how a fleet's files are made into the model's on every core):
/// each piece writes its part of the result in place, which must be `items.map` exactly,
/// element for element and in order, around the piece size and for reference-counted values.
@Suite("Parallel map in pieces")
struct ParallelMapTests {
    final class Box: Sendable {
        let value: Int
        init(_ value: Int) { self.value = value }
    }

    @Test(arguments: [0, 1, 7, 8, 9, 16, 17, 1_000])
    func piecesWriteWhatTheSerialMapGives(count: Int) {
        let items = (0..<count).map { "item \($0) " + String(repeating: "x", count: $0 % 40) }
        for chunk in [-1, 0, 1, 3, 8, 256] {
            let transform = { (item: String) -> (String, [Int], Box) in (item + "!", [item.utf8.count], Box(item.utf8.count)) }
            let pieces = Parallel.map(items, chunk: chunk, transform)
            let serial = items.map(transform)
            #expect(pieces.count == serial.count, "\(count) items, chunk \(chunk)")
            #expect(pieces.map(\.0) == serial.map(\.0), "\(count) items, chunk \(chunk)")
            #expect(pieces.map(\.1) == serial.map(\.1), "\(count) items, chunk \(chunk)")
            #expect(pieces.map(\.2.value) == serial.map(\.2.value), "\(count) items, chunk \(chunk)")
        }
    }

    /// Each result is held once: none is leaked (or let go early) by the in-place writes.
    @Test func resultsAreHeldOnce() {
        weak var first: Box?
        do {
            let boxes = Parallel.map(Array(0..<600), chunk: 7) { Box($0) }
            first = boxes[0]
            #expect(boxes.map(\.value) == Array(0..<600))
        }
        #expect(first == nil)
    }
}
