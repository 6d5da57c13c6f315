from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    """What the customer sees and gets: the order status page, the notices, the feedback."""

    name = "customers"
    verbose_name = _("Customers")

    def ready(self):
        from orders.models import MessageKind
        from orders.services.messages import notice_skip_register

        from . import notices

        # A parcel's "on the way" is its tracking notice (with the number), not a second one.
        notice_skip_register(MessageKind.ON_THE_WAY, notices.goes_as_parcel)
