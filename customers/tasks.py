from celery import shared_task

from . import services


@shared_task(name="customers.feedback_requests_queue")
def feedback_requests_queue() -> int:
    return services.feedback_requests_queue()
