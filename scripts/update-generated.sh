#!/usr/bin/env bash
# Regenerates what is derived from the code: each Sample's expected output, the rule
# pages in docs/rules/, shell completions (docs/completions/), the man page
# (docs/man/rmqlint.1), and the rule table in README.md. Review the diff before committing:
# the tests compare against these files, so they are the contract.
set -euo pipefail
cd "$(dirname "$0")/.."
# The Swift file of the Kolla read table, from data/kolla-reads.tsv (the extract step needs a
# kolla-ansible clone: scripts/kolla-reads.py extract --kolla-ansible GITDIR).
python3 scripts/kolla-reads.py generate
# The broker template table, from data/kolla-broker-templates.json (extract step: scripts/generate-kolla-broker-templates.py extract GITDIR).
python3 scripts/generate-kolla-broker-templates.py generate
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

# Shell completions and the man page, both generated from the argument parser (the man
# page by swift-argument-parser's GenerateManual plugin, dated by the CLI's last change).
mkdir -p docs/completions docs/man
"$bin" --generate-completion-script bash > docs/completions/rmqlint.bash
"$bin" --generate-completion-script zsh > docs/completions/_rmqlint
"$bin" --generate-completion-script fish > docs/completions/rmqlint.fish
date=$(git log -1 --format=%cs -- Sources/rmqlint 2>/dev/null || true)
swift package plugin generate-manual --configuration debug --date "${date:-2026-12-01}" \
    --authors "rmqlint contributors" >/dev/null
cp .build/plugins/GenerateManual/outputs/rmqlint/rmqlint.1 docs/man/rmqlint.1

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
echo "updated Samples/*/expected.*, Samples/*/effective.txt, docs/rules/, docs/completions/, docs/man/, README.md"
