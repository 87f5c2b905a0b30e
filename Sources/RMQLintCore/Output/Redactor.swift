/// Removes secrets from text before any reporter prints it (docs/spec.md §7: `passwords.yml`
/// values and passwords inside `transport_url` never appear in any format; SECURITY.md).
///
/// Two kinds of text are masked with `******`:
/// - every occurrence of a listed secret (empty and whitespace-only secrets are ignored);
///   where occurrences overlap or touch, the whole union is masked once, so a short secret
///   inside a longer one cannot leave part of the longer one visible;
/// - the password of every `user:password@` userinfo after a `://`, for each host of a
///   multi-host URL such as oslo.messaging's
///   `rabbit://openstack:pw@10.0.0.1:5672,openstack:pw@10.0.0.2:5672//`.
///
/// Both scans run over the UTF-8 bytes in linear time: the secrets through one
/// Aho–Corasick automaton built when the secrets are set, URLs by a single forward scan.
///
/// The listed secrets of a lint run are gathered by ``SecretCollector``: every value of
/// `passwords.yml`, every `!vault` payload, the value of every key that names a secret
/// (``isSecretKey(_:)``) in any file, and every password written inside a URL. Code that
/// prints a *value* next to its key (`rmqlint effective`) uses ``redact(value:forKey:)``,
/// which hides the whole value of a secret key even when it was never collected.
public struct Redactor: Sendable {
    /// What every secret is replaced with.
    public static let mask = "******"

    /// Shortest value listed as a secret: shorter ones (`yes`, `1`, `on`) would mask text
    /// everywhere. Values of secret keys are still hidden whole by ``redact(value:forKey:)``.
    public static let minimumSecretLength = 4

    /// The secrets and their automaton, behind one reference: reporters copy the redactor
    /// into every closure that redacts, on every core, and a copy of the automaton's arrays
    /// was a dozen retains of the same shared objects.
    private final class Storage: Sendable {
        let secrets: [String]
        let matcher: SecretMatcher

        init(secrets: [String]) {
            self.secrets = secrets
            self.matcher = SecretMatcher(secrets: secrets)
        }
    }

    private var storage: Storage

    /// The literal secret strings to mask (values from `passwords.yml` and the like).
    public var secrets: [String] {
        get { storage.secrets }
        set { storage = Storage(secrets: newValue) }
    }

    /// Creates a redactor for `secrets`.
    public init(secrets: [String] = []) {
        self.storage = Storage(secrets: secrets)
    }

    /// `text` with every secret masked.
    public func redact(_ text: String) -> String {
        // Most report strings hold no secret and no URL: an exact byte pre-check (it answers
        // "clean" only when both scans below would find nothing) returns them as they are.
        let clean = text.utf8.withContiguousStorageIfAvailable { !mayFindSpans(in: $0) }
        if clean == true { return text }
        let bytes = Array(text.utf8)
        let urlSpans = URLPasswordScanner.passwordSpans(in: bytes)
        let secretSpans = storage.matcher.spans(in: bytes)
        if urlSpans.isEmpty && secretSpans.isEmpty { return text }

        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var cursor = 0
        for span in ByteSpan.union(urlSpans, secretSpans) {
            output.append(contentsOf: bytes[cursor..<span.start])
            output.append(contentsOf: Redactor.mask.utf8)
            cursor = span.end
        }
        output.append(contentsOf: bytes[cursor...])
        // Spans start and end on scalar boundaries (secrets are whole UTF-8 strings and the
        // URL delimiters are ASCII), so the result is valid UTF-8.
        return String(decoding: output, as: UTF8.self)
    }

    /// The pre-check of ``redact(_:)``: `URLPasswordScanner.mayHavePassword(bytes) ||
    /// matcher.mayFindSpans(in: bytes)`, with `://` and `…` looked for in one pass.
    func mayFindSpans(in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let matcher = storage.matcher
        if matcher.isEmpty { return URLPasswordScanner.mayHavePassword(bytes) }
        return ByteText.contains(UnsafeRawBufferPointer(bytes), URLPasswordScanner.scheme, or: SecretMatcher.ellipsis)
            || matcher.mayStartSecret(in: bytes)
    }

