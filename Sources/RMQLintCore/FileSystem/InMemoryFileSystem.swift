/// A file system held in memory: rule examples and tests run the real pipeline on it.
public struct InMemoryFileSystem: FileSystem {
    public let currentDirectory: String
    private var files: [String: [UInt8]] = [:]
    private var directories: Set<String> = ["/"]
    /// Entry names by directory, so listing a directory costs its own size, not the
    /// whole tree's (tests build trees of 100,000 files).
    private var entries: [String: Set<String>] = [:]

    /// Creates a file system whose working directory is `currentDirectory` (created).
    public init(currentDirectory: String = "/work") {
        self.currentDirectory = currentDirectory
        addDirectory(currentDirectory)
    }

    /// Adds a directory and its parents.
    public mutating func addDirectory(_ path: String) {
        var current = PathUtilities.normalize(path, relativeTo: currentDirectory)
        while !directories.contains(current) {
            directories.insert(current)
            let parent = PathUtilities.parent(current)
            entries[parent, default: []].insert(PathUtilities.basename(current))
            current = parent
        }
    }

    /// Adds (or replaces) a file, creating its parent directories. Relative paths are
    /// resolved against the working directory.
    public mutating func addFile(_ path: String, contents: String) {
        addFile(path, bytes: Array(contents.utf8))
    }

    /// Adds (or replaces) a file with raw bytes.
    public mutating func addFile(_ path: String, bytes: [UInt8]) {
        let absolute = PathUtilities.normalize(path, relativeTo: currentDirectory)
        let parent = PathUtilities.parent(absolute)
        addDirectory(parent)
        files[absolute] = bytes
        entries[parent, default: []].insert(PathUtilities.basename(absolute))
    }

    public func kind(of path: String) -> FileKind? {
        if files[path] != nil { return .regular }
        if directories.contains(path) { return .directory }
        return nil
    }

    public func contentsOfDirectory(_ path: String) -> [String]? {
        guard directories.contains(path) else { return nil }
        return Array(entries[path] ?? [])
    }

    public func identity(of path: String) -> String? { path }

    public func readFile(_ path: String, limit: Int) -> Result<[UInt8], FileReadError> {
        guard let bytes = files[path] else { return .failure(.unreadable(reason: "no such file")) }
        if bytes.count > limit { return .failure(.tooLarge(size: bytes.count, limit: limit)) }
        return .success(bytes)
    }
}
