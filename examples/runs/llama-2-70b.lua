-- Llama 2 70B (Touvron et al. 2023, arXiv:2307.09288, Table 2): 1,720,320
-- A100-hours at 400 W, 291.42 t CO2e. The paper states neither PUE nor grid
-- factor; LLaMA-1's (1.1 and 0.385 kg/kWh) reproduce its figure exactly.
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local R = dofile(dir .. "/common.lua")
R.validate("Llama-2-70B", {
  model_card = "1,720,320 h x 0.4 kW x 1.1 x 0.385 kg/kWh = 291.42 t: Meta kept LLaMA-1's convention",
  epoch = "Epoch's own inputs and rule (first price row of the hardware, 0.14 OOM/y decline to the training start, "
    .. "PUE by developer, the year's US industrial power price); the rest is day-rounded dates and Epoch's data snapshot",
  all_in = R.ALL_IN,
})
R.note("[hours] Meta published no throughput or MFU for the 70B run apart from the hours, so they cannot be checked")
