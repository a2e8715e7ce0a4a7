# newsfuse: `make demo` and `make test` work on a fresh machine with nothing installed by hand.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORPUS ?= examples
OUT ?= out/demo
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck venv clean bench

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/pip install -q -c requirements.lock -e '.[dev]'
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

test: $(STAMP) lint typecheck
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
