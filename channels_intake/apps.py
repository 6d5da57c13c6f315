from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsIntakeConfig(AppConfig):
    name = "channels_intake"
    verbose_name = _("Intake")

    def ready(self):
        from core import health

        from .selectors import sources_health_section

        health.register("sources", sources_health_section)
