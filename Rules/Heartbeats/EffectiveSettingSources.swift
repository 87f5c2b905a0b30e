import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

// Shared by the oslo heartbeat rules (RMQ204–RMQ207): they read the effective model only
// and report one finding per source of an effective value — the written line, or for a
// value no file writes, the line that selects Kolla's template or the default.

/// One effective oslo setting in one effective config.
struct SettingReach {
    /// The config (a Kolla service on every host or one host, or a rendered file).
    var config: EffectiveServiceConfig
    /// The effective `[section] key` of that config.
    var setting: EffectiveSetting

    /// The release's catalogue entry of the config's service, if known.
    var service: KollaService? { config.kollaService }

    /// The name used in messages: the service, else the rendered file's name.
    var serviceLabel: String {
        if let service = config.service { return service }
        if case .rendered(let path) = config.origin { return PathUtilities.basename(path) }
        return config.project ?? "service"
    }
}

/// The configs that share one source of an effective value.
struct SettingSource {
    /// How the value gets into the configs.
    enum Kind: Hashable {
        /// Written at `location` in a file of the tree (override or rendered file).
        case written
        /// Rendered by Kolla's template for the release; `location` selects it.
        case kollaTemplate
        /// A default (oslo.messaging or Kolla variable); `location` selects it or is the
        /// rendered file that leaves it unset.
        case defaultValue
    }

    /// How the value gets into the configs.
    var kind: Kind
    /// Where a finding points: the written line, else the selecting line.
    var location: SourceLocation
    /// Whether `location` merely stands in for a value no line selects (the release was
    /// assumed or given outside the tree): the first line of `globals.yml`.
    var isFallbackLocation: Bool
    /// The effective setting as the first config has it (same provenance in all).
    var setting: EffectiveSetting
    /// Every config the source is in force for, in model order.
    var reaches: [SettingReach]
}

enum EffectiveSettingSources {
    /// `oslo_messaging_rabbit`, the section of every option these rules read.
    static let rabbitSection = "oslo_messaging_rabbit"

    /// The sources of the effective `[section] key` over a deployment's configs. Written
    /// values group by their line. Template and default values group by the line that
    /// selects them, and additionally by service when `splitTemplates` / `splitDefaults`
    /// (when their fix is per service); a rendered file's unset option is its own source,
    /// at its first line.
    static func sources(
        section: String, key: String, in deployment: Deployment, splitTemplates: Bool, splitDefaults: Bool
    ) -> [SettingSource] {
        var sources: [SettingSource] = []
        var index: [String: Int] = [:]
        for config in deployment.effective.configs {
            guard let setting = config.setting(section: section, key: key) else { continue }
            guard let placed = place(
                setting, config: config, deployment: deployment, splitTemplates: splitTemplates, splitDefaults: splitDefaults)
            else { continue }
            let reach = SettingReach(config: config, setting: setting)
            if let position = index[placed.id] {
                sources[position].reaches.append(reach)
            } else {
                index[placed.id] = sources.count
                sources.append(SettingSource(
                    kind: placed.kind, location: placed.location, isFallbackLocation: placed.isFallback,
                    setting: setting, reaches: [reach]))
            }
        }
        return sources
    }

    /// Where a setting's source is, and the identity it groups under.
    private static func place(
        _ setting: EffectiveSetting, config: EffectiveServiceConfig, deployment: Deployment,
        splitTemplates: Bool, splitDefaults: Bool
    ) -> (id: String, kind: SettingSource.Kind, location: SourceLocation, isFallback: Bool)? {
        let provenance = setting.provenance
        if provenance.isWrittenInTree, let anchor = provenance.anchor {
            return ("w\u{1F}\(anchor)", .written, anchor, false)
        }
        let kind: SettingSource.Kind
        if case .kollaTemplate = provenance.origin { kind = .kollaTemplate } else { kind = .defaultValue }
        let split = kind == .kollaTemplate ? splitTemplates : splitDefaults
        let service = split ? "\u{1F}" + (config.service ?? config.project ?? "") : ""
        if case .rendered(let path) = config.origin {
            // A rendered file that leaves the option unset: the file is the place to fix.
            let location = SourceLocation(path: path, line: 1, column: 1)
            return ("r\u{1F}\(path)", kind, location, false)
        }
        if let anchor = provenance.anchor {
            return ("\(kind)\u{1F}\(anchor)\(service)", kind, anchor, false)
        }
        guard let fallback = fallbackLocation(deployment) else { return nil }
        return ("\(kind)\u{1F}\(fallback)\(service)", kind, fallback, true)
    }

    /// Where a finding about a value no line selects points: the first line of the
    /// deployment's `globals.yml` (the file that should name the release).
    static func fallbackLocation(_ deployment: Deployment) -> SourceLocation? {
        if let globals = deployment.mainGlobalsFile { return SourceLocation(path: globals, line: 1, column: 1) }
        return deployment.fileRoles.first.map { SourceLocation(path: $0.path, line: 1, column: 1) }
    }

    /// For a finding at the fallback location, why it is there: ` (a default of release
    /// 2025.1, given with --release: no line of the tree selects it)`; empty otherwise.
    static func releaseNote(_ source: SettingSource, in deployment: Deployment) -> String {
        guard source.isFallbackLocation else { return "" }
        let how: String
        switch deployment.release.source {
        case .commandLine: how = "given with --release"
        case .configuration: how = "set in .rmqlint.yml"
        case .globals: how = "set in the tree"
        case .range: how = "one of the candidate releases"
        }
        return " (a default of release \(deployment.release.version), \(how): no line of the tree selects it)"
    }

    // MARK: - Naming

