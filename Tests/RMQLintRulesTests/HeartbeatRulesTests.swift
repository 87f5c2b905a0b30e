import Testing
import RMQLintCore
import RMQLintRules

/// RMQ204–RMQ207 on the effective model: one finding per source line naming the services
/// it reaches, Kolla template values at the line selecting the release, release awareness.
@Suite("Heartbeat rules (RMQ204–RMQ207)")
struct HeartbeatRulesTests {
    /// Lints an in-memory tree with the four oslo heartbeat rules only.
    static func lint(_ files: KeyValuePairs<String, String>, arguments: [String] = []) throws -> [Finding] {
        var fileSystem = InMemoryFileSystem(currentDirectory: ExampleRunner.root)
        for (path, contents) in files { fileSystem.addFile(path, contents: contents) }
        var options = LintOptions(paths: [ExampleRunner.root], select: ["RMQ204", "RMQ205", "RMQ206", "RMQ207"], failOn: .never)
        if arguments.count == 2, arguments[0] == "--release" { options.release = arguments[1] }
        let result = try Linter(rules: RuleRegistry.all, fileSystem: fileSystem).lint(options).get()
        return result.report.findings
    }

    static func summary(_ findings: [Finding]) -> [String] {
        findings.map { "\($0.ruleID) \($0.location)" }
    }

    static let inventory = "[control]\nctl01\n[compute]\ncmp01\ncmp02\n[rabbitmq:children]\ncontrol\n"

    // MARK: - RMQ204

