# mk/fuzz.mk - fuzzing; included by the Makefile.
#
#   make fuzz-tpl                   build, then fuzz for FUZZ_SECONDS (60)
#   make fuzz-tpl FUZZ_SECONDS=600
#   make fuzz-load, make fuzz-md    the same for the loader and for Markdown
#   make fuzz                       all three, one after the other
#
# build-fuzz/fuzz_tpl is gen/fuzz_tpl.c (libFuzzer) over the engine alone,
# built with clang and AddressSanitizer + UndefinedBehaviorSanitizer. The
# seeds are tests/fuzz/tpl/ (committed, read only); inputs libFuzzer finds
# interesting go to build-fuzz/corpus-tpl/, crashes to build-fuzz/crash-*.
# Reproduce one with: build-fuzz/fuzz_tpl build-fuzz/crash-...
#
# build-fuzz/fuzz_load is gen/fuzz_load.c over the loader (load.c and what it
# needs): the first input byte picks the file (m, h, q, w or s), the rest is
# its text; run it from the repository root (it copies tests/fixtures/catalog).
# build-fuzz/fuzz_md is gen/fuzz_md.c over md.c, checking that no script, no
# event attribute and no dangerous URL reaches the HTML. Seeds: tests/fuzz/load/
# and tests/fuzz/md/; corpora: build-fuzz/corpus-load/, build-fuzz/corpus-md/.

FUZZ_CC         ?= clang
FUZZ_SECONDS    ?= 60
FUZZ_TPL_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 -fno-omit-frame-pointer \
                   -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
                   $(shell pkg-config --cflags libcjson 2>/dev/null)
FUZZ_TPL_LIBS   := $(shell pkg-config --libs libcjson 2>/dev/null) -lm
FUZZ_TPL_SRC    := $(wildcard gen/tpl_*.c) gen/buf.c gen/util.c gen/fuzz_tpl.c

FUZZ_LOAD_SRC   := gen/load.c gen/jsonsyntax.c gen/md.c gen/model.c gen/diag.c gen/estimate.c \
                   gen/buf.c gen/util.c gen/fuzz_load.c
FUZZ_MD_SRC     := gen/md.c gen/buf.c gen/util.c gen/fuzz_md.c
FUZZ_APP_LIBS   := $(shell pkg-config --libs libcjson libcmark 2>/dev/null) -lm
FUZZ_APP_CFLAGS := $(FUZZ_TPL_CFLAGS) $(shell pkg-config --cflags libcmark 2>/dev/null)
FUZZ_RUN        := -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
                   -artifact_prefix=build-fuzz/ -print_final_stats=1

.PHONY: fuzz-tpl fuzz-load fuzz-md fuzz

build-fuzz/fuzz_tpl: $(FUZZ_TPL_SRC) $(wildcard gen/tpl*.h) gen/buf.h gen/util.h mk/fuzz.mk
	@mkdir -p build-fuzz
	$(FUZZ_CC) $(FUZZ_TPL_CFLAGS) -Igen -o $@ $(FUZZ_TPL_SRC) $(FUZZ_TPL_LIBS)

fuzz-tpl: build-fuzz/fuzz_tpl
	@mkdir -p build-fuzz/corpus-tpl
	build-fuzz/fuzz_tpl -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	  -artifact_prefix=build-fuzz/ -print_final_stats=1 build-fuzz/corpus-tpl tests/fuzz/tpl

build-fuzz/fuzz_load: $(FUZZ_LOAD_SRC) $(wildcard gen/*.h) mk/fuzz.mk
	@mkdir -p build-fuzz
	$(FUZZ_CC) $(FUZZ_APP_CFLAGS) -Igen -o $@ $(FUZZ_LOAD_SRC) $(FUZZ_APP_LIBS)

build-fuzz/fuzz_md: $(FUZZ_MD_SRC) gen/md.h gen/buf.h gen/util.h mk/fuzz.mk
	@mkdir -p build-fuzz
	$(FUZZ_CC) $(FUZZ_APP_CFLAGS) -Igen -o $@ $(FUZZ_MD_SRC) $(FUZZ_APP_LIBS)

fuzz-load: build-fuzz/fuzz_load
	@mkdir -p build-fuzz/corpus-load
	build-fuzz/fuzz_load $(FUZZ_RUN) build-fuzz/corpus-load tests/fuzz/load

fuzz-md: build-fuzz/fuzz_md
	@mkdir -p build-fuzz/corpus-md
	build-fuzz/fuzz_md $(FUZZ_RUN) build-fuzz/corpus-md tests/fuzz/md

fuzz: fuzz-tpl fuzz-load fuzz-md
