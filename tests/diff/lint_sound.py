#!/usr/bin/env python3
"""lint_sound.py POLC COUNT [FIRST_SEED] - the proofs of `polc check` hold.

For COUNT random policy sets of gen.py, every never-holds and never-pays
that `polc check` reports is confronted with the random registry (each row
evaluated on its application_date or 2024-06-01):
  - an `eligible` that never holds: the policy pays no row anything;
  - a `when` that never holds: a rule made of `award 1元 when COND` pays no row;
  - a rule that never pays more than 0: it pays no row more than 0;
  - an award line never paid: each line is made a rule of its own, and no
    row has that line paying more than 0 and winning (larger than every
    earlier line that applies, at least every later one).
Exits 1 naming the seed and the lint a row contradicts.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
APPLIES = {"paid", "topup_covered", "negative", "superseded"}


def run(cmd, cwd):
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)


def rules_of(text):
    """{rule id: (start line index, end line index)} of a generated policy."""
    lines = text.split("\n")
    starts = [i for i, l in enumerate(lines) if l.startswith("rule ")]
    out = {}
    for k, s in enumerate(starts):
        e = starts[k + 1] if k + 1 < len(starts) else len(lines)
        while e > s + 1 and not lines[e - 1].startswith("  award"):
            e -= 1
        out[lines[s].split()[1]] = (s, e)
    return lines, out


def rule_at(rules, line0):
    for rid, (s, e) in rules.items():
        if s <= line0 < e:
            return rid
    return None


def evaluate(polc, d, name, text):
    path = os.path.join(d, name)
    with open(path, "w") as f:
        f.write(text)
    r = run([polc, "eval", name, "--registry", "registry.csv", "--as-of", "2024-06-01",
             "--format", "jsonl", "--engine", "interp", "--no-cache"], d)
    rows = []
    for line in r.stdout.splitlines():
        try:
            rows.append(json.loads(line))
        except ValueError:
            pass
    if not rows:
        sys.exit(f"FAIL: {path}: evaluated no row: {r.stderr[:300]}")
    return rows


def amounts(row, rule):
    for x in row["rules"]:
        if x["rule"] == rule:
            return x["amount"], x["status"]
    return 0, "missing"


def check_policy(polc, d, pol, seed):
    checked = 0
    r = run([polc, "check", "--format", "json", "--column-unit", "char", pol + ".pol"], d)
    diags = json.loads(r.stdout or "[]")
    text = open(os.path.join(d, pol + ".pol")).read()
    lines, rules = rules_of(text)
    header = "\n".join(lines[:min(s for s, _ in rules.values())]) if rules else text
    for dg in diags:
        code, msg = dg["code"], dg["message"]
        if code not in ("never-holds", "never-pays"):
            continue
        line0 = dg["line"] - 1
        where = f"seed {seed}: {pol}.pol:{dg['line']}: {code}: {msg}"
        if "eligibility condition" in msg:
            rows = evaluate(polc, d, "v.pol", text)
            bad = [row["id"] for row in rows if row["total"] > 0]
        elif code == "never-holds" and "this condition" in msg:
            cond = lines[line0][dg["column"] - 1:dg["end"] - 1]
            rid = rule_at(rules, line0)
            v = f'{header}\nrule {rid} "x"\n  award 1元 when {cond}\n'
            rows = evaluate(polc, d, "v.pol", v)
            bad = [row["id"] for row in rows if amounts(row, rid)[0] > 0]
        elif code == "never-pays" and msg.startswith("rule `"):
            rid = msg.split("`")[1]
            rows = evaluate(polc, d, "v.pol", text)
            bad = [row["id"] for row in rows if amounts(row, rid)[0] > 0]
        elif code == "never-pays" and msg.startswith("award line "):
            j = int(msg.split()[2]) - 1
            rid = msg.split("`")[1]
            s, e = rules[rid]
            awards = [l for l in lines[s + 1:e] if l.startswith("  award")]
            v = header + "\n" + "".join(f'rule {rid}_{i} "x"\n{a}\n' for i, a in enumerate(awards))
            rows = evaluate(polc, d, "v.pol", v)
            bad = []
            for row in rows:
                got = [amounts(row, f"{rid}_{i}") for i in range(len(awards))]
                aj, sj = got[j]
                if aj <= 0 or sj not in APPLIES:
                    continue
                if all(st not in APPLIES or (a < aj if i < j else a <= aj)
                       for i, (a, st) in enumerate(got) if i != j):
                    bad.append(row["id"])
        else:
            continue   # ladder tiers and brackets: not confronted here
        checked += 1
        if bad:
            sys.exit(f"FAIL: {where}\n  contradicted by rows {bad[:5]} (files in {d})")
    return checked


def main():
    polc, count = os.path.abspath(sys.argv[1]), int(sys.argv[2])
    first = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    total = 0
    with tempfile.TemporaryDirectory() as work:
        for seed in range(first, first + count):
            d = os.path.join(work, str(seed))
            os.makedirs(d)
            subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), str(seed), d], check=True)
            for pol in ("alpha", "beta"):
                total += check_policy(polc, d, pol, seed)
    if total == 0:
        sys.exit("FAIL: no never-holds or never-pays to confront: the test proves nothing")
    print(f"{total} lints confronted with the registries of {count} seeds: none contradicted")


if __name__ == "__main__":
    main()
