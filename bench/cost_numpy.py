"""bench/cost_numpy.py -- the cost chain of csrc/core/fc_scenario.h in numpy, for the
benchmark peers (model_numpy.py, sobol_numpy.py): the H100 scenario of
bench/run.lua with the defaults of fc_compose.c (param_defaults); any argument may be an array."""
HOURS = 8766.0


def crf(r, n):
    return r / (1 - (1 + r) ** -n)


def usd_per_eflop(price, chip, util, mfu, pue, server_multiple=1.64, network=0.19, wacc=0.08,
                  life=5.0, maintenance=0.03, facility_usd_per_kw=11700.0, grid=0.35):
    cluster = chip * server_multiple / (1 - network)
    hw = cluster * crf(wacc, life) / HOURS
    fac = facility_usd_per_kw * (700 * 1.82 / 1000) * crf(wacc, 20) / HOURS
    kwh = (125 + (700 - 125) * util) * 1.82 * pue / 1000
    energy = kwh * price
    carbon = kwh * (1 - 0.2) * grid / 1000 * 50
    opex = (maintenance * cluster + 500) / HOURS
    useful = 989.5e12 * mfu * 0.9 * 0.95 * util * 3600
    return (hw + fac + energy + carbon + opex) / useful * 1e18
