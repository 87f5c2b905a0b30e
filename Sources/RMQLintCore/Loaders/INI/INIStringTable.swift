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
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        let hash = hasher.finalize()
        return table.withLock { strings in
            if let known = strings[hash] {
                return Self.hasBytes(known, bytes) ? known : String(decoding: bytes, as: UTF8.self)
            }
            let made = String(decoding: bytes, as: UTF8.self)
            if strings.count < capacity { strings[hash] = made }
            return made
        }
    }

    private static func hasBytes(_ string: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var string = string
        return string.withUTF8 { ByteText.equal(UnsafeRawBufferPointer($0), UnsafeRawBufferPointer(bytes)) }
    }
}
