import Foundation
import Testing

/// The shapes of real operator trees (docs/spec.md §10.1, §10.2), each written here as a small realistic
/// tree and run through the built binary: release evidence and ranges, Kayobe templates,
/// environments and repository roots, inventories, strict JSON, loose files, cluster evidence,
/// and "nothing recognised". Each test names the failure it guards against.
@Suite("Real tree shapes")
final class RealTreeShapeTests {
    /// The trees this test wrote, removed when it ends (Swift Testing makes one instance per test).
    private var written: [URL] = []

    deinit {
        for directory in written { try? FileManager.default.removeItem(at: directory) }
    }

    /// A fresh directory (with `.git`, so no `.rmqlint.yml` above it applies) holding `files`,
    /// removed when the test ends.
    func tree(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rmqlint-shape-\(UUID().uuidString)")
        written.append(directory)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent(".git"), withIntermediateDirectories: true)
        for (path, text) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return directory
    }

    static func json(_ arguments: [String], in directory: URL) throws -> (status: Int32, document: [String: Any], stderr: String) {
        let output = try CLI.run(["--format", "json"] + arguments, in: directory)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any],
                                    "not JSON: \(output.stdout) \(output.stderr)")
        return (output.status, document, output.stderr)
    }

    static func findings(_ document: [String: Any]) -> [[String: Any]] {
        document["findings"] as? [[String: Any]] ?? []
    }

    static func ids(_ document: [String: Any], severity: String? = nil) -> [String] {
        findings(document).filter { severity == nil || $0["severity"] as? String == severity }.compactMap { $0["ruleId"] as? String }
    }

    static let threeBrokers = """
        [control]
        ctl01
        ctl02
        ctl03

        [rabbitmq:children]
        control

        """

    static let mirroringDefinitions = """
        {
          "policies": [
            {"vhost": "/", "name": "ha-all", "pattern": ".*", "apply-to": "all",
             "definition": {"ha-mode": "all", "ha-promote-on-shutdown": "always"}, "priority": 0}
          ]
        }

        """

    // MARK: 10.1 Release from evidence, else a range

    /// "RMQ104 RabbitMQ 4.2 removed mirroring" on a tree whose release nothing decides: never
    /// an error, an info naming the releases where it holds, and RMQ002 telling how to pin.
    @Test func unknownReleaseIsARangeNeverAnError() throws {
        let root = try tree([
            "globals.yml": "kolla_internal_vip_address: 10.0.0.10\n",
            "multinode": Self.threeBrokers,
            "config/rabbitmq/definitions.json": Self.mirroringDefinitions,
        ])
        let run = try Self.json(["."], in: root)
        #expect(run.status == 0)
        #expect(Self.ids(run.document, severity: "error").isEmpty)
        #expect(Self.ids(run.document, severity: "warning").isEmpty)
        let removed = try #require(Self.findings(run.document).first { $0["ruleId"] as? String == "RMQ104" })
        #expect(removed["severity"] as? String == "info")
        #expect((removed["message"] as? String)?.contains("holds only on 2025.1–master") == true)
        let unknown = try #require(Self.findings(run.document).first { $0["ruleId"] as? String == "RMQ002" })
        #expect((unknown["message"] as? String)?.contains("set openstack_release in globals.yml") == true)
        #expect((run.document["release"] as? String)?.hasPrefix("queens–master") == true)
        #expect((run.document["releaseCandidates"] as? [String])?.count == 18)
    }

    /// Train's implicit `ha-all` was missed on a tree whose images are tagged `9.0.1`: the tag
    /// decides the release (train), and RMQ101 fires at its own severity.
    @Test func kollaVersionTagDecidesTrain() throws {
        let root = try tree([
            "globals.yml": "kolla_internal_vip_address: 10.0.0.10\nopenstack_tag: 9.0.1\n",
            "multinode": Self.threeBrokers,
        ])
        let run = try Self.json(["."], in: root)
        #expect(run.document["release"] as? String == "train (9.0.1)")
        #expect(Self.ids(run.document, severity: "error").contains("RMQ101"))
        #expect(!Self.ids(run.document).contains("RMQ002"))
        let evidence = try #require((run.document["releaseEvidence"] as? [[String: Any]])?.first)
        #expect(evidence["variable"] as? String == "openstack_tag")
        #expect(evidence["line"] as? Int == 2)
        #expect(evidence["decides"] as? String == "train")
    }

    /// Service tags are evidence too; a custom `openstack_release` naming one series decides it.
    @Test func serviceTagsAndCustomReleaseStrings() throws {
        let tags = try tree(["globals.yml": "nova_tag: 13.9.0\nrabbitmq_tag: 13.9.0\n"])
        #expect(try Self.json(["."], in: tags).document["release"] as? String == "xena (13.9.0)")
        let custom = try tree(["globals.yml": "openstack_release: acme-xena-2022.03.1\n"])
        #expect(try Self.json(["."], in: custom).document["release"] as? String == "xena")
        let followed = try tree(["globals.yml": "openstack_release: \"{{ site_release }}\"\nsite_release: yoga\n"])
        #expect(try Self.json(["."], in: followed).document["release"] as? String == "yoga")
        let unresolved = try tree(["globals.yml": "openstack_release: \"{{ lookup('env', 'R') }}\"\n"])
        #expect((try Self.json(["."], in: unresolved).document["release"] as? String)?.contains("not pinned") == true)
    }

    /// OSISM trees pinned through `manager_version` got "remove this flag" (RMQ105) from an
    /// assumed newest release: 7.0.0 deploys 2023.2 (osism/release).
    @Test func osismManagerVersionDecidesTheSeries() throws {
        let root = try tree([
            "environments/kolla/configuration.yml": "om_enable_rabbitmq_high_availability: true\n",
            "environments/manager/configuration.yml": "manager_version: 7.0.0\n",
            "inventory/20-roles": Self.threeBrokers,
        ])
        let run = try Self.json(["."], in: root)
        #expect(run.document["release"] as? String == "2023.2")
        #expect(!Self.ids(run.document).contains("RMQ105"))
        let effective = try CLI.run(["effective", "."], in: root)
        #expect(effective.stdout.contains("manager_version = \"7.0.0\" at environments/manager/configuration.yml:1:18"))
        #expect(effective.stdout.contains("cluster: group rabbitmq: ctl01, ctl02, ctl03"))
    }

    // MARK: 10.2 Discovery

    /// Kayobe's Jinja-templated kolla/globals.yml gave RMQ001 "must be quoted" and the globals
    /// were dropped (the HA flag on a later line was not seen). Repository root is etc/kayobe.
    @Test func kayobeTemplatedGlobalsAreReadAtRepositoryRoot() throws {
        let root = try tree([
            "kolla.yml": "kolla_openstack_release: 2023.1\n",
            "inventory/hosts": "[controllers]\nctl01\nctl02\nctl03\n",
            // Kayobe's own Kolla inventory templates: not the inventory.
            "kolla/inventory/overcloud-services.j2": "[nova-api:children]\nnova\n",
            "kolla/globals.yml": """
                ---
                kolla_base_distro: "{% raw %}{{ ansible_facts.distribution | lower }}{% endraw %}"
                kolla_image_tags:
                {{ kolla_image_tags | to_nice_yaml | indent(width=4, first=true) }}
                {% if kolla_enable_ovn | bool %}
                neutron_plugin_agent: ovn
                {% else %}
                neutron_plugin_agent: openvswitch
                {% endif %}
                kolla_internal_fqdn: {{ internal_net_name | net_fqdn }}
                {# comment #}
                {% if groups['mgrs'] | length > 0 %}
                prometheus_ceph_mgr_exporter_endpoints:
                {% for host in groups['mgrs'] %}
                  - "{{ admin_oc_net_name | net_ip(host) }}:9283"
                {% endfor %}
                {% endif %}
                om_enable_rabbitmq_high_availability: true

                """,
            "kolla/config/nova.conf": """
                [DEFAULT]
                {% raw %}
                my_ip = {{ ansible_host }}
                {% endraw %}

                """,
        ])
        let run = try Self.json(["."], in: root)
        #expect(!Self.ids(run.document).contains("RMQ001"))
        #expect(run.document["release"] as? String == "2023.1")
        let effective = try CLI.run(["effective", "--format", "json", "."], in: root)
        #expect(effective.stdout.contains("\"kind\": \"kayobe\""))
        // The flag on the last line is seen: 2023.1 with HA on renders the ha-all policy.
        #expect(effective.stdout.contains("ha-all"))
        // The inventory is etc/kayobe/inventory (controllers → control → rabbitmq).
        let text = try CLI.run(["effective", "."], in: root)
        #expect(text.stdout.contains("cluster: group rabbitmq: ctl01, ctl02, ctl03"))
    }

    /// A Kayobe environment (etc/kayobe/environments/<env>/) is used when it is the only one,
    /// or when named with --environment; several without a choice are reported as skipped.
    @Test func kayobeEnvironments() throws {
        let files = [
            "etc/kayobe/kolla.yml": "kolla_enable_neutron: true\n",
            "etc/kayobe/environments/prod/kolla.yml": "kolla_openstack_release: 2024.1\n",
            "etc/kayobe/environments/prod/kolla/globals.yml": "om_enable_rabbitmq_quorum_queues: true\n",
            "etc/kayobe/environments/prod/inventory/hosts": "[controllers]\nctl01\nctl02\nctl03\n",
        ]
        let single = try tree(files)
        let run = try Self.json(["."], in: single)
        #expect(run.document["release"] as? String == "2024.1")
        #expect((run.document["summary"] as? [String: Any])?["files"] as? Int == 4)

        var two = files
        two["etc/kayobe/environments/test/kolla.yml"] = "kolla_openstack_release: zed\n"
        let several = try tree(two)
        let unchosen = try Self.json(["."], in: several)
        #expect((unchosen.document["skipped"] as? [[String: Any]])?.first?["reason"] as? String
            == "2 Kayobe environments (prod, test): choose one with --environment")
        let chosen = try Self.json(["--environment", "test", "."], in: several)
        #expect(chosen.document["release"] as? String == "zed")
    }

    /// `multinode.ini`, inventory directories (every file merged) and a split globals file
    /// named with --globals: the cluster and the release are read from them.
    @Test func inventoriesAndSplitGlobals() throws {
        let ini = try tree([
            "globals.yml": "openstack_release: 2024.1\n",
            "multinode.ini": Self.threeBrokers,
        ])
        let effective = try CLI.run(["effective", "."], in: ini)
        #expect(effective.stdout.contains("cluster: group rabbitmq: ctl01, ctl02, ctl03"))

        let directory = try tree([
            "globals.yml": "openstack_release: 2024.1\n",
            "inventory/10-hosts": "[control]\nctl01\nctl02\n",
            "inventory/20-roles": "[rabbitmq:children]\ncontrol\n",
        ])
        let merged = try CLI.run(["effective", "."], in: directory)
        #expect(merged.stdout.contains("cluster: group rabbitmq: ctl01, ctl02"))

        let split = try tree([
            "kolla/globals.yml": "kolla_internal_vip_address: 10.0.0.1\n",
            "site/release.yml": "openstack_release: zed\n",
        ])
        let run = try Self.json(["--globals", "site/release.yml", "kolla"], in: split)
        #expect(run.document["release"] as? String == "zed")
    }

    /// A named inventory (`hosts`) was parsed as oslo INI: 200+ RMQ001. It is an inventory,
    /// and `--inventory` applies to loose files too.
    @Test func namedInventoryIsNotOsloINI() throws {
        let root = try tree([
            "hosts": "[control]\nctl01 ansible_host=10.0.0.1\nctl02 ansible_host=10.0.0.2\n\n[rabbitmq:children]\ncontrol\n\n[all:vars]\nansible_user=kolla\n",
            "haproxy.cfg": "listen rabbitmq\n    bind :5672\n    server ctl01 10.0.0.1:5672\n",
        ])
        let run = try Self.json(["hosts"], in: root)
        #expect(!Self.ids(run.document).contains("RMQ001"))
        let loose = try CLI.run(["effective", "--inventory", "hosts", "haproxy.cfg"], in: root)
        #expect(loose.stdout.contains("cluster: group rabbitmq: ctl01, ctl02"))
    }

    /// A file named explicitly that rmqlint does not read is skipped with a note; a directory
    /// with nothing recognised is exit 2 with one message saying what was looked for.
    @Test func nothingRecognised() throws {
        let root = try tree(["manifests/site.pp": "node default { include ntp }\n", "README.md": "# ops\n"])
        let nothing = try CLI.run(["."], in: root)
        #expect(nothing.status == 2)
        #expect(nothing.stdout.isEmpty)
        #expect(nothing.stderr.contains("globals.yml"))
        #expect(nothing.stderr.contains("etc/kayobe/kolla/globals.yml"))
        #expect(nothing.stderr.split(separator: "\n").count == 1)
        let named = try CLI.run(["manifests/site.pp"], in: root)
        #expect(named.status == 2)
        #expect(named.stderr.contains("manifests/site.pp (not a kind of file rmqlint reads:"))
    }

    /// `definitions.json` was read with the YAML parser, so a trailing comma RabbitMQ rejects
    /// passed: it is a located RMQ001, as are comments, single quotes and bare words.
    @Test func definitionsJSONIsStrict() throws {
        let cases: [(String, Int, Int)] = [
            ("{\n  \"policies\": [],\n}\n", 3, 1),
            ("{\n  // policies\n  \"policies\": []\n}\n", 2, 3),
            ("{\n  'policies': []\n}\n", 2, 3),
            ("{\n  \"policies\": [ha]\n}\n", 2, 16),
        ]
        for (text, line, column) in cases {
            let root = try tree(["globals.yml": "openstack_release: 2024.1\n", "config/rabbitmq/definitions.json": text])
            let run = try Self.json(["."], in: root)
            let error = try #require(Self.findings(run.document).first { $0["ruleId"] as? String == "RMQ001" }, "\(text)")
            #expect(error["line"] as? Int == line, "\(text)")
            #expect(error["column"] as? Int == column, "\(text)")
        }
        let templated = try tree([
            "globals.yml": "openstack_release: 2024.1\n",
            "config/rabbitmq/definitions.json": "{\n  \"policies\": [{% if x %}{\"name\": \"a\"}{% endif %}],\n  \"n\": {{ count }}\n}\n",
        ])
        #expect(!Self.ids(try Self.json(["."], in: templated).document).contains("RMQ001"))
    }

    /// Alternative HAProxy files in one directory are separate configurations: no
    /// "same name … HAProxy refuses to start" across them. Files Kolla merges still merge.
    @Test func looseHAProxyAlternativesAreSeparate() throws {
        let proxy = "listen rabbitmq\n    bind :5672\n    option clitcpka\n    option srvtcpka\n    server a 10.0.0.1:5672\n"
        let root = try tree(["lb/haproxy.cfg": proxy, "lb/haproxy.cfg.controller": proxy, "lb/haproxy-old.cfg": proxy])
        let run = try Self.json(["lb", "lb/haproxy.cfg.controller"], in: root)
        #expect(!Self.findings(run.document).contains { ($0["message"] as? String)?.contains("same name") == true })
    }

    /// Single-node clouds got RMQ101 because "no inventory ⇒ a cluster is assumed": every
    /// rendered transport_url names one broker, so the cluster has one node.
    @Test func clusterSizeFromRenderedTransportURL() throws {
        let root = try tree([
            "node/nova-conductor/nova.conf": "[DEFAULT]\ntransport_url = rabbit://openstack:secret@10.0.0.5:5672//\n",
            "node/rabbitmq/definitions.json": Self.mirroringDefinitions,
        ])
        let run = try Self.json(["--release", "yoga", "node"], in: root)
        #expect(!Self.ids(run.document).contains("RMQ101"))
        let effective = try CLI.run(["effective", "--release", "yoga", "node"], in: root)
        #expect(effective.stdout.contains("cluster: group rabbitmq: 10.0.0.5"))
        #expect(effective.stdout.contains("rendered transport_url"))
        #expect(!effective.stdout.contains("secret"))
    }

    /// RMQ402 on a size read from a rendered transport_url says so, instead of naming an
    /// inventory group the tree does not have.
    @Test func evenClusterFromRenderedEvidenceSaysWhere() throws {
        let root = try tree([
            "node/nova-conductor/nova.conf": "[DEFAULT]\ntransport_url = rabbit://openstack:secret@ctl01:5672,openstack:secret@ctl02:5672//\n",
        ])
        let run = try Self.json(["--release", "2024.1", "--select", "RMQ402", "node"], in: root)
        let message = try #require(Self.findings(run.document).first?["message"] as? String)
        #expect(message.hasPrefix("The RabbitMQ cluster has 2 nodes (no inventory: counted from the hosts of the rendered transport_url)"), "\(message)")
        #expect(!message.contains("`rabbitmq` group has"))
    }

    /// Every file skipped is counted: text "N files read, M skipped: …", JSON `skipped`.
    @Test func skippedFilesAreCounted() throws {
        let root = try tree([
            "globals.yml": "openstack_release: 2024.1\n",
            "config/ironic/ironic-dnsmasq.conf": "port=0\ninterface=br-ex\ndhcp-range=10.0.0.10,10.0.0.20\nenable-tftp\n",
        ])
        let text = try CLI.run(["."], in: root)
        #expect(text.stdout.contains("files read, 1 skipped: config/ironic/ironic-dnsmasq.conf (not an oslo.config INI file (no [section]))"))
        #expect(!text.stdout.contains("RMQ001"))
        let run = try Self.json(["."], in: root)
        #expect((run.document["skipped"] as? [[String: Any]])?.count == 1)
    }

    /// A Kayobe environment's kolla/config/ is merged with the base etc/kayobe/kolla/config/, not
    /// used instead of it (kayobe 15.0.0+ `ansible/kolla-openstack.yml` search paths
    /// `[kayobe_config_path] + kayobe_env_search_paths`, merge_configs for `*.conf`): the base
    /// files are read, the environment's options win where both set one, and
    /// `kolla_openstack_custom_config_environment_merging_enabled: false` restores "replace".
    @Test func kayobeEnvironmentConfigMergesWithTheBase() throws {
        var files = [
            "etc/kayobe/kolla.yml": "kolla_openstack_release: 2024.1\n",
            "etc/kayobe/kolla/globals.yml": "om_enable_rabbitmq_quorum_queues: true\n",
            "etc/kayobe/kolla/config/nova.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 30\nheartbeat_rate = 5\n",
            "etc/kayobe/kolla/config/nova/nova-api/nova.conf": "[DEFAULT]\ndebug = true\n",
            "etc/kayobe/kolla/config/rabbitmq/definitions.json": "{\"policies\": []}\n",
            "etc/kayobe/environments/prod/kolla/config/nova.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 90\n",
            "etc/kayobe/environments/prod/kolla/config/rabbitmq/definitions.json": "{\"policies\": []}\n",
            "etc/kayobe/environments/prod/inventory/hosts": "[controllers]\nctl01\nctl02\nctl03\n",
        ]
        let merged = try tree(files)
        let effective = try CLI.run(["effective", "--service", "nova-api", "."], in: merged)
        #expect(effective.stdout.contains("heartbeat_timeout_threshold = 90\n        from etc/kayobe/environments/prod/kolla/config/nova.conf"),
                "\(effective.stdout)")
        #expect(effective.stdout.contains("heartbeat_rate = 5\n        from etc/kayobe/kolla/config/nova.conf"), "\(effective.stdout)")
        let run = try Self.json(["."], in: merged)
        let unread = Self.findings(run.document).filter { $0["ruleId"] as? String == "RMQ501" }.compactMap { $0["path"] as? String }
        #expect(unread == ["etc/kayobe/kolla/config/nova/nova-api/nova.conf"], "\(Self.findings(run.document))")
        // Non-INI files are taken from the most specific source: the environment's replaces the base one.
        let skipped = (run.document["skipped"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(skipped == ["etc/kayobe/kolla/config/rabbitmq/definitions.json"], "\(run.document["skipped"] ?? "")")

        files["etc/kayobe/environments/prod/kolla.yml"] = "kolla_openstack_custom_config_environment_merging_enabled: false\n"
        let replaced = try tree(files)
        let legacy = try CLI.run(["effective", "--service", "nova-api", "."], in: replaced)
        #expect(legacy.stdout.contains("heartbeat_timeout_threshold = 90"), "\(legacy.stdout)")
        #expect(!legacy.stdout.contains("heartbeat_rate = 5"), "\(legacy.stdout)")
        let legacyRun = try Self.json(["."], in: replaced)
        let reasons = (legacyRun.document["skipped"] as? [[String: Any]] ?? []).compactMap { $0["reason"] as? String }
        #expect(reasons.contains { $0.contains("kolla_openstack_custom_config_environment_merging_enabled is false") }, "\(reasons)")
    }

    /// Files named explicitly that rmqlint does not read get exactly one info note each (RMQ005),
    /// in a tree (the pre-commit case) and outside one; a walked directory only counts them.
    @Test func namedFilesNotReadGetOneNoteEach() throws {
        let root = try tree([
            "etc/kolla/globals.yml": "openstack_release: 2024.1\n",
            "etc/kolla/config/keystone/wsgi-keystone.conf": "<VirtualHost *:5000>\n</VirtualHost>\n",
            "etc/kolla/config/nova.conf": "[DEFAULT]\ndebug = true\n",
            "etc/kolla/README.md": "# notes\n",
            "manifests/site.pp": "class profile::openstack {}\n",
        ])
        let named = try Self.json(["etc/kolla/config/keystone/wsgi-keystone.conf", "etc/kolla/README.md",
                                   "etc/kolla/config/nova.conf", "manifests/site.pp"], in: root)
        let notes = Self.findings(named.document).filter { $0["ruleId"] as? String == "RMQ005" }
        #expect(notes.compactMap { $0["path"] as? String }.sorted()
            == ["etc/kolla/README.md", "etc/kolla/config/keystone/wsgi-keystone.conf", "manifests/site.pp"], "\(notes)")
        #expect(notes.allSatisfy { $0["severity"] as? String == "info" })
        let apache = notes.first { $0["path"] as? String == "etc/kolla/config/keystone/wsgi-keystone.conf" }?["message"] as? String
        #expect(apache?.contains("Kolla-Ansible reads it (keystone/wsgi-keystone.conf), but it is not an oslo.config") == true, "\(apache ?? "")")
        let walked = try Self.json(["etc/kolla"], in: root)
        #expect(!Self.ids(walked.document).contains("RMQ005"))
    }

    /// Kayobe renders its kolla/config files before Kolla-Ansible does: `{% raw %}` sections hold
    /// Jinja for Kolla's own rendering, valid syntax, never RMQ001 (two public Kayobe configs had
    /// 4 and 7 RMQ001 on `{% if %}` lines inside `{% raw %}`).
    @Test func kayobeConfigRawSectionsAreTemplatesForKolla() throws {
        let root = try tree([
            "etc/kayobe/kolla.yml": "kolla_openstack_release: 2024.1\n",
            "etc/kayobe/kolla/config/nova.conf": """
                [DEFAULT]
                {% if nova_cpu_allocation_ratio is defined %}
                cpu_allocation_ratio = {{ nova_cpu_allocation_ratio }}
                {% endif %}
                {% raw %}
                [compute]
                {% if nova_cpu_dedicated_set is defined %}
                cpu_dedicated_set = "{{ nova_cpu_dedicated_set }}"
                {% endif %}
                {% endraw %}

                """,
        ])
        let run = try Self.json(["."], in: root)
        #expect(!Self.ids(run.document).contains("RMQ001"), "\(Self.findings(run.document))")
        // The same file in a plain Kolla tree is rendered once: its raw content is INI text there.
        let kolla = try tree([
            "globals.yml": "openstack_release: 2024.1\n",
            "config/nova.conf": "[DEFAULT]\n{% raw %}\n{% if x %}\ndebug = true\n{% endif %}\n{% endraw %}\n",
        ])
        #expect(Self.ids(try Self.json(["."], in: kolla).document).contains("RMQ001"))
    }
}
