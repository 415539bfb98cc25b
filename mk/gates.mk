# Quality gates (issue 9): valid HTML, no broken links, axe accessibility,
# browser flows with screenshots, Lighthouse. Included by the Makefile.
#
#   make gates-deps   Chromium and Java from apt (as root), npm ci in tests/gates;
#                     a no-op when everything is already there
#   make gates        build the fixture site and the full site, run every gate
#
# Variables: GATES_FULL=site reuses an existing full build (e.g. from
# `make site`) instead of tests/out/full-site; GATES_SEED=N repeats a sample;
# GATES_ONLY=vnu,links runs some gates; CI=1 or GATES_REQUIRE_BROWSER=1 makes a
# missing browser or Java a failure instead of a loud skip.

GATES_DIR   := tests/gates
GATES_SITE  := tests/out/gates-site
GATES_FULL  ?= tests/out/full-site
GATES_ONLY  ?= vnu,links,axe,flows,lighthouse
GATES_STAMP := $(GATES_DIR)/node_modules/.package-lock.json
GATES_DEBS  := chromium fonts-liberation

.PHONY: gates gates-deps gates-sites

gates-deps:
	@need=""; \
	command -v java >/dev/null 2>&1 || need="$$need default-jre-headless"; \
	{ [ -n "$$CHROMIUM" ] || [ -x /usr/bin/chromium ]; } || need="$$need $(GATES_DEBS)"; \
	{ command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; } || need="$$need nodejs npm"; \
	if [ -n "$$need" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "gates: installing$$need"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$need) >/dev/null 2>&1 \
	      || echo "gates: !!! apt-get install$$need FAILED: the gates that need it will be skipped LOUDLY" >&2; \
	  else \
	    echo "gates: !!! missing:$$need"; \
	    echo "gates:     run: sudo apt-get install -y$$need"; \
	  fi; \
	fi
	@node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null \
	  || { echo "gates: Node.js 20.19 or newer is needed for tests/gates (found: $$(node --version 2>&1))"; exit 1; }
	@if [ ! -f $(GATES_STAMP) ] || [ $(GATES_DIR)/package-lock.json -nt $(GATES_STAMP) ] \
	    || [ $(GATES_DIR)/package.json -nt $(GATES_STAMP) ]; then \
	  echo "gates: npm ci in $(GATES_DIR)"; \
	  cd $(GATES_DIR) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; \
	fi

# The fixture site always; the full site unless GATES_FULL points at an
# existing build (fitgen rewrites only the files that changed).
gates-sites: all
	@mkdir -p tests/out
	$(BUILD)/fitgen build --data tests/fixtures/catalog --out $(GATES_SITE) --quiet
	@if [ "$(GATES_FULL)" = tests/out/full-site ] || [ ! -f "$(GATES_FULL)/index.html" ]; then \
	  echo "$(BUILD)/fitgen build --out $(GATES_FULL) --quiet"; \
	  $(BUILD)/fitgen build --out $(GATES_FULL) --quiet; \
	fi

gates: gates-deps gates-sites
	@node $(GATES_DIR)/run.js --fixture $(GATES_SITE) --full $(GATES_FULL) --only $(GATES_ONLY)
