"""The review queue: inbound messages a person must finish. Saving takes the order through the
one intake door; dismissing needs a reason. Either way the message ends in one state."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orders.normalized import NormalizedOrder
from orders.services import IntakeResult, intake

from .exceptions import ReviewRefused
from .models import InboundMessage, InboundState
from .services.lifecycle import inbound_state_for


def _lock(message_id: int) -> InboundMessage:
    message = InboundMessage.objects.select_for_update().select_related("source").get(
        pk=message_id)
    if message.state != InboundState.REVIEW:
        raise ReviewRefused(_("Someone has already handled this message (%(state)s).")
                            % {"state": message.get_state_display()})
    return message


@transaction.atomic
def review_resolve(*, message_id: int, normalized: NormalizedOrder, actor=None) -> IntakeResult:
    """Take what the person completed through intake and close the item, linked to the result.
    IntakeInvalid propagates with every bad field; the item then stays in review."""
    message = _lock(message_id)
    result = intake(normalized=normalized, source=message.source.name, actor=actor)
    message.state = inbound_state_for(result)
    message.order, message.lead = result.order, result.lead
    message.parsed = normalized.to_json()
    message.processed_at = timezone.now()
    message.save(update_fields=["state", "order", "lead", "parsed", "processed_at"])
    return result


@transaction.atomic
def review_dismiss(*, message_id: int, reason: str, actor=None) -> InboundMessage:
    """Not an order (spam, a question, a duplicate by other means): ignored, with the reason."""
    if not reason.strip():
        raise ReviewRefused(_("Say why this message is dismissed."))
    message = _lock(message_id)
    who = getattr(actor, "username", "") or "desk"
    message.state = InboundState.IGNORED
    message.reason = f"{reason.strip()} ({who})"
    message.processed_at = timezone.now()
    message.save(update_fields=["state", "reason", "processed_at"])
    return message
