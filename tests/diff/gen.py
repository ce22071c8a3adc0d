#!/usr/bin/env python3
"""gen.py SEED DIR - a random well-typed policy set and a random registry,
for differential testing: the interpreter and native code must agree on
every row (tests/diff/run.sh).

Two policies of one family (so that 从高不重复 stacking runs), every award
form, nested conditions, lets, every built-in, and amounts from 0.01元 to
the edge of 64 bits, so that overflows and divisions by zero happen too.
"""
import random
import sys

INPUTS = [("m1", "money"), ("m2", "money"), ("m3", "money"), ("p1", "percent"),
          ("p2", "percent"), ("n1", "number"), ("n2", "number"), ("c1", "count"),
          ("b1", "bool"), ("b2", "bool"), ("b3", "bool"), ("d1", "date"), ("t1", "text")]
BY_TYPE = {}
for name, typ in INPUTS:
    BY_TYPE.setdefault(typ, []).append(name)


class Gen:
    def __init__(self, rng):
        self.r = rng

    def money_lit(self):
        return self.r.choice(["0.01元", "1元", "99.99元", "3333.33元", "500万", "2000万", "1.5亿",
                              "0元", "1亿", "92233720368万", "0.5万", "90000000亿"])

    def expr(self, typ, depth):
        """An expression of `typ`, parenthesised so that it composes."""
        return f"({self.bare(typ, depth)})"

    def bare(self, typ, depth):
        r = self.r
        leaf = depth <= 0 or r.random() < 0.3
        if typ == "money":
            if leaf:
                return r.choice([self.money_lit(), r.choice(BY_TYPE["money"])])
            k = r.randrange(8)
            if k == 0:
                return f"({self.expr('money', depth-1)} + {self.expr('money', depth-1)})"
            if k == 1:
                return f"({self.expr('money', depth-1)} - {self.expr('money', depth-1)})"
            if k == 2:
                return f"{self.expr('money', depth-1)} * {self.expr(r.choice(['number', 'percent', 'count']), depth-1)}"
            if k == 3:
                return f"{self.expr('money', depth-1)} / {self.expr(r.choice(['number', 'count']), depth-1)}"
            if k == 4:
                return f"{r.choice(['min', 'max'])}({self.expr('money', depth-1)}, {self.expr('money', depth-1)})"
            if k == 5:
                return f"(if {self.expr('bool', depth-1)} then {self.expr('money', depth-1)} else {self.expr('money', depth-1)})"
            if k == 6:
                return f"-{self.expr('money', depth-1)}"
            return f"{r.choice(['5%', '0.5%', '33.3333%', '100%'])} * {self.expr('money', depth-1)}"
        if typ == "percent":
            if leaf:
                return r.choice(["5%", "0.0001%", "12.5%", "100%", "0%", r.choice(BY_TYPE["percent"])])
            return r.choice([f"({self.expr('percent', depth-1)} + {self.expr('percent', depth-1)})",
                             f"{self.expr('percent', depth-1)} * {self.expr('number', depth-1)}",
                             f"{self.expr('percent', depth-1)} * {self.expr('percent', depth-1)}"])
        if typ == "number":
            if leaf:
                return r.choice(["1.5", "0.333333", "2.0", "1000000.5", r.choice(BY_TYPE["number"])])
            return r.choice([f"{self.expr('number', depth-1)} * {self.expr('number', depth-1)}",
                             f"{self.expr('number', depth-1)} / {self.expr('number', depth-1)}",
                             f"{self.expr('money', depth-1)} / {self.expr('money', depth-1)}",
                             f"({self.expr('number', depth-1)} - {self.expr('number', depth-1)})"])
        if typ == "count":
            if leaf:
                return r.choice(["3", "1", "1000000", r.choice(BY_TYPE["count"])])
            return r.choice([f"{self.expr('count', depth-1)} * {self.expr('count', depth-1)}",
                             f"years_between(d1, as_of)", "year(as_of)",
                             f"({self.expr('count', depth-1)} + {self.expr('count', depth-1)})"])
        if typ == "date":
            return r.choice(["d1", "as_of", "2024-02-29"])
        # bool
        if leaf:
            return r.choice(BY_TYPE["bool"] + ["true", 't1 == "徐汇"', 't1 != ""'])
        k = r.randrange(5)
        if k == 0:
            return f"({self.expr('bool', depth-1)} and {self.expr('bool', depth-1)})"
        if k == 1:
            return f"({self.expr('bool', depth-1)} or {self.expr('bool', depth-1)})"
        if k == 2:
            return f"not {self.expr('bool', depth-1)}"
        t = r.choice(["money", "percent", "number", "count", "date"])
        op = r.choice([">", ">=", "<", "<=", "==", "!="])
        return f"{self.expr(t, depth-1)} {op} {self.expr(t, depth-1)}"

    def amount(self):
        r = self.r
        k = r.randrange(5)
        if k == 0:
            return self.expr("money", 3)
        if k == 1:
            return f"{r.choice(['5%', '30%', '0.5%', '12.3456%'])} of {self.expr('money', 2)}"
        if k == 2:
            return f"10% to 30% of {self.expr('money', 2)}"
        if k == 3:
            cmp = lambda: r.choice([">", ">="])
            ths = sorted(r.sample([1, 500, 1000, 2000, 5000, 10000, 30000], 3))
            lines = " ".join(f"{cmp()} {t}万 -> {self.money_lit()}" for t in ths)
            top = f" topup {self.expr('money', 1)}" if r.random() < 0.5 else ""
            return f"ladder {self.expr('money', 1)}{top} {{ {lines} }}"
        return f"brackets {self.expr('money', 1)} {{ 0 -> 10% 30万 -> 50% 100万 -> 0.5% }}"

    def rule(self, i):
        r = self.r
        attrs = []
        if r.random() < 0.6:
            attrs.append(f"kind {r.choice(['k1', 'k2', 'k3'])}")
        if r.random() < 0.3:
            attrs.append("group g")
        s = r.random()
        if s < 0.2:
            attrs.append(f"per year for {r.randint(1, 5)} years")
        elif s < 0.3:
            attrs.append("paid 40% 30% 30%")
        elif s < 0.4:
            attrs.append(f"paid over {r.randint(2, 4)} years")
        awards = []
        for _ in range(r.randint(1, 3)):
            a = f"  award {self.amount()}"
            if r.random() < 0.5:
                a += f" cap {self.money_lit()}"
            if r.random() < 0.6:
                a += f" when {self.expr('bool', 3)}"
            awards.append(a)
        return f'rule r{i} "第{i}条" {" ".join(attrs)}\n' + "\n".join(awards) + "\n"

    def policy(self, name, first):
        r = self.r
        out = [f'policy {name} "{name}"']
        if r.random() < 0.7:
            out.append(f"  effective {r.choice(['2023-01-01', '2024-01-01'])} to "
                       f"{r.choice(['2024-12-31', '2025-06-30'])}")
        out.append("  family fam")
        out.append('import "inputs.pol"')
        if r.random() < 0.5:
            out.append(f'let l1 = {self.expr("money", 2)}')
        if r.random() < 0.6:
            out.append(f'eligible "总则" when {self.expr("bool", 2)}')
        for i in range(r.randint(2, 6)):
            out.append(self.rule(i))
        return "\n".join(out) + "\n"


