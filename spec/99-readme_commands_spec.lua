-- README's shell commands run as typed (issue 23): every `flopcost ...` line of a ```sh
-- block runs with bin/ on the PATH, as after `export PATH="$PWD/bin:$PATH"` or `make install`;
-- `make install` into a temporary PREFIX puts flopcost and flopcost-kernel on the PATH, and
-- the examples README names run from any directory (embed, calibrate-inference, Slurm merge).
local build = os.getenv("FLOPCOST_BUILD") or "build"
local root = io.popen("pwd"):read("l")
local abs_build = build:sub(1, 1) == "/" and build or (root .. "/" .. build)
local function q(s) return "'" .. tostring(s):gsub("'", "'\\''") .. "'" end

-- Runs a shell line in `dir` with PATH = `path_dir`:$PATH; returns output and exit status.
local function sh(line, dir, path_dir)
  local cmd = ("cd %s && PATH=%s:\"$PATH\" FLOPCOST_BUILD=%s timeout 300 sh -c %s 2>&1; echo \"exit:$?\"")
    :format(q(dir or root), q(path_dir or (root .. "/bin")), q(abs_build), q(line))
  local p = io.popen(cmd)
  local out = p:read("a")
  p:close()
  local status = tonumber(out:match("exit:(%d+)\n$"))
  return out:gsub("exit:%d+\n$", ""), status
end

local function tmpdir()
  local d = os.tmpname()
  os.remove(d)
  assert(os.execute("mkdir -p " .. q(d)))
  return d
end

local function readme()
  local f = assert(io.open("README.md"))
  local text = f:read("a")
  f:close()
  return text
end

