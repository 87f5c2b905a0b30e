import Testing
import RMQLintCore
import RMQLintRules

/// Which findings of the cluster and broker rules carry a fix, which applicability, and that
/// the message's advice is the fix's description (issue 16). Applying the fixes and re-linting
/// is FixTests' job; this suite pins the cases without one.
@Suite("Cluster and broker fixes")
struct ClusterFixTests {
    private func findings(_ id: String, _ files: KeyValuePairs<String, String>) throws -> [Finding] {
        try ExampleRunner.findings(of: id, files: files.map { ExampleFile(path: $0.key, contents: $0.value) }, arguments: [])
    }

    private func fixes(_ finding: Finding?) -> [String] {
        (finding?.fixes ?? []).map { "\($0.applicability.rawValue): \($0.description)" }
    }

    /// Every fix's description is the advice its message gives.
    private func expectAdviceIsTheFix(_ findings: [Finding]) {
        for finding in findings {
            for fix in finding.fixes {
                #expect(finding.message.contains(fix.description), "\(finding.ruleID): '\(finding.message)' lacks '\(fix.description)'")
            }
        }
    }

    static let vipTree: KeyValuePairs<String, String> = [
        "globals.yml": "openstack_release: \"2024.1\"\nkolla_internal_vip_address: \"10.0.0.10\"\n",
        "multinode": "[rabbitmq]\nctl[01:03]\n",
        "config/global.conf": "[DEFAULT]\ntransport_url = rabbit://openstack:Sup3rSecret@10.0.0.10:5672//\n",
    ]

