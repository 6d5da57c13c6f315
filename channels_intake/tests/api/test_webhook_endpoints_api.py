"""A partner registers its own webhook receivers through the API."""

from channels_intake.models import WebhookDelivery, WebhookEndpoint
from channels_intake.tests.conftest import api_client
from channels_intake.tests.factories import PartnerFactory, partner_key
from channels_intake.webhooks import services, tasks

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


def test_the_sweeper_requeues_lost_deliveries(partner_api, settings):
    from datetime import timedelta

    from django.utils import timezone

    from channels_intake.tests.httpserver import LocalServer

    partner, _client = partner_api
    with LocalServer() as receiver:
        receiver.serve("/hook", 200)
        endpoint = WebhookEndpoint.objects.create(partner=partner, url=f"{receiver.url}/hook")
        old = timezone.now() - timedelta(hours=1)
        lost = WebhookDelivery.objects.create(endpoint=endpoint, event="order.status_changed",
                                              payload={"id": "x"}, attempts=1, next_retry_at=old)
        WebhookDelivery.objects.create(endpoint=endpoint, event="order.status_changed",
                                       payload={"id": "y"})  # just queued: not overdue
        assert services.webhook_deliveries_overdue() == [lost.pk]
        tasks.webhooks_sweep.delay()
        lost.refresh_from_db()
        assert (lost.status, lost.attempts) == ("delivered", 2)
        assert len(receiver.requests) == 1
