"""Thin beat tasks of the control list (schedule: rg_orders/settings/base.py, `# --- control`)."""

from celery import shared_task

from . import services


@shared_task(name="delivery.control_list_build")
def control_list_build() -> int:
    return len(services.control_list_build())


@shared_task(name="delivery.control_escalate")
def control_escalate() -> int:
    return services.control_escalate()
