# The desk's two everyday commands: `make run` and `make test`. Both build their own virtualenv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PY := $(BIN)/python
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test bench install messages lint check-deploy clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

# Compiled translation catalogs; msgfmt when the machine has gettext, pure Python otherwise.
messages: $(STAMP)
	$(PY) -m core.i18n_compile

var:
	mkdir -p var/broker/queue var/broker/control var/broker/processed var/maildir/new var/maildir/cur var/maildir/tmp var/sent-mail

run: $(STAMP) messages var
	DJANGO_SETTINGS_MODULE=rg_orders.settings.dev $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=rg_orders.settings.dev $(PY) manage.py createcachetable
	DJANGO_SETTINGS_MODULE=rg_orders.settings.dev $(PY) manage.py seed_demo
	@$(PY) manage.py demo_banner
	PATH="$(abspath $(BIN)):$$PATH" DJANGO_SETTINGS_MODULE=rg_orders.settings.dev $(BIN)/honcho -f Procfile.dev start

test: $(STAMP) messages
	$(BIN)/pytest -n $${TEST_WORKERS:-2} $(PYTEST_ARGS)

bench: $(STAMP) messages
	$(PY) -m bench $(BENCH)

check-deploy: $(STAMP)
	DJANGO_SETTINGS_MODULE=rg_orders.settings.prod SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
	ALLOWED_HOSTS=desk.example.am DATABASE_URL=sqlite:///:memory: REDIS_URL=redis://127.0.0.1:6379/0 \
	$(PY) manage.py check --deploy --fail-level WARNING

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) var staticfiles
