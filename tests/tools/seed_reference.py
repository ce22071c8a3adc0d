#!/usr/bin/env python3
"""seed_reference.py - a second, independent implementation of the seed
policies' formula rules (shared/spec/registry.md), used to make the golden
files of tests/golden/eval/seed_formulas/.

It writes a deterministic random registry (registry.csv) whose figures sit
on and around every threshold (±0.01元), and the CSV that `polc eval` must
print for it (expected.csv), computed here with Python's Decimal, with no
code in common with polc.  Run it only to regenerate the golden files:

    python3 tests/tools/seed_reference.py tests/golden/eval/seed_formulas 400
"""
import csv
import datetime
import random
import sys
from decimal import Decimal, ROUND_HALF_UP

AS_OF = datetime.date(2024, 6, 1)          # the --as-of of the golden run
WAN = Decimal(10000)
YI = Decimal(100000000)


def fen(x):
    """Rounds yuan to the fen, half away from zero."""
    return Decimal(x).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def share(rate_percent, base):
    return fen(Decimal(rate_percent) / 100 * base)


def ladder(value, tiers, received):
    tier = Decimal(0)
    reached = False
    for threshold, amount in tiers:
        if value > threshold:
            tier, reached = amount, True
    if not reached:
        return Decimal(0)
    return max(Decimal(0), tier - received)


def in_force(day, start, end):
    return start <= day and (end is None or day <= end)


def xuhui_eligible(r):
    return (r["district"] == "徐汇" or r["activity_district"] == "徐汇") \
        and r["operating_normally"] and r["credit_good"]


XUHUI_TIERS = [(2 * YI, 100 * WAN), (10 * YI, 300 * WAN), (30 * YI, 500 * WAN)]
LINGANG_TIERS = [(500 * WAN, 20 * WAN), (1000 * WAN, 30 * WAN), (2000 * WAN, 50 * WAN),
                 (5000 * WAN, 100 * WAN), (1 * YI, 200 * WAN), (5 * YI, 500 * WAN),
                 (10 * YI, 800 * WAN), (50 * YI, 1200 * WAN)]
OVERSEAS_TIERS = [(500 * WAN, 10 * WAN), (1000 * WAN, 15 * WAN), (2000 * WAN, 25 * WAN),
                  (5000 * WAN, 50 * WAN)]


def xuhui_ai(r, day):
    names = ["settlement", "revenue_milestone", "eda", "compute", "procurement"]
    # 第六条（四）: an applicant still under the former policy is not handled
    # under this one (the column is absent from this registry: false)
    if not in_force(day, datetime.date(2022, 10, 16), datetime.date(2025, 12, 31)) \
            or not xuhui_eligible(r) or r.get("under_former_policy", False):
        return {n: Decimal(0) for n in names}
    out = {}
    ok = r["newly_settled"] and r["ai_aligned"] and r["paid_in_capital"] >= 2000 * WAN
    out["settlement"] = min(share(5, r["paid_in_capital"]), 500 * WAN) if ok else Decimal(0)
    ok = r["revenue_growth_2y"] >= Decimal("0.15") or r["rd_ratio"] >= Decimal("0.05")
    out["revenue_milestone"] = ladder(r["annual_revenue"], XUHUI_TIERS,
                                      r["milestone_awarded"]) if ok else Decimal(0)
    out["eda"] = min(share(50, r["eda_spend"]), 200 * WAN)
    out["compute"] = min(share(30, r["compute_spend"]), 500 * WAN)
    out["procurement"] = min(share(10, r["unrelated_procurement"]), 300 * WAN)
    return out


def xuhui_llm(r, day):
    names = ["compute", "revenue_milestone"]
    if not in_force(day, datetime.date(2023, 12, 16), None) or not xuhui_eligible(r) \
            or not r["llm_enterprise"]:
        return {n: Decimal(0) for n in names}
    return {
        "compute": min(share(30, r["compute_spend"]), 1000 * WAN),
        "revenue_milestone": ladder(r["annual_revenue"], XUHUI_TIERS, r["milestone_awarded"]),
    }


