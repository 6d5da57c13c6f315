"""The test settings (real PostgreSQL and Redis) with the bench's urlconf."""

from rg_orders.settings.test import *  # noqa: F403
from rg_orders.settings.test import env

ROOT_URLCONF = "bench._api_server.urls"
# The test settings pin the partner throttle to 1000/min; the bench's run passes its own rate
# (bench/api.py) so a faster server is measured, not refused with 429.
PARTNER_API_THROTTLE_RATE = env("PARTNER_API_THROTTLE_RATE", default=PARTNER_API_THROTTLE_RATE)  # noqa: F405
# Production keeps each worker thread's connection open (prod.py: CONN_MAX_AGE 60); the test
# settings open and close one per request, a cost the bare insert pays as much as a create.
# BENCH_API_CONN_MAX_AGE=60 measures the production way; 0 (the default) keeps the figures
# comparable with the earlier runs in the README.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("BENCH_API_CONN_MAX_AGE", default=0)  # noqa: F405
