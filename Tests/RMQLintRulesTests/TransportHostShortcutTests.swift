import Foundation
import Testing
@testable import RMQLintCore
@testable import RMQLintModel
@testable import RMQLintRules

/// `EffectiveDeployment.configsMayNameOneTransportHost` passes over the rendered files whose own
/// `transport_url`s (found once per deployment) name no single host; `configs(settingTrue:)`
/// passes over the rendered files that do not set the option when no default of the model is
/// true. The first must keep, in order, every config whose `transport_url` names one host; the
/// second must give exactly the configs where the option is true. The rules reading them
/// (RMQ401, RMQ102, RMQ108, RMQ404) must find exactly what they find over every config (the
/// model without its rendered index, where no shortcut is taken): for every candidate release's
/// model of every rule example, every Sample, and a fleet mixing one-host, several-host,
/// templated and notification URLs, true, false and templated options, and releases whose
/// default is true (where the second shortcut must not be taken).
@Suite("Rendered files passed over: shortcuts")
struct TransportHostShortcutTests {
    /// Collected configs naming one host, several hosts, a templated host or none, in the
    /// `[DEFAULT]` or notifications section, beside a Kolla tree with an inventory.
    static func fleet(hosts: Int) -> InMemoryFileSystem {
        var fs = InMemoryFileSystem(currentDirectory: "/g")
        fs.addFile("/g/etc/kolla/globals.yml", contents: "openstack_release: \"2024.1\"\nenable_nova: \"yes\"\n")
        fs.addFile("/g/etc/kolla/multinode", contents: "[rabbitmq]\nctl[01:03]\n")
        fs.addFile("/g/etc/kolla/config/global.conf", contents: "[DEFAULT]\ntransport_url = rabbit://o:p@10.0.0.10:5672//\n")
        let urls = [
            "[DEFAULT]\ntransport_url = rabbit://u:p@ctl01:5672,u:p@ctl02:5672,u:p@ctl03:5672//\n",
            "[DEFAULT]\ntransport_url = rabbit://u:p@10.0.0.10:5672//\n",
            "[oslo_messaging_notifications]\ntransport_url = rabbit://u:p@ctl01:5672//\n",
            "[DEFAULT]\ntransport_url = rabbit://u:{{ pw }}@ctl01:5672//\n",
            "[DEFAULT]\ntransport_url = rabbit://u:p@{{ host }}:5672//\n",
            "[oslo_messaging_rabbit]\nheartbeat_in_pthread = false\nrabbit_ha_queues = true\n",
            "[oslo_messaging_rabbit]\nrabbit_ha_queues = true\nrabbit_quorum_queue = true\nrabbit_stream_fanout = true\n",
            "[oslo_messaging_rabbit]\nrabbit_ha_queues = {{ ha }}\nrabbit_stream_fanout = True\nheartbeat_in_pthread = true\n",
            "[Oslo_Messaging_Rabbit]\nrabbit_ha_queues = false\nrabbit_stream_fanout = false\nrabbit_qos_prefetch_count = 0\n",
        ]
        let services = [("nova", "nova-api"), ("keystone", "keystone"), ("neutron", "neutron-server")]
        for host in 0..<hosts {
            for (number, (project, service)) in services.enumerated() {
                fs.addFile("/g/hosts/h\(host)/\(service)/\(project).conf", contents: urls[(host + number * 2) % urls.count])
            }
        }
        return fs
    }

    /// A config as rules tell it apart.
    static func describe(_ config: EffectiveServiceConfig) -> String { "\(config.origin) \(config.label)" }

    /// The options `configs(settingTrue:)` is compared on (`heartbeat_in_pthread` defaults to
    /// true on some releases).
    static let trueKeys: [EffectiveServiceConfig.SettingLookupKey] = [
        .rabbitHAQueues, .rabbitStreamFanout, .rabbitQuorumQueue, .rabbitTransientQuorumQueue, .heartbeatInPthread,
        .amqpDurableQueues, .useQueueManager,
    ]

    /// Whether a `transport_url` of `config` names one host (what the shortcut must never pass over).
    static func namesOneHost(_ config: EffectiveServiceConfig) -> Bool {
        config.settings.contains { $0.transportURLHosts?.count == 1 }
    }

