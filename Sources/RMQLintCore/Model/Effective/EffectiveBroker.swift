import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders

/// The form a broker setting is written in (spec §10.4: rules read every form).
public enum BrokerConfigForm: String, Sendable, Hashable {
    /// A `key = value` line of `rabbitmq.conf` (the operator's file, or Kolla's template).
    case rabbitmqConf = "rabbitmq.conf"
    /// An `advanced.config` term (merged over rabbitmq.conf by RabbitMQ).
    case advancedConfig = "advanced.config"
    /// A term of the classic Erlang-term `rabbitmq.config`.
    case classicConfig = "rabbitmq.config"
    /// `-kernel net_ticktime N` and the like in the Erlang VM arguments
    /// (`RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS`, Kolla's `rabbitmq_server_additional_erl_args`).
    case erlangArguments = "Erlang arguments"
}

/// One broker setting, keyed by its `rabbitmq.conf` name whatever form wrote it
/// (`cluster_partition_handling`, `net_ticktime`, `management.load_definitions`,
/// `listeners.tcp.1`, `tcp_listen_options.keepalive`).
public struct BrokerSetting: Sendable {
    /// The rabbitmq.conf key.
    public var key: String
    /// The value as RabbitMQ would read it (`pause_minority`, `20`); `nil` when unknown.
    public var value: String?
    /// The form it is written in.
    public var form: BrokerConfigForm
    /// Where it comes from.
    public var provenance: Provenance
    /// Whether a Jinja block rmqlint cannot evaluate encloses it (Kolla's TLS branch, a loop).
    public var isConditional: Bool

    /// Creates a setting.
    public init(key: String, value: String?, form: BrokerConfigForm, provenance: Provenance, isConditional: Bool = false) {
        self.key = key
        self.value = value
        self.form = form
        self.provenance = provenance
        self.isConditional = isConditional
    }

    /// The value as an integer, if it is one.
    public var intValue: Int? { value.flatMap { Int($0) } }
}

/// Which file supplies one of the broker files Kolla deploys.
public struct BrokerFileSource: Sendable, Hashable {
    /// Where the file comes from.
    public enum Kind: Sendable, Hashable {
        /// The operator's whole-file override (`config/rabbitmq/[<host>/]<name>`).
        case override
        /// Kolla's role template for the release.
        case kollaTemplate
        /// A file rendered on a host or collected from one.
        case rendered
    }

    /// `rabbitmq.conf`, `advanced.config`, `rabbitmq-env.conf`, `rabbitmq.config`.
    public var name: String
    /// Where it comes from.
    public var kind: Kind
    /// The display path of the file, or the citation of Kolla's template.
    public var path: String
}

/// The broker configuration RabbitMQ reads on one host (or on every host without host
/// overrides): `rabbitmq.conf` or the classic `rabbitmq.config`, `advanced.config` and
/// `rabbitmq-env.conf`, each the host's override, else the global override, else Kolla's
/// template (KA `ansible/roles/rabbitmq/tasks/config.yml` `with_first_found`), with the
/// Kolla variables that render into the templates.
public struct EffectiveBrokerConfig: Sendable {
    /// Where the view comes from.
    public enum Origin: Sendable, Hashable {
        /// Computed from the tree's overrides and Kolla's templates.
        case kolla
        /// Files rendered on (or collected from) a host, in this directory.
        case rendered(directory: String)
    }

    /// The host the view is specific to (`nil`: every host without its own overrides).
    public var host: String?
    /// Where the view comes from.
    public var origin: Origin
    /// The files it is made of.
    public var files: [BrokerFileSource]
    /// Every setting in the order RabbitMQ applies them: rabbitmq.conf (or rabbitmq.config),
    /// then advanced.config, then the Erlang arguments (command-line application parameters
    /// override configuration files [erts `config(4)`]).
    public var settings: [BrokerSetting]
    /// The operator's whole-file `rabbitmq.conf`, when it replaces Kolla's template.
    public var customRabbitMQConf: RabbitMQConfFile?
    /// The display path of that file.
    public var customRabbitMQConfPath: String? { customRabbitMQConf?.conf.path }
    /// The Kolla template the view would otherwise use (for what a whole-file override drops).
    public var template: KollaBrokerTemplate?
    /// Kolla variables that render into a template this view does not use (replaced by a
    /// whole-file override), with where globals set them: silently ignored.
    public var ignoredVariables: [(name: String, location: SourceLocation)]

