import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ501: a file under `config/` sits where no Kolla role reads it.
public struct OverrideNeverReadRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ501",
        slug: "override-never-read",
        severity: .warning,
        summary: "An override file sits where no Kolla-Ansible role reads it",
        whatItDoes: """
            Matches every oslo.config override (`.conf` files of OpenStack projects), RabbitMQ whole-file \
            override and HAProxy file under `config/` against the paths the target release's roles read: \
            the `merge_configs` sources of every service (`global.conf`, `<project>.conf`, \
            `<project>/<service>.conf`, `<project>/<host>/<project>.conf`, and for nova-cell services from \
            2023.2 `nova/<host>/<service>.conf`), `rabbitmq/[<host>/]<file>`, \
            `haproxy/[<host>/]haproxy_main.cfg` and `haproxy/services.d/*.cfg`. A file that matches none \
            is reported with where it most likely belongs. Its settings are not part of any effective value.
            """,
        whyItMatters: """
            Kolla skips override files it does not look for without a word (KA \
            `doc/source/admin/advanced-configuration.rst`). `config/nova/nova-api/nova.conf` looks like an \
            override for nova-api but is read by nothing; a per-host, per-service file on a release that \
            predates it (KA 69a67823, 2023.2) is ignored. The operator believes a setting is deployed that \
            is not.
            """,
        fix: "Move the file to the path the message names, or delete it.",
        appliesTo: "All releases; the readable paths are those of the target release.",
        references: [
            "KA master:doc/source/admin/advanced-configuration.rst",
            "KA master:ansible/roles/nova/tasks/config.yml, ansible/roles/nova-cell/tasks/config.yml (merge_configs sources)",
            "KA 69a67823 (per-host service overrides for nova-cell, 17.0.0)",
        ],
        triggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/nova/nova-api/nova.conf": "↓[DEFAULT]\nosapi_compute_workers = 8\n",
                "config/nova/nova-apis.conf": "↓[DEFAULT]\ndebug = true\n",
                "config/nova/ctl01/extra/nova.conf": "↓[DEFAULT]\ndebug = true\n",
            ]),
            // Per-host, per-service files arrived in 2023.2.
            RuleExample([
                "globals.yml": "openstack_release: \"2023.1\"\n",
                "multinode": "[compute]\ncmp01\n",
                "config/nova/cmp01/nova-compute.conf": "↓[libvirt]\ncpu_mode = host-model\n",
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "multinode": "[compute]\ncmp01\n[control]\nctl01\n",
                "config/global.conf": "[DEFAULT]\ndebug = true\n",
                "config/nova.conf": "[DEFAULT]\ndebug = true\n",
                "config/nova/nova-api.conf": "[DEFAULT]\nosapi_compute_workers = 8\n",
                "config/nova/ctl01/nova.conf": "[DEFAULT]\ndebug = true\n",
                "config/nova/cmp01/nova-compute.conf": "[libvirt]\ncpu_mode = host-model\n",
                "config/rabbitmq/definitions.json": "{\"policies\": []}\n",
                "config/rabbitmq/ctl01/rabbitmq.conf": "cluster_partition_handling = pause_minority\n",
                "config/haproxy/services.d/extra.cfg": "listen stats2\n    bind :1985\n",
            ]),
        ])

    public func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for deployment in context.model.deployments where deployment.kind != .loose {
            guard let configDirectory = deployment.configDirectory else { continue }
            let version = deployment.release.version
            let reads = OverrideReads(version: version)
            for file in deployment.fileRoles {
                guard Self.isOverride(file.role),
                      let relative = PathUtilities.relative(file.path, to: configDirectory), !relative.isEmpty,
                      reads.pattern(reading: relative) == nil else { continue }
                findings.append(finding(
                    "Kolla-Ansible \(version.release.name) never reads this file: "
                        + advice(relative, reads, version, prefix: deployment.kind == .osism ? "files/overlays/" : "config/"),
                    at: SourceLocation(path: file.path, line: 1, column: 1), key: "unread:\(relative)"))
            }
        }
        return findings
    }

    static func isOverride(_ role: FileRole) -> Bool {
        switch role {
        case .osloOverride, .rabbitmqOverride, .haproxyMain, .haproxyServices, .looseHAProxy: true
        default: false
        }
    }

    /// Where the file most likely belongs, or what the project's readable paths are.
    private func advice(_ relative: String, _ reads: OverrideReads, _ version: KollaVersion, prefix: String) -> String {
        let parts = relative.split(separator: "/").map(String.init)
        // config/<project>/<service>/<file>.conf: a service directory where Kolla wants a file.
        if parts.count == 3, reads.serviceNames.contains(parts[1]) {
            let target = "\(parts[0])/\(parts[1]).conf"
            if reads.pattern(reading: target) != nil {
                return "\(parts[1]) is a service, not a host; move the settings to \(prefix)\(target)"
            }
        }
        // config/nova/<host>/<service>.conf before 2023.2.
        if parts.count == 3, reads.serviceNames.contains(String(parts[2].dropLast(".conf".count))),
           reads.pattern(reading: "\(parts[0])/\(parts[1])/\(parts[0]).conf") != nil {
            return "per-host files per service are read only from 2023.2 (KA 69a67823); on \(version.release.name) "
                + "use \(prefix)\(parts[0])/\(parts[1])/\(parts[0]).conf, which applies to every \(parts[0]) service on that host"
        }
        let directory = parts.count > 1 ? parts[0] : nil
        let candidates = reads.patterns(under: directory).filter { !$0.contains("<host>") }
        // A typo of a real path (nova/nova-apis.conf): suggest the nearest one.
        if let nearest = candidates.min(by: { Self.distance($0, relative) < Self.distance($1, relative) }),
           Self.distance(nearest, relative) <= 3 {
            return "did you mean \(prefix)\(nearest)?"
        }
        if let directory {
            return "files under \(prefix)\(directory)/ are read as \(directory)/<service>.conf or \(directory)/<host>/\(directory).conf"
        }
        return "no role of this release reads files there"
    }

    /// Levenshtein distance, bounded to short paths (both are relative config paths).
    static func distance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs.unicodeScalars.prefix(256)), b = Array(rhs.unicodeScalars.prefix(256))
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : (b.isEmpty ? a.count : previous[b.count])
    }
}
