import pytest
from django.contrib.admin.sites import site
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from core.tests.factories import UserFactory
from orders.models import Order

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


def test_every_page_needs_a_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client.get("/admin/").status_code == 302
    assert client.get(reverse("login")).status_code == 200


def test_a_user_without_a_role_is_refused(client):
    client.force_login(UserFactory())
    assert client.get(reverse("home")).status_code == 403


@pytest.mark.parametrize("role", ["operator", "manager", "admin"])
def test_every_role_sees_the_home_page(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("home")).status_code == 200


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


@pytest.fixture
def demo(db):
    call_command("seed_demo", orders=40, allow_production=True)


def test_seed_demo_is_idempotent_and_covers_every_category(demo):
    from catalog.models import Category, Product

    orders = Order.objects.count()
    call_command("seed_demo", orders=40, allow_production=True)
    assert Order.objects.count() == orders > 0
    assert not Category.objects.exclude(products__in=Product.objects.all()).exists()


def test_seed_demo_refuses_a_production_database():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("seed_demo")


def test_every_admin_list_and_form_opens(client, demo):
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    for model in site._registry:
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert client.get(changelist).status_code == 200, changelist
        assert client.get(changelist, {"q": "091"}).status_code == 200, changelist
        first = model.objects.first()
        if first is not None:
            change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
            assert client.get(change).status_code == 200, change


@pytest.mark.parametrize("size", [5, 40])
def test_the_order_changelist_runs_a_fixed_number_of_queries(client, size,
                                                              django_assert_max_num_queries):
    from orders.tests.factories import OrderFactory

    OrderFactory.create_batch(size)
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    with django_assert_max_num_queries(10):
        assert client.get(reverse("admin:orders_order_changelist")).status_code == 200


def test_a_role_taken_away_counts_from_the_next_request(client):
    """The roles are read with every request (nothing caches them across requests)."""
    from django.contrib.auth.models import Group

    from core.roles import OPERATOR

    user = UserFactory(role=OPERATOR)
    client.force_login(user)
    assert client.get(reverse("orders:queue")).status_code == 200
    user.groups.remove(Group.objects.get(name=OPERATOR))
    assert client.get(reverse("orders:queue")).status_code == 403
    user.groups.add(Group.objects.get(name=OPERATOR))
    assert client.get(reverse("orders:queue")).status_code == 200
