"""Errors have one home (issue 18): every app family the desk catches has one base under
`core.exceptions.ApplicationError`, defined in the app's `exceptions.py`; no service module
defines an error of its own."""

from __future__ import annotations

import ast
from pathlib import Path

from catalog.exceptions import CatalogError
from channels_intake.exceptions import ChannelsIntakeError
from core.exceptions import ApplicationError
from customers.exceptions import CustomersError
from delivery.exceptions import ControlError, DeliveryError, PhotoRefused
from inquiries.exceptions import InquiryError
from orders.exceptions import EditRefused, LeadRefused, OrderError, PartnerChangeRefused

ROOT = Path(__file__).resolve().parent.parent
APPS = ("core", "catalog", "orders", "delivery", "channels_intake", "customers", "inquiries",
        "desk")


def test_each_family_has_one_base_under_the_application_error():
    for base in (CatalogError, OrderError, ChannelsIntakeError, InquiryError, CustomersError):
        assert issubclass(base, ApplicationError)
    # Orders and delivery are one family: the order pages catch OrderError for both.
    for error in (DeliveryError, ControlError, PhotoRefused, EditRefused, LeadRefused,
                  PartnerChangeRefused):
        assert issubclass(error, OrderError)
    refused = EditRefused("No.", code="window")
    assert (refused.message, refused.code, refused.extra) == ("No.", "window", {})


def test_no_service_module_defines_an_error():
    """A class in a service module whose name says error/refused/busy belongs in exceptions.py."""
    services = [path for app in APPS for path in (ROOT / app).rglob("*.py")
                if "tests" not in path.parts and "migrations" not in path.parts
                and (path.name == "services.py" or "services" in path.parent.name.split("/"))]
    assert services
    found = [f"{path.relative_to(ROOT)}: {node.name}" for path in services
             for node in ast.walk(ast.parse(path.read_text()))
             if isinstance(node, ast.ClassDef) and any(
                 isinstance(base, ast.Name) and base.id.endswith(("Error", "Refused", "Exception"))
                 for base in node.bases)]
    assert found == []
