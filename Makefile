# Folio. `make run` and `make test` each make .venv first when it is missing or stale.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint format superuser migrate demo lock clean serve bench bench-scale

$(STAMP): requirements/dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/dev.txt
	@touch $@

migrate: $(STAMP)
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	@echo
	@echo "  Folio is starting on http://127.0.0.1:$(PORT)/"
	@echo "  Admin account: run 'make superuser' in another terminal"
	@echo "  (or: .venv/bin/python manage.py createsuperuser), then open http://127.0.0.1:$(PORT)/admin/"
	@echo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production server: needs SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (and REDIS_URL); see README.
serve: $(STAMP)
	DJANGO_SETTINGS_MODULE=config.settings.production $(BIN)/python manage.py collectstatic --noinput -v 0
	DJANGO_SETTINGS_MODULE=config.settings.production $(BIN)/gunicorn -c config/gunicorn.conf.py

# Load benchmark on PostgreSQL and Redis on loopback (what it does: bench/run.py's docstring).
bench: $(STAMP)
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk; } \
		|| { echo "wrk is missing: sudo apt-get install wrk"; exit 1; }
	$(BIN)/python bench/run.py $(BENCH_ARGS)

bench-scale: $(STAMP)
	$(BIN)/python bench/scale.py $(BENCH_ARGS)

superuser: migrate
	$(BIN)/python manage.py createsuperuser

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-pin requirements/*.txt from pyproject.toml (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml --python-version 3.11 -o requirements/base.txt
	uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements/dev.txt

clean:
	rm -rf $(VENV) .pytest_cache staticfiles
