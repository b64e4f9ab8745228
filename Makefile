# `make run` serves the app on SQLite with demo data; `make test` runs the whole suite.
# The operating system's Python first: Debian's is built with profile-guided and link-time optimisation, where
# an interpreter compiled by a version manager usually is not (on this project's machines pyenv's 3.11 ran the
# app's code at about half the speed, and the test suite and every benchmark with it).
PYTHON ?= $(shell command -v /usr/bin/python3.11 || command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PYTEST_ARGS ?= -n auto
STAMP := $(VENV)/.installed

.PHONY: run test test-sqlite test-postgresql lint translations extract-messages worker bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

translations: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d partners/translations >/dev/null

run: $(STAMP) translations
	APP_ENV=development $(FLASK) db upgrade
	APP_ENV=development $(FLASK) seed-demo --if-empty
	@echo "Mail is printed here by the worker (MAIL_TRANSPORT=console). Open http://127.0.0.1:5000"
	APP_ENV=development $(FLASK) mail worker --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	APP_ENV=development $(FLASK) run --debug --host 127.0.0.1 --port 5000

worker: $(STAMP) translations
	$(FLASK) mail worker

# SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (as .ci/run does).
test: test-sqlite test-postgresql

test-sqlite: $(STAMP) translations
	env -u TEST_DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

test-postgresql: $(STAMP) translations
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== again on $$TEST_DATABASE_URL"; \
		$(BIN)/pytest $(PYTEST_ARGS); \
	else echo "TEST_DATABASE_URL is not set: PostgreSQL run skipped"; fi

# Figures, not assertions: CSV import/export and staff search on a throwaway database.
bench: $(STAMP) translations
	$(BIN)/python bench/members.py --partners 2000
	$(BIN)/python bench/events.py
	$(BIN)/python bench/awards.py

lint: $(STAMP)
	$(BIN)/ruff check .

# After changing user-facing strings: extract, merge into ja.po, translate the new entries, commit.
extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -o partners/translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i partners/translations/messages.pot -d partners/translations --ignore-obsolete

clean:
	rm -rf $(VENV) instance .pytest_cache
