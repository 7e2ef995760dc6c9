std = "lua54"
max_line_length = 130
-- 581: `not (x >= y)` is how NaN is rejected on purpose
ignore = { "581", "212/self" }
files["spec/"] = { std = "+busted", max_line_length = false }
files["tools/"] = { max_line_length = false }
exclude_files = { "build*/**", "luarocks-tree/**" }
