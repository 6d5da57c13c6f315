import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rg_orders.settings.dev")

app = Celery("rg_orders")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
