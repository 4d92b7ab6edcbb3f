"""Fail on an import cycle between the library's top-level modules (a
module and its own children are one node), and between the binary's
modules under `src/app/` (likewise). Reads `crate::NAME`, `crate::app::NAME`,
`super::` and `self::` paths."""

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

found = []


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




def module_path(path):
    """`src/app/server/mod.rs` -> ["app", "server"]."""
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "mod":
        parts.pop()
    return parts


def uses(text):
    """Every path a file names: `a::b` from `use a::b`, `a::{b, c}` and inline."""
    out = []
    for head, group in re.findall(r"\b((?:crate|super|self)(?:::\w+)*)::\{([^}]*)\}", text):
        for name in re.findall(r"(?:^|,)\s*(\w+)", group):
            out.append(f"{head}::{name}")
    out += re.findall(r"\b((?:crate|super|self)(?:::\w+)+)", text)
    return out


app = {}
for path in (src / "app").rglob("*.rs"):
    here = module_path(path)
    if here == ["app"]:
        continue  # dispatch: the root of the binary's side names everything
    node = here[1]
    base = here if path.name == "mod.rs" else here
    text = re.sub(r"//.*", "", path.read_text())
    for name in uses(text):
        parts = name.split("::")
        if parts[0] == "crate":
            absolute = parts[1:]
        else:
            absolute = list(base)
            while parts and parts[0] in ("super", "self"):
                if parts.pop(0) == "super":
                    absolute = absolute[:-1]
            absolute += parts
        if len(absolute) >= 2 and absolute[0] == "app" and absolute[1] != node:
            app.setdefault(node, set()).add(absolute[1])

for label, g in (("library", graph), ("app", app)):
    graph = g
    state = {}
    cycles = []
    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    print(f"{label}: {len(graph)} modules, {sum(len(v) for v in graph.values())} edges")
    for cycle in cycles:
        print(f"cycle in {label}: " + " -> ".join(cycle))
        found.append(cycle)
sys.exit(1 if found else 0)
