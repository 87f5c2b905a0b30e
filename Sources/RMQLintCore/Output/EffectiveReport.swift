import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders
import RMQLintModel
import RMQLintEngine

/// What `rmqlint effective PATH [--service S] [--host H]` prints: the effective model of
/// each deployment (docs/spec.md §4, §6) — every RabbitMQ-relevant value with the layer that set it.
public struct EffectiveReport: Sendable {
    /// Output format.
    public enum Format: String, Sendable, CaseIterable {
        /// Human-readable.
        case text
        /// Machine-readable, stable member order.
        case json
    }

    /// The model to print.
    public var model: DeploymentModel
    /// Only configs of this Kolla service (or rendered files of it).
    public var service: String?
    /// What this host gets: its own config where it has host overrides, else every host's.
    public var host: String?

    /// Creates a report.
    public init(model: DeploymentModel, service: String? = nil, host: String? = nil) {
        self.model = model
        self.service = service
        self.host = host
    }

    /// Whether a setting is RabbitMQ-relevant (the model keeps only those).
    static func isRelevant(_ setting: EffectiveSetting) -> Bool {
        EffectiveServiceConfig.isModelled(section: setting.section, key: setting.key)
    }

    /// Whether a key's name says its value is secret, so the value is never printed: the
    /// redaction layer's rule (``Redactor/isSecretKey(_:)``), shared with every reporter.
    static func isSecretKey(_ key: String) -> Bool {
        Redactor.isSecretKey(key)
    }

    /// The configs selected by `service` and `host`.
    func selectedConfigs(_ deployment: Deployment) -> [EffectiveServiceConfig] {
        var configs = deployment.effective.configs
        if let service { configs = configs.filter { $0.service == service } }
        guard let host else { return configs }
        // A host gets its own config where it has one, else every host's config.
        var result: [EffectiveServiceConfig] = []
        for config in configs where config.host == host || config.host == nil {
            if config.host == nil, config.origin == .kolla,
               configs.contains(where: { $0.host == host && $0.service == config.service && $0.origin == .kolla }) {
                continue
            }
            result.append(config)
        }
        return result
    }

    /// Renders the report; every string goes through the redactor.
    public func render(_ format: Format) -> String {
        let redactor = Redactor(secrets: model.secrets)
        switch format {
        case .text: return redactor.redact(renderText())
        // Strings are redacted before rendering: a secret escaped by JSON would not match.
        case .json: return redactor.redact(redactor.redact(renderJSON()).rendered()) + "\n"
        }
    }

    // MARK: Text

    private func renderText() -> String {
        var out = ""
        for (index, deployment) in model.deployments.enumerated() {
            if index > 0 { out += "\n" }
            let effective = deployment.effective
            out += "Deployment \(deployment.root) (\(deployment.kind.rawValue))\n"
            out += "  release: \(deployment.release.version) — \(Self.describe(deployment.release))\n"
            out += "  RabbitMQ: \(deployment.rabbitMQ.version) — \(Self.describe(deployment.rabbitMQ))\n"
            out += "  cluster: \(Self.describe(effective.cluster))\n"
            if deployment.kind != .loose {
                let names = effective.enabledProjects.map(\.name)
                out += "  enabled projects: \(names.isEmpty ? "none" : names.joined(separator: ", "))\n"
            }
            for set in effective.policySets {
                out += "\nPolicies \(set.host.map { "for host \($0) " } ?? "")from \(Self.describe(set.source)):\n"
                if set.policies.isEmpty { out += "  (none)\n" }
                for policy in set.policies {
                    out += "  \(policy.kind == .operatorPolicy ? "operator policy" : "policy") \(policy.name)"
                    out += " vhost=\(policy.vhost) pattern=\(policy.pattern ?? "<unknown>") apply-to=\(policy.applyTo)"
                    out += " priority=\(policy.priority.map(String.init) ?? "<unknown>")"
                    if policy.isConditional { out += " (conditional: depends on a value rmqlint cannot know)" }
                    out += "\n"
                    out += "      from \(Self.describe(policy.provenance))\n"
                    for value in policy.definition {
                        out += "    \(value.key) = \(Self.describe(value.value))"
                        out += value.isConditional ? " (conditional: rendered only if a value rmqlint cannot know is set)\n" : "\n"
                        out += "        from \(Self.describe(value.provenance))\n"
                    }
                }
            }
            let configs = selectedConfigs(deployment)
            if configs.isEmpty, service != nil || host != nil {
                out += "\nNo service config matches\(service.map { " --service \($0)" } ?? "")\(host.map { " --host \($0)" } ?? "").\n"
            }
            for config in configs {
                out += "\n\(Self.title(config)):\n"
                if !config.layers.isEmpty { out += "  layers: \(config.layers.joined(separator: ", "))\n" }
                var section: String?
                for setting in config.settings where Self.isRelevant(setting) {
                    if section != setting.section {
                        section = setting.section
                        out += "  [\(setting.section)]\n"
                    }
                    out += "    \(setting.key) = \(Self.value(setting))\n"
                    out += "        from \(Self.describe(setting.provenance))\n"
                    if setting.isConditional {
                        out += "        conditional: written inside a Jinja block rmqlint cannot evaluate\n"
                    }
                    for lower in setting.overridden {
                        out += "        overrides \(Self.describe(lower))\n"
                    }
                }
            }
        }
        return out
    }

