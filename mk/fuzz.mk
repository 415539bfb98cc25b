# mk/fuzz.mk - fuzzing the Mustache engine; included by the Makefile.
#
#   make fuzz-tpl                   build, then fuzz for FUZZ_SECONDS (60)
#   make fuzz-tpl FUZZ_SECONDS=600
#
# build-fuzz/fuzz_tpl is gen/fuzz_tpl.c (libFuzzer) over the engine alone,
# built with clang and AddressSanitizer + UndefinedBehaviorSanitizer. The
# seeds are tests/fuzz/tpl/ (committed, read only); inputs libFuzzer finds
# interesting go to build-fuzz/corpus-tpl/, crashes to build-fuzz/crash-*.
# Reproduce one with: build-fuzz/fuzz_tpl build-fuzz/crash-...

FUZZ_CC         ?= clang
FUZZ_SECONDS    ?= 60
FUZZ_TPL_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 -fno-omit-frame-pointer \
                   -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
                   $(shell pkg-config --cflags libcjson 2>/dev/null)
FUZZ_TPL_LIBS   := $(shell pkg-config --libs libcjson 2>/dev/null) -lm
FUZZ_TPL_SRC    := $(wildcard gen/tpl_*.c) gen/buf.c gen/util.c gen/fuzz_tpl.c

.PHONY: fuzz-tpl fuzz

build-fuzz/fuzz_tpl: $(FUZZ_TPL_SRC) $(wildcard gen/tpl*.h) gen/buf.h gen/util.h mk/fuzz.mk
	@mkdir -p build-fuzz
	$(FUZZ_CC) $(FUZZ_TPL_CFLAGS) -Igen -o $@ $(FUZZ_TPL_SRC) $(FUZZ_TPL_LIBS)

fuzz-tpl: build-fuzz/fuzz_tpl
	@mkdir -p build-fuzz/corpus-tpl
	build-fuzz/fuzz_tpl -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	  -artifact_prefix=build-fuzz/ -print_final_stats=1 build-fuzz/corpus-tpl tests/fuzz/tpl

fuzz: fuzz-tpl