    /// The effective (last) setting of `key`.
    public func effective(_ key: String) -> BrokerSetting? { settings.last { $0.key == key } }

    /// Every setting of `key`, in application order.
    public func all(_ key: String) -> [BrokerSetting] { settings.filter { $0.key == key } }

    /// Whether some setting of a key starting with `prefix` exists.
    public func hasKey(withPrefix prefix: String) -> Bool { settings.contains { $0.key.hasPrefix(prefix) } }

    /// The file supplying `name`, if any.
    public func file(_ name: String) -> BrokerFileSource? { files.first { $0.name == name } }

    /// `host ctl01` or `every host`, for messages.
    public var scope: String {
        switch origin {
        case .kolla: host.map { "host \($0)" } ?? "every RabbitMQ host"
        case .rendered(let directory): "the files in \(directory)"
        }
    }
}

extension Deployment {
    /// The settings of broker key `key` over every broker view, each written line once: the
    /// every-host view and the host views share the global files, and one written line is
    /// one thing to fix. `effectiveOnly`: only each view's effective (last) setting, else
    /// every setting of the key (an `advanced.config` value and an Erlang argument both count).
    public func uniqueBrokerSettings(
        _ key: String, effectiveOnly: Bool = true
    ) -> [(setting: BrokerSetting, broker: EffectiveBrokerConfig)] {
        var seen: Set<String> = []
        var result: [(setting: BrokerSetting, broker: EffectiveBrokerConfig)] = []
        for broker in effective.brokers {
            let settings = effectiveOnly ? (broker.effective(key).map { [$0] } ?? []) : broker.all(key)
            for setting in settings {
                let identity = setting.provenance.anchor.map(\.description) ?? "\(setting.provenance.summary)@\(broker.scope)"
                guard seen.insert(identity).inserted else { continue }
                result.append((setting, broker))
            }
        }
        return result
    }
}

/// Builds the broker views of a deployment.
struct EffectiveBrokerBuilder {
    let deployment: Deployment
    let variables: EffectiveVariables?

    /// Names of Kolla's broker override files.
    static let overrideNames = ["rabbitmq.conf", "advanced.config", "rabbitmq-env.conf"]

    func build() -> [EffectiveBrokerConfig] {
        var views: [EffectiveBrokerConfig] = []
        if deployment.kind != .loose {
            let release = deployment.release.version.release
            let template = KollaKnowledge.brokerTemplate(for: release)
            let read = Set(template?.overridesRead ?? [])
            // Overrides Kolla reads for the release, by host (nil = global).
            var hosts: Set<String> = []
            for file in deployment.fileRoles {
                if case .rabbitmqOverride(let name, let host?) = file.role, read.contains(name) { hosts.insert(host) }
            }
            views.append(kollaView(host: nil, template: template, read: read))
            for host in hosts.sorted() { views.append(kollaView(host: host, template: template, read: read)) }
        }
        // Rendered and collected files: one view per directory.
        var directories: [String: (conf: RabbitMQConfFile?, erlang: [ErlangConfigFile], env: RabbitMQEnvFile?)] = [:]
        for conf in deployment.rabbitmqConfs where conf.role == .looseRabbitMQConf {
            directories[PathUtilities.parent(conf.conf.path), default: (nil, [], nil)].conf = conf
        }
        for erlang in deployment.erlangConfigs where erlang.role == .looseRabbitMQErlang {
            directories[PathUtilities.parent(erlang.document.path), default: (nil, [], nil)].erlang.append(erlang)
        }
        for env in deployment.rabbitmqEnvs where env.role == .looseRabbitMQEnv {
            directories[PathUtilities.parent(env.env.path), default: (nil, [], nil)].env = env
        }
        for directory in directories.keys.sorted() {
            guard let entry = directories[directory] else { continue }
            var files: [BrokerFileSource] = []
            var settings: [BrokerSetting] = []
            if let conf = entry.conf {
                files.append(BrokerFileSource(name: "rabbitmq.conf", kind: .rendered, path: conf.conf.path))
                settings += Self.settings(of: conf.conf)
            }
            for erlang in entry.erlang.sorted(by: { $0.name > $1.name }) {   // rabbitmq.config before advanced.config
                files.append(BrokerFileSource(name: erlang.name, kind: .rendered, path: erlang.document.path))
                settings += Self.settings(of: erlang.document, form: erlang.name == "advanced.config" ? .advancedConfig : .classicConfig)
            }
            if let env = entry.env {
                files.append(BrokerFileSource(name: "rabbitmq-env.conf", kind: .rendered, path: env.env.path))
                settings += Self.settings(ofEnv: env.env)
            }
            let host = EffectiveDeploymentBuilder.renderedHost(directory + "/x", root: deployment.root)
            views.append(EffectiveBrokerConfig(
                host: host, origin: .rendered(directory: directory), files: files, settings: settings,
                customRabbitMQConf: nil, template: nil, ignoredVariables: []))
        }
        return views
    }

