from celery import shared_task

from . import submit


@shared_task(name="channels_intake.idempotency_keys_expire")
def idempotency_keys_expire() -> int:
    """Beat, every 6 hours."""
    return submit.idempotency_keys_expire()
