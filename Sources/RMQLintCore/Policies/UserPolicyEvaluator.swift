import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders
import RMQLintModel
import RMQLintEngine

/// Evaluates site policies (docs/spec.md §11) over the effective model: each matched value, with
/// its provenance, against the policy's requirement. Reads the model only, never files.
///
/// - A value that cannot be known (unevaluated Jinja, a setting written inside a Jinja block
///   of unknown truth, a policy rendered only under an unknown condition) gives no finding.
/// - An absent value satisfies only `absent` and `not_equals`.
/// - A `when` precondition that cannot be decided (assumed release, no inventory, unknown
///   variable) gives no finding.
public enum UserPolicyEvaluator {
    /// The findings of `policies` on every deployment of `model`.
    public static func findings(_ policies: [UserPolicy], in model: DeploymentModel) -> [Finding] {
        guard !policies.isEmpty else { return [] }
        var findings: [Finding] = []
        let groups = Set(policies.compactMap { policy -> String? in
            if case .group(let name)? = policy.match.hostFilter { return name }
            return nil
        })
        for deployment in model.deployments {
            let hosts = DeploymentHosts(deployment, groups: groups)
            for policy in policies where conditionsHold(policy.conditions, in: deployment) == true {
                for observation in observations(policy.match, in: deployment, hosts: hosts, requirement: policy.requirement) {
                    if let finding = judge(observation, policy: policy, deployment: deployment) {
                        findings.append(finding)
                    }
                }
            }
        }
        return findings
    }

    // MARK: when

    /// `true` when every condition holds, `false` when one fails, `nil` when one cannot be decided.
    static func conditionsHold(_ conditions: [PolicyCondition], in deployment: Deployment) -> Bool? {
        var undecided = false
        for condition in conditions {
            switch holds(condition, in: deployment) {
            case false?: return false
            case nil: undecided = true
            case true?: continue
            }
        }
        return undecided ? nil : true
    }

    private static func holds(_ condition: PolicyCondition, in deployment: Deployment) -> Bool? {
        switch condition {
        case .release(let parts, _):
            // An assumed release is a guess: the condition is undecided.
            guard !deployment.release.isAssumed else { return nil }
            let release = deployment.release.version.release
            return parts.allSatisfy { $0.0.holds(release, $0.1) }
        case .clusterSize(let parts, _):
            guard let size = deployment.effective.cluster.size else { return nil }
            return parts.allSatisfy { $0.0.holds(size, $0.1) }
        case .variable(let name, let expected):
            guard let variables = deployment.effective.variables else { return nil }
            let value = ObservedValue(variables.value(name), defined: variables.sources[name] != nil)
            switch value {
            case .unknown: return nil
            case .absent: return false
            case .value: return value.equals(expected, times: false)
            }
        }
    }

    // MARK: Judging

    /// A finding when `observation` breaks the policy's requirement.
    static func judge(_ observation: PolicyObservation, policy: UserPolicy, deployment: Deployment) -> Finding? {
        let requirement = policy.requirement
        let value = observation.value
        let problem = self.problem(value, requirement: requirement, times: policy.match.comparesTimes)
        guard let problem else { return nil }
        guard let location = observation.location ?? fallbackLocation(deployment) else { return nil }

        var message = "\(policy.description.summary): \(observation.subject)"
        switch value {
        case .value(let text, _, _) where problem.isEmpty || problem == "is not a number" || problem == "is set":
            let shown = observation.isSecret ? Redactor.mask : text
            message += " is \(shown)"
            if problem == "is not a number" { message += ", not a number" }
        default:
            message += " \(problem)"
        }
        message += " (\(observation.origin))"
        message += "; policy \(policy.id) requires \(requirement.description)"
        if observation.isFallbackLocation {
            message += "; no line of the tree sets or selects it"
        }
        return Finding(
            ruleID: policy.id, slug: policy.description.slug, severity: policy.description.severity,
            message: message, location: location, service: observation.service, host: observation.host,
            related: observation.related, semanticKey: "\(policy.match.kindName):\(observation.key)")
    }

