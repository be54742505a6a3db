# WebShop. `make run` installs what the shop needs and serves it; `make test` installs the
# development tools too and runs every check.
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
BIN := $(VENV)/bin
export UV_PYTHON_DOWNLOADS := never

.PHONY: install install-shop run test lint typecheck test-frontend test-sqlite test-postgres \
	coverage security clean bench

install: $(VENV)/.installed
install-shop: $(VENV)/.installed-shop

# uv lives in its own small venv so that `uv sync` can keep .venv exactly as uv.lock says.
$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

# Everything, development tools included (exactly uv.lock).
$(VENV)/.installed: pyproject.toml uv.lock $(UV)
	$(UV) sync --locked --python "$$(command -v $(PYTHON))"
	@touch $@ $(VENV)/.installed-shop

# Only what the shop runs with; tools a previous `make test` installed are left in place.
$(VENV)/.installed-shop: pyproject.toml uv.lock $(UV)
	$(UV) sync --locked --no-dev --inexact --python "$$(command -v $(PYTHON))"
	@touch $@

# The web UI (frontend/) is built into src/webshop/web/dist first, when its sources changed and
# Node.js 18+ and npm are there (without them the API is served alone).
run: install-shop
	sh scripts/build-ui.sh
	$(BIN)/webshop serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/hadolint Dockerfile frontend/Dockerfile

typecheck: install
	$(BIN)/mypy

# The web UI's own checks (lint, format, types, stale API types, Vitest with coverage) and its
# build, which the browser tests in tests/e2e drive with Chromium; here Node.js is required.
test-frontend: install
	@if [ -f scripts/ensure-browser.sh ]; then bash scripts/ensure-browser.sh; fi
	sh scripts/build-ui.sh --check

# The suite on the embedded default (SQLite), then on PostgreSQL when TEST_POSTGRES_URL is set.
# Coverage is measured on the SQLite run, which runs everywhere: tracing doubles a run's time,
# and the PostgreSQL run exercises the same code but for a few dialect-specific lines.
# The browser tests (tests/e2e) run without coverage: the code they exercise runs in their
# server's process, so tracing the test process would only slow them down.
test-sqlite: install
	$(BIN)/coverage erase
	env -u TEST_POSTGRES_URL $(BIN)/pytest --cov --cov-report= -q --ignore=tests/e2e
	env -u TEST_POSTGRES_URL $(BIN)/pytest -q tests/e2e

test-postgres: install
	@if [ -n "$$TEST_POSTGRES_URL" ]; then \
		echo "== PostgreSQL: $$TEST_POSTGRES_URL"; \
		$(BIN)/pytest -q --ignore=tests/e2e && \
		$(BIN)/pytest -q tests/e2e; \
	else \
		echo "== TEST_POSTGRES_URL is not set: PostgreSQL run skipped"; \
	fi

coverage: install
	$(BIN)/coverage report

# bandit, pip-audit over uv.lock and npm audit over the web UI's lock file; a source that cannot
# be reached is reported loudly as NOT CHECKED and the rest still runs (scripts/security_scan.py).
security: install
	$(BIN)/python scripts/security_scan.py

test: lint typecheck security test-frontend test-sqlite test-postgres coverage

# Performance beside its ceilings, in one run of about 15 minutes: docs/performance.md and
# docs/performance.png (bench/README.md). Needs PostgreSQL on 127.0.0.1:5432, wrk and pgbench:
# installed with apt-get when missing and run as root. BENCH_ARGS="--quick" for a smoke run.
bench: install
	@missing=""; \
	command -v wrk >/dev/null 2>&1 || missing="$$missing wrk"; \
	command -v pgbench >/dev/null 2>&1 || missing="$$missing postgresql-client"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "== apt-get install -y$$missing"; \
			apt-get install -y $$missing || { apt-get update && apt-get install -y $$missing; } \
				|| exit 1; \
		else \
			echo "make bench needs wrk and pgbench: run as root, or install them:" \
				"sudo apt-get install -y$$missing"; \
			exit 1; \
		fi; \
	fi
	$(BIN)/python bench/performance.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .tools .pytest_cache .mypy_cache .ruff_cache .coverage htmlcov \
		frontend/node_modules src/webshop/web/dist
