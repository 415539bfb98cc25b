# mk/bench.mk - the synthetic scale benchmark; included by the Makefile.
#
#   make bench-scale                        about 10,000 and 100,000 pages
#   make bench-scale SCALE="500x200"        models x hardware entries
#
# Clones the real catalog's entries up to the asked size in a temporary
# folder, builds it, and prints pages/s and the build's peak RSS (the
# streaming goal: flat as pages grow, under 200 MB at 100,000 pages).

SCALE ?= 50x67 200x167

.PHONY: bench-scale
bench-scale: all
	python3 tests/bench/scale.py $(BUILD) $(SCALE)
