from celery import shared_task

from ..services.lifecycle import source_poll_lock
from . import services


@shared_task(name="channels_intake.feeds_dispatch")
def feeds_dispatch() -> None:
    """Beat, every 15 s: queue a poll for every feed that is due."""
    for source_id in services.feeds_due():
        feed_poll.delay(source_id)


@shared_task(name="channels_intake.feed_poll", acks_late=True, soft_time_limit=240, time_limit=300)
def feed_poll(source_id: int) -> None:
    with source_poll_lock(source_id) as held:
        if not held:
            return  # another worker is reading this feed right now
        services.feed_poll(source_id=source_id)
