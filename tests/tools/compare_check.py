#!/usr/bin/env python3
"""compare_check.py BASE.csv NEW.csv COMPARE.csv SUMMARY.json

Checks `polc compare` against two independent `polc eval` runs: each
applicant's base, new and delta, and every rule's delta, equal the two
evals joined by id (a rule missing from one side counts 0 there); the
summary's gain/lose/unchanged counts and its change per rule and overall
equal the sums of those rows.  Prints what differs; exit 1 if anything.
"""
import csv
import json
import sys
from decimal import Decimal


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {r["id"]: r for r in rows}, rows


def main():
    base, _ = read(sys.argv[1])
    new, _ = read(sys.argv[2])
    comp, comp_rows = read(sys.argv[3])
    summary = json.load(open(sys.argv[4], encoding="utf-8"))
    errors = []
    if set(base) != set(comp) or set(new) != set(comp):
        errors.append("the ids differ between the evals and compare")
    rules = [k for k in comp_rows[0] if k not in ("id", "base", "new", "delta")]
    gain = lose = same = 0
    rule_sum = {r: Decimal(0) for r in rules}
    for cid, row in comp.items():
        b, n = base.get(cid, {}), new.get(cid, {})
        want_b, want_n = Decimal(b.get("total", "0")), Decimal(n.get("total", "0"))
        got = [Decimal(row[k]) for k in ("base", "new", "delta")]
        if got != [want_b, want_n, want_n - want_b]:
            errors.append(f"{cid}: base/new/delta {got} != {want_b} {want_n}")
        for r in rules:
            want = Decimal(n.get(r, "0")) - Decimal(b.get(r, "0"))
            if Decimal(row[r]) != want:
                errors.append(f"{cid}: {r}: {row[r]} != {want}")
            rule_sum[r] += Decimal(row[r])
        d = got[2]
        gain, lose, same = gain + (d > 0), lose + (d < 0), same + (d == 0)
    if (summary["gain"], summary["lose"], summary["unchanged"]) != (gain, lose, same):
        errors.append(f"counts {summary['gain']}/{summary['lose']}/{summary['unchanged']} "
                      f"!= {gain}/{lose}/{same}")
    for entry in summary["rules"]:
        got = Decimal(str(entry["change"])).quantize(Decimal("0.01"))
        if got != rule_sum[entry["rule"]]:
            errors.append(f"change of {entry['rule']}: {got} != {rule_sum[entry['rule']]}")
    total = sum((Decimal(r["delta"]) for r in comp.values()), Decimal(0))
    if Decimal(str(summary["all"]["change"])).quantize(Decimal("0.01")) != total:
        errors.append(f"change of all: {summary['all']['change']} != {total}")
    for e in errors[:30]:
        print("compare_check:", e)
    print(f"compare_check: {len(comp)} rows, {len(rules)} rules, {gain} gain, {lose} lose, "
          f"{same} unchanged, {len(errors)} differences")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
