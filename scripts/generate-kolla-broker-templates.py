#!/usr/bin/env python3
"""Generates Sources/RMQLintCore/Kolla/KollaBrokerTemplates.swift from kolla-ansible, in two steps.

What Kolla-Ansible's rabbitmq role renders into the broker configuration, per release
branch tip: the template of the main config file (classic `rabbitmq.config.j2` up to rocky,
`rabbitmq.conf.j2` from stein), each `key = value` line it writes (with its line number and
whether a `{% if %}`/`{% for %}` encloses it), the `rabbitmq_extra_config` loop, the
`RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS` line of `rabbitmq-env.conf.j2`, and which files the
role looks up under `{{ node_custom_config }}/rabbitmq/` (`with_first_found`).

    scripts/generate-kolla-broker-templates.py extract GIT_DIR > data/kolla-broker-templates.json
    scripts/generate-kolla-broker-templates.py generate [--stdout]

`extract` reads GIT_DIR, a clone (bare or not) of https://opendev.org/openstack/kolla-ansible
(or its GitHub mirror), at the branch tips rmqlint uses for each series
(`OpenStackRelease.kollaAnsibleRef`), and writes the facts with each ref's commit. `generate`
turns the committed data into the Swift file (or prints it with --stdout): no network and no
clone needed, so KollaBrokerTemplateDataTests re-runs it and fails when the script, the data
and the Swift file disagree. Consecutive releases with identical data share a span.
"""
import json
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "kolla-broker-templates.json"
SWIFT = ROOT / "Sources" / "RMQLintCore" / "Kolla" / "KollaBrokerTemplates.swift"

RELEASES = [
    ("queens", "queens-eol"), ("rocky", "rocky-eol"), ("stein", "stein-eol"), ("train", "train-eol"),
    ("ussuri", "ussuri-eol"), ("victoria", "victoria-eol"), ("wallaby", "wallaby-eol"), ("xena", "xena-eol"),
    ("yoga", "yoga-eol"), ("zed", "zed-eol"), ("antelope", "2023.1-eol"), ("bobcat", "2023.2-eol"),
    ("caracal", "unmaintained/2024.1"), ("dalmatian", "2024.2-eol"), ("epoxy", "stable/2025.1"),
    ("flamingo", "stable/2025.2"), ("gazpacho", "stable/2026.1"), ("master", "master"),
]
ROLE = "ansible/roles/rabbitmq"


def git(git_dir, *args):
    result = subprocess.run(["git", "--git-dir", git_dir, *args], capture_output=True, text=True)
    return result.stdout if result.returncode == 0 else None


def swift_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def sysctl_lines(text):
    """(line, key, value, conditional) for each `key = value` line of a rabbitmq.conf.j2."""
    lines, depth = [], 0
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        for statement in re.findall(r"{%-?\s*(\w+)", stripped):
            if statement in ("if", "for"):
                depth += 1
            elif statement in ("endif", "endfor"):
                depth -= 1
        if not stripped or stripped.startswith("#") or stripped.startswith("{%") or stripped.startswith("{#"):
            continue
        if "=" in stripped:
            key, value = (part.strip() for part in stripped.split("=", 1))
            lines.append((number, key, value, depth > 0))
    return lines


def classic_lines(text):
    """The same facts from a classic rabbitmq.config.j2 (Erlang terms), keyed like rabbitmq.conf."""
    lines = []
    for number, line in enumerate(text.split("\n"), 1):
        match = re.search(r"{cluster_partition_handling,\s*(\w+)}", line)
        if match:
            lines.append((number, "cluster_partition_handling", match.group(1), False))
        if "{tcp_listeners," in line:
            lines.append((number, "listeners.tcp.1", "{{ api_interface_address }}:{{ role_rabbitmq_port }}", False))
        match = re.search(r'{load_definitions,\s*"([^"]*)"}', line)
        if match:
            lines.append((number, "management.load_definitions", match.group(1), False))
    return lines


