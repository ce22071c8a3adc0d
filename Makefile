# polc — top-level entry points.  Two commands do all set-up on a fresh
# Debian machine:
#   make run    install missing build dependencies, build, check and run the
#               example policies
#   make test   the same set-up, then every test
# Other targets: build, deps, install (PREFIX=/usr/local), clean.

BUILD    ?= build
MAKEFLAGS += --no-print-directory
PREFIX   ?= /usr/local
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)
# CI builds with -Werror; a developer's build only warns.
WERROR   ?= $(if $(CI),ON,OFF)

# The award policies of the seed documents, in the order they stack
# (从高不重复 ties go to the policy named first).
SEED_POLICIES = policies/xuhui-ai-2022.pol policies/xuhui-llm-2023.pol \
                policies/lingang-ai-2020.pol policies/putuo-software-2024.pol

# Debian packages polc builds with, and a command or file proving each.
DEB_PACKAGES = gcc make cmake pkg-config flex bison libgccjit-12-dev nettle-dev libz3-dev libcmocka-dev python3 time clang libclang-rt-14-dev vim groff-base man-db gettext libjson-c-dev neovim emacs-nox elpa-eglot \
  libzip-dev libexpat1-dev libxlsxwriter-dev libsqlite3-dev sqlite3 libpq-dev \
  postgresql-15 postgresql-server-dev-15 chromium fonts-wqy-microhei python3-openpyxl libc-l10n

.PHONY: run test build policies-readme deps configure install clean fuzz-diff bench \
        test-sanitize fuzz lint

# The sanitizer build (AddressSanitizer + UndefinedBehaviorSanitizer, leaks
# included) and the libFuzzer build (clang) live in their own directories.
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
# Every sanitizer report fails the run; libgccjit's own allocations are
# suppressed (tests/lsan.supp), never polc's.
SAN_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
          UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
          LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0

# The expected outputs are English: the tests run in the C locale (UTF-8),
# whatever the caller's language; the Chinese ones set it themselves.
TEST_ENV = env -u LANGUAGE LC_ALL=C.UTF-8

# polc against a hand-written C loop on 1,000,000 synthetic applicants
# (generated once under build-bench/bench-data); see bench/README.md.  The
# figures come from a Release build (-O2, no -g) of its own.
BENCH_BUILD ?= build-bench
BENCH_ROWS  ?= 1000000
bench:
	cmake -S . -B $(BENCH_BUILD) -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS_RELEASE=-O2 \
	      -DPOLC_WERROR=$(WERROR) > /dev/null
	cmake --build $(BENCH_BUILD) -j $(JOBS) --target polc polc_stdlib polcrt gen_registry baseline bench_engines
	sh bench/run.sh $(BENCH_BUILD) $(BENCH_ROWS)
	sh bench/sqlite.sh $(BENCH_BUILD)
	sh bench/compare.sh $(BENCH_BUILD)
	sh bench/postgres.sh $(BENCH_BUILD)
	sh bench/xlsx.sh $(BENCH_BUILD)

# The two engines on random policies and registries, for SECONDS seconds
# (default 600); a disagreement keeps its files and names its seed.
SECONDS ?= 600
fuzz-diff: build
	SECONDS_LIMIT=$(SECONDS) sh tests/diff/run.sh $(BUILD)/polc forever $$(date +%s)

run: build
	@echo "== polc check examples/ policies/ stdlib/"
	$(BUILD)/polc check examples policies stdlib
	@echo "== polc test examples/ policies/"
	$(BUILD)/polc test examples policies
	@echo "== polc eval: the four seed policies over examples/registry.csv (60 applicants)"
	$(BUILD)/polc eval $(SEED_POLICIES) --registry examples/registry.csv --format table
	@echo "== polc eval --summary: what they cost"
	$(BUILD)/polc eval $(SEED_POLICIES) --registry examples/registry.csv --summary
	@echo "== polc check: every diagnostic a drafter sees, on a policy with mistakes"
	@$(BUILD)/polc check --color never tests/golden/check/mistakes.pol || \
	  echo "(these errors are expected: the draft has its mistakes on purpose)"

