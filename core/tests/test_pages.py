import pytest
from django.test import override_settings
from django.urls import reverse

from core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_broker_and_worker_to_staff(admin_client):
    response = admin_client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] and body["checks"]["broker"]["ok"]
    assert body["checks"]["worker"] == {"ok": False, "last_heartbeat": None}


def test_healthz_says_503_when_the_broker_is_down(admin_client):
    with override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0"):
        response = admin_client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False


def test_a_heartbeat_makes_the_worker_healthy(admin_client):
    from core.tasks import heartbeat

    heartbeat.delay()
    assert admin_client.get("/healthz").json()["checks"]["worker"]["ok"] is True


def test_the_language_switch_is_remembered_on_the_user(client_operator, operator_user):
    response = client_operator.post(reverse("language"), {"language": "hy", "next": "/"})
    assert response.status_code == 302
    operator_user.refresh_from_db()
    assert operator_user.language == "hy"
    page = client_operator.get(reverse("home"))
    assert page.headers["Content-Language"] == "hy"


def test_the_language_switch_does_not_redirect_elsewhere(client_operator):
    response = client_operator.post(reverse("language"),
                                    {"language": "ru", "next": "https://evil.example/"})
    assert response.url == "/"


def test_role_groups_hold_their_permissions():
    operator = UserFactory(role="operator")
    manager = UserFactory(role="manager")
    assert operator.has_perm("orders.change_order") and operator.has_perm("catalog.view_product")
    assert not operator.has_perm("catalog.change_product")
    assert manager.has_perm("catalog.change_product")
    assert not manager.has_perm("orders.delete_order")