    /// A value as it may be printed beside its key: ``mask`` when `key` names a secret
    /// (``isSecretKey(_:)``) and the value is not empty, otherwise ``redact(_:)`` of the
    /// value (listed secrets and URL passwords masked). An empty value stays empty, so
    /// an unset password still shows as unset.
    ///
    /// `key` may be a bare name (`rabbitmq_password`), a dotted or sectioned one
    /// (`ssl_options.password`, `[keystone_authtoken]memcache_secret_key`): only its last
    /// component is judged, as ``isSecretKey(_:)`` describes.
    public func redact(value: String, forKey key: String) -> String {
        if value.isEmpty { return value }
        if Self.isSecretKey(key) { return Self.mask }
        return redact(value)
    }

    /// Whether a key's name says its value is a secret, case-insensitively: it contains
    /// `password`, `passwd`, `secret`, `token` or `cookie` (the Erlang cookie,
    /// `rabbitmq_cluster_cookie`), or ends in `_key` / `-key` (`memcache_secret_key`,
    /// `api-key`) or `_pass` / `-pass` or is `pass` (RabbitMQ's `default_pass`, Ansible's
    /// `ansible_ssh_pass` and `ansible_become_pass`).
    ///
    /// Only the last component of a dotted, sectioned or scoped key counts
    /// (`[oslo_messaging_rabbit]ssl_key_password` → `ssl_key_password`,
    /// `ssl_options.password` → `password`), so a section named `[keystone_authtoken]`
    /// does not make every key in it secret.
    public static func isSecretKey(_ key: String) -> Bool {
        var key = key
        return key.withUTF8 { isSecretKey(utf8: $0) }
    }

