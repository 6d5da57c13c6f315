from celery import shared_task

from . import services


@shared_task(bind=True, name="channels_intake.webhook_deliver", acks_late=True, max_retries=None,
             soft_time_limit=60, time_limit=90)
def webhook_deliver(self, delivery_id: int) -> None:
    """One attempt per run; a failed attempt comes back later with exponential backoff."""
    delivery = services.webhook_delivery_send(delivery_id=delivery_id)
    if delivery.status == delivery.Status.PENDING:
        raise self.retry(countdown=services.backoff_seconds(delivery.attempts))
