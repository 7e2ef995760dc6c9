--- flopcost.finance: capital recovery, WACC, depreciation and interest during construction, in
-- the C core (formulas and sources: csrc/core/fc_finance.h, csrc/core/fc_buildout.h).
local core = require("flopcost.core").finance

local M = {}
for k, v in pairs(core) do M[k] = v end

--- Capital recovery factor: the level annual payment that repays 1 unit of capital over `years`
-- at `rate`, CRF = r / (1 - (1 + r)^-n), 1/n at r = 0 (Short, Packey & Holt 1995, NREL/TP-462-5173,
-- equation 4-7; C: fc_finance_crf).
-- @function crf
-- @tparam number rate annual discount rate, > -1 [fraction per year]
-- @tparam number years recovery period, > 0 [years]
-- @treturn number the annual payment per unit of capital [1/year]
-- @raise "flopcost.finance.crf: argument 'years': positive number expected, got -1" (and for a rate
-- outside its domain)
-- @usage fc.finance.crf(0.08, 5)   --> 0.25046

--- Interest during construction: the interest on capital spent over the build, at `rate`, until
-- the plant runs (spent evenly, or along an S-curve; C: fc_buildout.h).
-- @function interest_during_construction
-- @tparam table opts the spending
-- @tparam number opts.capex_usd construction capital [USD]
-- @tparam number opts.months length of the build [months]
-- @tparam number opts.rate annual interest rate [fraction per year]
-- @tparam[opt="linear"] string opts.spend "linear" or "s-curve" [name]
-- @treturn number interest accrued by the end of construction [USD]
-- @raise "flopcost.finance.interest_during_construction: field 'spend': one of 'linear', 's-curve'
-- expected, got 'x'" (and for any field out of its domain)
-- @usage fc.finance.interest_during_construction{capex_usd = 1e9, months = 24, rate = 0.08}  --> 8.05e7

--- Weighted average cost of capital after tax, nominal and real: nominal = (1 - DF) RROE +
-- DF IR (1 - TR), real = (1 + nominal) / (1 + i) - 1 (NREL Annual Technology Baseline, SAM's
-- lcoefcr; C: fc_finance_wacc).
-- @function wacc
-- @tparam table opts the financing
-- @tparam number opts.debt_fraction share of debt, DF, in [0, 1] [fraction]
-- @tparam number opts.cost_of_debt interest rate on debt, IR [fraction per year]
-- @tparam number opts.cost_of_equity return on equity, RROE [fraction per year]
-- @tparam[opt=0] number opts.tax_rate corporate tax rate, TR, in [0, 1) [fraction]
-- @tparam[opt=0] number opts.inflation inflation rate, i [fraction per year]
-- @treturn table {nominal =, real =} [fraction per year]
-- @raise "flopcost.finance.wacc: field 'debt_fraction': number in [0, 1] expected, got 2" (and for an
-- unknown field)
-- @usage fc.finance.wacc{debt_fraction = 0.5, cost_of_debt = 0.06, cost_of_equity = 0.1, tax_rate = 0.21}.nominal
-- --> 0.0737

--- Depreciation schedule: the fraction of the purchase cost written off in each year: straight
-- line, declining balance (switching to straight line; IRS Publication 946, section 4), MACRS 5-year
-- (IRS Publication 946 Table A-1, half-year convention) or a price decline of d orders of magnitude per year
-- (10^(-d k) - 10^(-d (k+1))). C: fc_finance_depreciation.
-- @function depreciation
-- @tparam table opts the schedule
-- @tparam[opt="straight_line"] string opts.method "straight_line", "declining_balance", "macrs5" or
-- "price_decline" [name]
-- @tparam number opts.life_years depreciation life, in (0, 100] (straight line, declining balance) [years]
-- @tparam[opt=2] number opts.factor declining-balance factor (2 = double declining) [ratio]
-- @tparam[opt=0.14] number opts.decline_oom_per_year price decline [orders of magnitude per year]
-- @tparam[opt] integer opts.years length of the schedule, in [1, 100] (MACRS: 6) [years]
-- @treturn {number,...} the fraction written off in year 1, 2, ... [fraction of cost]
-- @raise "flopcost.finance.depreciation: field 'life_years': positive number expected, got -1" (and for any
-- field out of its domain)
-- @usage fc.finance.depreciation{method = "macrs5"}[2]  --> 0.32

--- Residual (book) value after `age_years` as a fraction of cost: 1 minus the accumulated
-- depreciation of the schedule (fc.finance.depreciation), linear within a year; for a price
-- decline the market value 10^(-d age). Never below 0. C: fc_finance_residual.
-- @function residual
-- @tparam table opts the schedule, as fc.finance.depreciation takes it (method, life_years, factor,
-- decline_oom_per_year)
-- @tparam number opts.age_years age of the asset, >= 0 [years]
-- @treturn number the remaining value [fraction of cost]
-- @raise "flopcost.finance.residual: field 'age_years': non-negative number expected, got -1"
-- @usage fc.finance.residual{method = "straight_line", life_years = 5, age_years = 2}  --> 0.6

--- Net present value of cash flows at the end of years 0, 1, ...: NPV = sum cf[t] / (1 + r)^t
-- (Brealey, Myers & Allen, chapter 2; C: fc_finance_npv).
-- @function npv
-- @tparam number rate discount rate, > -1 [fraction per year]
-- @tparam {number,...} flows the cash flows of years 0, 1, ... [currency]
-- @treturn number the net present value [currency of the flows]
-- @raise "flopcost.finance.npv: argument 'rate': number greater than -1 expected, got -2"
-- @usage fc.finance.npv(0.08, {-100, 60, 60})  --> 6.99588

--- Epoch AI's hourly amortization of hardware: the instantaneous loss of value of
-- price x 10^(-d t), price x d x ln(10) / 8766 per hour (Epoch AI cost_analysis_standalone.py;
-- C: fc_finance_epoch_hourly).
-- @function epoch_hourly
-- @tparam table opts the hardware
-- @tparam number opts.price_usd purchase price, >= 0 [USD]
-- @tparam[opt=0.14] number opts.decline_oom_per_year price decline [orders of magnitude per year]
-- @treturn number the amortization [USD per hour]
-- @raise "flopcost.finance.epoch_hourly: field 'price_usd': non-negative number expected, got -1"
-- @usage fc.finance.epoch_hourly{price_usd = 30000}  --> 1.10322

return M
