#!/usr/bin/env bash
# Fuzzing (not part of CI; see SECURITY.md). Builds the libFuzzer targets of Fuzz/ with
# AddressSanitizer (LeakSanitizer included), seeds each corpus from Samples/, the string
# fixtures of the loader tests, Fuzz/Seeds/ and the inputs that once failed
# (Fuzz/Regressions/), then runs the targets ONE AT A TIME until
# each reaches RUNS executions or SECONDS of fuzzing, whichever comes first.
#
#   scripts/fuzz.sh [--time SECONDS] [--runs N] [TARGET ...]
#       defaults: --time 600 --runs 1000000, every target:
#       yaml ini haproxy inventory jinja redactor pipeline erlang
#
# Exits non-zero if any target crashes, leaks, times out (10 s per input) or runs out of
# memory (2 GiB); the input that did it is kept in Fuzz/.build/fuzz-work/TARGET/artifacts/
# (replay: Fuzz/.build/release/fuzz-TARGET FILE). Corpora persist in
# Fuzz/.build/fuzz-work/TARGET/corpus between runs and are never committed. A summary
# (runs, seconds, corpus files and bytes, result per target) is printed at the end and
# written to Fuzz/.build/fuzz-work/summary.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

seconds=600
runs=1000000
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
        --time) seconds=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
        *) targets+=("$1"); shift ;;
    esac
done
all_targets=(yaml ini haproxy inventory jinja redactor pipeline erlang)
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")
for target in "${targets[@]}"; do
    case " ${all_targets[*]} " in *" $target "*) ;; *) echo "fuzz.sh: unknown target $target" >&2; exit 2 ;; esac
done

# Swift's -sanitize=fuzzer links libFuzzer's own main, which clashes with the `main` SwiftPM
# gives every executable; so the targets are instrumented for coverage by hand and linked
# with libFuzzer's no-main runtime, and each main.swift calls LLVMFuzzerRunDriver.
swiftc_path=$(command -v swiftc)
runtime_dir=$(dirname "$(dirname "$(readlink -f "$swiftc_path")")")/lib/clang
fuzzer_runtime=$(find "$runtime_dir" -name 'libclang_rt.fuzzer_no_main-x86_64.a' -o -name 'libclang_rt.fuzzer_no_main.a' | head -n 1)
if [ -z "$fuzzer_runtime" ]; then
    echo "fuzz.sh: libclang_rt.fuzzer_no_main not found under $runtime_dir" >&2
    exit 2
fi
echo "fuzz.sh: building the fuzz targets (release, address sanitizer, libFuzzer coverage)"
# SwiftPM does not notice source files added to the path dependency (the root package)
# until Fuzz's manifest changes: touching it makes the build re-plan.
touch Fuzz/Package.swift
(cd Fuzz && swift build -c release \
    -Xswiftc -sanitize=address \
    -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp \
    -Xlinker "$fuzzer_runtime" -Xlinker -lstdc++ 2>&1 | grep -v -e '^\[' -e "Cannot export local symbol '__asan_extra_spill_area'")
bin=$(cd Fuzz && swift build -c release --show-bin-path)

work="$root/Fuzz/.build/fuzz-work"
mkdir -p "$work"

# Seeds: committed ones, Sample files by kind, and string literals of the loader tests
# (best-effort unescaping: seeds only need to be close to real input).
python3 - "$root" "$work" <<'PY'
import os, re, sys, glob
root, work = sys.argv[1], sys.argv[2]
def put(target, name, data):
    d = os.path.join(work, target, "seeds")
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str): data = data.encode()
    with open(os.path.join(d, re.sub(r"[^A-Za-z0-9._-]", "_", name)[:120]), "wb") as f: f.write(data)

for target in ["yaml", "ini", "haproxy", "inventory", "jinja", "redactor", "pipeline", "erlang"]:
    for path in glob.glob(os.path.join(root, "Fuzz/Seeds", target, "*")):
        put(target, "committed-" + os.path.basename(path), open(path, "rb").read())
    # Inputs that once failed (each also a test in Tests/) are replayed on every run.
    for path in glob.glob(os.path.join(root, "Fuzz/Regressions", target, "*")):
        put(target, "regression-" + os.path.basename(path), open(path, "rb").read())

samples = sorted(p for p in glob.glob(os.path.join(root, "Samples/**/*"), recursive=True)
                 if os.path.isfile(p) and not os.path.basename(p).startswith(("expected", "README")))
def kind(path):
    name = os.path.basename(path)
    if name.endswith((".yml", ".yaml", ".json")): return "yaml"
    if name.endswith(".cfg"): return "haproxy"
    if name in ("multinode", "all-in-one", "hosts", "inventory"): return "inventory"
    if name.endswith(".conf"): return "ini"
    if name.endswith(".config"): return "erlang"
    return None
for path in samples:
    k = kind(path)
    if k: put(k, "sample-" + os.path.relpath(path, root), open(path, "rb").read())

