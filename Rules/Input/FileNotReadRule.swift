import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// RMQ005: a file named on the command line (or by pre-commit) is not one rmqlint reads.
public struct FileNotReadRule: ViolationRule {
    public init() {}

    public static let description = RuleDescription(
        id: "RMQ005",
        slug: "file-not-read",
        severity: .info,
        summary: "A file named on the command line is not one rmqlint reads",
        whatItDoes: """
            Reports, once per file, each file named explicitly (on the command line, or by a pre-commit \
            hook passing changed files) that rmqlint does not read, with the reason: a kind of file it does \
            not check (a Puppet manifest, a README), a file Kolla-Ansible reads that is not an oslo.config, \
            RabbitMQ or HAProxy file (`ceph.conf`, an Apache `wsgi-*.conf`), a guessed oslo.config file with \
            no `[section]`, or a file a Kayobe environment replaces. Files found while walking a directory \
            are only counted in the summary's `skipped` list.
            """,
        whyItMatters: """
            "No problems found" about a file rmqlint never read is a false reassurance. A pre-commit run on \
            a changed file that passes must say when it passed because the file was not checked at all \
            (docs/spec.md §10.2: nothing is silently dropped, never a parse error for a file of another kind).
            """,
        fix: """
            Nothing to change when the file is not meant for rmqlint. If it is a configuration rmqlint should \
            check under another name, name its kind: `--globals FILE` for split globals, `--inventory FILE` \
            for an inventory; or exclude it in `.rmqlint.yml` to silence the note.
            """,
        appliesTo: "Files named explicitly, in any tree or none.",
        references: ["docs/spec.md §10.2 (Discovery that never goes quiet)"],
        triggeringExamples: [
            RuleExample([
                "haproxy.cfg": "listen stats\n    bind :1984\n",
                "site.pp": "↓class profile::openstack {}\n",
            ], arguments: ["--path", "haproxy.cfg", "--path", "site.pp"]),
            // Named inside a tree: Kolla reads it (keystone's Apache file), rmqlint does not.
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/keystone/wsgi-keystone.conf": "↓<VirtualHost *:5000>\n</VirtualHost>\n",
            ], arguments: ["--path", "config/keystone/wsgi-keystone.conf"]),
        ],
        nonTriggeringExamples: [
            // A walked directory counts what it skips; only named files get a note.
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "README.md": "# our cloud\n",
                "config/keystone/wsgi-keystone.conf": "<VirtualHost *:5000>\n</VirtualHost>\n",
            ]),
            RuleExample([
                "globals.yml": "openstack_release: \"2024.1\"\n",
                "config/nova.conf": "[DEFAULT]\ndebug = true\n",
            ], arguments: ["--path", "config/nova.conf"]),
        ])

    /// A named file rmqlint did not read, and why.
    public struct Found: Violation {
        var reason: String
        public var location: SourceLocation

        public var semanticKey: String { "not-read" }
        public var message: String { "rmqlint did not read this file: \(reason)" }
    }

    public func violations(in context: LintContext) -> [Found] {
        var seen: Set<String> = []
        return context.model.skipped.filter { $0.named && seen.insert($0.path).inserted }.map {
            Found(reason: $0.reason, location: SourceLocation(path: $0.path, line: 1, column: 1))
        }
    }
}