    static func title(_ config: EffectiveServiceConfig) -> String {
        let name = config.service ?? config.project ?? "unknown service"
        switch config.origin {
        case .kolla:
            return "Service \(name) (\(config.host.map { "host \($0)" } ?? "every host"))"
        case .rendered(let path):
            return "Rendered \(name) at \(path)\(config.host.map { " (host \($0))" } ?? "")"
        }
    }

    static func value(_ setting: EffectiveSetting) -> String {
        guard let value = setting.value else { return "<unknown>" }
        return isSecretKey(setting.key) ? Redactor.mask : value
    }

    static func describe(_ value: JinjaValue) -> String {
        switch value {
        case .unknown: return "<unknown>"
        case .string(let text): return "\"\(text)\""
        default: return value.renderedText ?? "<unknown>"
        }
    }

    static func describe(_ provenance: Provenance) -> String {
        var text: String
        switch provenance.origin {
        case .file(let location): text = location.description
        case .kollaTemplate(let source): text = source
        case .kollaDefault(let source): text = "Kolla default, \(source)"
        case .osloDefault(let source): text = "default, \(source)"
        case .inventory(let location): text = "inventory" + (location.map { " \($0)" } ?? "")
        }
        if !provenance.selectedBy.isEmpty {
            text += "; selected by " + provenance.selectedBy.map(\.description).joined(separator: ", ")
        }
        return text
    }

    static func describe(_ release: ResolvedRelease) -> String {
        switch release.source {
        case .commandLine: return "from --release"
        case .configuration: return "from .rmqlint.yml"
        case .globals(let location): return "set at \(location)"
        case .assumed(let location, _):
            return "assumed (newest stable release)" + (location.map { "; openstack_release at \($0) is not a known release" } ?? "")
        }
    }

    static func describe(_ rabbitMQ: ResolvedRabbitMQ) -> String {
        switch rabbitMQ.source {
        case .commandLine: return "from --rabbitmq-version"
        case .configuration: return "from .rmqlint.yml"
        case .image(let location): return "rabbitmq_image at \(location)"
        case .releaseDefault: return "the image Kolla ships for the release"
        }
    }

    static func describe(_ cluster: RabbitMQCluster) -> String {
        guard let hosts = cluster.hosts else { return "unknown (no inventory)" }
        var text = "group \(cluster.group): \(hosts.isEmpty ? "no hosts" : hosts.joined(separator: ", "))"
        if let location = cluster.location { text += " (\(location))" }
        return text
    }

    static func describe(_ source: EffectivePolicySet.Source) -> String {
        switch source {
        case .definitionsFile(let path): return path
        case .kollaTemplate(let template): return template
        }
    }

    // MARK: JSON

    /// The version of the JSON shape (`docs/effective.schema.json`): raised when a member is
    /// removed or changes meaning, so policies in other engines (Rego) can check what they read.
    public static let schemaVersion = 1

