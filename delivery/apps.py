from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "delivery"
    verbose_name = _("Delivery")

    def ready(self):
        from core import events
        from orders.domain_events import ORDER_CHANGED

        from .services import courier_change_notify

        events.subscribe(ORDER_CHANGED, courier_change_notify, in_transaction=True)
