--- flopcost.report.files: writing report text to files, atomically
-- (core.file.write), one file or several. (internal)
local check = require "flopcost.check"

local M = {}

--- report.write(path, text) -> true, or nil, msg, token when the file cannot be written
-- (written atomically: a temporary, then renamed; core.file.write).
-- @tparam string path the file [path]
-- @tparam string text its content [text]
-- @treturn boolean true when written [boolean]
-- @return nil, message, "io_error" (or "sandboxed" inside the sandbox) when it cannot be written [token]
-- @raise "flopcost.report.write: argument 'path': string expected, got 1"
-- @usage fc.report.write("/nonexistent/x.txt", "a")  --> nil
function M.write(path, text)
  check.arg("flopcost.report.write", "path", path, "string")
  check.arg("flopcost.report.write", "text", text, "string")
  -- atomic (temporary file, fsync, rename): a failed write keeps the old file
  local ok, werr, token = require("flopcost.core").file.write(path, text)
  if not ok then return nil, "flopcost.report.write: " .. werr, token end
  return true
end

--- Why prefix cannot name a set of files (nil when it can): an empty prefix
-- would write "-histogram.svg" into the current directory, one ending in "/"
-- hidden files inside a directory. The one rule for --out and every *_files.
function M.prefix_problem(prefix)
  if type(prefix) ~= "string" then return "a path prefix (string) expected, got " .. type(prefix) end
  if prefix == "" then return "a file prefix expected (e.g. out/run), got ''" end
  if prefix:match("/%.?$") or prefix == "." or prefix == ".." or prefix:match("/%.%.$") then
    return ("a file prefix expected (e.g. %srun), got the directory '%s'"):format(
      prefix:match("/$") and prefix or prefix .. "/", prefix)
  end
end

--- Raises when prefix cannot name a set of files (M.prefix_problem), naming
-- the function and the argument.
function M.check_prefix(fn, prefix, name)
  local problem = M.prefix_problem(prefix)
  if problem then check.fail(fn, "argument '%s': %s", name or "prefix", problem) end
end

--- report.write_all(files [, lock]) -> paths, or nil, msg, token: files
-- written as one set, all or nothing (core.file.write_set): every file to a temporary first,
-- renamed into place together under a lock, so a failed run leaves the previous set whole and
-- concurrent runs on one prefix do not mix their files.
-- @tparam {table,...} files {{path, text}, ...} [path, text]
-- @tparam[opt] string lock the lock's prefix (lock .. ".lock"; default the first path .. ".lock") [path]
-- @treturn {string,...} the paths written [path]
-- @return nil, message, "io_error" (or "sandboxed") when a file cannot be written; none is [token]
-- @raise "flopcost.report.write_all: argument 'files': list (table) expected, got 1"
-- @usage fc.report.write_all({{"/nonexistent/x.txt", "a"}})  --> nil
function M.write_all(files, lock)
  check.each("flopcost.report.write_all", "files", files, function(f) return type(f) == "table"
    and type(f[1]) == "string" and type(f[2]) == "string" end, "{path, text} (two strings)")
  check.optional("flopcost.report.write_all", "lock", lock, "string", "path prefix (string)")
  if #files == 0 then return {} end
  local ok, err, token = require("flopcost.core").file.write_set(files, lock and (lock .. ".lock"))
  if not ok then return nil, "flopcost.report.write_all: " .. err, token end
  local paths = {}
  for i, f in ipairs(files) do paths[i] = f[1] end
  return paths
end

return M
