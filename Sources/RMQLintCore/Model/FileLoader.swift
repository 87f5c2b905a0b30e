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
    /// Settings of a rendered oslo.config file left out of `content` (outside what the
    /// model reads, see ``FileLoader``) whose key names a secret or whose value holds a URL:
    /// the secret collector still needs them. The pipeline empties this once it has.
    public var withheldSettings: [INIWithheldSetting] = []
}

/// One file's text, read once whatever the number of formats it is parsed in, or why it
/// could not be read.
public struct FileSource: Sendable {
    /// Absolute path.
    public var path: String
    /// Path as shown to the user.
    public var displayPath: String
    /// The text's UTF-8 bytes (byte-order mark dropped, UTF-16 transcoded); `nil` when the
    /// file could not be read or is not text.
    public var utf8: [UInt8]?
    /// Why it could not be read or is not text.
    public var diagnostics: [LoadDiagnostic]
}

/// Reads and parses files. Holds no state but the strings its INI documents share (a
/// thread-safe ``INIStringTable``), so files load on several threads at once; the pipeline
/// (``Linter``) reads each path once and parses it once per format (docs/spec.md §9).
///
/// Of a rendered oslo.config file (a fleet has thousands) the document keeps only the
/// sections and keys the model reads (``EffectiveServiceConfig/isModelled(section:key:)``);
/// the settings it leaves out that may hold a secret travel in ``LoadedFile/withheldSettings``
/// until the secrets are collected. The section names, keys and values every file repeats
/// are held once.
public struct FileLoader: Sendable {
    private let fileSystem: any FileSystem
    private let maxFileSize: Int
    private let iniStrings = INIStringTable()

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

    /// Whether a role's oslo.config kind is a guess from a name (not one of the names Kolla's
    /// merge_configs chain reads for certain: `global.conf`, `<project>.conf`, rendered configs).
    static func isGuessedOslo(_ role: FileRole) -> Bool {
        switch role {
        case .looseOslo, .osloOverride(.unrecognised), .osloOverride(.service), .osloOverride(.hostService): true
        default: false
        }
    }

    /// What a rendered oslo.config file keeps: the modelled sections, and in `DEFAULT` the
    /// modelled keys.
    static let renderedOsloFilter: INISectionFilter = { name in
        if name == "DEFAULT" { return .keys(EffectiveServiceConfig.modelledDefaultKeys) }
        return EffectiveServiceConfig.isModelled(section: name) ? .all : .none
    }

    /// ``renderedOsloFilter`` of an ASCII name's bytes (``EffectiveServiceConfig/isModelled(sectionUTF8:)``).
    static let renderedOsloByteFilter: INISectionByteFilter = { name in
        guard let modelled = EffectiveServiceConfig.isModelled(sectionUTF8: name) else { return nil }
        if !modelled { return INISectionKeep.none }
        return EffectiveServiceConfig.isDefaultSection(utf8: name) ? .keys(EffectiveServiceConfig.modelledDefaultKeys) : .all
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

    /// Reads `path` and checks that it is text.
    public func read(_ path: String) -> FileSource {
        let display = displayPath(path)
        switch fileSystem.readFile(path, limit: maxFileSize) {
        case .success(let bytes):
            switch SourceText.decodeUTF8(bytes, path: display) {
            case .success(let text): return FileSource(path: path, displayPath: display, utf8: text, diagnostics: [])
            case .failure(let diagnostic): return FileSource(path: path, displayPath: display, utf8: nil, diagnostics: [diagnostic])
            }
        case .failure(.tooLarge(let size, let limit)):
            return FileSource(path: path, displayPath: display, utf8: nil, diagnostics: [LoadDiagnostic(
                "file too large (\(size) bytes, limit \(limit)): skipped", at: .wholeFile(display))])
        case .failure(.unreadable(let reason)):
            return FileSource(path: path, displayPath: display, utf8: nil, diagnostics: [
                LoadDiagnostic("cannot read file: \(reason)", at: .wholeFile(display))])
        }
    }

    /// Parses `file` in the format of its role from `source` (its text, see ``read(_:)``).
    /// The read problems are part of the result when `withReadDiagnostics` (the first
    /// format a path is parsed in carries them). A file whose kind was only guessed and is
    /// not that kind at all comes back `.unavailable` with the reason it is skipped.
    /// `modelledOnly` lets a rendered oslo.config file keep only what the model reads (the
    /// caller knows it appears under no other role).
    public func load(
        _ file: TreeFile, from source: FileSource, withReadDiagnostics: Bool = true, modelledOnly: Bool = false
    ) -> (file: LoadedFile, skipped: SkippedFile?) {
        let format = file.role.format
        let display = source.displayPath
        var diagnostics = withReadDiagnostics ? source.diagnostics : []
        var content = LoadedContent.unavailable
        var withheld: [INIWithheldSetting] = []
        var skipped: SkippedFile?
        if let bytes = source.utf8 {
            let text = format == .ini || format == .opaque ? "" : String(decoding: bytes, as: UTF8.self)
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
                let iniBytes = file.renderedByWrapper
                    ? Array(WrapperTemplateText.removingRawMarkers(String(decoding: bytes, as: UTF8.self)).utf8) : bytes
                // Rendered configs keep what the model reads (see the type's comment).
                let filtered = modelledOnly && file.role.isRenderedOslo
                let result = INILoader.parse(
                    utf8: iniBytes, path: display, filter: filtered ? Self.renderedOsloFilter : nil,
                    byteFilter: filtered ? Self.renderedOsloByteFilter : nil, strings: iniStrings)
                withheld = result.withheld
                if !result.diagnostics.isEmpty, result.document.sections.isEmpty, Self.isGuessedOslo(file.role) {
                    // Not oslo.config INI at all (no [section]: dnsmasq, Apache, shell): a file whose
                    // kind was only guessed from its name is skipped, never a flood of RMQ001 (docs/spec.md §10.2).
                    skipped = SkippedFile(path: display, reason: "not an oslo.config INI file (no [section])")
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
        let loaded = LoadedFile(
            path: file.path, displayPath: display, role: file.role, content: content, diagnostics: diagnostics,
            withheldSettings: withheld)
        return (loaded, skipped)
    }
}

extension FileRole {
    /// A rendered service config collected from a host.
    public var isRenderedOslo: Bool {
        if case .renderedOslo = self { return true }
        return false
    }

    /// An oslo INI file whose kind comes from its name alone.
    var isLooseOrUnrecognisedOslo: Bool {
        switch self {
        case .looseOslo, .osloOverride(.unrecognised): true
        default: false
        }
    }
}
