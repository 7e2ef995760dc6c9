-- GPT-3 (Brown et al. 2020): 175B parameters, 300B tokens, 3.14e23 FLOP;
-- energy and carbon from Patterson et al. 2021 (Table 4): 10,000 V100 for
-- 14.8 days at 330 W, PUE 1.10, 429 g/kWh -> 1,287 MWh, 552 t CO2e.
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local R = dofile(dir .. "/common.lua")
local v = R.validate("GPT-3", {
  model_card = "Patterson et al.'s identity; 1,289 vs 1,287 MWh is their rounding of the 14.8 days",
  epoch = "Epoch values GPT-3's hardware, 'V100 DGXS 32 GB', from that model's price rows (DGX systems from "
    .. "2019-01, $18,458-26,996 per GPU); the catalog's V100 value descends from the DGX-1 launch row (2017-07, $18,625): "
    .. "1.5 more years of decline by the training start",
  all_in = R.ALL_IN,
})
R.row("flops", "training FLOP", v.run.flops_reported, v.flops, "6ND against the paper's 3.14e23 (Table D.1)")
R.note("[hours] Patterson et al.'s 24.6 TFLOP/s per V100 is the FLOP count over these hours: it cannot check them")
