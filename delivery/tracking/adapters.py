"""One adapter per kind of tracking API (Carrier.api_kind): ask the carrier about one parcel and
read its answer into a ParcelStatus. The generic JSON adapter takes the URL template and the
field mapping from the carrier's row (data, like the partner feeds), so a new carrier with a
JSON endpoint needs no code.

Every way a carrier can fail (unreachable, slow, 500, an endless or oversized body, not JSON,
not the shape the mapping expects) is a TrackingUnavailable with a clear message: the poll
records it in the carrier's health and goes on with the next parcel."""

from __future__ import annotations

import json
import string
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import requests
from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from core import netguard

MAPPING_PATHS = ("status", "location", "happened_at")
MAPPING_VALUES = ("waiting", "delivered")


class TrackingUnavailable(Exception):
    """The carrier did not tell us anything usable this time (retried at the next poll)."""


@dataclass(frozen=True)
class ParcelStatus:
    status: str
    location: str = ""
    waiting: bool = False
    delivered: bool = False
    happened_at: datetime | None = None  # None: the carrier does not say (now is used)
    raw: Any = field(default=None, compare=False)


def template_fields(template: str) -> list[tuple[str, str | None, str, str | None]]:
    """The template cut by string.Formatter: (text, field, format spec, conversion) parts.
    Raises ValueError on unbalanced braces."""
    return list(string.Formatter().parse(template))


def template_error(template: str) -> str:
    """Why a URL template is unusable ("" when fine): {number} is its only placeholder, bare.
    A format spec ({number:>99999999999} asks for a 100 GB string), a conversion, an attribute
    or an index is refused (issue 17): the template is data typed by a person."""
    if not template:
        return ""
    try:
        parts = template_fields(template)
    except ValueError:
        return _("Braces must be doubled except around {number}.")
    fields = [(name, spec, conversion) for _text, name, spec, conversion in parts
              if name is not None]
    if not fields or any(field != ("number", "", None) for field in fields):
        return _("Put {number} where the tracking number goes (no other placeholder, nothing "
                 "else inside the braces).")
    if not template.lower().startswith(("http://", "https://")):
        return _("Only http(s) URLs are allowed.")
    return ""


def api_url_error(template: str) -> str:
    """Why the desk may not connect to a carrier's API URL ("" when it may): the outbound guard's
    early check, at save (a literal or a name resolving inside is refused here; the guard checks
    again at every connection, as the name may resolve differently by then)."""
    try:
        netguard.check_url(tracking_link(template, "RR000000000AM"))
    except netguard.UnsafeURL as exc:
        return str(exc)
    return ""


def mapping_errors(mapping: Any) -> str:
    """Why a field mapping is unusable ("" when fine)."""
    if not isinstance(mapping, dict) or not isinstance(mapping.get("status"), str) \
            or not mapping["status"].strip():
        return _('The mapping needs at least "status": the path of the status in the answer.')
    for key in MAPPING_PATHS:
        if key in mapping and not isinstance(mapping[key], str):
            return _("%(key)s must be a dotted path.") % {"key": key}
    for key in MAPPING_VALUES:
        if key in mapping and not (isinstance(mapping[key], list)
                                   and all(isinstance(v, str) for v in mapping[key])):
            return _("%(key)s must be a list of the carrier's status words.") % {"key": key}
    unknown = set(mapping) - set(MAPPING_PATHS) - set(MAPPING_VALUES)
    if unknown:
        return _("Unknown keys: %(keys)s.") % {"keys": ", ".join(sorted(unknown))}
    return ""


def tracking_link(template: str, number: str) -> str:
    """The template with the tracking number in it ("" when either is missing)."""
    if not template or not number or template_error(template):
        return ""
    # Not str.format: each bare {number} is replaced, the text around it kept as parsed.
    quoted = requests.utils.quote(number, safe="")
    return "".join(text + (quoted if name is not None else "")
                   for text, name, _spec, _conversion in template_fields(template))


