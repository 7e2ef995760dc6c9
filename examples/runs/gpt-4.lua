-- GPT-4: OpenAI published no training figures; Epoch AI's estimates (2.1e25
-- FLOP, 25,000 A100 for about 95 days at 34% MFU, after SemiAnalysis).
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local R = dofile(dir .. "/common.lua")
R.validate("GPT-4", {
  hours = "Epoch's 57M h are 25,000 A100 x 2,280 h; its 34% MFU and 2.1e25 FLOP imply 3.5% fewer: its three "
    .. "estimates round differently",
  epoch = "Epoch's own inputs and rule (first price row of the hardware, 0.14 OOM/y decline to the training start, "
    .. "PUE by developer, the year's US industrial power price); the rest is day-rounded dates and Epoch's data snapshot",
  all_in = R.ALL_IN .. "; the catalog's A100 is the 80GB part, Epoch's the 40GB",
})
R.note("every published figure here is an estimate (Epoch AI's [E][U]); OpenAI reported none")
