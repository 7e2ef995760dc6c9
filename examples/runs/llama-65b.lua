-- LLaMA-65B (Touvron et al. 2023, arXiv:2302.13971): the published GPU-hours
-- derived from the paper's throughput (380 tokens/s per A100, 1.4T tokens),
-- and Table 15's energy and carbon under its stated convention.
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local R = dofile(dir .. "/common.lua")
R.validate("LLaMA-65B", {
  hours = "1.4T tokens / 380 tokens/s per GPU = 1,023,392 h: the paper's throughput and hours agree to rounding",
  model_card = "Table 15's own identity (400 W, PUE 1.1, 0.385 kg/kWh); the rest is the table's rounding",
  epoch = "Epoch charges $0.56 per chip-hour for LLaMA-65B but $0.64 for Llama 2 70B, trained three months later "
    .. "on the same A100s when they were worth less: its LLaMA row ('NVIDIA A100', no memory size) draws on other "
    .. "price rows than the catalog's A100-SXM",
  all_in = R.ALL_IN,
})
