# Two commands for a fresh machine with Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
DEV_ENV := DEBUG=true

.PHONY: run test lint format messages bench bench-registry bench-requests bench-load bench-sppis bench-forms audit lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-installs when pyproject.toml changes.
$(VENV)/.installed-app: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-app

run: $(VENV)/.installed-app
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py seed_demo
	$(DEV_ENV) $(BIN)/python manage.py runserver $(HOST)

# The local OpenID Connect provider of the federal login's tests (npm's oidc-provider, run by
# node): installed when npm is there, otherwise those tests are skipped with a banner.
FAS_PROVIDER := tests/fas/provider
$(FAS_PROVIDER)/node_modules/.package-lock.json: $(FAS_PROVIDER)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix $(FAS_PROVIDER) --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the federal login's provider tests will be skipped"; fi

test: $(VENV)/.installed-test $(FAS_PROVIDER)/node_modules/.package-lock.json
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Translations (needs gettext): refreshes locale/{fr,nl,de,en}/LC_MESSAGES/django.po from the
# code (French msgids; the fr catalogue repeats them), then compiles the .mo files, which are
# committed. Translate the new entries of nl, de and en, then run it again.
messages: $(VENV)/.installed-app
	$(DEV_ENV) $(BIN)/python manage.py makemessages -l fr -l nl -l de -l en --no-obsolete \
		--add-location=file --ignore=.venv --ignore=staticfiles --ignore=test-artifacts \
		--ignore=tests --ignore=bench --ignore=build
	msgen --no-wrap -o locale/fr/LC_MESSAGES/django.po locale/fr/LC_MESSAGES/django.po
	$(DEV_ENV) $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=staticfiles

# pip-audit of requirements.lock: fails on a known vulnerability; says loudly when the
# vulnerability service could not check the dependencies (fails then if AUDIT_REQUIRE_COMPLETE=1).
audit: $(VENV)/.installed-test
	$(BIN)/python .ci/audit.py

# Regenerates requirements.lock from pyproject.toml in a throwaway virtualenv.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet '.[test,bench]'
	{ sed -n '1,3p' requirements.lock; .lock-venv/bin/python -m pip freeze --exclude-editable \
		| grep -iv '^primaweb'; } > requirements.lock.new
	mv requirements.lock.new requirements.lock
	rm -rf .lock-venv build

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-artifacts

# Benchmarks (not tests): the package bench/, run as modules from the project root (its
# settings are bench.settings); each prints a table and writes bench-results/<name>.json.
# Registry benchmark: SIZE persons (default 1,000,000) on SQLite, or on DATABASE_URL; national
# scale: `make bench-registry SIZE=11800000 DATABASE_URL=postgres://…/db` (docs/performance.md).
SIZE ?= 1000000
bench-registry: $(VENV)/.installed-app
	$(BIN)/python -m bench.registry_bench --size $(SIZE) $(if $(DATABASE_URL),,--import-csv)

# CPAS Online requests benchmark (not a test): 100,000 requests over 10 CPAS, gunicorn with
# 2 workers, wrk with 8 connections (installed with apt-get when missing). SQLite, or DATABASE_URL.
bench-requests: $(VENV)/.installed-app
	$(BIN)/python -m bench.requests_bench

# Simulated SPP IS benchmark (not a test): FORMS messages (default 20,000) answered by
# sppis_process on a fresh SQLite database, or on DATABASE_URL's (empty) PostgreSQL. Goal:
# 1,000 forms a second on SQLite. bench/sppis_bench.py.
FORMS ?= 20000
bench-sppis: $(VENV)/.installed-app
	$(BIN)/python -m bench.sppis_bench --forms $(FORMS)

# « Lister les formulaires » benchmark (not a test): 100,000 forms B and C over 10 CPAS, the
# request list's method (gunicorn 2 workers, wrk 8 connections, rounds); target: the list at
# 0.35 × the bare page or better. SQLite, or DATABASE_URL. bench/forms_bench.py.
bench-forms: $(VENV)/.installed-app
	$(BIN)/python -m bench.forms_bench

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@

# Load test (not a test): the mixed agent workload, locust 16 users for 60 s against gunicorn
# (2 workers) on PostgreSQL (BENCH_DATABASE_URL's server, default the local one): zero errors
# and no lost write, or it fails. bench/load_bench.py.
bench-load: $(VENV)/.installed-bench
	$(BIN)/python -m bench.load_bench

# The four benchmarks (registry, requests, forms list, load) on PostgreSQL, then one table
# (page/operation, p50, p95, req/s, speed relative to the bare template page of the same
# gunicorn run), built from their JSON files.
# Copy it into docs/performance.md. The table of the JSON already there, without running:
# `.venv/bin/python -m bench.load_summary --no-run`.
# At national scale (opt-in, #17): `make bench SIZE=11800000 DATABASE_URL=postgres://…/db` runs
# the registry benchmark at SIZE persons on that server (about 40 minutes and 10 GB here).
BENCH_REGISTRY_SIZE ?= 200000
bench: $(VENV)/.installed-bench
	$(BIN)/python -m bench.load_summary --registry-size \
		$(if $(filter command line environment,$(origin SIZE)),$(SIZE),$(BENCH_REGISTRY_SIZE))
