"""Fail when a package the binary needs declares a rust-version newer than
ours. Reads `cargo metadata --locked` and walks the normal (non-dev,
non-build) dependency graph from this package, for the host target.
An argument replaces our rust-version (to try the check itself)."""

import json
import subprocess
import sys


def version(text):
    return tuple(int(p) for p in (text.split(".") + ["0", "0"])[:3])


meta = json.loads(
    subprocess.run(
        ["cargo", "metadata", "--locked", "--format-version", "1", "--filter-platform",
         subprocess.run(["rustc", "-vV"], capture_output=True, text=True, check=True)
         .stdout.split("host: ")[1].split()[0]],
        capture_output=True, text=True, check=True,
    ).stdout
)
packages = {p["id"]: p for p in meta["packages"]}
nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
root = meta["resolve"]["root"]
ours_text = sys.argv[1] if len(sys.argv) > 1 else packages[root]["rust_version"]
ours = version(ours_text)

seen, todo = {root}, [root]
while todo:
    for dep in nodes[todo.pop()]["deps"]:
        if any(k["kind"] is None for k in dep["dep_kinds"]) and dep["pkg"] not in seen:
            seen.add(dep["pkg"])
            todo.append(dep["pkg"])

newer = sorted(
    f'{packages[p]["name"]} {packages[p]["version"]} needs Rust {packages[p]["rust_version"]}'
    for p in seen
    if packages[p].get("rust_version") and version(packages[p]["rust_version"]) > ours
)
print(f"{len(seen) - 1} packages in the binary's graph; checked against rust-version {ours_text}")
for line in newer:
    print(f"  {line}")
if newer:
    print(f"error: {len(newer)} package(s) need a newer Rust than Cargo.toml declares")
    sys.exit(1)
