/// A file system held in memory: rule examples and tests run the real pipeline on it.
public struct InMemoryFileSystem: FileSystem {
    public let currentDirectory: String
    private var files: [String: [UInt8]] = [:]
    private var directories: Set<String> = ["/"]

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
            current = PathUtilities.parent(current)
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
        addDirectory(PathUtilities.parent(absolute))
        files[absolute] = bytes
    }

    public func kind(of path: String) -> FileKind? {
        if files[path] != nil { return .regular }
        if directories.contains(path) { return .directory }
        return nil
    }

    public func contentsOfDirectory(_ path: String) -> [String]? {
        guard directories.contains(path) else { return nil }
        var names: Set<String> = []
        for candidate in files.keys where PathUtilities.parent(candidate) == path {
            names.insert(PathUtilities.basename(candidate))
        }
        for candidate in directories where candidate != "/" && PathUtilities.parent(candidate) == path {
            names.insert(PathUtilities.basename(candidate))
        }
        return Array(names)
    }

    public func identity(of path: String) -> String? { path }

    public func readFile(_ path: String, limit: Int) -> Result<[UInt8], FileReadError> {
        guard let bytes = files[path] else { return .failure(.unreadable(reason: "no such file")) }
        if bytes.count > limit { return .failure(.tooLarge(size: bytes.count, limit: limit)) }
        return .success(bytes)
    }
}
