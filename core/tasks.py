from celery import shared_task

from . import health


@shared_task
def heartbeat() -> None:
    """Scheduled by beat: proves a worker is alive and consuming the queue."""
    health.record_heartbeat()
