# kb: `make run` serves the knowledge base with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
ADDR ?= 127.0.0.1:8000

.PHONY: run test bench lint format serve messages clean backup restore

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "kb needs Python 3.11 ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py ensure_admin
	DEBUG=1 $(PY) manage.py load_demo
	@echo "kb is at http://$(ADDR)/ (admin: http://$(ADDR)/admin/); the import worker runs beside it"
	DEBUG=1 scripts/with_worker.sh $(PY) $(PY) manage.py runserver $(ADDR)

test: $(STAMP) $(if $(wildcard package.json),node_modules/.installed)
	$(PY) -m pytest

# The benchmark suite (scripts/bench.py): pages, searches and imports at 100k and 1M claims on the
# database DATABASE_URL selects; corpora are cached in ~/.cache/kb-bench (the first 1M build takes minutes).
# e.g. make bench BENCH_ARGS="--claims 100000 --vendor sqlite --json bench.json --write-doc"
bench: $(STAMP)
	$(PY) scripts/bench.py $(BENCH_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Production-style serving: set SECRET_KEY, ALLOWED_HOSTS (and DATABASE_URL for PostgreSQL) first.
# Both `run` and `serve` start the import worker (manage.py db_worker) beside the server.
serve: $(STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py collectstatic --no-input
	scripts/with_worker.sh $(PY) $(VENV)/bin/gunicorn kb.wsgi --bind $(ADDR) --workers 3

# Interface strings: collect them into the Chinese catalogue, then compile it (translate in between).
messages: $(STAMP)
	$(PY) manage.py makemessages -l zh_Hans --ignore=node_modules --ignore=.venv --ignore=data \
		--ignore=tests --ignore=demo
	msgfmt --check -o locale/zh_Hans/LC_MESSAGES/django.mo locale/zh_Hans/LC_MESSAGES/django.po

# Backups (see README "Backups"): safe while the server runs. Without SECRET_KEY, the development
# settings `make run` uses.
backup: $(STAMP)
	$(if $(SECRET_KEY),,DEBUG=1) $(PY) manage.py backup

# make restore FROM=backups/<timestamp> [FORCE=1]: into a fresh database unless FORCE=1.
restore: $(STAMP)
	@test -n "$(FROM)" || { echo "Say which backup: make restore FROM=backups/<timestamp>"; exit 2; }
	$(if $(SECRET_KEY),,DEBUG=1) $(PY) manage.py restore_backup "$(FROM)" $(if $(filter 1,$(FORCE)),--force)

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache
