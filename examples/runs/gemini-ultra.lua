-- Gemini 1.0 Ultra (Google DeepMind, 2023): Google published no hardware count,
-- hours or FLOP; Epoch AI estimates 57,000 TPU v4 for 2,400 h and 5e25 FLOP and
-- costs it from a TPU-equivalent price (TPU v4 is not sold) and Google Cloud's
-- 3-year committed TPU v4 rate.
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local R = dofile(dir .. "/common.lua")
R.validate("Gemini-1.0-Ultra", {
  epoch = "Epoch values the TPU v4 at its TPU-equivalent price ($5,167 x 1.64 server multiple) acquired at "
    .. "the public release (2021-05-20); the catalog's TPU v4 board power (192 W measured maximum) is "
    .. "above Epoch's 170 W, so the energy part is higher",
})
