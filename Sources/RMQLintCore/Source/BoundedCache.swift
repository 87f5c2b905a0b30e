import Synchronization

/// Values of a pure function, shared by every core of a run and bounded in size.
///
/// Several answers are asked again and again with the same question — a Jinja text parsed
/// for every service, host and candidate release; a Kolla override chain or rendered-key
/// list per service and release — and computing them each time showed in the profiles.
/// Only pure functions may be cached: a cached value is exactly what computing it again
/// would give. The table stops growing at ``capacity`` entries (keys past that are computed
/// each time), so input with many distinct keys cannot grow memory without bound.
public final class BoundedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// The most entries kept.
    public let capacity: Int
    private let table = Mutex<[Key: Value]>([:])

    /// A cache keeping at most `capacity` entries.
    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// The cached value of `key`, or `make(key)` (stored while there is room). `make` runs
    /// outside the lock; two threads may compute the same value, which is the same.
    public func value(_ key: Key, _ make: (Key) -> Value) -> Value {
        if let hit = table.withLock({ $0[key] }) { return hit }
        let made = make(key)
        table.withLock { entries in
            if entries.count < capacity { entries[key] = made }
        }
        return made
    }
}