test: build
	@echo "== the test suite"
	cd $(BUILD) && $(TEST_ENV) ctest --output-on-failure -j $(JOBS)
	@$(MAKE) test-sanitize
	@$(MAKE) fuzz FUZZ_SECONDS=10

# The whole suite again under ASan + UBSan + LeakSanitizer.
test-sanitize: deps
	@echo "== the test suite under AddressSanitizer + UndefinedBehaviorSanitizer"
	@test -f $(ASAN_BUILD)/CMakeCache.txt || \
	  cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPOLC_SANITIZE=ON \
	        -DPOLC_WERROR=$(WERROR) -DPOLC_BENCH=OFF
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && $(TEST_ENV) $(SAN_ENV) ctest --output-on-failure -j $(JOBS)

# Each libFuzzer harness for FUZZ_SECONDS seconds, from the seed corpus (the
# tests, the policies, the examples).  A crash, leak or hang stops the run and
# leaves its input in $(FUZZ_BUILD)/artifacts/.
fuzz: deps
	@test -f $(FUZZ_BUILD)/CMakeCache.txt || \
	  CC=clang cmake -S . -B $(FUZZ_BUILD) -DPOLC_FUZZ=ON -DPOLC_TESTS=OFF -DPOLC_BENCH=OFF
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_policy fuzz_registry fuzz_cells fuzz_lsp fuzz_xlsx
	@mkdir -p $(FUZZ_BUILD)/artifacts
	@for h in policy registry cells lsp xlsx; do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$h; \
	  echo "== fuzz_$$h for $(FUZZ_SECONDS) s"; \
	  log=$(FUZZ_BUILD)/fuzz_$$h.log; \
	  if $(SAN_ENV) $(FUZZ_BUILD)/tests/fuzz/fuzz_$$h -max_total_time=$(FUZZ_SECONDS) \
	       -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
	       -artifact_prefix=$(FUZZ_BUILD)/artifacts/ \
	       $$(test -f tests/fuzz/$$h.dict && echo -dict=tests/fuzz/$$h.dict) \
	       $(FUZZ_BUILD)/corpus/$$h $$(sh tests/fuzz/seeds.sh $$h) >$$log 2>&1; then \
	    grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb)" $$log; \
	  else \
	    tail -40 $$log; echo "fuzz_$$h found a problem: see $$log"; exit 1; \
	  fi; \
	done

# clang-tidy (its checks in .clang-tidy) over every file of
# build/compile_commands.json, then scan-build's static analyser over a
# fresh build (its HTML report in build-scan/report).  Findings are printed
# for a reviewer to weigh, not failures; not part of make test.
LINT_PACKAGES = clang-tidy clang-tools
LINT_BUILD ?= build-scan
lint: build
	@for p in $(LINT_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || \
	  { echo "make lint needs: apt-get install -y $(LINT_PACKAGES)"; exit 1; }; done
	run-clang-tidy -quiet -p $(BUILD) -j $(JOBS) '$(CURDIR)/(lang|compiler|runtime|driver)/.*\.c$$'
	rm -rf $(LINT_BUILD)
	scan-build -o $(LINT_BUILD)/report cmake -S . -B $(LINT_BUILD) -DPOLC_TESTS=OFF -DPOLC_BENCH=OFF >/dev/null
	scan-build -o $(LINT_BUILD)/report cmake --build $(LINT_BUILD) -j $(JOBS)

build: configure
	cmake --build $(BUILD) -j $(JOBS)

# policies/README.md's coverage table, rewritten from `polc doc --format
# markdown policies/*.pol` (ctest cli.policies_readme fails when it differs).
policies-readme: build
	sh tests/tools/policies_readme.sh $(BUILD)/polc .

configure: deps
	@test -f $(BUILD)/CMakeCache.txt || \
	  cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX) -DPOLC_WERROR=$(WERROR)

# Installs what is missing with apt-get when run as root; otherwise prints the
# exact command and stops.
deps:
	@missing=""; \
	for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "== installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else \
	  echo "polc needs these Debian packages:$$missing"; \
	  echo "run:  sudo apt-get install -y$$missing"; \
	  exit 1; \
	fi

install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(BENCH_BUILD)
