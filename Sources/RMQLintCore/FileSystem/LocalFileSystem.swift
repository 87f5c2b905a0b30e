#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The real disk, read with POSIX calls: no Foundation file APIs, so special files are
/// recognised *before* anything opens them and nothing ever blocks on a FIFO.
public struct LocalFileSystem: FileSystem {
    public let currentDirectory: String

    /// Creates a view of the disk rooted at the process's working directory.
    public init() {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        if getcwd(&buffer, buffer.count) != nil {
            currentDirectory = PathUtilities.normalize(
                String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self),
                relativeTo: "/")
        } else {
            currentDirectory = "/"
        }
    }

    public func kind(of path: String) -> FileKind? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        default: return .special
        }
    }

    public func contentsOfDirectory(_ path: String) -> [String]? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> String in
                let bytes = raw.prefix { $0 != 0 }
                return String(decoding: bytes, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        return names
    }

    public func directoryEntries(_ path: String) -> [(name: String, kind: FileKind?)]? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        return entries(of: directory, at: path)
    }

    public func directoryListing(_ path: String) -> (identity: String?, entries: [(name: String, kind: FileKind?)]?) {
        // Unreadable directories still have an identity (as `identity(of:)` gives it).
        guard let directory = path.withCString({ opendir($0) }) else { return (identity(of: path), nil) }
        defer { closedir(directory) }
        // The open directory's own status: the same device and inode `stat` of its path
        // gives (links followed), without resolving the path again.
        var info = stat()
        let identity = fstat(dirfd(directory), &info) == 0 ? "\(info.st_dev):\(info.st_ino)" : identity(of: path)
        return (identity, entries(of: directory, at: path))
    }

    /// The entries of an open directory (see ``directoryEntries(_:)``).
    private func entries(of directory: OpaquePointer, at path: String) -> [(name: String, kind: FileKind?)] {
        var entries: [(name: String, kind: FileKind?)] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> String in
                let bytes = raw.prefix { $0 != 0 }
                return String(decoding: bytes, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            // The listing's type, when it gives one; links (followed) and unknown types are asked.
            let kind: FileKind?
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): kind = .regular
            case Int32(DT_DIR): kind = .directory
            case Int32(DT_FIFO), Int32(DT_SOCK), Int32(DT_CHR), Int32(DT_BLK): kind = .special
            default: kind = self.kind(of: PathUtilities.join(path, name))
            }
            entries.append((name, kind))
        }
        return entries
    }

    public func identity(of path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return "\(info.st_dev):\(info.st_ino)"
    }

    public func readFile(_ path: String, limit: Int) -> Result<[UInt8], FileReadError> {
        // O_NONBLOCK: if the path was swapped for a FIFO after `kind(of:)`, open must not hang.
        // `withCString`: the path's own bytes (a `String` passed as a C string is copied first).
        let descriptor = path.withCString { path in open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC) }
        guard descriptor >= 0 else { return .failure(.unreadable(reason: Self.errorText(errno))) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(.unreadable(reason: Self.errorText(errno))) }
        guard info.st_mode & S_IFMT == S_IFREG else { return .failure(.unreadable(reason: "not a regular file")) }
        let size = Int(info.st_size)
        if size > limit { return .failure(.tooLarge(size: size, limit: limit)) }
        // Read straight into the array's storage: no zero-filling, no copy afterwards.
        var failure: Int32?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var total = 0
            while total < size, let base = buffer.baseAddress {
                let count = read(descriptor, base + total, size - total)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if count == 0 { break }
                total += count
            }
            initialized = total
        }
        if let failure { return .failure(.unreadable(reason: Self.errorText(failure))) }
        return .success(bytes)
    }

    private static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text).lowercased()
    }
}
