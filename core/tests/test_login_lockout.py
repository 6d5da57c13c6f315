"""Logins resist guessing: a few failures lock the user name and the address for a while."""

import pytest
from django.urls import reverse
from django.utils import translation

from core.tests.factories import UserFactory

PASSWORD = "secret-pass-123"  # UserFactory's


@pytest.fixture
def users(db):
    return (UserFactory(username="anna", is_staff=True, is_superuser=True),
            UserFactory(username="boris", is_staff=True, is_superuser=True))


def _login(client, url, username, password, address):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_five_wrong_then_right_is_refused_with_a_clear_page(client, users, settings, url):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = _login(client, url, "anna", "guess", "203.0.113.7")
        assert response.status_code in (200, 429)  # the form again, then the lockout
    response = _login(client, url, "anna", PASSWORD, "203.0.113.7")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Too many failed log-in attempts" in page and "15 minutes" in page
    assert '<header class="topbar">' in page  # the site's layout, not a bare 403 text
    assert "_auth_user_id" not in client.session

    # The user name is locked from another address too; the address for another user name.
    assert _login(client, url, "anna", PASSWORD, "198.51.100.9").status_code == 429
    assert _login(client, url, "boris", PASSWORD, "203.0.113.7").status_code == 429


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_another_user_from_another_address_is_not_affected(client, users, settings, url):
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 2):
        _login(client, url, "anna", "guess", "203.0.113.7")
    response = _login(client, url, "boris", PASSWORD, "198.51.100.9")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(users[1].pk)


def test_fewer_failures_than_the_limit_do_not_lock(client, users, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "/accounts/login/", "anna", "guess", "203.0.113.7")
    assert _login(client, "/accounts/login/", "anna", PASSWORD, "203.0.113.7").status_code == 302


def test_the_lockout_page_speaks_the_visitors_language(client, users, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "/accounts/login/", "anna", "guess", "203.0.113.7")
    response = client.post("/accounts/login/", {"username": "anna", "password": PASSWORD},
                           REMOTE_ADDR="203.0.113.7", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 429
    with translation.override("ru"):
        title = translation.gettext("Too many failed log-in attempts")
    assert title in response.content.decode()
    assert '<html lang="ru">' in response.content.decode()


def test_admins_see_the_lockout_and_can_clear_it(client, users, settings):
    from axes.models import AccessAttempt

    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "/accounts/login/", "anna", "guess", "203.0.113.7")
    attempt = AccessAttempt.objects.get(username="anna")
    assert attempt.failures_since_start == settings.AXES_FAILURE_LIMIT
    client.force_login(users[1])  # force_login bypasses authentication: not counted
    listing = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200 and b"anna" in listing.content
    client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    client.logout()
    assert _login(client, "/accounts/login/", "anna", PASSWORD, "198.51.100.9").status_code == 302


def test_the_admin_role_may_see_lockouts(db):
    from core.roles import sync_role_permissions

    sync_role_permissions()
    admin = UserFactory(role="admin", username="root", is_staff=True)
    assert admin.has_perm("axes.view_accessattempt") and admin.has_perm("axes.delete_accessattempt")
    manager = UserFactory(role="manager", username="boss", is_staff=True)
    assert not manager.has_perm("axes.view_accessattempt")


def test_the_api_key_auth_is_not_a_login(client, users, settings):
    """Locked-out addresses still reach the API with a key (keys are not guessable passwords)."""
    from channels_intake.models import PartnerAPIKey
    from channels_intake.tests.factories import PartnerFactory

    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "/accounts/login/", "anna", "guess", "203.0.113.7")
    _key, plain = PartnerAPIKey.objects.create_key(name="k", partner=PartnerFactory(code="p"))
    response = client.get("/api/v1/orders/", HTTP_AUTHORIZATION=f"Bearer {plain}",
                          REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 200


def test_the_address_behind_trusted_proxies(rf, settings):
    from core.auth import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", REMOTE_ADDR="10.0.0.2")
    settings.LOGIN_TRUSTED_PROXIES = 0
    assert client_ip(request) == "10.0.0.2"
    settings.LOGIN_TRUSTED_PROXIES = 1
    assert client_ip(request) == "203.0.113.7"  # not the client's own 6.6.6.6
