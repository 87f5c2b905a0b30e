/// What a path names, after following symbolic links.
public enum FileKind: Sendable, Equatable {
    /// A regular file.
    case regular
    /// A directory.
    case directory
    /// A FIFO, socket or device: never opened (reading one could block forever).
    case special
}

/// Why a file could not be read.
public enum FileReadError: Error, Sendable, Equatable {
    /// The file is larger than the configured limit.
    case tooLarge(size: Int, limit: Int)
    /// The operating system refused (permission denied, I/O error…).
    case unreadable(reason: String)
}

/// The file-system operations discovery and loading need. Paths are absolute and
/// normalised (no `.`/`..` components, no trailing slash).
///
/// `LocalFileSystem` reads the disk; `InMemoryFileSystem` serves rule examples and
/// tests, so both go through exactly the same discovery and loading code.
public protocol FileSystem: Sendable {
    /// The directory relative paths are resolved against.
    var currentDirectory: String { get }
    /// What `path` names, following symbolic links; `nil` if nothing (or a dangling link).
    func kind(of path: String) -> FileKind?
    /// The entry names of a directory, in no particular order (callers sort).
    func contentsOfDirectory(_ path: String) -> [String]?
    /// A stable identity for a directory (device and inode on disk), used to detect
    /// symbolic-link loops; `nil` if unknown.
    func identity(of path: String) -> String?
    /// The bytes of a regular file, refusing files larger than `limit` bytes.
    func readFile(_ path: String, limit: Int) -> Result<[UInt8], FileReadError>
    /// The entries of a directory with what each names, as `kind(of:)` tells it, in no
    /// particular order; `nil` when `contentsOfDirectory` is `nil`. The disk answers from
    /// the listing itself where it can (no `stat` per entry).
    func directoryEntries(_ path: String) -> [(name: String, kind: FileKind?)]?
    /// ``identity(of:)`` and ``directoryEntries(_:)`` of a directory together: the disk
    /// answers both from one opening of it (no `stat` of its path).
    func directoryListing(_ path: String) -> (identity: String?, entries: [(name: String, kind: FileKind?)]?)
}

extension FileSystem {
    /// ``identity(of:)`` and ``directoryEntries(_:)``, asked one after the other.
    public func directoryListing(_ path: String) -> (identity: String?, entries: [(name: String, kind: FileKind?)]?) {
        (identity(of: path), directoryEntries(path))
    }

    /// ``contentsOfDirectory(_:)`` with ``kind(of:)`` of each entry.
    public func directoryEntries(_ path: String) -> [(name: String, kind: FileKind?)]? {
        contentsOfDirectory(path)?.map { ($0, kind(of: PathUtilities.join(path, $0))) }
    }
}

/// Pure path arithmetic on absolute, slash-separated paths.
public enum PathUtilities {
    /// Makes `path` absolute against `base` and removes `.`, `..` and repeated slashes.
    public static func normalize(_ path: String, relativeTo base: String) -> String {
        let joined = path.hasPrefix("/") ? path : base + "/" + path
        // Reports normalise every fix's path: most are already normal, and are returned as they are.
        return isNormalASCII(joined) ? joined : normalizedByComponents(joined)
    }

    /// `path` with `.`, `..` and empty components removed, component by component (the
    /// general path of `normalize`).
    static func normalizedByComponents(_ joined: String) -> String {
        var parts: [Substring] = []
        for part in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Whether `normalize` would return `path` itself: an ASCII path that starts with `/` and
    /// has no empty, `.` or `..` component (other than the root's own slash). Non-ASCII paths
    /// take the general path, where a combining mark after `/` joins it to another character.
    static func isNormalASCII(_ path: String) -> Bool {
        var componentLength = 0, dots = 0, first = true
        for byte in path.utf8 {
            if byte >= 0x80 { return false }
            if byte == UInt8(ascii: "/") {
                if first {
                    first = false
                } else if componentLength == 0 || componentLength == dots && dots <= 2 {
                    return false
                }
                componentLength = 0
                dots = 0
                continue
            }
            if first { return false }
            componentLength += 1
            if byte == UInt8(ascii: ".") { dots += 1 }
        }
        if first { return false }
        // The last component: "/" alone is normal; a trailing slash, "." or ".." is not.
        if componentLength == 0 { return path.utf8.count == 1 }
        return !(componentLength == dots && dots <= 2)
    }

    /// The parent directory of an absolute path (`/` for `/`).
    public static func parent(_ path: String) -> String {
        guard let slash = lastSlash(path), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    /// The last component of a path.
    public static func basename(_ path: String) -> String {
        guard let slash = lastSlash(path) else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `path.lastIndex(of: "/")`, found on the bytes from the end (discovery asks this of every
    /// path it meets): the last `/` byte is the last `/` character when the bytes either side of
    /// it are ASCII, as no combining mark follows it and no prepended mark comes before it. A
    /// non-ASCII byte met first, or beside the slash, sends the path to the search by characters.
    private static func lastSlash(_ path: String) -> String.Index? {
        let bytes = path.utf8
        var index = bytes.endIndex
        while index != bytes.startIndex {
            bytes.formIndex(before: &index)
            let byte = bytes[index]
            if byte >= 0x80 { return path.lastIndex(of: "/") }
            guard byte == UInt8(ascii: "/") else { continue }
            if index != bytes.startIndex, bytes[bytes.index(before: index)] >= 0x80 { return path.lastIndex(of: "/") }
            return index
        }
        return nil
    }

    /// `base/name`, for an absolute `base`.
    public static func join(_ base: String, _ name: String) -> String {
        base == "/" ? "/" + name : base + "/" + name
    }

    /// `path` relative to `root` if it lies below it (`nil` otherwise).
    public static func relative(_ path: String, to root: String) -> String? {
        if path == root { return "" }
        // "." is the current directory, under which display paths are plain relative paths.
        if root == "." { return path.hasPrefix("/") || path == ".." || path.hasPrefix("../") ? nil : path }
        let prefix = root == "/" ? "/" : root + "/"
        guard path.hasPrefix(prefix) else { return nil }
        return String(path.dropFirst(prefix.count))
    }

    /// The path to show a user: relative to `currentDirectory` when below it,
    /// otherwise absolute.
    public static func display(_ path: String, currentDirectory: String) -> String {
        if let relative = relative(path, to: currentDirectory), !relative.isEmpty { return relative }
        return path
    }
}
