"""`{% window order.window_start order.window_end %}`: a delivery window in Yerevan time,
the same on the desk's pages and the courier's."""

from django import template
from django.utils import timezone

register = template.Library()


@register.simple_tag
def window(start, end):
    """A delivery window in Yerevan time: 10:00–13:00."""
    if not start:
        return ""
    start, end = timezone.localtime(start), timezone.localtime(end) if end else None
    return f"{start:%H:%M}–{end:%H:%M}" if end else f"{start:%H:%M}"
