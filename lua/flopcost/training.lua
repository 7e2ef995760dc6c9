--- flopcost.training: training compute, accelerator-hours and wall-clock days, in the C core
-- (formulas and sources: csrc/core/fc_training.h).
local core = require("flopcost.core").training

local M = {}
for k, v in pairs(core) do M[k] = v end

--- Training FLOP, C = 6 N D (N parameters active per token, D tokens; Kaplan and others
-- 2020, arXiv 2001.08361, section 2.1), plus an optional attention term 6 n_layer n_ctx d_attn D
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
-- scaling x goodput x 3600) (MFU: Chowdhery and others 2022, arXiv 2204.02311; C: fc_training_chip_hours).
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

--- Wall-clock days of a training job: chip-hours (as fc.training.chip_hours computes them) spread
-- over `chips` accelerators (C: fc_training_days).
-- @function days
-- @tparam table opts the job, as fc.training.chip_hours takes it (flops, peak_flops_per_s, mfu,
-- scaling_efficiency, goodput)
-- @tparam number opts.chips accelerators running the job, > 0 [count]
-- @treturn number the job's length [days]
-- @raise "flopcost.training.days: field 'chips': positive number expected, got 0"
-- @usage fc.training.days{flops = 1e25, peak_flops_per_s = 989e12, mfu = 0.4, chips = 10000}  --> 29.257

--- Model FLOP utilization achieved by a run: flops / (chip_hours x 3600 x peak) (C: fc_training_mfu).
-- @function mfu
-- @tparam table opts the run
-- @tparam number opts.flops training compute [FLOP]
-- @tparam number opts.chip_hours accelerator-hours used [h]
-- @tparam number opts.peak_flops_per_s dense peak per accelerator [FLOP/s]
-- @treturn number the utilization [fraction]
-- @raise "flopcost.training.mfu: field 'chip_hours': positive number expected, got 0"
-- @usage fc.training.mfu{flops = 1e25, chip_hours = 7e6, peak_flops_per_s = 989e12}  --> 0.40124

--- Scaling efficiency of data-, tensor- and pipeline-parallel training over a cluster: the compute
-- time of a step over compute plus the communication left exposed (ring all-reduce over the node and
-- network links; C: fc_training_scaling, defaults and sources in fc_training.c); or, with `table`, the
-- efficiency read off measured {chips, efficiency} points (log-linear interpolation).
-- @function scaling
-- @tparam table opts the cluster and the model
-- @tparam number opts.chips accelerators, > 0 [count]
-- @tparam number opts.peak_flops_per_s dense peak per accelerator [FLOP/s]
-- @tparam number opts.mfu utilization within a chip, in (0, 1) [fraction]
-- @tparam number opts.intra_node_gbs link bandwidth inside a node [GB/s]
-- @tparam number opts.inter_node_gbs network bandwidth per accelerator [GB/s]
-- @tparam number opts.params model parameters [count]
-- @tparam number opts.tokens_per_step global batch [tokens]
-- @tparam[opt] number opts.tensor_parallel tensor-parallel degree (also pipeline_parallel, sites,
-- inter_site_gbs, chips_per_node, latency_s, overlap, ...: fc_training.c) [count]
-- @tparam[opt] table opts.table measured points {{chips, efficiency}, ...} instead of the model [count, fraction]
-- @treturn table {efficiency, compute_s, exposed_s, tensor_s, pipeline_s, intra_node_s, inter_node_s,
-- inter_site_s, ..._bytes} per step [fraction, s, bytes]; a number (the efficiency) with `table` [fraction]
-- @raise "flopcost.training.scaling: field 'tokens_per_step': positive number expected, got nil"
-- @usage fc.training.scaling{chips = 1024, peak_flops_per_s = 989e12, mfu = 0.4, intra_node_gbs = 450,
--   inter_node_gbs = 50, params = 70e9, tokens_per_step = 4e6}.efficiency  --> 0.76997

--- Goodput of a job under failures with periodic checkpoints: the share of time doing useful
-- work at the optimal checkpoint interval (Young 1974; Daly 2006; C: fc_training_goodput).
-- @function goodput
-- @tparam table opts the job
-- @tparam number opts.checkpoint_s time to write one checkpoint [s]
-- @tparam number opts.restart_s time lost per failure to restart [s]
-- @tparam number opts.mtbf_h mean time between failures of one accelerator [h]
-- @tparam number opts.chips accelerators in the job [count]
-- @treturn table {goodput [fraction], job_mtbf_h [h], young_interval_s [s], daly_interval_s [s]} [mixed]
-- @raise "flopcost.training.goodput: field 'mtbf_h': positive number expected, got 0"
-- @usage fc.training.goodput{checkpoint_s = 60, restart_s = 600, mtbf_h = 50000, chips = 16000}.goodput
-- --> 0.84874

return M
