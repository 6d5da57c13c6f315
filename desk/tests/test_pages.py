"""The home page, the demo data and the admin seen through it (moved from core: top-floor things)."""

import pytest
from django.contrib.admin.sites import site
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from core.tests.factories import UserFactory
from orders.models import Order

pytestmark = pytest.mark.django_db


def test_every_page_needs_a_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client.get("/admin/").status_code == 302
    assert client.get(reverse("login")).status_code == 200


def test_a_user_without_a_role_is_refused(client):
    client.force_login(UserFactory())
    assert client.get(reverse("home")).status_code == 403


def test_admins_get_the_overview(client):
    client.force_login(UserFactory(role="admin"))
    response = client.get(reverse("home"))
    assert response.status_code == 200 and "status_counts" in response.context


def test_managers_land_on_their_dashboard(client):
    client.force_login(UserFactory(role="manager"))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("desk:dashboard")


def test_operators_land_on_the_queue(client):
    client.force_login(UserFactory(role="operator"))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("desk:queue")


@pytest.fixture
def demo(db):
    call_command("seed_demo", orders=40, allow_production=True)


def test_seed_demo_is_idempotent_and_covers_every_category(demo):
    from catalog.models import Category, Product

    orders = Order.objects.count()
    call_command("seed_demo", orders=40, allow_production=True)
    assert Order.objects.count() == orders > 0
    assert not Category.objects.exclude(products__in=Product.objects.all()).exists()


def test_the_demo_has_mail_in_every_state_so_no_intake_screen_is_empty(demo):
    from channels_intake.models import InboundMessage

    states = sorted(InboundMessage.objects.filter(origin="demo").values_list("state", flat=True))
    assert states == ["ignored", "lead", "order", "review", "review"]
    reasons = InboundMessage.objects.filter(origin="demo", state="review").values_list(
        "reason", flat=True)
    assert any("unverified sender" in reason for reason in reasons)
    call_command("seed_demo", orders=40, allow_production=True)
    assert InboundMessage.objects.filter(origin="demo").count() == 5  # once only


def test_the_demo_says_why_it_cancels_in_the_readers_language(demo):
    """The demo's cancellations carry their reason as the desk's phrase, not as English typed
    text that the Armenian and Russian operators would read as it was written."""
    from django.utils import translation

    from orders.models import OrderEvent
    from orders.timeline import event_sentence

    cancels = OrderEvent.objects.filter(system="seed_demo", kind=OrderEvent.Kind.STATUS_CHANGED,
                                        after__status="cancelled")
    assert cancels.exists()
    for event in cancels:
        assert event.message == "" and event.said == {"code": "demo_changed_mind", "params": {}}
        with translation.override("en"):
            assert "the customer changed their mind" in event_sentence(event)


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
    assert client.get(reverse("desk:queue")).status_code == 200
    user.groups.remove(Group.objects.get(name=OPERATOR))
    assert client.get(reverse("desk:queue")).status_code == 403
    user.groups.add(Group.objects.get(name=OPERATOR))
    assert client.get(reverse("desk:queue")).status_code == 200


def test_the_demo_has_a_support_mailbox_where_a_dropped_reply_threads(settings, tmp_path):
    from email.message import EmailMessage

    from channels_intake.models import Source
    from channels_intake.services import polling
    from inquiries.services import inquiry_open, inquiry_reply

    settings.VAR_DIR = tmp_path
    call_command("seed_demo", orders=3, allow_production=True)
    support = Source.objects.get(purpose="support")
    assert (support.kind, support.is_active) == (Source.Kind.MAILDIR, True)
    assert support.path == str(tmp_path / "support-maildir")
    call_command("seed_demo", orders=3, allow_production=True)
    assert Source.objects.filter(purpose="support").count() == 1  # once only

    inquiry = inquiry_open(tab="product", channel="email", text="Do you have peonies?",
                           email="ani@example.am", topic="Peonies")
    reply = inquiry_reply(inquiry_id=inquiry.pk, text="Yes, from May.",
                          actor=get_user_model().objects.get(username="operator"))
    answer = EmailMessage()  # what the customer's mail client sends back
    answer["From"], answer["To"] = "Ani <ani@example.am>", settings.INQUIRIES_FROM_EMAIL
    answer["Subject"], answer["Message-ID"] = "Re: Peonies", "<answer-1@example.am>"
    answer["In-Reply-To"] = answer["References"] = reply.message_id
    answer.set_content("Great, I will order on Monday.")
    (tmp_path / "support-maildir" / "new" / "reply.eml").write_bytes(bytes(answer))

    report = polling.source_poll(source_id=support.pk)
    assert report.error == "" and report.stored == 1
    assert list(inquiry.messages.values_list("direction", "text")) == [
        ("in", "Do you have peonies?"), ("out", "Yes, from May."),
        ("in", "Great, I will order on Monday.")]


def test_the_demo_timelines_are_dated_when_each_step_happened(settings, tmp_path):
    from datetime import datetime, time, timedelta

    import time_machine
    from django.utils import timezone

    from delivery.models import DeliveryAttempt
    from orders.models import OrderEvent, Status

    settings.VAR_DIR = tmp_path
    late_evening = datetime.combine(timezone.localdate(), time(23, 21),
                                    tzinfo=timezone.get_current_timezone())
    with time_machine.travel(late_evening, tick=False):  # seeded late, as in the issue
        call_command("seed_demo", orders=60, allow_production=True)
    past = Order.objects.filter(delivery_date__lt=late_evening.date(),
                                status__in=[Status.DELIVERED, Status.FAILED])
    assert past.count() > 10
    for order in past:
        events = list(order.events.order_by("pk"))
        moments = [event.created_at for event in events]
        assert moments == sorted(moments) and moments[0] == order.created_at, order.number
        attempt = DeliveryAttempt.objects.get(order=order)
        outcome = [event for event in events if event.kind == OrderEvent.Kind.STATUS_CHANGED
                   and event.after.get("status") == order.status]
        # "Delivered 06.12 13:10" for a delivery of 06.12, when the courier finished.
        assert outcome[-1].created_at == attempt.finished_at, order.number
        assert timezone.localtime(attempt.finished_at).date() == order.delivery_date
        confirmed = next(event for event in events if event.after.get("status") == "confirmed")
        assert timedelta(minutes=10) <= confirmed.created_at - order.created_at \
            <= timedelta(minutes=90), order.number
    assert not OrderEvent.objects.filter(created_at__gt=late_evening).exists()
