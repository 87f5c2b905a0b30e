import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

// Shared by the oslo heartbeat rules (RMQ204–RMQ207): how a source of an effective value
// (`Deployment.settingSources`, model API) is named in messages, its related layers and its
// semantic key.

enum EffectiveSettingSources {
    /// `oslo_messaging_rabbit`, the section of every option these rules read.
    static let rabbitSection = "oslo_messaging_rabbit"

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
        // One reach (a rendered file's own line, by the thousand on a fleet): no sets to build,
        // and a list of one name within the limit is the name.
        if reaches.count == 1 {
            let name = reaches[0].serviceLabel
            guard let host = reaches[0].config.host else { return limit >= 1 ? name : Phrase.commaList([name], limit: limit) }
            // `name (host)` written at once (made by the thousand on a fleet).
            let entry = joined(name, " (", host, ")")
            return limit >= 1 ? entry : Phrase.commaList([entry], limit: limit)
        }
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

    /// The location's path relative to the deployment root (or as displayed).
    static func treePath(_ location: SourceLocation, in deployment: Deployment) -> String {
        PathUtilities.relative(location.path, to: deployment.root).flatMap { $0.isEmpty ? nil : $0 } ?? location.path
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
        // One per finding, by the thousand on a fleet: written at once.
        joined("[", section, "]", key, "@", target)
    }

    /// `parts` one after another, written into a string of their length at once: appended one
    /// by one, the string is checked (and its flags merged) at every part, for every line of a
    /// fleet that a finding's key or message is made for.
    static func joined(_ parts: String...) -> String {
        // The parts are read in place (not copied out of the list, a reference count each).
        parts.withUnsafeBufferPointer { parts in
            var count = 0
            for index in parts.indices { count += parts[index].utf8.count }
            return String(unsafeUninitializedCapacity: count) { output in
                var written = 0
                for index in parts.indices {
                    let utf8 = parts[index].utf8
                    if let end = utf8.withContiguousStorageIfAvailable({ output[written...].initialize(fromContentsOf: $0) }) {
                        written = end
                    } else {
                        for byte in utf8 {
                            output[written] = byte
                            written += 1
                        }
                    }
                }
                return written
            }
        }
    }
}