    @Test func projectOverrideIsOneFindingNamingTheEventletServicesAndTheWSGIFile() throws {
        let findings = try Self.lint([
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "config/nova.conf": "[DEFAULT]\ndebug = true\n\n[oslo_messaging_rabbit]\nheartbeat_in_pthread = true\n",
        ])
        #expect(Self.summary(findings) == ["RMQ204 config/nova.conf:5:24"])
        let finding = try #require(findings.first)
        #expect(finding.message == "`heartbeat_in_pthread = true` reaches eventlet services that are not WSGI applications: "
            + "nova-compute, nova-compute-ironic, nova-conductor, nova-novncproxy, nova-scheduler, nova-serialproxy, "
            + "nova-spicehtml5proxy, nova-super-conductor; the heartbeat then runs in a native thread beside eventlet's green "
            + "threads, which hangs or breaks the service (oslo.messaging LP#1934937, LP#1961402). Set it to false here, and "
            + "`[oslo_messaging_rabbit] heartbeat_in_pthread = true` in config/nova/nova-api.conf (new: config/nova/nova-api.conf)")
        // The fix: false here, true in nova-api's own file (created), safe.
        #expect(finding.fixes.map(\.applicability) == [.safe])
        #expect(finding.fixes.first?.edits == [
            .replace(SourceLocation(path: "config/nova.conf", range: finding.location.range), with: "false"),
            .createFile(path: "config/nova/nova-api.conf", text: "[oslo_messaging_rabbit]\nheartbeat_in_pthread = true\n"),
        ])
        #expect(finding.severity == .error)
        #expect(finding.location.range == SourceRange(start: SourcePosition(line: 5, column: 24), end: SourcePosition(line: 5, column: 28)))
        #expect(finding.service == nil && finding.host == nil)
        #expect(finding.semanticKey == "[oslo_messaging_rabbit]heartbeat_in_pthread@config/nova.conf")
        #expect(finding.related.map { "\($0.location): \($0.message)" } == [
            "globals.yml:1:20: overrides the value Kolla's 2024.1 template renders (the release is selected here)",
        ])
    }

    @Test func hostConfigsDoNotDuplicateServicesAlreadyReachedOnEveryHost() throws {
        // cmp01 has its own file, so every nova service gets a cmp01 config too; the
        // project-wide line still reaches each service once.
        let findings = try Self.lint([
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "multinode": Self.inventory,
            "config/nova.conf": "[oslo_messaging_rabbit]\nheartbeat_in_pthread = true\n",
            "config/nova/cmp01/nova.conf": "[libvirt]\ncpu_mode = host-model\n",
        ])
        #expect(Self.summary(findings) == ["RMQ204 config/nova.conf:2:24"])
        let message = try #require(findings.first?.message)
        #expect(message.contains(": nova-compute, nova-compute-ironic, nova-conductor, nova-novncproxy, nova-scheduler, "))
        #expect(!message.contains("cmp01"))
    }

    @Test func hostOverrideNamesTheHostInParentheses() throws {
        let findings = try Self.lint([
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "multinode": Self.inventory,
            "config/nova/cmp01/nova-compute.conf": "[oslo_messaging_rabbit]\nheartbeat_in_pthread = yes\n",
        ])
        #expect(Self.summary(findings) == ["RMQ204 config/nova/cmp01/nova-compute.conf:2:24"])
        let finding = try #require(findings.first)
        #expect(finding.message.hasPrefix(
            "`heartbeat_in_pthread = yes` reaches an eventlet service that is not a WSGI application: nova-compute (cmp01); "))
        #expect(finding.message.hasSuffix(". Set it to false here"))
        #expect(finding.fixes.first?.edits == [.replace(finding.location, with: "false")])
        #expect(finding.service == "nova-compute" && finding.host == "cmp01")
    }

    @Test func higherLayersThatOverrideTheLineAreRelated() throws {
        let findings = try Self.lint([
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "config/global.conf": "[oslo_messaging_rabbit]\nheartbeat_in_pthread = false\n",
            "config/nova.conf": "[oslo_messaging_rabbit]\nheartbeat_in_pthread = true\n",
            "config/nova/nova-compute.conf": "[oslo_messaging_rabbit]\nheartbeat_in_pthread = false\n",
        ])
        #expect(Self.summary(findings) == ["RMQ204 config/nova.conf:2:24"])
        let finding = try #require(findings.first)
        #expect(!finding.message.contains("nova-compute,"))
        #expect(finding.message.contains(": nova-compute-ironic, nova-conductor, "))
        #expect(finding.related.map { "\($0.location): \($0.message)" } == [
            "config/global.conf:2:24: overrides the value set here",
            "config/nova/nova-compute.conf:2:24: overridden here for nova-compute",
            "globals.yml:1:20: overrides the value Kolla's 2024.1 template renders (the release is selected here)",
        ])
    }

    @Test func kollasOwnIronicInspectorTemplateIsReportedAtTheReleaseLine() throws {
        let broken = try Self.lint(["globals.yml": "openstack_release: \"16.2.0\"\nenable_ironic: \"yes\"\n"])
        #expect(Self.summary(broken) == ["RMQ204 globals.yml:1:20"])
        let finding = try #require(broken.first)
        #expect(finding.message == "Kolla's 2023.1 (16.2.0) template for ironic-inspector renders heartbeat_in_pthread = true, "
            + "but ironic-inspector is an eventlet service, not a WSGI application: the heartbeat then runs in a native thread "
            + "beside eventlet's green threads, which hangs or breaks the service (oslo.messaging LP#1934937, LP#1961402; "
            + "Related-Bug 2054705, fixed in Kolla's template by KA 88aa51ac in 16.6.0, 17.4.0, 18.0.0); set "
            + "`[oslo_messaging_rabbit] heartbeat_in_pthread = false` in config/ironic-inspector/inspector.conf "
            + "(new: config/ironic-inspector/inspector.conf), or upgrade Kolla-Ansible")
        // Into the file Kolla reads for ironic-inspector on 2023.1, created.
        #expect(finding.fixes.first?.edits == [
            .createFile(path: "config/ironic-inspector/inspector.conf", text: "[oslo_messaging_rabbit]\nheartbeat_in_pthread = false\n"),
        ])
        #expect(finding.fixes.first?.applicability == .safe)
        #expect(finding.semanticKey == "[oslo_messaging_rabbit]heartbeat_in_pthread@ironic-inspector")
        #expect(finding.service == "ironic-inspector")
        #expect(try Self.lint(["globals.yml": "openstack_release: \"16.6.0\"\nenable_ironic: \"yes\"\n"]).isEmpty)
    }

    @Test func renderedConfigFiresAtItsLineNamingItsService() throws {
        let findings = try Self.lint(
            ["ctl01/nova-conductor/nova.conf": "[oslo_messaging_rabbit]\nheartbeat_in_pthread = True\n"],
            arguments: ["--release", "2024.2"])
        #expect(Self.summary(findings) == ["RMQ204 ctl01/nova-conductor/nova.conf:2:24"])
        let finding = try #require(findings.first)
        #expect(finding.message.hasPrefix("`heartbeat_in_pthread = True` in this rendered config of nova-conductor (ctl01), "))
        #expect(finding.service == "nova-conductor" && finding.host == "ctl01")
        #expect(finding.semanticKey == "[oslo_messaging_rabbit]heartbeat_in_pthread@ctl01/nova-conductor/nova.conf")
    }

    @Test func osloDefaultTrueOfXenaReachesRenderedEventletServices() throws {
        // oslo.messaging 12.6–12.13 defaulted to True; a rendered file that leaves it unset gets it.
        let files: KeyValuePairs<String, String> = [
            "ctl01/nova-conductor/nova.conf": "[DEFAULT]\ndebug = true\n",
            "ctl01/nova-api/nova.conf": "[DEFAULT]\ndebug = true\n",
        ]
        let xena = try Self.lint(files, arguments: ["--release", "xena"])
        #expect(Self.summary(xena) == ["RMQ204 ctl01/nova-conductor/nova.conf:1:1"])
        #expect(xena.first?.message.hasPrefix("heartbeat_in_pthread is not set for nova-conductor (ctl01), so it runs with "
            + "the default True of oslo.messaging 12.9 (xena; OM add5ab4e)") == true)
        // Zed's oslo.messaging 14.0 turned the default back to False: nova-api is then RMQ205's.
        #expect(Self.summary(try Self.lint(files, arguments: ["--release", "zed"])) == ["RMQ205 ctl01/nova-api/nova.conf:1:1"])
    }

    @Test func templatedPerServiceValueAndUnknownConditionDoNotFire() throws {
        #expect(try Self.lint([
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "config/nova.conf": "[oslo_messaging_rabbit]\nheartbeat_in_pthread = {{ service_name == 'nova-api' }}\n",
        ]).isEmpty)
        #expect(try Self.lint([
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "config/nova.conf": "[oslo_messaging_rabbit]\n{% if site_flag | bool %}\nheartbeat_in_pthread = true\n{% endif %}\n",
        ]).isEmpty)
        #expect(try Self.lint([
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "config/nova.conf": "[oslo_messaging_rabbit]\nheartbeat_in_pthread = {{ my_value }}\n",
        ]).isEmpty)
    }

    @Test func masterReportsTheRemovedOptionInsteadOfRMQ204() throws {
        let files: (String) -> KeyValuePairs<String, String> = { release in
            [
                "globals.yml": "openstack_release: \"\(release)\"\nenable_nova: \"yes\"\n",
                "config/nova.conf": "[oslo_messaging_rabbit]\nheartbeat_in_pthread = true\n",
            ]
        }
        #expect(Self.summary(try Self.lint(files("2026.1"))) == ["RMQ204 config/nova.conf:2:24"])
        let master = try Self.lint(files("master"))
        #expect(Self.summary(master) == ["RMQ207 config/nova.conf:2:24", "RMQ207 globals.yml:1:20"])
        let written = try #require(master.first)
        #expect(written.severity == .info)
        #expect(written.message.hasPrefix("`heartbeat_in_pthread = true` is set for nova-api, nova-compute, nova-compute-ironic, "))
        #expect(written.message.hasSuffix(", but oslo.messaging 18.2 (master) no longer has the option (removed in 18.0.0 "
            + "by OM 624f8572): it is ignored. Remove it"))
    }

    @Test func fingerprintDoesNotMoveWithTheLine() throws {
        let before = try Self.lint([
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "config/nova.conf": "[oslo_messaging_rabbit]\nheartbeat_in_pthread = true\n",
        ])
        let after = try Self.lint([
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "config/nova.conf": "[DEFAULT]\ndebug = true\n\n[oslo_messaging_rabbit]\n# moved\nheartbeat_in_pthread = true\n",
        ])
        #expect(before.count == 1 && after.count == 1)
        #expect(before.first?.location.line == 2 && after.first?.location.line == 6)
        #expect(before.first?.fingerprint == after.first?.fingerprint)
    }

    // MARK: - RMQ205

    @Test func novaMetadataOf2025_1IsReportedAtOpenstackRelease() throws {
        let findings = try Self.lint([
            "globals.yml": "---\nkolla_base_distro: \"ubuntu\"\nopenstack_release: \"2025.1\"\n",
            "config/nova.conf": "[DEFAULT]\ndebug = true\n",
        ])
        #expect(Self.summary(findings) == ["RMQ205 globals.yml:3:20"])
        let finding = try #require(findings.first)
        #expect(finding.message == "Kolla's 2025.1 template for nova-metadata renders heartbeat_in_pthread = false, but "
            + "nova-metadata is a WSGI application that monkey-patches eventlet on 2025.1: its heartbeat then runs in a green "
            + "thread that the WSGI server does not schedule between requests, so RabbitMQ closes the connection for missed "
            + "heartbeats (nova LP#1825584); set `[oslo_messaging_rabbit] heartbeat_in_pthread = true` in "
            + "config/nova/nova-metadata.conf (a new file)")
        #expect(finding.fixes.first?.edits == [
            .createFile(path: "config/nova/nova-metadata.conf", text: "[oslo_messaging_rabbit]\nheartbeat_in_pthread = true\n"),
        ])
        #expect(finding.severity == .warning)
        #expect(finding.service == "nova-metadata" && finding.host == nil)
        #expect(finding.semanticKey == "[oslo_messaging_rabbit]heartbeat_in_pthread@nova-metadata")
        #expect(finding.related.isEmpty)
    }

    @Test func sameTreeIsRightOn2024_2AndWrongOn2025_1() throws {
        let tree: KeyValuePairs<String, String> = [
            "globals.yml": "kolla_base_distro: \"ubuntu\"\nenable_nova: \"yes\"\n",
        ]
        #expect(try Self.lint(tree, arguments: ["--release", "2024.2"]).isEmpty)
        #expect(try Self.lint(tree, arguments: ["--release", "2026.1"]).isEmpty)
        // No line selects the release: the finding points at the first line of globals.yml.
        let epoxy = try Self.lint(tree, arguments: ["--release", "2025.1"])
        #expect(Self.summary(epoxy) == ["RMQ205 globals.yml:1:1"])
        #expect(epoxy.first?.message.hasPrefix("Kolla's 2025.1 template for nova-metadata renders heartbeat_in_pthread = false") == true)
        #expect(epoxy.first?.message.hasSuffix(
            "`[oslo_messaging_rabbit] heartbeat_in_pthread = true` in config/nova/nova-metadata.conf (a new file) "
                + "(a default of release 2025.1, given with --release: "
                + "no line of the tree selects it)") == true)
        #expect(Self.summary(try Self.lint(tree, arguments: ["--release", "2025.2"])) == ["RMQ205 globals.yml:1:1"])
    }

    @Test func projectWideFalseNamesEveryPatchedWSGIServiceAndTheirFiles() throws {
        let findings = try Self.lint([
            "globals.yml": "openstack_release: \"2025.1\"\n",
            "config/nova.conf": "[oslo_messaging_rabbit]\nheartbeat_in_pthread = false\n",
        ])
        #expect(Self.summary(findings) == ["RMQ205 config/nova.conf:2:24"])
        #expect(findings.first?.message == "`heartbeat_in_pthread = false` reaches WSGI applications that monkey-patch "
            + "eventlet on 2025.1: nova-api, nova-metadata; their heartbeat then runs in a green thread that the WSGI server "
            + "does not schedule between requests, so RabbitMQ closes the connection for missed heartbeats (nova LP#1825584). "
            + "Set `[oslo_messaging_rabbit] heartbeat_in_pthread = true` in config/nova/nova-api.conf, config/nova/nova-metadata.conf "
            + "(new: config/nova/nova-api.conf, config/nova/nova-metadata.conf)")
        #expect(findings.first?.fixes.first?.edits.count == 2)
        #expect(findings.first?.service == nil)
    }

    @Test func falseInTheServicesOwnFileIsFixedThere() throws {
        let findings = try Self.lint([
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "config/nova/nova-api.conf": "[oslo_messaging_rabbit]\nheartbeat_in_pthread = false\n",
        ])
        #expect(Self.summary(findings) == ["RMQ205 config/nova/nova-api.conf:2:24"])
        #expect(findings.first?.message.hasSuffix("(nova LP#1825584). Set it to true here") == true)
        #expect(findings.first?.service == "nova-api")
    }

    @Test func unpatchedWSGIServicesAreNotReported() throws {
        // barbican-api and (2026.1) glance-api run under uWSGI without eventlet patching.
        #expect(try Self.lint(["globals.yml": "openstack_release: \"2024.1\"\nenable_barbican: \"yes\"\n"]).isEmpty)
        #expect(try Self.lint([
            "globals.yml": "openstack_release: \"2026.1\"\nenable_glance: \"yes\"\n",
            "config/glance.conf": "[oslo_messaging_rabbit]\nheartbeat_in_pthread = false\n",
        ]).isEmpty)
    }

    @Test func osismTreesNameTheirOverlayDirectory() throws {
        let findings = try Self.lint([
            "environments/kolla/configuration.yml": "openstack_release: \"2025.1\"\nenable_nova: \"yes\"\n",
        ])
        #expect(Self.summary(findings) == ["RMQ205 environments/kolla/configuration.yml:1:20"])
        #expect(findings.first?.message.contains("heartbeat_in_pthread = true` in files/overlays/nova/nova-metadata.conf") == true)
        #expect(findings.first?.fixes.first?.edits.first?.path == "environments/kolla/files/overlays/nova/nova-metadata.conf")
    }

    // MARK: - RMQ206

    @Test func globalZeroIsOneFindingForEveryService() throws {
        let findings = try Self.lint([
            "globals.yml": "openstack_release: \"2024.1\"\nenable_keystone: \"yes\"\n",
            "config/global.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 0\n",
        ])
        #expect(Self.summary(findings) == ["RMQ206 config/global.conf:2:31"])
        let finding = try #require(findings.first)
        #expect(finding.message.hasPrefix("`heartbeat_timeout_threshold = 0` turns AMQP heartbeats off for "))
        #expect(finding.message.contains(" more: a RabbitMQ node or proxy that drops the connection without a TCP close goes "
            + "unnoticed until TCP gives up (about 11 minutes with Linux defaults), and idle connections through a proxy are "
            + "cut by its timeouts. Set `heartbeat_timeout_threshold = 60` (oslo.messaging's default), or set 10–60"))
        #expect(finding.fixes.map(\.applicability) == [.unsafe])
        #expect(finding.semanticKey == "[oslo_messaging_rabbit]heartbeat_timeout_threshold@config/global.conf")
    }

    @Test func belowFiveOnOneHost() throws {
        let findings = try Self.lint([
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "multinode": Self.inventory,
            "config/nova/cmp02/nova-compute.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 3\n",
        ])
        #expect(Self.summary(findings) == ["RMQ206 config/nova/cmp02/nova-compute.conf:2:31"])
        #expect(findings.first?.message == "`heartbeat_timeout_threshold = 3` is below 5 seconds for nova-compute (cmp02): "
            + "RabbitMQ warns that such short heartbeat timeouts cause false positives, closing healthy connections on a short "
            + "pause. Set `heartbeat_timeout_threshold = 60` (oslo.messaging's default), or set 10–60")
        #expect(findings.first?.service == "nova-compute" && findings.first?.host == "cmp02")
    }

    @Test func thresholdsFromFiveUpAndOverriddenLinesAreFine() throws {
        #expect(try Self.lint([
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "config/global.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 5\n",
        ]).isEmpty)
        // Every keystone service (there is one) overrides the project-wide 0.
        #expect(try Self.lint([
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "config/keystone.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 0\n",
            "config/keystone/keystone.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = 30\n",
        ]).isEmpty)
    }

    @Test func renderedZeroAndNegative() throws {
        let findings = try Self.lint([
            "ctl01/neutron-server/neutron.conf": "[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = -1\n",
        ]).filter { $0.severity != .info }   // no release: RMQ204 holds on wallaby–yoga only (info)
        #expect(Self.summary(findings) == ["RMQ206 ctl01/neutron-server/neutron.conf:2:31"])
        #expect(findings.first?.message.hasPrefix("`heartbeat_timeout_threshold = -1` turns AMQP heartbeats off for "
            + "neutron-server (ctl01) (a negative timeout is no valid heartbeat interval): ") == true)
    }

    // MARK: - RMQ207

    @Test func kollasMasterTemplatesAreOneFindingAtTheReleaseLine() throws {
        let findings = try Self.lint([
            "globals.yml": "openstack_release: \"master\"\nenable_nova: \"no\"\nenable_neutron: \"no\"\nenable_glance: \"no\"\n"
                + "enable_heat: \"no\"\nenable_keystone: \"yes\"\n",
        ])
        #expect(Self.summary(findings) == ["RMQ207 globals.yml:1:20"])
        #expect(findings.first?.message == "Kolla's master templates still render heartbeat_in_pthread for keystone, but "
            + "oslo.messaging 18.2 (master) no longer has the option (removed in 18.0.0 by OM 624f8572): it is ignored. "
            + "Nothing to change in the tree; do not rely on the value")
        #expect(findings.first?.semanticKey == "[oslo_messaging_rabbit]heartbeat_in_pthread@kolla-template")
    }

    @Test func removedOptionOnlyOnMaster() throws {
        let tree: KeyValuePairs<String, String> = [
            "ctl01/nova-api/nova.conf": "[oslo_messaging_rabbit]\nheartbeat_in_pthread = true\n",
        ]
        #expect(try Self.lint(tree, arguments: ["--release", "2026.1"]).isEmpty)
        let master = try Self.lint(tree, arguments: ["--release", "master"])
        #expect(Self.summary(master) == ["RMQ207 ctl01/nova-api/nova.conf:2:24"])
        #expect(master.first?.service == "nova-api" && master.first?.host == "ctl01")
    }
}
