# Folio. `make run` and `make test` each make .venv first when it is missing or stale.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
# What serving needs (requirements/base.txt); the test, lint and audit tools come with STAMP.
RUN_STAMP := $(VENV)/.installed-run

.PHONY: run test lint format audit superuser migrate demo lock clean serve bench bench-scale \
	bench-search bench-markdown bench-transfer backup restore stack faults

$(STAMP): requirements/dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/dev.txt
	@touch $@

$(RUN_STAMP): requirements/base.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements/base.txt
	@touch $@

migrate: $(RUN_STAMP)
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py load_demo_pages
	$(BIN)/python manage.py rerender_markdown

# Canonical links, Open Graph and JSON-LD follow the port `make run` serves on.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: demo
	@echo
	@echo "  Folio is starting on http://127.0.0.1:$(PORT)/"
	@echo "  Admin account: run 'make superuser' in another terminal"
	@echo "  (or: .venv/bin/python manage.py createsuperuser), then open http://127.0.0.1:$(PORT)/admin/"
	@echo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production server: needs SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and REDIS_URL; see README.
serve: $(RUN_STAMP)
	DJANGO_SETTINGS_MODULE=config.settings.production $(BIN)/python manage.py collectstatic --noinput -v 0
	DJANGO_SETTINGS_MODULE=config.settings.production $(BIN)/gunicorn -c config/gunicorn.conf.py

# nginx (TLS, static and media files) in front of two gunicorn app servers on loopback, sharing
# PostgreSQL and Redis: https://127.0.0.1:8443/ until Ctrl-C (deploy/stack.py's docstring).
stack: $(RUN_STAMP)
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq nginx-light; } \
		|| { echo "nginx is missing: sudo apt-get install nginx-light"; exit 1; }
	$(BIN)/python deploy/stack.py

# The fault suite (README, Fault tests; bench/faults.py's docstring): its own PostgreSQL, Redis
# and stack on loopback, 50 clients for 60 s per fault, about 10 minutes. Not part of CI.
faults: $(RUN_STAMP)
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq nginx-light; } \
		|| { echo "nginx is missing: sudo apt-get install nginx-light"; exit 1; }
	$(BIN)/python bench/faults.py $(FAULTS_ARGS)

# Load benchmark on PostgreSQL and Redis on loopback (what it does: bench/run.py's docstring).
bench: $(STAMP)
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk; } \
		|| { echo "wrk is missing: sudo apt-get install wrk"; exit 1; }
	$(BIN)/python bench/run.py $(BENCH_ARGS)

bench-scale: $(STAMP)
	$(BIN)/python bench/scale.py $(BENCH_ARGS)

# Back up the database and media (README, Backups); DJANGO_SETTINGS_MODULE picks the site.
backup: $(RUN_STAMP)
	$(BIN)/python manage.py backup $(BACKUP_DIR)

restore: $(RUN_STAMP)
	@test -n "$(BACKUP_DIR)" || { echo "Which backup? make restore BACKUP_DIR=backups/<date-time>"; exit 1; }
	$(BIN)/python manage.py restore $(BACKUP_DIR)

# Markdown render times, python-markdown before and markdown-it-py after (bench/markdown.py).
bench-markdown: $(STAMP)
	$(BIN)/python bench/markdown.py $(BENCH_ARGS)

# Import timing and peak memory on a generated 1,000-article WordPress export (bench/transfer.py).
bench-transfer: $(STAMP)
	$(BIN)/python bench/transfer.py $(BENCH_ARGS)

superuser: migrate
	$(BIN)/python manage.py createsuperuser

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run

# Security gate: deploy checks with production settings (a throwaway secret, nothing served),
# ruff's bandit rules, and pip-audit on the pinned runtime dependencies. pip-audit needs PyPI's
# vulnerability data; if that cannot be reached the target fails and says the audit did not run,
# unless AUDIT_OFFLINE_OK=1 (CI on a network without it), which still prints that loudly.
audit: $(STAMP)
	@echo "== manage.py check --deploy (production settings)"
	DJANGO_SETTINGS_MODULE=config.settings.production \
	SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	ALLOWED_HOSTS=folio.example.org DATABASE_URL=sqlite:///:memory: REDIS_URL=redis://127.0.0.1:6379/0 \
	$(BIN)/python manage.py check --deploy --fail-level WARNING
	@echo "== ruff security rules"
	$(BIN)/ruff check --select S .
	@echo "== pip-audit requirements/base.txt"
	@log=$$(mktemp); \
	if $(BIN)/pip-audit --requirement requirements/base.txt --no-deps --disable-pip --strict \
		--progress-spinner off >"$$log" 2>&1; then \
		grep -v "encouraged to fully hash\|pip-compile" "$$log"; rm -f "$$log"; \
	elif grep -q "could not be audited\|ConnectionError\|Max retries exceeded" "$$log"; then \
		cat "$$log"; rm -f "$$log"; \
		echo "pip-audit could not get vulnerability data for the pinned versions from PyPI:" \
			"the dependencies were NOT audited. Check access to pypi.org and run 'make audit' again." >&2; \
		test "$(AUDIT_OFFLINE_OK)" = 1; \
	else \
		cat "$$log"; rm -f "$$log"; exit 1; \
	fi

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Search timing on 100,000 generated articles; DATABASE_URL must name a scratch PostgreSQL DB.
bench-search: $(STAMP)
	@test -n "$(DATABASE_URL)" || { echo "Set DATABASE_URL=postgres://…/folio_bench"; exit 2; }
	$(BIN)/python bench/search_bench.py

# Re-pin requirements/*.txt from pyproject.toml (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml --python-version 3.11 -o requirements/base.txt
	uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements/dev.txt

clean:
	rm -rf $(VENV) .pytest_cache staticfiles
