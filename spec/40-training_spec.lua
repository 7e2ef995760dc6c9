-- flopcost.training: 6ND, chip-hours, days, MFU, scaling, goodput.
local fc = require "flopcost"
local H = require "spec.helpers"
local T = fc.training

describe("flopcost.training", function()
  it("gives Llama 3.1 405B 6 x 405e9 x 15.6e12 = 3.79e25 FLOP (Meta: 3.8e25)", function()
    assert.near(3.8e25, T.flops { params = 405e9, tokens = 15.6e12 }, 0.01)
  end)
  it("counts active parameters for MoE: DeepSeek-V3 6 x 37e9 x 14.8e12 = 3.2856e24", function()
    assert.near(3.2856e24, T.flops { params = 671e9, active_params = 37e9, tokens = 14.8e12 }, 1e-12)
  end)
  it("adds Kaplan's attention term: GPT-3 3.15e23 + 6 x 96 x 2048 x 12288 x 3e11 = 3.1935e23", function()
    assert.near(3.193486543872e23, T.flops { params = 175e9, tokens = 300e9, n_layer = 96, n_ctx = 2048,
      d_attn = 12288 }, 1e-12)
  end)
  it("turns DeepSeek-V3's 2,788K H800-hours on 2,048 GPUs into 56.7 days", function()
    local flops = 3.2856e24
    local mfu = T.mfu { flops = flops, chip_hours = 2.788e6, peak_flops_per_s = 1979e12 }
    assert.near(0.16541, mfu, 1e-4) -- 3.2856e24 / (2.788e6 x 3600 x 1979e12)
    assert.near(2.788e6, T.chip_hours { flops = flops, peak_flops_per_s = 1979e12, mfu = mfu }, 1e-12)
    assert.near(2.788e6 / 2048 / 24, T.days { flops = flops, chips = 2048, peak_flops_per_s = 1979e12, mfu = mfu }, 1e-12)
    assert.near(56.72, T.days { flops = flops, chips = 2048, peak_flops_per_s = 1979e12, mfu = mfu }, 1e-3)
  end)
  it("gives Young's and Daly's checkpoint intervals and the goodput", function()
    -- C = 60 s, job MTBF = 24 h (per-chip MTBF 24 x 1000 h over 1000 chips), R = 600 s
    local g = T.goodput { checkpoint_s = 60, restart_s = 600, mtbf_h = 24000, chips = 1000 }
    assert.near(3219.9379, g.young_interval_s, 1e-7) -- sqrt(2 x 60 x 86400)
    assert.near(3180.0621, g.daly_interval_s, 1e-7)  -- Daly (2006) eq. 37
    assert.near(0.9562629, g.goodput, 1e-6)
    assert.near(24, g.job_mtbf_h, 1e-12)
  end)
  describe("scaling", function()
    -- Traffic by parallelism kind (Narayanan et al. 2021), by hand: 70B params, 80 layers,
    -- d_model 8192, 16M tokens per step, 10,240 chips = tensor 8 x pipeline 4 x data 320,
    -- 4 sites, bf16. Gradients a chip holds S = 140e9 / 32 = 4.375e9 bytes; one replica per
    -- node, 80 nodes per site: WAN bytes = 2 x 3/4 x S / 80 = 8.203125e7. The older model
    -- (S / model-parallel ways, 8 replicas per node) gave with 8-way model parallelism
    -- 2 x 3/4 x (140e9 / 8) / (8 x 320) = 1.025e7: 8x too little. Activations per replica
    -- A = 16e6 / 320 x 8192 x 2 = 8.192e8 bytes: tensor 4 x 20 x 2 x 7/8 x A = 1.14688e11,
    -- pipeline 2 x A / 8 = 2.048e8 bytes per chip per step.
    it("moves the traffic of each parallelism kind", function()
      local base = { chips = 10240, chips_per_node = 8, params = 70e9, tokens_per_step = 16e6,
        peak_flops_per_s = 989.5e12, mfu = 0.4, intra_node_gbs = 200, inter_node_gbs = 50, sites = 4,
        inter_site_gbs = 1, tensor_parallel = 8, pipeline_parallel = 4, layers = 80, d_model = 8192 }
      local r = T.scaling(base)
      assert.near(8.203125e7, r.inter_site_bytes, 1e-3)
      assert.near(1.14688e11, r.tensor_bytes, 1)
      assert.near(2.048e8, r.pipeline_bytes, 1e-3)
      assert.are.equal(320, r.data_parallel)
      local tp8 = T.scaling(setmetatable({ pipeline_parallel = 1 }, { __index = base }))
      assert.near(2 * 3 / 4 * 17.5e9 / 320, tp8.inter_site_bytes, 1e-3) -- 8.203e7, not 1.025e7
      -- sites splitting the pipeline carry one boundary's activations instead
      local pl = T.scaling(setmetatable({ pipeline_across_sites = true }, { __index = base }))
      assert.near(2.048e8, pl.inter_site_bytes, 1e-3)
    end)
    it("matches the ring all-reduce hand calculation for two nodes (0.996816)", function()
      local r = T.scaling { chips = 16, gradient_bytes = 1e9, step_flops_per_chip = 1e15,
        peak_flops_per_s = 1e15, mfu = 0.5, intra_node_gbs = 450, inter_node_gbs = 50 }
      assert.near(0.9968157275, r.efficiency, 1e-9)
    end)
    it("falls when a 10,000-chip job is split over isolated sites with a thin link", function()
      local base = { chips = 10240, params = 70e9, tokens_per_step = 4e6, peak_flops_per_s = 989.5e12,
        mfu = 0.4, intra_node_gbs = 450, inter_node_gbs = 50, overlap = 0.5 }
      local one = T.scaling(base).efficiency
      base.sites, base.inter_site_gbs = 4, 0.05
      local split = T.scaling(base).efficiency
      base.inter_site_gbs = 5
      local fat = T.scaling(base).efficiency
      assert.is_true(split < fat and fat <= one)
    end)
    it("interpolates a user table in log(chips)", function()
      assert.near(1 - 0.05 * 4 / 7, T.scaling { table = { { 8, 1 }, { 1024, 0.95 }, { 16384, 0.85 } }, chips = 128 }, 1e-12)
    end)
  end)
  describe("bad input", function()
    H.error_rows(it, {
      { "negative params", function() return T.flops { params = -1, tokens = 1 } end,
        "flopcost.training.flops: field 'params': positive number expected, got -1" },
      { "more active than total params", function() return T.flops { params = 1e9, active_params = 2e9, tokens = 1 } end,
        "flopcost.training.flops: field 'active_params': number not above params expected, got 2000000000.0" },
      { "an MFU above 1", function() return T.chip_hours { flops = 1, peak_flops_per_s = 1, mfu = 1.5 } end,
        "flopcost.training.chip_hours: field 'mfu': number in (0, 1] expected, got 1.5" },
      { "zero chips", function() return T.days { flops = 1, peak_flops_per_s = 1, mfu = 0.5, chips = 0 } end,
        "flopcost.training.days: field 'chips': positive number expected, got 0" },
      { "a zero checkpoint cost", function() return T.goodput { checkpoint_s = 0, mtbf_h = 1 } end,
        "flopcost.training.goodput: field 'checkpoint_s': positive number expected, got 0" },
      { "a misspelt field", function() return T.flops { param = 1, tokens = 1 } end,
        "flopcost.training.flops: unknown field 'param' (did you mean 'params'?)" },
      { "a decreasing table", function() return T.scaling { table = { { 8, 1 }, { 4, 0.9 } }, chips = 6 } end,
        "flopcost.training.scaling: field 'table': chips must increase from 1 and efficiencies lie in (0, 1]" },
      { "chips not a multiple of the layout", function() return T.scaling { chips = 100, params = 7e10,
          tokens_per_step = 4e6, peak_flops_per_s = 1e15, mfu = 0.4, intra_node_gbs = 200, inter_node_gbs = 50,
          tensor_parallel = 8, layers = 80, d_model = 8192 } end,
        "flopcost.training.scaling: field 'chips': a multiple of tensor_parallel x pipeline_parallel (8.0) expected, got 100.0" },
      { "tensor parallelism without the model's shape", function() return T.scaling { chips = 64, params = 7e10,
          tokens_per_step = 4e6, peak_flops_per_s = 1e15, mfu = 0.4, intra_node_gbs = 200, inter_node_gbs = 50,
          tensor_parallel = 8 } end,
        "flopcost.training.scaling: field 'layers': positive number expected (needed when tensor_parallel or "
          .. "pipeline_parallel > 1)" },
      { "a fractional pipeline", function() return T.scaling { chips = 64, params = 7e10, tokens_per_step = 4e6,
          peak_flops_per_s = 1e15, mfu = 0.4, intra_node_gbs = 200, inter_node_gbs = 50, pipeline_parallel = 1.5,
          layers = 80, d_model = 8192 } end,
        "flopcost.training.scaling: field 'pipeline_parallel': positive integer expected" },
      -- issue 24: the binding used to put an infinite WAN (1e9 GB/s) in when none was given
      { "sites without a WAN bandwidth", function() return T.scaling { chips = 16384, params = 7e10,
          tokens_per_step = 4e6, peak_flops_per_s = 1e15, mfu = 0.4, intra_node_gbs = 200, inter_node_gbs = 50,
          sites = 4 } end,
        "flopcost.training.scaling: field 'inter_site_gbs': positive number expected (needed when sites > 1)" },
      { "no gradient size", function() return T.scaling { chips = 64, tokens_per_step = 4e6,
          peak_flops_per_s = 1e15, mfu = 0.4, intra_node_gbs = 200, inter_node_gbs = 50 } end,
        "flopcost.training.scaling: field 'params': positive number expected, got nil" },
    })
  end)
end)