# One pipeline seed per Sample: its files in the eight slots of fuzz-pipeline, NUL-separated.
slots = ["globals.yml", "passwords.yml", "nova.conf", ".cfg", "multinode", "definitions.json", "rabbitmq.conf", "rendered"]
for sample in sorted(glob.glob(os.path.join(root, "Samples/*/"))):
    parts = [b""] * 8
    for path in samples:
        if not path.startswith(sample): continue
        name = os.path.basename(path)
        data = open(path, "rb").read()
        if name == "globals.yml": i = 0
        elif name == "passwords.yml": i = 1
        elif name.endswith(".cfg"): i = 3
        elif name == "multinode": i = 4
        elif name == "definitions.json": i = 5
        elif name == "rabbitmq.conf": i = 6
        elif name.endswith(".conf") and "/config/" in path: i = 2
        elif name.endswith(".conf"): i = 7
        else: continue
        parts[i] = parts[i] + (b"\n" if parts[i] else b"") + data
    put("pipeline", "sample-" + os.path.basename(sample.rstrip("/")), b"\0".join(parts))

def unescape(s):
    return (s.replace("\\n", "\n").replace("\\t", "\t").replace('\\"', '"')
             .replace("\\\\", "\\").replace("\\u{1B}", "\x1b"))
def literals(path):
    text = open(path, encoding="utf-8").read()
    found = []
    for m in re.finditer(r'"""\n(.*?)\n([ \t]*)"""', text, re.S):
        indent = m.group(2)
        body = "\n".join(l[len(indent):] if l.startswith(indent) else l.lstrip() for l in m.group(1).split("\n"))
        found.append(unescape(body.replace("↓", "")) + "\n")
    for m in re.finditer(r'"((?:[^"\\\n]|\\.){6,})"', text):
        found.append(unescape(m.group(1)))
    return found
tests = {
    "yaml": ["Tests/RMQLintCoreTests/YAMLLoaderTests.swift", "Tests/RMQLintCoreTests/SourceTextTests.swift"],
    "ini": ["Tests/RMQLintCoreTests/INILoaderTests.swift"],
    "haproxy": ["Tests/RMQLintCoreTests/HAProxyLoaderTests.swift", "Tests/RMQLintCoreTests/HAProxyModelTests.swift"]
               + sorted(glob.glob(os.path.join(root, "Rules/Heartbeats/*.swift"))),
    "inventory": ["Tests/RMQLintCoreTests/InventoryLoaderTests.swift"],
    "erlang": ["Tests/RMQLintCoreTests/ErlangTermLoaderTests.swift"],
    "jinja": ["Tests/RMQLintCoreTests/JinjaTests.swift"],
    "redactor": ["Tests/RMQLintCoreTests/RedactorTests.swift"],
}
for target, files in tests.items():
    for path in files:
        full = path if os.path.isabs(path) else os.path.join(root, path)
        if not os.path.exists(full): continue
        for index, literal in enumerate(literals(full)):
            if len(literal.encode()) <= 16384:
                put(target, "test-%s-%d" % (os.path.basename(full), index), literal)
PY

max_len() {
    case "$1" in
        pipeline) echo 32768 ;;
        jinja|redactor) echo 4096 ;;
        *) echo 16384 ;;
    esac
}

summary="$work/summary.txt"
printf '%-10s %10s %8s %8s %10s %s\n' target runs seconds corpus bytes result > "$summary"
status=0
for target in "${targets[@]}"; do
    dir="$work/$target"
    mkdir -p "$dir/corpus" "$dir/artifacts"
    rm -f "$dir"/artifacts/crash-* "$dir"/artifacts/leak-* "$dir"/artifacts/timeout-* "$dir"/artifacts/oom-*
    log="$dir/fuzz.log"
    echo "fuzz.sh: $target: up to $runs runs or ${seconds}s (log: $log)"
    start=$(date +%s)
    set +e
    ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 \
        "$bin/fuzz-$target" -runs="$runs" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len="$(max_len "$target")" -print_final_stats=1 -artifact_prefix="$dir/artifacts/" \
        "$dir/corpus" "$dir/seeds" > "$log" 2>&1
    code=$?
    set -e
    elapsed=$(( $(date +%s) - start ))
    executed=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -n 1)
    files=$(find "$dir/corpus" -type f | wc -l)
    bytes=$(find "$dir/corpus" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
    artifacts=$(find "$dir/artifacts" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
    result=ok
    if [ "$code" -ne 0 ] || [ "$artifacts" -ne 0 ]; then
        result="FAILED(exit $code, $artifacts artifacts)"
        status=1
        grep -m 5 -e 'ERROR: ' -e 'Fatal error' -e 'SUMMARY' "$log" || true
    fi
    printf '%-10s %10s %8s %8s %10s %s\n' "$target" "${executed:-?}" "$elapsed" "$files" "$bytes" "$result" | tee -a "$summary"
done
echo
cat "$summary"
exit $status
