--- flopcost.finance: capital recovery, WACC, depreciation and interest during construction, in
-- the C core (formulas and sources: csrc/core/fc_finance.h, csrc/core/fc_buildout.h).
local core = require("flopcost.core").finance

local M = {}
for k, v in pairs(core) do M[k] = v end

--- Capital recovery factor: the level annual payment that repays 1 unit of capital over `years`
-- at `rate`, CRF = r / (1 - (1 + r)^-n), 1/n at r = 0 (Short, Packey & Holt 1995, NREL/TP-462-5173,
-- eq. 4-7; C: fc_finance_crf).
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

return M
