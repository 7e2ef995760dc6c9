"""bench/model_numpy.py -- the benchmark's Monte Carlo with numpy (vectorized):
the cost chain of csrc/core/fc_scenario.h with the defaults of the defaults of fc_compose.c (param_defaults),
the same five input distributions, mean, sd and np.quantile (type 7).
Prints "numpy <seconds> <mean> <sd> <p05> <p50> <p95>".  usage: model_numpy.py N [REPS]
With REPS > 1 the same computation runs REPS times in the process and the
line also ends with each run's seconds (the first pays for fresh pages, the
later ones reuse the heap, like repeated calls in one session); <seconds> is
then the best, and a second line "numpy_cpu <seconds>" gives the best CPU time
(time.process_time: without the waits of a loaded machine)."""
import math
import sys
import time

import numpy as np

from cost_numpy import usd_per_eflop


def once(n):
    rng = np.random.default_rng(1)
    z95 = 1.6448536269514722
    mu = 0.5 * (math.log(0.05) + math.log(0.12))
    sig = (math.log(0.12) - math.log(0.05)) / (2 * z95)
    pa, pb = 1 + 4 * 5000 / 15000, 1 + 4 * 10000 / 15000
    t0, c0 = time.perf_counter(), time.process_time()
    price = np.exp(rng.normal(mu, sig, n))
    chip = 25000 + 15000 * rng.beta(pa, pb, n)
    util = rng.uniform(0.6, 0.9, n)
    mfu = rng.triangular(0.3, 0.4, 0.5, n)
    pue = rng.triangular(1.1, 1.2, 1.5, n)
    y = usd_per_eflop(price, chip, util, mfu, pue)
    mean, sd = y.mean(), y.std(ddof=1)
    q = np.quantile(y, [0.05, 0.5, 0.95])
    t1, c1 = time.perf_counter(), time.process_time()
    return t1 - t0, mean, sd, q, c1 - c0


def main():
    n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 1000000
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    runs = [once(n) for _ in range(max(reps, 1))]
    secs, mean, sd, q, _ = min(runs, key=lambda r: r[0])
    line = "numpy %.6f %.9g %.9g %.9g %.9g %.9g" % (secs, mean, sd, q[0], q[1], q[2])
    if reps > 1:
        line += " " + " ".join("%.6f" % r[0] for r in runs)
        line += "\nnumpy_cpu %.6f" % min(r[4] for r in runs)
    print(line)


if __name__ == "__main__":
    main()
