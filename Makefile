# make run:     set up everything on SQLite and serve the portal on http://127.0.0.1:8000
# make test:    set up and run lint and the whole test suite (PostgreSQL when DATABASE_URL is set)
# make quality: only the real-browser quality checks (tests/quality; see the README)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet
MANAGE := $(BIN)/python manage.py

.PHONY: run test quality lint format messages clean bench

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version))."; exit 1; }
	$(PYTHON) -m venv $(VENV)

# The stamp files make a repeated run skip the install until a requirements file changes.
$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(PIP) install -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(PIP) install -r requirements-dev.txt
	@touch $(VENV)/.runtime-installed $@

# The quality checks' tools (tests/quality): Lighthouse and the Nu HTML Checker, from npm at the
# versions package-lock.json pins. Install scripts stay off: vnu-jar's would fetch a Java runtime,
# and the checks use the machine's own Java. Without npm the checks are skipped, loudly (under
# CI=true they fail instead).
NODE_STAMP := node_modules/.installed

$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "!!! No npm: the quality checks (tests/quality) will be SKIPPED."; \
		echo "!!! Install Node.js and npm (apt-get install nodejs npm) to run them."; \
	fi

# A checkout used for development gets DEBUG on, so manage.py commands work in it without
# further setup; production sets its variables in the real environment, which wins over .env.
.env:
	@printf '%s\n' '# Local development settings, written by make run. See .env.example.' \
		'DEBUG=true' > $@
	@echo "Wrote .env with DEBUG=true for local development."

run: $(VENV)/.runtime-installed .env
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) runserver 127.0.0.1:8000

# Production settings must pass Django's deployment checks with no warning; the values below
# only stand in for the real ones (a throwaway key, an example host) to load the settings.
DEPLOY_CHECK_ENV := DEBUG=false SECRET_KEY=deploy-check-$$(date +%s%N)-not-a-real-key-0123456789abcdef \
	ALLOWED_HOSTS=kemitraan.example.go.id SITE_URL=https://kemitraan.example.go.id

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	env -u DATABASE_URL $(DEPLOY_CHECK_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/bandit --quiet --recursive portal partnerships --exclude partnerships/migrations \
		--severity-level medium

test: lint $(NODE_STAMP)
	@CHROMIUM=$${CHROMIUM:-/usr/bin/chromium}; if [ ! -x "$$CHROMIUM" ]; then \
		echo "!!! No Chromium at $$CHROMIUM: the browser tests will be SKIPPED."; \
		echo "!!! Install it (apt-get install chromium) or set CHROMIUM to run them."; fi
	$(BIN)/python -m pytest

# Accessibility (axe-core), valid HTML (vnu), Lighthouse, page weight, keyboard and no-JavaScript
# journeys against the demo served by gunicorn with DEBUG off; `make test` runs them too.
quality: $(VENV)/.dev-installed $(NODE_STAMP)
	$(BIN)/python -m pytest tests/quality

format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Benchmarks at national scale (not part of `make test`): they fill a PostgreSQL database of
# their own with synthetic records (a million UMKM) the first time. See benchmarks/README.md.
# The throughput benchmark needs wrk (apt-get install wrk).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/portal_bench

bench: $(VENV)/.runtime-installed
	DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=true $(MANAGE) migrate -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=true $(MANAGE) seed_scale --umkm 1000000 --firms 10000
	DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=true $(BIN)/python benchmarks/recommendations.py --nearby
	$(BIN)/python benchmarks/schedule_build.py
	DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=true $(BIN)/python benchmarks/session_build.py
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python benchmarks/directory.py
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python benchmarks/throughput.py

# Needs GNU gettext (apt-get install gettext). The compiled .mo files are committed, so
# neither `make run` nor `make test` needs it.
messages: $(VENV)/.dev-installed
	DEBUG=true $(MANAGE) makemessages -l id -l en --no-location \
		--ignore=.venv --ignore=tests --ignore=staticfiles --ignore=node_modules
	DEBUG=true $(MANAGE) compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache node_modules build