    /// ``isSecretKey(_:)`` over a key's UTF-8 bytes (loaders judge keys before making strings).
    public static func isSecretKey(utf8 key: UnsafeBufferPointer<UInt8>) -> Bool {
        // This runs for every setting of every file: one backward pass finds the last
        // component and the ASCII letters it holds, compared case-insensitively in place (no
        // String case mapping, no copy).
        var start = key.count
        var letters: UInt32 = 0
        while start > 0 {
            let byte = key[start - 1]
            if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "/") { break }
            letters |= letterBit(byte)
            start -= 1
        }
        // `pass` alone and the suffixes `_key`, `-key`, `_pass`, `-pass`: a look at the last bytes,
        // each compared with bit 5 set (which makes only a letter's two cases that letter).
        let end = key.count, count = end - start
        if count >= 4, key[end - 4] | 0x20 == UInt8(ascii: "p"), key[end - 3] | 0x20 == UInt8(ascii: "a"),
           key[end - 2] | 0x20 == UInt8(ascii: "s"), key[end - 1] | 0x20 == UInt8(ascii: "s") {
            if count == 4 { return true }
            let before = key[end - 5]
            if before == UInt8(ascii: "_") || before == UInt8(ascii: "-") { return true }
        }
        if count >= 4, key[end - 3] | 0x20 == UInt8(ascii: "k"), key[end - 2] | 0x20 == UInt8(ascii: "e"),
           key[end - 1] | 0x20 == UInt8(ascii: "y") {
            let before = key[end - 4]
            if before == UInt8(ascii: "_") || before == UInt8(ascii: "-") { return true }
        }
        // Otherwise the component must contain a word, and hold all its letters: most keys
        // (`key_12`, `option_3`, `debug`) lack them, and are answered here. The letters
        // (``letterBit(_:)`` masks; LoadingFloorTests checks them) are literals, not tables:
        // a table costs a lazy-global check per call.
        guard letters & 0x448009 == 0x448009 || letters & 0xe0014 == 0xe0014 || letters & 0x86410 == 0x86410
            || letters & 0x4514 == 0x4514 else { return false }
        let component = UnsafeBufferPointer(rebasing: key[start...])
        if letters & 0x448009 == 0x448009 && (contains(component, "password") || contains(component, "passwd")) { return true }
        if letters & 0xe0014 == 0xe0014 && contains(component, "secret") { return true }
        if letters & 0x86410 == 0x86410 && contains(component, "token") { return true }
        if letters & 0x4514 == 0x4514 && contains(component, "cookie") { return true }
        return false
    }

    /// Whether a key can be secret (``isSecretKey(utf8:)``), judged only from whether it holds
    /// an `s`, a `k` and an `o` (either case) and from its last byte: every secret word and
    /// suffix holds an `s` (`password`, `passwd`, `secret`, `pass`), or a `k` and an `o`
    /// (`token`, `cookie`), or ends in `key`. False is exact, so readers that see a key's
    /// letters a word at a time answer most keys from it (LoadingFloorTests holds it against
    /// every word and suffix above).
    @inlinable
    public static func mayBeSecretKey(hasS: Bool, hasK: Bool, hasO: Bool, lastByte: UInt8) -> Bool {
        hasS || hasK && (hasO || lastByte | 0x20 == UInt8(ascii: "y"))
    }

    /// The words a secret key's last component contains, and its letter masks (for tests).
    static let secretFragmentMasks: [(word: String, mask: UInt32)] = [
        ("passwd", 0x448009), ("secret", 0xe0014), ("token", 0x86410), ("cookie", 0x4514),
    ]

    /// ASCII lower case of a byte (other bytes as they are).
    @inline(__always)
    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    /// One bit per ASCII letter, either case; 0 for anything else.
    private static func letterBit(_ byte: UInt8) -> UInt32 {
        let lower = byte | 0x20
        guard lower >= UInt8(ascii: "a"), lower <= UInt8(ascii: "z") else { return 0 }
        return 1 << UInt32(lower - UInt8(ascii: "a"))
    }

    /// Whether `bytes`, ASCII-lowercased, contain `fragment` (ASCII lower case).
    private static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ fragment: StaticString) -> Bool {
        let count = fragment.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        return fragment.withUTF8Buffer { wanted in
            search: for start in 0...(bytes.count - count) {
                for index in 0..<count where lowercased(bytes[start + index]) != wanted[index] { continue search }
                return true
            }
            return false
        }
    }
}

/// A half-open range of byte offsets.
package struct ByteSpan: Equatable, Sendable {
    package var start: Int
    package var end: Int

    /// Merges two lists of sorted, disjoint spans into one sorted list in which overlapping
    /// or touching spans are joined (each joined run is masked once).
    package static func union(_ first: [ByteSpan], _ second: [ByteSpan]) -> [ByteSpan] {
        var merged: [ByteSpan] = []
        merged.reserveCapacity(first.count + second.count)
        var i = 0
        var j = 0
        while i < first.count || j < second.count {
            let next: ByteSpan
            if j >= second.count || (i < first.count && first[i].start <= second[j].start) {
                next = first[i]
                i += 1
            } else {
                next = second[j]
                j += 1
            }
            if let last = merged.last, next.start <= last.end {
                merged[merged.count - 1].end = max(last.end, next.end)
            } else {
                merged.append(next)
            }
        }
        return merged
    }
}

/// Aho–Corasick over UTF-8 bytes: finds every occurrence of every secret in one pass.
///
/// Passwords files list hundreds of values and a large run redacts tens of thousands of
/// messages, so matching each secret separately would multiply the work by their number.
struct SecretMatcher: Sendable {
    /// Per node, its outgoing edges are `edgeByte[edgeStart[n]..<edgeStart[n+1]]`, sorted by
    /// byte for binary search. Edge `i` leads to node `i + 1`: nodes are numbered breadth-first
    /// and each gets its one incoming edge as it is numbered, so no target is stored.
    private var edgeStart: [Int32] = [0, 0]
    private var edgeByte: [UInt8] = []
    /// Failure link of each node (root is node 0).
    private var failure: [Int32] = [0]
    /// Length in bytes of the longest secret that ends at each node (0: none). All secrets
    /// ending at one position are suffixes of each other, so the longest covers them all.
    private var longest: [Int32] = [0]
    /// The first node of each depth (the length of the secret prefix a node stands for):
    /// nodes are numbered breadth-first, so a node's depth is the last whose first node is
    /// not after it (see ``depth(of:)``). One number per depth, not one per node.
    private var levelStarts: [Int32] = [0]

