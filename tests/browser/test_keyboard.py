"""The desk by keyboard and screen reader (issue 17), where axe sees nothing: the queue's
refresh keeps the focus and the reader's place, the first Tab stop is a skip link, j/k move
the focus itself (with an outline one can see), and money's dram sign ֏ is drawn with the
font the desk serves, on a machine without Armenian fonts (this one: only DejaVu)."""

import re

from .test_desk import login, pytestmark  # noqa: F401  (pytestmark: the marks of every browser test)

ACTIVE = """() => {
  const element = document.activeElement;
  const row = element.closest("tr.row");
  return {tag: element.tagName, id: element.id, text: element.textContent.trim(),
          row: row ? row.id : null};
}"""

# Resolves once the queue's list has been swapped (the 30 s refresh, "r" or a filter).
REFRESH = """() => new Promise(done => {
  document.body.addEventListener("htmx:afterSwap", () => setTimeout(done, 0), {once: true});
  htmx.trigger("#queue-list", "refresh");
})"""


def orders(desk, count=3):
    from desk.tests.conftest import make_order

    return [make_order(desk["rose"]) for _ in range(count)]


def queue(page):
    page.goto("/desk/")
    page.wait_for_selector("#queue-table tbody tr.row")
    page.wait_for_function("() => window.htmx !== undefined")
    return page.locator("#queue-table tbody tr.row").evaluate_all("rows => rows.map(r => r.id)")


def test_the_queue_refresh_keeps_the_focus_where_it_was(chromium, live_server, desk):
    from orders.models import Order

    made = orders(desk)
    page = login(chromium, live_server)
    rows = queue(page)
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.evaluate(ACTIVE)["id"] == rows[1] != ""
    page.evaluate(REFRESH)
    assert page.evaluate(ACTIVE)["id"] == rows[1]  # the same row, a new element

    page.locator(f"#{rows[2]} a").first.focus()  # the order's number: a link without an id
    page.evaluate(REFRESH)
    active = page.evaluate(ACTIVE)
    assert (active["tag"], active["row"]) == ("A", rows[2])

    page.keyboard.press("k")  # the middle row, which then leaves the queue
    cancelled = int(rows[1].rsplit("-", 1)[1])
    Order.objects.filter(pk=cancelled).update(status="cancelled")
    page.evaluate(REFRESH)
    active = page.evaluate(ACTIVE)
    assert active["tag"] == "TR" and active["id"] == rows[2]  # the row now in its place
    assert len(made) == 3 and page.locator(f"#{rows[1]}").count() == 0
    page.context.close()


def test_the_first_tab_stop_is_a_skip_link(chromium, live_server, desk):
    made = orders(desk, 1)
    page = login(chromium, live_server)
    queue(page)
    page.keyboard.press("Tab")
    link = page.evaluate("""() => { const e = document.activeElement, box = e.getBoundingClientRect();
        return {cls: e.className, href: e.getAttribute("href"), top: box.top, height: box.height}; }""")
    assert link["cls"] == "skip-link" and link["href"] == "#queue-table"
    assert link["top"] >= 0 and link["height"] >= 24  # seen when it has the focus
    page.keyboard.press("Enter")
    assert page.evaluate(ACTIVE)["id"] == "queue-table"
    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE)["text"] == made[0].number  # the first order, at Tab stop 2

    page.goto(f"/desk/orders/{made[0].pk}/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate(ACTIVE)["tag"] == "MAIN"
    page.context.close()


def luminance(rgb: tuple[int, ...]) -> float:
    def channel(value: int) -> float:
        value = value / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = (channel(value) for value in rgb[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def colour(css: str) -> tuple[int, ...]:
    return tuple(int(float(part)) for part in re.findall(r"[\d.]+", css))


def test_j_and_k_move_the_focus_with_an_outline_one_can_see(chromium, live_server, desk):
    made = orders(desk, 2)
    page = login(chromium, live_server)
    rows = queue(page)
    for key, row in [("j", 0), ("j", 1), ("k", 0)]:
        page.keyboard.press(key)
        active = page.evaluate(ACTIVE)
        assert (active["tag"], active["id"]) == ("TR", rows[row])

    style = page.evaluate("""() => {
      const row = document.activeElement, style = getComputedStyle(row);
      let back = null;
      for (let e = row; e && !back; e = e.parentElement) {
        const b = getComputedStyle(e).backgroundColor;
        if (b !== "transparent" && !b.endsWith(", 0)")) { back = b; }
      }
      return {width: parseFloat(style.outlineWidth), style: style.outlineStyle,
              colour: style.outlineColor, back: back || "rgb(255, 255, 255)"};
    }""")
    assert style["style"] == "solid" and style["width"] >= 2
    light, dark = sorted([luminance(colour(style["colour"])), luminance(colour(style["back"]))])
    assert (dark + 0.05) / (light + 0.05) >= 3, style  # WCAG 2.2's non-text contrast

    page.keyboard.press("Enter")
    page.wait_for_url(f"**/desk/orders/{made[0].pk}/")
    page.context.close()


PLATFORM_FONTS = "CSS.getPlatformFontsForNode"


def fonts_drawing(page, selector: str) -> list[dict]:
    """The fonts Chromium really drew an element's text with (DevTools protocol)."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return session.send(PLATFORM_FONTS, {"nodeId": node})["fonts"]


def test_the_dram_sign_is_drawn_with_the_font_the_desk_serves(chromium, live_server, desk):
    from core.models import User

    made = orders(desk, 1)
    User.objects.filter(username="anna").update(language="hy")
    page = login(chromium, live_server)
    queue(page)
    total = "#queue-table tbody tr.row td.num"
    assert page.inner_text(total).endswith("֏")
    page.evaluate("() => document.fonts.ready")
    page.locator(total).evaluate("cell => { cell.textContent = '֏'; }")  # the sign alone
    page.evaluate("() => document.fonts.ready")
    drawn = fonts_drawing(page, total)
    assert [(font["familyName"], font["isCustomFont"]) for font in drawn] == [
        ("Noto Sans Armenian", True)], drawn

    served = page.request.get(page.evaluate(
        "() => [...document.styleSheets].find(s => s.href.includes('/fonts/')).href"))
    assert served.ok and "font-face" in served.text()
    font = page.request.get(re.sub(r"[^/]+$", "NotoSansArmenian-Regular.woff2", served.url))
    assert font.ok and font.body()[:4] == b"wOF2"
    assert len(made) == 1
    page.context.close()
