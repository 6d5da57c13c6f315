"""Settings shared by every environment. Values come from the environment only."""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

# Where the embedded default keeps its database, broker folders and mail (make run).
VAR_DIR = Path(env("RG_VAR_DIR", default=str(BASE_DIR / "var")))

# SECRET_KEY and DATABASES are set by each environment file: prod.py has no defaults.
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework_api_key",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_celery_beat",
    "phonenumber_field",
    "core",
    "catalog",
    "orders",
    "delivery",
    "channels_intake",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "rg_orders.urls"
WSGI_APPLICATION = "rg_orders.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# People work in Yerevan; the database stores UTC.
LANGUAGE_CODE = "hy"
LANGUAGES = [("hy", _("Armenian")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Yerevan"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CACHES = {"default": env.cache("CACHE_URL", default=env("REDIS_URL", default="locmemcache://"))}
# Sessions are read from the cache (Redis in production) and written through to the database:
# a page costs no session query, and a cache flush logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
REDIS_URL = env("REDIS_URL", default="")

# Phones: people type them every which way; Armenia is the default region.
PHONENUMBER_DEFAULT_REGION = "AM"
PHONENUMBER_DB_FORMAT = "E164"
PHONENUMBER_DEFAULT_FORMAT = "INTERNATIONAL"

DEFAULT_CURRENCY = "AMD"
CURRENCIES = ["AMD", "USD", "EUR", "RUB"]

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="orders@rg.am")

# Celery: the broker is Redis in production; the embedded default swaps it in dev.py.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_BROKER_TRANSPORT_OPTIONS: dict = {}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "core.tasks.heartbeat", "schedule": timedelta(seconds=30)},
    "poll-due-sources": {"task": "channels_intake.tasks.poll_due_sources",
                         "schedule": timedelta(seconds=15)},
}
# A worker that has not beaten for this long is reported as down by /healthz.
WORKER_HEARTBEAT_STALE_AFTER = timedelta(minutes=2)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "RG order desk partner API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# E-mail intake (issue #4): a message over this size is kept raw but not read (review).
INTAKE_EMAIL_MAX_BYTES = env.int("INTAKE_EMAIL_MAX_BYTES", default=25 * 2**20)
# Partners (issue #5): the REST API, webhooks back and the pulled feeds.
PARTNER_API_THROTTLE_RATE = env("PARTNER_API_THROTTLE_RATE", default="600/min")
IDEMPOTENCY_KEY_DAYS = 7  # how long a POST's answer is kept for retries with its key
SPECTACULAR_SETTINGS.update({
    "SWAGGER_UI_DIST": "SIDECAR", "SWAGGER_UI_FAVICON_HREF": "SIDECAR", "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "DESCRIPTION": "Partners push orders here and read back their own orders. "
                   "Authenticate with `Authorization: Bearer <key>`.",
})
# Webhook URLs on private, loopback or link-local addresses are refused (SSRF) unless allowed.
WEBHOOK_ALLOW_PRIVATE_HOSTS = env.bool("WEBHOOK_ALLOW_PRIVATE_HOSTS", default=False)
WEBHOOK_TIMEOUT_SECONDS = 10
WEBHOOK_MAX_ATTEMPTS = 8
FEED_TIMEOUT_SECONDS = env.float("FEED_TIMEOUT_SECONDS", default=15)
FEED_MAX_PAGES_PER_POLL = 20
CELERY_BEAT_SCHEDULE["feeds-dispatch"] = {"task": "channels_intake.feeds_dispatch",
                                          "schedule": timedelta(seconds=15)}
CELERY_BEAT_SCHEDULE["idempotency-keys-expire"] = {"task": "channels_intake.idempotency_keys_expire",
                                                   "schedule": timedelta(hours=6)}
CELERY_BEAT_SCHEDULE["webhooks-sweep"] = {"task": "channels_intake.webhooks_sweep",
                                          "schedule": timedelta(minutes=5)}

# --- Hostile input (issue 11): the intake door's bounds, for every channel, and the API's edges.
# Delivery dates the door takes: this many days either side of Yerevan's today.
INTAKE_DELIVERY_DAYS_PAST = env.int("INTAKE_DELIVERY_DAYS_PAST", default=365)
INTAKE_DELIVERY_DAYS_AHEAD = env.int("INTAKE_DELIVERY_DAYS_AHEAD", default=365)
INTAKE_MAX_ITEMS = env.int("INTAKE_MAX_ITEMS", default=100)  # lines per order
INTAKE_MAX_QUANTITY = env.int("INTAKE_MAX_QUANTITY", default=999)  # per line
# One unit price, fee or discount; a line, and the order's total, must also fit the columns.
INTAKE_MAX_AMOUNT = env("INTAKE_MAX_AMOUNT", default="100000000")
INTAKE_MAX_ADDRESS_LENGTH = 1000
INTAKE_MAX_TEXT_LENGTH = 2000  # card message, customer comment
# The partner API: a larger body is answered 413 before it is read; deeper JSON is a 400.
PARTNER_API_MAX_BODY_BYTES = env.int("PARTNER_API_MAX_BODY_BYTES", default=2 * 2**20)
PARTNER_API_MAX_JSON_DEPTH = 16
# Language (the partner's Accept-Language, English by default), body size and error shape of
# everything under /api/; after LocaleMiddleware, which it overrides there.
MIDDLEWARE.insert(MIDDLEWARE.index("core.middleware.UserLanguageMiddleware") + 1,
                  "channels_intake.api.middleware.PartnerAPIMiddleware")
