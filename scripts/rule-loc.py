#!/usr/bin/env python3
"""Lines of code per rule file, without the description (docs and examples).

Counts the non-blank, non-comment, non-import lines of every Rules/**/*Rule.swift
outside its `static let description = RuleDescription(` … `)` block, and prints each
file's count and the median. Usage: scripts/rule-loc.py [REPO_ROOT]
"""
import pathlib
import statistics
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
counts = {}
for path in sorted(root.glob("Rules/**/*Rule.swift")):
    lines = path.read_text().split("\n")
    total, depth, in_description = 0, 0, False
    for line in lines:
        text = line.strip()
        if not in_description and "static let description = RuleDescription(" in text:
            in_description, depth = True, 0
        if in_description:
            depth += text.count("(") - text.count(")")
            if depth <= 0:
                in_description = False
            continue
        if not text or text.startswith("//") or text.startswith("import "):
            continue
        total += 1
    counts[str(path.relative_to(root))] = total
for name, count in counts.items():
    print(f"{count:5d}  {name}")
print(f"median {statistics.median(counts.values())} over {len(counts)} rule files")
