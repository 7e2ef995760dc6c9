# flopcost -- build, test and run.  Everything is overridable from the
# command line (make CC=clang BUILD=/tmp/b LUA_INCDIR=...).

LUA          ?= lua5.4
LUA_INCDIR   ?= /usr/include/lua5.4
CC           ?= cc
BUILD        ?= build
OPT          ?= -O2 -g
WARN         ?= -Wall -Wextra -pedantic -Wmissing-prototypes -Wshadow -Wstrict-prototypes \
                -Wpointer-arith -Wcast-qual -Wformat=2
CFLAGS       ?= $(OPT)
ALL_CFLAGS    = -std=c99 -D_POSIX_C_SOURCE=200809L -fPIC -pthread $(WARN) $(CFLAGS) \
                -I$(LUA_INCDIR) -I/usr/include/cjson -Icsrc/core -Icsrc/lua
LIBFLAG      ?= -shared
LIBS         ?= -lgsl -lgslcblas -lcjson -lxlsxwriter -lm -pthread
BUSTED       ?= /usr/bin/busted
# the packages make test needs: column 2 "test" of the one list, tools/packages.txt;
# pkgs_for: the ones a target names in its reason ("make lint")
DEBIAN_PKGS  := $(shell awk '!/^\#/ && $$2 == "test" { print $$1 }' tools/packages.txt)
pkgs_for      = $(shell awk '!/^\#/ && /make $(1) / { print $$1 }' tools/packages.txt)

