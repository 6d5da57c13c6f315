from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Orders")

    def ready(self):
        from core import events, outbox

        from .services.messages import message_sent_note

        # A message about an order has left (core/outbox.py): its timeline says so.
        events.subscribe(outbox.SENT, message_sent_note)
