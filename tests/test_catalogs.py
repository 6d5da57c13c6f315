"""No string reaches a screen untranslated: every msgid that `makemessages` would extract from
the code and templates today is translated in the Armenian and Russian catalogs.

`core/tests/test_translations.py` checks the entries the catalogs have; this checks the ones
they lack (a new `{% translate %}` in a template, a new `gettext` call) before anyone runs
`makemessages`. It runs Django's own `makemessages -l en` on a copy of the project, into a
fresh locale folder of that copy, so the repository's catalogs are never touched. Needs GNU
gettext (`xgettext`): skipped without it on a laptop, a failure under RG_REQUIRE_SERVICES=1."""

import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings

from conftest import need_service

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ["hy", "ru"]
# What makemessages would find nothing in, or must not read (another checkout's catalogs,
# compiled files, the virtualenv and caches, which start with a dot).
NOT_SOURCE = shutil.ignore_patterns(".*", "__pycache__", "*.pyc", "*.mo", "locale", "var",
                                    "staticfiles", "node_modules")


def _key(entry: polib.POEntry) -> tuple[str, str]:
    return entry.msgctxt or "", entry.msgid


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[tuple[str, str], polib.POEntry]:
    need_service("GNU gettext", shutil.which("xgettext") is not None and shutil.which("msguniq")
                 is not None, "makemessages needs xgettext (apt-get install gettext)")
    copy = tmp_path_factory.mktemp("makemessages") / "project"
    shutil.copytree(ROOT, copy, ignore=NOT_SOURCE)
    (copy / "locale").mkdir()
    with pytest.MonkeyPatch.context() as patch, override_settings(LOCALE_PATHS=[copy / "locale"]):
        patch.chdir(copy)  # makemessages walks the current directory
        call_command("makemessages", locale=["en"], verbosity=0)
    catalog = polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    entries = {_key(entry): entry for entry in catalog if not entry.obsolete}
    assert len(entries) > 100, "makemessages extracted almost nothing: is it reading the project?"
    return entries


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_extracted_string_is_translated(extracted, language):
    catalog = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    have = {_key(entry): entry for entry in catalog if not entry.obsolete}
    missing = []
    for key, entry in sorted(extracted.items()):
        found = have.get(key)
        if found is None or not found.translated() or found.msgid_plural != entry.msgid_plural:
            where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
            missing.append(f"{entry.msgid!r} ({where})")
    assert not missing, (
        f"{len(missing)} string(s) in the code or templates are missing or untranslated in "
        f"locale/{language}/LC_MESSAGES/django.po (run `manage.py makemessages -l hy -l ru "
        f"-l en` and translate them):\n" + "\n".join(missing))