    /// The view Kolla computes for `host` (or every host).
    private func kollaView(host: String?, template: KollaBrokerTemplate?, read: Set<String>) -> EffectiveBrokerConfig {
        func override<T>(_ name: String, _ files: [T], role: (T) -> FileRole) -> T? {
            guard read.contains(name) else { return nil }
            let candidates = files.filter {
                if case .rabbitmqOverride(let fileName, _) = role($0) { return fileName == name }
                return false
            }
            if let host, let own = candidates.first(where: { role($0).overrideHost == host }) { return own }
            return candidates.first { role($0).overrideHost == nil }
        }
        let release = deployment.release.version.release
        var files: [BrokerFileSource] = []
        var settings: [BrokerSetting] = []
        var ignored: [(String, SourceLocation)] = []
        var custom: RabbitMQConfFile?

        // rabbitmq.conf (or up to rocky the classic rabbitmq.config, which has no override).
        if let conf = override("rabbitmq.conf", deployment.rabbitmqConfs, role: \.role) {
            custom = conf
            files.append(BrokerFileSource(name: "rabbitmq.conf", kind: .override, path: conf.conf.path))
            settings += Self.settings(of: conf.conf)
            for name in ["rabbitmq_cluster_partition_handling", "rabbitmq_extra_config"] {
                if let location = globalsLine(name) { ignored.append((name, location)) }
            }
        } else if let template {
            files.append(BrokerFileSource(name: template.fileName, kind: .kollaTemplate, path: template.citation(for: release)))
            settings += templateSettings(template, release: release)
        }
        if let advanced = override("advanced.config", deployment.erlangConfigs, role: \.role) {
            files.append(BrokerFileSource(name: "advanced.config", kind: .override, path: advanced.document.path))
            settings += Self.settings(of: advanced.document, form: .advancedConfig)
        } else if let template, template.hasAdvancedConfig {
            // Kolla's advanced.config sets only kernel inet_dist_* (KA …/templates/advanced.config.j2).
            files.append(BrokerFileSource(
                name: "advanced.config", kind: .kollaTemplate,
                path: KollaReads.cite("ansible/roles/rabbitmq/templates/advanced.config.j2", release: release)))
        }
        if let env = override("rabbitmq-env.conf", deployment.rabbitmqEnvs, role: \.role) {
            files.append(BrokerFileSource(name: "rabbitmq-env.conf", kind: .override, path: env.env.path))
            settings += Self.settings(ofEnv: env.env)
            if let location = globalsLine("rabbitmq_server_additional_erl_args") {
                ignored.append(("rabbitmq_server_additional_erl_args", location))
            }
        } else if let template {
            files.append(BrokerFileSource(name: "rabbitmq-env.conf", kind: .kollaTemplate, path: template.envCitation(for: release)))
            settings += templateErlangArguments(template, release: release)
        }
        return EffectiveBrokerConfig(
            host: host, origin: .kolla, files: files, settings: settings, customRabbitMQConf: custom,
            template: template, ignoredVariables: ignored)
    }

    private func globalsLine(_ name: String) -> SourceLocation? {
        guard case .globals(let variable)? = variables?.sources[name] else { return nil }
        return variable.location
    }

    // MARK: Kolla's templates

