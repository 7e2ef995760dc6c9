--- flopcost.catalog: the data of models/ (chips, regions, processes,
-- packaging + HBM, FX rates, export rules, training runs) as one object.
--
--   local cat = fc.catalog.load()            -- the bundled models/ directory
--   local cat = fc.catalog.load(path)        -- a directory, one file, or a list of them
--   cat:chip("H100"), cat:region("cn-guizhou"), cat:search("ascend")
--
-- Parsing and validation are in C (csrc/fc_catalog.c, schema in
-- docs/catalog-schema.md).  This module adds what needs several files at
-- once: references between files, lookups with "did you mean", FX
-- conversion, overrides from Lua, and the names of export-rule evaluations
-- (cat:classify / cat:availability resolve them; flopcost.export_rules,
-- which needs nothing from this module, classifies).
--
-- Failures: malformed or invalid data raises an error naming the file with
-- line and column (malformed JSON) or the JSON path (bad value); a path
-- that cannot be read returns nil, message.  Entries are plain tables
-- shared with the catalog: treat them as read-only and change data through
-- cat:override / cat:add, which validate like the loader.
--
-- The parts: base.lua (kinds, the Catalog class, errors, the name index),
-- load.lua (files into a catalog, the bundled directory), refs.lua
-- (references between files), lookup.lua (cat:chip, search, list...),
-- edit.lua (cat:override, cat:add), fx.lua (cat:fx, cat:convert), export.lua
-- (cat:classify, cat:availability).
local base = require "flopcost.catalog.base"
local load = require "flopcost.catalog.load"
-- the methods of flopcost.Catalog, installed on base.Catalog by each part
require "flopcost.catalog.lookup"
require "flopcost.catalog.edit"
require "flopcost.catalog.fx"
require "flopcost.catalog.export"

local M = {}

--- The files a catalog directory may hold, in load order.
M.files = base.files
M.Catalog = base.Catalog
M.default_path, M.load, M.default, M._swap_default = load.default_path, load.load, load.default, load._swap_default

return M
