#!/usr/bin/env bash
# Checks what scripts/build-release.sh produced, as an operator without Swift would use it:
#
#   scripts/check-release.sh [DIST_DIRECTORY]        (default: dist/)
#
# Everything runs with a scrubbed environment (env -i: PATH without the Swift toolchain, no
# LD_LIBRARY_PATH) and, when this runs as root with unshare(1), in a mount namespace where
# the toolchain directory is hidden behind an empty one — so a binary that still needed
# Swift's runtime libraries could not find them. Checked:
# - the README's "pip" block, with the wheel from DIST in place of PyPI, in a new virtualenv;
#   ldd of the installed executable lists no Swift or libyaml library; `rmqlint --version`,
#   `python -m rmqlint --version`, and `rmqlint Samples/broken-amqp-proxy` printing exactly
#   that sample's expected.txt with exit status 1;
# - the README's "release archive" block, with DIST in place of the download URL and a
#   temporary prefix in place of /usr/local, and the archive's contents;
# - the install line of the README's "from source" block, on the release executable.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
dist=$(cd "${1:-dist}" && pwd)
version=$(sed -n 's/.*static let version = "\(.*\)".*/\1/p' Sources/RMQLintCore/Engine/ToolInfo.swift)
wheel=$(ls "$dist"/rmqlint-"$version"-*.whl)
archive=$(ls "$dist"/rmqlint-"$version"-linux-*.tar.gz)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home"

# The README's blocks, with the downloads and install prefix replaced by local paths.
python3 - "$repo/README.md" "$work" "$dist" "$wheel" <<'PY'
import re, sys
readme, work, dist, wheel = sys.argv[1:]
text = open(readme).read()
def block(name):
    body = text.split(f"<!-- {name}:begin -->\n", 1)[1].split(f"<!-- {name}:end -->", 1)[0]
    return body.split("\n", 1)[1].rsplit("```", 1)[0]
pip = block("install-pip").replace("~/.local/rmqlint", f"{work}/readme-venv")
pip = pip.replace("pip install rmqlint", f"pip install --no-index {wheel}")
archive = re.sub(r"curl -fsSLO https://github\.com/rmqlint/rmqlint/releases/download/v[^/]+/(\S+)", rf"cp {dist}/\1 .", block("install-archive"))
archive = archive.replace("/usr/local/", f"{work}/prefix/").replace("\nrmqlint --version", f"\n{work}/prefix/bin/rmqlint --version")
source = [line for line in block("install-source").splitlines() if line.startswith("install ")]
assert len(source) == 1, source
source = source[0].replace(".build/release/rmqlint", f"{work}/archive/rmqlint-*/rmqlint").replace("/usr/local/", f"{work}/source-prefix/")
for name, body in [("pip", pip), ("archive", archive), ("source", source + "\n")]:
    assert "https://" not in body and "/usr/local" not in body, body
    with open(f"{work}/readme-{name}.sh", "w") as handle:
        handle.write("set -euxo pipefail\n" + body)
PY

run_isolated() {
    local clean=(env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$work/home" LANG=C.UTF-8 NO_COLOR=1)
    local swift_bin toolchain
    swift_bin=$(command -v swift || true)
    toolchain=${swift_bin:+$(dirname "$(dirname "$(readlink -f "$swift_bin")")")}
    if [ -n "$toolchain" ] && [ "$(id -u)" = 0 ] && command -v unshare >/dev/null \
        && unshare --mount --propagation private true 2>/dev/null; then
        mkdir -p "$work/empty"
        "${clean[@]}" unshare --mount --propagation private \
            sh -c 'mount --bind "$0" "$1" && shift && exec "$@"' "$work/empty" "$toolchain" "$@"
    else
        "${clean[@]}" "$@"
    fi
}

echo "check-release: Swift toolchain hidden: $(run_isolated sh -c 'ls /opt/swift/usr 2>/dev/null | wc -l') entries visible under /opt/swift/usr"

echo "check-release: README pip block with $(basename "$wheel")"
run_isolated bash "$work/readme-pip.sh"
venv="$work/readme-venv"
installed=$(ls "$venv"/lib/python3*/site-packages/rmqlint/bin/rmqlint)
echo "check-release: ldd $installed"
ldd "$installed"
if ldd "$installed" | grep -Eq 'libswift|libFoundation|libdispatch|libBlocksRuntime|libyaml|not found'; then
    echo "check-release: the installed executable needs Swift or libyaml libraries" >&2
    exit 1
fi
[ "$(run_isolated "$venv/bin/rmqlint" --version)" = "$version" ]
[ "$(run_isolated "$venv/bin/python" -m rmqlint --version)" = "$version" ]
status=0
run_isolated sh -c 'cd "$0" && exec "$1" Samples/broken-amqp-proxy' "$repo" "$venv/bin/rmqlint" > "$work/out.txt" || status=$?
[ "$status" = 1 ] || { echo "check-release: exit status $status, expected 1" >&2; exit 1; }
diff -u Samples/broken-amqp-proxy/expected.txt "$work/out.txt"
echo "check-release: rmqlint Samples/broken-amqp-proxy from the wheel: exit 1, output = expected.txt"

echo "check-release: README release-archive block with $(basename "$archive")"
mkdir -p "$work/archive"
run_isolated sh -c 'cd "$0" && exec bash "$1"' "$work/archive" "$work/readme-archive.sh"
tree=$(ls -d "$work"/archive/rmqlint-*/)
for file in rmqlint LICENSE README.md completions/rmqlint.bash completions/_rmqlint completions/rmqlint.fish man/man1/rmqlint.1; do
    [ -f "$tree/$file" ] || { echo "check-release: $file missing from the archive" >&2; exit 1; }
done
[ -f "$work/prefix/share/man/man1/rmqlint.1" ]
run_isolated bash "$work/readme-source.sh"
[ "$(run_isolated "$work/source-prefix/bin/rmqlint" --version)" = "$version" ]

echo "check-release: OK — $(basename "$wheel") $(du -h "$wheel" | cut -f1), $(basename "$archive") $(du -h "$archive" | cut -f1), executable $(du -h "$installed" | cut -f1)"
