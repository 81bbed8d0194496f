# EduGuard — the two newcomer commands are `make run` and `make test` (see README.md).
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
VENDOR  := eduguard/static/vendor
PORT    ?= 8000

.PHONY: run run-prod test install assets messages lint check schema test-unit test-browser test-pg test-ops audit bench clean

run: install
	$(BIN)/eduguard demo --port $(PORT)

# The production shape on loopback: gunicorn workers, PostgreSQL, Redis, Celery worker and beat
# (deploy/run-prod.sh; docs/deployment.md).
run-prod: install
	PORT=$(PORT) deploy/run-prod.sh

test: install lint check
	$(BIN)/pytest -n 2 -m "not browser and not durability and not worker" -q
	@$(MAKE) --no-print-directory test-browser

install: $(STAMP) assets messages

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

assets: $(VENDOR)/htmx.min.js $(VENDOR)/echarts.min.js

$(VENDOR)/htmx.min.js $(VENDOR)/echarts.min.js: package.json
	npm install --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/echarts.min.js

messages: $(STAMP)
	cd eduguard && ../$(BIN)/django-admin compilemessages --ignore '.venv' -v 0

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: $(STAMP)
	EDUGUARD_DATA_DIR=$$(mktemp -d) $(BIN)/python manage.py check --fail-level WARNING
	EDUGUARD_DATA_DIR=$$(mktemp -d) $(BIN)/python manage.py makemigrations --check --dry-run

# The committed OpenAPI schema: regenerate after changing the API, review the diff, commit it
# (eduguard/core/tests/test_api_schema.py fails while it differs from what the code generates).
schema: $(STAMP)
	EDUGUARD_DATA_DIR=$$(mktemp -d) $(BIN)/python manage.py spectacular --lang zh-hans --validate --fail-on-warn --file docs/openapi.yaml

# Browser tests need Chromium (Debian package `chromium`); .ci/run installs it, a laptop may not have it.
test-browser: install
	@if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then \
		$(BIN)/pytest -m browser -q -p no:xdist; \
	else \
		echo "*** Browser tests did NOT run: no Chromium found (apt-get install chromium). ***"; \
	fi

# The whole suite against PostgreSQL (DATABASE_URL, default the local test server).
test-pg: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest -n 2 -m "not browser and not fuzz and not durability and not worker" -q

# What needs the production services: servers and workers killed mid-run, a real Celery worker on Redis.
test-ops: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/15} \
		$(BIN)/pytest -p no:xdist -m "durability or worker" -q

# Known vulnerabilities in the installed Python packages (pip-audit) and the served npm packages
# (npm audit --omit=dev); accepted ones are explained in deploy/audit-ignore.txt. An advisory service
# that cannot be reached is reported loudly, and fails the run with AUDIT_STRICT=1.
audit: $(STAMP)
	$(BIN)/python deploy/audit.py

bench: install
	@command -v wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