-- The `flopcost` lines of README's ```sh blocks, comments removed.
local function readme_commands()
  local out = {}
  for body in readme():gmatch("```sh\n(.-)```") do
    for line in body:gmatch("[^\n]+") do
      local cmd = line:gsub("%s+#.*$", "")
      if cmd:match("^flopcost ") then out[#out + 1] = cmd end
    end
  end
  return out
end

describe("README's shell commands", function()
  local cmds = readme_commands()
  it("are found (the spec reads the blocks it means to)", function()
    assert.is_true(#cmds >= 7, "only " .. #cmds .. " flopcost lines in README's sh blocks")
  end)
  for _, cmd in ipairs(cmds) do
    it("runs as typed: " .. cmd, function()
      local out, status = sh(cmd)
      assert.are.equal(0, status, cmd .. "\n" .. out)
    end)
  end
  it("include make install, and the README says where it installs", function()
    local text = readme()
    assert.truthy(text:find("\nmake install", 1, true))
    assert.truthy(text:find("~/.local", 1, true) and text:find("/usr/local", 1, true))
  end)
end)

describe("make install", function()
  it("puts flopcost and flopcost-kernel on the PATH (PREFIX), runnable from any directory", function()
    local prefix = tmpdir()
    local out, status = sh(("make --no-print-directory install BUILD=%s PREFIX=%s"):format(q(build), q(prefix)))
    assert.are.equal(0, status, out)
    local away = tmpdir()
    local v, vs = sh("flopcost --version", away, prefix .. "/bin")
    assert.are.equal(0, vs, v)
    assert.are.equal("flopcost " .. require("flopcost").version .. "\n", v)
    -- the bundled catalog and study come with it: the main job runs from elsewhere
    local csv, cs = sh("flopcost compare --no-intervals --format csv | head -n 2", away, prefix .. "/bin")
    assert.are.equal(0, cs, csv)
    assert.truthy(csv:match("usd_per_eflop"), csv)
    -- the kernel: a command on the PATH and a kernelspec that runs the installed kernel
    local k, ks = sh("command -v flopcost-kernel", away, prefix .. "/bin")
    assert.are.equal(0, ks, k)
    local f = assert(io.open(prefix .. "/share/jupyter/kernels/flopcost/kernel.json"))
    local spec = require("flopcost.core").json.decode(f:read("a"))
    f:close()
    assert.are.equal(prefix .. "/lib/flopcost/kernel/flopcost_kernel.py", spec.argv[2])
    -- the default PREFIX: /usr/local as root, ~/.local otherwise
    local dry = sh("make -n install | grep -m1 'ln -sf ../lib/flopcost/bin/flopcost '")
    local uid = sh("id -u"):match("%d+")
    local want = uid == "0" and "/usr/local/bin/flopcost" or (os.getenv("HOME") .. "/.local/bin/flopcost")
    assert.truthy(dry:find(want, 1, true), dry)
    os.execute("rm -rf " .. q(prefix) .. " " .. q(away))
  end)
end)

describe("examples that run as written", function()
  it("the embedding host runs from any directory (examples/embed/README.md)", function()
    local f = io.open("examples/embed/README.md")
    assert.truthy(f, "examples/embed has no README")
    f:close()
    local out, status = sh(q(abs_build .. "/test/test_embed_host"), "/")
    assert.are.equal(0, status, out)
    assert.truthy(out:match("2 passed, 0 failed"), out)
  end)

  it("tools/calibrate-inference.lua runs through flopcost run from another directory", function()
    local out, status = sh("flopcost run " .. q(root .. "/tools/calibrate-inference.lua"), tmpdir())
    assert.are.equal(0, status, out)
    assert.truthy(out:match("held%-out rows"), out)
    -- the README's command is this one
    assert.truthy(readme():find("`flopcost run tools/calibrate-inference.lua`", 1, true))
  end)

  it("flopcost run evaluates a scenario file with a vary table: point and interval", function()
    local out, status = sh("flopcost run models/scenarios/mc-example.json")
    assert.are.equal(0, status, out)
    local point = tonumber(out:match("%$([%d.]+) per 1e18 useful training FLOP"))
    local lo, hi = out:match("90%% interval %[([%d.]+), ([%d.]+)%]")
    assert.truthy(point and lo, out)
    -- the same interval `flopcost mc FILE` gives with the same samples and seed
    local mc = sh("flopcost mc models/scenarios/mc-example.json --samples 10000")
    assert.are.equal(mc:match("90%% interval %[[^%]]+%]"), out:match("90%% interval %[[^%]]+%]"))
    assert.is_true(tonumber(lo) < tonumber(hi))
  end)

  -- README's prose names `lua5.4 FILE` commands (the claims and validation tables, the rockspec):
  -- typed as written after `make`, with no LUA_PATH or LUA_CPATH set. Both tables failed so
  -- ("module 'flopcost' not found") before examples/checkout.lua.
  it("README's inline `lua5.4 ...` commands run as typed, without LUA_PATH", function()
    local cmds = {}
    for cmd in readme():gmatch("`(lua5%.4 [^`]+)`") do cmds[#cmds + 1] = cmd end
    assert.is_true(#cmds >= 3, "only " .. #cmds .. " inline lua5.4 commands found")
    local out_dir = tmpdir()
    for _, cmd in ipairs(cmds) do
      -- the rockspec writer writes into the tree: point it at a temporary file instead
      if cmd:match("gen%-rockspec") then cmd = cmd .. " --out " .. q(out_dir .. "/x.rockspec") end
      local out, status = sh("unset LUA_PATH LUA_CPATH LUA_PATH_5_4 LUA_CPATH_5_4; " .. cmd)
      assert.are.equal(0, status, cmd .. "\n" .. out)
      assert.falsy(out:find("not found:", 1, true), cmd .. "\n" .. out)
      if cmd:match("%-table%.lua") then
        assert.truthy(out:match("\n|[^\n]*%d"), cmd .. " printed no table row:\n" .. out)
      end
    end
    os.execute("rm -rf " .. q(out_dir))
  end)

  it("examples/slurm/merge.sbatch can be run again: its output is not one of its inputs", function()
    local dir = tmpdir()
    local vary = "--set region=us-va --set chip=H100-SXM --vary 'pue=pert(1.1,1.2,1.4)' --samples 70000"
    for i = 1, 2 do
      local out, status = sh(("flopcost mc %s --shard %d/2 --state %s/mc-%d.json"):format(vary, i, q(dir), i - 1))
      assert.are.equal(0, status, out)
    end
    local merge = ("KIND=mc OUT=%s FLOPCOST=%s bash %s"):format(q(dir), q(root .. "/bin/flopcost"),
      q(root .. "/examples/slurm/merge.sbatch"))
    local out1, s1 = sh(merge)
    assert.are.equal(0, s1, out1)
    local first = assert(io.open(dir .. "/mc-merged.json")):read("a")
    local out2, s2 = sh(merge)
    assert.are.equal(0, s2, out2)
    assert.are.equal(first, assert(io.open(dir .. "/mc-merged.json")):read("a"))
    os.execute("rm -rf " .. q(dir))
  end)
end)
