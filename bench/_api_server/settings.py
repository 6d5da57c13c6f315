"""The test settings (real PostgreSQL and Redis) with the bench's urlconf."""

from rg_orders.settings.test import *  # noqa: F403
from rg_orders.settings.test import env

ROOT_URLCONF = "bench._api_server.urls"
# The test settings pin the partner throttle to 1000/min; the bench's run passes its own rate
# (bench/api.py) so a faster server is measured, not refused with 429.
PARTNER_API_THROTTLE_RATE = env("PARTNER_API_THROTTLE_RATE", default=PARTNER_API_THROTTLE_RATE)  # noqa: F405
