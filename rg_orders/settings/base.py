"""Settings shared by every environment. Values come from the environment only."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
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
    # Before the admin: it patches the models' translated fields in before the admin reads them.
    "modeltranslation",
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
    "axes",
    "csp",
    "core",
    "catalog",
    "orders",
    "delivery",
    "channels_intake",
    "notices",
    "customers",
    "inquiries",
    "desk",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
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
# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
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
# Catalog names and descriptions in every language (catalog/translation.py). English is the one
# every row has (the admin requires it); a missing Armenian or Russian text shows the English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# `Location(name=...)` with Armenian active fills `name_hy` and, because a name is required,
# `name_en` too: no row without its English name (the unique `name` column follows `name_en`).
MODELTRANSLATION_AUTO_POPULATE = "required"
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
# The queue's filter bar (its selects, dates, checkbox) is kept as a fragment in the process's
# memory (caches["queue_rows"], below) for this long, per language and filter values
# (desk.filters: QueueFilter.bar_key names all it shows, so it is never stale).
QUEUE_FILTER_BAR_SECONDS = env.int("QUEUE_FILTER_BAR_SECONDS", default=600)
# The queue's rows as drawn, in each process's memory, keyed by all that a row shows
# (desk/_queue_rows.html), and each page's rows together under all their rows: an order that
# changed is a new key, so no row is ever stale and nothing needs telling. At most this many
# entries are kept (rows, pages of rows, filter bars; the oldest go first), each this long.
QUEUE_ROW_CACHE_ENTRIES = env.int("QUEUE_ROW_CACHE_ENTRIES", default=5000)
QUEUE_ROW_SECONDS = env.int("QUEUE_ROW_SECONDS", default=600)
QUEUE_ROWS_CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                    "LOCATION": "queue-rows", "OPTIONS": {"MAX_ENTRIES": QUEUE_ROW_CACHE_ENTRIES}}
CACHES["queue_rows"] = QUEUE_ROWS_CACHE
REDIS_URL = env("REDIS_URL", default="")

# Phones: people type them every which way; Armenia is the default region.
PHONENUMBER_DEFAULT_REGION = "AM"
PHONENUMBER_DB_FORMAT = "E164"
PHONENUMBER_DEFAULT_FORMAT = "INTERNATIONAL"
# The years a day typed in a desk form or filter, or an API filter, may have (issue 17: any
# other is an error beside the field or a 400 naming it, never a 500); core.days.validate_day.
DATE_INPUT_FIRST_YEAR = env.int("DATE_INPUT_FIRST_YEAR", default=2000)
DATE_INPUT_LAST_YEAR = env.int("DATE_INPUT_LAST_YEAR", default=2100)

DEFAULT_CURRENCY = "AMD"
CURRENCIES = ["AMD", "USD", "EUR", "RUB"]

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="orders@rg.am")
# An SMTP call must end well inside the outbox claim below, or another worker could take over.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

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
# The outbox (core/outbox.py): how long a worker holds a message it is sending (longer than
# any send may take: EMAIL_TIMEOUT, WEBHOOK_TIMEOUT_SECONDS), attempts before a message is
# dead, and how old an unsent message may get before /healthz says so.
OUTBOX_CLAIM_SECONDS = env.int("OUTBOX_CLAIM_SECONDS", default=300)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)
OUTBOX_STALE_AFTER = timedelta(minutes=15)
CELERY_BEAT_SCHEDULE["outbox-sweep"] = {"task": "core.outbox_sweep",
                                        "schedule": timedelta(seconds=30)}
# /healthz tells anyone only "ok" or "unavailable"; the details (each check, every source's
# last error) go to logged-in staff and to callers with `Authorization: Bearer <HEALTHZ_TOKEN>`
# (monitoring). Empty: no token works.
HEALTHZ_TOKEN = env("HEALTHZ_TOKEN", default="")

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
# Issue #11: cheap limits checked on the raw bytes before the MIME parser runs (a message over
# one goes to review unread), the parse's time budget, and the poison rule (attempts).
INTAKE_EMAIL_MAX_HEADER_BYTES = env.int("INTAKE_EMAIL_MAX_HEADER_BYTES", default=256 * 2**10)
INTAKE_EMAIL_MAX_ENCODED_WORDS = env.int("INTAKE_EMAIL_MAX_ENCODED_WORDS", default=200)
INTAKE_EMAIL_MAX_PARTS = env.int("INTAKE_EMAIL_MAX_PARTS", default=200)
INTAKE_EMAIL_MAX_DEPTH = env.int("INTAKE_EMAIL_MAX_DEPTH", default=10)
INTAKE_EMAIL_PARSE_SECONDS = env.float("INTAKE_EMAIL_PARSE_SECONDS", default=20)
INTAKE_EMAIL_MAX_ATTEMPTS = env.int("INTAKE_EMAIL_MAX_ATTEMPTS", default=3)
# Partners (issue #5): the REST API, webhooks back and the pulled feeds.
PARTNER_API_THROTTLE_RATE = env("PARTNER_API_THROTTLE_RATE", default="600/min")
IDEMPOTENCY_KEY_DAYS = 7  # how long a POST's answer is kept for retries with its key
SPECTACULAR_SETTINGS.update({
    "SWAGGER_UI_DIST": "SIDECAR", "SWAGGER_UI_FAVICON_HREF": "SIDECAR", "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "DESCRIPTION": "Partners push orders here and read back their own orders. "
                   "Authenticate with `Authorization: Bearer <key>`.",
})
# Outbound HTTP to URLs from outside (webhooks, feeds, tracking) never reaches a private,
# loopback or link-local address (SSRF), checked at connect time (core/netguard.py), unless
# allowed. The old name WEBHOOK_ALLOW_PRIVATE_HOSTS is still read from the environment.
OUTBOUND_ALLOW_PRIVATE_HOSTS = env.bool(
    "OUTBOUND_ALLOW_PRIVATE_HOSTS", default=env.bool("WEBHOOK_ALLOW_PRIVATE_HOSTS", default=False))
WEBHOOK_TIMEOUT_SECONDS = 10
FEED_TIMEOUT_SECONDS = env.float("FEED_TIMEOUT_SECONDS", default=15)
FEED_MAX_PAGES_PER_POLL = 20
CELERY_BEAT_SCHEDULE["feeds-dispatch"] = {"task": "channels_intake.feeds_dispatch",
                                          "schedule": timedelta(seconds=15)}
CELERY_BEAT_SCHEDULE["idempotency-keys-expire"] = {"task": "channels_intake.idempotency_keys_expire",
                                                   "schedule": timedelta(hours=6)}
# IMAP without TLS or STARTTLS sends the mailbox password in clear text: refused unless allowed
# (the tests' local Dovecot speaks plain IMAP and turns it on for themselves).
INTAKE_IMAP_ALLOW_PLAINTEXT = env.bool("INTAKE_IMAP_ALLOW_PLAINTEXT", default=False)

# Logins resist guessing (django-axes, on /accounts/login/ and /admin/login/; the partner API's
# keys are not logins and are not affected). After LOGIN_FAILURE_LIMIT failures the username
# is locked, and so is the address, each on its own, for LOGIN_LOCKOUT_MINUTES (every further
# try restarts the clock). Attempts live in the database: admins see and clear them in the
# admin ("Access attempts"); `manage.py axes_reset` clears them all.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_CALLABLE = "core.auth.lockout_response"
AXES_CLIENT_IP_CALLABLE = "core.auth.client_ip"
AXES_VERBOSE = False
# How many reverse proxies in front of the desk append to X-Forwarded-For (0: the desk is
# reached directly and REMOTE_ADDR is the client). Never more than really exist: the left
# part of the header is whatever the client wrote.
LOGIN_TRUSTED_PROXIES = env.int("LOGIN_TRUSTED_PROXIES", default=0)

# Content-Security-Policy (django-csp): the desk serves every script, style and image itself
# and has no inline script, style block or style="" attribute (htmx's own indicator style is
# off, see base.html; its rules are in desk.css). Inline code injected through a field would
# not run. The partner API's Swagger page relaxes this for itself only (channels_intake/api/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Browser features the desk never uses, switched off for every page (Permissions-Policy).
PERMISSIONS_POLICY = {
    feature: [] for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "usb", "serial", "bluetooth", "hid",
        "screen-wake-lock", "xr-spatial-tracking", "publickey-credentials-get", "browsing-topics",
    )
}

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
# The partner API: a larger body is answered 413 before it is read (core.middleware.
# BodyLimitMiddleware, RG_BODY_LIMITS below); deeper JSON is a 400.
PARTNER_API_MAX_BODY_BYTES = env.int("PARTNER_API_MAX_BODY_BYTES", default=2 * 2**20)
PARTNER_API_MAX_JSON_DEPTH = 16
# Language (the partner's Accept-Language, English by default), body size and error shape of
# everything under /api/; after LocaleMiddleware, which it overrides there.
MIDDLEWARE.insert(MIDDLEWARE.index("core.middleware.UserLanguageMiddleware") + 1,
                  "channels_intake.api.middleware.PartnerAPIMiddleware")
# Request bodies (issue 17): a body larger than its view takes is answered 413 from its
# Content-Length, before anything reads it or writes a byte of it to FILE_UPLOAD_TEMP_DIR
# (core.middleware.BodyLimitMiddleware, right after the API's middleware so an API 413 is JSON;
# no middleware before it reads a body). The front proxy caps bodies too (README, Production).
RG_MAX_BODY_BYTES = env.int("RG_MAX_BODY_BYTES", default=2 * 2**20)  # every other view
# The photo forms: one photo of at most PHOTO_MAX_BYTES, with the form around it.
RG_MAX_PHOTO_BODY_BYTES = env.int("RG_MAX_PHOTO_BODY_BYTES", default=12 * 2**20)
# Views (by URL name) or whole URL namespaces taking another limit: the setting that holds it.
RG_BODY_LIMITS = {
    "desk:order_photos": "RG_MAX_PHOTO_BODY_BYTES",
    "courier:outcome": "RG_MAX_PHOTO_BODY_BYTES",  # delivered, failed, or a photo at the door
    "partner_api": "PARTNER_API_MAX_BODY_BYTES",
}
MIDDLEWARE.insert(MIDDLEWARE.index("channels_intake.api.middleware.PartnerAPIMiddleware") + 1,
                  "core.middleware.BodyLimitMiddleware")

# --- photos ---
# Photos of the bouquet and at the door (delivery/photos.py) go through Django's storage API:
# files under var/media by default (make run), an S3-compatible bucket when MEDIA_S3_BUCKET is
# set (production; django-storages). Never served at a public URL: only through a signed,
# expiring link (/photos/<token>/), so the bucket stays private and MEDIA_URL is unused.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
MEDIA_S3_BUCKET = env("MEDIA_S3_BUCKET", default="")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env("MEDIA_S3_ENDPOINT_URL", default="") or None,
            "region_name": env("MEDIA_S3_REGION", default="") or None,
            "access_key": env("MEDIA_S3_ACCESS_KEY", default="") or None,
            "secret_key": env("MEDIA_S3_SECRET_KEY", default="") or None,
            "location": env("MEDIA_S3_PREFIX", default=""),
            "default_acl": "private",
            "querystring_auth": True,  # even a leaked storage URL expires
            "file_overwrite": False,
        },
    }
PHOTO_MAX_BYTES = env.int("PHOTO_MAX_BYTES", default=10 * 2**20)  # the upload as sent
# Width × height, read from the header before decoding: what a phone camera makes (issue 17;
# 8 bits per channel only, one frame only: a 16-bit or animated file is refused unread). Pillow's
# own bomb limit (Image.MAX_IMAGE_PIXELS) is set to the same value (delivery/apps.py).
PHOTO_MAX_PIXELS = env.int("PHOTO_MAX_PIXELS", default=40_000_000)
# Files refused (not a photo, too many pixels, 16-bit, animated, truncated) per sender and hour:
# a refused file takes no photo slot, so this bounds how often one can be made to decode.
PHOTO_REFUSALS_PER_HOUR = env.int("PHOTO_REFUSALS_PER_HOUR", default=10)
# Photos decoded at once in one web process (each at most PHOTO_MAX_PIXELS × 4 bytes, 160 MB), and
# how long another upload waits for its turn before it is asked to try again.
PHOTO_DECODES_AT_ONCE = env.int("PHOTO_DECODES_AT_ONCE", default=2)
PHOTO_DECODE_WAIT_SECONDS = env.float("PHOTO_DECODE_WAIT_SECONDS", default=20)
PHOTO_MAX_SIDE = env.int("PHOTO_MAX_SIDE", default=1600)  # stored: longest side, JPEG
PHOTO_MAX_PER_ORDER = env.int("PHOTO_MAX_PER_ORDER", default=10)
# How long a signed photo link works (pages are rendered anew each time, links with them).
PHOTO_URL_SECONDS = env.int("PHOTO_URL_SECONDS", default=24 * 60 * 60)
# --- track --- Parcels and tracking (issue 12, step 9): carriers' tracking APIs polled by beat.
TRACKING_POLL_MINUTES = env.int("TRACKING_POLL_MINUTES", default=30)
CELERY_BEAT_SCHEDULE["tracking-poll"] = {"task": "delivery.tracking_poll",
                                         "schedule": timedelta(minutes=TRACKING_POLL_MINUTES)}
TRACKING_TIMEOUT_SECONDS = env.float("TRACKING_TIMEOUT_SECONDS", default=10)  # per parcel
TRACKING_MAX_BYTES = env.int("TRACKING_MAX_BYTES", default=256 * 1024)  # one carrier answer
TRACKING_RAW_MAX_CHARS = 4000  # of a carrier's answer kept beside each parcel status
# A parcel on the road with no new carrier status for this many days goes to the control list.
TRACKING_STALLED_DAYS = env.int("TRACKING_STALLED_DAYS", default=3)
# A parcel waiting at a post office this long: the customer is reminded (once per waiting status).
TRACKING_WAITING_REMIND_DAYS = env.int("TRACKING_WAITING_REMIND_DAYS", default=2)
# --- control ---
from celery.schedules import crontab  # noqa: E402

# The next-morning control list (issue 12, step 8), hours in Asia/Yerevan: built at
# CONTROL_LIST_HOUR, each item due by CONTROL_DEADLINE_HOUR the same day (the next day's when
# an item is added after that hour), escalated to managers once past it.
CONTROL_LIST_HOUR = env.int("CONTROL_LIST_HOUR", default=8)
CONTROL_DEADLINE_HOUR = env.int("CONTROL_DEADLINE_HOUR", default=12)
CONTROL_ESCALATE_EVERY = timedelta(minutes=15)
CELERY_BEAT_SCHEDULE["control-list-build"] = {  # crontab reads CELERY_TIMEZONE: Yerevan
    "task": "delivery.control_list_build", "schedule": crontab(hour=CONTROL_LIST_HOUR, minute=0)}
# The managers' banner of overdue items on every desk page.
TEMPLATES[0]["OPTIONS"]["context_processors"].append("desk.context_processors.control")
CELERY_BEAT_SCHEDULE["control-escalate"] = {"task": "delivery.control_escalate",
                                            "schedule": CONTROL_ESCALATE_EVERY}
# --- board ---
# Couriers' own pages (/c/<token>/): how long a link keeps working after it is made.
COURIER_LINK_MAX_AGE_HOURS = env.int("COURIER_LINK_MAX_AGE_HOURS", default=36)
# --- cust ---
# The customer's side (customers app): where the status page lives, how long its link works,
# how an SMS leaves (core/sms.py), when the feedback request goes out.
SITE_URL = env("SITE_URL", default="http://localhost:8000")
STATUS_LINK_MAX_AGE_DAYS = env.int("STATUS_LINK_MAX_AGE_DAYS", default=60)
STATUS_QUESTIONS_PER_HOUR = env.int("STATUS_QUESTIONS_PER_HOUR", default=5)  # per link
SMS_BACKEND = env("SMS_BACKEND", default="core.sms.FileSmsBackend")
SMS_FILE_DIR = Path(env("SMS_FILE_DIR", default=str(VAR_DIR / "sms")))
SMS_HTTP_URL = env("SMS_HTTP_URL", default="")
SMS_HTTP_TOKEN = env("SMS_HTTP_TOKEN", default="")
SMS_HTTP_TIMEOUT_SECONDS = env.float("SMS_HTTP_TIMEOUT_SECONDS", default=10.0)
SMS_SENDER_NAME = env("SMS_SENDER_NAME", default="RG")
FEEDBACK_DELAY_HOURS = env.int("FEEDBACK_DELAY_HOURS", default=24)
# Feedback requests go out only from the first to before the second hour, Yerevan time: one
# due at night waits for the morning (no "How was your delivery?" at midnight).
FEEDBACK_SEND_HOURS = tuple(env.list("FEEDBACK_SEND_HOURS", cast=int, default=[10, 20]))
CELERY_BEAT_SCHEDULE["feedback-requests"] = {"task": "customers.feedback_requests_queue",
                                             "schedule": timedelta(minutes=15)}
# --- notices ---
# Customer SMS are not sent from the first to before the second time, Yerevan time: one queued
# at night waits for the end of the quiet hours (e-mail goes at once). Equal times: no quiet.
NOTICE_QUIET_START = env("NOTICE_QUIET_START", default="22:00")
NOTICE_QUIET_END = env("NOTICE_QUIET_END", default="09:00")
# --- inq ---
# Inquiries (issue 13): the promise per tab, in working minutes (the call centre's is 2 hours).
INQUIRIES_PROMISE = {
    "order": env.int("INQUIRIES_PROMISE_ORDER", default=240),
    "product": env.int("INQUIRIES_PROMISE_PRODUCT", default=240),
    "call": env.int("INQUIRIES_PROMISE_CALL", default=120),
}
# Working periods per weekday (0 = Monday) used while the WorkingHours table is empty.
INQUIRIES_DEFAULT_HOURS = {day: [("09:00", "13:00"), ("14:00", "19:00")] for day in range(6)}
# The support mailbox's address (replies come back here) and the subject token's prefix.
INQUIRIES_FROM_EMAIL = env("INQUIRIES_FROM_EMAIL", default="support@rg.example")
# --- dash ---
from celery.schedules import crontab  # noqa: E402

# The managers' dashboard rollup (delivery.figures), recomputed from the orders every night
# (each order's day is also refreshed after every status or date change).
CELERY_BEAT_SCHEDULE["delivery-rollup-rebuild"] = {
    "task": "delivery.rollup_rebuild", "schedule": crontab(hour=3, minute=30)}
# The dashboard's default range: this many days up to today.
DASHBOARD_DEFAULT_DAYS = env.int("DASHBOARD_DEFAULT_DAYS", default=30)
# Capacity (issue 20, delivery.capacity): how long a window an operator picks in quick entry is
# held for them, and how many days ahead a full window's next free ones are looked for.
HOLD_MINUTES = env.int("HOLD_MINUTES", default=10)
CAPACITY_LOOKAHEAD_DAYS = env.int("CAPACITY_LOOKAHEAD_DAYS", default=14)
CAPACITY_SUGGESTIONS = env.int("CAPACITY_SUGGESTIONS", default=3)
