"""Every screen of the desk passes axe-core (axe-playwright-python, which bundles axe's script:
nothing is downloaded) with 0 violations, in English, Armenian and Russian: the login page, the
manager's home, the queue with rows (and its keyboard help), quick entry, an order page with
lines, timeline and actions, the review list and a review item, the pre-orders.

Besides axe's default rules: WCAG 2.2's target size (`target-size`, 24 px, off in axe's default
run) and a check of our own that every id an `aria-describedby` or `aria-labelledby` names exists
(axe does not check the first).

A failure prints every violation: the rule, its help page, and each offending element with
axe's explanation."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from tests.browser.test_desk import chromium, desk, email_order, login  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LANGUAGES = ["en", "hy", "ru"]


# Checks axe leaves for a person to review ("incomplete") that are failures on these plain
# pages: two fields behind one id or label, and text whose contrast axe could not compute
# (white on white was one: axe takes equal colours for hidden text).
REVIEWED_AS_VIOLATIONS = {"duplicate-id-aria", "form-field-multiple-labels", "color-contrast"}


DUPLICATE_IDS = """() => {
  const seen = {};
  document.querySelectorAll("[id]").forEach(element => { seen[element.id] = (seen[element.id] || 0) + 1; });
  return Object.keys(seen).filter(key => seen[key] > 1);
}"""


# Rules axe leaves out of its default run that the desk keeps: WCAG 2.2 AA's target size
# (every button and link at least 24 by 24 px, or that far from the next one).
EXTRA_RULES = {"target-size": {"enabled": True}}


# Every id an element's aria-describedby or aria-labelledby names, that is not on the page.
MISSING_ARIA_REFERENCES = """() => {
  const missing = [];
  document.querySelectorAll("[aria-describedby], [aria-labelledby]").forEach(element => {
    for (const name of ["aria-describedby", "aria-labelledby"]) {
      for (const id of (element.getAttribute(name) || "").split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) {
          missing.push({target: [element.id ? "#" + element.id : element.tagName.toLowerCase()],
                        html: element.outerHTML.slice(0, 200),
                        any: [{message: name + " names #" + id + ", which is not on the page"}]});
        }
      }
    }
  });
  return missing;
}"""


class Audit:
    """Runs axe on each screen and keeps what it found, to report every screen at once."""

    def __init__(self):
        self.axe, self.reports, self.screens = Axe(), [], []

    def check(self, page, screen: str) -> None:
        page.wait_for_load_state("networkidle")
        # The dram sign's web font may arrive after the network is idle and move the header by a
        # few pixels while axe measures it ("partially obscured"): audit the page once its fonts
        # are in and it has been laid out with them.
        page.evaluate("document.fonts.ready.then(() => new Promise("
                      "done => requestAnimationFrame(() => requestAnimationFrame(done))))")
        results = self.axe.run(page, options={"resultTypes": ["violations", "incomplete"],
                                              "rules": EXTRA_RULES})
        results.response["violations"] += [
            check for check in results.response["incomplete"]
            if check["id"] in REVIEWED_AS_VIOLATIONS]
        duplicates = page.evaluate(DUPLICATE_IDS)
        if duplicates:  # axe no longer checks this; a label or a script would find the wrong one
            results.response["violations"].append({
                "id": "duplicate-id", "impact": "minor", "tags": ["html"],
                "description": "Ids are unique on a page", "help": "Give each element its own id",
                "helpUrl": "", "nodes": [{"target": [f"#{key}"], "html": f'id="{key}"', "any": []}
                                         for key in duplicates]})
        missing = page.evaluate(MISSING_ARIA_REFERENCES)
        if missing:  # a reader would announce nothing, or the wrong thing
            results.response["violations"].append({
                "id": "aria-reference", "impact": "serious", "tags": ["wcag2a", "wcag131"],
                "description": "aria-describedby and aria-labelledby name ids on the page",
                "help": "Point them at an element that exists", "helpUrl": "", "nodes": missing})
        self.screens.append(screen)
        if results.violations_count:
            self.reports.append(f"== {screen} ({page.url})\n{results.generate_report()}")

    def assert_clean(self) -> None:
        assert not self.reports, "\n\n".join(self.reports)


@pytest.fixture
def screens(desk):  # noqa: F811 (the fixture imported above)
    """Data behind every screen: an e-mail order with its message (lines, timeline, actions,
    something that needs a person), a pre-order open and one closed, a message to review, a
    manager."""
    from channels_intake.tests.test_review import review_item
    from core.tests.factories import UserFactory
    from desk.tests.conftest import make_order
    from orders.models import Lead
    from orders.services import order_confirm_call, order_edit
    from orders.tests.factories import BrandFactory, CustomerFactory, normalized_order

    order = email_order(desk["rose"], attention="The site price differs from the catalog")
    order_edit(order_id=order.pk, changes={"card_message": "Happy birthday"},
               note="The customer called")
    brand = BrandFactory(code="gifts", name="RG Gifts")
    Lead.objects.create(brand=brand, site_number="8001", customer=CustomerFactory(name="Lusine"),
                        delivery_date=timezone.localdate() + timedelta(days=1),
                        details=normalized_order().to_json())
    Lead.objects.create(brand=brand, site_number="8002", customer=CustomerFactory(name="Aram"),
                        status=Lead.Status.UNREACHABLE, closed_at=timezone.now())
    message = review_item(parsed=normalized_order(items=()).to_json())
    UserFactory(username="mina", role="manager", language="en")
    confirmed = make_order(desk["rose"])
    order_confirm_call(order_id=confirmed.pk, reached=True)
    return {"order": order, "confirmed": confirmed, "message": message}


def visit_every_screen(page, audit: Audit, screens, language: str) -> None:
    order, message = screens["order"], screens["message"]
    page.goto("/desk/")
    page.wait_for_selector("#queue-table tbody tr.row")
    audit.check(page, f"queue [{language}]")
    page.keyboard.press("?")
    page.wait_for_selector("dialog#help[open]")
    audit.check(page, f"keyboard help [{language}]")
    page.keyboard.press("Escape")
    page.goto("/desk/new/")
    page.fill("input[name='qty:BR-ROSE']", "1")
    page.wait_for_selector("#quick-addons input[name='addon:BR-BALLOON']")
    audit.check(page, f"quick entry [{language}]")
    page.goto(f"/desk/orders/{order.pk}/")
    page.wait_for_selector("#timeline li")
    audit.check(page, f"order page [{language}]")
    page.goto("/desk/review/")
    audit.check(page, f"review list [{language}]")
    page.goto(f"/desk/review/{message.pk}/")
    audit.check(page, f"review item [{language}]")
    page.goto("/desk/leads/")
    audit.check(page, f"pre-orders [{language}]")


def test_every_screen_passes_axe_in_every_language(chromium, live_server, screens):  # noqa: F811
    from core.models import User

    audit = Audit()
    anonymous = chromium.new_context(base_url=live_server.url).new_page()
    anonymous.goto("/accounts/login/")
    audit.check(anonymous, "login")
    anonymous.context.close()

    manager = login(chromium, live_server, "mina")
    manager.goto("/")
    audit.check(manager, "home (manager)")
    manager.goto(f"/desk/orders/{screens['confirmed'].pk}/")  # assembly and courier forms
    audit.check(manager, "confirmed order page (manager)")
    manager.context.close()

    for language in LANGUAGES:
        User.objects.filter(username="anna").update(language=language)
        page = login(chromium, live_server, "anna")
        assert page.locator("html").get_attribute("lang") == language
        visit_every_screen(page, audit, screens, language)
        page.context.close()

    assert len(audit.screens) == 3 + 7 * len(LANGUAGES)
    audit.assert_clean()


def test_forms_shown_again_with_errors_and_messages_pass_axe(chromium, live_server, screens):  # noqa: F811
    """A form shown again with its errors (quick entry, an order action) and a page with a
    message after an action pass too."""
    audit = Audit()
    page = login(chromium, live_server)
    page.goto("/desk/new/")
    page.fill("input[name='qty:BR-ROSE']", "1")
    page.eval_on_selector("#quick-form", "form => form.noValidate = true")  # the server's errors
    page.click("#quick-submit")
    page.wait_for_selector(".errorlist")
    audit.check(page, "quick entry with errors")
    page.goto(f"/desk/orders/{screens['order'].pk}/")
    page.fill("#id_card_message", "x")
    page.fill("#id_recipient_name", "")
    page.eval_on_selector("#edit-form", "form => form.noValidate = true")
    page.click("#edit-submit")
    page.wait_for_selector("#edit .errorlist")
    audit.check(page, "order page with an edit error")
    page.fill("#id_recipient_name", "Mariam")
    page.click("#edit-submit")
    page.wait_for_selector(".messages .success")
    audit.check(page, "order page with a message")
    page.context.close()
    audit.assert_clean()
