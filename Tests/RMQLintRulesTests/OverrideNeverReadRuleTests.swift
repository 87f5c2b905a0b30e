import Testing
import RMQLintCore
import RMQLintRules

/// RMQ501 on realistic trees: the working overrides the hand-written table called "never
/// read", the misses it had, and non-oslo files that were parsed as oslo INI (issue 10).
@Suite("RMQ501 override-never-read on real layouts")
struct OverrideNeverReadRuleTests {
    static let apache = """
        Listen 10.0.0.11:5000
        <VirtualHost *:5000>
            WSGIDaemonProcess keystone-public processes=5 threads=1 user=keystone group=keystone
            WSGIScriptAlias / /usr/bin/keystone-wsgi-public
            ErrorLog "/var/log/kolla/keystone/keystone-apache-public-error.log"
        </VirtualHost>

        """
    static let ceph = """
        # minimal ceph.conf for client.glance
        [global]
        \tfsid = 3c1f5c1e-1c2b-4f8e-9d51-2f3a4b5c6d7e
        \tmon_host = [v2:10.0.1.11:3300/0,v1:10.0.1.11:6789/0] [v2:10.0.1.12:3300/0,v1:10.0.1.12:6789/0]

        """
    static let keyring = "[client.glance]\n\tkey = AQBtestkeyAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\n"

    /// A 2024.1 tree with every file the hand-written table got wrong.
    static let caracalTree: KeyValuePairs<String, String> = [
        "globals.yml": "openstack_release: \"2024.1\"\nenable_gnocchi: \"yes\"\nenable_masakari: \"yes\"\n",
        "multinode": "[control]\nctl01\nctl02\nctl03\n[compute]\ncmp01\n[rabbitmq:children]\ncontrol\n",
        "config/placement.conf": "[DEFAULT]\ndebug = true\n",
        "config/gnocchi.conf": "[DEFAULT]\ndebug = true\n",
        "config/gnocchi/gnocchi-api.conf": "[api]\nauth_mode = keystone\n",
        "config/masakari/masakari-monitors.conf": "[host]\nmonitoring_driver = default\n",
        "config/neutron/neutron_vpnaas.conf": "[service_providers]\nservice_provider = VPN:strongswan:x\n",
        "config/glance/ceph.conf": ceph,
        "config/glance/ceph.client.glance.keyring": keyring,
        "config/nova/ceph.conf": ceph,
        "config/keystone/domains/keystone.ldap.conf": "[identity]\ndriver = ldap\n",
        "config/keystone/wsgi-keystone.conf": apache,
        "config/haproxy/services.d/extra.cfg": "listen stats2\n    bind :1985\n",
        "config/haproxy/ctl01/haproxy_main.cfg": "global\n    maxconn 4000\n",
        "config/ctl01/octavia.conf": "[DEFAULT]\ndebug = true\n",
    ]

    static func lint(_ files: KeyValuePairs<String, String>, select: String) throws -> [Finding] {
        let tree = files.map { ExampleFile(path: $0.key, contents: $0.value) }
        var fileSystem = InMemoryFileSystem(currentDirectory: ExampleRunner.root)
        for file in tree { fileSystem.addFile(file.path, contents: file.contents) }
        let options = LintOptions(paths: [ExampleRunner.root], select: select.split(separator: ",").map(String.init), failOn: .never)
        return try Linter(rules: RuleRegistry.all, fileSystem: fileSystem).lint(options).get().report.findings
    }

    @Test func workingOverridesAreNotReported() throws {
        let findings = try Self.lint(Self.caracalTree, select: "RMQ501")
        #expect(findings.map(\.location.path) == ["config/ctl01/octavia.conf"])
    }

    @Test func aHostDirectoryAtTheTopIsCaughtWithItsRightPlace() throws {
        let finding = try #require(try Self.lint(Self.caracalTree, select: "RMQ501").first)
        #expect(finding.message.contains("config/octavia/ctl01/octavia.conf"), "\(finding.message)")
    }

    @Test func nonOsloFilesKollaReadsAreNeverParsedAsINI() throws {
        let findings = try Self.lint(Self.caracalTree, select: "RMQ001")
        #expect(findings.isEmpty, "\(findings.map { "\($0.location.path): \($0.message)" })")
    }