    /// The settings Kolla's template renders, with `{{ }}` evaluated where the variables are
    /// known; values that depend on host facts (addresses) are unknown.
    private func templateSettings(_ template: KollaBrokerTemplate, release: OpenStackRelease) -> [BrokerSetting] {
        var settings: [BrokerSetting] = []
        let form: BrokerConfigForm = template.form == .classic ? .classicConfig : .rabbitmqConf
        for line in template.lines where !line.key.contains("{{") {
            let source = template.citation(for: release, line: line.line)
            var value: String? = line.value
            var provenance = Provenance(origin: .kollaTemplate(source), selectedBy: variables?.releaseLocation.map { [$0] } ?? [])
            if line.value.contains("{{") {
                let names = Jinja.referencedVariables(inTemplate: line.value)
                value = variables?.render(line.value).renderedText
                if let variables {
                    // A value a globals line sets points there; a Kolla default names its source.
                    if names.count == 1, let name = names.first, case .globals(let global)? = variables.sources[name] {
                        provenance = Provenance(origin: .file(global.location))
                    } else {
                        var text = source
                        for name in names.sorted() {
                            if case .kollaDefault(let defaultValue)? = variables.sources[name] {
                                text += "; \(name) default \"\(defaultValue.value)\" (\(defaultValue.source))"
                            }
                        }
                        provenance = Provenance(origin: .kollaTemplate(text),
                                                selectedBy: variables.selectingLocations(expression: nil, template: line.value))
                    }
                }
            }
            settings.append(BrokerSetting(key: line.key, value: value, form: form, provenance: provenance, isConditional: line.conditional))
        }
        // rabbitmq_extra_config: each item as `key = value`, at the line of its key in globals.
        if template.extraConfigLine != nil, case .globals(let global)? = variables?.sources["rabbitmq_extra_config"] {
            for pair in global.value.pairs {
                guard let key = pair.key.scalar else { continue }
                let value = EffectiveVariables.jinjaValue(of: pair.value)
                settings.append(BrokerSetting(
                    key: key, value: pair.value.isTemplated ? nil : value.renderedText.map(Self.conf(value)),
                    form: .rabbitmqConf, provenance: Provenance(origin: .file(pair.key.location))))
            }
        }
        return settings
    }

    /// Python's rendering of a value in `{{ value }}`: `True` for a YAML true, as Kolla writes it.
    private static func conf(_ value: JinjaValue) -> (String) -> String {
        { text in
            if case .bool(let flag) = value { return flag ? "true" : "false" }
            return text
        }
    }

    /// `-kernel net_ticktime N` from Kolla's `rabbitmq_server_additional_erl_args`.
    private func templateErlangArguments(_ template: KollaBrokerTemplate, release: OpenStackRelease) -> [BrokerSetting] {
        guard let text = template.erlArgsValue, text.contains("rabbitmq_server_additional_erl_args"), let variables else { return [] }
        switch variables.sources["rabbitmq_server_additional_erl_args"] {
        case .globals(let global)?:
            guard let value = global.value.scalar, !global.value.isTemplated else { return [] }
            // The node's location is its opening quote; columns inside count from the text.
            var location = global.value.location
            if case .scalar(_, let style) = global.value.content, style == .singleQuoted || style == .doubleQuoted {
                location = SourceLocation(path: location.path, line: location.line, column: location.column + 1)
            }
            guard case .scalar(_, let style) = global.value.content, style != .literal, style != .folded else { return [] }
            return Self.erlangArguments(value, at: location)
        case .kollaDefault(let defaultValue)?:
            return Self.erlangArguments(defaultValue.value, at: nil).map { setting in
                var copy = setting
                copy.provenance = Provenance(
                    origin: .kollaDefault("rabbitmq_server_additional_erl_args, \(defaultValue.source)"),
                    selectedBy: variables.releaseLocation.map { [$0] } ?? [])
                return copy
            }
        default:
            return []
        }
    }

    // MARK: Files

    /// Every `key = value` of a rabbitmq.conf, at its value's line.
    static func settings(of conf: RabbitMQConf) -> [BrokerSetting] {
        conf.entries.map { entry in
            BrokerSetting(
                key: entry.key, value: entry.isTemplated ? nil : entry.value, form: .rabbitmqConf,
                provenance: Provenance(origin: .file(entry.valueLocation)), isConditional: entry.isConditional)
        }
    }