    /// How `value` breaks `requirement`: `""` (it does not satisfy it), `"is set"`, `"is not
    /// set"`, `"is not a number"`; `nil` when it satisfies it or cannot be known.
    static func problem(_ value: ObservedValue, requirement: PolicyRequirement, times: Bool) -> String? {
        switch (requirement, value) {
        case (_, .unknown):
            return nil
        case (.absent, .absent), (.notEquals, .absent):
            return nil
        case (.absent, .value):
            return "is set"
        case (.present, .value):
            return nil
        case (_, .absent):
            return "is not set"
        case (.equals(let expected), .value):
            return value.equals(expected, times: times) ? nil : ""
        case (.notEquals(let expected), .value):
            return value.equals(expected, times: times) ? "" : nil
        case (.oneOf(let expected), .value):
            return expected.contains { value.equals($0, times: times) } ? nil : ""
        case (.matches(let pattern), .value(let text, _, _)):
            switch pattern.matches(text) {
            case .matches, .unknown: return nil
            case .doesNotMatch: return ""
            }
        case (.compare(let comparison, let bound, _), .value(_, let number, _)):
            guard let number else { return "is not a number" }
            return comparison.holds(number, bound) ? nil : ""
        }
    }

    /// Where a finding about a value no line of the tree sets or selects points: the first
    /// line of `globals.yml`, else of the deployment's first file.
    static func fallbackLocation(_ deployment: Deployment) -> SourceLocation? {
        if let globals = deployment.mainGlobalsFile { return .wholeFile(globals) }
        return deployment.fileRoles.first.map { .wholeFile($0.path) }
    }

    // MARK: Observations

    /// The values `match` selects. Kinds with many values (settings of a fleet of rendered
    /// configs) return only those that break `requirement`, so passing values cost no text.
    static func observations(
        _ match: PolicyMatch, in deployment: Deployment, hosts: DeploymentHosts, requirement: PolicyRequirement
    ) -> [PolicyObservation] {
        switch match {
        case .setting(let section, let key, let services, let hostFilter):
            return settingObservations(section: section, key: key, services: services, hostFilter: hostFilter,
                                       deployment: deployment, hosts: hosts, requirement: requirement)
        case .variable(let name):
            return variableObservations(name, deployment: deployment)
        case .haproxy(let proxies, let property, let hostFilter):
            return haproxyObservations(proxies: proxies, property: property, hostFilter: hostFilter,
                                       deployment: deployment, hosts: hosts)
        case .rabbitmqPolicy(let names, let key, let hostFilter):
            return policyObservations(names: names, key: key, hostFilter: hostFilter, deployment: deployment, hosts: hosts)
        case .rabbitmqConf(let key, let hostFilter):
            return confObservations(key: key, hostFilter: hostFilter, deployment: deployment, hosts: hosts)
        }
    }

    /// Where a provenance points, and how it is described: `set at config/nova.conf:3:1`, or
    /// `Kolla default (…); selected at globals.yml:2:1`.
    static func describe(_ provenance: Provenance) -> (origin: String, location: SourceLocation?) {
        switch provenance.origin {
        case .file(let location):
            return ("set at \(location)", location)
        default:
            var text = provenance.summary
            if let selected = provenance.selectedBy.first { text += ", selected at \(selected)" }
            if provenance.isDefault && !text.hasPrefix("Kolla default") { text = "Kolla default: " + text }
            return (text, provenance.anchor)
        }
    }

