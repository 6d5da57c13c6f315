from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsIntakeConfig(AppConfig):
    """What the intake hears and plugs into lower floors is in channels_intake/subscribers.py."""

    name = "channels_intake"
    verbose_name = _("Intake")

    def ready(self):
        from . import checks  # noqa: F401 - registers the intake's system checks (Django's own)
