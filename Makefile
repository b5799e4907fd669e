# ClearHold: `make demo` and `make test` set up everything on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime-installed
TESTDEPS := $(VENV)/.test-installed
DIST := src/clearhold/web/static/dist
ASSETS := $(DIST)/.built
CHROMIUM ?= /usr/bin/chromium
FRONTEND_SOURCES := $(shell find frontend -type f 2>/dev/null)
LINTED := src tests bench $(wildcard scripts)

.PHONY: demo test lint audit bench install assets chromium clean constraints

demo: $(RUNTIME) $(ASSETS)
	$(BIN)/clearhold demo

test: $(TESTDEPS) $(ASSETS) chromium
	$(BIN)/pytest

lint: $(TESTDEPS)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/lint-imports --no-cache

# Security: bandit on the code (medium and high findings fail; each accepted one carries a
# "# nosec <test> # reason" comment), then the pinned dependencies: against the shipped offline
# advisory snapshot (scripts/advisories/; matches fail unless scripts/advisory-allowlist.toml
# explains them), against the package index for newer patch releases (warnings; about 20 s,
# CLEARHOLD_AUDIT_SKIP_INDEX=1 skips it) and with pip-audit when an online service answers.
audit: $(TESTDEPS)
	$(BIN)/bandit --quiet --recursive src --severity-level medium
	$(BIN)/python scripts/dependency_audit.py constraints.txt

bench: $(TESTDEPS)
	$(BIN)/python bench/run.py

install: $(RUNTIME)
assets: $(ASSETS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"

$(RUNTIME): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

# The test dependencies include the runtime ones: one pip run installs both (building the
# editable project once, not twice, on a fresh clone) and marks both installed.
$(TESTDEPS): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(RUNTIME) $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(ASSETS): node_modules/.installed $(FRONTEND_SOURCES)
	npm run --silent build
	touch $@

# Browser tests drive Debian's Chromium and the document tests read PDFs with poppler-utils
# (pdftotext, pdftoppm); install them when missing (root only), never a download.
chromium:
	@if [ ! -x "$(CHROMIUM)" ] || ! command -v pdftotext >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; \
	  else \
	    echo "The tests need Debian's Chromium and poppler-utils: sudo apt-get install chromium poppler-utils"; exit 1; \
	  fi; \
	fi

# Refresh the pinned versions after changing pyproject.toml.
constraints: $(TESTDEPS)
	$(BIN)/pip freeze --exclude-editable | grep -v '^clearhold' > constraints.txt

clean:
	rm -rf $(VENV) node_modules $(DIST) var test-results
