-- Llama 3.1 405B (Meta 2024): 30.84M H100-hours at 700 W, 8,930 t CO2e
-- location-based (model card); BF16 MFU 38-43% (paper, Table 4).
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local R = dofile(dir .. "/common.lua")
R.validate("Llama-3.1-405B", {
  hours = "MFU 38-43% is measured in steady training; the 30.84M hours also hold the long-context and annealing "
    .. "stages, restarts (466 interruptions in 54 days, paper section 3.3.4) and hours off the full 16K cluster",
  model_card = "the card's 700 W is 'adjusted for power usage efficiency' and it gives no grid factor; the "
    .. "factor fitted on the card's 8B and 70B runs (2,460 t over 8.46M h) checks the 405B's 8,930 t "
    .. "within the rounding of their hours",
  epoch = "Epoch's own inputs and rule (first price row of the hardware, 0.14 OOM/y decline to the training start, "
    .. "PUE by developer, the year's US industrial power price); the rest is day-rounded dates and Epoch's data snapshot",
  all_in = R.ALL_IN,
})
