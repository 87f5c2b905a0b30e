#!/usr/bin/env bash
# Release build: one self-contained executable, a release archive and a Python wheel.
#
#   scripts/build-release.sh [OUTPUT_DIRECTORY]      (default: dist/)
#
# - The executable links the Swift runtime statically (--static-swift-stdlib) and libyaml
#   statically from Debian's libyaml-dev (libyaml.a). SwiftPM links `-lyaml` (CYAML's
#   module map) with the system library directory searched first, so no search path can
#   make it pick the archive: the build's own link command (printed by `swift build -v`)
#   is run once more with libyaml.a in place of every `-lyaml` (one per object file). `ldd` then shows only the C and
#   C++ runtime (checked below); Package.swift is unchanged, so `swift build` from source
#   works as before.
# - dist/rmqlint-<version>-linux-<arch>.tar.gz: the executable, LICENSE, README.md, shell
#   completions and the man page (docs/completions, docs/man), plus a .sha256 file.
# - dist/rmqlint-<version>-py3-none-manylinux_2_<N>_<arch>.whl: the executable inside the
#   `rmqlint` package, a console entry point, tagged with the newest glibc symbol version
#   the executable needs (written by packaging/wheel.py, standard library only).
#
# The build uses its own scratch directory (.build-release) so it does not disturb the
# debug build; it takes several minutes on two cores. scripts/check-release.sh installs
# the wheel in a fresh virtualenv and runs it with the Swift toolchain out of reach.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-dist}
scratch=.build-release
version=$(sed -n 's/.*static let version = "\(.*\)".*/\1/p' Sources/RMQLintCore/Engine/ToolInfo.swift)
arch=$(uname -m)
[ -n "$version" ] || { echo "build-release: no version in ToolInfo.swift" >&2; exit 1; }

libdir=$(pkg-config --variable=libdir yaml-0.1)
if [ ! -f "$libdir/libyaml.a" ]; then
    echo "build-release: $libdir/libyaml.a not found (apt-get install libyaml-dev)" >&2
    exit 1
fi

echo "build-release: swift build -c release --static-swift-stdlib (rmqlint $version, $arch)"
mkdir -p "$scratch"
# Remove the executable so the build links it again and prints that link command.
rm -f "$scratch"/*/release/rmqlint
if ! swift build -c release --static-swift-stdlib --product rmqlint --scratch-path "$scratch" -v > "$scratch/build.log" 2>&1; then
    grep -v '^ *"/' "$scratch/build.log" | tail -40 >&2
    exit 1
fi
binary="$scratch/release/rmqlint"
link=$(grep -E '^ *"[^"]*/ld(\.[a-z]+)?" ' "$scratch/build.log" | tail -1)
case "$link" in
    *" -lyaml "*) ;;
    *) echo "build-release: no link command with -lyaml in $scratch/build.log" >&2; exit 1 ;;
esac
echo "build-release: linking libyaml statically ($libdir/libyaml.a)"
link=$(printf '%s\n' "$link" | awk -v lib="$libdir/libyaml.a" '{ for (i = 1; i <= NF; i++) if ($i == "-lyaml") $i = lib; print }')
eval "$link"

# Only the C library, libm, the C++ runtime and the loader may remain dynamic.
allowed='^(linux-vdso|libc|libm|libstdc\+\+|libgcc_s|ld-linux[^ ]*|libpthread|libdl|librt|libutil)\.so'
unexpected=$(ldd "$binary" | awk '{print $1}' | sed 's#.*/##' | grep -Ev "$allowed" || true)
if [ -n "$unexpected" ]; then
    echo "build-release: $binary still needs: $unexpected" >&2
    exit 1
fi
# SwiftPM's RUNPATH is `$ORIGIN` (the executable's own directory); nothing else may be.
runpath=$(readelf -d "$binary" | grep -E 'R(UN)?PATH' | grep -v 'path: \[\$ORIGIN\]$' || true)
if [ -n "$runpath" ]; then
    echo "build-release: $binary has a search path beyond \$ORIGIN: $runpath" >&2
    exit 1
fi

mkdir -p "$out"
staged="$scratch/stage/rmqlint"
rm -rf "$scratch/stage"
mkdir -p "$staged"
strip -o "$staged/rmqlint" "$binary"
"$staged/rmqlint" --version >/dev/null

# The release archive.
name="rmqlint-$version-linux-$arch"
tree="$scratch/stage/$name"
mkdir -p "$tree/completions" "$tree/man/man1"
cp "$staged/rmqlint" LICENSE README.md "$tree/"
cp docs/completions/rmqlint.bash docs/completions/_rmqlint docs/completions/rmqlint.fish "$tree/completions/"
cp docs/man/rmqlint.1 "$tree/man/man1/"
tar -C "$scratch/stage" --owner=0 --group=0 --numeric-owner --sort=name --mtime='2026-01-01 00:00Z' \
    -czf "$out/$name.tar.gz" "$name"
(cd "$out" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")

# The wheel: manylinux_2_<N>, N = the newest GLIBC_2.N symbol version the executable needs.
glibc=$(objdump -T "$staged/rmqlint" | grep -o 'GLIBC_2\.[0-9]*' | sort -t. -k2 -n | tail -1 | cut -d. -f2)
rm -f "$out"/rmqlint-*.whl
python3 - "$out" "$version" "py3-none-manylinux_2_${glibc}_${arch}" "$staged/rmqlint" <<'PY'
import sys
sys.path.insert(0, "packaging")
import wheel

out, version, tag, binary = sys.argv[1:]
def read(path):
    with open(path, "rb") as handle:
        return handle.read()
files = [
    ("rmqlint/__init__.py", read("packaging/rmqlint/__init__.py"), False),
    ("rmqlint/__main__.py", read("packaging/rmqlint/__main__.py"), False),
    ("rmqlint/bin/rmqlint", read(binary), True),
]
metadata = [
    "Summary: Find RabbitMQ high-availability mistakes in Kolla-Ansible deployment trees",
    "Home-page: https://github.com/rmqlint/rmqlint",
    "License: Apache-2.0",
    "Requires-Python: >=3.8",
    "Classifier: License :: OSI Approved :: Apache Software License",
    "Classifier: Operating System :: POSIX :: Linux",
    "Classifier: Environment :: Console",
    "Description-Content-Type: text/markdown",
    "",
    read("README.md").decode(),
]
print(wheel.write_wheel(out, "rmqlint", version, tag, files, metadata,
                        entry_points={"rmqlint": "rmqlint.__main__:main"}, root_is_purelib=False))
PY
ls -l "$out"
