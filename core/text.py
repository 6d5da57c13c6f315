"""Text a person will read: no control characters and no bidirectional overrides (issue 17).

A BEL or an ESC in a name rings or recolours an operator's terminal and breaks exports; a
right-to-left override (U+202E) before "lmth.exe" shows "exe.html", and turns a number or a
link backwards. One rule, used by the intake door (API, e-mail, feeds, quick entry) and by the
desk's and the admin's form fields:

- refused everywhere: C0 controls (U+0000–U+001F), DEL, C1 controls (U+0080–U+009F), the bidi
  embeddings and overrides U+202A–U+202E and the isolates U+2066–U+2069 (they reorder what
  follows them, up to the end of the paragraph);
- allowed in text of several lines (addresses, card messages, notes): line breaks (LF, and the
  CR of the CRLF browsers send) and tabs;
- allowed: the marks LRM, RLM and ALM (U+200E, U+200F, U+061C). They only set the direction
  of the neutral characters beside them, never reorder letters, and keyboards of right-to-left
  languages type them; a name in Armenian or Russian beside Persian or Hebrew needs them."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_BIDI = "\u202a-\u202e\u2066-\u2069"
_REFUSED_IN_TEXT = re.compile(f"[{_CONTROLS}{_BIDI}]")
_REFUSED_IN_LINE = re.compile(f"[\t\n\r{_CONTROLS}{_BIDI}]")


def unreadable_character(text: str, *, multiline: bool = False) -> str | None:
    """The first character a reader must not get, or None."""
    found = (_REFUSED_IN_TEXT if multiline else _REFUSED_IN_LINE).search(text)
    return found[0] if found else None


def unreadable_message(character: str) -> str:
    """Why, naming the character by its code point (it cannot be shown)."""
    if "\u202a" <= character <= "\u202e" or "\u2066" <= character <= "\u2069":
        return _("Direction override characters (%(code)s) are not allowed.") % {
            "code": f"U+{ord(character):04X}"}
    if character in "\t\n\r":
        return _("Line breaks and tabs are not allowed here.")
    return _("Control characters (%(code)s) are not allowed.") % {
        "code": f"U+{ord(character):04X}"}


def _refuse_unreadable(value: str, *, multiline: bool) -> None:
    # A NUL has its own message from every Django form field (ProhibitNullCharactersValidator).
    text = value.replace("\x00", "") if isinstance(value, str) else ""
    character = unreadable_character(text, multiline=multiline)
    if character is not None:
        raise ValidationError(unreadable_message(character), code="unreadable_character")


def validate_line(value: str) -> None:
    """One line a person reads (a name, a status): a Django validator."""
    _refuse_unreadable(value, multiline=False)


def validate_text(value: str) -> None:
    """A text of several lines a person reads (an address, a message, a note)."""
    _refuse_unreadable(value, multiline=True)


class LineField(forms.CharField):
    """A form's one-line text for people to read (a name, a status, a reason)."""

    default_validators = [validate_line]


class TextField(forms.CharField):
    """A form's text of several lines for people to read (an address, a message, a note)."""

    default_validators = [validate_text]
