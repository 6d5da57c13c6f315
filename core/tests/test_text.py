"""Text a person reads: control and direction override characters refused, one rule."""

import pytest
from django import forms

from core.text import LineField, TextField, unreadable_character

REFUSED = ["\x07", "\x1b", "\x7f", "\x85", "\x9b", "\u202a", "\u202d", "\u202e",
           "\u2066", "\u2069"]
ALLOWED = ["\u200e", "\u200f", "\u061c", "Ա", "Ж", "😀", "\u00a0", "\u200d"]


@pytest.mark.parametrize("character", REFUSED)
def test_controls_and_overrides_are_refused_in_lines_and_texts(character):
    assert unreadable_character(f"a{character}b") == character
    assert unreadable_character(f"a{character}b", multiline=True) == character


@pytest.mark.parametrize("character", ALLOWED)
def test_letters_and_direction_marks_are_text(character):
    assert unreadable_character(f"a{character}b") is None


def test_line_breaks_and_tabs_only_where_the_text_has_lines():
    for character in "\n\r\t":
        assert unreadable_character(f"a{character}b") == character
        assert unreadable_character(f"a{character}b", multiline=True) is None


def test_the_form_fields_say_which_character_and_why():
    with pytest.raises(forms.ValidationError) as caught:
        LineField().clean("Anna\u202egnp.exe")
    assert caught.value.messages == ["Direction override characters (U+202E) are not allowed."]
    with pytest.raises(forms.ValidationError) as caught:
        TextField().clean("Hello\x07")
    assert caught.value.messages == ["Control characters (U+0007) are not allowed."]
    assert TextField().clean("Hello,\r\nAnna") == "Hello,\r\nAnna"
