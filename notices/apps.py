from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    """What notices hears is in notices/subscribers.py."""

    name = "notices"
    verbose_name = _("Notices")
