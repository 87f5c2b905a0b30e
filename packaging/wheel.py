"""Writes wheels with the Python standard library only (PEP 427, PEP 491).

Two users:
- scripts/build-release.sh: the `rmqlint` wheel, the self-contained executable inside,
  platform-tagged, with a console entry point (`rmqlint = rmqlint.__main__:main`);
- pyproject.toml at the repository root: the PEP 517 backend (`build_wheel` below) of the
  small `rmqlint-pre-commit-hook` package that pre-commit's `language: python` hook
  installs, which only depends on `rmqlint` (the wheel above, from PyPI or PIP_FIND_LINKS).
"""

import base64
import hashlib
import os
import re
import stat
import zipfile

HOOK_NAME = "rmqlint-pre-commit-hook"


def _version():
    """The version in Sources/RMQLintCore/Engine/ToolInfo.swift (the one source of it)."""
    here = os.path.dirname(os.path.abspath(__file__))
    source = os.path.join(here, "..", "Sources", "RMQLintCore", "Engine", "ToolInfo.swift")
    with open(source, encoding="utf-8") as handle:
        match = re.search(r'static let version = "([^"]+)"', handle.read())
    if not match:
        raise RuntimeError("no version in ToolInfo.swift")
    return match.group(1)


def _record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def write_wheel(directory, name, version, tag, files, metadata, entry_points=None, root_is_purelib=True):
    """Writes `<name>-<version>-<tag>.whl` into `directory` and returns its path.

    files: list of (archive path, bytes, executable?) for the package contents.
    metadata: extra `Key: value` lines for METADATA (after Name and Version).
    """
    distribution = name.replace("-", "_")
    dist_info = f"{distribution}-{version}.dist-info"
    wheel_name = f"{distribution}-{version}-{tag}.whl"
    entries = list(files)
    meta = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"] + list(metadata)
    entries.append((f"{dist_info}/METADATA", ("\n".join(meta) + "\n").encode(), False))
    python_tag, abi_tag, platform_tag = tag.split("-")
    wheel = [
        "Wheel-Version: 1.0",
        "Generator: rmqlint packaging/wheel.py",
        f"Root-Is-Purelib: {'true' if root_is_purelib else 'false'}",
    ] + [f"Tag: {python_tag}-{abi_tag}-{platform}" for platform in platform_tag.split(".")]
    entries.append((f"{dist_info}/WHEEL", ("\n".join(wheel) + "\n").encode(), False))
    if entry_points:
        text = "[console_scripts]\n" + "".join(f"{k} = {v}\n" for k, v in entry_points.items())
        entries.append((f"{dist_info}/entry_points.txt", text.encode(), False))
    record = [_record_line(path, data) for path, data, _ in entries]
    record.append(f"{dist_info}/RECORD,,")
    entries.append((f"{dist_info}/RECORD", ("\n".join(record) + "\n").encode(), False))

    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, wheel_name)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for archive_path, data, executable in entries:
            info = zipfile.ZipInfo(archive_path, date_time=(2026, 1, 1, 0, 0, 0))
            mode = 0o755 if executable else 0o644
            info.external_attr = (stat.S_IFREG | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return path


# PEP 517 backend of the pre-commit hook package (pyproject.toml at the repository root).

def get_requires_for_build_wheel(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    version = _version()
    return os.path.basename(write_wheel(
        wheel_directory, HOOK_NAME, version, "py3-none-any", [],
        [
            "Summary: Installs rmqlint for pre-commit's language: python hook",
            "License: Apache-2.0",
            f"Requires-Dist: rmqlint=={version}",
        ]))
