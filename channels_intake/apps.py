from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsIntakeConfig(AppConfig):
    name = "channels_intake"
    verbose_name = _("Intake")

    def ready(self):
        from core import events, health, outbox
        from core.models import OutboxMessage
        from orders.domain_events import ORDER_STATUS_CHANGED

        from . import checks  # noqa: F401 - registers the intake's system checks
        from .selectors import sources_health_section
        from .webhooks.services import webhook_send, webhook_status_changed

        health.register("sources", sources_health_section)

        # Partners hear of their orders' moves: rows written with the change, sent by the outbox.
        events.subscribe(ORDER_STATUS_CHANGED, webhook_status_changed, in_transaction=True)
        outbox.register_sender(OutboxMessage.Channel.WEBHOOK, webhook_send)