def cell(r, typ):
    if r.random() < 0.08:
        return ""
    if typ == "money":
        return r.choice(["0", "0.01", "3333.33", "2000万", "1.5亿", "-100", "92233720368547758.07",
                         str(r.randint(0, 10**9)), f"{r.randint(0, 10**6)}.{r.randint(0, 99):02d}",
                         "50000000000000000"])
    if typ == "percent":
        return r.choice(["5%", "0.15", "100%", "0.0001%", "-3%", "12.5%"])
    if typ == "number":
        return r.choice(["0", "1.5", "0.000001", "-2", "1000000", "3"])
    if typ == "count":
        return r.choice(["0", "1", "3", "-1", "1000000"])
    if typ == "bool":
        return r.choice(["true", "false", "1", "0", "是", "否"])
    if typ == "date":
        return r.choice(["2024-02-29", "2020-01-01", "2025-06-30", "2023-12-31"])
    return r.choice(["徐汇", "", "普陀", "徐汇区"])


def main():
    seed, out = int(sys.argv[1]), sys.argv[2]
    r = random.Random(seed)
    g = Gen(r)
    with open(f"{out}/inputs.pol", "w") as f:
        f.write("input id: text \"id\"\n")
        defaults = {"bool": "false", "text": '""', "date": "2024-01-01"}
        for name, typ in INPUTS:
            f.write(f'input {name}: {typ} "{name}" default {defaults.get(typ, "0")}\n')
        f.write("kind k1 \"k1\"\nkind k2 \"k2\"\nkind k3 \"k3\"\n")
    for name, first in (("alpha", True), ("beta", False)):
        with open(f"{out}/{name}.pol", "w") as f:
            f.write(g.policy(name, first))
    with open(f"{out}/registry.csv", "w") as f:
        f.write("id,application_date," + ",".join(n for n, _ in INPUTS) + "\n")
        for i in range(300):
            date = r.choice(["", "2023-06-01", "2024-06-01", "2025-12-31"])
            f.write(f"R{i},{date}," + ",".join(cell(r, t) for _, t in INPUTS) + "\n")


if __name__ == "__main__":
    main()
