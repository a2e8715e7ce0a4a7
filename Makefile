# newsfuse: `make demo` and `make test` work on a fresh machine with nothing installed by hand.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORPUS ?= examples
OUT ?= out/demo
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck venv clean browser map

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/pip install -q -c requirements.lock -e '.[dev]'
	$(BIN)/newsfuse places --build
	@$(MAKE) --no-print-directory $(WORLD_MAP) || \
	  echo "note: the console's world map could not be built (it needs npm); the console says so instead"
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/newsfuse run $(CORPUS) --out $(OUT)
	@echo ""
	@echo "Outputs are in $(OUT)/: newsfuse.duckdb, stories.json, articles/, briefs/ (open briefs/*.html in a browser)"

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

# Headless Chromium for the brief's browser test (Debian package; best effort: the test skips
# with a reason where no browser can be installed).
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1; } || \
	  echo "note: chromium not installed; the browser test will be skipped"

# The console's world map, vendored at build time (not committed): Natural Earth 1:110m countries
# (public domain) from the npm package world-atlas (ISC), turned into pre-projected SVG paths by
# newsfuse.web.geo (~55 KB). Built once by the venv step; `make map` builds it again.
WORLD_ATLAS ?= world-atlas@2.0.2
WORLD_MAP := src/newsfuse/web/static/world-110m.json
$(WORLD_MAP):
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  npm pack --silent --pack-destination "$$tmp" $(WORLD_ATLAS) >/dev/null && \
	  tar -xzf "$$tmp"/world-atlas-*.tgz -C "$$tmp" package/countries-110m.json && \
	  $(BIN)/python -m newsfuse.web.geo "$$tmp/package/countries-110m.json" $@

map: $(STAMP)
	rm -f $(WORLD_MAP)
	$(MAKE) --no-print-directory $(WORLD_MAP)

test: $(STAMP) lint typecheck browser
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
