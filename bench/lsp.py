"""Latency of diagnostics after an edit, in an editor's terms: open a
2,000-role document, then change one character at a time and time each
change from sending `didChange` to receiving the `publishDiagnostics` for
that version. Prints the median and the 90th percentile for `rolelint
server` and, in the same run, for yaml-language-server (schema validation
of the same document, the peer a user has today) when npm can install it.

Usage: python3 bench/lsp.py [--edits N] [--roles N]
"""

import argparse
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from lsp_client import Client  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent


def edit(client, uri, version, line, column, k):
    """Edit number `k`: type a character at `column` of `line` (even k),
    or take it back (odd k)."""
    end = column + (k % 2)
    change = {
        "range": {"start": {"line": line, "character": column}, "end": {"line": line, "character": end}},
        "text": "" if k % 2 else "x",
    }
    client.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
    )


def measure(cmd, path, text, edits, settings=None, schema_line=None, hover=False):
    client = Client(cmd, cwd=str(path.parent), settings=settings)
    client.request(
        "initialize",
        {
            "processId": os.getpid(),
            "rootUri": path.parent.as_uri(),
            "capabilities": {"textDocument": {"publishDiagnostics": {"versionSupport": True}}},
        },
    )
    client.notify("initialized", {})
    if settings is not None:
        client.notify("workspace/didChangeConfiguration", {"settings": settings})
    if schema_line:
        text = schema_line + "\n" + text
    uri = path.as_uri()
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
    )
    diagnosed = lambda v: lambda m: (  # noqa: E731
        m.get("method") == "textDocument/publishDiagnostics"
        and m["params"]["uri"] == uri
        and m["params"].get("version", v) == v
    )
    client.wait(diagnosed(1), timeout=120)
    lines = text.split("\n")
    line = next(i for i, l in enumerate(lines) if "title:" in l)
    column = len(lines[line])
    times = []
    counts = []
    for k in range(edits):
        version = k + 2
        started = time.perf_counter()
        edit(client, uri, version, line, column, k)
        message = client.wait(diagnosed(version), timeout=120)
        times.append((time.perf_counter() - started) * 1000)
        counts.append(len(message["params"]["diagnostics"]))
    # A hover right after an edit: the check, then navigation's index.
    hover_times = []
    if hover:
        id_line = next(i for i, l in enumerate(lines) if "reports_to:" in l)
        id_col = lines[id_line].index("reports_to:") + len("reports_to: ") + 1
        for k in range(edits // 3):
            version = edits + 2 + k
            started = time.perf_counter()
            edit(client, uri, version, line, column, k)
            answer = client.request(
                "textDocument/hover",
                {"textDocument": {"uri": uri}, "position": {"line": id_line, "character": id_col}},
            )
            hover_times.append((time.perf_counter() - started) * 1000)
            assert answer.get("result"), answer
    client.request("shutdown", None)
    client.notify("exit", None)
    client.proc.wait(timeout=30)
    return times, counts[-1], hover_times


def yaml_language_server():
    npm = shutil.which("npm")
    if not npm:
        return None
    cache = pathlib.Path(os.environ.get("XDG_CACHE_HOME", pathlib.Path.home() / ".cache")) / "rolelint-bench"
    binary = cache / "node_modules/.bin/yaml-language-server"
    if not binary.exists():
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "install", "--silent", "--no-audit", "--no-fund", "yaml-language-server@1"],
            cwd=cache, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
    return [str(binary), "--stdio"] if binary.exists() else None


def row(name, times, findings):
    times = sorted(times)
    p90 = times[int(len(times) * 0.9) - 1]
    print(f"{name:<28} | {statistics.median(times):9.1f} ms | {p90:9.1f} ms | {findings:8} | {len(times)}")
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--edits", type=int, default=60)
    parser.add_argument("--roles", type=int, default=2000)
    args = parser.parse_args()
    subprocess.run(
        ["cargo", "build", "--quiet", "--release", "--bin", "rolelint", "--example", "gen_org"],
        cwd=ROOT, check=True,
    )
    work = pathlib.Path(tempfile.mkdtemp(prefix="rolelint-lsp-"))
    subprocess.run(
        [str(ROOT / "target/release/examples/gen_org"), "--roles", str(args.roles), "--seed", "3", "--out", str(work)],
        check=True, stdout=subprocess.DEVNULL,
    )
    path = work / "roles.yaml"
    text = path.read_text()
    print(f"document: {args.roles} roles, {len(text.encode()):,} bytes; {args.edits} edits, one character each")
    print(f"{'server':<28} | {'median':>12} | {'p90':>12} | findings | edits")
    print("-" * 80)
    times, findings, hovers = measure(
        [str(ROOT / "target/release/rolelint"), "server"], path, text, args.edits, hover=True
    )
    ours = row("rolelint server", times, findings)
    peer = yaml_language_server()
    if peer:
        schema = (ROOT / "schema/roles.schema.json").as_uri()
        settings = {"validate": True, "schemas": {}, "format": {"enable": False}, "hover": False, "completion": False}
        times, findings, _ = measure(
            peer, path, text, args.edits, settings={"yaml": settings} | settings,
            schema_line=f"# yaml-language-server: $schema={schema}",
        )
        theirs = row("yaml-language-server", times, findings)
        print(f"\nratio (yaml-language-server / rolelint, medians): {theirs / ours:.1f}x; target: rolelint median well under 50 ms")
    else:
        print("\nyaml-language-server: not installed (npm unavailable); target: rolelint median well under 50 ms")
    print(f"rolelint: edit then hover, answered in {statistics.median(hovers):.1f} ms (median of {len(hovers)})")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
