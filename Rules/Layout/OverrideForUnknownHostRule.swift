import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ502: a per-host override directory names a host the inventory does not have.
public struct OverrideForUnknownHostRule: ViolationRule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ502",
        slug: "override-for-unknown-host",
        severity: .warning,
        summary: "A per-host override directory names a host that is not in the inventory",
        whatItDoes: """
            Checks every per-host override — `config/<project>/<host>/<project>.conf`, \
            `config/nova/<host>/<service>.conf`, `config/rabbitmq/<host>/<file>`, \
            `config/haproxy/<host>/haproxy_main.cfg`, `config/haproxy-config/<host>/<service>.cfg` — against \
            the tree's inventory (or `--inventory`). A directory named after a host the inventory does not \
            contain is reported, with the inventory hosts it most likely meant (a short name where the \
            inventory uses fully qualified names, or the other way round). Without an inventory the rule \
            stays silent.
            """,
        whyItMatters: """
            Kolla looks up per-host overrides by `inventory_hostname` and skips missing files silently \
            (KA `doc/source/admin/advanced-configuration.rst`, `ansible/action_plugins/merge_configs.py`). \
            An override for `ctl1` when the inventory says `ctl01`, or for `ctl01` when it says \
            `ctl01.example.net`, is never applied: the host keeps the setting the operator believes was changed.
            """,
        fix: "Rename the directory to the host's exact `inventory_hostname`, or remove the stale override.",
        references: [
            "KA master:doc/source/admin/advanced-configuration.rst (OpenStack Service Configuration in Kolla)",
            "KA master:ansible/roles/nova/tasks/config.yml (merge_configs sources)",
            "KA master:ansible/roles/rabbitmq/tasks/config.yml (with_first_found)",
        ],
        triggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "multinode": "[control]\nctl01.example.net\nctl02.example.net\n\n[compute]\ncmp[01:04]\n",
                "config/nova/ctl01/nova.conf": "↓[DEFAULT]\ncpu_allocation_ratio = 2.0\n",
                "config/nova/cmp05/nova-compute.conf": "↓[libvirt]\ncpu_mode = host-model\n",
                "config/rabbitmq/rmq01/definitions.json": "↓{\"policies\": []}\n",
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "multinode": "[control]\nctl01\n\n[compute]\ncmp[01:04]\n",
                "config/nova/ctl01/nova.conf": "[DEFAULT]\ncpu_allocation_ratio = 2.0\n",
                "config/nova/cmp04/nova-compute.conf": "[libvirt]\ncpu_mode = host-model\n",
            ]),
            // No inventory: nothing to compare against, so no guess.
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/nova/ctl09/nova.conf": "[DEFAULT]\ndebug = true\n",
            ]),
        ])

    /// A per-host override directory whose host the inventory lacks.
    public struct Found: Violation {
        /// The host the directory names.
        var unknownHost: String
        /// The override file under it.
        var file: String
        /// Inventory hosts the name probably meant.
        var suggestions: [String]
        /// The first inventory file read.
        var inventory: String?

        public var host: String? { unknownHost }
        public var location: SourceLocation { SourceLocation(path: file, line: 1, column: 1) }
        public var semanticKey: String { "host:\(unknownHost)" }
        public var message: String {
            "This is an override for host '\(unknownHost)', but the inventory has no such host, so "
                + "Kolla never reads it (per-host directories must be named by inventory_hostname).\(hint)"
        }
        var hint: String {
            guard !suggestions.isEmpty else { return "" }
            let question = " Did you mean " + suggestions.map { "'\($0)'" }.joined(separator: " or ") + "?"
            return question + (fixes.first.map { " If so: \($0.description)" } ?? "")
        }

        /// Moving the file into the directory of the one host the name most likely meant
        /// (FQDN vs short name, case, zero-padding). Unsafe: Kolla starts applying an
        /// override it never applied — the intent, but a judgement (the directory may be
        /// for a host not yet in the inventory, or stale). No fix when the name matches no
        /// host or several, or when the host is not the file's own directory.
        public var fixes: [Fix] {
            guard suggestions.count == 1, let target = suggestions.first else { return [] }
            var parts = file.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 2, parts[parts.count - 2] == unknownHost else { return [] }
            parts[parts.count - 2] = target
            let destination = parts.joined(separator: "/")
            return [Fix("Move it to `\(destination)`", .unsafe, edits: [.rename(from: file, to: destination)])]
        }
        public var related: [RelatedLocation] {
            inventory.map { [RelatedLocation("the inventory read", at: SourceLocation(path: $0, line: 1, column: 1))] } ?? []
        }
    }

    public func violations(in context: LintContext) -> [Found] {
        var found: [Found] = []
        for deployment in context.model.deployments {
            guard let hostNames = deployment.inventoryHostNames else { continue }
            for file in deployment.fileRoles {
                guard let host = file.role.overrideHost, !deployment.inventoryContains(host: host) else { continue }
                // A service name in the host position is a misplaced service file: RMQ501's case.
                if KollaKnowledge.service(named: host, release: deployment.release.version.release) != nil { continue }
                found.append(Found(
                    unknownHost: host, file: file.path, suggestions: Self.likelyHosts(for: host, in: hostNames),
                    inventory: deployment.inventoryPaths.first))
            }
        }
        return found
    }

    /// Hosts the directory probably meant: same short name (FQDN vs short), same name
    /// ignoring case, or a different zero-padding of the same number.
    static func likelyHosts(for name: String, in hosts: [String]) -> [String] {
        let short = { (host: String) in host.split(separator: ".").first.map(String.init)?.lowercased() ?? host.lowercased() }
        let unpadded = { (host: String) -> String in
            var result = ""
            var digits = ""
            for character in short(host) {
                if character.isNumber { digits.append(character); continue }
                if !digits.isEmpty { result += String(Int(digits) ?? 0); digits = "" }
                result.append(character)
            }
            if !digits.isEmpty { result += String(Int(digits) ?? 0) }
            return result
        }
        let wanted = unpadded(name)
        return Array(hosts.filter { unpadded($0) == wanted }.prefix(3))
    }
}
