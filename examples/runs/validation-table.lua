-- The README's validation table: every published run of examples/runs/ under each
-- convention that has a published figure (Epoch's amortized and cloud costs, the model
-- card's energy and CO2), with flopcost's figure, the published one, the error and the
-- inputs the row used. Runs each script and reads its [key] rows; prints Markdown.
--   lua5.4 examples/runs/validation-table.lua   (from the repository root)
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local lua = arg and arg[-1] or "lua5.4"
local RUNS = { "gpt-3", "gpt-4", "gemini-ultra", "palm", "llama-3.1-405b", "llama-2-70b", "llama-65b",
  "opt-175b", "bloom", "deepseek-v3" }
local KEYS = { ["epoch-usd"] = "amortized (Epoch)", ["epoch-cloud"] = "cloud (Epoch)",
  ["mc-mwh"] = "energy, MWh (card)", ["mc-t"] = "CO2, t (card)", ["opt-own-t"] = "CO2, t (OPT's own)",
  ["mc-t-dflt"] = "CO2, t (card, library defaults)" }
local ORDER = { "epoch-usd", "epoch-cloud", "mc-mwh", "mc-t", "mc-t-dflt", "opt-own-t" }

print("| run | convention | published | flopcost | error | inputs |")
print("|---|---|---|---|---|---|")
for _, name in ipairs(RUNS) do
  local p = assert(io.popen(("%s %s/%s.lua 2>&1"):format(lua, dir, name)))
  local out = p:read("a")
  p:close()
  local rows = {}
  -- "   [key]  quantity  published  ours  error" then an indented line saying how
  for key, pub, ours, err, how in out:gmatch("\n   %[([%w%-]+)%]%s+[^\n]-%s+(%S+)%s+(%S+)%s+([%+%-][%d.]+%%)\n%s+([^\n]+)") do
    rows[key] = { pub = pub, ours = ours, err = err, how = how }
  end
  for _, key in ipairs(ORDER) do
    local r = rows[key]
    if r then
      print(("| %s | %s | %s | %s | %s | %s |"):format(name, KEYS[key], r.pub, r.ours, r.err, r.how))
    end
  end
end
