#!/usr/bin/env python3
"""check_regions.py -- validate models/{regions,processes,packaging,fx}.json against
CATALOG_SCHEMA.md (flopcost catalog schema, version 1) and print each region's
electricity price converted to USD/kWh with the latest FX rate.

Usage: python3 tools/check_regions.py [models_dir]      (default: models/ next to tools/)
Exit status: 0 if every check passes, 1 otherwise.  Standard library only.

Checks (schema section in brackets):
  * top level: "schema" string equal to flopcost.<kind>/1, "as_of" ISO date, the entry array(s)
  * every entry: unique ASCII "name" without spaces, non-empty "source", ISO "as_of"
  * required fields per kind, and types (strings, integers, booleans, numbers)
  * figures: a plain finite number, or an object with numeric "value", string "source",
    ISO "as_of", optional boolean "uncertain", optional "range" [low, high] with
    low <= value <= high, optional string "note"; "uncertain": true requires a "range"
  * regions: destination in {us, china, allied, other}; ISO 4217 currency that fx.json
    can convert; chip_price_premium maps names to figures
  * fx: per_usd > 0, ISO date, source present
"""
import json
import math
import os
import re
import sys

DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
NAME_RE = re.compile(r"^[\x21-\x7e]+$")          # printable ASCII, no spaces
DESTINATIONS = {"us", "china", "allied", "other"}


