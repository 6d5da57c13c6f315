# The desk's two everyday commands: `make run` and `make test`. Both build their own virtualenv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PY := $(BIN)/python
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test bench install messages lint check-deploy clean lock

# Exactly the versions the tests ran with: every package pinned with its hashes in
# requirements.lock (runtime + test tools); the project itself without dependencies.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

# Re-resolve the locks after changing pyproject.toml (a new dependency, a raised floor) or
# constraints.txt (floors for packages pulled in by others): requirements.lock for `make`
# (runtime + test), requirements-prod.lock for the image (runtime only, same versions: it
# starts from requirements.lock's pins). Commit both. PIP_COMPILE_ARGS=--upgrade to move up.
LOCK_ARGS := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	--no-emit-find-links --constraint constraints.txt $(PIP_COMPILE_ARGS)
lock:
	test -x $(BIN)/pip || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet "pip-tools>=7.4,<8"
	$(BIN)/pip-compile $(LOCK_ARGS) --extra test --output-file requirements.lock pyproject.toml
	cp requirements.lock requirements-prod.lock
	$(BIN)/pip-compile $(LOCK_ARGS) --output-file requirements-prod.lock pyproject.toml

install: $(STAMP)

# Compiled translation catalogs; msgfmt when the machine has gettext, pure Python otherwise.
messages: $(STAMP)
	$(PY) -m core.i18n_compile

var:
	mkdir -p var/broker/queue var/broker/control var/broker/processed var/maildir/new var/maildir/cur var/maildir/tmp var/support-maildir/new var/support-maildir/cur var/support-maildir/tmp var/sent-mail

run: $(STAMP) messages var
	DJANGO_SETTINGS_MODULE=rg_orders.settings.dev $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=rg_orders.settings.dev $(PY) manage.py createcachetable
	DJANGO_SETTINGS_MODULE=rg_orders.settings.dev $(PY) manage.py seed_demo
	@$(PY) manage.py demo_banner
	PATH="$(abspath $(BIN)):$$PATH" DJANGO_SETTINGS_MODULE=rg_orders.settings.dev $(BIN)/honcho -f Procfile.dev start

# Lint and a model change without its migration fail the run before any test starts.
test: $(STAMP) messages lint
	DJANGO_SETTINGS_MODULE=rg_orders.settings.test $(PY) manage.py makemigrations --check --dry-run
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
