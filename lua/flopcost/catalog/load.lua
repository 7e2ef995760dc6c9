--- flopcost.catalog.load: reading catalog files (a directory, a file or a
-- list of them) into a new catalog, and the bundled models/ directory. (internal)
local C = require("flopcost.core").catalog
local base = require "flopcost.catalog.base"
local refs = require "flopcost.catalog.refs"
local check = require "flopcost.check"
local raise, public = base.raise, base.public
local KIND_TABLES, new_catalog, insert = base.KIND_TABLES, base.new_catalog, base.insert
local check_all_refs = refs.check_all_refs

local M = {}

-- One power rule per silicon: a chip without a measured power curve (or idle
-- power) takes those of a chip the catalog marks as the same silicon (same
-- die, board power and memory: the same work draws the same power, issue 20),
-- and names the chip they came from (power_from). The rule is the core's
-- (fc_catalog_share_silicon, csrc/core/fc_catalog.c); this copies what it names.
local function share_silicon(cat)
  local chips, list = cat._t.chips, {}
  for i, e in ipairs(chips) do list[i] = { silicon = e.silicon, curve = e.power_curve ~= nil, idle = e.idle_w ~= nil } end
  local curve_from, idle_from = require("flopcost.core").catalog.share_silicon(list)
  for i, e in ipairs(chips) do
    local c, d = curve_from[i], idle_from[i]
    if c and c ~= i then e.power_curve, e.power_from = chips[c].power_curve, chips[c].name end
    if d and d ~= i then e.idle_w = chips[d].idle_w end
  end
end

local function basename(path) return path:match("([^/\\]+)[/\\]*$") or path end

-- The directory of flopcost's Lua modules (lua/flopcost): this file's folder's parent.
local function module_dir()
  local src = debug.getinfo(1, "S").source
  if src:sub(1, 1) ~= "@" then return "." end
  return src:sub(2):match("^(.*)[/\\][^/\\]+[/\\][^/\\]*$") or "."
end

-- Reads a whole file: text | nil, message, token ("dir" when it is a directory).
-- Regular files only, capped at core.file.max_bytes (fc_file.c): a FIFO or
-- /dev/zero is refused before anything is read.
local function read_file(path)
  local text, err, token = require("flopcost.core").file.read(path)
  if text then return text end
  if err:match(": is a directory$") then return nil, path .. ": is a directory", "dir" end
  return nil, err, token
end

local function has_catalog(dir)
  for _, name in ipairs(base.files) do
    local f = io.open(dir .. "/" .. name, "rb")
    if f then f:close() return true end
  end
  return false
end

--- The bundled models/ directory: $FLOPCOST_MODELS, else `models` next to
-- this module (installed tree), else ../../models (source tree).
-- @treturn string the directory [path]
-- @return nil, message, "io_error" when none of them holds the catalog [token]
-- @raise none: takes no arguments
-- @usage fc.catalog.default_path()  --> "..."
function M.default_path()
  local env = os.getenv("FLOPCOST_MODELS")
  if env and env ~= "" then
    if has_catalog(env) then return env end
    return nil, "FLOPCOST_MODELS='" .. env .. "' holds no catalog files (" .. table.concat(base.files, ", ") .. ")",
      "io_error"
  end
  local dir = module_dir()
  for _, cand in ipairs { dir .. "/models", dir .. "/../../models" } do
    if has_catalog(cand) then return cand end
  end
  return nil, "no bundled models/ directory found near " .. dir .. " (set FLOPCOST_MODELS)", "io_error"
end

