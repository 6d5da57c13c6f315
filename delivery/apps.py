from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "delivery"
    verbose_name = _("Delivery")

    def ready(self):
        from core import events, health
        from orders import timeline
        from orders.domain_events import ORDER_CHANGED

        from .domain_events import PARCEL_HANDED
        from .models import DeliveryAttempt
        from .services import courier_change_notify
        from .tracking.selectors import carriers_health_section
        from .tracking.services import parcel_handed_notify

        events.subscribe(ORDER_CHANGED, courier_change_notify, in_transaction=True)
        # The tracking number goes to the customer with the dispatch (outbox, same transaction).
        events.subscribe(PARCEL_HANDED, parcel_handed_notify, in_transaction=True)
        health.register("carriers", carriers_health_section)

        # The order timeline reads a delivery attempt's outcome and failure reason by label.
        timeline.register_labels("outcome", DeliveryAttempt.Status.choices)
        timeline.register_labels("reason", DeliveryAttempt.FailureReason.choices)
        # photos: the kind of a photo attached (a note with {"photo": id, "kind": ...}).
        from .models import DeliveryPhoto

        timeline.register_labels("photo", DeliveryPhoto.Kind.choices)
