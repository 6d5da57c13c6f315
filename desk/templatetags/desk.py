"""Small display helpers of the operator desk."""

from __future__ import annotations

import html
import re

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

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
    if match:  # digits and a plus only: nothing to escape (SafeString: no lazy-argument check)
        return SafeString(f'<a class="tel" href="tel:{text}">+374 {match[1]} {match[2]}</a>')
    number = parse_phone(text)
    if number is None:
        return text
    return format_html('<a class="tel" href="tel:{}">{}</a>', number.as_e164,
                       number.as_international)


@register.simple_tag
def window(start, end):
    """A delivery window in Yerevan time: 10:00–13:00."""
    if not start:
        return ""
    start, end = timezone.localtime(start), timezone.localtime(end) if end else None
    return f"{start:%H:%M}–{end:%H:%M}" if end else f"{start:%H:%M}"


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key, "")


def _e(value) -> str:
    return html.escape(str(value))


@register.simple_tag
def fast_field(field):
    """A filter-bar field rendered straight to HTML (inputs, selects, a checkbox). Django's
    widget templates cost more than the queue's query; these few simple widgets don't need them.
    Escaped with stdlib html.escape, not format_html: that checks every argument for a lazy
    string and escapes through conditional_escape, per option of every select, on every page."""
    widget, value = field.field.widget, field.value()
    attrs = {"name": field.html_name, "id": field.auto_id, **widget.attrs}
    input_type = getattr(widget, "input_type", None)
    if input_type == "checkbox":
        if value not in (None, False, "", "false", "False"):
            attrs["checked"] = True
        return SafeString(f"<input{_attrs({'type': 'checkbox', **attrs})}>")
    if hasattr(field.field, "choices") and input_type not in ("text", "date"):
        current = "" if value is None else str(value)
        options = "".join(
            f'<option value="{_e(key)}"{" selected" if str(key) == current else ""}>{_e(label)}</option>'
            for key, label in field.field.choices)
        return SafeString(f"<select{_attrs(attrs)}>{options}</select>")
    attrs = {"type": input_type or "text", **attrs}
    if value not in (None, ""):
        attrs["value"] = value
    return SafeString(f"<input{_attrs(attrs)}>")


def _attrs(attrs: dict) -> str:
    return "".join(f" {name}" for name, value in attrs.items() if value is True) + \
        "".join(f' {name}="{_e(value)}"' for name, value in attrs.items()
                if value not in (True, False, None))
