#!/usr/bin/env bash
# Benchmark (not a test: performance targets live here, never in timed tests).
#
# Generates synthetic fleets with scripts/bench/fleet.py — a Kolla tree whose inventory has
# HOSTS hosts, plus the rendered configs collected from every host (about 5 files per
# host, 46 MB at 1,000 hosts) — and times on each, side by side in one run:
#   read     the floor: reading the same bytes, `find DIR -type f -exec cat {} + >/dev/null`
#   rmqlint  `rmqlint --format json --fail-on never DIR` (release build)
#   before   the same with BEFORE_BIN, when given (e.g. a build of an older commit)
#   peer     `python3 $PEER DIR`, when PEER names a peer script (any program taking a
#            directory: e.g. a Python linter doing some of rmqlint's checks); else
#            "peer: not given"
# plus the pre-commit case: in an 8-host fleet, `rmqlint etc/kolla/globals.yml` run from the
# fleet's root (the whole etc/kolla tree is linted, findings in globals.yml reported).
#
# Runs alternate (read, rmqlint, before, peer, read, …) after one warm-up of each, so the
# page cache is warm for all and a burst of load from elsewhere hits every command alike.
# Each run is under /usr/bin/time (wall, CPU = user + system, peak RSS). Prints medians of
# wall and CPU, the largest peak RSS, ratios against the read floor and the peer, and the
# machine with its load average (on a shared machine CPU time is steadier than wall time).
#
#   scripts/benchmark.sh [RUNS] [HOSTS ...]              defaults: 5 250 1000 4000
#   RMQLINT_BIN=path   time that binary instead of building one
#   BEFORE_BIN=path    also time this binary (a before/after table)
#   PEER=path          a peer script to compare against
#   FLEET_GEN=path     a fleet generator taking OUTDIR HOSTS (default scripts/bench/fleet.py)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(250 1000 4000)

if [ -z "${RMQLINT_BIN:-}" ]; then
    swift build -c release >/dev/null
    RMQLINT_BIN=$(swift build -c release --show-bin-path)/rmqlint
fi
[ -x /usr/bin/time ] || { echo "benchmark.sh: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/rmqlint-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

python3 - "$work" "$RMQLINT_BIN" "${BEFORE_BIN:-}" "${PEER:-}" "${FLEET_GEN:-scripts/bench/fleet.py}" "$runs" "${sizes[@]}" <<'PY'
import os, platform, statistics, subprocess, sys, time

work, binary, before, peer, generator, runs = sys.argv[1:7]
runs, sizes = int(runs), [int(n) for n in sys.argv[7:]]
generator = os.path.abspath(generator)
peer = os.path.abspath(peer) if peer else ""

def machine():
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), platform.processor())
    memory = next((int(line.split()[1]) // 1024 for line in open("/proc/meminfo") if line.startswith("MemTotal")), 0)
    return f"{os.cpu_count()} cores (nproc), {model}, {memory} MiB RAM, {platform.system()} {platform.release()}"

def load():
    return " ".join(open("/proc/loadavg").read().split()[:3])

def timed(command, cwd):
    """Wall seconds, CPU seconds (user + system) and peak RSS (MiB) of one run."""
    start = time.monotonic()
    proc = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", *command], cwd=cwd,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.monotonic() - start
    lines = proc.stderr.decode().strip().splitlines()
    if proc.returncode != 0 or not lines:
        sys.exit(f"failed ({proc.returncode}): {' '.join(command)}\n{proc.stderr.decode()}")
    user, system, rss = lines[-1].split()
    return wall, float(user) + float(system), int(rss) / 1024

def measure(label, commands, cwd, scope):
    files = sum(len(names) for _, _, names in os.walk(scope))
    size = sum(os.path.getsize(os.path.join(d, n)) for d, _, names in os.walk(scope) for n in names)
    for command in commands.values():
        timed(command, cwd)  # warm-up
    samples = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(timed(command, cwd))
    result = {name: (statistics.median(s[0] for s in values), statistics.median(s[1] for s in values),
                     max(s[2] for s in values)) for name, values in samples.items()}
    return label, files, size, result

def commands_for(target, read_scope):
    commands = {"read": ["sh", "-c", 'find "$0" -type f -exec cat {} + >/dev/null', read_scope],
                "rmqlint": [binary, "--format", "json", "--fail-on", "never", target]}
    if before:
        commands["before"] = [before, "--format", "json", "--fail-on", "never", target]
    if peer:
        commands["peer"] = [sys.executable, peer, target]
    return commands

start_load = load()
rows = []
for hosts in sizes:
    fleet = os.path.join(work, f"fleet{hosts}")
    subprocess.run([sys.executable, generator, fleet, str(hosts)], check=True, stdout=subprocess.DEVNULL)
    rows.append(measure(f"fleet, {hosts} hosts", commands_for(fleet, fleet), work, fleet))
    subprocess.run(["rm", "-rf", fleet], check=True)

small = os.path.join(work, "fleet8")
subprocess.run([sys.executable, generator, small, "8"], check=True, stdout=subprocess.DEVNULL)
tree = os.path.join(small, "etc", "kolla")
commands = commands_for("etc/kolla/globals.yml", tree)
if peer:
    commands["peer"] = [sys.executable, peer, "etc/kolla"]
rows.append(measure("pre-commit, `etc/kolla/globals.yml` of 8 hosts", commands, small, tree))

print(f"rmqlint benchmark: {binary}" + (f" (before: {before})" if before else ""))
print(f"machine: {machine()}; load average {start_load} at start, {load()} at end")
print(f"medians of {runs} alternating runs (wall / CPU = user+system); peak RSS is the largest of the runs")
print("peer: " + (peer if peer else "not given") + "\n")
def cell(entry):
    wall, cpu, rss = entry
    unit = lambda s: f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"
    return f"{unit(wall)} / {unit(cpu)}, {rss:.0f} MiB"
names = ["read", "rmqlint"] + (["before"] if before else []) + (["peer"] if peer else [])
header = ["case", "files", "MB"] + names + ["rmqlint ÷ read"] + (["before ÷ rmqlint"] if before else []) \
    + (["peer ÷ rmqlint"] if peer else [])
print("| " + " | ".join(header) + " |")
print("| --- | ---: | ---: |" + " --- |" * len(names) + " ---: |" * (len(header) - 3 - len(names)))
for label, files, size, result in rows:
    r = result["rmqlint"][0]
    cells = [label, str(files), f"{size / 1e6:.1f}"] + [cell(result[n]) for n in names]
    cells.append(f"{r / result['read'][0]:.1f}×")
    if before:
        cells.append(f"{result['before'][0] / r:.1f}×")
    if peer:
        cells.append(f"{result['peer'][0] / r:.1f}×")
    print("| " + " | ".join(cells) + " |")
PY
