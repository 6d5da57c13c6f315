"""Celery finds the delivery tasks here (autodiscover)."""

from .tracking.tasks import carrier_poll, tracking_poll  # noqa: F401
