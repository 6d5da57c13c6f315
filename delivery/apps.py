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

        # --- dash --- the dashboard's rollup follows every status and date change.
        from orders.domain_events import ORDER_STATUS_CHANGED

        from .figures import refresh_on_change, refresh_on_status_change

        events.subscribe(ORDER_STATUS_CHANGED, refresh_on_status_change)
        events.subscribe(ORDER_CHANGED, refresh_on_change)

        # The order timeline reads a delivery attempt's outcome and failure reason by label.
        timeline.register_labels("outcome", DeliveryAttempt.Status.choices)
        timeline.register_labels("reason", DeliveryAttempt.FailureReason.choices)