    /// Compares the shortcut with every config on each model of `deployments`; returns how many
    /// models had a rendered index (the shortcut's precondition).
    @discardableResult
    static func check(_ deployments: [Deployment], _ what: String) -> Int {
        var indexed = 0
        for deployment in deployments {
            for model in SettingSourcesShortcutTests.models(of: deployment) {
                if model.effective.renderedIndex != nil { indexed += 1 }
                let release = model.release.version.release
                let all = model.effective.configsMayNameOneTransportHost(shortcut: false).map(describe)
                #expect(all == model.effective.configs.map(describe), "\(what) \(release)")
                let kept = model.effective.configsMayNameOneTransportHost
                let keptNames = kept.map(describe)
                // A subsequence of the configs, holding each that names one host.
                var rest = all[...]
                for name in keptNames {
                    guard let found = rest.firstIndex(of: name) else {
                        Issue.record("\(what) \(release): \(name) out of order or not a config")
                        break
                    }
                    rest = rest[(found + 1)...]
                }
                #expect(model.effective.configs.filter(namesOneHost).map(describe) == kept.filter(namesOneHost).map(describe),
                        "\(what) \(release)")
                // RMQ401 over the model, and over the same model without its index (every config read).
                var general = model
                general.effective.configs = model.effective.configs
                #expect(general.effective.renderedIndex == nil)
                let rule = SingleEndpointTransportRule()
                let fast = rule.check(LintContext(model: DeploymentModel(deployments: [model], loadDiagnostics: [], filesRead: 0, secrets: [])))
                let slow = rule.check(LintContext(model: DeploymentModel(deployments: [general], loadDiagnostics: [], filesRead: 0, secrets: [])))
                #expect(fast == slow, "\(what) \(release)")
                for key in trueKeys {
                    #expect(model.effective.configs(settingTrue: key).map(describe)
                            == model.effective.configs(settingTrue: key, shortcut: false).map(describe), "\(what) \(release) \(key)")
                }
                let rules: [any Rule] = [HAAndQuorumTogetherRule(), HAQueuesWithoutPolicyRule(), StreamFanoutPrerequisitesRule()]
                for rule in rules {
                    let fast = rule.check(LintContext(model: DeploymentModel(deployments: [model], loadDiagnostics: [], filesRead: 0, secrets: [])))
                    let slow = rule.check(LintContext(model: DeploymentModel(deployments: [general], loadDiagnostics: [], filesRead: 0, secrets: [])))
                    #expect(fast == slow, "\(what) \(release) \(type(of: rule).description.id)")
                }
            }
        }
        return indexed
    }

    @Test func ruleExamples() throws {
        #expect(SettingSourcesShortcutTests.checkRuleExamples(Self.check) > 50)
    }

    @Test func samples() throws {
        #expect(try SettingSourcesShortcutTests.checkSamples(Self.check).total > 0)
    }

    /// A fleet with an inventory (a cluster of three) and without (cluster size from the files):
    /// RMQ401 finds one-host URLs, and the shortcut passes over the other files.
    @Test func mixedFleet() throws {
        for paths in [["/g/etc/kolla", "/g/hosts"], ["/g/hosts"]] {
            let deployments = try SettingSourcesShortcutTests.lint(Self.fleet(hosts: 9), paths: paths)
            let loose = try #require(deployments.first { $0.kind == .loose })
            let models = SettingSourcesShortcutTests.models(of: loose)
            #expect(models.count > 10)
            let model = try #require(models.first)
            #expect(model.effective.configsMayNameOneTransportHost.count < model.effective.configs.count)
            #expect(model.effective.configsMayNameOneTransportHost.contains(where: Self.namesOneHost))
            let context = LintContext(model: DeploymentModel(deployments: [model], loadDiagnostics: [], filesRead: 0, secrets: []))
            #expect(!SingleEndpointTransportRule().check(context).isEmpty)
            let ha = model.effective.configs(settingTrue: .rabbitHAQueues)
            #expect(!ha.isEmpty && ha.count < model.effective.configs.count)
            // A release whose oslo.messaging defaults heartbeat_in_pthread to true: every config is read.
            #expect(models.contains { $0.effective.trueDefaults?.contains(.heartbeatInPthread) == true })
            #expect(models.contains { $0.effective.trueDefaults?.contains(.heartbeatInPthread) == false })
            #expect(Self.check(deployments, "fleet \(paths)") > 10)
        }
    }
}
