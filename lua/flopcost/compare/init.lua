--- flopcost.compare: a grid of regions x chip mixes, evaluated in one batch,
-- sorted, with a 90 % interval per cell and differences explained by component.
--
--   local study = fc.compare.load_study()          -- models/scenarios/default.lua
--   local grid = fc.compare.run(study)             -- grid.results sorted by $/1e18 FLOP
--   print(fc.report.table(grid.results))
--
-- The parts: study.lua (a study and its cells), run.lua (the batch, shards),
-- stream.lua (any size, constant memory), state.lua (sharded runs and their
-- merge), explain.lua (gaps by component), text.lua (the 100-column text),
-- output.lua (provenance, charts, files), common.lua (shared checks).
local study = require "flopcost.compare.study"
local run = require "flopcost.compare.run"
local stream = require "flopcost.compare.stream"
local state = require "flopcost.compare.state"
local explain = require "flopcost.compare.explain"
local text = require "flopcost.compare.text"
local output = require "flopcost.compare.output"

local M = {}

-- studies and cells
M.models_dir, M.load_study, M.STUDY_FIELDS = study.models_dir, study.load_study, study.STUDY_FIELDS
M.cells, M.count = study.cells, study.count

--- Cells held in memory at once by M.run: each cell keeps its scenario, result
-- and inputs, about 14 KB (measured: a 1,000 x 1,000 study took 4 GB and more).
M.MAX_CELLS = 50000
M.LIMITS = study.LIMITS -- a study file's limits (samples, regions, mixes, ...; compare/study.lua)
M.BYTES_PER_CELL = 14 * 1024

-- running: in one batch, in shards, streamed, merged
M.run, M.shard_range = run.run, run.shard_range
M.stream, M.stream_file = stream.stream, stream.stream_file
M.state, M.merge_states = state.state, state.merge_states

-- output
M.explain, M.explain_summary = explain.explain, explain.explain_summary
M.text, M.wrap = text.text, text.wrap
M.provenance, M.charts, M.write_files = output.provenance, output.charts, output.write_files

return M
