"""The CSV import written the obvious way in Python (csv module), as a
baseline for `rolelint import csv`: same columns (Name, Title, Manager,
Department), same mapping (managers become roles, the people they manage
who manage nobody their team), a version 2 roles file on standard output.
Usage: python3 bench/import_baseline.py people.csv > roles.yaml"""
import csv
import json
import re
import sys
from collections import Counter


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def unique(base, taken):
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


def main(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    by_name = {r["Name"]: i for i, r in enumerate(rows)}
    manager = [by_name[r["Manager"]] if r["Manager"] else None for r in rows]
    reports = [[] for _ in rows]
    for i, m in enumerate(manager):
        if m is not None:
            reports[m].append(i)
    taken = set()
    person = [unique(slug(r["Name"]), taken) for r in rows]
    role_taken, role = set(), [None] * len(rows)
    for i, r in enumerate(rows):
        if reports[i]:
            role[i] = unique(slug(r["Title"] or r["Name"]), role_taken)
    out = ["# Imported from " + path, "version: 2", "org:", '  name: "Our organisation"', f"  headcount: {len(rows)}", "people:"]
    for i, r in enumerate(rows):
        out += [f"  - id: {person[i]}", f"    name: {json.dumps(r['Name'])}"]
    out.append("roles:")
    for i, r in enumerate(rows):
        if role[i]:
            out += [f"  - id: {role[i]}", f"    title: {json.dumps(r['Title'])}", f"    holder: {person[i]}"]
            if manager[i] is not None:
                out.append(f"    reports_to: {role[manager[i]]}")
    out.append("teams:")
    team_taken = set()
    for i, r in enumerate(rows):
        members = [m for m in reports[i] if not reports[m]]
        if role[i] and members:
            name = Counter(rows[m]["Department"] for m in members).most_common(1)[0][0]
            out += [f"  - id: {unique(slug(name), team_taken)}", f"    name: {json.dumps(name)}", f"    lead: {role[i]}", "    members:"]
            out += [f"      - {person[m]}" for m in members]
    sys.stdout.write("\n".join(out) + "\n")


main(sys.argv[1])