def lingang(r, day):
    names = ["telecom", "revenue_milestone", "overseas_milestone", "settlement",
             "fund_investment"]
    if not in_force(day, datetime.date(2020, 10, 15), datetime.date(2023, 8, 31)) or not (
            r["district"] == r["operating_district"] == r["tax_district"] == "临港"):
        return {n: Decimal(0) for n in names}
    fees = r["telecom_fees"]
    low = min(fees, 30 * WAN) * Decimal("0.10")
    high = max(fees - 30 * WAN, Decimal(0)) * Decimal("0.50")
    settled = r["newly_settled"]
    return {
        "telecom": min(fen(low + high), 100 * WAN),
        "revenue_milestone": ladder(r["annual_revenue"], LINGANG_TIERS, r["milestone_awarded"]),
        "overseas_milestone": ladder(r["overseas_revenue"], OVERSEAS_TIERS,
                                     r["overseas_milestone_awarded"]),
        "settlement": min(share(5, r["paid_in_capital"]), 500 * WAN)
        if settled and r["paid_in_capital"] >= 2000 * WAN else Decimal(0),
        "fund_investment": min(share(10, r["fund_investment"]), 800 * WAN)
        if settled else Decimal(0),
    }


def putuo(r, day):
    names = ["rent", "office_purchase", "rd_project", "compute"]
    if not in_force(day, datetime.date(2025, 1, 1), datetime.date(2026, 12, 31)) or not (
            r["district"] == "普陀" and r["credit_good"] and not r["serious_dishonesty_3y"]
            and r["software_aligned"]):
        return {n: Decimal(0) for n in names}
    settled = r["newly_settled"]
    return {
        "rent": min(r["rent_cost"], 100 * WAN) * 3 if settled else Decimal(0),
        "office_purchase": min(share(2, r["office_purchase_price"]), 300 * WAN)
        if settled else Decimal(0),
        "rd_project": min(share(50, r["rd_project_investment"]), 300 * WAN),
        "compute": min(share(30, r["compute_spend"]), 500 * WAN),
    }


def stack(ai, llm):
    """从高不重复 between the two xuhui policies: the larger of each kind
    they share is paid, ties to xuhui_ai_2022 (given first)."""
    for kind in ("compute", "revenue_milestone"):
        if llm[kind] > ai[kind]:
            ai[kind] = Decimal(0)
        elif llm[kind] > 0:
            llm[kind] = Decimal(0)


# --- the registry -------------------------------------------------------------

MONEY_POINTS = [0, 2000 * WAN, 2 * YI, 10 * YI, 30 * YI, 500 * WAN, 1000 * WAN, 5000 * WAN,
                1 * YI, 5 * YI, 50 * YI, 30 * WAN, 100 * WAN, 1000 * WAN, 3333.33, 10000 * WAN]


def money(rng):
    base = Decimal(str(rng.choice(MONEY_POINTS)))
    shape = rng.random()
    if shape < 0.3:
        return base
    if shape < 0.5:
        return base + Decimal("0.01")
    if shape < 0.65 and base > 0:
        return base - Decimal("0.01")
    return fen(Decimal(rng.randint(0, 4 * 10**11)) / 100)


def money_text(rng, v):
    """Writes a money cell in one of the registry's syntaxes."""
    if v % WAN == 0 and rng.random() < 0.3:
        return f"{v / WAN:f}万".replace(".0万", "万") if v % WAN == 0 else str(v)
    return f"{v:f}"


