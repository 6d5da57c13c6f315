"""One error shape for the partner API.

400: `{"errors": {"recipient.phone": ["..."], "items[0].quantity": ["..."]}}`, every bad
field by its dotted path; anything else: `{"detail": "...", "code": "..."}`."""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.views import exception_handler


def flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested errors ({"items": [{}, {"quantity": [...]}]}) as dotted paths."""
    flat: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            if key in ("non_field_errors", "__all__"):
                path = prefix or "body"
            elif isinstance(key, int) or str(key).isdigit():  # a list's errors by position
                path = f"{prefix}[{key}]"
            else:
                path = f"{prefix}.{key}" if prefix else str(key)
            for sub, messages in flatten(value, path).items():
                flat.setdefault(sub, []).extend(messages)
    elif isinstance(detail, list):
        if not any(isinstance(item, dict | list) for item in detail):
            if detail:
                flat[prefix or "body"] = [str(item) for item in detail]
        else:
            for index, item in enumerate(detail):
                for sub, messages in flatten(item, f"{prefix}[{index}]").items():
                    flat.setdefault(sub, []).extend(messages)
    else:
        flat[prefix or "body"] = [str(detail)]
    return flat


def partner_exception_handler(exc, context):
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"errors": flatten(exc.detail)}
    elif isinstance(exc, exceptions.ParseError):
        response.data = {"errors": {"body": [str(exc.detail)]}}
    elif isinstance(exc, exceptions.APIException):
        response.data = {"detail": str(exc.detail), "code": exc.get_codes()
                         if isinstance(exc.get_codes(), str) else exc.default_code}
    return response
