import gc
import os

from celery import Celery
from celery.signals import beat_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rg_orders.settings.dev")

app = Celery("rg_orders")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
@beat_init.connect
def _freeze_the_startup_heap(**kwargs) -> None:
    """Everything loaded at startup (Django, the apps, Celery) lives as long as the process: keep
    it out of every collection, including the one at exit, which on a busy machine took the
    stopping worker or beat seconds (past honcho's five, then SIGKILL, under `make run`)."""
    gc.freeze()
