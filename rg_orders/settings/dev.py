"""The embedded default of `make run`: SQLite, a file-system broker, no servers at all."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env

SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret")
DEBUG = env.bool("DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'desk.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat write at once: WAL, a busy timeout and IMMEDIATE transactions
    # keep SQLite from answering "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# A cache every process shares (LocMem is per process: locks and throttles would not hold).
CACHES = {
    "default": env.cache("CACHE_URL", default="dbcache://rg_cache"),
}
CACHES["queue_rows"] = QUEUE_ROWS_CACHE  # noqa: F405 (base: the queue's drawn rows)

# kombu's file-system transport: a real broker with no server. It creates no folders
# itself, so the settings create them before any process opens the broker.
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "data_folder_in": str(BROKER_DIR / "queue"),
    "data_folder_out": str(BROKER_DIR / "queue"),
    "control_folder": str(BROKER_DIR / "control"),
    "processed_folder": str(BROKER_DIR / "processed"),
    "store_processed": False,
    "polling_interval": 0.2,  # seconds between looks at the folder when idle
}
if CELERY_BROKER_URL.startswith("filesystem://"):
    # The same transport, whose idle wait ends when the worker is asked to stop (Ctrl-C under
    # `make run` stops the worker in time, before honcho's SIGKILL): rg_orders/dev_broker.py.
    CELERY_BROKER_TRANSPORT = "rg_orders.dev_broker:Transport"
for _folder in ("queue", "control", "processed"):
    (BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "sent-mail"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Static files straight from the source folders; no collectstatic in the embedded default.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Demo partner webhooks and feeds point at this machine.
OUTBOUND_ALLOW_PRIVATE_HOSTS = env.bool("OUTBOUND_ALLOW_PRIVATE_HOSTS", default=True)
