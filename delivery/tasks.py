"""Delivery's Celery tasks, found here by autodiscover_tasks."""

from .control.tasks import control_escalate, control_list_build  # noqa: F401
from .tracking.tasks import carrier_poll, tracking_poll  # noqa: F401
