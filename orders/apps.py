from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Orders")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core import events, outbox
        from delivery.models import Courier

        from . import selectors
        from .models import Brand
        from .services.messages import message_sent_note

        # A message about an order has left (core/outbox.py): its timeline says so.
        events.subscribe(outbox.SENT, message_sent_note)

        # The queue's filter bar keeps these choices in the cache (selectors.queue_filter_choices).
        for model in (Brand, Courier):
            for signal in (post_save, post_delete):
                signal.connect(selectors.forget_queue_filter_choices, sender=model,
                               dispatch_uid=f"queue-filter-choices-{signal is post_save}-{model.__name__}")