def dig(data: Any, path: str) -> Any:
    """The value at a dotted path ("events.0.status"); None when it is not there."""
    for part in path.split("."):
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and part.lstrip("-").isdigit() and -len(data) <= int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    return data


def fetch_json(url: str) -> Any:
    """GET a carrier's answer through the outbound guard: a timeout per read and for the whole
    answer, at most TRACKING_MAX_BYTES, JSON. Raises TrackingUnavailable."""
    timeout, cap = settings.TRACKING_TIMEOUT_SECONDS, settings.TRACKING_MAX_BYTES
    deadline = time.monotonic() + timeout
    try:
        with netguard.safe_get(url, timeout=timeout, stream=True,
                               headers={"Accept": "application/json"}) as response:
            if response.status_code != 200:
                raise TrackingUnavailable(_("HTTP %(status)s from the carrier")
                                          % {"status": response.status_code})
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > cap:
                raise TrackingUnavailable(_("The answer is too large (%(size)s bytes, at most "
                                            "%(cap)s).") % {"size": declared, "cap": cap})
            body = bytearray()
            for chunk in response.iter_content(chunk_size=16384):
                body += chunk
                if len(body) > cap:
                    raise TrackingUnavailable(_("The answer is too large (more than %(cap)s "
                                                "bytes).") % {"cap": cap})
                if time.monotonic() > deadline:
                    raise TrackingUnavailable(_("The carrier timed out."))
    except netguard.UnsafeURL as exc:
        raise TrackingUnavailable(str(exc)) from exc
    except requests.Timeout as exc:
        raise TrackingUnavailable(_("The carrier timed out.")) from exc
    except requests.RequestException as exc:
        raise TrackingUnavailable(_("The carrier cannot be reached: %(error)s")
                                  % {"error": type(exc).__name__}) from exc
    try:
        return json.loads(bytes(body))
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and bad UTF-8 are ValueErrors
        raise TrackingUnavailable(_("The answer is not JSON.")) from exc


class JsonAdapter:
    """A JSON endpoint per parcel: api_url_template with the number in it, read by the mapping."""

    name = "json"

    def fetch(self, carrier, number: str) -> ParcelStatus:
        url = tracking_link(carrier.api_url_template, number)
        if not url:
            raise TrackingUnavailable(_("The carrier's API URL is not set."))
        return self.read(carrier.mapping or {}, fetch_json(url))

    def read(self, mapping: dict, data: Any) -> ParcelStatus:
        problem = mapping_errors(mapping)
        if problem:
            raise TrackingUnavailable(problem)
        status = dig(data, mapping["status"])
        if not isinstance(status, (str, int)) or isinstance(status, bool) or not str(status).strip():
            raise TrackingUnavailable(_("The answer has no status at %(path)s.")
                                      % {"path": mapping["status"]})
        status = str(status).strip()
        location = dig(data, mapping["location"]) if mapping.get("location") else ""
        location = str(location).strip() if isinstance(location, (str, int, float)) else ""
        happened_at = None
        if mapping.get("happened_at"):
            value = dig(data, mapping["happened_at"])
            try:
                happened_at = parse_datetime(value) if isinstance(value, str) else None
            except ValueError:
                happened_at = None
            if happened_at is None:
                raise TrackingUnavailable(_("The answer has no time at %(path)s.")
                                          % {"path": mapping["happened_at"]})
            if timezone.is_naive(happened_at):
                happened_at = timezone.make_aware(happened_at, timezone.get_default_timezone())

        def among(key: str) -> bool:
            return status.casefold() in {value.casefold() for value in mapping.get(key) or ()}

        return ParcelStatus(status=status[:200], location=location[:200],
                            waiting=among("waiting"), delivered=among("delivered"),
                            happened_at=happened_at, raw=data)


ADAPTERS = {JsonAdapter.name: JsonAdapter()}
