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
    /// `advanced.config` or classic `rabbitmq.config`.
    case erlangTerms(ErlangTermDocument)
    /// `rabbitmq-env.conf`.
    case rabbitmqEnv(RabbitMQEnv)
    /// Recognised but not parsed.
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

    /// `text` with every `{% … %}` and `{# … #}` replaced by spaces (line breaks kept).
    static func blankingJinjaStatements(_ text: String) -> String {
        guard text.contains("{%") || text.contains("{#") else { return text }
        var bytes = Array(text.utf8)
        var index = 0
        while index + 1 < bytes.count {
            guard bytes[index] == 0x7B, bytes[index + 1] == 0x25 || bytes[index + 1] == 0x23 else {
                index += 1
                continue
            }
            let closing = bytes[index + 1]
            var end = index + 2
            while end + 1 < bytes.count, !(bytes[end] == closing && bytes[end + 1] == 0x7D) { end += 1 }
            let stop = min(bytes.count, end + 2)
            for position in index..<stop where bytes[position] != 0x0A { bytes[position] = 0x20 }
            index = stop
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Files read but recognised as nothing rmqlint reads, with the reason.
    public private(set) var skippedFiles: [SkippedFile] = []

    /// Whether a role's oslo.config kind is a guess from a name (not one of the names Kolla's
    /// merge_configs chain reads for certain: `global.conf`, `<project>.conf`, rendered configs).
    static func isGuessedOslo(_ role: FileRole) -> Bool {
        switch role {
        case .looseOslo, .osloOverride(.unrecognised), .osloOverride(.service), .osloOverride(.hostService): true
        default: false
        }
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
                let source = file.renderedByWrapper ? WrapperTemplateText.prepare(text) : text
                // definitions.json is JSON to RabbitMQ: check it strictly first (docs/spec.md §10.2); the
                // YAML loader then reads the values with their locations.
                if format == .json,
                   let problem = StrictJSON.firstError(text, maskingJinja: limits.acceptsBareJinja) {
                    diagnostics.append(LoadDiagnostic(
                        problem.message, at: SourceLocation(path: display, line: problem.line, column: problem.column)))
                    content = .unavailable
                    break
                }
                // `{% … %}` / `{# … #}` of a templated definitions.json render to nothing known:
                // blanked (same columns and lines) so the values around them are read.
                let yamlSource = format == .json && limits.acceptsBareJinja ? Self.blankingJinjaStatements(source) : source
                let result = YAMLLoader.load(yamlSource, path: display, limits: limits)
                diagnostics += result.diagnostics
                content = result.diagnostics.isEmpty || !result.documents.isEmpty ? .yaml(result.documents) : .unavailable
            case .ini:
                // Kayobe renders its kolla/config files first: its `{% raw %}` markers are gone
                // when Kolla renders the file again (docs/spec.md §10.2).
                let result = INILoader.parse(file.renderedByWrapper ? WrapperTemplateText.removingRawMarkers(text) : text, path: display)
                if !result.diagnostics.isEmpty, result.document.sections.isEmpty, Self.isGuessedOslo(file.role) {
                    // Not oslo.config INI at all (no [section]: dnsmasq, Apache, shell): a file whose
                    // kind was only guessed from its name is skipped, never a flood of RMQ001 (docs/spec.md §10.2).
                    skippedFiles.append(SkippedFile(path: display, reason: "not an oslo.config INI file (no [section])"))
                    content = .unavailable
                } else if Self.isGuessedOslo(file.role), file.role.isLooseOrUnrecognisedOslo, let first = result.diagnostics.first {
                    // A guessed file produces at most one RMQ001.
                    let more = result.diagnostics.count - 1
                    diagnostics.append(more == 0 ? first : LoadDiagnostic(
                        first.message + " (and \(more) more problem\(more == 1 ? "" : "s") in this file)", at: first.location))
                    content = .ini(result.document)
                } else {
                    diagnostics += result.diagnostics
                    content = .ini(result.document)
                }
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
            case .erlangTerms:
                // Overrides are Ansible templates; rendered and collected files are plain Erlang.
                var jinja = false
                if case .rabbitmqOverride = file.role { jinja = true }
                let result = ErlangTermLoader.parse(text, path: display, jinja: jinja)
                diagnostics += result.diagnostics
                content = result.diagnostics.isEmpty ? .erlangTerms(result.document) : .unavailable
            case .rabbitmqEnv:
                let result = RabbitMQEnvLoader.parse(text, path: display)
                diagnostics += result.diagnostics
                content = .rabbitmqEnv(result.env)
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

extension FileRole {
    /// An oslo INI file whose kind comes from its name alone.
    var isLooseOrUnrecognisedOslo: Bool {
        switch self {
        case .looseOslo, .osloOverride(.unrecognised): true
        default: false
        }
    }
}
