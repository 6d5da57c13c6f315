"""Small display helpers of the operator desk."""

from __future__ import annotations

import re

from django import template
from django.utils.html import format_html

from core.phones import parse_phone

register = template.Library()
# Stored numbers are E.164; an Armenian one is shown +374 XX XXXXXX without parsing it again
# (the queue shows two per row, and phonenumbers' parse + format is its costliest part).
_ARMENIAN_E164 = re.compile(r"\+374(\d{2})(\d{6})")


@register.filter
def tel(value):
    """A phone number as a click-to-call link, shown the way people read it."""
    if hasattr(value, "as_e164"):
        value = value.as_e164
    text = str(value or "").strip()
    if not text:
        return ""
    match = _ARMENIAN_E164.fullmatch(text)
    if match:
        return format_html('<a class="tel" href="tel:{}">+374 {} {}</a>', text, match[1], match[2])
    number = parse_phone(text)
    if number is None:
        return text
    return format_html('<a class="tel" href="tel:{}">{}</a>', number.as_e164,
                       number.as_international)


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key, "")