    private static func settingObservations(
        section: String, key: String, services: NameFilter?, hostFilter: HostFilter?,
        deployment: Deployment, hosts: DeploymentHosts, requirement: PolicyRequirement
    ) -> [PolicyObservation] {
        let configs = deployment.effective.configs
        // Hosts with their own config, per service: the shared config applies to the others.
        var ownConfigs: [String: Set<String>] = [:]
        let selection = hostFilter.map(hosts.selection)
        if hostFilter != nil {
            for config in configs where config.origin == .kolla {
                if let host = config.host, let service = config.service { ownConfigs[service, default: []].insert(host) }
            }
        }
        // A fleet repeats the same few service names and hosts thousands of times: match each once.
        var serviceMatches: [String: Bool] = [:]
        var hostMatches: [String: Bool] = [:]
        let lookup = EffectiveServiceConfig.lookupKey(section: section, key: key)
        let secret = Redactor.isSecretKey(key)
        var result: [PolicyObservation] = []
        for config in configs {
            if let services {
                guard let service = config.service else { continue }
                let matched = serviceMatches[service] ?? services.matches(service)
                serviceMatches[service] = matched
                guard matched else { continue }
            }
            if let selection {
                if let host = config.host {
                    let matched = hostMatches[host] ?? selection.selects(host, except: [])
                    hostMatches[host] = matched
                    guard matched else { continue }
                } else {
                    guard selection.selects(nil, except: ownConfigs[config.service ?? ""] ?? []) else { continue }
                }
            }
            let setting = config.setting(lookupKey: lookup)
            let value: ObservedValue
            if let setting {
                if setting.isConditional {
                    value = .unknown
                } else if let text = setting.value {
                    value = ObservedValue(text: text, bool: setting.boolValue)
                } else {
                    value = .unknown
                }
            } else {
                value = .absent
            }
            guard problem(value, requirement: requirement, times: false) != nil else { continue }

            let subject = "[\(section)] \(key) of \(config.label)"
            let semantic = "[\(section)]\(key)@\(config.service ?? config.project ?? "")/\(config.host ?? "*")"
                + (config.origin == .kolla ? "" : "/rendered")
            guard let setting else {
                var location: SourceLocation?
                if case .rendered(let path) = config.origin {
                    location = .wholeFile(path)
                } else if let top = config.layers.last {
                    location = .wholeFile(top)
                }
                result.append(PolicyObservation(
                    value: .absent, subject: subject, origin: "not set by any layer", location: location,
                    service: config.service, host: config.host, key: semantic, isSecret: secret))
                continue
            }
            let (origin, location) = describe(setting.provenance)
            let related = setting.overridden.compactMap { lower -> RelatedLocation? in
                guard case .file(let place) = lower.origin else { return nil }
                return RelatedLocation("overridden here", at: place)
            }
            result.append(PolicyObservation(
                value: value, subject: subject, origin: origin, location: location,
                service: config.service, host: config.host, key: semantic, isSecret: secret, related: related))
        }
        return result
    }

    private static func variableObservations(_ name: String, deployment: Deployment) -> [PolicyObservation] {
        guard deployment.kind != .loose, let variables = deployment.effective.variables else { return [] }
        let secret = Redactor.isSecretKey(name)
        let subject = "variable \(name)"
        switch variables.sources[name] {
        case nil:
            return [PolicyObservation(value: .absent, subject: subject, origin: "not set in globals, no Kolla default",
                                      location: nil, key: name, isSecret: secret)]
        case .globals(let global)?:
            let related = global.overridden.map { RelatedLocation("overridden here", at: $0) }
            return [PolicyObservation(
                value: ObservedValue(variables.value(name), defined: true), subject: subject,
                origin: "set at \(global.location)", location: global.location, key: name, isSecret: secret, related: related)]
        case .kollaDefault(let variable)?:
            let selected = variables.selectingLocations(expression: name)
            var origin = "Kolla default (\(variable.source))"
            if let first = selected.first {
                origin += first == variables.releaseLocation ? ", release selected at \(first)" : ", from the variable set at \(first)"
            }
            return [PolicyObservation(
                value: ObservedValue(variables.value(name), defined: true), subject: subject,
                origin: origin, location: selected.first, key: name, isSecret: secret)]
        case .playVariable(let source)?:
            return [PolicyObservation(
                value: ObservedValue(variables.value(name), defined: true), subject: subject,
                origin: "Kolla play variable (\(source))", location: variables.releaseLocation, key: name, isSecret: secret)]
        }
    }

