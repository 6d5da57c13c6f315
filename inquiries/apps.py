from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InquiriesConfig(AppConfig):
    """Customers' questions and calls, their threads, owners and reply clocks. What it hears and
    plugs into lower floors is in inquiries/subscribers.py."""

    name = "inquiries"
    verbose_name = _("Inquiries")
