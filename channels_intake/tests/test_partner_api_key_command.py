from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from channels_intake.models import PartnerAPIKey
from orders.models import Partner
from orders.tests.factories import BrandFactory


def run(*args) -> list[str]:
    out = StringIO()
    call_command("partner_api_key", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_create_makes_the_partner_and_prints_the_key_last_once(db):
    BrandFactory(code="gifts")
    lines = run("buy-am", "--create")
    key = lines[-1]
    assert Partner.objects.get(code="buy-am").brand.code == "gifts"
    row = PartnerAPIKey.objects.get()
    assert key.startswith(row.prefix + ".") and key not in row.hashed_key  # stored hashed
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get("/api/v1/orders/").status_code == 200

    second = run("buy-am", "--create", "--name", "rotation")[-1]
    assert second != key and PartnerAPIKey.objects.count() == 2
    listed = run("buy-am", "--list")
    assert len(listed) == 2 and all(second not in line and key not in line for line in listed)

    assert run("buy-am", "--revoke", row.prefix) == [f"revoked {row.prefix}"]
    assert client.get("/api/v1/orders/").status_code == 401  # at once, despite the cache
    assert "revoked" in run("buy-am", "--list")[0]


def test_unknown_partner_or_prefix(db):
    with pytest.raises(CommandError):
        run("nobody", "--list")
    BrandFactory(code="gifts")
    run("buy-am", "--create")
    with pytest.raises(CommandError):
        run("buy-am", "--revoke", "nope")
