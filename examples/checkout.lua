-- Lets an example run as `lua5.4 examples/...` from a checkout after `make`: puts the checkout's
-- lua/ and its build (FLOPCOST_BUILD when set, as the specs do) first on the module paths.
-- Under `flopcost run`, or with the module installed and loaded, nothing changes.
if not package.loaded.flopcost then
  local root = (debug.getinfo(1, "S").source:match("^@(.*)[/\\]") or ".") .. "/.."
  package.path = root .. "/lua/?.lua;" .. root .. "/lua/?/init.lua;" .. package.path
  package.cpath = (os.getenv("FLOPCOST_BUILD") or (root .. "/build")) .. "/?.so;" .. package.cpath
end
