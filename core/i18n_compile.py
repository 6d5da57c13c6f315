"""Compile every locale/*/LC_MESSAGES/*.po into .mo with polib: no GNU gettext needed to run.

(`makemessages` still needs gettext; it is a developer's tool, not a set-up step.)"""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    count = 0
    for po_path in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        count += 1
    print(f"translations: {count} catalog(s) compiled")


if __name__ == "__main__":
    main()
