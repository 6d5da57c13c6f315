"""The local Maildir of `make run`, the beat task that polls due sources, the admin and /healthz."""

import os
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from channels_intake import tasks
from channels_intake.demo import demo_mail_sources
from channels_intake.models import InboundMessage, InboundState, Source
from orders.models import Order

from .mails import website_mail


def test_an_eml_dropped_into_new_becomes_an_order(tmp_path, settings, brands):
    settings.VAR_DIR = tmp_path
    source = demo_mail_sources()
    (tmp_path / "maildir" / "new" / "dropped.eml").write_bytes(website_mail(50001))

    assert tasks.poll_due_sources() == 1  # beat's tick: the new source is due at once
    assert Order.objects.get().site_number == "50001"
    assert os.listdir(tmp_path / "maildir" / "new") == []
    assert os.listdir(tmp_path / "maildir" / "cur") == ["dropped.eml:2,S"]
    source.refresh_from_db()
    assert source.last_success_at is not None
    assert source.next_poll_at - timezone.now() <= timedelta(seconds=source.poll_interval)
    # Not due again until its interval passed; the file is not read twice.
    assert tasks.poll_due_sources() == 0
    Source.objects.filter(pk=source.pk).update(next_poll_at=timezone.now())
    tasks.poll_due_sources()
    assert InboundMessage.objects.count() == 1


def test_inactive_and_non_mail_sources_are_not_polled(db, tmp_path):
    Source.objects.create(name="off", kind=Source.Kind.MAILDIR, path=str(tmp_path), is_active=False)
    Source.objects.create(name="feed", kind=Source.Kind.FEED)
    assert tasks.poll_due_sources() == 0


def test_admin_shows_the_message_readable_and_reads_it_again(admin_client, brands):
    from channels_intake.services.inbound import inbound_ingest

    source = Source.objects.create(name="box", kind=Source.Kind.MANUAL)
    raw = website_mail(50002, html=False, cte="quoted-printable").replace(
        b"Paid: yes", b"Paid: perhaps")
    [stored] = inbound_ingest(source=source, messages=[(raw, "test")])
    message = stored.message
    assert message.state == InboundState.REVIEW and "perhaps" in message.reason

    page = admin_client.get(reverse("admin:channels_intake_inboundmessage_change",
                                    args=[message.pk]))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Recipient phone: 093 55 44 33" in content  # decoded text, not quoted-printable
    assert "Message-ID" in content or "Message-Id" in content

    # Someone teaches the label set the storefront's new word; the message leaves review.
    from channels_intake.models import LabelSet

    label_set = LabelSet.objects.get(name="storefront-en")
    label_set.values = {**label_set.values, "yes": ["yes", "perhaps"]}
    label_set.save()
    response = admin_client.post(reverse("admin:channels_intake_inboundmessage_changelist"),
                                 {"action": "reprocess", "_selected_action": [message.pk]})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.state == InboundState.ORDER and message.order.is_paid
    assert admin_client.get(reverse("admin:channels_intake_labelset_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:channels_intake_partnerlayout_changelist")).status_code == 200


def test_healthz_lists_mail_sources(admin_client, db):
    Source.objects.create(name="broken-box", kind=Source.Kind.IMAP, consecutive_failures=3,
                          last_error="LoginError: refused", last_error_at=timezone.now())
    data = admin_client.get("/healthz").json()
    [box] = data["checks"]["sources"]["sources"]
    assert box["name"] == "broken-box" and box["ok"] is False and "refused" in box["last_error"]


def test_inbound_message_list_queries_stay_flat(admin_client, brands, django_assert_max_num_queries):
    from channels_intake.services.inbound import inbound_ingest

    source = Source.objects.create(name="box", kind=Source.Kind.MANUAL)
    url = reverse("admin:channels_intake_inboundmessage_changelist")
    for start in (60000, 61000):
        inbound_ingest(source=source, messages=[(website_mail(start + n), "t") for n in range(3)])
        preorder = website_mail(start + 500, subject=f"[RG Flowers] Pre Order #{start + 500}")
        inbound_ingest(source=source, messages=[(preorder, "t")])
        with django_assert_max_num_queries(12):
            assert admin_client.get(url).status_code == 200


def test_admin_poll_now(admin_client, tmp_path, brands):
    source = Source.objects.create(name="drop", kind=Source.Kind.MAILDIR, path=str(tmp_path))
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "1.eml").write_bytes(website_mail(50003))
    response = admin_client.post(reverse("admin:channels_intake_source_changelist"),
                                 {"action": "poll_now", "_selected_action": [source.pk]})
    assert response.status_code == 302
    assert Order.objects.get().site_number == "50003"  # eager tasks in tests