class Checker:
    def __init__(self):
        self.errors = []

    def err(self, where, msg):
        self.errors.append("%s: %s" % (where, msg))

    # -- primitives -------------------------------------------------------------
    def is_num(self, v):
        return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)

    def date(self, where, v):
        if not isinstance(v, str) or not DATE_RE.match(v):
            self.err(where, "ISO date (YYYY, YYYY-MM or YYYY-MM-DD) expected, got %r" % (v,))

    def text(self, where, v):
        if not isinstance(v, str) or not v.strip():
            self.err(where, "non-empty string expected, got %r" % (v,))

    def figure(self, where, v, positive=False, unit_interval=False):
        """Validate a figure; return its value (or None)."""
        if self.is_num(v):
            val = float(v)
        elif isinstance(v, dict):
            allowed = {"value", "source", "as_of", "uncertain", "range", "note"}
            for k in v:
                if k not in allowed:
                    self.err(where, "unknown figure field '%s'" % k)
            if "value" not in v or not self.is_num(v["value"]):
                self.err(where, "figure object needs a numeric 'value'")
                return None
            val = float(v["value"])
            self.text(where + ".source", v.get("source"))
            self.date(where + ".as_of", v.get("as_of"))
            unc = v.get("uncertain", False)
            if not isinstance(unc, bool):
                self.err(where + ".uncertain", "boolean expected")
            if "range" in v:
                r = v["range"]
                if (not isinstance(r, list) or len(r) != 2
                        or not all(self.is_num(x) for x in r)):
                    self.err(where + ".range", "[low, high] of two numbers expected, got %r" % (r,))
                elif not (r[0] <= val <= r[1]):
                    self.err(where + ".range", "need low <= value <= high, got %r with value %r" % (r, val))
            elif unc is True:
                self.err(where, "uncertain figure without a 'range'")
            if "note" in v and not isinstance(v["note"], str):
                self.err(where + ".note", "string expected")
        else:
            self.err(where, "number or figure object expected, got %r" % (v,))
            return None
        if positive and not val > 0:
            self.err(where, "positive value expected, got %r" % val)
        if unit_interval and not (0 <= val <= 1):
            self.err(where, "value in [0, 1] expected, got %r" % val)
        if not positive and val < 0:
            self.err(where, "non-negative value expected, got %r" % val)
        return val

    # -- files -----------------------------------------------------------------
    def load(self, path):
        try:
            with open(path, encoding="utf-8") as f:
                return json.load(f)
        except (OSError, ValueError) as e:
            self.err(path, "cannot load: %s" % e)
            return None

    def header(self, fname, doc, kind, arrays):
        if not isinstance(doc, dict):
            self.err(fname, "top level must be an object")
            return False
        if doc.get("schema") != "flopcost.%s/1" % kind:
            self.err(fname, "schema 'flopcost.%s/1' expected, got %r" % (kind, doc.get("schema")))
        self.date(fname + ".as_of", doc.get("as_of"))
        ok = True
        for a in arrays:
            if not isinstance(doc.get(a), list) or not doc.get(a):
                self.err(fname, "non-empty array '%s' expected" % a)
                ok = False
        return ok

    def entries(self, fname, arr, required, seen=None):
        seen = set() if seen is None else seen
        for i, e in enumerate(arr):
            where = "%s[%d]" % (fname, i)
            if not isinstance(e, dict):
                self.err(where, "object expected")
                continue
            name = e.get("name")
            if not isinstance(name, str) or not NAME_RE.match(name):
                self.err(where + ".name", "ASCII name without spaces expected, got %r" % (name,))
            elif name in seen:
                self.err(where + ".name", "duplicate name %r" % name)
            else:
                seen.add(name)
                where = "%s[%s]" % (fname, name)
            for k in required:
                if k not in e:
                    self.err(where, "missing required field '%s'" % k)
            self.text(where + ".source", e.get("source"))
            self.date(where + ".as_of", e.get("as_of"))
            yield where, e

    def regions(self, doc, fx_currencies):
        f = "regions.json"
        if not self.header(f, doc, "regions", ["regions"]):
            return
        req = ["name", "country", "destination", "currency", "electricity_price_per_kwh", "source", "as_of"]
        for w, e in self.entries(f, doc["regions"], req):
            if "label" in e:
                self.text(w + ".label", e["label"])
            c = e.get("country")
            if not (isinstance(c, str) and re.match(r"^[A-Z]{2}$", c)):
                self.err(w + ".country", "ISO 3166 alpha-2 expected, got %r" % (c,))
            if e.get("destination") not in DESTINATIONS:
                self.err(w + ".destination", "one of %s expected, got %r" % (sorted(DESTINATIONS), e.get("destination")))
            cur = e.get("currency")
            if not (isinstance(cur, str) and re.match(r"^[A-Z]{3}$", cur)):
                self.err(w + ".currency", "ISO 4217 code expected, got %r" % (cur,))
            elif cur != "USD" and cur not in fx_currencies:
                self.err(w + ".currency", "no fx.json rate for %s" % cur)
            self.figure(w + ".electricity_price_per_kwh", e.get("electricity_price_per_kwh"), positive=True)
            for k, kw in (("grid_kg_co2_per_kwh", {}), ("pue", {"positive": True}),
                          ("facility_usd_per_kw", {"positive": True}), ("wacc", {"unit_interval": True}),
                          ("green_share", {"unit_interval": True}), ("carbon_usd_per_t", {})):
                if k in e:
                    v = self.figure(w + "." + k, e[k], **kw)
                    if k == "pue" and v is not None and v < 1:
                        self.err(w + ".pue", "PUE >= 1 expected, got %r" % v)
            if "chip_price_premium" in e:
                p = e["chip_price_premium"]
                if not isinstance(p, dict) or not p:
                    self.err(w + ".chip_price_premium", "non-empty object expected")
                else:
                    for chip, v in p.items():
                        self.figure("%s.chip_price_premium[%s]" % (w, chip), v)
            known = set(req) | {"label", "grid_kg_co2_per_kwh", "pue", "facility_usd_per_kw", "wacc",
                                "green_share", "carbon_usd_per_t", "chip_price_premium"}
            for k in e:
                if k not in known:
                    self.err(w, "unknown field '%s'" % k)

    def processes(self, doc):
        f = "processes.json"
        if not self.header(f, doc, "processes", ["processes"]):
            return
        req = ["name", "foundry", "wafer_cost_usd", "defect_density_per_cm2", "source", "as_of"]
        for w, e in self.entries(f, doc["processes"], req):
            self.text(w + ".foundry", e.get("foundry"))
            if "node_nm" in e and not self.is_num(e["node_nm"]):
                self.err(w + ".node_nm", "number expected")
            if "euv" in e and not isinstance(e["euv"], bool):
                self.err(w + ".euv", "boolean expected")
            if "wafer_diameter_mm" in e and e["wafer_diameter_mm"] not in (200, 300, 450):
                self.err(w + ".wafer_diameter_mm", "200, 300 or 450 expected")
            self.figure(w + ".wafer_cost_usd", e.get("wafer_cost_usd"), positive=True)
            self.figure(w + ".defect_density_per_cm2", e.get("defect_density_per_cm2"), positive=True)
            for k in ("alpha",):
                if k in e:
                    self.figure(w + "." + k, e[k], positive=True)
            for k in ("edge_exclusion_mm", "scribe_mm"):
                if k in e:
                    self.figure(w + "." + k, e[k])

    def packaging(self, doc):
        f = "packaging.json"
        if not self.header(f, doc, "packaging", ["packaging", "hbm"]):
            return
        req = ["name", "type", "defect_density_per_cm2", "alpha", "bonding_yield", "cost_usd", "source", "as_of"]
        seen = set()
        for w, e in self.entries(f + ".packaging", doc["packaging"], req, seen):
            self.text(w + ".type", e.get("type"))
            self.figure(w + ".defect_density_per_cm2", e.get("defect_density_per_cm2"))
            self.figure(w + ".alpha", e.get("alpha"), positive=True)
            self.figure(w + ".bonding_yield", e.get("bonding_yield"), positive=True, unit_interval=True)
            self.figure(w + ".cost_usd", e.get("cost_usd"), positive=True)
            if "interposer_cost_usd_per_mm2" in e:
                self.figure(w + ".interposer_cost_usd_per_mm2", e["interposer_cost_usd_per_mm2"])
        req = ["name", "gb_per_stack", "cost_usd_per_gb", "stack_yield", "source", "as_of"]
        for w, e in self.entries(f + ".hbm", doc["hbm"], req, seen):
            self.figure(w + ".gb_per_stack", e.get("gb_per_stack"), positive=True)
            self.figure(w + ".cost_usd_per_gb", e.get("cost_usd_per_gb"), positive=True)
            self.figure(w + ".stack_yield", e.get("stack_yield"), positive=True, unit_interval=True)

    def fx(self, doc):
        """Return {currency: (date, per_usd)} of the latest rate per currency."""
        f = "fx.json"
        latest = {}
        if not self.header(f, doc, "fx", ["rates"]):
            return latest
        if doc.get("base") != "USD":
            self.err(f + ".base", "'USD' expected")
        seen = set()
        for i, r in enumerate(doc["rates"]):
            w = "%s.rates[%d]" % (f, i)
            if not isinstance(r, dict):
                self.err(w, "object expected")
                continue
            cur, d, v = r.get("currency"), r.get("date"), r.get("per_usd")
            if not (isinstance(cur, str) and re.match(r"^[A-Z]{3}$", cur)):
                self.err(w + ".currency", "ISO 4217 code expected, got %r" % (cur,))
                continue
            self.date(w + ".date", d)
            self.text(w + ".source", r.get("source"))
            if not self.is_num(v) or v <= 0:
                self.err(w + ".per_usd", "positive number expected, got %r" % (v,))
                continue
            if (cur, d) in seen:
                self.err(w, "duplicate rate for %s on %s" % (cur, d))
            seen.add((cur, d))
            if isinstance(d, str) and (cur not in latest or d > latest[cur][0]):
                latest[cur] = (d, float(v))
        return latest