    @Test func troveConfIsReadOnVictoria() throws {
        for release in ["queens", "victoria"] {
            let findings = try Self.lint([
                "globals.yml": "openstack_release: \"\(release)\"\nenable_trove: \"yes\"\n",
                "config/trove.conf": "[DEFAULT]\ndebug = true\n",
            ], select: "RMQ501")
            #expect(findings.isEmpty, "\(release): \(findings.map(\.message))")
        }
    }

    @Test func messagesNameWhatKollaReadsForTheProject() throws {
        let findings = try Self.lint([
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "config/octavia/extra/deep/octavia.conf": "[DEFAULT]\ndebug = true\n",
        ], select: "RMQ501")
        let message = try #require(findings.first?.message)
        #expect(message.contains("For octavia it reads config/global.conf, config/octavia.conf, config/octavia/<service>.conf"), "\(message)")
        #expect(message.contains("config/octavia/<host>/octavia.conf"), "\(message)")
    }

    @Test func aCephFileOfAnotherClusterFollowsTheTreesClusterName() throws {
        let named: KeyValuePairs<String, String> = [
            "globals.yml": "openstack_release: \"2025.1\"\nceph_cluster: backup\n",
            "config/nova/backup.conf": Self.ceph,
        ]
        #expect(try Self.lint(named, select: "RMQ501").isEmpty)
    }

    /// Every piece of advice names a path the release reads, for every project of the table and
    /// every release (issue 10: `config/gnocchi/gnocchi.conf` was sent to `config/gnocchi/gnocchi/gnocchi.conf`).
    @Test(arguments: OpenStackRelease.allCases)
    func adviceNamesAPathKollaReads(release: OpenStackRelease) throws {
        let version = try #require(KollaVersion.parse(release.name))
        let reads = OverrideReads(version: version)
        // Projects with a project-wide oslo file (`<project>.conf`) in this release.
        let projects = Set(reads.entries.filter { $0.read.isOsloMerge }.map(\.matcher.pattern)
            .filter { !$0.contains("/") && !$0.contains("<") && $0 != "global.conf" && $0.hasSuffix(".conf") }
            .map { String($0.dropLast(".conf".count)) })
        #expect(projects.count > 20, "\(release): \(projects.sorted())")
        for project in projects.sorted() {
            let services = reads.entries.first { $0.matcher.pattern == project + "/<service>.conf" }?.matcher.services.sorted() ?? []
            var paths = ["\(project)/\(project).conf", "ctl01/\(project).conf", "\(project)/extra/deep/\(project).conf"]
            if let service = services.first {
                paths += ["\(project)/\(service)/\(project).conf", "\(project)/ctl01/\(service).conf", "\(project)/\(service)s.conf"]
            }
            for path in paths where reads.pattern(reading: path) == nil {
                let found = OverrideNeverReadRule.assess(path, reads: reads, release: release.name)
                if let target = found.advice.target {
                    #expect(reads.pattern(reading: target) != nil, "\(release) \(path) → \(target): not read")
                }
                #expect(found.project == project, "\(release) \(path): project \(found.project ?? "none")")
                #expect(found.message.contains("For \(project) it reads config/"), "\(release) \(path): \(found.message)")
                #expect(!found.message.contains("<host>/<host>") && !found.message.contains("\(project)/\(project)/"),
                        "\(release) \(path): \(found.message)")
            }
            if reads.pattern(reading: "\(project)/\(project).conf") == nil {
                let found = OverrideNeverReadRule.assess("\(project)/\(project).conf", reads: reads, release: release.name)
                #expect(found.advice == .projectFileAtTop(target: "\(project).conf", project: project), "\(release): \(found.message)")
            }
        }
    }

    @Test func gnocchiInItsOwnDirectoryIsSentToTheTop() throws {
        let findings = try Self.lint([
            "globals.yml": "openstack_release: \"2024.1\"\nenable_gnocchi: \"yes\"\n",
            "config/gnocchi/gnocchi.conf": "[DEFAULT]\ndebug = true\n",
        ], select: "RMQ501")
        let message = try #require(findings.first?.message)
        #expect(message.hasPrefix("Kolla-Ansible 2024.1 never reads this file: settings for every gnocchi service go to the project's file at the top; "
            + "move it to `config/gnocchi.conf`. "
            + "For gnocchi it reads config/global.conf, config/gnocchi.conf, config/gnocchi/<service>.conf, config/gnocchi/<host>/gnocchi.conf"),
            "\(message)")
    }
}

