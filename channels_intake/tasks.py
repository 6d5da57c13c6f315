"""Celery entry points of the intake, a few lines each (the work is in services/). Partner
tasks live beside their services and are imported here so the worker registers them."""

from celery import shared_task

from .api.tasks import idempotency_keys_expire  # noqa: F401
from .feeds.tasks import feed_poll, feeds_dispatch  # noqa: F401


# E-mail sources (issue #4): beat calls poll_due_sources every 15 s; each due source gets its
# own poll_source task, so a mailbox that is down never holds up the others.
@shared_task(ignore_result=True)
def poll_due_sources() -> int:
    from .services.polling import sources_claim_due

    due = sources_claim_due()
    for source_id in due:
        poll_source.delay(source_id)
    return len(due)


@shared_task(acks_late=True, ignore_result=True, soft_time_limit=300, time_limit=360)
def poll_source(source_id: int) -> None:
    from .services.polling import source_poll

    source_poll(source_id=source_id)  # takes the per-source lock itself
