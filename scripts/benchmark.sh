#!/usr/bin/env bash
# Benchmark (not a test): generates a synthetic fleet of collected Kolla configs —
# HOSTS hosts × SERVICES rendered service configs, each host with its HAProxy files —
# plus a Kolla deployment tree with overrides, builds rmqlint in release mode and
# prints files, bytes, wall time and peak memory for each run.
#
#   scripts/benchmark.sh [HOSTS] [SERVICES] [RUNS]     defaults: 200 30 3
set -euo pipefail
cd "$(dirname "$0")/.."
hosts=${1:-200}
services=${2:-30}
runs=${3:-3}

swift build -c release >/dev/null
bin=$(swift build -c release --show-bin-path)/rmqlint
work=$(mktemp -d "${TMPDIR:-/tmp}/rmqlint-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

python3 - "$work" "$hosts" "$services" "$bin" "$runs" <<'PY'
import os, resource, subprocess, sys, time

work, hosts, services, binary, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
projects = ["nova", "neutron", "cinder", "glance", "heat", "keystone", "octavia", "designate",
            "barbican", "manila", "magnum", "ironic", "aodh", "masakari", "trove"]
suffixes = ["api", "scheduler", "conductor", "worker", "engine", "agent"]
service_names = [(p, f"{p}-{s}") for p in projects for s in suffixes][:services]

def oslo_conf(host, project, service):
    lines = ["[DEFAULT]", "debug = False", f"host = {host}",
             "transport_url = rabbit://openstack:secretpass@10.0.0.11:5672,openstack:secretpass@10.0.0.12:5672,openstack:secretpass@10.0.0.13:5672//",
             "", "[oslo_messaging_rabbit]",
             f"heartbeat_in_pthread = {'true' if service.endswith('-api') else 'false'}",
             "heartbeat_timeout_threshold = 60", "rabbit_quorum_queue = true", "",
             "[database]", f"connection = mysql+pymysql://{project}:dbpass@10.0.0.10:3306/{project}", ""]
    for section in range(8):
        lines.append(f"[section_{section}]")
        lines += [f"option_{i} = value {i} for {service} on {host}" for i in range(12)]
        lines.append("")
    return "\n".join(lines)

def haproxy_main():
    return "global\n    maxconn 40000\n\ndefaults\n    log global\n    timeout client 1m\n    timeout server 1m\n"

def haproxy_service(project, index):
    return (f"frontend {project}_front_{index}\n    mode http\n    bind 10.0.0.10:{9000 + index}\n"
            f"    default_backend {project}_back_{index}\n\n"
            f"backend {project}_back_{index}\n    mode http\n"
            + "".join(f"    server ctl0{n} 10.0.0.1{n}:{9000 + index} check inter 2000 rise 2 fall 5\n" for n in range(1, 4)))

fleet = os.path.join(work, "fleet")
for h in range(hosts):
    host = f"host{h:03d}"
    for project, service in service_names:
        d = os.path.join(fleet, host, service)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, f"{project}.conf"), "w") as f:
            f.write(oslo_conf(host, project, service))
    hd = os.path.join(fleet, host, "haproxy", "services.d")
    os.makedirs(hd, exist_ok=True)
    with open(os.path.join(fleet, host, "haproxy", "haproxy.cfg"), "w") as f:
        f.write(haproxy_main())
    for index, project in enumerate(projects):
        with open(os.path.join(hd, f"{project}.cfg"), "w") as f:
            f.write(haproxy_service(project, index))

tree = os.path.join(work, "kolla")
os.makedirs(os.path.join(tree, "config", "haproxy", "services.d"), exist_ok=True)
with open(os.path.join(tree, "globals.yml"), "w") as f:
    f.write('openstack_release: "2024.1"\nkolla_internal_vip_address: "10.0.0.10"\n')
    f.write("".join(f"custom_var_{i}: value_{i}\n" for i in range(500)))
with open(os.path.join(tree, "multinode"), "w") as f:
    f.write(f"[control]\nctl[01:03]\n\n[compute]\nhost[000:{hosts - 1:03d}]\n\n[rabbitmq:children]\ncontrol\n")
for project in projects:
    os.makedirs(os.path.join(tree, "config", project), exist_ok=True)
    with open(os.path.join(tree, "config", f"{project}.conf"), "w") as f:
        f.write(oslo_conf("all", project, project))
    for h in range(0, hosts, 10):
        d = os.path.join(tree, "config", project, f"host{h:03d}")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, f"{project}.conf"), "w") as f:
            f.write("[DEFAULT]\ndebug = True\n")
for index, project in enumerate(projects):
    with open(os.path.join(tree, "config", "haproxy", "services.d", f"{project}.cfg"), "w") as f:
        f.write(haproxy_service(project, index))

def measure(label, path):
    files = sum(len(names) for _, _, names in os.walk(path))
    size = sum(os.path.getsize(os.path.join(d, n)) for d, _, names in os.walk(path) for n in names)
    times = []
    peak = 0
    for _ in range(runs):
        start = time.monotonic()
        proc = subprocess.run([binary, "--format", "json", "--fail-on", "never", path],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.monotonic() - start)
        if proc.returncode != 0:
            sys.exit(f"rmqlint failed on {label}: {proc.stderr.decode()}")
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    times.sort()
    print(f"{label}: {files} files, {size / 1e6:.1f} MB; wall time min {times[0]:.3f} s, "
          f"median {times[len(times) // 2]:.3f} s over {runs} runs; peak RSS {peak / 1024:.1f} MiB")

print(f"rmqlint benchmark: {hosts} hosts x {len(service_names)} services, release build")
measure("collected fleet (loose rendered configs + HAProxy)", fleet)
measure("Kolla tree (globals, inventory, overrides)", tree)
PY
