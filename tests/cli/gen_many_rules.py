#!/usr/bin/env python3
"""gen_many_rules.py DIR POLICIES RULES - for the test of issue 11 (item 5):
POLICIES files DIR/manyK.pol of RULES rules each, the registry DIR/reg.csv
and the CSV `polc eval` must print for them, DIR/expected.csv.

Rule i of policy k pays (k*RULES + i) % 97 + 1 yuan when x is above
i % 5 yuan, so that every column of a row differs from its neighbours."""
import sys

folder, npolicies, nrules = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
xs = {"A": 10, "B": 3}


def amount(k, i, x):
    return (k * nrules + i) % 97 + 1 if x > i % 5 else 0


for k in range(npolicies):
    with open(f"{folder}/many{k}.pol", "w") as f:
        f.write(f'policy many{k} "p"\ninput x: money "x" default 0\n')
        for i in range(nrules):
            f.write(f'rule r{i} "第{i}条"\n  award {amount(k, i, 10**9)}元 when x > {i % 5}元\n')
with open(f"{folder}/reg.csv", "w") as f:
    f.write("id,x\n" + "".join(f"{id},{x}\n" for id, x in xs.items()))
with open(f"{folder}/expected.csv", "w") as f:
    head = [f"many{k}.r{i}" for k in range(npolicies) for i in range(nrules)]
    f.write(",".join(["id", "total"] + head) + "\n")
    for id, x in xs.items():
        cols = [amount(k, i, x) for k in range(npolicies) for i in range(nrules)]
        f.write(",".join([id, f"{sum(cols)}.00"] + [f"{c}.00" for c in cols]) + "\n")