CORE_SRC  := $(sort $(wildcard csrc/core/fc_*.c))
BIND_SRC  := $(sort $(wildcard csrc/lua/lfc*.c))
TEST_SRC  := $(sort $(wildcard csrc/test/test_*.c))
CORE_OBJ  := $(CORE_SRC:csrc/%.c=$(BUILD)/obj/%.o)
BIND_OBJ  := $(BIND_SRC:csrc/%.c=$(BUILD)/obj/%.o)
TEST_BIN  := $(TEST_SRC:csrc/test/%.c=$(BUILD)/test/%) $(BUILD)/test/test_embed_host $(BUILD)/test/test_sigint_host
HEADERS   := $(wildcard csrc/core/*.h csrc/lua/*.h) $(wildcard csrc/test/*.h)

MODULE    := $(BUILD)/flopcost/core.so
CORELIB   := $(BUILD)/libflopcost.a

LUA_ENV = LUA_PATH="./lua/?.lua;./lua/?/init.lua;;" LUA_CPATH="./$(BUILD)/?.so;;"

.PHONY: all deps check-c test spec asan tsan valgrind run bench fuzz lint clean vega-check rock kernel coverage js-deps vendor-js
.PHONY: slurm-test install uninstall doc

# make install: flopcost and flopcost-kernel on the PATH. PREFIX defaults to /usr/local as
# root, ~/.local otherwise. The tree (lua/, the module, models/, kernel/) goes to
# PREFIX/lib/flopcost, laid out as a checkout so bin/flopcost finds it through the symlink
# PREFIX/bin/flopcost; the Jupyter kernelspec goes to PREFIX/share/jupyter/kernels/flopcost.
PREFIX       ?= $(shell [ "$$(id -u)" = 0 ] && echo /usr/local || echo "$$HOME/.local")

all: $(MODULE) $(CORELIB)

# The vectorised kernels (csrc/core/fc_mc_lanes.c, the block chain of
# fc_scenario.c) keep no errno or floating-point exception flags, so GCC may
# vectorise their sqrt and selects, and loops of any length (dynamic cost
# model); the values are the same with or without these flags.
VEC_CFLAGS = -fno-math-errno -fno-trapping-math -fvect-cost-model=dynamic
$(BUILD)/obj/core/fc_mc_lanes.o $(BUILD)/obj/core/fc_scenario.o: ALL_CFLAGS += $(VEC_CFLAGS)

$(BUILD)/obj/%.o: csrc/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(CORELIB): $(CORE_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# The module never links liblua: the host interpreter provides its symbols.
$(MODULE): $(BIND_OBJ) $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LIBFLAG) -o $@ $^ $(LIBS) $(LDFLAGS)

$(BUILD)/test/%: csrc/test/%.c $(CORELIB) $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(CORELIB) $(LIBS) $(LDFLAGS)

# Allocation-failure injection: the core's malloc/calloc/realloc/free wrapped at link time.
$(BUILD)/test/test_alloc: csrc/test/test_alloc.c $(CORELIB) $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(CORELIB) $(LIBS) $(LDFLAGS) \
	  -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free,--wrap=posix_memalign

# Monte Carlo progress on the calling thread: the binding's lfc_mc_progress.c under a Lua state.
$(BUILD)/test/test_mc_progress: csrc/test/test_mc_progress.c csrc/lua/lfc_mc_progress.c $(CORELIB) $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ csrc/test/test_mc_progress.c csrc/lua/lfc_mc_progress.c $(CORELIB) -llua5.4 \
	  $(LIBS) $(LDFLAGS)

# examples/embed/host.c embeds Lua and loads the module like a host program would.
$(BUILD)/test/test_embed_host: examples/embed/host.c $(MODULE)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DFLOPCOST_ROOT='"$(abspath .)"' -DFLOPCOST_CPATH='"$(abspath $(BUILD))/?.so"' \
	  -o $@ $< -llua5.4 $(LDFLAGS)

# Ctrl-C with Monte Carlo runs in two Lua states on two threads (csrc/lua/lfc_mc.c sigint_enter).
$(BUILD)/test/test_sigint_host: csrc/test/host_sigint.c $(MODULE)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< -llua5.4 $(LIBS) $(LDFLAGS)

INSTALL_TREE = $(DESTDIR)$(PREFIX)/lib/flopcost
install: all
	@rm -rf "$(INSTALL_TREE).new" && mkdir -p "$(INSTALL_TREE).new/build/flopcost" "$(DESTDIR)$(PREFIX)/bin"
	cp -R lua models kernel bin "$(INSTALL_TREE).new/"
	cp $(MODULE) "$(INSTALL_TREE).new/build/flopcost/core.so"
	@rm -rf "$(INSTALL_TREE)" && mv "$(INSTALL_TREE).new" "$(INSTALL_TREE)"
	ln -sf ../lib/flopcost/bin/flopcost "$(DESTDIR)$(PREFIX)/bin/flopcost"
	ln -sf ../lib/flopcost/bin/flopcost-kernel "$(DESTDIR)$(PREFIX)/bin/flopcost-kernel"
	/usr/bin/python3 "$(INSTALL_TREE)/bin/flopcost-kernel" install --prefix "$(DESTDIR)$(PREFIX)"
	@case ":$$PATH:" in *":$(PREFIX)/bin:"*) ;; \
	  *) echo "note: $(PREFIX)/bin is not on your PATH: export PATH=\"$(PREFIX)/bin:\$$PATH\"";; esac

uninstall:
	rm -rf "$(DESTDIR)$(PREFIX)/lib/flopcost" "$(DESTDIR)$(PREFIX)/share/jupyter/kernels/flopcost"
	rm -f "$(DESTDIR)$(PREFIX)/bin/flopcost" "$(DESTDIR)$(PREFIX)/bin/flopcost-kernel"

# The API reference (LDoc, Debian lua-ldoc) from the documentation comments of lua/flopcost:
# build/doc/index.html. fc.help(fn) prints the same comments at the REPL and in the kernel.
doc:
	@sh tools/deps.sh $(DEBIAN_PKGS)
	ldoc -c config.ld -d $(BUILD)/doc . >$(BUILD)/ldoc.log 2>&1 || { cat $(BUILD)/ldoc.log; exit 1; }
	@# a warning fails the build (LDoc's notes on files with no documented item are not warnings)
	@if grep -v -e 'contains no items$$' -e '^reading configuration' -e '^output written' $(BUILD)/ldoc.log; then \
	  echo "make doc: LDoc warned (above)"; exit 1; fi
	@echo "wrote $(BUILD)/doc/index.html"

# Installs the Debian packages when run as root, otherwise prints the line to run.
deps:
	@sh tools/deps.sh $(DEBIAN_PKGS)

check-c: $(TEST_BIN)
	@sh tools/run-tests.sh c "$(BUILD)" "$(TEST_WRAP)"

spec: all
	@$(LUA_ENV) $(TEST_ENV) $(LUA) $(BUSTED) --ignore-lua --lpath="./lua/?.lua;./lua/?/init.lua" \
	  --cpath="./$(BUILD)/?.so" $(BUSTED_ARGS)

# The README's test command: C unit tests, then the busted specs, one summary line.
test: deps js-deps
	@$(MAKE) --no-print-directory all $(TEST_BIN)
	@BUILD="$(BUILD)" LUA="$(LUA)" BUSTED="$(BUSTED)" sh tools/run-tests.sh all "$(BUILD)" "$(TEST_WRAP)"

# AddressSanitizer + UBSan over the whole suite. lua5.4 itself is not
# instrumented, so the runtime is preloaded.
ASAN_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
asan: js-deps
	@$(MAKE) --no-print-directory BUILD=build-asan CFLAGS="$(ASAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" all
	@$(MAKE) --no-print-directory BUILD=build-asan CFLAGS="$(ASAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" \
	  $(patsubst $(BUILD)/%,build-asan/%,$(TEST_BIN))
	@ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  TEST_PRELOAD="$$($(CC) -print-file-name=libasan.so) $$($(CC) -print-file-name=libubsan.so)" \
	  BUILD=build-asan LUA="$(LUA)" BUSTED="$(BUSTED)" sh tools/run-tests.sh all build-asan ""

# ThreadSanitizer over the C tests of the threaded code (the Monte Carlo engine
# runs 1, 2 and 4 threads there, and the exact quantiles' split pass).
tsan:
	@$(MAKE) --no-print-directory BUILD=build-tsan CFLAGS="-O1 -g -fsanitize=thread" \
	  LDFLAGS="-fsanitize=thread" build-tsan/test/test_mc build-tsan/test/test_mc_progress
	@# the tests' own status decides (a pipe into tail used to hide a race: exit 0)
	@(TSAN_OPTIONS="halt_on_error=1 exitcode=66" build-tsan/test/test_mc && \
	  TSAN_OPTIONS="halt_on_error=1 exitcode=66" build-tsan/test/test_mc_progress) >build-tsan/tsan.log 2>&1; rc=$$?; \
	  tail -n 1 build-tsan/tsan.log; \
	  if [ $$rc -ne 0 ] || grep -q 'WARNING: ThreadSanitizer' build-tsan/tsan.log; then \
	    grep -A20 'WARNING: ThreadSanitizer' build-tsan/tsan.log | head -40; \
	    echo "tsan: FAILED (exit $$rc), log in build-tsan/tsan.log"; exit 1; fi

# Every process under valgrind, the CLI runs the specs start included: sh, env,
# timeout and script are traced (a skipped one runs its children, flopcost's CLI,
# untraced); only tools that are not flopcost are skipped (luarocks runs under
# lua5.1, tar leaks by itself). Each process logs to its own file
# (a child's report would otherwise land in output a spec compares); only
# definite leaks and memory errors are printed (lua5.4 leaves "possibly lost"
# blocks when a script ends with os.exit); a log with a definite leak or a
# memory error fails the target (tools/valgrind.supp: script(1)'s own leaks).
VG_LOGS = $(BUILD)/valgrind
valgrind: all $(TEST_BIN) js-deps
	@sh tools/deps.sh $(call pkgs_for,valgrind)
	@rm -rf "$(VG_LOGS)" && mkdir -p "$(VG_LOGS)"
	@BUILD="$(BUILD)" LUA="$(LUA)" BUSTED="$(BUSTED)" sh tools/run-tests.sh all "$(BUILD)" \
	  "valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite \
	   --suppressions=$(abspath tools/valgrind.supp) --trace-children=yes \
	   --log-file=$(abspath $(VG_LOGS))/vg.%p.log \
	   --trace-children-skip=*/tar,*/gzip,*/zip,*/unzip,*/lua5.1,*/rm,*/mkdir,*/cp,*/mv,*/ls,*/cat,*/id,*/mkfifo,*/python3*,*/rsvg-convert,*/luarocks,*/mount,*/umount,*/date,*/sleep,*/head,*/tail,*/grep,*/sed,*/wc,*/kill,*/chmod,*/touch,*/dd,*/node,*/git,*/tr,*/sort,*/cut,*/awk,*/mawk,*/diff,*/cmp,*/stat,*/du,*/jupyter*,*/readlink,*/dirname,*/basename,*/mktemp,*/find,*/xargs"; \
	  rc=$$?; bad=$$(grep -lE 'definitely lost|Invalid (read|write|free)|uninitialised|Mismatched free|Syscall param|overlap|Process terminating' "$(VG_LOGS)"/vg.*.log); \
	  if [ -n "$$bad" ]; then cat $$bad; echo "valgrind: findings in $$(echo $$bad | wc -w) process(es), logs in $(VG_LOGS)"; exit 1; fi; \
	  echo "valgrind: $$(ls "$(VG_LOGS)" | wc -l) processes, no findings"; exit $$rc

run: deps all
	@$(LUA_ENV) $(LUA) bin/flopcost compare --out "$(BUILD)/compare"

# npm packages of tools/browser, pinned by its package-lock.json: vega, vega-lite
# and vega-embed (bundled into the HTML report: make vendor-js) and puppeteer-core
# (drives Debian's chromium in the report's browser test, spec/87-report_html_spec.lua).
BROWSER = tools/browser
js-deps: $(BROWSER)/node_modules/.package-lock.json
$(BROWSER)/node_modules/.package-lock.json: $(BROWSER)/package.json $(BROWSER)/package-lock.json
	@command -v node >/dev/null && command -v npm >/dev/null || { echo "js-deps needs node and npm (Debian: nodejs npm)"; exit 1; }
	@cd $(BROWSER) && npm ci --no-audit --no-fund --silent
	@touch $@

# The minified builds the HTML report inlines, copied from node_modules with their
# licences (BSD-3-Clause), source-map comments dropped (the file opens offline).
VENDOR_JS = vega/build/vega.min.js vega-lite/build/vega-lite.min.js vega-embed/build/vega-embed.min.js
vendor-js: js-deps
	@mkdir -p vendor/js
	@for f in $(VENDOR_JS); do pkg=$${f%%/*}; \
	  grep -v '^//# sourceMappingURL=' $(BROWSER)/node_modules/$$f > vendor/js/$$(basename $$f); \
	  cp $(BROWSER)/node_modules/$$pkg/LICENSE vendor/js/LICENSE-$$pkg; \
	  echo "$$pkg $$(node -p "require('./$(BROWSER)/node_modules/$$pkg/package.json').version")"; \
	done > vendor/js/VERSIONS

# The Vega-Lite twins of `make run`'s charts rendered by vega / vega-lite from
# npm (node; not part of `make test`): build/*.vega.svg, to compare with the SVGs.
vega-check: run js-deps
	@node $(BROWSER)/vega-render.mjs $(BUILD)/compare.vl.json $(BUILD)/compare-utilization.vl.json

bench: all
	@sh tools/deps.sh $(call pkgs_for,bench)
	@$(LUA_ENV) $(LUA) bench/run.lua
	@$(LUA_ENV) $(LUA) bench/sobol.lua
	@$(LUA_ENV) $(LUA) bench/serve_layout.lua

# The 1-thread ratio to numpy, flopcost and numpy runs interleaved (bench/ratio.lua).
bench-ratio: all
	@sh tools/deps.sh $(call pkgs_for,bench-ratio)
	@FLOPCOST_BUILD="$(BUILD)" $(LUA) bench/ratio.lua

# UNU.RAN's HINV against fc_hinv (why flopcost keeps its own: README "Speed").
bench-hinv: all
	@sh tools/deps.sh $(call pkgs_for,bench-hinv)
	@mkdir -p $(BUILD)/bench
	$(CC) -O2 -std=c99 -Icsrc/core -o $(BUILD)/bench/hinv_unuran bench/hinv_unuran.c $(CORELIB) -lunuran $(LIBS)
	@$(BUILD)/bench/hinv_unuran

# A real single-node Slurm cluster (slurm-wlm, munge; as root): the array jobs of
# examples/slurm, their merge jobs, and a byte-for-byte check against unsharded runs.
slurm-test: all
	@sh tools/slurm-test.sh

# libFuzzer targets (clang): make fuzz FUZZ_SECONDS=60. Seeds live in
# fuzz/seeds/<target>; new corpus entries go to build-fuzz/corpus/<target>.
FUZZ_SECONDS ?= 30
FUZZ_MAX_LEN ?= 4096
FUZZ_TIMEOUT ?= 30
FUZZ_TARGETS  = $(patsubst fuzz/%.c,%,$(wildcard fuzz/fuzz_*.c))
FUZZ_CFLAGS   = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -std=c99 -D_POSIX_C_SOURCE=200809L \
                -I$(LUA_INCDIR) -I/usr/include/cjson -Icsrc/core -Icsrc/lua -Ifuzz
fuzz:
	@sh tools/deps.sh $(call pkgs_for,fuzz)
	@mkdir -p build-fuzz
	@for t in $(FUZZ_TARGETS); do \
	  clang $(FUZZ_CFLAGS) -o build-fuzz/$$t fuzz/$$t.c $(CORE_SRC) $(BIND_SRC) -llua5.4 $(LIBS) || exit 1; \
	  mkdir -p build-fuzz/corpus/$$t; \
	  echo "== $$t ($(FUZZ_SECONDS) s)"; \
	  ./build-fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN) -timeout=$(FUZZ_TIMEOUT) -print_final_stats=1 \
	    -artifact_prefix=build-fuzz/ build-fuzz/corpus/$$t fuzz/seeds/$${t#fuzz_} >build-fuzz/$$t.log 2>&1; rc=$$?; \
	  grep -E 'stat::number_of_executed_units|stat::peak_rss' build-fuzz/$$t.log; \
	  if [ $$rc -ne 0 ] || grep -qE '^==[0-9]+==ERROR|^SUMMARY: |runtime error|Test unit written' build-fuzz/$$t.log; then \
	    grep -E -A15 'ERROR|SUMMARY|runtime error|Test unit written' build-fuzz/$$t.log | head -40; \
	    echo "fuzz: $$t FAILED (exit $$rc), log in build-fuzz/$$t.log"; exit 1; fi; \
	done

# The Jupyter kernel (kernel/flopcost_kernel.py, one flopcost repl per notebook) for this user;
# examples/notebooks/tour.ipynb uses it.
kernel:
	/usr/bin/python3 bin/flopcost-kernel install --user

# A source rock from the checkout (luarocks pack needs a reachable source URL: a
# tarball of HEAD here). luarocks on Debian defaults to Lua 5.1: --lua-version=5.4.
rock:
	@mkdir -p $(BUILD)/dist
	git archive --prefix=flopcost-0.1.0/ -o $(BUILD)/dist/flopcost-0.1.0.tar.gz HEAD
	$(LUA) tools/gen-rockspec.lua --url "file://$(abspath $(BUILD))/dist/flopcost-0.1.0.tar.gz" \
	  --dir flopcost-0.1.0 --out $(BUILD)/dist/flopcost-0.1.0-1.rockspec
	cd $(BUILD)/dist && luarocks --lua-version=5.4 pack flopcost-0.1.0-1.rockspec

# Coverage of the whole suite (C tests + specs) in build-cov: C lines by gcov
# (gcovr; the C core, csrc/core/, must stay at or above COV_FLOOR % of its
# lines), Lua lines by a line hook (tools/lua-coverage.lua; Debian has no
# luacov), figures in build-cov/coverage.txt.
COV_FLOOR ?= 90
COV_FLAGS  = -O0 -g --coverage
coverage:
	@sh tools/deps.sh $(call pkgs_for,coverage)
	@rm -rf build-cov
	@$(MAKE) --no-print-directory BUILD=build-cov CFLAGS="$(COV_FLAGS)" LDFLAGS="--coverage" all \
	  $(patsubst $(BUILD)/%,build-cov/%,$(TEST_BIN)) >/dev/null
	@mkdir -p build-cov/lua-lines
	@FC_LUA_COVERAGE="$(abspath build-cov/lua-lines)" LUA_INIT="@$(abspath tools/lua-coverage.lua)" \
	  BUILD=build-cov LUA="$(LUA)" BUSTED="$(BUSTED)" sh tools/run-tests.sh all build-cov "" | tail -n 1
	@gcovr -r . --object-directory build-cov/obj/core --filter 'csrc/core/' --print-summary \
	  -o build-cov/coverage-c.txt build-cov/obj/core | tee build-cov/coverage-c-summary.txt | tail -n 3
	@$(LUA) tools/lua-coverage.lua --report build-cov/lua-lines lua/flopcost | tee build-cov/coverage-lua.txt | tail -n 1
	@cat build-cov/coverage-c-summary.txt build-cov/coverage-lua.txt > build-cov/coverage.txt
	@pct=$$(sed -n 's/^lines: \([0-9.]*\)%.*/\1/p' build-cov/coverage-c-summary.txt); \
	  if [ -z "$$pct" ]; then echo "coverage: no C line figure"; exit 1; fi; \
	  if awk "BEGIN{exit !($$pct < $(COV_FLOOR))}"; then \
	    echo "coverage: C core lines $$pct% under the floor of $(COV_FLOOR)%"; exit 1; fi; \
	  echo "coverage: C core lines $$pct% (floor $(COV_FLOOR)%)"

# Static checks: luacheck over the Lua code, cppcheck over the C.
lint:
	@sh tools/deps.sh $(call pkgs_for,lint)
	luacheck -q lua spec examples bin/flopcost tools/*.lua bench/*.lua
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability --std=c99 \
	  --inline-suppr -Icsrc/core -Icsrc/lua --suppress=missingIncludeSystem --suppress=toomanyconfigs csrc fuzz examples/embed

clean:
	rm -rf build build-asan build-*
