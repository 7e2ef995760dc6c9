--- flopcost.report.files: writing report text to files, atomically
-- (core.file.write), one file or several. (internal)
local check = require "flopcost.check"

local M = {}

--- report.write(path, text) -> true, or nil, msg, token when the file cannot be written
-- (token from core.file.write: "io_error", "sandboxed", ...; flopcost.errors).
function M.write(path, text)
  check.arg("flopcost.report.write", "path", path, "string")
  check.arg("flopcost.report.write", "text", text, "string")
  -- atomic (temporary file, fsync, rename): a failed write keeps the old file
  local ok, werr, token = require("flopcost.core").file.write(path, text)
  if not ok then return nil, "flopcost.report.write: " .. werr, token end
  return true
end

--- report.write_all(files) -> paths, or nil, msg, token at the first failure:
-- files = { {path, text}, ... }, each written by report.write.
function M.write_all(files)
  check.each("flopcost.report.write_all", "files", files, function(f) return type(f) == "table"
    and type(f[1]) == "string" and type(f[2]) == "string" end, "{path, text} (two strings)")
  local paths = {}
  for i, f in ipairs(files) do
    local ok, err, token = M.write(f[1], f[2])
    if not ok then return nil, err, token end
    paths[i] = f[1]
  end
  return paths
end



return M
