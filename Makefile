# Fit Atlas — build, test and publish the static site.
#
#   make            build build/fitgen
#   make site       build the whole site into site/
#   make test       run every test (unit, spec, golden, end-to-end)
#   make serve      preview site/ on http://127.0.0.1:8000
#
# Missing Debian packages are installed by `make deps` when run as root;
# otherwise it prints the exact apt-get line.

CC      ?= cc
PKGS    := libcjson libcmark
DEBS    := libcjson-dev libcmark-dev check pkg-config
# -Wconversion (with -Wsign-conversion, which it implies in C) is on for every
# file: a narrowing or sign change is written as a cast, where it is intended.
WARN    := -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes \
           -Wpointer-arith -Wcast-qual -Wvla -Wconversion
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
OPT     ?= -O2 -g
SAN     ?=
BUILD   ?= build

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null)

ALL_CFLAGS = $(CSTD) $(OPT) $(SAN) $(WARN) $(PKG_CFLAGS) -MMD -MP $(CFLAGS)
ALL_LDFLAGS = $(SAN) $(LDFLAGS)

LIB_SRC  := $(filter-out gen/main.c gen/fuzz_%.c,$(wildcard gen/*.c))
LIB_OBJ  := $(LIB_SRC:gen/%.c=$(BUILD)/obj/%.o)
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)


.PHONY: e2e memcheck
.PHONY: all deps site test unit serve clean asan valgrind bench bench-deps fuzz validate check-deps
.DEFAULT_GOAL := all

all: check-deps $(BUILD)/fitgen

# --- dependencies -----------------------------------------------------------
check-deps:
	@missing=""; \
	for p in $(PKGS) check; do pkg-config --exists $$p || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "fitgen: installing missing packages:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBS)) >&2 || exit 1; \
	  else \
	    echo "fitgen: missing libraries:$$missing"; \
	    echo "  run: sudo apt-get install -y $(DEBS)"; exit 1; \
	  fi; \
	fi

deps: check-deps

# --- the generator ----------------------------------------------------------
$(BUILD)/obj/%.o: gen/%.c | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libfit.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/fitgen: $(BUILD)/obj/main.o $(BUILD)/libfit.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm -lpthread

$(BUILD)/obj $(BUILD)/tests:
	mkdir -p $@

# --- tests ------------------------------------------------------------------
$(BUILD)/tests/%: tests/%.c $(BUILD)/libfit.a | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) -Igen -o $@ $< $(BUILD)/libfit.a $(PKG_LIBS) $(CHECK_LIBS) -lm -lpthread $(ALL_LDFLAGS)

unit: check-deps $(BUILD)/fitgen $(TEST_BIN)
	@set -e; for t in $(TEST_BIN); do echo "== $$t"; $$t; done

e2e: $(BUILD)/fitgen
	@python3 tests/e2e.py $(BUILD)/fitgen

# The README's test command: unit and end-to-end tests, a valgrind run of the
# site build, cppcheck (mk/lint.mk), the tests again built with
# AddressSanitizer/UBSan, and the quality gates (mk/gates.mk).
test: unit e2e memcheck
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory asan
	@$(MAKE) --no-print-directory gates

# --- the site ----------------------------------------------------------------
site: all
	$(BUILD)/fitgen build

serve: site
	@echo "serving site/ on http://127.0.0.1:8000 (Ctrl-C to stop)"
	cd site && python3 -m http.server 8000 --bind 127.0.0.1

# --- benchmarks (ratios measured in the same run; never asserted in tests) ---
$(BUILD)/bench/%: tests/bench/%.c $(BUILD)/libfit.a
	@mkdir -p $(BUILD)/bench
	$(CC) $(ALL_CFLAGS) -Igen -o $@ $< $(BUILD)/libfit.a $(PKG_LIBS) -lm -lpthread $(ALL_LDFLAGS)

bench-deps:
	@command -v hugo >/dev/null || { [ "$$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null 2>&1; } || echo "bench: hugo not installed (apt-get install hugo)"
	@[ -d tests/bench/node_modules/mustache ] || (cd tests/bench && npm ci --silent --no-audit --no-fund) || echo "bench: mustache.js not installed"

bench: all bench-deps $(BUILD)/bench/writefloor $(BUILD)/bench/renderbench
	python3 tests/bench/bench.py $(BUILD)

# --- sanitizers and leak checks ---------------------------------------------
asan:
	@echo "== unit and end-to-end tests under AddressSanitizer and UBSan"
	@$(MAKE) --no-print-directory BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined" unit e2e

# valgrind over a whole site build of the fixture catalog: 0 errors, 0 bytes
# definitely lost (CK_FORK=no lets it follow Check's tests in `valgrind`).
memcheck: $(BUILD)/fitgen
	@command -v valgrind >/dev/null || { [ "$$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null; }
	@echo "== valgrind: fitgen build of the fixture catalog"
	@rm -rf tests/out/memcheck && valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	  $(BUILD)/fitgen build --data tests/fixtures/catalog --out tests/out/memcheck --quiet && echo "valgrind: 0 errors, 0 bytes definitely lost"

valgrind: all $(TEST_BIN)
	@set -e; for t in $(TEST_BIN); do echo "== valgrind $$t"; \
	  CK_FORK=no valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite $$t; done

clean:
	rm -rf build build-asan build-fuzz

-include $(LIB_OBJ:.o=.d) $(BUILD)/obj/main.d
-include $(wildcard mk/*.mk)
