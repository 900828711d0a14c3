# The two commands of the README are the contract: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# `make run` is local development: debug pages, static files from the source tree, and without
# DATABASE_URL the project's own PostgreSQL under var/ (config/embedded_db.py). `make run PORT=8001`
# serves on another port.
PORT ?= 8000
RUN_ENV := DEBUG=true INGEST_ALLOW_PRIVATE_NETWORKS=$${INGEST_ALLOW_PRIVATE_NETWORKS:-false} \
	SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)}
# With DEBUG off the settings refuse to start without SECRET_KEY: the other local targets get a
# throwaway one unless it is set.
LOCAL_KEY := SECRET_KEY=$${SECRET_KEY:-insecure-local-make-target-key}

.PHONY: install run test lint bench worker serve clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py load_demo
	$(RUN_ENV) $(BIN)/python manage.py ensure_local_admin
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(LOCAL_KEY) $(BIN)/python manage.py makemigrations --check --dry-run

test: lint
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

bench: install
	$(BIN)/python bench/run.py

# With CELERY_BROKER_URL set (e.g. redis://127.0.0.1:6379/0): one worker with the beat scheduler.
worker: install
	$(LOCAL_KEY) $(BIN)/celery -A config worker --beat --loglevel=INFO --concurrency=2

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache test-artifacts
