#!/usr/bin/env python3
"""Dated rentals for models/chips.json from Epoch AI's public price table.

usage: tools/epoch_rentals.py "Hardware prices.csv" COMMIT models/chips.json

Reads Epoch AI's training-cost-trends data/Hardware prices.csv (the columns
'Price per chip-hour (on-demand)', '(1-year CUD)', '(3-year CUD)') and writes
each catalog chip's US rentals as dated observations with a term and a
provider tier; the listings of one provider, date and term are collapsed to
their median (the note gives the count and range). Rentals of other markets
(e.g. China, in CNY) already in the catalog are kept. The file is rewritten
in place (json indent 1, as the catalog is kept).
"""
import csv
import json
import statistics
import sys

CHIPS = {  # catalog name -> Epoch 'Hardware model' rows (Epoch's own soft matches)
    "V100-SXM2": ["NVIDIA V100", "NVIDIA Tesla V100 DGXS 16 GB", "NVIDIA Tesla V100 DGXS 32 GB",
                  "NVIDIA Tesla V100 SXM2 16 GB", "NVIDIA Tesla V100 SXM2 32 GB"],
    "A100-SXM": ["NVIDIA A100", "NVIDIA A100 SXM4 40 GB", "NVIDIA A100 SXM4 80 GB"],
    "H100-SXM": ["NVIDIA H100", "NVIDIA H100 SXM5 80GB"],
    "H100-PCIe": ["NVIDIA H100 PCIe"],
    "H800-SXM": ["NVIDIA H800 SXM5"],
    "H200": ["NVIDIA H200 SXM"],
    "TPU-v4": ["Google TPU v4"],
}
TIERS = {
    "hyperscaler": {"Amazon Web Services", "Microsoft Azure", "Google Cloud", "Oracle Cloud"},
    "marketplace": {"vast.ai", "Salad"},
}  # every other provider: neocloud
TERMS = [("on_demand", "Price per chip-hour (on-demand)"), ("1y", "Price per chip-hour (1-year CUD)"),
         ("3y", "Price per chip-hour (3-year CUD)")]


def tier_of(vendor):
    for tier, names in TIERS.items():
        if vendor in names:
            return tier
    return "neocloud"


def main(csv_path, commit, chips_path):
    rows = list(csv.DictReader(open(csv_path, encoding="utf-8-sig")))
    doc = json.load(open(chips_path, encoding="utf-8"))
    for chip in doc["chips"]:
        models = CHIPS.get(chip["name"])
        if not models:
            continue
        groups = {}
        for r in rows:
            if r["Hardware model"] not in models or not r["Vendor"]:
                continue
            for term, col in TERMS:
                if r[col].strip():
                    key = (r["Price date"], r["Vendor"], term)
                    groups.setdefault(key, []).append((float(r[col]), r["Price source"]))
        out = [o for o in chip.get("rentals", []) if o.get("market", "us") != "us"]
        for (date, vendor, term), vals in sorted(groups.items()):
            prices = [v for v, _ in vals]
            o = {"date": date, "value": round(statistics.median(prices), 4), "term": term,
                 "tier": tier_of(vendor), "provider": vendor, "market": "us",
                 "source": "Epoch AI training-cost-trends, data/Hardware prices.csv (commit %s) [E] (%s)"
                           % (commit, vals[0][1])}
            if len(prices) > 1:
                o["note"] = "median of %d listings (%.2f-%.2f)" % (len(prices), min(prices), max(prices))
            out.append(o)
        chip["rentals"] = out
    with open(chips_path, "w", encoding="utf-8") as f:
        f.write(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:4])