    private func renderJSON() -> JSONValue {
        .object([
            ("schemaVersion", .int(Self.schemaVersion)),
            ("tool", .object([("name", .string(ToolInfo.name)), ("version", .string(ToolInfo.version))])),
            ("deployments", .array(model.deployments.map(json(deployment:)))),
        ])
    }

    private func json(deployment: Deployment) -> JSONValue {
        let effective = deployment.effective
        var members: [(String, JSONValue)] = [
            ("root", .string(deployment.root)),
            ("kind", .string(deployment.kind.rawValue)),
            ("release", .object([
                ("name", .string(deployment.release.version.description)),
                ("source", .string(Self.describe(deployment.release))),
            ])),
            ("rabbitmqVersion", .object([
                ("version", .string(deployment.rabbitMQ.version.description)),
                ("source", .string(Self.describe(deployment.rabbitMQ))),
            ])),
            ("cluster", .object([
                ("group", .string(effective.cluster.group)),
                ("hosts", effective.cluster.hosts.map { .array($0.map(JSONValue.string)) } ?? .null),
                ("location", effective.cluster.location.map(json(location:)) ?? .null),
            ])),
            ("enabledProjects", .array(effective.enabledProjects.map { .string($0.name) })),
        ]
        members.append(("policySets", .array(effective.policySets.map { set in
            .object([
                ("host", JSONValue.optional(set.host)),
                ("source", .string(Self.describe(set.source))),
                ("policies", .array(set.policies.map(json(policy:)))),
            ])
        })))
        members.append(("services", .array(selectedConfigs(deployment).map(json(config:)))))
        members.append(("variables", .array(deployment.globals.keys.sorted().compactMap { name in
            deployment.globals[name].map { json(variable: $0, in: deployment) }
        })))
        members.append(("haproxy", .array(deployment.haproxy.map { view in
            .object([
                ("host", JSONValue.optional(view.host)),
                ("proxies", .array(view.model.proxies.map(json(proxy:)))),
            ])
        })))
        members.append(("rabbitmqConf", .array(deployment.rabbitmqConfs.map(json(conf:)))))
        return .object(members)
    }

    /// A variable set in globals: its effective value (rendered where rmqlint can) and line.
    private func json(variable: GlobalVariable, in deployment: Deployment) -> JSONValue {
        let value: JSONValue
        if Self.isSecretKey(variable.name) || variable.value.isVault {
            value = .string(Redactor.mask)
        } else if let variables = deployment.effective.variables {
            value = json(value: variables.value(variable.name))
        } else {
            value = json(value: EffectiveVariables.jinjaValue(of: variable.value))
        }
        return .object([
            ("name", .string(variable.name)),
            ("value", value),
            ("location", json(location: variable.location)),
        ])
    }

    /// A proxy with every option and timeout it has effectively (own lines, else `defaults`).
    private func json(proxy: HAProxyProxy) -> JSONValue {
        var optionNames: [String] = []
        var timeoutNames: [String] = []
        for section in [proxy.section] + proxy.defaultsChain {
            for directive in section.directives {
                guard let name = directive.arguments.first else { continue }
                if directive.keyword == "option", !optionNames.contains(name) { optionNames.append(name) }
                if directive.keyword == "timeout", !timeoutNames.contains(name) { timeoutNames.append(name) }
            }
        }
        let options: [JSONValue] = optionNames.sorted().compactMap { name in
            proxy.option(name).map { found in
                .object([
                    ("name", .string(name)),
                    ("enabled", .bool(found.enabled)),
                    ("inherited", .bool(found.setting.isInherited)),
                    ("location", json(haproxyLocation: found.setting.directive.location)),
                ])
            }
        }
        let timeouts: [JSONValue] = timeoutNames.sorted().compactMap { name in
            proxy.timeout(name).map { found in
                .object([
                    ("name", .string(name)),
                    ("value", .string(found.setting.directive.arguments.dropFirst().first ?? "")),
                    ("milliseconds", found.milliseconds.map(JSONValue.int) ?? .null),
                    ("inherited", .bool(found.setting.isInherited)),
                    ("location", json(haproxyLocation: found.setting.directive.location)),
                ])
            }
        }
        return .object([
            ("name", .string(proxy.name)),
            ("kind", .string(proxy.kind.description)),
            ("location", json(haproxyLocation: proxy.section.headerLocation)),
            ("binds", .array(proxy.binds.map { .string($0.address) })),
            ("servers", .array(proxy.servers.map { .object([("name", JSONValue.optional($0.name)), ("address", .string($0.address))]) })),
            ("options", .array(options)),
            ("timeouts", .array(timeouts)),
        ])
    }

