import Testing
@testable import RMQLintCore
@testable import RMQLintKnowledge
@testable import RMQLintModel
@testable import RMQLintSource

/// The broker configuration of the effective model: Kolla's template per release, the
/// variables that render into it, the whole-file override chain per host, and the forms
/// RabbitMQ reads (rabbitmq.conf, advanced.config, classic rabbitmq.config, Erlang arguments).
@Suite("Effective broker configuration")
struct EffectiveBrokerTests {
    func deployment(_ files: [String: String]) throws -> Deployment {
        var fs = InMemoryFileSystem(currentDirectory: "/")
        for (path, contents) in files { fs.addFile(path, contents: contents) }
        let model = try Linter(rules: [], fileSystem: fs).lint(LintOptions(paths: ["/k"])).get().model
        return try #require(model.deployments.first)
    }

    func handling(_ broker: EffectiveBrokerConfig?) -> String? { broker?.effective("cluster_partition_handling")?.value }

    @Test func templateLiteralsAndVariablePerRelease() throws {
        // rocky: classic rabbitmq.config.j2 hard-codes autoheal; stein too (rabbitmq.conf.j2);
        // train hard-codes pause_minority; from victoria the variable decides.
        for (release, expected, file) in [("rocky", "autoheal", "rabbitmq.config"), ("stein", "autoheal", "rabbitmq.conf"),
                                          ("train", "pause_minority", "rabbitmq.conf"), ("2024.1", "ignore", "rabbitmq.conf")] {
            let tree = try deployment([
                "/k/globals.yml": "openstack_release: \"\(release)\"\nrabbitmq_cluster_partition_handling: ignore\n",
            ])
            let broker = try #require(tree.effective.brokers.first)
            #expect(handling(broker) == expected, "\(release)")
            #expect(broker.files.first?.name == file, "\(release)")
            #expect(broker.files.first?.kind == .kollaTemplate)
        }
        let defaulted = try #require(try deployment(["/k/globals.yml": "openstack_release: \"zed\"\n"]).effective.brokers.first)
        let setting = try #require(defaulted.effective("cluster_partition_handling"))
        #expect(setting.value == "pause_minority")
        guard case .kollaTemplate(let source) = setting.provenance.origin else { Issue.record("not a template value"); return }
        #expect(source.hasPrefix("KA zed-eol:ansible/roles/rabbitmq/templates/rabbitmq.conf.j2 L9 @ b1527cd9"))
        #expect(source.contains("rabbitmq_cluster_partition_handling default \"pause_minority\""))
        #expect(setting.provenance.selectedBy.map(\.description) == ["k/globals.yml:1:20"])
    }

    @Test func hostOverrideThenGlobalOverrideThenTemplate() throws {
        let tree = try deployment([
            "/k/globals.yml": "openstack_release: \"2024.1\"\nrabbitmq_cluster_partition_handling: autoheal\nrabbitmq_extra_config:\n  net_ticktime: 120\n",
            "/k/config/rabbitmq/rabbitmq.conf": "cluster_partition_handling = pause_minority\n",
            "/k/config/rabbitmq/ctl02/rabbitmq.conf": "cluster_partition_handling = ignore\n",
            "/k/config/rabbitmq/ctl03/advanced.config": "[{rabbit, [{cluster_partition_handling, autoheal}]}].\n",
        ])
        let brokers = tree.effective.brokers
        #expect(brokers.map(\.host) == [nil, "ctl02", "ctl03"])
        #expect(brokers.map(handling) == ["pause_minority", "ignore", "autoheal"])
        // ctl03: the global rabbitmq.conf, its own advanced.config (applied after it).
        #expect(brokers[2].all("cluster_partition_handling").map(\.form) == [.rabbitmqConf, .advancedConfig])
        #expect(brokers[2].files.map(\.kind) == [.override, .override, .kollaTemplate])
        // The whole-file override makes the globals that feed Kolla's template dead.
        #expect(brokers[0].ignoredVariables.map(\.name) == ["rabbitmq_cluster_partition_handling", "rabbitmq_extra_config"])
        #expect(brokers[0].effective("net_ticktime") == nil)
    }

    @Test func extraConfigAndErlangArgumentsRenderIntoTheTemplate() throws {
        let tree = try deployment([
            "/k/globals.yml": """
                openstack_release: "2024.1"
                rabbitmq_extra_config:
                  tcp_listen_options.keepalive: true
                rabbitmq_server_additional_erl_args: '-kernel net_ticktime 25'

                """,
        ])
        let broker = try #require(tree.effective.brokers.first)
        let keepalive = try #require(broker.effective("tcp_listen_options.keepalive"))
        #expect(keepalive.value == "true")
        #expect(keepalive.provenance.anchor?.description == "k/globals.yml:3:3")
        let tick = try #require(broker.effective("net_ticktime"))
        #expect(tick.value == "25" && tick.form == .erlangArguments)
        #expect(tick.provenance.anchor?.description == "k/globals.yml:4:60")
        #expect(broker.effective("management.load_definitions")?.value == "/etc/rabbitmq/definitions.json")
    }

    @Test func queensAndRockyReadNoRabbitMQOverride() throws {
        let tree = try deployment([
            "/k/globals.yml": "openstack_release: \"rocky\"\n",
            "/k/config/rabbitmq/rabbitmq.conf": "cluster_partition_handling = ignore\n",
        ])
        #expect(tree.effective.brokers.count == 1)
        #expect(tree.effective.brokers.first?.customRabbitMQConfPath == nil)
        #expect(handling(tree.effective.brokers.first) == "autoheal")
    }

    /// The generated table (scripts/generate-kolla-broker-templates.py) covers every release
    /// once, in order, and says what the role reads: no override up to rocky, rabbitmq.conf
    /// from stein, advanced.config from train; the extra-config loop from yoga.
    @Test func generatedTemplateTableCoversEveryReleaseOnce() throws {
        var covered: [OpenStackRelease] = []
        for span in kollaBrokerTemplateSpans { covered += OpenStackRelease.allCases.filter { span.releases.contains($0) } }
        #expect(covered == OpenStackRelease.allCases)
        for release in OpenStackRelease.allCases {
            let template = try #require(KollaKnowledge.brokerTemplate(for: release))
            #expect(template.overridesRead.contains("rabbitmq.conf") == (release >= .stein), "\(release)")
            #expect(template.hasAdvancedConfig == (release >= .train), "\(release)")
            #expect((template.extraConfigLine != nil) == (release >= .yoga), "\(release)")
            #expect(template.form == (release <= .rocky ? .classic : .sysctl), "\(release)")
            for key in ["cluster_partition_handling", "management.load_definitions"] {
                #expect(template.lines.contains { $0.key == key && !$0.conditional }, "\(release) \(key)")
            }
        }
    }
}