    /// The pre-check of ``mayFindSpans(in:)``: every secret is at least ``gramLength``
    /// bytes long (at most 8), and ``grams`` holds the first ``gramLength`` bytes of each
    /// (little-endian, sorted, distinct); ``gramPairs`` and ``gramBits`` have a bit set for
    /// each gram's first two bytes and for its hash, so most text windows are dismissed by
    /// a bit test or two before the binary search.
    private var gramLength = 0
    private var grams: [UInt64] = []
    private var gramBits: [UInt64] = []
    private var gramShift: UInt64 = 63
    /// The first two bytes of every gram, one bit each (65,536 bits, a first test that stays
    /// in the closest cache); all set when grams are one byte long.
    private var gramPairs: [UInt64] = []
    /// Every two bytes in a row anywhere in a gram, one bit each (empty when grams are one
    /// byte long): a window of text whose last two bytes have no bit is no gram, nor is any
    /// window that holds those two bytes, so the scan skips them all at once.
    private var gramInnerPairs: [UInt64] = []

    /// Builds the automaton; empty and whitespace-only secrets are ignored.
    init(secrets: [String]) {
        // The patterns' bytes, end to end, sorted byte-wise: the trie is then built level by
        // level straight into flat arrays, each node being a run of patterns that share its
        // prefix (a fleet lists a hundred thousand secrets; one dictionary per node would
        // cost tens of megabytes).
        var flat: [UInt8] = []
        var bounds: [(start: Int32, end: Int32)] = []
        // Repeated secrets need no set: equal patterns end at the same node of the trie.
        for secret in secrets where !Self.isBlank(secret) {
            let start = Int32(flat.count)
            flat.append(contentsOf: secret.utf8)
            bounds.append((start, Int32(flat.count)))
        }
        if bounds.isEmpty { return }
        flat.withUnsafeBufferPointer { bytes in
            bounds.sort { lhs, rhs in
                UnsafeBufferPointer(rebasing: bytes[Int(lhs.start)..<Int(lhs.end)])
                    .lexicographicallyPrecedes(UnsafeBufferPointer(rebasing: bytes[Int(rhs.start)..<Int(rhs.end)]))
            }
        }
        buildGrams(flat, bounds)
        func length(_ pattern: Int) -> Int { Int(bounds[pattern].end - bounds[pattern].start) }
        func byte(_ pattern: Int, _ offset: Int) -> UInt8 { flat[Int(bounds[pattern].start) + offset] }
        // The trie's size, to make every array below at its final size (grown by appends,
        // they held up to twice their nodes, and each growth held both copies at once): in
        // sorted order, a pattern adds a node per byte after its common prefix with the one before.
        var nodeCount = 1
        for pattern in bounds.indices {
            var shared = 0
            if pattern > 0 {
                let limit = min(length(pattern), length(pattern - 1))
                while shared < limit, byte(pattern, shared) == byte(pattern - 1, shared) { shared += 1 }
            }
            nodeCount += length(pattern) - shared
        }

        // Node n stands for the patterns runLow[n]..<runHigh[n], which share its first
        // `depth` bytes; nodes are numbered breadth-first, so each node's edges are
        // appended together, in byte order, and the nodes of one depth follow each other.
        var runLow: [Int32] = [0]
        var runHigh: [Int32] = [Int32(bounds.count)]
        var levels: [Int32] = [0]
        var own: [Int32] = []
        var starts: [Int32] = []
        var edgeBytes: [UInt8] = []
        runLow.reserveCapacity(nodeCount)
        runHigh.reserveCapacity(nodeCount)
        own.reserveCapacity(nodeCount)
        starts.reserveCapacity(nodeCount + 1)
        edgeBytes.reserveCapacity(nodeCount - 1)
        var node = 0
        var depth = 0
        // The end of the nodes of `depth`: when the first node after them is reached, every
        // node of `depth` has added its children, which are the nodes of the next depth.
        var levelEnd = 1
        while node < runLow.count {
            if node == levelEnd {
                depth += 1
                levelEnd = runLow.count
                levels.append(Int32(node))
            }
            starts.append(Int32(edgeBytes.count))
            var pattern = Int(runLow[node])
            let high = Int(runHigh[node])
            // Patterns that end here sort first in the run.
            var ends: Int32 = 0
            while pattern < high, length(pattern) == depth {
                ends = Int32(depth)
                pattern += 1
            }
            own.append(ends)
            while pattern < high {
                let label = byte(pattern, depth)
                var next = pattern + 1
                while next < high, byte(next, depth) == label { next += 1 }
                edgeBytes.append(label)
                runLow.append(Int32(pattern))
                runHigh.append(Int32(next))
                pattern = next
            }
            node += 1
        }
        starts.append(Int32(edgeBytes.count))
        // Only the trie's arrays are needed from here on.
        runLow = []
        runHigh = []
        flat = []
        bounds = []
        let nodes = own.count
        edgeStart = starts
        edgeByte = edgeBytes
        let bytes = edgeBytes

        // Failure links in breadth-first order, which is node order; a node's longest match
        // includes its failure's.
        var fail = [Int32](repeating: 0, count: nodes)
        var best = own
        own = []  // `best` is then changed in place, not copied.
        for node in 0..<nodes {
            for index in Int(starts[node])..<Int(starts[node + 1]) {
                let next = index + 1
                guard node != 0 else { continue }
                let byte = bytes[index]
                var state = Int(fail[node])
                while state != 0 && child(of: state, byte, starts, bytes) == nil {
                    state = Int(fail[state])
                }
                let target = child(of: state, byte, starts, bytes) ?? 0
                fail[next] = target == next ? 0 : Int32(target)
                best[next] = max(best[next], best[Int(fail[next])])
            }
        }
        failure = fail
        longest = best
        levelStarts = levels
    }

