"""Delivery's Celery tasks (found by autodiscover_tasks)."""

from .control.tasks import control_escalate, control_list_build  # noqa: F401
