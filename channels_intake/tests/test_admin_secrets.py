"""The admin keeps secrets and the outside network to admins: managers view, never change;
webhook signing secrets are shown once, when made, and never again."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from channels_intake.models import PartnerAPIKey, Source, WebhookEndpoint
from channels_intake.tests.factories import PartnerFactory, SourceFactory
from core.roles import sync_role_permissions
from core.tests.factories import UserFactory


@pytest.fixture
def manager(db):
    return UserFactory(role="manager", username="boss", is_staff=True)


@pytest.fixture
def admin_role(db):
    return UserFactory(role="admin", username="root", is_staff=True)


@pytest.fixture
def endpoint(db):
    return WebhookEndpoint.objects.create(partner=PartnerFactory(code="menu-am"),
                                          url="https://hooks.menu.example/rg")


def _objects(endpoint):
    source = SourceFactory(name="imap-box", kind=Source.Kind.IMAP, host="imap.example.am",
                           password_env="RG_SOURCE_SECRET_BOX")
    key, _plain = PartnerAPIKey.objects.create_key(name="k", partner=endpoint.partner)
    return {"source": source, "partner": endpoint.partner, "partnerapikey": key,
            "webhookendpoint": endpoint}


def test_a_manager_may_view_but_not_change_or_add_sources_partners_keys_and_endpoints(
        client, manager, endpoint):
    client.force_login(manager)
    for model, obj in _objects(endpoint).items():
        app = obj._meta.app_label  # the partner is an orders model
        change = reverse(f"admin:{app}_{model}_change", args=[obj.pk])
        assert client.get(change).status_code == 200, model  # read-only view
        assert client.post(change, {}).status_code == 403, model
        assert client.get(reverse(f"admin:{app}_{model}_add")).status_code == 403, model
        assert client.post(reverse(f"admin:{app}_{model}_delete", args=[obj.pk]),
                           {"post": "yes"}).status_code == 403, model
    # Orders' intake work stays theirs: messages in review, label sets.
    assert manager.has_perm("channels_intake.change_inboundmessage")
    assert manager.has_perm("channels_intake.change_labelset")


def test_the_admin_role_changes_them(client, admin_role, endpoint):
    client.force_login(admin_role)
    source = _objects(endpoint)["source"]
    response = client.get(reverse("admin:channels_intake_source_change", args=[source.pk]))
    assert response.status_code == 200 and b'name="password_env"' in response.content


def test_the_role_sync_narrows_existing_grants_and_touches_nothing_else(db, manager):
    from django.contrib.auth.models import Permission

    group = Group.objects.get(name="manager")
    group.permissions.add(Permission.objects.get(codename="change_source"))  # as granted before
    other = Group.objects.create(name="florists")
    other.permissions.add(Permission.objects.get(codename="change_source"))
    sync_role_permissions()
    manager.refresh_from_db()
    assert not group.permissions.filter(codename="change_source").exists()
    assert group.permissions.filter(codename="view_source").exists()
    assert other.permissions.filter(codename="change_source").exists()  # not a role group
    assert list(manager.groups.values_list("name", flat=True)) == ["manager"]
    assert not Group.objects.get(name="operator").permissions.filter(
        codename__in=["change_source", "change_partner", "change_webhookendpoint"]).exists()


def test_webhook_secrets_are_never_shown_after_creation(client, admin_role, endpoint):
    client.force_login(admin_role)
    secret = endpoint.secret
    pages = [reverse("admin:channels_intake_webhookendpoint_changelist"),
             reverse("admin:channels_intake_webhookendpoint_change", args=[endpoint.pk]),
             reverse("admin:channels_intake_webhookendpoint_history", args=[endpoint.pk])]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200 and secret.encode() not in response.content, page
    # Saving the form keeps the secret (it is not a field that could be blanked).
    change = reverse("admin:channels_intake_webhookendpoint_change", args=[endpoint.pk])
    response = client.post(change, {"partner": endpoint.partner_id, "url": endpoint.url,
                                    "is_active": "on", "created_at_0": "2026-01-01",
                                    "created_at_1": "10:00:00"})
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.secret == secret


def test_adding_an_endpoint_shows_its_secret_once(client, admin_role, db):
    client.force_login(admin_role)
    partner = PartnerFactory(code="flowwow")
    response = client.post(reverse("admin:channels_intake_webhookendpoint_add"), {
        "partner": partner.pk, "url": "https://hooks.flowwow.example/rg", "is_active": "on",
        "created_at_0": "2026-01-01", "created_at_1": "10:00:00"})
    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 200 and endpoint.secret.encode() in response.content
    assert "no-store" in response["Cache-Control"]
    change = reverse("admin:channels_intake_webhookendpoint_change", args=[endpoint.pk])
    assert endpoint.secret.encode() not in client.get(change).content


def test_rotating_shows_the_new_secret_once(client, admin_role, endpoint):
    client.force_login(admin_role)
    old = endpoint.secret
    response = client.post(reverse("admin:channels_intake_webhookendpoint_changelist"),
                           {"action": "rotate_secret", "_selected_action": [endpoint.pk]})
    endpoint.refresh_from_db()
    assert endpoint.secret != old
    assert response.status_code == 200 and endpoint.secret.encode() in response.content
    assert old.encode() not in response.content
    change = reverse("admin:channels_intake_webhookendpoint_change", args=[endpoint.pk])
    assert endpoint.secret.encode() not in client.get(change).content


def test_a_manager_cannot_rotate(client, manager, endpoint):
    client.force_login(manager)
    old = endpoint.secret
    client.post(reverse("admin:channels_intake_webhookendpoint_changelist"),
                {"action": "rotate_secret", "_selected_action": [endpoint.pk]})
    endpoint.refresh_from_db()
    assert endpoint.secret == old
