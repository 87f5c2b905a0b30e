#!/usr/bin/env python3
"""What Kolla-Ansible reads from `node_custom_config`, per release (docs/spec.md §10.3).

Two steps, so that the committed data can be checked without network access:

  extract  --kolla-ansible GITDIR
      Reads every `ansible/roles/*/tasks/*.yml` of kolla-ansible at one ref per release series
      (the `*-eol` tag, `unmaintained/*` or `stable/*` branch, or `master`; see REFS), finds every
      string that names `{{ node_custom_config }}`, resolves the Jinja in it as far as the role's
      own defaults and loop decide, and writes the intermediate table
      `data/kolla-reads.tsv` (one row per read task, with the
      ref, commit, task file and line it came from).
  generate [--stdout]
      Turns the intermediate table into `Sources/RMQLintCore/Kolla/Generated/KollaReadsData.swift`
      (a pure transformation; no kolla-ansible needed): the rows as Swift values, releases as
      `OpenStackRelease` raw values, so the binary parses nothing at start-up. Malformed rows
      stop it.
  check
      Exits 1 when the Swift file is not what `generate` makes from the table. The Swift test
      `KollaReadsDataTests` does the same comparison inside `swift test`.

GITDIR is a bare or normal clone of github.com/openstack/kolla-ansible.

Placeholders in the patterns (paths relative to node_custom_config, `/etc/kolla/config`):
  <host>      {{ inventory_hostname }}: one path component naming an inventory host
  <service>   {{ item.key }} / {{ service_name }} of a loop over the role's `*_services`: one of the
              names listed in the `services` row of that role and release
  <number>    {{ item }} of a `with_sequence` loop (nova-compute-fake-<n>): one or more digits
  <ceph_cluster>  {{ ceph_cluster }}, an operator variable (Kolla's default "ceph")
  <name>      any other Jinja the role's defaults and the task's loop do not decide (ceph cluster
              names, keyrings): matches any text inside one path component
Templates of the role are written `@ansible/roles/<role>/templates/<file>`.

Row kinds of the table (tab-separated; `#` lines are comments):
  release   <series> <ref> <commit>
  renders   <series> <template> <section.transport_url,...>  (oslo templates of merge_configs tasks)
  services  <series> <role> <name,name,...>
  read      <series> <role> <module> <task file>:<line> <dest or -> <source;source;...>
  module is the Ansible action: merge_configs / merge_yaml (every source is merged, later wins),
  first_found (the first existing source is used whole), copy, template, find, stat, fileglob.
"""

import argparse
import os
import re
import subprocess
import sys

try:
    import yaml  # the extract step only: generate and check need the standard library alone
except ImportError:
    yaml = None

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GENERATED = os.path.join(ROOT, "Sources", "RMQLintCore", "Kolla", "Generated")
TABLE = os.path.join(ROOT, "data", "kolla-reads.tsv")
SWIFT = os.path.join(GENERATED, "KollaReadsData.swift")

# One ref per release series, as OpenStackRelease.kollaAnsibleRef names them.
REFS = [
    ("queens", "queens-eol"), ("rocky", "rocky-eol"), ("stein", "stein-eol"), ("train", "train-eol"),
    ("ussuri", "ussuri-eol"), ("victoria", "victoria-eol"), ("wallaby", "wallaby-eol"),
    ("xena", "xena-eol"), ("yoga", "yoga-eol"), ("zed", "zed-eol"), ("2023.1", "2023.1-eol"),
    ("2023.2", "2023.2-eol"), ("2024.1", "unmaintained/2024.1"), ("2024.2", "2024.2-eol"),
    ("2025.1", "stable/2025.1"), ("2025.2", "stable/2025.2"), ("2026.1", "stable/2026.1"),
    ("master", "master"),
]

MODULES = {
    "merge_configs": "merge_configs", "merge_yaml": "merge_yaml", "template": "template",
    "copy": "copy", "stat": "stat", "find": "find",
}
LOOP_KEYS = ("with_dict", "with_items", "loop", "with_first_found", "with_fileglob", "with_list")
JINJA = re.compile(r"\{\{\s*(.*?)\s*\}\}")


def git(gitdir, *args):
    return subprocess.run(["git", "--git-dir", gitdir, *args], check=True, capture_output=True,
                          text=True).stdout


