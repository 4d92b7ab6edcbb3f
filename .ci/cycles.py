"""Fail on an import cycle between the library's top-level modules (a
module and its own children are one node). Reads `crate::NAME` paths."""

import pathlib
import re
import sys

src = pathlib.Path(__file__).resolve().parent.parent / "src"
graph = {}
for path in src.rglob("*.rs"):
    rel = path.relative_to(src).parts
    if rel[0] in ("main.rs", "lib.rs", "app", "cli.rs"):
        continue  # the binary's side and the root import everything
    node = rel[0].removesuffix(".rs")
    text = re.sub(r"//.*", "", path.read_text())
    for target in re.findall(r"\bcrate::(\w+)", text):
        if target != node:
            graph.setdefault(node, set()).add(target)
    # `use crate::{a, b::c}`
    for group in re.findall(r"\bcrate::\{([^}]*)\}", text):
        for target in re.findall(r"(?:^|,)\s*(\w+)", group):
            if target != node:
                graph.setdefault(node, set()).add(target)

cycles = []
state = {}


def visit(node, stack):
    state[node] = "open"
    stack.append(node)
    for nxt in sorted(graph.get(node, ())):
        if state.get(nxt) == "open":
            cycles.append(stack[stack.index(nxt):] + [nxt])
        elif nxt not in state:
            visit(nxt, stack)
    stack.pop()
    state[node] = "done"


for node in sorted(graph):
    if node not in state:
        visit(node, [])
print(f"{len(graph)} modules, {sum(len(v) for v in graph.values())} edges")
for cycle in cycles:
    print("cycle: " + " -> ".join(cycle))
sys.exit(1 if cycles else 0)
