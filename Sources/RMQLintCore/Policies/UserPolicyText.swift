import RMQLintSource
import RMQLintJinja
import RMQLintKnowledge
import RMQLintLoaders
import RMQLintModel
import RMQLintEngine

/// The documentation of a site policy, written from its definition, so `rmqlint explain`,
/// SARIF help and `rmqlint rules` describe it the way they describe built-in rules.
enum UserPolicyText {
    /// "Checks `[oslo_messaging_rabbit] heartbeat_timeout_threshold` of services nova-compute
    /// on hosts cmp*: requires >= 120."
    static func whatItDoes(match: PolicyMatch, conditions: [PolicyCondition], requirement: PolicyRequirement) -> String {
        var text = "Site policy. Checks \(subject(match)) and requires \(requirement.description)."
        if !conditions.isEmpty {
            text += " Only when " + conditions.map(\.description).joined(separator: " and ") + "."
        }
        text += " Values rmqlint cannot know (unevaluated Jinja) give no finding; a value that is not set satisfies only absent and not_equals."
        return text
    }

    /// What to change.
    static func fix(match: PolicyMatch, requirement: PolicyRequirement) -> String {
        "Change the line the finding points at (the layer that sets the value) so that \(subject(match)) satisfies \(requirement.description)."
    }

    static func subject(_ match: PolicyMatch) -> String {
        switch match {
        case .setting(let section, let key, let services, let hosts):
            var text = "`[\(section)] \(key)` of " + (services.map { "services \($0)" } ?? "every service")
            if let hosts { text += " on hosts \(hosts)" }
            return text
        case .variable(let name):
            return "the Kolla variable `\(name)`"
        case .haproxy(let proxies, let property, let hosts):
            let what: String
            switch property {
            case .option(let name): what = "`option \(name)`"
            case .timeout(let name): what = "`timeout \(name)`"
            case .directive(let keyword): what = "`\(keyword)`"
            }
            return "\(what) of HAProxy proxies \(proxies)" + (hosts.map { " on hosts \($0)" } ?? "")
        case .rabbitmqPolicy(let names, let key, let hosts):
            return "`\(key.name)` of RabbitMQ policies \(names)" + (hosts.map { " on hosts \($0)" } ?? "")
        case .rabbitmqConf(let key, let hosts):
            return "`\(key)` of rabbitmq.conf" + (hosts.map { " on hosts \($0)" } ?? "")
        }
    }
}
