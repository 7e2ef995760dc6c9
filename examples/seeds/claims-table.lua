-- The README's claims table: every seed of examples/seeds/ run at 20,000 draws,
-- its claim (the "== Claim N:" line), its verdict and the share of joint draws
-- in which the verdict holds, exactly as the seed prints them. Prints Markdown;
-- spec/95-examples_spec.lua checks README against it row for row.
--   lua5.4 examples/seeds/claims-table.lua   (from the repository root)
local dir = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
local lua = arg and arg[-1] or "lua5.4"
local SAMPLES = 20000 -- the draws README states; set here so a caller's FLOPCOST_SAMPLES does not leak in

local p = assert(io.popen(("ls %s/[0-9][0-9]-*.lua"):format(dir)))
local seeds = {}
for f in p:lines() do seeds[#seeds + 1] = f end
p:close()
table.sort(seeds)

print("| claim | verdict | holds in |")
print("|---|---|---|")
for _, f in ipairs(seeds) do
  local h = assert(io.popen(("FLOPCOST_SAMPLES=%d %s %s 2>&1"):format(SAMPLES, lua, f)))
  local out = h:read("a")
  h:close()
  local n, claim = out:match("== Claim (%d+): ([^\n]+)")
  local verdict, share = out:match("\nverdict: ([^\n]-); holds in (%d+%%) of %d+ joint draws")
  assert(claim and verdict, f .. ": no claim or verdict line in:\n" .. out)
  print(("| %s %s | %s | %s |"):format(n, claim:gsub("|", "/"), verdict:gsub("|", "/"), share))
end
