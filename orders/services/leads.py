"""Pre-orders (leads): an operator calls, then records how it ended."""

from __future__ import annotations

import dataclasses

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import LeadRefused
from ..models import Lead
from ..normalized import NormalizedOrder
from .intake import IntakeResult, intake

# Outcomes an operator records without an order; "converted" goes through intake.
CLOSING = {Lead.Status.NOT_INTERESTED, Lead.Status.UNREACHABLE}


@transaction.atomic
def lead_close(*, lead_id: int, outcome: str, note: str = "", actor=None) -> Lead:
    """Not interested, or unreachable after the call. A lead already completed stays so."""
    if outcome not in CLOSING:
        raise LeadRefused(_("Choose how the call ended."))
    lead = Lead.objects.select_for_update().get(pk=lead_id)
    if lead.status == Lead.Status.CONVERTED:
        raise LeadRefused(_("This pre-order is already completed as an order."))
    lead.status, lead.closed_at = outcome, timezone.now()
    if note.strip():
        lead.note = f"{lead.note}\n{note.strip()}".strip()
    lead.save(update_fields=["status", "closed_at", "note"])
    return lead


def lead_normalized(lead: Lead) -> NormalizedOrder | None:
    """The pre-order as it arrived, as an order to take (None when its details are unusable)."""
    try:
        normalized = NormalizedOrder.from_json(lead.details)
    except (KeyError, TypeError):
        return None
    return dataclasses.replace(normalized, is_preorder=False, brand=lead.brand.code,
                               site_number=lead.site_number)


def lead_complete(*, lead_id: int, actor=None) -> IntakeResult:
    """Complete the pre-order as an order through the intake door (which links the lead by its
    site number). Raises IntakeInvalid when something is missing: the desk then opens it in
    quick entry to fill in the rest."""
    lead = Lead.objects.select_related("brand").get(pk=lead_id)
    if lead.status == Lead.Status.CONVERTED:
        raise LeadRefused(_("This pre-order is already completed as an order."))
    normalized = lead_normalized(lead)
    if normalized is None:
        raise LeadRefused(_("This pre-order cannot be read; key it in quick entry."))
    return intake(normalized=normalized, source="desk", actor=actor)
