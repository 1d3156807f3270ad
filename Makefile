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

demo: install assets messages
	GARRISON_DEMO=1 DEBUG=$${DEBUG:-1} $(BIN)/garrison migrate --noinput -v 0
	GARRISON_DEMO=1 $(BIN)/garrison load_demo --url http://$(HOST):$(PORT)/
# The timer watcher runs beside the server and stops with it (Ctrl-C).
	GARRISON_DEMO=1 $(BIN)/garrison watch_timers & watcher=$$!; \
	trap 'kill $$watcher 2>/dev/null' EXIT; \
	GARRISON_DEMO=1 DEBUG=$${DEBUG:-1} $(BIN)/garrison runserver $(HOST):$(PORT)

test: install assets messages
	$(BIN)/pytest -q -n 2 --dist loadfile

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy garrison bench

bench: install assets messages
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) node_modules garrison/core/static/vendor var
