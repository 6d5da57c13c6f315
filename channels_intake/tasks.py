"""Celery entry points of channels_intake (autodiscovered). Partner tasks live beside their
services and are imported here so the worker registers them."""

from .api.tasks import idempotency_keys_expire  # noqa: F401
from .feeds.tasks import feed_poll, feeds_dispatch  # noqa: F401
from .webhooks.tasks import webhook_deliver, webhooks_sweep  # noqa: F401