    /// Kolla's own haproxy.cfg template has no file in the tree: `null` there.
    private func json(haproxyLocation location: SourceLocation) -> JSONValue {
        location.isKollaTemplate ? .null : json(location: location)
    }

    /// A custom `rabbitmq.conf` and its entries (secret keys masked).
    private func json(conf file: RabbitMQConfFile) -> JSONValue {
        var host: String?
        if case .rabbitmqOverride(_, let owner) = file.role { host = owner }
        return .object([
            ("path", .string(file.conf.path)),
            ("host", JSONValue.optional(host)),
            ("entries", .array(file.conf.entries.map { entry in
                .object([
                    ("key", .string(entry.key)),
                    ("value", .string(Self.isSecretKey(entry.key) ? Redactor.mask : entry.value)),
                    ("location", json(location: entry.valueLocation)),
                ])
            })),
        ])
    }

    private func json(policy: EffectivePolicy) -> JSONValue {
        .object([
            ("name", .string(policy.name)),
            ("kind", .string(policy.kind == .operatorPolicy ? "operator" : "user")),
            ("vhost", .string(policy.vhost)),
            ("pattern", JSONValue.optional(policy.pattern)),
            ("applyTo", .string(policy.applyTo)),
            ("priority", policy.priority.map(JSONValue.int) ?? .null),
            ("conditional", .bool(policy.isConditional)),
            ("provenance", json(provenance: policy.provenance)),
            ("definition", .array(policy.definition.map { value in
                .object([
                    ("key", .string(value.key)),
                    ("value", json(value: value.value)),
                    ("provenance", json(provenance: value.provenance)),
                ])
            })),
        ])
    }

    private func json(config: EffectiveServiceConfig) -> JSONValue {
        var origin: JSONValue = .string("kolla")
        if case .rendered(let path) = config.origin { origin = .string(path) }
        return .object([
            ("service", JSONValue.optional(config.service)),
            ("project", JSONValue.optional(config.project)),
            ("host", JSONValue.optional(config.host)),
            ("origin", origin),
            ("layers", .array(config.layers.map(JSONValue.string))),
            ("settings", .array(config.settings.filter(Self.isRelevant).map { setting in
                .object([
                    ("section", .string(setting.section)),
                    ("key", .string(setting.key)),
                    ("value", setting.value == nil ? .null : .string(Self.value(setting))),
                    ("conditional", .bool(setting.isConditional)),
                    ("provenance", json(provenance: setting.provenance)),
                    ("overrides", .array(setting.overridden.map(json(provenance:)))),
                ])
            })),
        ])
    }

    private func json(value: JinjaValue) -> JSONValue {
        switch value {
        case .int(let number): return .int(number)
        case .bool(let flag): return .bool(flag)
        case .string(let text): return .string(text)
        case .none: return .null
        default: return value.renderedText.map(JSONValue.string) ?? .string("<unknown>")
        }
    }

    private func json(location: SourceLocation) -> JSONValue {
        .object([("path", .string(location.path)), ("line", .int(location.line)), ("column", .int(location.column))])
    }

    private func json(provenance: Provenance) -> JSONValue {
        var members: [(String, JSONValue)] = []
        switch provenance.origin {
        case .file(let location):
            members = [("kind", .string("file")), ("location", json(location: location))]
        case .kollaTemplate(let source):
            members = [("kind", .string("kollaTemplate")), ("source", .string(source))]
        case .kollaDefault(let source):
            members = [("kind", .string("kollaDefault")), ("source", .string(source))]
        case .osloDefault(let source):
            members = [("kind", .string("osloDefault")), ("source", .string(source))]
        case .inventory(let location):
            members = [("kind", .string("inventory")), ("location", location.map(json(location:)) ?? .null)]
        }
        members.append(("selectedBy", .array(provenance.selectedBy.map(json(location:)))))
        return .object(members)
    }
}
