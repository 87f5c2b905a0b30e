import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders

/// The parsed content of one file.
public enum LoadedContent: Sendable {
    case yaml([YAMLNode])
    case ini(INIDocument)
    case haproxy(HAProxyConfig)
    case inventory(Inventory)
    case rabbitmqConf(RabbitMQConf)
    /// Recognised but not parsed (Erlang `advanced.config`, `rabbitmq-env.conf`).
    case opaque
    /// Could not be read or parsed at all; the diagnostics say why.
    case unavailable
}

/// A file after loading: display path, role, content and what went wrong.
public struct LoadedFile: Sendable {
    /// Absolute path.
    public var path: String
    /// Path as shown to the user.
    public var displayPath: String
    /// Role in its tree.
    public var role: FileRole
    /// Parsed content.
    public var content: LoadedContent
    /// Problems (RMQ001).
    public var diagnostics: [LoadDiagnostic]
}

/// Reads and parses each file exactly once per run, whatever number of trees or
/// roles it appears under (docs/spec.md §9).
public final class FileLoader: @unchecked Sendable {
    // Used from one thread at a time by the linter; the class exists for its cache.
    private let fileSystem: any FileSystem
    private let maxFileSize: Int
    private var cache: [String: (text: String?, diagnostics: [LoadDiagnostic])] = [:]
    private var parsed: [String: LoadedFile] = [:]

    /// Creates a loader over `fileSystem`, refusing files above `maxFileSize` bytes.
    public init(fileSystem: any FileSystem, maxFileSize: Int) {
        self.fileSystem = fileSystem
        self.maxFileSize = maxFileSize
    }

    /// Number of distinct files read so far.
    public var filesRead: Int { cache.count }

    /// The decoded text of a file already loaded, without reading it again; `nil` when it
    /// was never loaded or could not be read.
    public func text(ofPath path: String) -> String? {
        cache[path]?.text ?? nil
    }

    /// The display path of an absolute path.
    public func displayPath(_ path: String) -> String {
        PathUtilities.display(path, currentDirectory: fileSystem.currentDirectory)
    }

    /// A directory as its files are displayed: "." for the current directory (which
    /// ``displayPath(_:)`` shows absolute, while the files under it show relative).
    public func displayDirectory(_ path: String) -> String {
        path == fileSystem.currentDirectory ? "." : displayPath(path)
    }

    /// Loads `file` (from the cache when already loaded with the same format).
    public func load(_ file: TreeFile) -> LoadedFile {
        let format = file.role.format
        let key = "\(format.rawValue)\u{0}\(file.path)"
        if var cached = parsed[key] {
            cached.role = file.role
            return cached
        }
        let display = displayPath(file.path)
        let (text, readDiagnostics) = readText(file.path, display: display)
        var diagnostics = readDiagnostics
        var content = LoadedContent.unavailable
        if let text {
            switch format {
            case .yaml, .json:
                var limits = YAMLLimits.default
                // Kolla renders RabbitMQ overrides with Ansible's `template` (text) before
                // RabbitMQ parses them [KA `ansible/roles/rabbitmq/tasks/config.yml`].
                if case .rabbitmqOverride = file.role { limits.acceptsBareJinja = true }
                let result = YAMLLoader.load(text, path: display, limits: limits)
                diagnostics += result.diagnostics
                content = result.diagnostics.isEmpty || !result.documents.isEmpty ? .yaml(result.documents) : .unavailable
            case .ini:
                let result = INILoader.parse(text, path: display)
                diagnostics += result.diagnostics
                content = .ini(result.document)
            case .haproxy:
                let result = HAProxyLoader.parse(text, path: display)
                diagnostics += result.diagnostics
                content = .haproxy(result.config)
            case .inventory:
                let result = InventoryLoader.parse(text, path: display)
                diagnostics += result.diagnostics
                content = .inventory(result.inventory)
            case .rabbitmqConf:
                let result = RabbitMQConfLoader.parse(text, path: display)
                diagnostics += result.diagnostics
                content = .rabbitmqConf(result.conf)
            case .opaque:
                content = .opaque
            }
        }
        let loaded = LoadedFile(path: file.path, displayPath: display, role: file.role, content: content, diagnostics: diagnostics)
        parsed[key] = loaded
        return loaded
    }

    private func readText(_ path: String, display: String) -> (String?, [LoadDiagnostic]) {
        if let cached = cache[path] { return (cached.text, []) }
        let result: (String?, [LoadDiagnostic])
        switch fileSystem.readFile(path, limit: maxFileSize) {
        case .success(let bytes):
            switch SourceText.decode(bytes, path: display) {
            case .success(let text): result = (text, [])
            case .failure(let diagnostic): result = (nil, [diagnostic])
            }
        case .failure(.tooLarge(let size, let limit)):
            result = (nil, [LoadDiagnostic(
                "file too large (\(size) bytes, limit \(limit)): skipped", at: .wholeFile(display))])
        case .failure(.unreadable(let reason)):
            result = (nil, [LoadDiagnostic("cannot read file: \(reason)", at: .wholeFile(display))])
        }
        cache[path] = (result.0, result.1)
        return result
    }
}