def facts(git_dir, ref):
    commit = git(git_dir, "rev-parse", "--short=8", ref + "^{commit}").strip()
    templates = f"{ROLE}/templates"
    conf = git(git_dir, "show", f"{ref}:{templates}/rabbitmq.conf.j2")
    if conf is not None:
        path, form, lines = f"{templates}/rabbitmq.conf.j2", "sysctl", sysctl_lines(conf)
    else:
        classic = git(git_dir, "show", f"{ref}:{templates}/rabbitmq.config.j2")
        path, form, lines = f"{templates}/rabbitmq.config.j2", "classic", classic_lines(classic or "")
    extra = next((number for number, key, value, _ in lines if key == "{{ key }}"), None)
    lines = [entry for entry in lines if entry[1] != "{{ key }}"]
    env = git(git_dir, "show", f"{ref}:{templates}/rabbitmq-env.conf.j2") or ""
    erl = None
    for number, line in enumerate(env.split("\n"), 1):
        if line.startswith("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="):
            erl = (number, line.split("=", 1)[1])
    advanced = git(git_dir, "show", f"{ref}:{templates}/advanced.config.j2") is not None
    tasks = git(git_dir, "show", f"{ref}:{ROLE}/tasks/config.yml") or ""
    overrides = sorted(set(re.findall(r"node_custom_config }}/rabbitmq/(?:{{ inventory_hostname }}/)?([\w.-]+)", tasks)))
    return dict(ref=ref, commit=commit, path=path, form=form, lines=lines, extra=extra, erl=erl,
                advanced=advanced, overrides=overrides)


def extract(git_dir):
    """The facts of every release, as JSON text (data/kolla-broker-templates.json)."""
    rows = []
    for release, ref in RELEASES:
        data = facts(git_dir, ref)
        rows.append(dict(release=release, **data))
    # One release per line: a re-extraction's diff shows which releases changed.
    return "[\n" + ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n]\n"


def swift_source(rows):
    """The Swift file for the facts of `extract`: a pure function of the data."""
    spans = []
    for row in rows:
        data = {k: v for k, v in row.items() if k != "release"}
        release = row["release"]
        key = {k: v for k, v in data.items() if k not in ("ref", "commit")}
        if spans and spans[-1]["key"] == key:
            spans[-1]["to"] = release
            spans[-1]["refs"].append(f"{data['ref']}({data['commit']})")
        else:
            spans.append(dict(key=key, frm=release, to=release, refs=[f"{data['ref']}({data['commit']})"], data=data))
    out = []
    out.append("// GENERATED by scripts/generate-kolla-broker-templates.py generate from data/kolla-broker-templates.json")
    out.append("// (extracted from openstack/kolla-ansible); do not edit. Refs read (commit): "
               + ", ".join(ref for span in spans for ref in span["refs"]) + ".")
    out.append("")
    out.append("/// What Kolla-Ansible's rabbitmq role renders into the broker configuration, per release span.")
    out.append("let kollaBrokerTemplateSpans: [KollaBrokerTemplate] = [")
    for span in spans:
        data = span["data"]
        out.append("    KollaBrokerTemplate(")
        out.append(f"        releases: .{span['frm']} ... .{span['to']}, refs: {swift_string(', '.join(span['refs']))},")
        out.append(f"        path: {swift_string(data['path'])}, form: .{data['form']},")
        out.append("        lines: [")
        for number, key, value, conditional in data["lines"]:
            out.append(f"            .init(line: {number}, key: {swift_string(key)}, value: {swift_string(value)}, conditional: {'true' if conditional else 'false'}),")
        out.append("        ],")
        out.append(f"        extraConfigLine: {data['extra'] if data['extra'] is not None else 'nil'},")
        if data["erl"]:
            out.append(f"        erlArgsLine: {data['erl'][0]}, erlArgsValue: {swift_string(data['erl'][1])},")
        else:
            out.append("        erlArgsLine: nil, erlArgsValue: nil,")
        out.append(f"        hasAdvancedConfig: {'true' if data['advanced'] else 'false'},")
        out.append("        overridesRead: [" + ", ".join(swift_string(name) for name in data["overrides"]) + "]),")
    out.append("]")
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "extract":
        sys.stdout.write(extract(sys.argv[2]))
    elif len(sys.argv) in (2, 3) and sys.argv[1] == "generate" and sys.argv[2:] in ([], ["--stdout"]):
        source = swift_source(json.loads(DATA.read_text(encoding="utf-8")))
        if sys.argv[2:] == ["--stdout"]:
            sys.stdout.write(source)
        else:
            SWIFT.write_text(source, encoding="utf-8")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
