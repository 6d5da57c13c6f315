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


@register.simple_tag(takes_context=True)
def queue_rows(context, rows):
    """The queue's rows, built in Python in one tag: the queue is the desk's busiest page (it
    refreshes itself every 30 seconds on every operator's screen), and a template loop spent
    most of its time resolving variables, format_html most of the rest; one tag call per row
    still cost a context lookup and a lazy-argument check per row. Every value is escaped
    (stdlib html.escape, quotes included); the markup is what the template wrote."""
    labels, order_url, leads_url = context["labels"], context["order_url"], context["leads_url"]
    status_labels, channel_labels = context["status_labels"], context["channel_labels"]
    tz = timezone.get_current_timezone()  # once, not twice per row
    html_rows = []
    for row in rows:
        item = row.item
        pk = item["id"]
        if row.kind != "order":
            url = f"{leads_url}#lead-{pk}"
            due = f"{item['delivery_date']:%d.%m}" if item["delivery_date"] else "—"
            html_rows.append(
                f'<tr class="row lead" data-href="{url}"><td>{due}</td>'
                f'<td><a href="{url}">{_e(labels["preorder"])} #{_e(item["site_number"] or pk)}</a> '
                f'<small class="muted">{_e(item["brand__name"])}</small></td>'
                f'<td><span class="status s-lead">{_e(labels["to_call"])}</span></td>'
                f'<td>{_e(labels["preorder"])}</td>'
                f"<td>{_e(item['customer__name'])} {tel(item['customer_phone'])}</td><td></td><td></td>"
                f'<td class="num">{item["total"]} {_e(item["currency"])}</td></tr>')
            continue
        url = f"{order_url}{pk}/"
        status = item["status"]
        flags = [labels["unknown"] if item["has_unknown_items"] else "",
                 labels["mismatch"] if item["has_total_mismatch"] else "",
                 labels["follow_up"] if status == "awaiting_customer" else "",
                 labels["attention"] if item["attention"] else ""]
        refs = " ".join(ref for ref in (item["brand__name"],
                                        f"#{item['site_number']}" if item["site_number"] else "",
                                        item["partner_order_id"]) if ref)
        badges = "".join(f' <span class="badge warn">{_e(flag)}</span>' for flag in flags if flag)
        html_rows.append(
            f'<tr class="row{" attention" if any(flags) else ""}" data-href="{url}">'
            f"<td>{item['delivery_date']:%d.%m} {_window(item['window_start'], item['window_end'], tz)}</td>"
            f'<td><a href="{url}">RG-{pk:06d}</a> <small class="muted">{_e(refs)}</small></td>'
            f'<td><span class="status s-{_e(status)}">'
            f"{_e(status_labels.get(status, status))}</span>{badges}</td>"
            f"<td>{_e(channel_labels.get(item['channel'], item['channel']))}</td>"
            f"<td>{_e(item['customer__name'])} {tel(item['customer_phone'])}</td>"
            f"<td>{_e(item['recipient_name'])} {tel(item['recipient_phone_text'])}</td>"
            f"<td>{_e(item['assignment__courier__name'] or '')}</td>"
            f'<td class="num">{item["total"]} {_e(item["currency"])}</td></tr>')
    return SafeString("\n".join(html_rows))


def _window(start, end, tz) -> str:
    """window() with the current time zone looked up once by the caller."""
    if not start:
        return ""
    start = start.astimezone(tz)
    return f"{start:%H:%M}–{end.astimezone(tz):%H:%M}" if end else f"{start:%H:%M}"


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
