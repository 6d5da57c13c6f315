"""JSON as the partner API reads it: bounded in depth, no NaN or Infinity, numbers kept exact."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class BadJSON(ValueError):
    pass


def _no_constant(name: str):
    raise BadJSON(_("%(name)s is not a JSON value.") % {"name": name})


def json_loads(text: bytes | str) -> Any:
    """The document, or BadJSON (a ValueError) with a reason a partner can read. Deep nesting is
    refused (the parser's own recursion would otherwise end the request with a 500)."""
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_no_constant)
    except RecursionError:
        data = None
        too_deep = True
    except (ValueError, UnicodeDecodeError) as exc:  # JSONDecodeError, an int over 4300 digits
        raise BadJSON(_("Malformed JSON: %(error)s") % {"error": exc}) from exc
    else:
        too_deep = _depth_over(data, settings.PARTNER_API_MAX_JSON_DEPTH)
    if too_deep:
        raise BadJSON(_("JSON nested deeper than %(most)d levels.")
                      % {"most": settings.PARTNER_API_MAX_JSON_DEPTH})
    return data


def _depth_over(data: Any, most: int) -> bool:
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > most:
                return True
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


class PartnerJSONParser(JSONParser):
    """DRF's JSON parser with the same bounds as the order intake."""

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        try:
            return json_loads(raw)
        except BadJSON as exc:
            raise ParseError(str(exc)) from exc
