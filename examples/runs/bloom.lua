-- BLOOM-176B (Luccioni et al., JMLR 2023): 1,082,990 A100-hours at 400 W,
-- 433,196 kWh of dynamic consumption, 24.7 t CO2e on the French grid (57 g/kWh).
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local R = dofile(dir .. "/common.lua")
R.validate("BLOOM-176B", {
  hours = "156 TFLOP/s was BigScience's fastest configuration, not the run's average; the hours also count "
    .. "restarts and the run's 117 days on 384 GPUs (1.078M h), so the derived hours are a lower bound",
  model_card = "Luccioni et al. count the GPUs' dynamic draw only (PUE 1); idle and infrastructure are separate",
  epoch = "Epoch's own inputs and rule (first price row of the hardware, 0.14 OOM/y decline to the training start, "
    .. "PUE by developer, the year's US industrial power price); the rest is day-rounded dates and Epoch's data snapshot",
  all_in = R.ALL_IN .. "; BLOOM trained in France (57 g/kWh), which the catalog lacks: us-avg's grid explains "
    .. "most of the emissions gap",
})
