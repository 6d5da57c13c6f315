from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    """The top floor: the operator and manager screens, the home page and the demo data."""

    name = "desk"
    verbose_name = _("Desk")
