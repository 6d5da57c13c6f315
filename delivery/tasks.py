"""Delivery's Celery tasks, found here by autodiscover_tasks: the control list's and tracking's
live in their packages; the dashboard rollup's are here."""

from datetime import date

from celery import shared_task

from . import rollup
from .control.tasks import control_escalate, control_list_build  # noqa: F401
from .tracking.tasks import carrier_poll, tracking_poll  # noqa: F401


@shared_task(name="delivery.rollup_refresh_days")
def rollup_refresh_days(days: list[str]) -> None:
    """After an order's status or date changed: its day(s) of the dashboard rollup again."""
    for day in sorted(set(days)):
        when = date.fromisoformat(day)
        rollup.rollup_refresh(start=when, end=when)


@shared_task(name="delivery.rollup_rebuild")
def rollup_rebuild() -> None:
    """Beat, nightly: the whole dashboard rollup recomputed from the orders."""
    rollup.rollup_rebuild()
