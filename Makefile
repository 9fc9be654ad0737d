# Laurel: two commands do all set-up on a fresh machine.
#   make run   -> the portal with demo data at http://127.0.0.1:8000/
#   make test  -> the whole test suite
# Set DATABASE_URL to run either against PostgreSQL instead of the embedded SQLite file.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP_QUIET := --quiet --disable-pip-version-check
# The exact versions, with hashes, that `make` installs (pyproject.toml holds the ranges;
# `make lock` regenerates these from it).
LOCK := requirements/dev.txt
BENCH_LOCK := requirements/bench.txt
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCK) tests/e2e/package-lock.json | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lock system-deps messages catalogues lint format check bench clean

# The languages shipped besides English (locale/ folder names), and what catalogues ignore.
CATALOGUE_LANGUAGES := es so vi zh_Hans
CATALOGUE_IGNORE := --ignore=.venv --ignore=var --ignore=bench --ignore='tests/*' --ignore='*/node_modules/*' 

$(STAMP): pyproject.toml $(LOCK) tests/e2e/package-lock.json
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -c 'import sys; assert sys.version_info >= (3, 12), "Python 3.12+ is needed (see .python-version)"'
	@echo "Installing Python packages into $(VENV) (log: $(VENV)/pip.log)"
	@{ $(PY) -m pip install $(PIP_QUIET) --require-hashes -r $(LOCK) \
	  && $(PY) -m pip install $(PIP_QUIET) --no-deps -e . ; } > $(VENV)/pip.log 2>&1 \
	  || { cat $(VENV)/pip.log; exit 1; }
	npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

# Regenerate the lock files after changing a range in pyproject.toml (pip-tools, in a venv of its
# own under var/; needs the package index). Versions already locked are kept where the ranges
# allow: `make lock LOCK_ARGS=--upgrade` moves everything to the newest allowed,
# `LOCK_ARGS="--upgrade-package NAME"` one package.
PIP_TOOLS := var/pip-tools/bin/pip-compile
LOCK_OPTIONS := --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links
$(PIP_TOOLS):
	$(PYTHON) -m venv var/pip-tools
	var/pip-tools/bin/pip install $(PIP_QUIET) pip-tools==7.7.0
lock: $(PIP_TOOLS)
	$(PIP_TOOLS) $(LOCK_OPTIONS) $(LOCK_ARGS) --extra dev -o $(LOCK) pyproject.toml
	$(PIP_TOOLS) $(LOCK_OPTIONS) $(LOCK_ARGS) --extra dev --extra bench -o $(BENCH_LOCK) pyproject.toml

# Compile the translation catalogues (locale/*/LC_MESSAGES/*.po -> .mo).
messages: install
	@$(PY) manage.py compile_catalogues

# Refresh the catalogues from the source after changing translatable text (needs GNU gettext:
# apt-get install gettext); translators then fill in the new messages (see locale/README.md).
catalogues: install
	$(PY) manage.py makemessages $(addprefix -l ,$(CATALOGUE_LANGUAGES)) $(CATALOGUE_IGNORE) --no-obsolete --add-location file
	$(PY) manage.py makemessages -d djangojs $(addprefix -l ,$(CATALOGUE_LANGUAGES)) $(CATALOGUE_IGNORE) --no-obsolete --add-location file

# Debian packages the PDFs and browser tests need (Chromium for Playwright, poppler for PDF
# checks, Noto fonts for the five languages' scripts, gettext for `make catalogues`).
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v pdftotext >/dev/null \
	    || ! ldconfig -p | grep -q libharfbuzz-subset \
	    || ! fc-list | grep -q NotoSansCJK; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq \
	    chromium poppler-utils libharfbuzz-subset0 fonts-dejavu-core \
	    fonts-noto-core fonts-noto-cjk gettext >/dev/null; \
	fi

run: install messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Serving http://$(HOST):$(PORT)/ (Ctrl-C stops the web server and the task worker)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(PY) manage.py db_worker --no-reload & \
	  $(PY) manage.py runserver $(HOST):$(PORT)

# pytest exits 5 when it collects no tests; that alone is not a failure.
# One pytest worker per CPU (pytest-xdist), each with its own test database; PYTEST_WORKERS=0
# runs everything in one process.
PYTEST_WORKERS ?= auto
test: install system-deps messages
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS) || [ $$? -eq 5 ]

# Style, the import contracts (layers, no cycles; pyproject.toml) and the type checks.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: install
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

bench: install
	@$(PY) -m pip install $(PIP_QUIET) --require-hashes -r $(BENCH_LOCK) > $(VENV)/pip-bench.log 2>&1 \
	  || { cat $(VENV)/pip-bench.log; exit 1; }
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) tests/e2e/node_modules var
