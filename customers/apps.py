from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    """What the customer sees and gets: the order status page and the feedback."""

    name = "customers"
    verbose_name = _("Customers")
