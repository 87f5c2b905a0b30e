import Dispatch

/// Runs independent pieces of work on every core, with results in index order.
///
/// Loading is the part of a run that grows with the tree (thousands of rendered configs
/// on a fleet), and each file loads on its own. Results come back indexed, never in
/// completion order, so what callers build from them is the same whatever the thread
/// scheduling. At most one piece per core runs at a time, which also bounds how many
/// files' bytes are in memory at once.
public enum Parallel {
    /// `body(0) … body(count - 1)`, run concurrently, returned in index order. `body` must
    /// not touch shared mutable state.
    public static func map<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
        if count == 0 { return [] }
        // Dispatch runs as many at once as there are cores (one at a time on one core).
        if count == 1 { return [body(0)] }
        let slots = UnsafeMutablePointer<T?>.allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
        defer {
            slots.deinitialize(count: count)
            slots.deallocate()
        }
        let output = SlotPointer(base: slots)
        withoutActuallyEscaping(body) { body in
            let work = UncheckedBox(body)
            // Each index writes only its own slot.
            DispatchQueue.concurrentPerform(iterations: count) { index in
                output.base[index] = work.value(index)
            }
        }
        return (0..<count).map { index in
            guard let value = slots[index].take() else {
                preconditionFailure("Parallel.map: slot \(index) was not filled")
            }
            return value
        }
    }

    /// `items.map(transform)`, in pieces of `chunk` items run concurrently, in order: for
    /// many small transforms, where one task per item would cost more than the work.
    public static func map<Item, T>(_ items: [Item], chunk: Int = 256, _ transform: (Item) -> T) -> [T] {
        guard items.count > chunk else { return items.map(transform) }
        let size = max(1, chunk)
        // Each piece initializes its own range of the result in place: no array per piece to
        // join afterwards on the caller's thread (a fleet's thousands of files were copied,
        // retained and released again by the join, with the array regrown as it went).
        return [T](unsafeUninitializedCapacity: items.count) { buffer, initialized in
            guard let base = buffer.baseAddress else { preconditionFailure("Parallel.map: no storage for \(items.count) items") }
            let output = ElementPointer(base: base)
            _ = map((items.count + size - 1) / size) { part in
                for index in (part * size)..<min(items.count, (part + 1) * size) {
                    (output.base + index).initialize(to: transform(items[index]))
                }
            }
            initialized = items.count
        }
    }
}

/// The slots of `Parallel.map`, written from several threads (one slot per index).
private struct SlotPointer<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T?>
}

/// The result of `Parallel.map(_:chunk:_:)`, initialized in place from several threads (each
/// element by one).
private struct ElementPointer<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
}

/// The caller's closure, called from several threads: `Parallel.map` documents that it
/// must not touch shared mutable state.
/// A value on its way to another thread to be let go (see ``Parallel/releaseInBackground(_:)``).
private final class Released<T>: @unchecked Sendable {
    let value: T
    init(_ value: consuming T) { self.value = value }
}

extension Parallel {
    /// Lets `value` go on another thread: a large value's teardown (a fleet's model is millions
    /// of objects, a twentieth of a run) then runs beside what the caller does next instead of
    /// before it. `value` is left empty; the caller must hold no other reference to what it held.
    /// Nothing waits for the teardown: what the process exit interrupts, the exit reclaims.
    public static func releaseInBackground<T: RangeReplaceableCollection>(_ value: inout T) {
        var taken = T()
        swap(&taken, &value)
        // Retained once, by the block's release only: whichever thread runs first, the last
        // reference is the block's, so the teardown is never on the caller's thread. Held as
        // `AnyObject`, so the block captures no generic type.
        let held = UncheckedBox(Unmanaged<AnyObject>.passRetained(Released(consume taken)))
        DispatchQueue.global(qos: .utility).async { held.value.release() }
    }
}

/// A value being made on another thread; ``value`` waits until it is ready.
public final class Pending<T: Sendable>: @unchecked Sendable {
    private let ready = DispatchSemaphore(value: 0)
    /// Written once, before `ready` is signalled; read only after a wait on it.
    private var result: T?

    fileprivate init() {}

    fileprivate func fulfil(_ value: consuming T) {
        result = consume value
        ready.signal()
    }

    /// The value, once made (waits for it the first time).
    public var value: T {
        ready.wait()
        // Signalled again for the next reader: the value stays ready.
        defer { ready.signal() }
        guard let result else { preconditionFailure("Pending: signalled without a value") }
        return result
    }
}

extension Parallel {
    /// Runs `body` on another thread while the caller goes on; the result's ``Pending/value``
    /// waits for it. With `worthIt` false, `body` runs at once on the caller's thread: for
    /// small work, handing it over and waiting for it costs more than doing it.
    public static func inBackground<T: Sendable>(if worthIt: Bool = true, _ body: @escaping @Sendable () -> T) -> Pending<T> {
        let pending = Pending<T>()
        guard worthIt else {
            pending.fulfil(body())
            return pending
        }
        let work = UncheckedBox(pending)
        DispatchQueue.global().async { work.value.fulfil(body()) }
        return pending
    }
}

private struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
