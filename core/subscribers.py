"""What core plugs into its own extension points (it hears no event): the outbox's e-mail and
SMS senders and its /healthz section. Read with the other apps' subscribers.py: together they
are every side effect and every plug of the desk (core.wiring installs them)."""

from core.models import OutboxMessage

from . import health, outbox, sms

SUBSCRIPTIONS = []

HOOKS = [
    outbox.SENDERS.plug(OutboxMessage.Channel.EMAIL, outbox.send_email),
    outbox.SENDERS.plug(OutboxMessage.Channel.SMS, sms.send_sms),
    # Messages waiting to leave: a /healthz section like any app's (reported, never fatal).
    health.SECTIONS.plug("outbox", outbox.outbox_health),
]