    /// The depth of `node` (see ``levelStarts``).
    private func depth(of node: Int) -> Int {
        // The first depth whose first node is after `node`, less one.
        var low = 0
        var high = levelStarts.count
        while low < high {
            let middle = (low + high) / 2
            if Int(levelStarts[middle]) <= node { low = middle + 1 } else { high = middle }
        }
        return low - 1
    }

    /// Whether there is nothing to find.
    var isEmpty: Bool { failure.count <= 1 }

    private static let gramHashMultiplier: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// Fills the pre-check's tables from the patterns `flat[bounds[i]]` (none empty).
    private mutating func buildGrams(_ flat: [UInt8], _ bounds: [(start: Int32, end: Int32)]) {
        let shortest = bounds.map { Int($0.end - $0.start) }.min() ?? 0
        gramLength = min(8, shortest)
        guard gramLength > 0 else { return }
        var values: [UInt64] = []
        values.reserveCapacity(bounds.count)
        for bound in bounds {
            var value: UInt64 = 0
            for offset in 0..<gramLength { value |= UInt64(flat[Int(bound.start) + offset]) << UInt64(8 * offset) }
            values.append(value)
        }
        values.sort()
        var distinct: [UInt64] = []
        distinct.reserveCapacity(values.count)
        for value in values where distinct.last != value { distinct.append(value) }
        grams = distinct
        // About 64 bits per gram (a power of two, at most 2^24): one window in ~64 needs
        // the binary search.
        var logBits: UInt64 = 12
        while logBits < 24, (1 << logBits) < distinct.count * 64 { logBits += 1 }
        gramShift = 64 - logBits
        gramBits = [UInt64](repeating: 0, count: 1 << Int(logBits - 6))
        gramPairs = [UInt64](repeating: gramLength < 2 ? ~0 : 0, count: 1 << 10)
        if gramLength >= 2 { gramInnerPairs = [UInt64](repeating: 0, count: 1 << 10) }
        for gram in distinct {
            let hash = Int((gram &* Self.gramHashMultiplier) >> gramShift)
            gramBits[hash >> 6] |= 1 << UInt64(hash & 63)
            let pair = Int(gram & 0xFFFF)
            gramPairs[pair >> 6] |= 1 << UInt64(pair & 63)
            if gramLength >= 2 {
                for offset in 0...(gramLength - 2) {
                    let inner = Int((gram >> UInt64(8 * offset)) & 0xFFFF)
                    gramInnerPairs[inner >> 6] |= 1 << UInt64(inner & 63)
                }
            }
        }
    }