    /// `nova-compute, nova-conductor (cmp01), …`: sorted, deduplicated service names, each
    /// with the hosts of its host-specific configs in parentheses (none when the every-host
    /// config is among them); at most `limit` names, then "and N more".
    static func serviceList(_ reaches: [SettingReach], limit: Int = 10) -> String {
        var hostsByService: [String: Set<String>] = [:]
        var everyHost: Set<String> = []
        for reach in reaches {
            let name = reach.serviceLabel
            if let host = reach.config.host {
                hostsByService[name, default: []].insert(host)
            } else {
                if hostsByService[name] == nil { hostsByService[name] = [] }
                everyHost.insert(name)
            }
        }
        let entries = hostsByService.keys.sorted().map { name -> String in
            guard !everyHost.contains(name), let hosts = hostsByService[name], !hosts.isEmpty else { return name }
            return "\(name) (\(hosts.sorted().joined(separator: ", ")))"
        }
        return Phrase.commaList(entries, limit: limit)
    }

    /// The distinct services of the reaches (service field of a finding when there is one).
    static func singleService(_ reaches: [SettingReach]) -> String? {
        let names = Set(reaches.map(\.serviceLabel))
        guard names.count == 1 else { return nil }
        return reaches.first?.config.service
    }

    /// The one host all reaches are specific to, if any.
    static func singleHost(_ reaches: [SettingReach]) -> String? {
        let hosts = Set(reaches.map { $0.config.host ?? "" })
        guard hosts.count == 1, let host = hosts.first, !host.isEmpty else { return nil }
        return host
    }

    // MARK: - Override paths

    /// The override directory as the tree names it: `config`, or OSISM's `files/overlays`.
    static func overridePrefix(_ deployment: Deployment) -> String {
        if let directory = deployment.configDirectory,
           let relative = PathUtilities.relative(directory, to: deployment.root), !relative.isEmpty {
            return relative
        }
        return deployment.kind == .osism ? "files/overlays" : "config"
    }

    /// A service's own override file (`config/nova/nova-api.conf`): the last layer of its
    /// override chain that is not per host [KA `ansible/roles/<project>/tasks/config.yml`
    /// merge_configs sources, via `KollaKnowledge.overrideChain`].
    static func serviceFile(_ service: String, in deployment: Deployment) -> String? {
        let chain = KollaKnowledge.overrideChain(service: service, version: deployment.release.version)
        guard let layer = chain.last(where: { $0.kind == .customFile && !$0.isPerHost }) else { return nil }
        return overridePrefix(deployment) + "/" + layer.pattern
    }

    /// The location's path relative to the deployment root (or as displayed).
    static func treePath(_ location: SourceLocation, in deployment: Deployment) -> String {
        PathUtilities.relative(location.path, to: deployment.root).flatMap { $0.isEmpty ? nil : $0 } ?? location.path
    }

    /// Whether a written source is the service's own file (or a higher, per-host layer),
    /// so that the value has to change there rather than be overridden above it.
    static func isServiceLayerOrAbove(_ location: SourceLocation, service: String, host: String?, in deployment: Deployment) -> Bool {
        guard let directory = deployment.configDirectory,
              let relative = PathUtilities.relative(location.path, to: directory) else { return true }
        let chain = KollaKnowledge.overrideChain(service: service, version: deployment.release.version)
            .filter { $0.kind == .customFile }
        guard let own = chain.lastIndex(where: { !$0.isPerHost }) else { return true }
        let position = chain.firstIndex { layer in
            layer.isPerHost ? host.map { layer.path(host: $0) == relative } ?? false : layer.pattern == relative
        }
        return position.map { $0 >= own } ?? true
    }

    // MARK: - Related locations

    /// The other layers involved in a written source: the lower layers it overrides and the
    /// higher layers that override it for some of the services it would reach. Sorted.
    static func relatedLayers(
        of source: SettingSource, section: String, key: String, in deployment: Deployment
    ) -> [RelatedLocation] {
        guard source.kind == .written else { return [] }
        var related: Set<RelatedLocation> = []
        let release = deployment.release.version.release.name
        for reach in source.reaches {
            for lower in reach.setting.overridden {
                guard let anchor = lower.anchor else { continue }
                if lower.isWrittenInTree {
                    related.insert(RelatedLocation("overrides the value set here", at: anchor))
                } else if case .kollaTemplate = lower.origin {
                    related.insert(RelatedLocation("overrides the value Kolla's \(release) template renders (the release is selected here)", at: anchor))
                }
            }
        }
        // Configs where this line is written but a higher layer wins.
        var overriddenFor: [SourceLocation: [SettingReach]] = [:]
        // Only the configs that override this line somewhere (an index of the model), in order.
        for config in deployment.effective.configs(overriding: source.location) {
            guard let setting = config.setting(section: section, key: key),
                  setting.provenance.isWrittenInTree, let anchor = setting.provenance.anchor, anchor != source.location,
                  setting.overridden.contains(where: { $0.anchor == source.location && $0.isWrittenInTree }) else { continue }
            overriddenFor[anchor, default: []].append(SettingReach(config: config, setting: setting))
        }
        for (anchor, reaches) in overriddenFor {
            related.insert(RelatedLocation("overridden here for \(serviceList(reaches))", at: anchor))
        }
        return related.sorted { $0.location != $1.location ? $0.location < $1.location : $0.message < $1.message }
    }

    /// `[oslo_messaging_rabbit]heartbeat_in_pthread@config/nova.conf` for a written line,
    /// `…@nova-metadata` for one service's template or default, `…@<what>` otherwise.
    static func semanticKey(section: String, key: String, target: String) -> String {
        "[\(section)]\(key)@\(target)"
    }
}
