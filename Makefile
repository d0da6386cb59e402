# Lianxin: `make demo` and `make test` are all a fresh machine needs (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
ASSETS := node_modules/.installed
PYTEST_ARGS ?= -n 2

.PHONY: install assets demo serve test test-sqlite test-postgres lint format messages bench bench-smoke clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

install: $(STAMP)

# Bootstrap and ECharts come from the npm registry at install time; their files are never committed.
$(ASSETS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: $(ASSETS)

# Served as in production: gunicorn (workers from the core count, deploy/gunicorn.conf.py; static
# files by WhiteNoise) and one task worker beside it; Ctrl-C stops both. LIANXIN_BIND moves it.
define SERVE
@echo "Serving Lianxin on http://$${LIANXIN_BIND:-127.0.0.1:8000} through gunicorn (Ctrl-C stops it); a task worker runs imports and supervision beside it"
@$(PY) manage.py run_worker --queue-name '*' --no-reload -v 0 & worker=$$!; \
trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
$(VENV)/bin/gunicorn -c deploy/gunicorn.conf.py
endef

demo: install assets
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py load_demo
	$(SERVE)

# The same against the configured database (DATABASE_URL, see README "Production"), no demo data.
serve: install assets
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v 0
	$(SERVE)

# The whole suite on SQLite, then on a throwaway PostgreSQL cluster when a server is installed.
# LIANXIN_REQUIRE_POSTGRES=1 (set by .ci/run) turns a missing PostgreSQL into a failure.
test: install assets
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

test-sqlite:
	$(PY) -m pytest $(PYTEST_ARGS)

test-postgres:
	@status=0; scripts/with_postgres.sh $(PY) -m pytest $(PYTEST_ARGS) || status=$$?; \
	if [ $$status = 3 ]; then \
	  if [ "$${LIANXIN_REQUIRE_POSTGRES:-0}" = 1 ]; then echo "PostgreSQL is required but not installed"; exit 1; fi; \
	  echo "PostgreSQL not installed: PostgreSQL run skipped"; \
	elif [ $$status != 0 ]; then exit $$status; fi

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check
	$(PY) scripts/longest.py lianxin scripts bench

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Regenerate the translation catalogues; the .mo files are committed so no gettext is needed to run.
messages: install
	$(PY) manage.py makemessages -l zh_Hans -l en --ignore=.venv --ignore=node_modules --ignore=var --ignore=bench --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules --ignore=bench

bench: install assets
	$(PY) -m bench

# The benchmarks at --small on SQLite (under 2 minutes): fails on an error, not on a figure.
bench-smoke: install assets
	$(PY) -m bench --small --db sqlite

clean:
	rm -rf $(VENV) node_modules var
