"""Phones as people type them, into E.164. Armenia is the default region."""

from __future__ import annotations

import re

import phonenumbers
from django.conf import settings
from phonenumber_field.phonenumber import PhoneNumber

_NON_DIGITS = re.compile(r"\D")


class _ParsedPhone(PhoneNumber):
    """A number as `parse_phone` returns it. Its validity is remembered: the model field asks
    for it again every time it turns the number into text (twice per query or insert), and the
    check (matching the number against the region's patterns) was most of the CPU a phone
    costs the intake. The number is not changed after parsing, so the answer cannot go stale."""

    _valid: bool | None = None

    def is_valid(self) -> bool:
        if self._valid is None:
            self._valid = super().is_valid()
        return self._valid


def parse_phone(text: str) -> PhoneNumber | None:
    """The number in E.164, or None when `text` is not a valid phone number.

    Handles the old trunk prefix still typed in Armenia ("8 091 123456" is 091 123456)."""
    text = (text or "").strip()
    if not text:
        return None
    digits = _NON_DIGITS.sub("", text)
    if not text.startswith("+") and len(digits) == 10 and digits.startswith("80"):
        text = digits[1:]
    try:
        number = _ParsedPhone.from_string(text, region=settings.PHONENUMBER_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if number.is_valid() else None


def phone_search_variants(text: str) -> list[str]:
    """What a search box may mean by `text`: the full E.164 number when it parses, else the
    bare digits (a partial number), so '091 12' finds +3749112...."""
    number = parse_phone(text)
    if number is not None:
        return [number.as_e164]
    digits = _NON_DIGITS.sub("", text or "")
    if digits.startswith("0"):
        digits = digits[1:]
    return [digits] if len(digits) >= 3 else []