/// RMQ501's fix: an unsafe rename to the path the advice names, only where that path is
/// right beyond doubt (issue 16).
@Suite("RMQ501 fixes")
struct OverrideNeverReadFixTests {
    static func lint(_ files: KeyValuePairs<String, String>) throws -> [Finding] {
        try OverrideNeverReadRuleTests.lint(files, select: "RMQ501")
    }

    static func rename(_ finding: Finding?) -> String? {
        guard let fix = finding?.fixes.first, fix.applicability == .unsafe, case .rename(let from, let to)? = fix.edits.first,
              fix.edits.count == 1, from == finding?.location.path else { return nil }
        return to
    }

    @Test func eachClearCaseMovesTheFileWhereTheAdviceSays() throws {
        let findings = try Self.lint([
            "globals.yml": "openstack_release: \"2024.1\"\nenable_gnocchi: \"yes\"\n",
            "multinode": "[control]\nctl01\n",
            "config/nova/nova-api/nova.conf": "[DEFAULT]\ndebug = true\n",
            "config/gnocchi/gnocchi.conf": "[DEFAULT]\ndebug = true\n",
            "config/ctl01/octavia.conf": "[DEFAULT]\ndebug = true\n",
            "config/nova/nova-schedular.conf": "[DEFAULT]\ndebug = true\n",
        ])
        var moves: [String: String] = [:]
        for finding in findings {
            moves[finding.location.path] = Self.rename(finding)
            // The advice is the fix.
            if let fix = finding.fixes.first {
                #expect(finding.message.lowercased().contains(fix.description.lowercased()), "\(finding.message)")
            }
        }
        #expect(moves == [
            "config/nova/nova-api/nova.conf": "config/nova/nova-api.conf",
            "config/gnocchi/gnocchi.conf": "config/gnocchi.conf",
            "config/ctl01/octavia.conf": "config/octavia/ctl01/octavia.conf",
            "config/nova/nova-schedular.conf": "config/nova/nova-scheduler.conf",
        ])
    }

    @Test func noFixWhereThePathIsNotBeyondDoubt() throws {
        let findings = try Self.lint([
            "globals.yml": "openstack_release: \"2024.1\"\n",
            "multinode": "[control]\nctl01\n",
            // The target exists: merging is a judgement.
            "config/nova/nova-conductor/nova.conf": "[DEFAULT]\ndebug = true\n",
            "config/nova/nova-conductor.conf": "[DEFAULT]\ndebug = true\n",
            // Not an inventory host.
            "config/ctl02/octavia.conf": "[DEFAULT]\ndebug = true\n",
            // Not the file the service's merge produces.
            "config/nova/nova-api/placement.conf": "[DEFAULT]\ndebug = true\n",
            // Read on other releases only.
            "config/neutron/neutron_lbaas.conf": "[DEFAULT]\ndebug = true\n",
        ])
        #expect(findings.count == 4, "\(findings.map(\.location.path))")
        for finding in findings {
            #expect(finding.fixes.isEmpty, "\(finding.location.path): \(finding.fixes.map(\.description))")
        }
        let merge = try #require(findings.first { $0.location.path == "config/nova/nova-conductor/nova.conf" })
        #expect(merge.message.contains("move the settings to config/nova/nova-conductor.conf, which exists"), "\(merge.message)")
        // A per-host, per-service file on a release that reads only the per-host project file:
        // which layer the settings belong in is a choice.
        let perHost = try Self.lint([
            "globals.yml": "openstack_release: \"2023.1\"\n",
            "multinode": "[compute]\ncmp01\n",
            "config/nova/cmp01/nova-compute.conf": "[libvirt]\ncpu_mode = host-model\n",
        ])
        #expect(perHost.count == 1 && perHost.allSatisfy { $0.fixes.isEmpty })
        // No inventory: `ctl01` may not be a host at all.
        let noInventory = try Self.lint(["globals.yml": "openstack_release: \"2024.1\"\n", "config/ctl01/octavia.conf": "[DEFAULT]\ndebug = true\n"])
        #expect(noInventory.count == 1 && noInventory.allSatisfy { $0.fixes.isEmpty })
    }
}
