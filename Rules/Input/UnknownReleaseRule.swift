import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ002: nothing in the tree decides its release; rules ran on every candidate release.
public struct UnknownReleaseRule: ViolationRule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ002",
        slug: "unknown-release",
        severity: .info,
        summary: "The tree does not decide its release; rules were checked on every candidate release",
        whatItDoes: """
            Reports a deployment tree whose target release nothing decides: no `--release`, no `release:` in \
            `.rmqlint.yml`, and no signal in the tree that names one release — `openstack_release` (a series, a \
            Kolla-Ansible version such as `13.9.0`, or a custom string naming exactly one series), `openstack_tag` \
            or `<service>_tag` values that are Kolla versions (`9.1.0` → train), Kayobe's \
            `kolla_openstack_release` / `openstack_release`, OSISM's `openstack_version` or `manager_version`. \
            rmqlint then never guesses: it checks every release-dependent rule on each candidate release and \
            reports at info what holds on some candidates only, naming them. The message lists the evidence it \
            found and the variable this tree would pin the release with.
            """,
        whyItMatters: """
            Almost every rule depends on the release: Kolla's defaults, the policies its templates render, \
            the oslo.messaging options that exist and the RabbitMQ version all change between releases. An \
            assumed release turns into false errors (classic mirroring "removed" on a RabbitMQ 3.6 tree) and \
            misses (Train's implicit `ha-all` policy); pinning the release turns the info findings into real ones.
            """,
        fix: """
            Set the variable the tree already uses for its release (Kolla `openstack_release` in globals.yml, \
            Kayobe `kolla_openstack_release` in `etc/kayobe/kolla.yml`, OSISM `openstack_version` in \
            `environments/manager/configuration.yml`), or run with `--release 2024.1` (or the Kolla-Ansible \
            version, e.g. `18.7.0`), or set `release: 2024.1` in `.rmqlint.yml`.
            """,
        appliesTo: "All releases.",
        references: ["KA ansible/group_vars/all.yml (openstack_release)", "docs/spec.md §10.1 (Release: evidence, then a range)"],
        triggeringExamples: [
            RuleExample(["globals.yml": "↓kolla_base_distro: ubuntu\nkolla_internal_vip_address: 10.0.0.10\n"]),
            RuleExample(["globals.yml": "kolla_base_distro: ubuntu\nopenstack_release: ↓\"custom-build\"\n"]),
            RuleExample(["globals.yml": "openstack_release: ↓\"{{ lookup('env', 'RELEASE') }}\"\n"]),
        ],
        nonTriggeringExamples: [
            RuleExample(["globals.yml": "openstack_release: \"2024.1\"\n"]),
            RuleExample(["globals.yml": "openstack_release: 18.7.0\n"]),
            RuleExample(["globals.yml": "openstack_release: Wallaby\n"]),
            RuleExample(["globals.yml": "openstack_release: acme-xena-2022.03.1\n"]),
            RuleExample(["globals.yml": "openstack_tag: 9.0.1\n"]),
            RuleExample(["globals.yml": "nova_tag: 9.1.0\nrabbitmq_tag: 9.1.0\n"]),
            RuleExample(["globals.yml": "openstack_release: \"{{ my_release }}\"\nmy_release: yoga\n"]),
            RuleExample(["globals.yml": "kolla_base_distro: ubuntu\n"], arguments: ["--release", "2025.1"]),
            // Loose files have no globals: the release only matters through --release.
            RuleExample(["haproxy.cfg": "listen stats\n    bind :1984\n"]),
        ])

    /// A tree whose release nothing decides: the range checked and how to pin it.
    public struct Found: Violation {
        /// Each signal found, as `variable 'value' at path:line:col: note`; empty when none.
        var evidence: [String]
        var kind: TreeKind
        /// `queens–master`.
        var range: String
        /// How this tree would pin its release.
        var pinHint: String
        public var location: SourceLocation

        public var semanticKey: String { "release" }
        public var message: String {
            "\(problem); every rule was checked on each candidate release (\(range)) and what holds "
                + "on some of them only is reported at info. To pin it, \(pinHint)"
        }
        var problem: String {
            guard evidence.isEmpty else {
                return "no signal in this tree decides its release (" + evidence.joined(separator: "; ") + ")"
            }
            return "nothing in this tree names its release (no openstack_release, no Kolla version in an image tag"
                + (kind == .kayobe ? ", no kolla_openstack_release" : "")
                + (kind == .osism ? ", no openstack_version or manager_version" : "") + ")"
        }
    }

    public func violations(in context: LintContext) -> [Found] {
        context.model.deployments.compactMap { deployment -> Found? in
            let release = deployment.release
            guard deployment.kind != .loose, release.isAssumed else { return nil }
            let globalsFile = deployment.fileRoles.first { $0.role == .globals(order: 0) }?.path
            let unusable = release.evidence.first { !$0.isDecisive && $0.location != nil }
            guard let at = unusable?.location ?? globalsFile.map({ SourceLocation(path: $0, line: 1, column: 1) })
                    ?? deployment.fileRoles.first.map({ SourceLocation(path: $0.path, line: 1, column: 1) }) else { return nil }
            let items = release.evidence.map { item in
                "\(item.variable)\(item.written.map { " '\($0)'" } ?? "")\(item.location.map { " at \($0)" } ?? ""): \(item.note)"
            }
            return Found(evidence: items, kind: deployment.kind, range: release.rangeText, pinHint: release.pinHint, location: at)
        }
    }
}
