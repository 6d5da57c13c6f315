"""Which zone an address is in: the rule, in one place."""

from __future__ import annotations

import re

from .models import Zone, ZoneArea


def zone_for(address: str) -> Zone | None:
    """The zone of the first area name found in the address as whole words, case-insensitive,
    the longest names tried first ("Nor Nork" before "Nork"); an address naming none is in the
    default zone (None when there is none: the window is then not limited)."""
    text = " ".join(address.casefold().split())
    areas = sorted(ZoneArea.objects.select_related("zone").only("name", "zone"),
                   key=lambda area: -len(area.name))
    for area in areas:
        name = " ".join(area.name.casefold().split())
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            return area.zone
    return Zone.objects.filter(is_default=True).first()
