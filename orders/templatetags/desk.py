"""Small display helpers of the operator desk."""

from __future__ import annotations

import html
import re

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

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
    if match:  # digits and a plus only: nothing to escape
        return mark_safe(f'<a class="tel" href="tel:{text}">+374 {match[1]} {match[2]}</a>')
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


@register.simple_tag(takes_context=True)
def queue_row(context, row):
    """One row of the queue, built in Python: the queue is the desk's busiest page (it refreshes
    itself every 30 seconds on every operator's screen), and a template loop spent most of its
    time resolving variables, format_html most of the rest. Every value is escaped (stdlib
    html.escape, quotes included); the markup is what the template wrote."""
    labels, item = context["labels"], row.item
    pk = item["id"]
    if row.kind == "order":
        url = f"{context['order_url']}{pk}/"
        status = item["status"]
        flags = [labels["unknown"] if item["has_unknown_items"] else "",
                 labels["mismatch"] if item["has_total_mismatch"] else "",
                 labels["follow_up"] if status == "awaiting_customer" else "",
                 labels["attention"] if item["attention"] else ""]
        refs = " ".join(ref for ref in (item["brand__name"],
                                        f"#{item['site_number']}" if item["site_number"] else "",
                                        item["partner_order_id"]) if ref)
        badges = "".join(f' <span class="badge warn">{_e(flag)}</span>' for flag in flags if flag)
        return mark_safe(
            f'<tr class="row{" attention" if any(flags) else ""}" data-href="{url}">'
            f"<td>{item['delivery_date']:%d.%m} {window(item['window_start'], item['window_end'])}</td>"
            f'<td><a href="{url}">RG-{pk:06d}</a> <small class="muted">{_e(refs)}</small></td>'
            f'<td><span class="status s-{_e(status)}">'
            f"{_e(context['status_labels'].get(status, status))}</span>{badges}</td>"
            f"<td>{_e(context['channel_labels'].get(item['channel'], item['channel']))}</td>"
            f"<td>{_e(item['customer__name'])} {tel(item['customer_phone'])}</td>"
            f"<td>{_e(item['recipient_name'])} {tel(item['recipient_phone_text'])}</td>"
            f"<td>{_e(item['assignment__courier__name'] or '')}</td>"
            f'<td class="num">{item["total"]} {_e(item["currency"])}</td></tr>')
    url = f"{context['leads_url']}#lead-{pk}"
    due = f"{item['delivery_date']:%d.%m}" if item["delivery_date"] else "—"
    return mark_safe(
        f'<tr class="row lead" data-href="{url}"><td>{due}</td>'
        f'<td><a href="{url}">{_e(labels["preorder"])} #{_e(item["site_number"] or pk)}</a> '
        f'<small class="muted">{_e(item["brand__name"])}</small></td>'
        f'<td><span class="status s-lead">{_e(labels["to_call"])}</span></td>'
        f'<td>{_e(labels["preorder"])}</td>'
        f"<td>{_e(item['customer__name'])} {tel(item['customer_phone'])}</td><td></td><td></td>"
        f'<td class="num">{item["total"]} {_e(item["currency"])}</td></tr>')


def _e(value) -> str:
    return html.escape(str(value))


@register.simple_tag
def fast_field(field):
    """A filter-bar field rendered straight to HTML (inputs, selects, a checkbox). Django's
    widget templates cost more than the queue's query; these few simple widgets don't need them."""
    widget, value = field.field.widget, field.value()
    attrs = {"name": field.html_name, "id": field.auto_id, **widget.attrs}
    if getattr(widget, "input_type", None) == "checkbox":
        if value not in (None, False, "", "false", "False"):
            attrs["checked"] = True
        return format_html("<input{}>", _attrs({"type": "checkbox", **attrs}))
    if hasattr(field.field, "choices") and getattr(widget, "input_type", None) not in ("text",
                                                                                      "date"):
        current = "" if value is None else str(value)
        options = format_html_join(
            "", "<option value=\"{}\"{}>{}</option>",
            ((str(key), mark_safe(" selected") if str(key) == current else "", label)
             for key, label in field.field.choices))
        return format_html("<select{}>{}</select>", _attrs(attrs), options)
    attrs = {"type": getattr(widget, "input_type", "text"), **attrs}
    if value not in (None, ""):
        attrs["value"] = value
    return format_html("<input{}>", _attrs(attrs))


def _attrs(attrs: dict) -> str:
    return format_html_join("", " {}", ((name,) for name, value in attrs.items() if value is True)) + \
        format_html_join("", ' {}="{}"', ((name, value) for name, value in attrs.items()
                                          if value not in (True, False, None)))
