"""bench/sobol_numpy.py -- the Sobol benchmark's peer in numpy, written the way
SALib does it (SALib itself is not packaged for Debian): Saltelli's design with
independent random matrices A and B (N x 10) and AB_i, the vectorized cost
chain of cost_numpy.py evaluated on all N (k + 2) rows, Saltelli 2010 first-order
and Jansen total estimators on standardized outputs (SALib's sobol.analyze), and
95 % percentile intervals from 100 bootstrap resamples of the rows.
Prints "numpy_sobol <seconds> S1_1..S1_10 ST_1..ST_10".  usage: sobol_numpy.py N"""
import math
import sys
import time

import numpy as np

from cost_numpy import usd_per_eflop

Z95 = 1.6448536269514722


def draw(rng, n):
    """n rows of the 10 inputs, in bench/sobol.lua's order."""
    mu = 0.5 * (math.log(0.05) + math.log(0.12))
    sig = (math.log(0.12) - math.log(0.05)) / (2 * Z95)
    pa, pb = 1 + 4 * 5000 / 15000, 1 + 4 * 10000 / 15000
    return np.column_stack([
        np.exp(rng.normal(mu, sig, n)),            # electricity $/kWh
        25000 + 15000 * rng.beta(pa, pb, n),       # chip price
        rng.uniform(0.6, 0.9, n),                  # utilization
        rng.triangular(0.3, 0.4, 0.5, n),          # MFU
        rng.triangular(1.1, 1.2, 1.5, n),          # PUE
        rng.uniform(1.4, 1.9, n),                  # server multiple
        rng.uniform(0.10, 0.25, n),                # network fraction
        rng.uniform(0.05, 0.12, n),                # WACC
        rng.uniform(3.0, 6.0, n),                  # chip life, years
        rng.uniform(0.01, 0.05, n),                # maintenance fraction
    ])


def model(x):
    return usd_per_eflop(x[:, 0], x[:, 1], x[:, 2], x[:, 3], x[:, 4], server_multiple=x[:, 5],
                         network=x[:, 6], wacc=x[:, 7], life=x[:, 8], maintenance=x[:, 9])


def indices(ya, yb, yab):
    v = np.var(np.concatenate([ya, yb]))
    first = np.mean(yb[None, :] * (yab - ya[None, :]), axis=1) / v
    total = 0.5 * np.mean((ya[None, :] - yab) ** 2, axis=1) / v
    return first, total


def main():
    n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 100000
    rng = np.random.default_rng(1)
    t0 = time.perf_counter()
    a, b = draw(rng, n), draw(rng, n)
    k = a.shape[1]
    ya, yb = model(a), model(b)
    yab = np.empty((k, n))
    for i in range(k):
        ab = a.copy()
        ab[:, i] = b[:, i]
        yab[i] = model(ab)
    mean, sd = np.mean(np.concatenate([ya, yb])), np.std(np.concatenate([ya, yb]))
    ya, yb, yab = (ya - mean) / sd, (yb - mean) / sd, (yab - mean) / sd
    first, total = indices(ya, yb, yab)
    boot_f, boot_t = np.empty((100, k)), np.empty((100, k))
    for r in range(100):
        idx = rng.integers(0, n, n)
        boot_f[r], boot_t[r] = indices(ya[idx], yb[idx], yab[:, idx])
    np.percentile(boot_f, [2.5, 97.5], axis=0)
    np.percentile(boot_t, [2.5, 97.5], axis=0)
    t1 = time.perf_counter()
    print("numpy_sobol %.6f %s %s" % (t1 - t0, " ".join("%.4f" % x for x in first),
                                      " ".join("%.4f" % x for x in total)))


if __name__ == "__main__":
    main()