def row(rng, i):
    district = rng.choice(["徐汇", "徐汇", "临港", "普陀", "闵行"])
    r = {
        "id": f"APP{i:05d}",
        "district": district,
        "activity_district": rng.choice(["徐汇", "", district]),
        "operating_district": rng.choice([district, "临港", ""]),
        "tax_district": rng.choice([district, "临港"]),
        "operating_normally": rng.random() < 0.9,
        "credit_good": rng.random() < 0.9,
        "serious_dishonesty_3y": rng.random() < 0.1,
        "newly_settled": rng.random() < 0.5,
        "ai_aligned": rng.random() < 0.6,
        "llm_enterprise": rng.random() < 0.4,
        "software_aligned": rng.random() < 0.6,
        "revenue_growth_2y": Decimal(rng.choice(["0", "10", "15", "14.99", "30"])) / 100,
        "rd_ratio": Decimal(rng.choice(["0", "4", "5", "4.99", "8"])) / 100,
        "application_date": rng.choice(["", "2022-10-15", "2022-10-16", "2023-08-31",
                                         "2023-09-01", "2023-12-15", "2023-12-16",
                                         "2025-01-01", "2025-12-31", "2026-12-31",
                                         "2027-01-01"]),
    }
    for col in ("paid_in_capital", "annual_revenue", "milestone_awarded", "overseas_revenue",
                "overseas_milestone_awarded", "eda_spend", "compute_spend",
                "unrelated_procurement", "telecom_fees", "fund_investment", "rent_cost",
                "office_purchase_price", "rd_project_investment"):
        r[col] = money(rng) if rng.random() < 0.7 else Decimal(0)
    r["milestone_awarded"] = rng.choice([Decimal(0), 100 * WAN, 20 * WAN])
    r["overseas_milestone_awarded"] = rng.choice([Decimal(0), 10 * WAN])
    return r


COLUMNS = ["id", "district", "activity_district", "operating_district", "tax_district",
           "operating_normally", "credit_good", "serious_dishonesty_3y", "newly_settled",
           "ai_aligned", "llm_enterprise", "software_aligned", "revenue_growth_2y",
           "rd_ratio", "application_date", "paid_in_capital", "annual_revenue",
           "milestone_awarded", "overseas_revenue", "overseas_milestone_awarded",
           "eda_spend", "compute_spend", "unrelated_procurement", "telecom_fees",
           "fund_investment", "rent_cost", "office_purchase_price", "rd_project_investment"]


def cell(rng, name, v):
    if isinstance(v, bool):
        return rng.choice(["true", "1", "是", "Y"] if v else ["false", "0", "否", "n"])
    if name in ("revenue_growth_2y", "rd_ratio"):
        return f"{v * 100:f}%" if rng.random() < 0.5 else f"{v:f}"
    if isinstance(v, Decimal):
        return money_text(rng, v)
    return v


def main():
    out_dir, n = sys.argv[1], int(sys.argv[2])
    rng = random.Random(20261122)
    rows = [row(rng, i) for i in range(n)]
    with open(f"{out_dir}/registry.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow([cell(rng, c, r[c]) for c in COLUMNS])
    policies = [("xuhui_ai_2022", xuhui_ai), ("xuhui_llm_2023", xuhui_llm),
                ("lingang_ai_2020", lingang), ("putuo_software_2024", putuo)]
    order = {"xuhui_ai_2022": ["settlement", "revenue_milestone", "eda", "compute",
                               "procurement"],
             "xuhui_llm_2023": ["compute", "revenue_milestone"],
             "lingang_ai_2020": ["telecom", "revenue_milestone", "overseas_milestone",
                                 "settlement", "fund_investment"],
             "putuo_software_2024": ["rent", "office_purchase", "rd_project", "compute"]}
    with open(f"{out_dir}/expected.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "total"] + [f"{p}.{r}" for p, _ in policies for r in order[p]])
        for r in rows:
            day = datetime.date.fromisoformat(r["application_date"]) \
                if r["application_date"] else AS_OF
            results = {p: fn(r, day) for p, fn in policies}
            stack(results["xuhui_ai_2022"], results["xuhui_llm_2023"])
            amounts = [results[p][x] for p, _ in policies for x in order[p]]
            w.writerow([r["id"], f"{sum(amounts):.2f}"] + [f"{a:.2f}" for a in amounts])


if __name__ == "__main__":
    main()
