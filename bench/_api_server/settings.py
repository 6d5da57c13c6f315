"""The test settings (real PostgreSQL and Redis) with the bench's urlconf."""

from rg_orders.settings.test import *  # noqa: F403

ROOT_URLCONF = "bench._api_server.urls"
