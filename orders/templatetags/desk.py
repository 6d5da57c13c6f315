"""Small display helpers of the operator desk."""

from __future__ import annotations

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
    if match:
        return format_html('<a class="tel" href="tel:{}">+374 {} {}</a>', text, *match.groups())
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
    time resolving variables. The markup is the same as a template would write."""
    labels = context["labels"]
    item = row.item
    if row.kind == "order":
        url = f"{context['order_url']}{item.pk}/"
        flags = [labels["unknown"] if item.has_unknown_items else "",
                 labels["mismatch"] if item.has_total_mismatch else "",
                 labels["follow_up"] if item.status == "awaiting_customer" else ""]
        attention = any(flags)
        courier = getattr(getattr(item, "assignment", None), "courier", None)
        refs = " ".join(ref for ref in (item.brand.name,
                                        f"#{item.site_number}" if item.site_number else "",
                                        item.partner_order_id) if ref)
        cells = [
            format_html("<td>{} {}</td>", item.delivery_date.strftime("%d.%m"),
                        window(item.window_start, item.window_end)),
            format_html('<td><a href="{}">{}</a> <small class="muted">{}</small></td>', url,
                        item.number, refs),
            format_html('<td><span class="status s-{}">{}</span>{}</td>', item.status,
                        context["status_labels"].get(item.status, item.status),
                        format_html_join("", ' <span class="badge warn">{}</span>',
                                         ((flag,) for flag in flags if flag))),
            format_html("<td>{}</td>", context["channel_labels"].get(item.channel, item.channel)),
            format_html("<td>{} {}</td>", item.customer.name, tel(item.customer_phone_text)),
            format_html("<td>{} {}</td>", item.recipient_name, tel(item.recipient_phone_text)),
            format_html("<td>{}</td>", courier.name if courier else ""),
            format_html('<td class="num">{} {}</td>', item.total, item.currency),
        ]
        return format_html('<tr class="row{}" data-href="{}">{}</tr>',
                           " attention" if attention else "", url, mark_safe("".join(cells)))
    url = f"{context['leads_url']}#lead-{item.pk}"
    cells = [
        format_html("<td>{}</td>", item.delivery_date.strftime("%d.%m") if item.delivery_date
                    else "—"),
        format_html('<td><a href="{}">{} #{}</a> <small class="muted">{}</small></td>', url,
                    labels["preorder"], item.site_number or item.pk, item.brand.name),
        format_html('<td><span class="status s-lead">{}</span></td>', labels["to_call"]),
        format_html("<td>{}</td>", labels["preorder"]),
        format_html("<td>{} {}</td>", item.customer.name, tel(item.customer.phone)),
        mark_safe("<td></td><td></td>"),
        format_html('<td class="num">{} {}</td>', item.total, item.currency),
    ]
    return format_html('<tr class="row lead" data-href="{}">{}</tr>', url,
                       mark_safe("".join(cells)))


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
