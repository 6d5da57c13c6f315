from celery import shared_task

from .services import messages


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=8, acks_late=True)
def customer_message_send(message_id: int) -> None:
    messages.customer_message_send(message_id=message_id)
