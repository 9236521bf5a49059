# Mailtrail: `make run` starts everything on embedded defaults; `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test bench translations extract-messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d webapp/translations

extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l --no-location --omit-header -o webapp/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i webapp/translations/messages.pot -d webapp/translations

run: $(VENV)/.installed translations
	scripts/run.sh

test: $(VENV)/.installed-test translations
	scripts/test.sh

bench: $(VENV)/.installed-test translations
	scripts/bench.sh

clean:
	rm -rf $(VENV) .pytest_cache tests/artifacts
