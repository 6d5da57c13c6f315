"""The one placeholder engine of the desk: notice templates (notices) and ready answers
(inquiries) are texts with `{name}` placeholders, the pattern the templates stored in the
database already use. It is `string.Template` with that pattern: no other syntax (no attribute
access, no filters, no tags), so an edited text can reach nothing but the values it is given.

Each caller names what its texts may use (its own values, each a string or a function called
only when the text uses it). The rule is the desk's: a text naming an unknown placeholder is
refused, naming every one; so is a text whose placeholder has nothing to put in, unless the
caller says an empty value is fine (a notice leaves out a window the order does not have).
Braces that are no placeholder ("{ x }", "{}") are kept as written."""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping

from django.utils.translation import gettext as _

from .exceptions import ApplicationError

Value = str | Callable[[], str]


class Braces(string.Template):
    """`{name}`: up to 40 characters, no space and no brace inside."""

    delimiter = "{"
    pattern = r"""\{(?:
        (?P<named>[^{}\s]{1,40})\} |
        (?P<braced>(?!)) | (?P<escaped>(?!)) | (?P<invalid>(?!))
    )"""
    flags = 0  # case counts: {Customer_Name} is not {customer_name}


class PlaceholdersRefused(ApplicationError):
    """A text names placeholders its caller does not know, or has nothing to put in."""

    code = "placeholders_refused"

    def __init__(self, *, unknown: list[str], empty: list[str]):
        self.unknown, self.empty = unknown, empty
        problems = []
        if unknown:
            problems.append(_("unknown placeholder: %(names)s") % {"names": braced(unknown)})
        if empty:
            problems.append(_("nothing to put in: %(names)s") % {"names": braced(empty)})
        super().__init__("; ".join(problems))


def braced(names: list[str] | tuple[str, ...]) -> str:
    """"{a}, {b}": how a person reads placeholder names."""
    return ", ".join(f"{{{name}}}" for name in names)


def placeholders_named(text: str) -> list[str]:
    """The placeholders `text` uses, in order, each once."""
    return Braces(text).get_identifiers()


def placeholders_unknown(text: str, allowed: Mapping[str, object] | tuple[str, ...]) -> list[str]:
    """The placeholders of `text` that are not `allowed` (a form refuses them before saving)."""
    return [name for name in placeholders_named(text) if name not in allowed]


def placeholders_fill(text: str, values: Mapping[str, Value], *, empty_ok: bool = False) -> str:
    """`text` with every placeholder filled from `values`; PlaceholdersRefused naming every
    unknown one and, unless `empty_ok`, every one with nothing to put in."""
    unknown, empty, filled = [], [], {}
    for name in placeholders_named(text):
        if name not in values:
            unknown.append(name)
            continue
        value = values[name]
        filled[name] = str((value() if callable(value) else value) or "").strip()
        if not filled[name] and not empty_ok:
            empty.append(name)
    if unknown or empty:
        raise PlaceholdersRefused(unknown=unknown, empty=empty)
    return Braces(text).substitute(filled)
