import Synchronization
import RMQLintSource

/// The strings the INI documents of one run share: a fleet's rendered configs repeat the
/// same section names, keys and values (`oslo_messaging_rabbit`, the transport URL) in every
/// file, and each document used to hold its own copy of each.
///
/// A string is looked up by its bytes and handed out only for the same bytes, so a document
/// holds exactly the text it would have made itself. Documents are parsed on every core:
/// the table is shared behind a lock. It stops growing at ``capacity`` strings (later ones
/// are made each time), so a tree of distinct values cannot grow it without bound.
public final class INIStringTable: Sendable {
    /// The most strings kept.
    public let capacity: Int
    /// Strings by the hash of their bytes: the first string of each hash (another string
    /// of the same hash is made each time, not kept).
    private let table = Mutex<[Int: String]>([:])

    /// A table keeping at most `capacity` strings.
    public init(capacity: Int = 1 << 16) {
        self.capacity = capacity
    }

    /// Longest UTF-8 text a `String` stores inline, without an allocation to share.
    private static let inlineLength = 15

    /// The text of `bytes` decoded as UTF-8 (as `String(decoding:as:)` makes it): the string
    /// the table holds for the same bytes, if it holds one.
    public func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.count > INIStringTable.inlineLength else { return String(decoding: bytes, as: UTF8.self) }
        let hash = Self.hash(UnsafeRawBufferPointer(bytes))
        return table.withLock { strings in
            if let known = strings[hash] {
                return Self.hasBytes(known, bytes) ? known : String(decoding: bytes, as: UTF8.self)
            }
            let made = String(decoding: bytes, as: UTF8.self)
            if strings.count < capacity { strings[hash] = made }
            return made
        }
    }

    /// A multiply-and-rotate hash of `bytes`, eight at a time: cheaper than `Hasher`'s SipHash
    /// on every kept value of every file, and enough here, where a hash only finds a
    /// candidate that ``hasBytes(_:_:)`` then compares (a collision shares nothing, it is
    /// never wrong).
    static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        var hash = mix(UInt64(truncatingIfNeeded: bytes.count))
        var index = 0
        while index + 8 <= bytes.count {
            hash = mix(hash ^ bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            index += 8
        }
        var tail: UInt64 = 0
        while index < bytes.count {
            tail = tail << 8 | UInt64(bytes[index])
            index += 1
        }
        hash = mix(hash ^ tail)
        return Int(truncatingIfNeeded: hash ^ hash >> 32)
    }

    @inline(__always)
    private static func mix(_ value: UInt64) -> UInt64 {
        let product = value &* 0x9E37_79B9_7F4A_7C15
        return product << 29 | product >> 35
    }

    private static func hasBytes(_ string: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var string = string
        return string.withUTF8 { ByteText.equal(UnsafeRawBufferPointer($0), UnsafeRawBufferPointer(bytes)) }
    }
}