    private static func haproxyObservations(
        proxies: NameFilter, property: HAProxyProperty, hostFilter: HostFilter?,
        deployment: Deployment, hosts: DeploymentHosts
    ) -> [PolicyObservation] {
        let ownViews = Set(deployment.haproxy.compactMap(\.host))
        let selection = hostFilter.map(hosts.selection)
        var seen: Set<String> = []
        var result: [PolicyObservation] = []
        let releaseLocation = deployment.effective.variables?.releaseLocation
        for view in deployment.haproxy {
            if let selection, !selection.selects(view.host, except: ownViews) { continue }
            for proxy in view.model.proxies where proxies.matches(proxy.name) {
                let subject: String
                let value: ObservedValue
                var setting: HAProxySetting?
                switch property {
                case .option(let name):
                    // An option HAProxy ignores in this kind of section (srvtcpka in a frontend) is not checked.
                    guard HAProxyModel.isAllowed(option: name, in: proxy.kind) else { continue }
                    subject = "option \(name) of \(proxy.kind) \(proxy.name)"
                    if let found = proxy.option(name) {
                        value = .value(text: found.enabled ? "enabled" : "disabled", number: nil, bool: found.enabled)
                        setting = found.setting
                    } else {
                        value = .absent
                    }
                case .timeout(let name):
                    guard HAProxyModel.isAllowed(timeout: name, in: proxy.kind) else { continue }
                    subject = "timeout \(name) of \(proxy.kind) \(proxy.name)"
                    if let found = proxy.timeout(name) {
                        let written = found.setting.directive.arguments.dropFirst().first ?? ""
                        value = .value(text: written, number: found.milliseconds.map(Double.init), bool: nil)
                        setting = found.setting
                    } else {
                        value = .absent
                    }
                case .directive(let keyword):
                    // Nor is a keyword the section cannot hold (balance in a frontend).
                    guard HAProxyModel.isAllowed(keyword: keyword, in: proxy.kind) != false else { continue }
                    subject = "\(keyword) of \(proxy.kind) \(proxy.name)"
                    if let found = proxy.directive(keyword) {
                        let arguments = found.directive.arguments
                        let number = arguments.count == 1 ? Double(arguments[0]) : nil
                        value = .value(text: arguments.joined(separator: " "), number: number, bool: nil)
                        setting = found
                    } else {
                        value = .absent
                    }
                }
                var origin: String
                var location: SourceLocation?
                if let setting {
                    let place = setting.directive.location
                    if place.isKollaTemplate {
                        origin = "Kolla default (Kolla's haproxy.cfg template\(setting.isInherited ? ", defaults section" : ""))"
                        if let releaseLocation { origin += ", selected at \(releaseLocation)" }
                        location = releaseLocation
                    } else {
                        origin = "set at \(place)" + (setting.isInherited ? " (inherited from defaults)" : "")
                        location = place
                    }
                } else {
                    origin = "not set in the proxy or its defaults"
                    location = proxy.section.headerLocation.isKollaTemplate ? releaseLocation : proxy.section.headerLocation
                }
                // A services.d proxy appears in every HAProxy view; report each value once.
                let identity = "\(proxy.kind) \(proxy.name)\u{1F}\(location.map(\.description) ?? "")\u{1F}\(value)"
                guard seen.insert(identity).inserted else { continue }
                let hostNote = view.host.map { " on \($0)" } ?? ""
                result.append(PolicyObservation(
                    value: value, subject: subject + hostNote, origin: origin, location: location, host: view.host,
                    key: "\(proxy.kind) \(proxy.name)/\(property)@\(view.host ?? "*")"))
            }
        }
        return result
    }

    private static func policyObservations(
        names: NameFilter, key: RabbitMQPolicyKey, hostFilter: HostFilter?, deployment: Deployment, hosts: DeploymentHosts
    ) -> [PolicyObservation] {
        let ownSets = Set(deployment.effective.policySets.compactMap(\.host))
        let selection = hostFilter.map(hosts.selection)
        var result: [PolicyObservation] = []
        for set in deployment.effective.policySets {
            if let selection, !selection.selects(set.host, except: ownSets) { continue }
            for policy in set.policies where names.matches(policy.name) && !policy.isConditional {
                let hostNote = set.host.map { " on \($0)" } ?? ""
                let subject = "\(key.name) of RabbitMQ policy \(policy.name)\(hostNote)"
                let (policyOrigin, policyLocation) = describe(policy.provenance)
                var value: ObservedValue
                var origin = policyOrigin
                var location = policyLocation
                switch key {
                case .pattern:
                    value = policy.pattern.map { ObservedValue(text: $0, bool: nil) } ?? .unknown
                    location = policy.patternLocation.flatMap { $0.isKollaTemplate ? nil : $0 } ?? policyLocation
                    if case .file = policy.provenance.origin, let place = location { origin = "set at \(place)" }
                case .applyTo:
                    value = ObservedValue(text: policy.applyTo, bool: nil)
                case .priority:
                    value = policy.priority.map { ObservedValue(text: String($0), bool: nil) } ?? .unknown
                case .definition(let name):
                    if let entry = policy.value(name) {
                        value = entry.isConditional ? .unknown : ObservedValue(entry.value, defined: true)
                        (origin, location) = describe(entry.provenance)
                    } else {
                        value = .absent
                        origin = "not in the policy's definition (\(policyOrigin))"
                    }
                }
                result.append(PolicyObservation(
                    value: value, subject: subject, origin: origin, location: location, host: set.host,
                    key: "\(policy.vhost)/\(policy.name)/\(key.name)@\(set.host ?? "*")"))
            }
        }
        return result
    }

