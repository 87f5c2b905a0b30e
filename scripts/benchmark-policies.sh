#!/usr/bin/env bash
# Benchmark (not a test): what 200 site policies add to a run. Lints TREE in release mode
# RUNS times without policies and RUNS times with 200 generated policies of every kind
# (100 setting, 40 variable, 20 haproxy, 20 rabbitmq_policy, 20 rabbitmq_conf; globs,
# host groups and `when` conditions included), alternating, and prints the median wall
# times and the overhead. The target (issue 13) is at most +20 %.
#
#   scripts/benchmark-policies.sh TREE [RUNS]      e.g. a 1,000-host fleet; RUNS defaults to 7
set -euo pipefail
cd "$(dirname "$0")/.."
tree=${1:?usage: scripts/benchmark-policies.sh TREE [RUNS]}
runs=${2:-7}

swift build -c release >/dev/null
bin=$(swift build -c release --show-bin-path)/rmqlint
work=$(mktemp -d "${TMPDIR:-/tmp}/rmqlint-policy-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

python3 - "$work" "$tree" "$bin" "$runs" <<'PY'
import os, resource, statistics, subprocess, sys, time

work, tree, binary, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
services = ["nova-compute", "nova-api", "nova-*", "neutron-*-agent", "cinder-*", "*", "heat-engine", "octavia-*",
            "keystone", "glance-api"]
hosts = [None, '"host0*"', '"group:compute"', '"group:control"', '"cmp*"', '"ctl*"', "[ctl01, ctl02]", '"*"']
settings = [("oslo_messaging_rabbit.heartbeat_timeout_threshold", '{">=": 60}'),
            ("oslo_messaging_rabbit.heartbeat_in_pthread", "{equals: false}"),
            ("DEFAULT.rpc_response_timeout", '{"<=": 120}'),
            ("DEFAULT.transport_url", '{matches: ","}'),
            ("oslo_messaging_rabbit.rabbit_quorum_queue", "{equals: true}"),
            ("oslo_messaging_rabbit.amqp_durable_queues", "{one_of: [true, false]}"),
            ("oslo_messaging_rabbit.heartbeat_rate", '{">": 1}'),
            ("oslo_messaging_notifications.driver", "{not_equals: messaging}")]
policies = []
def add(match, require, when=None):
    n = len(policies) + 1
    text = (f"  - id: BENCH{n:03d}\n    slug: bench-{n}\n    severity: {['error', 'warning', 'info'][n % 3]}\n"
            f"    summary: benchmark policy {n}\n    match: {match}\n    require: {require}\n")
    if when:
        text += f"    when: {when}\n"
    policies.append(text)
for i in range(100):
    key, require = settings[i % len(settings)]
    host = hosts[i % len(hosts)]
    match = f'{{setting: {key}, service: "{services[i % len(services)]}"' + (f", host: {host}" if host else "") + "}"
    add(match, require, '{release: ">= 2023.1"}' if i % 3 == 0 else None)
variables = ["om_enable_rabbitmq_quorum_queues", "openstack_release", "kolla_internal_vip_address", "enable_nova",
             "rabbitmq_cluster_partition_handling", "om_enable_rabbitmq_high_availability", "enable_neutron", "undefined_x"]
for i in range(40):
    add(f"{{variable: {variables[i % len(variables)]}}}",
        ["{present: true}", "{not_equals: x}", '{matches: "^[a-z0-9.]+$"}', "{equals: true}"][i % 4],
        '{cluster_size: ">= 3"}' if i % 2 else None)
for i in range(20):
    prop = ["option: srvtcpka", "option: clitcpka", "timeout: client", "timeout: server", "directive: balance"][i % 5]
    require = {"option": "{equals: true}", "timeout": '{">=": 1m}', "directive": "{present: true}"}[prop.split(":")[0]]
    add(f'{{haproxy: {{proxy: "{["*", "rabbitmq*", "*_back*", "*front*"][i % 4]}", {prop}}}}}', require)
for i in range(20):
    key = ["pattern", "apply-to", "priority", "definition.ha-mode", "definition.message-ttl"][i % 5]
    require = {"pattern": '{matches: "^"}', "apply-to": "{one_of: [all, queues]}", "priority": '{"<=": 10}',
               "definition.ha-mode": "{absent: true}", "definition.message-ttl": '{">=": 1000}'}[key]
    add(f'{{rabbitmq_policy: {{name: "*", key: {key}}}}}', require)
for i in range(20):
    key = ["cluster_partition_handling", "listeners.tcp.1", "tcp_listen_options.keepalive", "management.load_definitions"][i % 4]
    add(f"{{rabbitmq_conf: {key}}}", "{present: true}")

without = os.path.join(work, "without.yml")
with_policies = os.path.join(work, "with.yml")
open(without, "w").write("fail_on: never\n")
open(with_policies, "w").write("fail_on: never\npolicies:\n" + "".join(policies))

def run(config):
    """Wall time and CPU time (user + system) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([binary, "--config", config, "--format", "json", "--output", os.path.join(work, "out.json"), tree],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):
        sys.exit(f"rmqlint failed: {result.stderr.decode()}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

run(without); run(with_policies)  # warm the file cache
times = {"without": [], "with": []}
for _ in range(runs):
    times["without"].append(run(without))
    times["with"].append(run(with_policies))
print(f"tree: {tree}, {len(policies)} policies, {runs} alternating runs each (medians: the machine may be shared)")
for label, index in (("wall", 0), ("cpu", 1)):
    base = statistics.median(t[index] for t in times["without"])
    policy = statistics.median(t[index] for t in times["with"])
    print(f"{label} without policies:  " + " ".join(f"{t[index]:.2f}" for t in times["without"]) + f"  median {base:.2f} s")
    print(f"{label} with 200 policies: " + " ".join(f"{t[index]:.2f}" for t in times["with"]) + f"  median {policy:.2f} s")
    print(f"{label} overhead: {100 * (policy - base) / base:+.1f} % (target: at most +20 %)")
PY
