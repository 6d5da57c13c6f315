from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "delivery"
    verbose_name = _("Delivery")

    def ready(self):
        from orders import timeline

        from .models import DeliveryAttempt

        # The order timeline reads a delivery attempt's outcome and failure reason by label.
        timeline.register_labels("outcome", DeliveryAttempt.Status.choices)
        timeline.register_labels("reason", DeliveryAttempt.FailureReason.choices)
