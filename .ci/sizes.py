"""Fail when a Rust source or test file is over 600 lines: a file that
holds too much is split by idea before it grows further."""

import pathlib
import sys

LIMIT = 600
top = pathlib.Path(__file__).resolve().parent.parent
over = []
count = 0
for folder in ("src", "tests", "examples", "fuzz"):
    for path in sorted((top / folder).rglob("*.rs")):
        if "target" in path.parts:
            continue
        count += 1
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > LIMIT:
            over.append((path.relative_to(top), lines))
print(f"{count} Rust files, none may be over {LIMIT} lines")
for path, lines in over:
    print(f"{path}: {lines} lines")
sys.exit(1 if over else 0)