    private static func confObservations(
        key: String, hostFilter: HostFilter?, deployment: Deployment, hosts: DeploymentHosts
    ) -> [PolicyObservation] {
        // The broker configuration of every host (a custom file, else Kolla's template), then
        // each host with its own file (Kolla copies the host file instead of the global one).
        var views: [(host: String?, conf: RabbitMQConf?)] = []
        var global: RabbitMQConf?
        var perHost: [(String, RabbitMQConf)] = []
        var loose: [RabbitMQConf] = []
        for file in deployment.rabbitmqConfs {
            switch file.role {
            case .rabbitmqOverride(let name, let host) where name == "rabbitmq.conf":
                if let host { perHost.append((host, file.conf)) } else { global = file.conf }
            case .looseRabbitMQConf:
                loose.append(file.conf)
            default:
                continue
            }
        }
        if deployment.kind != .loose { views.append((nil, global)) }
        views += perHost.map { ($0.0, $0.1) }
        views += loose.map { (nil, $0) }
        let ownHosts = Set(perHost.map(\.0))
        let selection = hostFilter.map(hosts.selection)
        let variables = deployment.effective.variables
        let secret = Redactor.isSecretKey(key)
        var result: [PolicyObservation] = []
        for view in views {
            if let selection, !selection.selects(view.host, except: ownHosts) { continue }
            let hostNote = view.host.map { " on \($0)" } ?? ""
            let subject = "rabbitmq.conf \(key)\(hostNote)"
            let semantic = "\(key)@\(view.host ?? "*")"
            if let conf = view.conf {
                guard let entry = conf.last(key) else {
                    result.append(PolicyObservation(
                        value: .absent, subject: subject, origin: "not set in \(conf.path)", location: .wholeFile(conf.path),
                        host: view.host, key: semantic, isSecret: secret))
                    continue
                }
                var value = ObservedValue(text: entry.value, bool: nil)
                if entry.isTemplated {
                    value = variables.map { ObservedValue($0.render(entry.value), defined: true) } ?? .unknown
                }
                result.append(PolicyObservation(
                    value: value, subject: subject, origin: "set at \(entry.valueLocation)", location: entry.valueLocation,
                    host: view.host, key: semantic, isSecret: secret))
                continue
            }
            // Kolla's own template: rmqlint models only the settings its rules read; any other
            // key is unknown (the template sets more than the model holds), never "absent".
            let template = KollaKnowledge.templatePartitionHandling(for: deployment.release.version)
            guard key == template.key, let variables else { continue }
            let rendered = variables.render(template.value)
            let selected = variables.selectingLocations(expression: nil, template: template.value)
            var origin: String
            if let first = selected.first, first != variables.releaseLocation {
                origin = "rendered by Kolla's template (\(template.source)) from the variable set at \(first)"
            } else {
                origin = "Kolla default (\(template.source))"
                if let first = selected.first { origin += ", release selected at \(first)" }
            }
            result.append(PolicyObservation(
                value: ObservedValue(rendered, defined: true), subject: subject, origin: origin, location: selected.first,
                host: view.host, key: semantic, isSecret: secret))
        }
        return result
    }
}

/// One value a policy looks at: what it is, what it belongs to and where it comes from.
struct PolicyObservation {
    var value: ObservedValue
    /// `[oslo_messaging_rabbit] heartbeat_timeout_threshold of nova-compute on cmp01`.
    var subject: String
    /// `set at config/nova.conf:3:1`, `Kolla default (…), selected at globals.yml:2:1`.
    var origin: String
    /// Where the finding points (the value's provenance); `nil` → the deployment's fallback.
    var location: SourceLocation?
    var service: String? = nil
    var host: String? = nil
    /// The line-independent part of the fingerprint.
    var key: String
    /// The value is never printed (a password-like key).
    var isSecret = false
    var related: [RelatedLocation] = []

    var isFallbackLocation: Bool { location == nil }
}

