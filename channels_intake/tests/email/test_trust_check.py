"""Trust without DKIM is said out loud (issue 17, item 7): `check --deploy` warns for every
active storefront sender or trusted forwarding domain without a DKIM domain, and their admin
lists say so on every view."""

from io import StringIO

import pytest
from django.core import checks
from django.core.management import call_command
from django.urls import reverse

from channels_intake.checks import trust_without_dkim
from channels_intake.models import StorefrontSender, TrustedForwarder

pytestmark = pytest.mark.django_db


def _deploy_warnings() -> list[checks.CheckMessage]:
    found = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
    return [message for message in found if message.id.startswith("channels_intake.")]


def test_the_demos_senders_and_forwarder_are_each_warned_about(brands):
    """The demo's trust (no DNS, no DKIM): a forged From: of these becomes a paid order."""
    warnings = _deploy_warnings()
    senders = StorefrontSender.objects.filter(is_active=True)
    assert senders.count() >= 2
    assert sorted((w.id, w.obj.pk) for w in warnings if w.id == "channels_intake.W001") == sorted(
        ("channels_intake.W001", sender.pk) for sender in senders)
    [forwarder] = [w for w in warnings if w.id == "channels_intake.W002"]
    assert forwarder.obj.domain == "rg.example"
    assert all(w.level == checks.WARNING for w in warnings)
    assert "From: orders@flowers.rg.example" in next(
        w.msg for w in warnings if w.obj.pk == senders.get(address__startswith="orders@flowers").pk
        and w.id == "channels_intake.W001")


def test_silent_when_every_sender_and_forwarder_has_a_dkim_domain(brands):
    StorefrontSender.objects.update(dkim_domain="flowers.rg.example")
    TrustedForwarder.objects.update(dkim_domain="rg.example")
    StorefrontSender.objects.create(brand=brands["sweets"], address="old@sweets.rg.example",
                                    is_active=False)  # not trusted: nothing to say
    assert _deploy_warnings() == []
    assert trust_without_dkim() == []


def test_check_deploy_shows_it_and_plain_check_does_not_query(brands, django_assert_num_queries):
    err = StringIO()
    call_command("check", "--deploy", stdout=StringIO(), stderr=err)
    assert "channels_intake.W001" in err.getvalue() and "orders@flowers.rg.example" in err.getvalue()
    with django_assert_num_queries(0):
        assert [m for m in checks.run_checks() if m.id.startswith("channels_intake.")] == []


def test_the_admin_lists_warn_and_flag_each_row(admin_client, admin_user, brands):
    admin_user.language = "en"  # the warnings' English wording is asserted below
    admin_user.save(update_fields=["language"])
    sender = StorefrontSender.objects.get(address="orders@flowers.rg.example")
    StorefrontSender.objects.exclude(pk=sender.pk).update(dkim_domain="rg.example")
    page = admin_client.get(reverse("admin:channels_intake_storefrontsender_changelist"))
    text = page.content.decode()
    assert 'class="warning"' in text and "No DKIM domain on orders@flowers.rg.example" in text
    assert text.count('alt="False"') == 1  # the flag, on its row alone
    page = admin_client.get(reverse("admin:channels_intake_trustedforwarder_changelist"))
    assert "No DKIM domain on rg.example" in page.content.decode()

    StorefrontSender.objects.update(dkim_domain="rg.example")
    TrustedForwarder.objects.update(dkim_domain="rg.example")
    for name in ("storefrontsender", "trustedforwarder"):
        page = admin_client.get(reverse(f"admin:channels_intake_{name}_changelist"))
        assert "No DKIM domain" not in page.content.decode()
