#!/usr/bin/env bash
# Scaffolds a rule: Rules/<Family>/<Type>.swift (description, examples, a short
# `violations(in:)`, a typed `Found` with its message function) and its entry in
# Rules/RuleRegistry.swift, in id order. The scaffold builds and passes the rule tests
# as it is (it flags `[oslo_messaging_rabbit] example_option = bad`); replace the
# example check with the rule's own. See docs/adding-a-rule.md.
#
# Usage: scripts/new-rule.sh RMQ208 heartbeat-rate-too-low Heartbeats HeartbeatRateTooLowRule [warning]
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 4 ]; then
    echo "usage: $0 ID SLUG FAMILY_DIRECTORY TYPE_NAME [error|warning|info]" >&2
    exit 2
fi
id=$1 slug=$2 family=$3 type=$4 severity=${5:-warning}

python3 - "$id" "$slug" "$family" "$type" "$severity" <<'PY'
import pathlib, re, sys
rule_id, slug, family, type_name, severity = sys.argv[1:]
fail = lambda message: sys.exit(f"new-rule: {message}")
if not re.fullmatch(r"RMQ[0-5]\d\d", rule_id): fail(f"{rule_id}: ids are RMQ0xx–RMQ5xx")
if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug): fail(f"{slug}: slugs are kebab-case")
if not re.fullmatch(r"[A-Z][A-Za-z0-9]*Rule", type_name): fail(f"{type_name}: type names are UpperCamelCase ending in Rule")
if severity not in ("error", "warning", "info"): fail(f"{severity}: severity is error, warning or info")
if not re.fullmatch(r"[A-Z][A-Za-z]*", family): fail(f"{family}: the family directory is one word (Heartbeats, Queues…)")

rules = pathlib.Path("Rules")
existing = {}
for path in rules.glob("**/*Rule.swift"):
    text = path.read_text()
    match = re.search(r'id: "(RMQ\d{3})"', text)
    if match: existing[match.group(1)] = path.stem
    if re.search(rf'slug: "{re.escape(slug)}"', text): fail(f"slug {slug} is taken by {path}")
if rule_id in existing: fail(f"{rule_id} is taken by {existing[rule_id]}")
if type_name in existing.values(): fail(f"{type_name} exists")

target = rules / family / f"{type_name}.swift"
target.parent.mkdir(parents=True, exist_ok=True)
target.write_text(f'''import RMQLintEngine
import RMQLintJinja
import RMQLintKnowledge
import RMQLintModel
import RMQLintSource

/// {rule_id}: TODO one line: what this rule flags.
public struct {type_name}: ViolationRule {{
    public init() {{}}

    public static let description = RuleDescription(
        id: "{rule_id}",
        slug: "{slug}",
        severity: .{severity},
        summary: "TODO summary: what is wrong, in one line without a period",
        whatItDoes: """
            TODO: which effective values the rule reads (never files), when it fires, where the finding \\
            points, and what it leaves alone (unknown values are never guessed).
            """,
        whyItMatters: """
            TODO: what breaks in a RabbitMQ cluster or an OpenStack service when this is wrong, with the \\
            upstream source that says so.
            """,
        fix: "TODO: what to change, and where.",
        appliesTo: "TODO: releases and RabbitMQ versions.",
        references: [
            "TODO: upstream (project, path, ref) or documentation URL",
        ],
        triggeringExamples: [
            // `↓` marks the column where the finding must point.
            RuleExample([
                "globals.yml": "openstack_release: \\"2024.1\\"\\n",
                "config/global.conf": "[oslo_messaging_rabbit]\\nexample_option = ↓bad\\n",
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample([
                "globals.yml": "openstack_release: \\"2024.1\\"\\n",
                "config/global.conf": "[oslo_messaging_rabbit]\\nexample_option = good\\n",
            ]),
        ])

    static let section = "oslo_messaging_rabbit"
    static let key = "example_option"

    /// The facts of one finding; the message and identity derive from them.
    public struct Found: Violation {{
        /// The value as written.
        var value: String
        public var location: SourceLocation

        /// Identity for fingerprints and baselines: facts only, never message text.
        public var semanticKey: String {{ "[\\({type_name}.section)]\\({type_name}.key)" }}

        public var message: String {{
            "`\\({type_name}.key) = \\(value)` TODO: what is wrong, the effective value and where it comes from, "
                + "and what to change where"
        }}
    }}

    public func violations(in context: LintContext) -> [Found] {{
        var found: [Found] = []
        for deployment in context.model.deployments {{
            var reported: Set<SourceLocation> = []
            for config in deployment.effective.configs {{
                guard let setting = config.setting(section: Self.section, key: Self.key),
                      !setting.isConditional, setting.provenance.isWrittenInTree, setting.value == "bad",
                      let location = setting.provenance.anchor, reported.insert(location).inserted
                else {{ continue }}
                found.append(Found(value: setting.value ?? "", location: location))
            }}
        }}
        return found
    }}
}}
''')

registry = rules / "RuleRegistry.swift"
text = registry.read_text()
existing[rule_id] = type_name
order = [existing[key] for key in sorted(existing)]
start = text.index("public static let all: [any Rule.Type] = [") + len("public static let all: [any Rule.Type] = [")
end = text.index("    ]", start)
entries = "".join(f"        {name}.self,\n" for name in order)
registry.write_text(text[:start] + "\n" + entries + text[end:])
print(f"created {target}; registered {type_name} in {registry}")
print("next: fill in the TODOs, `swift test --filter RuleExampleTests`, then scripts/update-generated.sh")
PY
