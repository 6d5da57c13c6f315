"""A partner registers its own webhook receivers through the API."""

from channels_intake.models import WebhookEndpoint
from channels_intake.tests.conftest import api_client
from channels_intake.tests.factories import PartnerFactory, partner_key

URL = "/api/v1/webhooks/"


def test_register_list_and_remove(partner_api, settings):
    partner, client = partner_api
    created = client.post(URL, {"url": "http://127.0.0.1:9/hook"}, format="json")
    assert created.status_code == 201
    endpoint = WebhookEndpoint.objects.get(partner=partner)
    assert created.json()["secret"] == endpoint.secret
    listed = client.get(URL).json()
    assert [row["url"] for row in listed] == ["http://127.0.0.1:9/hook"]
    assert "secret" not in listed[0]

    _other, other_key = partner_key(PartnerFactory(code="menu-am"))
    assert api_client(other_key).get(URL).json() == []
    assert api_client(other_key).delete(f"{URL}{endpoint.pk}/").status_code == 404
    assert client.delete(f"{URL}{endpoint.pk}/").status_code == 204
    assert client.get(URL).json() == []


def test_private_and_odd_urls_are_refused(partner_api, settings):
    settings.OUTBOUND_ALLOW_PRIVATE_HOSTS = False
    _partner, client = partner_api
    for url in ("http://127.0.0.1/hook", "http://10.0.0.5/hook", "http://[::1]/hook"):
        response = client.post(URL, {"url": url}, format="json")
        assert response.status_code == 400 and "url" in response.json()["errors"], url
    assert client.post(URL, {"url": "not a url"}, format="json").status_code == 400
    assert not WebhookEndpoint.objects.exists()


def test_the_sweeper_sends_deliveries_whose_task_was_lost(partner_api):
    from datetime import timedelta

    from django.utils import timezone

    from channels_intake.tests.httpserver import LocalServer
    from core import tasks
    from core.models import OutboxMessage

    partner, _client = partner_api
    with LocalServer() as receiver:
        receiver.serve("/hook", 200)
        endpoint = WebhookEndpoint.objects.create(partner=partner, url=f"{receiver.url}/hook")
        old = timezone.now() - timedelta(hours=1)
        event = {"id": "x", "type": "order.status_changed", "data": {}}
        lost = OutboxMessage.objects.create(
            channel="webhook", event="order.status_changed:1:v2", recipient=endpoint.url,
            payload={"endpoint_id": endpoint.pk, "event": event}, state="failed", attempts=1,
            next_attempt_at=old)
        later = OutboxMessage.objects.create(
            channel="webhook", event="order.status_changed:1:v3", recipient=endpoint.url,
            payload={"endpoint_id": endpoint.pk, "event": event | {"id": "y"}}, state="failed",
            attempts=1, next_attempt_at=timezone.now() + timedelta(minutes=5))  # not due yet
        tasks.outbox_sweep.delay()
        lost.refresh_from_db()
        later.refresh_from_db()
        assert (lost.state, lost.attempts) == ("sent", 2)
        assert (later.state, later.attempts) == ("failed", 1)
        assert len(receiver.requests) == 1