-- Loads one file into cat.  Returns true, or nil, message (unreadable).
local function load_file(cat, path, text)
  local file = basename(path)
  local kind, doc = C.decode(text, file)
  if not kind then raise("flopcost.catalog.load: " .. doc) end
  for _, tbl in ipairs(KIND_TABLES[kind]) do
    cat._loaded[tbl] = true
    for i, e in ipairs(doc[tbl] or {}) do
      insert(cat, tbl, e, { file = file, path = string.format("%s[%d]", tbl, i - 1) }, "flopcost.catalog.load")
    end
  end
  cat._files[#cat._files + 1] = { path = path, kind = kind, as_of = doc.as_of }
  return true
end

local function load_path(cat, path)
  local text, err, what = read_file(path)
  if text then return load_file(cat, path, text) end
  if what ~= "dir" then return nil, "flopcost.catalog.load: " .. err, what end
  local found = false
  for _, name in ipairs(base.files) do
    local p = path:gsub("[/\\]+$", "") .. "/" .. name
    local t, e2, w2 = read_file(p)
    if t then
      load_file(cat, p, t)
      found = true
    elseif not e2:match("No such file or directory$") then
      -- present but unreadable (permissions, a FIFO, a directory): never skipped silently
      return nil, "flopcost.catalog.load: " .. e2, w2 == "dir" and "io_error" or w2
    end
  end
  if not found then
    return nil, "flopcost.catalog.load: no catalog files (" .. table.concat(base.files, ", ") .. ") in '"
      .. path .. "'", "io_error"
  end
  return true
end

--- fc.catalog.load([path]): a new catalog.  path: a directory (every file
-- of base.files it holds), one .json file, or a list of them loaded in order
-- (a later entry with the same name replaces an earlier one: use it to
-- lay your own files over the bundled ones).  Default: M.default_path().
-- Malformed or invalid data raises; an unreadable path returns nil, message,
-- token ("io_error"; flopcost.errors).
-- @tparam[opt] string|table path a directory, a .json file or a list of them [path]
-- @treturn Catalog the catalog: cat:chip(name), cat:region(name), ... [catalog]
-- @return nil, message, "io_error" when a path cannot be read [token]
-- @raise "chips.json:12:5: malformed JSON (...)" or "chips.json: chips[3].tdp_w: positive number
-- expected, got -700" for bad data
-- @usage local cat = fc.catalog.load()   --> flopcost.Catalog: 23 chips, 15 regions, ...
M.load = public(function(path)
  local fn = "flopcost.catalog.load"
  local paths = path
  if path == nil then
    local p, err = M.default_path()
    if not p then return nil, fn .. ": " .. err, "io_error" end
    paths = { p }
  elseif type(path) == "string" then
    paths = { path }
  elseif type(path) ~= "table" or #path == 0 then
    check.bad_arg(fn, "path", "path (string or list of strings)", path)
  end
  local cat = new_catalog()
  for i, p in ipairs(paths) do
    if type(p) ~= "string" then
      check.fail(fn, "argument 'path': [%d]: string expected, got %s", i, check.shown(p))
    end
    local ok, err, token = load_path(cat, p)
    if not ok then return nil, err, token end
  end
  check_all_refs(cat, fn)
  share_silicon(cat)
  return cat
end)

local default_catalog

--- fc.catalog.default(): the bundled catalog, loaded once and shared by every
-- scenario that names no catalog. Catalogs do not change once loaded:
-- cat:override and cat:add return a new catalog, so nothing a script does
-- changes what another scenario sees unless it passes that catalog
-- (fc.scenario{catalog = ...}).
-- @treturn table the catalog [catalog]
-- @raise "flopcost.catalog.load: FLOPCOST_MODELS='/tmp' holds no catalog files (processes.json, ...)" (the
-- message of fc.catalog.load when the bundled files cannot be found or read)
-- @usage fc.catalog.default():chip("H100-SXM").name  --> "H100-SXM"
function M.default()
  if not default_catalog then
    local cat, err = M.load()
    if not cat then raise(err) end
    default_catalog = cat
  end
  return default_catalog
end

--- catalog._swap_default(cat) -> the previous default: flopcost.sandbox gives a
-- sandboxed script a private copy for the length of its run (then puts the
-- shared one back), so its edits cannot reach other scenarios.
function M._swap_default(cat)
  local old = default_catalog
  default_catalog = cat
  return old
end

-- cat:copy(): a new catalog with the same entries (entries are shared: they

return M