def value_of(fig):
    return float(fig["value"]) if isinstance(fig, dict) else float(fig)


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    mdir = argv[1] if len(argv) > 1 else os.path.join(here, "..", "models")
    c = Checker()
    docs = {k: c.load(os.path.join(mdir, k + ".json")) for k in ("fx", "regions", "processes", "packaging")}
    latest = c.fx(docs["fx"]) if docs["fx"] is not None else {}
    if docs["regions"] is not None:
        c.regions(docs["regions"], latest)
    if docs["processes"] is not None:
        c.processes(docs["processes"])
    if docs["packaging"] is not None:
        c.packaging(docs["packaging"])

    if docs["regions"] is not None and isinstance(docs["regions"].get("regions"), list):
        print("| region | local price/kWh | FX (per USD, date) | USD/kWh |")
        print("|---|---|---|---|")
        for e in docs["regions"]["regions"]:
            try:
                v = value_of(e["electricity_price_per_kwh"])
                cur = e["currency"]
                rate, d = (1.0, "-") if cur == "USD" else (latest[cur][1], latest[cur][0])
                rng = e["electricity_price_per_kwh"].get("range") if isinstance(e["electricity_price_per_kwh"], dict) else None
                usd = "%.4f" % (v / rate)
                if rng:
                    usd += " (%.4f-%.4f)" % (rng[0] / rate, rng[1] / rate)
                print("| %s | %g %s | %g (%s) | %s |" % (e["name"], v, cur, rate, d, usd))
            except (KeyError, TypeError, ValueError):
                print("| %s | (invalid) | | |" % e.get("name"))
    if c.errors:
        print("\n%d error(s):" % len(c.errors))
        for m in c.errors:
            print("  " + m)
        return 1
    n = sum(len(docs[k].get(a, [])) for k, a in (("regions", "regions"), ("processes", "processes"),
                                                   ("packaging", "packaging"), ("packaging", "hbm"), ("fx", "rates")))
    print("\nOK: 4 files, %d entries valid" % n)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
