--- flopcost.training: training compute, accelerator-hours and wall-clock days, in the C core
-- (formulas and sources: csrc/core/fc_training.h).
local core = require("flopcost.core").training

local M = {}
for k, v in pairs(core) do M[k] = v end

--- Training FLOP, C = 6 N D (N parameters active per token, D tokens; Kaplan et al. 2020,
-- arXiv 2001.08361, sec. 2.1), plus an optional attention term 6 n_layer n_ctx d_attn D
-- (C: fc_training_flops).
-- @function flops
-- @tparam table opts the model and its data
-- @tparam number opts.params parameters [count]
-- @tparam[opt=params] number opts.active_params parameters active per token, MoE [count]
-- @tparam number opts.tokens training tokens [count]
-- @tparam[opt=0] number opts.n_layer layers, for the attention term [count]
-- @tparam[opt=0] number opts.n_ctx context length, for the attention term [tokens]
-- @tparam[opt=0] number opts.d_attn attention width, for the attention term [dimensionless]
-- @treturn number training compute [FLOP]
-- @raise "flopcost.training.flops: field 'tokens': positive number expected, got nil" (and for
-- active_params above params)
-- @usage fc.training.flops{params = 405e9, tokens = 15.6e12}   --> 3.7908e25

--- Accelerator-hours to do `flops` at peak x MFU x scaling x goodput: hours = flops / (peak x MFU x
-- scaling x goodput x 3600) (MFU: Chowdhery et al. 2022, arXiv 2204.02311; C: fc_training_chip_hours).
-- @function chip_hours
-- @tparam table opts the work and the chip
-- @tparam number opts.flops training compute [FLOP]
-- @tparam number opts.peak_flops_per_s dense peak of one accelerator [FLOP/s]
-- @tparam number opts.mfu model FLOP utilization, in (0, 1] [fraction]
-- @tparam[opt=1] number opts.scaling_efficiency cluster scaling, in (0, 1] [fraction]
-- @tparam[opt=1] number opts.goodput share of time not lost to failures, in (0, 1] [fraction]
-- @treturn number accelerator-hours [h]
-- @raise "flopcost.training.chip_hours: field 'mfu': number in (0, 1] expected, got 1.4"
-- @usage fc.training.chip_hours{flops = 3.8e25, peak_flops_per_s = 989.5e12, mfu = 0.4}  --> 2.667e7

return M