    /// The settings rmqlint models from an Erlang-term file, keyed like rabbitmq.conf.
    static func settings(of document: ErlangTermDocument, form: BrokerConfigForm) -> [BrokerSetting] {
        var settings: [BrokerSetting] = []
        func add(_ key: String, _ term: ErlangTerm, value: String?) {
            settings.append(BrokerSetting(
                key: key, value: term.isTemplated ? nil : value, form: form, provenance: Provenance(origin: .file(term.location))))
        }
        func text(_ term: ErlangTerm) -> String? {
            switch term.value {
            case .atom(let name): return name
            case .string(let text), .binary(let text): return text
            case .integer(let text, let value): return value.map(String.init) ?? text
            case .float(let text, _): return text
            default: return nil
            }
        }
        if let found = document.parameter("rabbit", "cluster_partition_handling") {
            // `{pause_if_all_down, Nodes, Recover}` is written as a tuple.
            let mode = found.value.tupleElements?.first.flatMap(text) ?? text(found.value)
            add("cluster_partition_handling", found.value, value: mode)
        }
        if let found = document.parameter("kernel", "net_ticktime") {
            add("net_ticktime", found.value, value: text(found.value))
        }
        if let found = document.parameter("rabbitmq_management", "load_definitions") {
            add("management.load_definitions", found.value, value: text(found.value))
        }
        if let found = document.parameter("rabbit", "load_definitions") {
            add("load_definitions", found.value, value: text(found.value))
        }
        for (parameter, key) in [("tcp_listeners", "listeners.tcp"), ("ssl_listeners", "listeners.ssl")] {
            guard let found = document.parameter("rabbit", parameter) else { continue }
            let count = found.value.listElements?.count ?? 0
            add(count > 0 ? key + ".1" : key, found.value, value: count > 0 ? found.value.rendered(limit: 80) : "none")
        }
        if let options = document.parameter("rabbit", "tcp_listen_options") {
            // The whole list: it replaces what rabbitmq.conf's `tcp_listen_options.*` keys build.
            add("tcp_listen_options", options.value, value: options.value.rendered(limit: 80))
            if let keepalive = options.value.propertyEntry("keepalive") {
                add("tcp_listen_options.keepalive", keepalive.value, value: text(keepalive.value))
            }
        }
        return settings
    }

    /// `-kernel net_ticktime N` in a rabbitmq-env.conf's `RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS`
    /// (or `SERVER_ADDITIONAL_ERL_ARGS`, as RabbitMQ's scripts accept it there).
    static func settings(ofEnv env: RabbitMQEnv) -> [BrokerSetting] {
        guard let entry = env.last("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"), !entry.isTemplated else { return [] }
        return erlangArguments(entry.value, at: entry.valueLocation)
    }

    /// Application parameters in Erlang VM arguments: `-kernel net_ticktime 20`. A location
    /// places each value at its own column inside the written value.
    static func erlangArguments(_ text: String, at location: SourceLocation?) -> [BrokerSetting] {
        let scalars = Array(text.unicodeScalars)
        var words: [(text: String, column: Int)] = []
        var index = 0
        while index < scalars.count {
            while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
            let start = index
            while index < scalars.count, scalars[index] != " " && scalars[index] != "\t" { index += 1 }
            if index > start { words.append((String(String.UnicodeScalarView(scalars[start..<index])), start)) }
        }
        var settings: [BrokerSetting] = []
        var position = 0
        while position + 2 < words.count {
            if words[position].text == "-kernel", words[position + 1].text == "net_ticktime" {
                let word = words[position + 2]
                let origin: ValueOrigin
                if let location {
                    origin = .file(SourceLocation(
                        path: location.path, line: location.line, column: location.column + word.column,
                        length: word.text.unicodeScalars.count))
                } else {
                    origin = .kollaDefault("rabbitmq_server_additional_erl_args")
                }
                settings.append(BrokerSetting(
                    key: "net_ticktime", value: word.text, form: .erlangArguments, provenance: Provenance(origin: origin)))
                position += 3
            } else {
                position += 1
            }
        }
        return settings
    }
}
