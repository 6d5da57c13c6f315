from celery import shared_task

from core.locks import task_lock

from . import services


@shared_task(name="delivery.tracking_poll")
def tracking_poll() -> None:
    """Beat, every TRACKING_POLL_MINUTES: one poll per carrier with an API, and the reminders
    of parcels waiting at a post office."""
    for carrier_id in services.carriers_to_poll():
        carrier_poll.delay(carrier_id)
    services.parcel_waiting_remind()


@shared_task(name="delivery.carrier_poll", acks_late=True, soft_time_limit=600, time_limit=660)
def carrier_poll(carrier_id: int) -> None:
    with task_lock(f"tracking:carrier:{carrier_id}", ttl=700) as held:
        if not held:
            return  # another worker is polling this carrier right now
        services.carrier_poll(carrier_id=carrier_id)
