import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ002: the target release could not be determined and the newest stable one was assumed.
public struct UnknownReleaseRule: ViolationRule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ002",
        slug: "unknown-release",
        severity: .info,
        summary: "The target release could not be determined; the newest stable release was assumed",
        whatItDoes: """
            Reports a deployment tree whose target release rmqlint cannot determine: no `--release`, no \
            `release:` in `.rmqlint.yml`, and an `openstack_release` in globals that is missing, templated, \
            or not a release rmqlint knows (a custom image tag, say). rmqlint then assumes the newest stable \
            release it knows (never master), and says so here. Accepted forms: a series name (`wallaby`, \
            `2024.1`), a Kolla-Ansible version (`16.3.0`), a branch (`stable/2024.1`) or an end-of-life tag \
            (`zed-eol`).
            """,
        whyItMatters: """
            Almost every rule depends on the release: Kolla's defaults, the policies its templates render, \
            the oslo.messaging options that exist and the RabbitMQ version all change between releases. A \
            wrong assumption can hide a problem or report one that does not exist, so the assumption is \
            made visible.
            """,
        fix: """
            Run with `--release 2024.1` (or the Kolla-Ansible version, e.g. `18.7.0`), or set \
            `release: 2024.1` in `.rmqlint.yml`; Kolla itself reads `openstack_release` from its own \
            group_vars when globals do not set it, which rmqlint cannot see.
            """,
        appliesTo: "All releases.",
        references: ["KA ansible/group_vars/all.yml (openstack_release)", "docs/spec.md §4 (Target release)"],
        triggeringExamples: [
            RuleExample(["globals.yml": "↓kolla_base_distro: ubuntu\nkolla_internal_vip_address: 10.0.0.10\n"]),
            RuleExample(["globals.yml": "kolla_base_distro: ubuntu\nopenstack_release: ↓\"2024.1-custom-build\"\n"]),
            RuleExample(["globals.yml": "openstack_release: ↓\"{{ lookup('env', 'RELEASE') }}\"\n"]),
        ],
        nonTriggeringExamples: [
            RuleExample(["globals.yml": "openstack_release: \"2024.1\"\n"]),
            RuleExample(["globals.yml": "openstack_release: 18.7.0\n"]),
            RuleExample(["globals.yml": "openstack_release: Wallaby\n"]),
            RuleExample(["globals.yml": "kolla_base_distro: ubuntu\n"], arguments: ["--release", "2025.1"]),
            // Loose files have no globals: the release only matters through --release.
            RuleExample(["haproxy.cfg": "listen stats\n    bind :1984\n"]),
        ])

    /// A tree whose release had to be assumed.
    public struct Found: Violation {
        enum Cause { case unknownName(String), unreadable, unset }
        var cause: Cause
        /// The release assumed.
        var assumed: String
        public var location: SourceLocation

        public var semanticKey: String { "release" }
        public var message: String {
            "\(problem); assuming \(assumed), the newest stable release rmqlint knows. "
                + "Set --release or `release:` in .rmqlint.yml to lint against the release you deploy"
        }
        var problem: String {
            switch cause {
            case .unknownName(let written): "openstack_release '\(written)' is not a release rmqlint knows"
            case .unreadable: "openstack_release is templated or encrypted, so rmqlint cannot read it"
            case .unset: "openstack_release is not set in globals (Kolla takes it from its own group_vars)"
            }
        }
    }

    public func violations(in context: LintContext) -> [Found] {
        context.model.deployments.compactMap { deployment -> Found? in
            guard deployment.kind != .loose,
                  case .assumed(let location, let written) = deployment.release.source else { return nil }
            let globalsFile = deployment.fileRoles.first { $0.role == .globals(order: 0) }?.path
            guard let at = location ?? globalsFile.map({ SourceLocation(path: $0, line: 1, column: 1) }) else { return nil }
            let cause: Found.Cause = written.map { .unknownName($0) } ?? (location != nil ? .unreadable : .unset)
            return Found(cause: cause, assumed: deployment.release.version.release.name, location: at)
        }
    }
}