    /// Whether ``spans(in:)`` may find anything in `bytes`. False only when it is certain
    /// to find nothing: no `…` (which may mask a secret's cut-off start) and no window of
    /// ``gramLength`` bytes equal to the start of a secret (every occurrence of a secret
    /// begins with one). The report asks ``Redactor/mayFindSpans(in:)``, which makes the `…`
    /// test in one pass with the URL one; this is the matcher's own contract, and the tests
    /// hold both against it.
    func mayFindSpans(in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if isEmpty { return false }
        // `…` may follow a secret a message clipped.
        if ByteText.contains(UnsafeRawBufferPointer(bytes), Self.ellipsis.0, Self.ellipsis.1, Self.ellipsis.2) {
            return true
        }
        return mayStartSecret(in: bytes)
    }

    /// `…` (U+2026) in UTF-8.
    static var ellipsis: (UInt8, UInt8, UInt8) { (0xE2, 0x80, 0xA6) }

    /// ``mayFindSpans(in:)`` without its `…` test: whether some window of `bytes` is the start
    /// of a secret (always true when there is no gram to test).
    func mayStartSecret(in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard gramLength > 0 else { return true }
        let raw = UnsafeRawBufferPointer(bytes)
        let count = raw.count
        guard count >= gramLength else { return false }
        let mask: UInt64 = gramLength == 8 ? ~0 : (1 << UInt64(8 * gramLength)) - 1
        let shift = gramShift
        let length = gramLength
        return gramPairs.withUnsafeBufferPointer { pairs in
            gramBits.withUnsafeBufferPointer { bits in
                gramInnerPairs.withUnsafeBufferPointer { inner in
                    func isCandidate(_ gram: UInt64) -> Bool {
                        let pair = Int(truncatingIfNeeded: gram & 0xFFFF)
                        guard pairs[pair &>> 6] & (1 &<< UInt64(pair & 63)) != 0 else { return false }
                        let hash = Int(truncatingIfNeeded: (gram &* Self.gramHashMultiplier) &>> shift)
                        return bits[hash &>> 6] & (1 &<< UInt64(hash & 63)) != 0 && hasGram(gram)
                    }
                    var index = 0
                    while index + length <= count {
                        if length >= 2 {
                            // The window's last two bytes: when no gram holds them anywhere, neither
                            // this window nor the next `length - 2` (which hold them too) is a gram.
                            let last = index + length - 2
                            let pair = Int(raw[last]) | Int(raw[last + 1]) << 8
                            if inner[pair &>> 6] & (1 &<< UInt64(pair & 63)) == 0 {
                                index += length - 1
                                continue
                            }
                        }
                        let gram: UInt64
                        if index + 8 <= count {
                            gram = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) & mask
                        } else {
                            // The last windows, with fewer than eight bytes left.
                            var assembled: UInt64 = 0
                            for offset in 0..<length { assembled |= UInt64(raw[index + offset]) << UInt64(8 * offset) }
                            gram = assembled
                        }
                        if isCandidate(gram) { return true }
                        index += 1
                    }
                    return false
                }
            }
        }
    }

    /// Whether `gram` is the start of some secret (binary search in ``grams``).
    private func hasGram(_ gram: UInt64) -> Bool {
        var low = 0
        var high = grams.count
        while low < high {
            let middle = (low + high) / 2
            if grams[middle] == gram { return true }
            if grams[middle] < gram { low = middle + 1 } else { high = middle }
        }
        return false
    }

    /// Whether `secret` is empty or only whitespace; an ASCII first byte that is not
    /// whitespace (almost every secret) answers without Unicode property tables.
    static func isBlank(_ secret: String) -> Bool {
        if let first = secret.utf8.first, first < 0x80, !(first == 0x20 || (0x09...0x0D).contains(first)) {
            return false
        }
        return secret.unicodeScalars.allSatisfy(\.properties.isWhitespace)
    }

    /// The sorted, disjoint spans of `bytes` covered by some secret, or by the start of one
    /// cut short by an ellipsis.
    ///
    /// Rules clip long values they quote (`"Zq8pW2xYvB…"`), and a clipped secret is no
    /// longer the secret. Before each `…` (U+2026), the automaton's state is the longest
    /// text ending there that begins some secret; when that is at least
    /// ``Redactor/minimumSecretLength`` bytes, it is masked too.
    func spans(in bytes: [UInt8]) -> [ByteSpan] {
        if isEmpty { return [] }
        var result: [ByteSpan] = []
        var state = 0
        for (offset, byte) in bytes.enumerated() {
            if byte == 0xE2, offset + 2 < bytes.count, bytes[offset + 1] == 0x80, bytes[offset + 2] == 0xA6 {
                let prefix = depth(of: state)
                if prefix >= Redactor.minimumSecretLength {
                    var span = ByteSpan(start: offset - prefix, end: offset)
                    while let last = result.last, last.end >= span.start {
                        span.start = min(span.start, last.start)
                        result.removeLast()
                    }
                    result.append(span)
                }
            }
            while state != 0 && child(of: state, byte, edgeStart, edgeByte) == nil {
                state = Int(failure[state])
            }
            state = child(of: state, byte, edgeStart, edgeByte) ?? 0
            let length = Int(longest[state])
            if length == 0 { continue }
            // Matches arrive in order of their end, so merging with the tail of the list
            // keeps it sorted and disjoint (amortised constant time per match).
            var span = ByteSpan(start: offset + 1 - length, end: offset + 1)
            while let last = result.last, last.end >= span.start {
                span.start = min(span.start, last.start)
                result.removeLast()
            }
            result.append(span)
        }
        return result
    }
}