/// A matched value as a policy sees it.
enum ObservedValue: CustomStringConvertible {
    /// Cannot be known (unevaluated Jinja, conditional): never a finding.
    case unknown
    /// Not set anywhere (and no default the model knows).
    case absent
    /// A value: its text, and its number and boolean readings where it has them.
    case value(text: String, number: Double?, bool: Bool?)

    /// A written value: numeric when it parses as a number.
    init(text: String, bool: Bool?) {
        let trimmed = text.policyTrimmed()
        self = .value(text: text, number: Double(trimmed).flatMap { $0.isFinite ? $0 : nil }, bool: bool)
    }

    /// A Jinja value (a variable, a policy definition entry); `defined` false makes it absent.
    init(_ value: JinjaValue, defined: Bool) {
        guard defined else { self = .absent; return }
        switch value {
        case .unknown: self = .unknown
        case .none: self = .absent
        case .bool(let flag): self = .value(text: flag ? "true" : "false", number: nil, bool: flag)
        case .int(let number): self = .value(text: String(number), number: Double(number), bool: nil)
        case .float(let number): self = .value(text: value.renderedText ?? String(number), number: number, bool: nil)
        case .string(let text): self = ObservedValue(text: text, bool: nil)
        default:
            guard let text = value.renderedText else { self = .unknown; return }
            self = .value(text: text, number: nil, bool: nil)
        }
    }

    /// Whether the value equals a policy's scalar: as booleans when both are, as numbers
    /// when both are (HAProxy times in milliseconds when `times`), else as text.
    func equals(_ expected: PolicyScalar, times: Bool) -> Bool {
        guard case .value(let text, let number, let bool) = self else { return false }
        if let wanted = expected.bool {
            if let bool { return bool == wanted }
            switch text.policyTrimmed().lowercased() {
            case "true", "yes", "on", "1": return wanted
            case "false", "no", "off", "0": return !wanted
            default: return false
            }
        }
        let wantedNumber = expected.number ?? (times ? HAProxyModel.milliseconds(expected.text).map(Double.init) : nil)
        if let wantedNumber, let number { return number == wantedNumber }
        return text == expected.text
    }

    var description: String {
        switch self {
        case .unknown: "<unknown>"
        case .absent: "<absent>"
        case .value(let text, _, _): text
        }
    }
}

/// The hosts of a deployment, for `host:` filters: computed once per deployment.
struct DeploymentHosts {
    /// Every inventory host; `nil` without an inventory.
    let all: [String]?
    /// The hosts of each group a policy names.
    let groups: [String: Set<String>]

    init(_ deployment: Deployment, groups names: Set<String>) {
        guard let inventory = deployment.inventory else {
            all = nil
            groups = [:]
            return
        }
        all = inventory.hosts(inGroup: "all")
        var table: [String: Set<String>] = [:]
        for name in names { table[name] = Set(inventory.hosts(inGroup: name)) }
        groups = table
    }

    func matches(_ host: String, _ filter: HostFilter) -> Bool {
        switch filter {
        case .names(let names): names.matches(host)
        case .group(let group): groups[group]?.contains(host) ?? false
        }
    }

    /// The inventory hosts a filter selects, computed once per policy and deployment.
    func selection(_ filter: HostFilter) -> HostSelection {
        HostSelection(filter: filter, hosts: self, matched: all.map { $0.filter { matches($0, filter) } })
    }
}

/// The hosts one policy's `host:` filter selects in one deployment.
struct HostSelection {
    let filter: HostFilter
    let hosts: DeploymentHosts
    /// Matching inventory hosts, in inventory order; `nil` without an inventory.
    let matched: [String]?

    /// Whether a view of `host` (`nil`: every host without a view of its own, those in
    /// `except`) concerns a selected host. Without an inventory, hosts are unknown: only
    /// views named after a matching host are selected.
    func selects(_ host: String?, except: Set<String>) -> Bool {
        if let host { return hosts.matches(host, filter) }
        guard let matched else { return false }
        return matched.contains { !except.contains($0) }
    }
}

extension PolicyMatch {
    /// The `host:` filter, when the kind has one.
    var hostFilter: HostFilter? {
        switch self {
        case .setting(_, _, _, let hosts), .haproxy(_, _, let hosts), .rabbitmqPolicy(_, _, let hosts), .rabbitmqConf(_, let hosts):
            hosts
        case .variable:
            nil
        }
    }
}

extension PolicyRequirement {
    var isAbsent: Bool {
        if case .absent = self { return true }
        return false
    }
}
