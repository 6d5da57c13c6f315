from datetime import date

from celery import shared_task

from . import figures


# --- dash ---
@shared_task(name="delivery.rollup_refresh_days")
def rollup_refresh_days(days: list[str]) -> None:
    """After an order's status or date changed: its day(s) of the dashboard rollup again."""
    for day in sorted(set(days)):
        when = date.fromisoformat(day)
        figures.rollup_refresh(start=when, end=when)


@shared_task(name="delivery.rollup_rebuild")
def rollup_rebuild() -> None:
    """Beat, nightly: the whole dashboard rollup recomputed from the orders."""
    figures.rollup_rebuild()
