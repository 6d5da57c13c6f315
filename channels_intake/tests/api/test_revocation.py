"""Revocation is immediate (issue 11 item 9): a key deleted (admin or queryset), revoked, or
its partner set inactive stops working with the next request, however the change was made."""

import pytest
from django.urls import reverse

from channels_intake.models import PartnerAPIKey
from channels_intake.tests.conftest import api_client

URL = "/api/v1/orders/"


@pytest.fixture
def key_row(partner_api):
    partner, client = partner_api
    assert client.get(URL).status_code == 200  # used once, as a cache would have kept it
    return partner, client, PartnerAPIKey.objects.get(partner=partner)


def test_a_key_deleted_in_the_admin_stops_at_once(key_row, admin_client):
    _partner, client, row = key_row
    url = reverse("admin:channels_intake_partnerapikey_delete", args=[row.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not PartnerAPIKey.objects.exists()
    assert client.get(URL).status_code == 401


def test_a_key_deleted_by_a_queryset_stops_at_once(key_row):
    _partner, client, row = key_row
    PartnerAPIKey.objects.filter(pk=row.pk).delete()
    assert client.get(URL).status_code == 401


def test_a_key_revoked_by_an_update_stops_at_once(key_row):
    _partner, client, row = key_row
    PartnerAPIKey.objects.filter(pk=row.pk).update(revoked=True)
    assert client.get(URL).status_code == 401


def test_a_key_revoked_by_the_command_stops_at_once(key_row):
    from django.core.management import call_command

    partner, client, row = key_row
    call_command("partner_api_key", partner.code, "--revoke", row.prefix)
    assert client.get(URL).status_code == 401


def test_an_inactive_partner_is_refused_at_once(key_row):
    partner, client, _row = key_row
    partner.is_active = False
    partner.save(update_fields=["is_active"])
    response = client.get(URL)
    assert response.status_code == 401 and response["Content-Type"] == "application/json"
    partner.is_active = True
    partner.save(update_fields=["is_active"])
    assert client.get(URL).status_code == 200


def test_a_wrong_secret_with_a_known_prefix_is_refused(key_row):
    _partner, _client, row = key_row
    assert api_client(f"{row.prefix}.wrong").get(URL).status_code == 401
