from celery import shared_task

from . import health, outbox


@shared_task
def heartbeat() -> None:
    """Scheduled by beat: proves a worker is alive and consuming the queue."""
    health.record_heartbeat()


@shared_task(name="core.outbox_send", acks_late=True)
def outbox_send(message_id: int) -> None:
    """Kicked after the commit that wrote the row. A row that is not due, already sent or in
    another worker's hands is left alone (the claim decides), so running it twice is harmless;
    a failure is recorded on the row and retried by the sweeper."""
    outbox.outbox_send(message_id=message_id)


@shared_task(name="core.outbox_sweep")
def outbox_sweep() -> None:
    """Beat: send due retries, rows whose kick was lost and rows whose claim expired (a worker
    killed mid-send)."""
    outbox.outbox_sweep()
