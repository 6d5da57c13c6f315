from celery import shared_task

from . import services


@shared_task(name="channels_intake.webhook_deliver", acks_late=True, soft_time_limit=60,
             time_limit=90)
def webhook_deliver(delivery_id: int) -> None:
    """One attempt per run; a failed attempt queues the next one with exponential backoff
    (the delivery row counts attempts, so a task run twice never sends past the limit)."""
    delivery = services.webhook_delivery_send(delivery_id=delivery_id)
    if delivery.status == delivery.Status.PENDING:
        webhook_deliver.apply_async((delivery_id,),
                                    countdown=services.backoff_seconds(delivery.attempts))


@shared_task(name="channels_intake.webhooks_sweep")
def webhooks_sweep() -> None:
    """Beat, every 5 minutes: re-queue deliveries whose retry task was lost."""
    for delivery_id in services.webhook_deliveries_overdue():
        webhook_deliver.delay(delivery_id)
