from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "delivery"
    verbose_name = _("Delivery")

    def ready(self):
        from core import events
        from orders import timeline
        from orders.domain_events import ORDER_CHANGED

        from .models import DeliveryAttempt
        from .services import courier_change_notify

        events.subscribe(ORDER_CHANGED, courier_change_notify, in_transaction=True)

        # The order timeline reads a delivery attempt's outcome and failure reason by label.
        timeline.register_labels("outcome", DeliveryAttempt.Status.choices)
        timeline.register_labels("reason", DeliveryAttempt.FailureReason.choices)
        # --- control ---
        from .models import ControlItem

        timeline.register_labels("resolution", ControlItem.Resolution.choices)
        timeline.register_labels("contact", ControlItem.Contact.choices)
