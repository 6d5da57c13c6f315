"""The desk ships Armenian and Russian: every entry of their catalogs is translated, and
keeps the placeholders of its English text (a lost %(name)s would crash the page)."""

import re
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


@pytest.mark.parametrize("language", ["hy", "ru"])
def test_every_entry_is_translated_with_its_placeholders(language):
    catalog = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert not [entry.msgid for entry in catalog.untranslated_entries()]
    assert not [entry.msgid for entry in catalog.fuzzy_entries()]
    for entry in catalog.translated_entries():
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in texts:
            # A plural form may leave out the count (Russian "one" says it in words).
            found = sorted(PLACEHOLDER.findall(text))
            assert set(found) <= set(wanted) | set(PLACEHOLDER.findall(entry.msgid_plural or "")), \
                (entry.msgid, text)
            if not entry.msgid_plural:
                assert found == wanted, (entry.msgid, text)
