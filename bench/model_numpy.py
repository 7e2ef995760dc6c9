"""bench/model_numpy.py -- the benchmark's Monte Carlo with numpy, written to be as
fast as numpy allows (issue 24): the cost chain of csrc/core/fc_scenario.h for the
H100 scenario of bench/run.lua (the defaults of fc_compose.c's param_defaults, as
bench/cost_numpy.py spells them out), the same five input distributions, mean, sd
and np.quantile (type 7).

How: one Generator; the arrays allocated once per process and reused by every
run; draws written in place (standard_normal and random with out=; rng.beta and
rng.triangular have no out= parameter, and their in-place replacements, a gamma
ratio and the inverse CDF in numpy passes, measured slower: 0.121 s against
0.119 s); the chain with its constant factors folded (per sample: 11 in-place
ufunc passes, no temporary); sd from one np.dot; np.quantile with
overwrite_input=True (its partition, no copy). Same sample stream as the plain
version, so the same mean to 9 digits.

Prints "numpy <seconds> <mean> <sd> <p05> <p50> <p95>".  usage: model_numpy.py N [REPS]
With REPS > 1 the same computation runs REPS times in the process and the
line also ends with each run's seconds (the first pays for fresh pages, the
later ones reuse them, like repeated calls in one session); <seconds> is
then the best, and a second line "numpy_cpu <seconds>" gives the best CPU time
(time.process_time: without the waits of a loaded machine)."""
import math
import sys
import time

import numpy as np

from cost_numpy import HOURS, crf

# the constant factors of cost_numpy.usd_per_eflop's chain, folded once
S, NET, WACC, LIFE, MAINT, FAC_KW, GRID = 1.64, 0.19, 0.08, 5.0, 0.03, 11700.0, 0.35
K_CHIP = S / (1 - NET) * (crf(WACC, LIFE) + MAINT) / HOURS       # $/h per $ of chip price
K_FIX = FAC_KW * (700 * 1.82 / 1000) * crf(WACC, 20) / HOURS + 500 / HOURS  # facility + other opex
K_KWH = 1.82 / 1000                                               # kWh/h per board W per unit of PUE
C_CARB = (1 - 0.2) * GRID / 1000 * 50                             # carbon $ per kWh
K_USE = 1e18 / (989.5e12 * 0.9 * 0.95 * 3600)                     # per useful FLOP, / (MFU x util)


def once(n, w):
    rng = np.random.default_rng(1)
    z95 = 1.6448536269514722
    mu = 0.5 * (math.log(0.05) + math.log(0.12))
    sig = (math.log(0.12) - math.log(0.05)) / (2 * z95)
    pa, pb = 1 + 4 * 5000 / 15000, 1 + 4 * 10000 / 15000
    price, chip, util, mfu, pue, y = w
    t0, c0 = time.perf_counter(), time.process_time()
    rng.standard_normal(out=price)
    price *= sig
    price += mu
    np.exp(price, out=price)
    chip[:] = rng.beta(pa, pb, n)
    chip *= 15000
    chip += 25000
    rng.random(out=util)
    util *= 0.3
    util += 0.6
    mfu[:] = rng.triangular(0.3, 0.4, 0.5, n)
    pue[:] = rng.triangular(1.1, 1.2, 1.5, n)
    # (kWh/h x (price + carbon) + chip x K_CHIP + fixed) / (MFU x util) x K_USE
    np.multiply(util, 575.0, out=y)
    y += 125.0
    y *= pue
    y *= K_KWH
    price += C_CARB
    y *= price
    chip *= K_CHIP
    chip += K_FIX
    y += chip
    mfu *= util
    y /= mfu
    y *= K_USE
    mean = y.mean()
    np.subtract(y, mean, out=chip)
    sd = math.sqrt(np.dot(chip, chip) / (n - 1))
    q = np.quantile(y, [0.05, 0.5, 0.95], overwrite_input=True)
    t1, c1 = time.perf_counter(), time.process_time()
    return t1 - t0, mean, sd, q, c1 - c0


def main():
    n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 1000000
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    w = [np.empty(n) for _ in range(6)]
    runs = [once(n, w) for _ in range(max(reps, 1))]
    secs, mean, sd, q, _ = min(runs, key=lambda r: r[0])
    line = "numpy %.6f %.9g %.9g %.9g %.9g %.9g" % (secs, mean, sd, q[0], q[1], q[2])
    if reps > 1:
        line += " " + " ".join("%.6f" % r[0] for r in runs)
        line += "\nnumpy_cpu %.6f" % min(r[4] for r in runs)
    print(line)


if __name__ == "__main__":
    main()