if yaml is not None:
    class Loader(yaml.SafeLoader):
        """SafeLoader that ignores Ansible's `!unsafe` / `!vault` tags."""

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def compose(text):
    try:
        return yaml.compose(text, Loader=Loader)
    except yaml.YAMLError:
        return None


def load(text):
    try:
        return yaml.load(text, Loader=Loader)
    except yaml.YAMLError:
        return None


def mapping(node):
    """(key, value node) pairs of a mapping node."""
    if isinstance(node, yaml.MappingNode):
        return [(k.value, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)]
    return []


def scalars(node):
    """Every scalar string below a node, with its line."""
    if isinstance(node, yaml.ScalarNode):
        if isinstance(node.value, str):
            yield node.value, node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from scalars(item)
    elif isinstance(node, yaml.MappingNode):
        for _, value in node.value:
            yield from scalars(value)


def plain(node):
    """A node as Python data (scalars as strings)."""
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [plain(n) for n in node.value]
    if isinstance(node, yaml.MappingNode):
        return {k.value: plain(v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}
    return None


class Role:
    def __init__(self, name, defaults, group_vars):
        self.name = name
        self.defaults = defaults
        self.group_vars = group_vars
        self.services = set()
        for key, value in defaults.items():
            if key.endswith("_services") and isinstance(value, dict):
                self.services.update(str(k) for k in value)

    task_vars = {}

    def variable(self, name):
        for table in (self.task_vars, self.defaults, self.group_vars):
            if name in table:
                return table[name]
        return None


def resolve(text, role, loop_items, depth=0):
    """The string with its Jinja resolved: a list of candidate strings."""
    results = [""]
    position = 0
    for match in JINJA.finditer(text):
        literal = text[position:match.start()]
        position = match.end()
        expression = match.group(1)
        options = substitute(expression, role, loop_items, depth)
        results = [r + literal + o for r in results for o in options]
    return [r + text[position:] for r in results]


def substitute(expression, role, loop_items, depth):
    if expression == "ceph_cluster":
        # An operator's choice (Kolla default "ceph"): rmqlint substitutes the tree's value.
        return ["<ceph_cluster>"]
    if loop_items == "sequence" and expression == "item":
        return ["<number>"]
    lookup = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[['\"]([A-Za-z0-9_]+)['\"]\]|\.([A-Za-z0-9_]+))", expression)
    if lookup and not expression.startswith("item") and depth < 3:
        table = role.variable(lookup.group(1))
        field = lookup.group(2) or lookup.group(3)
        if isinstance(table, dict) and isinstance(table.get(field), str):
            return resolve(table[field], role, loop_items, depth + 1)
    if expression == "node_custom_config":
        return ["config"]
    if expression == "role_path":
        return ["@ansible/roles/" + role.name]
    if expression == "inventory_hostname":
        return ["<host>"]
    if expression in ("item.key", "service_name") and loop_items in (None, "services"):
        if expression == "service_name" and isinstance(role.variable("service_name"), str):
            return resolve(role.variable("service_name"), role, loop_items, depth + 1)
        return ["<service>"]
    if expression == "item" or expression.startswith("item."):
        if loop_items is None:
            return ["<name>"]
        if loop_items == "services":
            return ["<service>"]
        field = expression[len("item."):] if expression.startswith("item.") else None
        values = []
        for entry in loop_items:
            if field is None and isinstance(entry, str):
                values.append(entry)
            elif field is not None and isinstance(entry, dict) and isinstance(entry.get(field), str):
                values.append(entry[field])
        if values and all("{{" not in v or depth < 3 for v in values):
            return [s for v in values for s in resolve(v, role, None, depth + 1)]
        return ["<name>"]
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", expression) and depth < 3:
        value = role.variable(expression)
        if isinstance(value, str) and value:
            return resolve(value, role, loop_items, depth + 1)
    return ["<name>"]


def loop_of(task, role):
    """What `item` ranges over: "services", a literal list, or None (unknown)."""
    if "with_sequence" in task:
        return "sequence"
    for key in ("with_dict", "with_items", "loop", "with_list"):
        if key in task:
            value = task[key]
            if isinstance(value, list):
                return value
            if isinstance(value, str) and "_services" in value:
                return "services"
            if isinstance(value, str):
                found = JINJA.fullmatch(value.strip())
                if found and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", found.group(1)):
                    listed = role.variable(found.group(1))
                    if isinstance(listed, list) and all(isinstance(v, (str, dict)) for v in listed):
                        return listed
            return None
    return None


def normalise(path, role):
    """A resolved path as a table pattern, or None when it is not under node_custom_config."""
    # vitrage (Train … Xena) reads `{{ node_config_directory }}/config/…`: /etc/kolla/config.
    if path.startswith("/etc/kolla/config/"):
        path = "config/" + path[len("/etc/kolla/config/"):]
    if path.startswith("config/") or path == "config":
        path = path[len("config/"):]
        path = re.sub(r"/+", "/", path)
        return path
    if path.startswith("@"):
        return path
    return None


def template_path(src, role):
    """A role-relative template name (`wsgi-keystone.conf.j2`) as a table pattern."""
    if src.startswith("@") or src.startswith("config/") or "<" in src:
        return src
    return "@ansible/roles/%s/templates/%s" % (role.name, src)


def first_found_sources(spec, role, loop_items):
    """Candidates of a `with_first_found` list (plain paths or files × paths)."""
    out = []
    for entry in spec if isinstance(spec, list) else [spec]:
        if isinstance(entry, str):
            for r in resolve(entry, role, loop_items):
                out.append(r)
        elif isinstance(entry, dict):
            files = entry.get("files", [])
            paths = entry.get("paths", [""])
            if isinstance(files, str):
                value = role.variable(files.strip("{} ")) if files.startswith("{{") else [files]
                files = value if isinstance(value, list) else ["<name>"]
            if isinstance(paths, str):
                paths = [paths]
            for p in paths:
                for f in files:
                    joined = (p.rstrip("/") + "/" + f) if p else f
                    out.extend(resolve(joined, role, loop_items))
    return out


def mentions_custom_config(text):
    return "node_custom_config" in text or re.search(r"node_config_directory\s*}}/config/", text) is not None


def walk_tasks(node, role, file, rows):
    if not isinstance(node, yaml.SequenceNode):
        return
    for task_node in node.value:
        pairs = mapping(task_node)
        keys = dict(pairs)
        if any(block in keys for block in ("block", "rescue", "always")):
            for block in ("block", "rescue", "always"):
                if block in keys:
                    walk_tasks(keys[block], role, file, rows)
            continue
        if not any(mentions_custom_config(s) for s, _ in scalars(task_node)):
            continue
        task = {k: plain(v) for k, v in pairs}
        line = task_node.start_mark.line + 1
        role.task_vars = task.get("vars") if isinstance(task.get("vars"), dict) else {}
        loop = loop_of(task, role)
        # A literal loop gives one read per item (each item has its own sources and dest).
        per_item = isinstance(loop, list) and ("merge_configs" in str(list(task)) or "with_first_found" in task)
        for loop_items in ([[entry] for entry in loop] if per_item else [loop]):
            row = task_row(task, task_node, role, file, line, loop_items)
            if row is not None and row not in rows:
                rows.append(row)


def task_row(task, task_node, role, file, line, loop_items):
    module = None
    args = None
    for key, value in task.items():
        short = key.rsplit(".", 1)[-1]
        if short in MODULES:
            module, args = MODULES[short], value
            break
    if isinstance(args, str) and module in ("stat", "find", "copy", "template"):
        # local_action / free-form: "path={{ … }}"
        parsed = dict(re.findall(r"(\w+)=(\"[^\"]*\"|\S+)", args))
        args = {k: v.strip('"') for k, v in parsed.items()}
    if "local_action" in task and isinstance(task["local_action"], str):
        action = task["local_action"].split()[0]
        module = MODULES.get(action, module)
    dest = "-"
    sources = []
    if isinstance(args, dict) and isinstance(args.get("dest"), str):
        dests = resolve(args["dest"], role, "services" if loop_items == "services" else loop_items)
        dest = re.sub(r"^<name>/", "", dests[0]) if dests else "-"
    if "with_first_found" in task:
        candidates = first_found_sources(task["with_first_found"], role, loop_items)
        sources = [template_path(c, role) for c in candidates]
        module = "first_found" if module in (None, "template", "copy", "stat") else module
    elif "with_fileglob" in task:
        globs = task["with_fileglob"]
        for g in globs if isinstance(globs, list) else [globs]:
            sources.extend(resolve(str(g), role, loop_items))
        module = "fileglob"
    elif module in ("merge_configs", "merge_yaml") and isinstance(args, dict):
        for s in args.get("sources", []) or []:
            if isinstance(s, str):
                sources.extend(resolve(s, role, loop_items))
    elif module == "find" and isinstance(args, dict):
        paths = args.get("paths") or args.get("path") or []
        patterns = args.get("patterns") or ["*"]
        if isinstance(paths, str):
            paths = [paths]
        if isinstance(patterns, str):
            patterns = [p.strip() for p in patterns.split(",")]
        for p in paths:
            for pat in patterns:
                sources.extend(resolve(p.rstrip("/") + "/" + pat, role, loop_items))
    elif isinstance(args, dict):
        for key in ("src", "path"):
            if isinstance(args.get(key), str):
                sources.extend(resolve(args[key], role, loop_items))
    else:
        for text, _ in scalars(task_node):
            if "node_custom_config" in text:
                sources.extend(resolve(text, role, loop_items))
        module = module or "other"
    if not any(normalise(s, role) not in (None,) and not normalise(s, role).startswith("@") for s in sources):
        # The path is built in the task's vars (haproxy-config: `query('first_found', …)`).
        for text, _ in scalars(task_node):
            if mentions_custom_config(text):
                sources.extend(resolve(text, role, loop_items))
    patterns = []
    for s in sources:
        n = normalise(s, role)
        if n is not None and n not in patterns:
            patterns.append(n)
    if not any(not p.startswith("@") for p in patterns):
        return None
    dest = re.sub(r"^/etc/kolla/", "", dest)
    dest = re.sub(r"^<name>/", "", dest)
    return (role.name, module or "other", "%s:%d" % (file, line), dest or "-", patterns)


def extract(gitdir):
    lines = ["# Generated by scripts/kolla-reads.py extract from github.com/openstack/kolla-ansible;",
             "# do not edit. Regenerate: scripts/kolla-reads.py extract --kolla-ansible GITDIR",
             "# read/services rows hold for the releases <first>..<last> (in REFS order); the task",
             "# file is read at each release's ref (see the release rows)."]
    order = [series for series, _ in REFS]
    seen = {}  # row key -> list of series indexes, in first-seen order
    for index, (series, ref) in enumerate(REFS):
        commit = git(gitdir, "rev-parse", ref + "^{commit}").strip()
        lines.append("release\t%s\t%s\t%s" % (series, ref, commit))
        for key in release_rows(gitdir, commit):
            seen.setdefault(key, []).append(index)
    for key, indexes in seen.items():
        # Split into runs of consecutive releases.
        runs, start = [], indexes[0]
        for previous, current in zip(indexes, indexes[1:] + [None]):
            if current != previous + 1:
                runs.append((start, previous))
                start = current
        for first, last in runs:
            span = "%s..%s" % (order[first], order[last])
            lines.append("\t".join((key[0], span) + key[1:]))
    with open(TABLE, "w") as out:
        out.write("\n".join(lines) + "\n")


def release_rows(gitdir, commit):
    """The rows of one release, without the release column."""
    files = git(gitdir, "ls-tree", "-r", "--name-only", commit, "ansible").splitlines()
    group_vars = {}
    for f in files:
        if f.startswith("ansible/group_vars/all") and f.endswith((".yml", ".yaml")) or f == "ansible/group_vars/all":
            data = load(git(gitdir, "show", "%s:%s" % (commit, f)))
            if isinstance(data, dict):
                group_vars.update(data)
    readers = set(git(gitdir, "grep", "-l", "-e", "node_custom_config", "-e", "node_config_directory }}/config/",
                      commit, "--", "ansible/roles").replace(commit + ":", "").splitlines())
    roles = sorted({f.split("/")[2] for f in readers})
    out = []
    for name in roles:
        defaults = {}
        for f in files:
            if f.startswith("ansible/roles/%s/defaults/" % name) or f.startswith("ansible/roles/%s/vars/" % name):
                data = load(git(gitdir, "show", "%s:%s" % (commit, f)))
                if isinstance(data, dict):
                    defaults.update(data)
        role = Role(name, defaults, group_vars)
        rows = []
        for f in files:
            if f in readers and f.startswith("ansible/roles/%s/tasks/" % name) and f.endswith((".yml", ".yaml")):
                walk_tasks(compose(git(gitdir, "show", "%s:%s" % (commit, f))), role, f, rows)
        if not rows:
            continue
        out.append(("services", name, ",".join(sorted(role.services)) or "-"))
        for role_name, module, where, dest, patterns in rows:
            out.append(("read", role_name, module, where.rsplit(":", 1)[0], dest, ";".join(patterns)))
            if module != "merge_configs":
                continue
            for pattern in patterns:
                path = pattern[1:]
                if not pattern.startswith("@") or not path.endswith(".conf.j2") or "<" in path or "/../" in path:
                    continue
                row = ("renders", path, ",".join(transport_keys(git(gitdir, "show", "%s:%s" % (commit, path)))) or "-")
                if row not in out:
                    out.append(row)
    return out


def transport_keys(template):
    """The `[section] transport_url` lines a template renders (`DEFAULT.transport_url`,
    `oslo_messaging_notifications.transport_url`), whatever Jinja guards them."""
    keys, section = [], "DEFAULT"
    for line in template.splitlines():
        header = re.match(r"\s*\[([^\]]+)\]\s*$", line)
        if header:
            section = header.group(1)
            continue
        if re.match(r"\s*transport_url\s*[=:]", line):
            key = "%s.transport_url" % section
            if key not in keys:
                keys.append(key)
    return keys


def swift_string(text):
    """A Swift string literal (the table is ASCII; quotes and backslashes escaped)."""
    if any(ord(c) < 0x20 or ord(c) > 0x7E for c in text):
        raise SystemExit("kolla-reads: non-ASCII or control character in %r" % text)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def swift_strings(items):
    return "[" + ", ".join(swift_string(item) for item in items) + "]"


def parse_table(table_text):
    """The rows of the table, checked: (citations in REFS order, services, reads, renders).
    Releases become indexes into REFS (= `OpenStackRelease` raw values); lists drop empty
    items, as the Swift reader of the table (`KollaReads.parse`) does."""
    series = [name for name, _ in REFS]
    citations, services, reads, renders, problems = {}, [], [], [], []

    def span(text):
        first, sep, last = text.partition("..")
        if not sep or first not in series or last not in series or series.index(first) > series.index(last):
            return None
        return series.index(first), series.index(last)

    def items(text, separator):
        return [] if text == "-" else [item for item in text.split(separator) if item]

    for number, line in enumerate(table_text.split("\n"), 1):
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        kind, releases = fields[0], span(fields[1]) if len(fields) > 1 else None
        if kind == "release" and len(fields) == 4 and fields[1] in series:
            citations[fields[1]] = (fields[2], fields[3])
        elif kind == "services" and len(fields) == 4 and releases:
            services.append((releases, fields[2], sorted(set(items(fields[3], ",")))))
        elif kind == "renders" and len(fields) == 4 and releases:
            renders.append((releases, fields[2], sorted(set(items(fields[3], ",")))))
        elif kind == "read" and len(fields) == 7 and releases:
            destination = None if fields[5] == "-" else fields[5]
            reads.append((releases, fields[2], fields[3], fields[4], destination,
                          [item for item in fields[6].split(";") if item]))
        else:
            problems.append("line %d: %s" % (number, line))
    missing = [name for name in series if name not in citations]
    if problems or missing:
        raise SystemExit("kolla-reads: malformed table rows:\n  " + "\n  ".join(problems)
                         + ("\n  no release row for %s" % ", ".join(missing) if missing else ""))
    return [citations[name] for name in series], services, reads, renders


def any_release_rows(reads):
    """The custom sources of the read rows as (component count, literal first component or
    None, pattern, role, oslo merge), without repeats, in bucket order. The shape and the oslo
    test are `KollaReadPattern.shape` and `KollaReads.Read.isOsloMerge` (KollaReadsDataTests
    compares these rows with them)."""
    rows = set()
    for _, role, module, _, destination, sources in reads:
        oslo = (module == "merge_configs" and destination is not None and destination.endswith(".conf")
                and "ceph" not in destination and any(source.startswith("@") for source in sources))
        for pattern in sources:
            if pattern.startswith("@"):
                continue
            parts = [part for part in pattern.split("/") if part]
            literal = parts and "<" not in parts[0] and "*" not in parts[0]
            rows.add((len(parts), parts[0] if literal else None, pattern, role, oslo))
    return sorted(rows, key=lambda row: (row[0], row[1] or "", row[2], row[3], row[4]))


def swift_source(table_text):
    """The Swift file for a table: its rows as Swift values, so nothing is parsed at start-up
    (parsing the embedded text and building its sets was a tenth of a pre-commit run)."""
    citations, services, reads, renders = parse_table(table_text)
    out = ["// Generated by scripts/kolla-reads.py generate from data/kolla-reads.tsv; do not edit.\n"
           "// Source: github.com/openstack/kolla-ansible ansible/roles/*/tasks/*.yml at the refs and commits\n"
           "// in the `release` rows. KollaReadsDataTests fails when this file, the table and the script disagree.\n"
           "// Releases are `OpenStackRelease` raw values (queens = 0 … master = %d), first and last.\n\n"
           "extension KollaReads {\n" % (len(REFS) - 1)]
    out.append("    /// The `release` rows, by release: the kolla-ansible ref and commit read.\n")
    out.append("    static let citationRows: [Citation] = [\n")
    for (name, _), (ref, commit) in zip(REFS, citations):
        out.append("        Citation(ref: %s, commit: %s), // %s\n" % (swift_string(ref), swift_string(commit), name))
    out.append("    ]\n\n")
    out.append("    /// The `services` rows: the names of a role's `*_services`, sorted.\n")
    out.append("    static let serviceRows: [ServiceRow] = [\n")
    for (first, last), role, names in services:
        out.append("        ServiceRow(%d, %d, %s, %s),\n" % (first, last, swift_string(role), swift_strings(names)))
    out.append("    ]\n\n")
    out.append("    /// The `read` rows: role, module, task file, destination, sources.\n")
    out.append("    static let readRows: [Read] = [\n")
    for (first, last), role, module, task, destination, sources in reads:
        out.append("        Read(%d, %d, %s, %s, %s, %s, %s),\n" % (
            first, last, swift_string(role), swift_string(module), swift_string(task),
            "nil" if destination is None else swift_string(destination), swift_strings(sources)))
    out.append("    ]\n\n")
    out.append("    /// Every custom source of every `read` row, once per role and kind of read: where it can\n"
               "    /// match (component count, literal first component), pattern, role, oslo merge or not;\n"
               "    /// sorted by count, then first component (none first), so a run finds a bucket by\n"
               "    /// binary search instead of filing the whole table at start-up.\n")
    out.append("    static let anyReleaseRows: [AnyReleaseRow] = [\n")
    for count, first, pattern, role, oslo in any_release_rows(reads):
        out.append("        AnyReleaseRow(%d, %s, %s, %s, %s),\n" % (
            count, "nil" if first is None else swift_string(first), swift_string(pattern), swift_string(role),
            "true" if oslo else "false"))
    out.append("    ]\n\n")
    out.append("    /// The `renders` rows: a template's `section.transport_url` lines, sorted.\n")
    out.append("    static let renderRows: [RenderRow] = [\n")
    for (first, last), template, keys in renders:
        out.append("        RenderRow(%d, %d, %s, %s),\n" % (first, last, swift_string(template), swift_strings(keys)))
    out.append("    ]\n}\n")
    return "".join(out)


def generate(stdout=False):
    with open(TABLE) as f:
        text = f.read()
    if stdout:
        sys.stdout.write(swift_source(text))
        return
    with open(SWIFT, "w") as out:
        out.write(swift_source(text))


def check():
    with open(TABLE) as f:
        wanted = swift_source(f.read())
    with open(SWIFT) as f:
        have = f.read()
    if have != wanted:
        print("%s is out of date: run scripts/kolla-reads.py generate" % os.path.relpath(SWIFT, ROOT), file=sys.stderr)
        return 1
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    e = sub.add_parser("extract")
    e.add_argument("--kolla-ansible", required=True, help="git directory of openstack/kolla-ansible")
    g = sub.add_parser("generate")
    g.add_argument("--stdout", action="store_true", help="print the Swift file instead of writing it")
    sub.add_parser("check")
    args = parser.parse_args()
    os.makedirs(GENERATED, exist_ok=True)
    os.makedirs(os.path.dirname(TABLE), exist_ok=True)
    if args.command == "extract":
        if yaml is None:
            sys.exit("kolla-reads: extract needs PyYAML (python3 -m pip install pyyaml)")
        extract(args.kolla_ansible)
        generate()
    elif args.command == "generate":
        generate(args.stdout)
    else:
        sys.exit(check())


if __name__ == "__main__":
    main()
