"""The dram sign ֏ and Armenian letters come from a font the desk serves itself (issue 17): a
subset of Noto Sans Armenian under static/fonts/ with its licence, declared in one stylesheet
that every page's head links, and named first in every page's font stack (the browser test
tests/browser/test_keyboard.py checks that Chromium really draws ֏ with it)."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

FONTS = ["fonts/NotoSansArmenian-Regular.woff2", "fonts/NotoSansArmenian-Bold.woff2"]


def static_text(path: str) -> str:
    found = finders.find(path)
    assert found, f"{path} is not a static file"
    return Path(found).read_text(encoding="utf-8")


def test_the_font_files_are_static_files_with_their_licence():
    for path in FONTS:
        found = finders.find(path)
        assert found and Path(found).read_bytes()[:4] == b"wOF2"
        assert Path(found).stat().st_size < 40_000  # a subset, not the whole family
    licence = static_text("fonts/OFL.txt")
    assert "SIL Open Font License, Version 1.1" in licence and "Google" in licence


def test_one_stylesheet_declares_the_font_for_armenian_and_the_dram_sign_only():
    css = static_text("fonts/armenian.css")
    assert css.count("@font-face") == 2
    for path in FONTS:
        assert f'url("{path.removeprefix("fonts/")}")' in css
    assert css.count("unicode-range: U+0531-058F, U+FB13-FB17;") == 2  # ֏ is U+058F
    assert "http" not in css.replace("https://", "")  # served here, no CDN


@pytest.mark.parametrize("stylesheet", ["css/desk.css", "customers/status.css"])
def test_every_font_stack_names_the_served_font_first(stylesheet):
    body = next(line for line in static_text(stylesheet).splitlines()
                if line.startswith("body {"))
    assert 'px/1.' in body and body.split("px/1.")[1].split(" ", 1)[1].startswith(
        '"Noto Sans Armenian", system-ui')


@pytest.mark.parametrize("template", ["base.html", "customers/base.html", "delivery/courier/_head.html"])
def test_every_page_head_links_the_font_stylesheet(template, rf):
    html = render_to_string(template, request=rf.get("/"))
    assert "/static/fonts/armenian.css" in html