/// The node the edge of `node` labelled `byte` leads to (edge `i` leads to node `i + 1`), by
/// binary search over the node's sorted edges.
private func child(of node: Int, _ byte: UInt8, _ starts: [Int32], _ bytes: [UInt8]) -> Int? {
    var low = Int(starts[node])
    var high = Int(starts[node + 1])
    while low < high {
        let middle = (low + high) / 2
        let value = bytes[middle]
        if value == byte { return middle + 1 }
        if value < byte { low = middle + 1 } else { high = middle }
    }
    return nil
}

/// Finds the password of each `user:password@host` userinfo in URLs.
///
/// oslo.messaging transport URLs list several hosts, each with its own userinfo:
/// `rabbit://user:pass@host1:5672,user:pass@host2:5672/vhost` (oslo.messaging
/// `oslo_messaging/transport.py`, `TransportURL.parse`; Kolla-Ansible builds
/// `rpc_transport_url` this way in `ansible/group_vars/all.yml`). Kolla's generated
/// passwords are alphanumeric, but operators write their own, so a password may contain
/// `@`, `,`, `/` or `:`; the scan leans towards masking too much rather than too little:
/// - the host part is what follows the *last* `@` of a comma segment;
/// - a comma ends a segment only after that segment's `@`, so `user:pa,ss@host` is one
///   segment (a host without userinfo before it is then masked as part of the password);
/// - `/`, `?` and `#` end the authority only after an `@`, so `user:pa/ss@host` is read
///   whole;
/// - the URL ends at whitespace, a control character, a quote or `<`/`>`.
package enum URLPasswordScanner {
    /// Whether `bytes` hold `://`: without it ``passwordSpans(in:)`` finds nothing.
    package static func mayHavePassword(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        ByteText.contains(UnsafeRawBufferPointer(bytes), scheme.0, scheme.1, scheme.2)
    }

    /// `://`, which every URL this scanner reads holds.
    static var scheme: (UInt8, UInt8, UInt8) { (UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "/")) }

    /// The sorted, disjoint spans of the passwords (the bytes between the userinfo's first
    /// `:` and its `@`); empty passwords give no span.
    package static func passwordSpans(in bytes: [UInt8]) -> [ByteSpan] {
        var spans: [ByteSpan] = []
        bytes.withUnsafeBufferPointer { buffer in forEachPasswordSpan(in: buffer) { spans.append($0) } }
        return spans
    }

    /// Calls `body` with each span ``passwordSpans(in:)`` gives, in order, without making
    /// the list (secrets are collected from every URL of every file of a fleet).
    package static func forEachPasswordSpan(in bytes: UnsafeBufferPointer<UInt8>, _ body: (ByteSpan) -> Void) {
        var index = 0
        let count = bytes.count
        while index + 2 < count {
            guard bytes[index] == UInt8(ascii: ":"), bytes[index + 1] == UInt8(ascii: "/"),
                bytes[index + 2] == UInt8(ascii: "/")
            else {
                index += 1
                continue
            }
            // The scan resumes where the URL stopped, so every byte is visited a bounded
            // number of times even for text such as `a://b://c://…`.
            index = scanAuthority(bytes, from: index + 3, body)
        }
    }

    /// Scans one URL's authority starting at `start`; returns where scanning stopped.
    private static func scanAuthority(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, _ body: (ByteSpan) -> Void
    ) -> Int {
        var segmentStart = start
        var lastAt: Int? = nil
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if endsURL(byte) { break }
            switch byte {
            case UInt8(ascii: "@"):
                lastAt = index
            case UInt8(ascii: ","):
                if let at = lastAt {
                    addPassword(bytes, userinfo: segmentStart..<at, body)
                    segmentStart = index + 1
                    lastAt = nil
                }
            case UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"):
                if let at = lastAt {
                    addPassword(bytes, userinfo: segmentStart..<at, body)
                    return index
                }
            default:
                break
            }
            index += 1
        }
        if let at = lastAt {
            addPassword(bytes, userinfo: segmentStart..<at, body)
        }
        return index
    }

    /// Gives `body` the password part of `userinfo` (after its first `:`), if non-empty.
    private static func addPassword(
        _ bytes: UnsafeBufferPointer<UInt8>, userinfo: Range<Int>, _ body: (ByteSpan) -> Void
    ) {
        guard let colon = bytes[userinfo].firstIndex(of: UInt8(ascii: ":")) else { return }
        let span = ByteSpan(start: colon + 1, end: userinfo.upperBound)
        if span.start < span.end { body(span) }
    }

    /// Bytes that cannot be part of a URL as written in a config value or a message.
    private static func endsURL(_ byte: UInt8) -> Bool {
        switch byte {
        case 0...0x20, 0x7F: true
        case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"), UInt8(ascii: "<"), UInt8(ascii: ">"): true
        default: false
        }
    }
}

extension Redactor {
    /// `value` with every string value redacted (object keys, which are names the report
    /// chose, are kept). Redact a JSON document this way *before* rendering it: once
    /// rendered, a secret holding `"` or `\` is escaped and no longer matches, and a URL
    /// password is cut at the escaping backslash.
    public func redact(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): .string(redact(text))
        case .array(let items): .array(items.map { redact($0) })
        case .object(let members): .object(members.map { ($0.0, redact($0.1)) })
        case .null, .bool, .int: value
        }
    }
}
