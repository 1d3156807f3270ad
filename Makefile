# Garrison — the two commands: `make demo` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test test-browser test-fast bench lint assets messages install serve clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.package-lock.json

assets: node_modules/.package-lock.json
	node scripts/assets.mjs

# Translations: .po files are the source; .mo files are compiled at install.
messages: $(STAMP)
	cd garrison && ../$(BIN)/garrison compilemessages --ignore '.venv' -v 0

# Without DEBUG, as users will see it: a mistyped address shows Garrison's own 404 page, not
# Django's debug page listing every URL (WhiteNoise serves the static files either way).
# `DEBUG=1 make demo` for Django's debug pages.
demo: install assets messages
	GARRISON_DEMO=1 DEBUG=$${DEBUG:-0} $(BIN)/garrison migrate --noinput -v 0
	GARRISON_DEMO=1 $(BIN)/garrison load_demo --basemap --url http://$(HOST):$(PORT)/
# One server process and one worker beside it (badge batches, roster solves, the sweep of jobs
# whose worker died); Ctrl-C stops both, and a job the worker was on is picked up again at the
# next start. The response-timer watcher runs inside the server, not the worker, so its alerts
# reach the pages over the same in-process live feed (no Redis needed for the demo).
	export GARRISON_DEMO=1 GARRISON_TIMERS_IN_SERVER=1 DEBUG=$${DEBUG:-0}; \
	$(BIN)/garrison worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; trap 'exit 130' INT TERM; \
	$(BIN)/uvicorn garrison.asgi:application --host $(HOST) --port $(PORT)

# Two workers that take work from each other, so one long module does not leave a core idle.
# Bytecode is cached even where the environment turns that off (PYTHONDONTWRITEBYTECODE): the
# suite starts several Python processes, and compiling the project anew in each costs seconds.
test: install assets messages
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -q -n 2 --dist worksteal

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy garrison bench scripts/topology.py
	$(BIN)/lint-imports

bench: install assets messages
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) node_modules garrison/core/static/vendor var
