#!/usr/bin/env bash
# Regenerates what is derived from the code: each Sample's expected output, the rule
# pages in docs/rules/, and the rule table in README.md. Review the diff before committing:
# the tests compare against these files, so they are the contract.
set -euo pipefail
cd "$(dirname "$0")/.."
# The Swift file of the Kolla read table, from data/kolla-reads.tsv (the extract step needs a
# kolla-ansible clone: scripts/kolla-reads.py extract --kolla-ansible GITDIR).
python3 scripts/kolla-reads.py generate
swift build
bin=.build/debug/rmqlint
export NO_COLOR=1

for sample in Samples/*/; do
    sample=${sample%/}
    "$bin" --format text "$sample" > "$sample/expected.txt" || true
    "$bin" --format json "$sample" > "$sample/expected.json" || true
    if [ -f "$sample/effective.args" ]; then
        # shellcheck disable=SC2046 # the args file holds plain words such as --service nova-api
        "$bin" effective $(cat "$sample/effective.args") "$sample" > "$sample/effective.txt"
    fi
done

mkdir -p docs/rules
rm -f docs/rules/RMQ*.md
for id in $("$bin" rules | tail -n +2 | cut -c1-6); do
    "$bin" explain "$id" > "docs/rules/$id.md"
done

table=$("$bin" rules --markdown)
python3 - "$table" <<'PY'
import sys, re
table = sys.argv[1].rstrip("\n") + "\n"
text = open("README.md").read()
begin, end = "<!-- rules:begin -->\n", "<!-- rules:end -->"
start = text.index(begin) + len(begin)
stop = text.index(end)
open("README.md", "w").write(text[:start] + table + text[stop:])
PY
echo "updated Samples/*/expected.*, Samples/*/effective.txt, docs/rules/, README.md"
