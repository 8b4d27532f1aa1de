# iphub — the two commands of the quick start are `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test
DEMO_PORT ?= 5000

.PHONY: demo demo-reset test test-fast bench lint format clean install schemas

# -qq: pip's and setuptools' warnings stay out of the way; errors are still printed.
$(STAMP): setup.cfg pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "installing iphub and its dependencies into $(VENV)"
	@$(BIN)/python -m pip install -qq --upgrade pip
	@$(BIN)/python -m pip install -qq -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

## make schemas: the official ST.96 and OAI-PMH schemas, located or downloaded (one line offline)
schemas: $(STAMP)
	@$(BIN)/iphub xsd fetch --optional --timeout 20

## make demo: simulated ASEAN offices → harvest → ST.96 → OAI-PMH node on http://127.0.0.1:5000/
## (or the next free port; `make demo DEMO_PORT=8000` to start looking elsewhere)
demo: schemas
	$(BIN)/iphub demo --port $(DEMO_PORT)

## make demo-reset: forget the demo's database and documents (schemas and secret key stay)
demo-reset:
	rm -f instance/iphub.sqlite instance/iphub.sqlite-wal instance/iphub.sqlite-shm
	rm -rf instance/documents

## make test: the whole suite (SQLite; PostgreSQL too when IPHUB_TEST_DATABASE_URL is set);
## without schemas (offline, no copy) the schema tests are skipped, naming `iphub xsd fetch`
## One pytest worker more than the CPUs: much of the suite waits on real subprocesses, servers
## and browsers, and the spare worker keeps the CPUs busy meanwhile (`make test TEST_WORKERS=1`).
TEST_WORKERS ?= $(shell $(PYTHON) -c 'import os; print(len(os.sched_getaffinity(0)) + 1)')
test: schemas
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup -q

## make bench: throughput figures recorded in docs/benchmarks.md
bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	find instance -mindepth 1 -maxdepth 1 ! -name .gitkeep ! -name st96 ! -name oai-pmh \
		-exec rm -rf {} +
