--- flopcost.cli: the `flopcost` command (lua-argparse).
-- Each subcommand is a module lua/flopcost/cli/<name>.lua returning
--   { summary = "one line", configure = function(p, common) ... end,
--     run = function(args, common) ... return status end }
-- registered by one line in COMMANDS below. Exit status: 0 ok, 1 failure, 2 usage.
local argparse = require "argparse"
local common = require "flopcost.cli.common"
local errors = require "flopcost.errors"

local M = {}

--- The subcommands, in the order `flopcost --help` lists them.
M.COMMANDS = {
  "compare",
  "run",
  "mc",
  "sobol",
  "merge",
  "catalog",
  "classify",
  "serve",
  "stock",
  "buildout",
  "repl",
}

-- Raised (as a string, through argparse's own error handling) to stop parsing
-- for --help / --version without os.exit, so main() returns a status.
local STOP = "\0flopcost-stop\0"

local function version()
  local ok, fc = pcall(require, "flopcost")
  return ok and fc.version or "?"
end

local function build()
  local p = argparse("flopcost",
    "What does a training FLOP cost, here, on these chips, and why?\n"
    .. "Cost per training FLOP across regions and chip mixes, with sources and intervals.")
    :epilog("Run 'flopcost COMMAND --help' for a command's options.")
    :help_max_width(100):usage_max_width(100)
    :command_target("command")
  local stop = {}
  local function help_action(parser)
    return function() stop.text = parser:get_help(); errors.raise(STOP) end
  end
  p:add_help { action = help_action(p) }
  p:flag("--version", "Print the version and exit."):action(function()
    stop.text = "flopcost " .. version(); errors.raise(STOP)
  end)
  local mods = {}
  for _, name in ipairs(M.COMMANDS) do
    local mod = require("flopcost.cli." .. name)
    local c = p:command(name, mod.description or mod.summary)
    c:summary(mod.summary)
    c:add_help { action = help_action(c) }
    if mod.configure then mod.configure(c, common) end
    mods[name] = { mod = mod, parser = c }
  end
  local h = p:command("help", "Show help for a command.")
  h:add_help { action = help_action(h) }
  h:argument("topic", "The command to show help for."):args("?")
  mods.help = { parser = h, mod = {
    run = function(a)
      local m = a.topic and mods[a.topic]
      if a.topic and not m then
        common.usage(("unknown command '%s'%s"):format(a.topic, common.did_you_mean(a.topic, M.COMMANDS)))
      end
      common.out((m and m.parser or p):get_help())
      return 0
    end } }
  return p, mods, stop
end

-- The command named in args (the first word that is one), for messages.
local function command_in(args, mods)
  for _, a in ipairs(args) do
    if mods[a] then return a end
    if not a:match("^%-") then return nil end
  end
end

-- Options a parser accepts (its long names), for "did you mean".
local function option_names(parser)
  local names = {}
  for _, o in ipairs(parser._options or {}) do
    for _, n in ipairs(o._aliases or {}) do
      if n:match("^%-%-") then names[#names + 1] = n end
    end
  end
  return names
end

-- argparse's message, with its own tip replaced by the project's suggestion rule.
local function usage_message(msg, parser)
  msg = msg:gsub("\nDid you mean.*$", "")
  local opt = msg:match("^unknown option '(.-)'$")
  if opt then
    local names = option_names(parser)
    local base = opt:match("^(%-%-[^=]+)=") or opt
    return ("unknown option '%s'%s"):format(opt, common.did_you_mean(base, names))
  end
  local cmd = msg:match("^unknown command '(.-)'$")
  if cmd then return ("unknown command '%s'%s"):format(cmd, common.did_you_mean(cmd, M.COMMANDS)) end
  return msg
end

--- Runs the command line `args` (arg without arg[0]); returns the exit status.
-- Options whose value is a number: "--seed -1" was read as an unknown option '-1'; the value is
-- joined ("--seed=-1") so the option's own check names it.
local NUMERIC = { ["--seed"] = true, ["--samples"] = true, ["--threads"] = true, ["--resamples"] = true,
  ["--level"] = true, ["--chips"] = true, ["--ttft"] = true, ["--tpot"] = true, ["--input"] = true,
  ["--cache-hit"] = true }

--- fc.cli.main(args): runs the command line as `flopcost` does (bin/flopcost calls it) and returns
-- its exit status; output goes to stdout and stderr.
-- @tparam {string,...} args the arguments without the program name, e.g. {"run", "--help"} [text]
-- @treturn integer the exit status: 0 done, 1 a data or file error, 2 a usage error [status]
-- @raise none: every error is printed and becomes the exit status
-- @usage fc.cli.main({"no-such-command"})  --> 2
function M.main(args)
  local list = {}
  for i = 1, #args do
    local prev = list[#list]
    if NUMERIC[prev] and type(args[i]) == "string" and args[i]:match("^%-[%d.]") then
      list[#list] = prev .. "=" .. args[i]
    else
      list[#list + 1] = args[i]
    end
  end
  local p, mods, stop = build()
  local name = command_in(list, mods)
  if #list == 0 then
    io.stderr:write(p:get_usage(), "\n\nRun 'flopcost --help' for the commands.\n")
    return 2
  end
  local ok, perr, res = pcall(p.pparse, p, list)
  if not ok then
    if tostring(perr):find(STOP, 1, true) then common.out(stop.text); return 0 end
    io.stderr:write("flopcost: ", common.clean(perr), "\n")
    return 1
  end
  if not perr then
    if stop.text then common.out(stop.text); return 0 end
    local parser = name and mods[name].parser or p
    local msg = usage_message(tostring(res), parser)
    io.stderr:write(("flopcost%s: %s\nRun 'flopcost %s--help' for usage.\n"):format(
      name and (" " .. name) or "", msg, name and (name .. " ") or ""))
    return 2
  end
  local entry = mods[res.command]
  local rok, rc = xpcall(entry.mod.run, function(e)
    if common.is_failure(e) then return e end
    if os.getenv("FLOPCOST_DEBUG") then return debug.traceback(tostring(e), 2) end
    return e
  end, res, common)
  if not rok then
    io.stdout:flush()
    local status = common.is_failure(rc) and rc.status or 1
    local msg = os.getenv("FLOPCOST_DEBUG") and tostring(rc) or common.clean(rc)
    io.stderr:write("flopcost: ", msg, "\n")
    if status == 2 then io.stderr:write(("Run 'flopcost %s --help' for usage.\n"):format(res.command)) end
    return status
  end
  io.stdout:flush()
  return rc or 0
end

return M
