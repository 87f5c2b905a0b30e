#!/usr/bin/env bash
# Regenerates the table of Sources/RMQLintCore/Kolla/OSISMReleases.swift from a clone of
# github.com/osism/release: prints, for every release directory whose openstack.yml links to
# openstack-<series>.yml, the line `"<version>": "<series>",`, then the streams of latest/.
# Usage: scripts/generate-osism-releases.sh /path/to/osism-release(.git)  > table.txt
# Paste the output into the `pinned` and `streams` tables and update the commit in the header.
set -euo pipefail
repo=${1:?usage: $0 OSISM_RELEASE_GIT_DIR}
if [ -d "$repo/.git" ]; then repo="$repo/.git"; fi
git_=(git --git-dir="$repo")
echo "// osism/release $("${git_[@]}" rev-parse HEAD)"
for version in $("${git_[@]}" ls-tree --name-only HEAD | grep -E '^[0-9]+\.[0-9]+\.[0-9]+$' | sort -V); do
    target=$("${git_[@]}" show "HEAD:$version/openstack.yml" 2>/dev/null | head -n1 || true)
    case "$target" in
        openstack-*.yml) series=${target#openstack-}; echo "        \"$version\": \"${series%.yml}\"," ;;
    esac
done
echo "// streams:"
"${git_[@]}" ls-tree --name-only HEAD latest/ | sed -n 's#^latest/openstack-\(.*\)\.yml$#        "\1",#p'