    @Test func singleEndpointOverrideIsDeletedOnlyWhereKollasURLTakesOver() throws {
        let deletable = try findings("RMQ401", Self.vipTree)
        #expect(fixes(deletable.first) == [
            "unsafe: Delete this override so that Kolla renders the URL with every node of the `rabbitmq` group",
        ])
        // Resolved by the pipeline: line 2 replaced by nothing.
        #expect(deletable.first?.fixes.first?.edits.map(\.path) == ["config/global.conf"])
        if case .replace(let range, let text)? = deletable.first?.fixes.first?.edits.first {
            #expect(range.range.start.line == 2 && range.range.end.line == 3 && text.isEmpty, "\(range)")
        } else {
            Issue.record("not a resolved line deletion: \(deletable.first?.fixes ?? [])")
        }
        expectAdviceIsTheFix(deletable)
        // A lower layer of the tree sets the key too: deleting nova.conf's line would expose
        // global.conf's, not Kolla's URL.
        let layered = try findings("RMQ401", [
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "multinode": "[rabbitmq]\nctl[01:03]\n",
            "config/global.conf": "[DEFAULT]\ntransport_url = rabbit://o:p@ctl01:5672//\n",
            "config/nova.conf": "[DEFAULT]\ntransport_url = rabbit://o:p@ctl02:5672//\n",
        ])
        let nova = try #require(layered.first { $0.location.path == "config/nova.conf" })
        #expect(nova.fixes.isEmpty)
        #expect(nova.message.hasSuffix("List every RabbitMQ node in the URL (or remove the override and let Kolla render it)."))
        // Rendered files are not what Kolla deploys.
        let rendered = try findings("RMQ401", [
            "ctl01/nova-api/nova.conf": "[DEFAULT]\ntransport_url = rabbit://o:p@10.0.0.10:5672//\n",
            "ctl02/nova-api/nova.conf": "[DEFAULT]\ntransport_url = rabbit://o:p@ctl01:5672,o:p@ctl02:5672//\n",
        ])
        #expect(rendered.allSatisfy { $0.fixes.isEmpty })
    }

    @Test func evenClusterSizeHasNoFix() throws {
        let result = try findings("RMQ402", ["globals.yml": "openstack_release: \"2024.1\"\n", "multinode": "[rabbitmq]\nrmq[01:04]\n"])
        #expect(result.count == 1 && result.allSatisfy { $0.fixes.isEmpty })
    }

    @Test func keepAliveFixIsSafeOnlyWhereOnlyThatOptionChanges() throws {
        let written = try findings("RMQ405", [
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "config/rabbitmq/rabbitmq.conf": "listeners.tcp.1 = 0.0.0.0:5672\ntcp_listen_options.keepalive = false\n",
        ])
        #expect(fixes(written.first) == ["safe: Set it to `true`"])
        let own = try findings("RMQ405", [
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "config/rabbitmq/rabbitmq.conf": "listeners.tcp.1 = 0.0.0.0:5672\ntcp_listen_options.backlog = 4096\n# end\n",
        ])
        #expect(fixes(own.first) == ["safe: Add `tcp_listen_options.keepalive = true` to the custom rabbitmq.conf"])
        let bare = try findings("RMQ405", [
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "config/rabbitmq/rabbitmq.conf": "listeners.tcp.1 = 0.0.0.0:5672\n",
        ])
        #expect(fixes(bare.first) == ["unsafe: Add `tcp_listen_options.keepalive = true` to the custom rabbitmq.conf"])
        expectAdviceIsTheFix(written + own + bare)
        // A templated file: the line goes after the last entry outside `{% if %}`, never inside
        // a block (it would be rendered only when the condition holds).
        let templated = try findings("RMQ405", [
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "config/rabbitmq/rabbitmq.conf": """
                listeners.tcp.1 = 0.0.0.0:5672
                tcp_listen_options.backlog = 4096
                {% if rabbitmq_debug | bool %}
                log.console.level = debug
                {% endif %}

                """,
        ])
        #expect(fixes(templated.first) == ["safe: Add `tcp_listen_options.keepalive = true` to the custom rabbitmq.conf"])
        if case .replace(let range, let text)? = templated.first?.fixes.first?.edits.first {
            #expect(range.range.start.line == 3 && text == "tcp_listen_options.keepalive = true\n", "\(range) \(text)")
        } else {
            Issue.record("not a resolved insertion: \(templated.first?.fixes ?? [])")
        }
        let allConditional = try findings("RMQ405", [
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "config/rabbitmq/rabbitmq.conf": "{% if x %}\nlisteners.tcp.1 = 0.0.0.0:5672\n{% endif %}\n",
        ])
        #expect(allConditional.count == 1 && allConditional.allSatisfy { $0.fixes.isEmpty })
        // `true` only inside a block: uncertain (info), no fix; outside any block: nothing to report.
        let conditionalTrue = try findings("RMQ405", [
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "config/rabbitmq/rabbitmq.conf": "listeners.tcp.1 = 0.0.0.0:5672\n{% if x %}\ntcp_listen_options.keepalive = true\n{% endif %}\n",
        ])
        #expect(conditionalTrue.map(\.location.line) == [3] && conditionalTrue.allSatisfy {
            $0.fixes.isEmpty && $0.severity == .info && $0.message.contains("only inside a Jinja block")
        }, "\(conditionalTrue)")
        let unconditionalTrue = try findings("RMQ405", [
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "config/rabbitmq/rabbitmq.conf": "{% if x %}\ntcp_listen_options.keepalive = false\n{% endif %}\ntcp_listen_options.keepalive = true\n",
        ])
        #expect(unconditionalTrue.isEmpty, "\(unconditionalTrue)")
        // advanced.config sets the listener options: a rabbitmq.conf line would not count.
        let shadowed = try findings("RMQ405", [
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "config/rabbitmq/rabbitmq.conf": "listeners.tcp.1 = 0.0.0.0:5672\n",
            "config/rabbitmq/advanced.config": "[{rabbit, [{tcp_listen_options, [{backlog, 4096}]}]}].\n",
        ])
        #expect(shadowed.count == 1 && shadowed.allSatisfy { $0.fixes.isEmpty })
    }

    @Test func shortNetTicktimeBecomesTheDefaultInTheTreeOnly() throws {
        let tree = try findings("RMQ406", [
            "globals.yml": "openstack_release: \"2024.1\"\nrabbitmq_server_additional_erl_args: \"+S 2:2 -kernel net_ticktime 10\"\n",
        ])
        #expect(fixes(tree.first) == ["unsafe: Set it to 60 (RabbitMQ's default) instead of 10"])
        expectAdviceIsTheFix(tree)
        let collected = try findings("RMQ406", [
            "ctl01/rabbitmq/rabbitmq-env.conf": "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=\"-kernel net_ticktime 20\"\n",
        ])
        #expect(collected.count == 1 && collected.allSatisfy { $0.fixes.isEmpty })
    }
}
