"""The language server under load, in the same run for two binaries when
`--base BIN` is given (an earlier build):

- memory: open and close 100 documents of 3,000 roles each, one after the
  other; the server's resident memory at the end and its peak (VmRSS and
  VmHWM from /proc), which stay flat when closed documents are dropped;
- many documents: open 2,000 small organisations and wait for each one's
  diagnostics, total time (linear when a check does not revisit every open
  buffer);
- many ranges: one `didChange` with 6,000 one-character ranges on a
  1.5 MB document, against one full-text change of the same result.

Usage: python3 bench/server_load.py [--bin BIN] [--base BIN]
"""

import argparse
import os
import pathlib
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from lsp_client import Client  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent


def generate(roles, out):
    subprocess.run(
        ["cargo", "run", "--quiet", "--release", "--example", "gen_org", "--",
         "--roles", str(roles), "--seed", "1", "--out", str(out)],
        cwd=ROOT, check=True,
    )
    return (pathlib.Path(out) / "roles.yaml").read_text()


def start(binary, cwd):
    client = Client([binary, "server"], cwd=str(cwd))
    client.request("initialize", {
        "processId": os.getpid(), "rootUri": pathlib.Path(cwd).as_uri(),
        "capabilities": {"textDocument": {"publishDiagnostics": {"versionSupport": True}}},
    })
    client.notify("initialized", {})
    return client


def diagnostics(client, uri, version):
    client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == uri and m["params"].get("version") == version, timeout=600)


def memory(pid):
    status = pathlib.Path(f"/proc/{pid}/status").read_text()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return tuple(int(fields[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM"))


def open_new(client, path, text):
    """Write `text` to `path`, open it, and wait for its diagnostics."""
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    uri = path.as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "yaml", "version": 1, "text": text}})
    diagnostics(client, uri, 1)
    return uri


def open_close(binary, work, text, count):
    client = start(binary, work)
    for i in range(count):
        uri = open_new(client, work / f"org{i}" / "roles.yaml", text)
        client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    client.request("textDocument/hover", {"textDocument": {"uri": (work / "org0" / "roles.yaml").as_uri()},
                                          "position": {"line": 0, "character": 0}})
    rss, peak = memory(client.proc.pid)
    client.proc.kill()
    return rss, peak


def many_documents(binary, work, text, count):
    client = start(binary, work)
    started = time.perf_counter()
    for i in range(count):
        open_new(client, work / f"small{i}" / "roles.yaml", text)
    elapsed = time.perf_counter() - started
    client.proc.kill()
    return elapsed


def many_ranges(binary, work, text, ranges):
    path = work / "ranges" / "roles.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    uri = path.as_uri()
    lines = text.split("\n")
    # One character appended to each of the first `ranges` non-empty lines.
    picked = [i for i, l in enumerate(lines) if l.strip().startswith("title:")][:ranges]
    changes = [{"range": {"start": {"line": i, "character": len(lines[i])},
                          "end": {"line": i, "character": len(lines[i])}}, "text": "x"} for i in picked]
    expected = list(lines)
    for i in picked:
        expected[i] += "x"
    timings = {}
    for name, content in [("ranges", changes), ("full", [{"text": "\n".join(expected)}])]:
        client = start(binary, work)
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": text}})
        diagnostics(client, uri, 1)
        started = time.perf_counter()
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                                 "contentChanges": content})
        diagnostics(client, uri, 2)
        timings[name] = time.perf_counter() - started
        client.proc.kill()
    return timings, len(picked)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=str(ROOT / "target" / "release" / "rolelint"))
    parser.add_argument("--base")
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--many", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        (tmp / ".git").mkdir()
        big = generate(3000, tmp / "gen3000")
        small = generate(5, tmp / "gen5")
        huge = generate(6500, tmp / "gen6500")
        print(f"documents: {len(big) / 1e6:.2f} MB (3,000 roles), {len(small)} B (5 roles), {len(huge) / 1e6:.2f} MB (6,500 roles)")
        for label, binary in [("this build", args.bin)] + ([("base", args.base)] if args.base else []):
            work = tmp / label.replace(" ", "-")
            work.mkdir()
            rss, peak = open_close(binary, work, big, args.docs)
            print(f"{label}: open and close {args.docs} x 3,000 roles: {rss:.0f} MiB resident at the end, {peak:.0f} MiB peak")
            elapsed = many_documents(binary, work, small, args.many)
            print(f"{label}: open {args.many} small documents: {elapsed:.1f} s")
            timings, n = many_ranges(binary, work, huge, 6000)
            print(f"{label}: one didChange with {n} ranges: {timings['ranges']:.2f} s; the same as one full change: {timings['full']:.2f} s")


if __name__ == "__main__":
    main()
