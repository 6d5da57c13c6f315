"""The poller against a real IMAP server (Dovecot): fetch by UID, seen only after commit,
restarts, refused logins with backoff, UIDVALIDITY changes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from channels_intake.models import InboundMessage, InboundState, Source
from channels_intake.services import polling
from orders.models import Order

from .mails import website_mail

pytestmark = pytest.mark.services


def _unseen(server) -> list[int]:
    client = server.client()
    try:
        client.select_folder("INBOX", readonly=True)
        return client.search(["UNSEEN"])
    finally:
        client.logout()


def test_poller_fetches_ingests_and_marks_seen(dovecot, imap_source):
    dovecot.deliver(website_mail(20001), website_mail(20002), b"Subject: hello\r\n\r\nhi there\r\n")
    report = polling.source_poll(source_id=imap_source.pk)

    assert report.error == "" and report.stored == 3
    assert sorted(Order.objects.values_list("site_number", flat=True)) == ["20001", "20002"]
    # "hi there" from no address: a person's message nobody can answer waits for a person.
    assert set(InboundMessage.objects.values_list("state", flat=True)) == {
        InboundState.ORDER, InboundState.REVIEW}
    assert _unseen(dovecot) == []
    imap_source.refresh_from_db()
    assert imap_source.cursor["last_uid"] == 3
    assert imap_source.last_success_at is not None and imap_source.consecutive_failures == 0
    # A second poll finds nothing new; a new message is picked up alone.
    assert polling.source_poll(source_id=imap_source.pk).fetched == 0
    dovecot.deliver(website_mail(20003))
    assert polling.source_poll(source_id=imap_source.pk).fetched == 1
    assert Order.objects.count() == 3


def test_server_restart_in_the_middle_of_a_poll_loses_and_doubles_nothing(
        dovecot, imap_source, monkeypatch, faults):
    dovecot.deliver(*(website_mail(21000 + n) for n in range(7)))
    monkeypatch.setattr(polling, "FETCH_BATCH", 2)
    # The 2nd batch is committed, but the server dies before it is marked \Seen.
    faults.inject(polling, "inbound_store_many", after=dovecot.stop,
                  when=lambda call: call.number == 2)
    report = polling.source_poll(source_id=imap_source.pk)
    assert report.error
    imap_source.refresh_from_db()
    assert imap_source.consecutive_failures == 1 and imap_source.last_error
    assert imap_source.cursor["last_uid"] == 2  # only the committed, seen batch counts

    dovecot.start()
    report = polling.source_poll(source_id=imap_source.pk)
    assert report.error == ""
    assert InboundMessage.objects.count() == 7
    assert sorted(Order.objects.values_list("site_number", flat=True)) == [
        str(21000 + n) for n in range(7)]
    assert _unseen(dovecot) == []
    imap_source.refresh_from_db()
    assert imap_source.consecutive_failures == 0 and imap_source.cursor["last_uid"] == 7


def test_refused_login_shows_on_health_and_backs_off(dovecot, imap_source, monkeypatch):
    from channels_intake.selectors import sources_health

    monkeypatch.setenv("RG_SOURCE_SECRET_TEST_IMAP", "wrong")
    first = polling.source_poll(source_id=imap_source.pk)
    assert first.error
    imap_source.refresh_from_db()
    delay_1 = imap_source.next_poll_at - imap_source.last_error_at
    polling.source_poll(source_id=imap_source.pk)
    imap_source.refresh_from_db()
    delay_2 = imap_source.next_poll_at - imap_source.last_error_at
    assert imap_source.consecutive_failures == 2
    assert delay_2 > delay_1 >= timedelta(seconds=imap_source.poll_interval)
    [health] = [s for s in sources_health() if s["name"] == imap_source.name]
    assert health["ok"] is False and "LoginError" in health["last_error"]
    # Not due while backing off; other sources still are.
    other = Source.objects.create(name="other-box", kind=Source.Kind.MAILDIR, path="/nonexistent/x")
    assert polling.sources_claim_due() == [other.pk]

    monkeypatch.setenv("RG_SOURCE_SECRET_TEST_IMAP", "desk-secret")
    assert polling.source_poll(source_id=imap_source.pk).error == ""
    imap_source.refresh_from_db()
    assert imap_source.consecutive_failures == 0 and imap_source.last_error == ""


def test_server_down_is_an_error_not_a_crash(dovecot, imap_source):
    dovecot.stop()
    report = polling.source_poll(source_id=imap_source.pk)
    assert report.error
    imap_source.refresh_from_db()
    assert imap_source.consecutive_failures == 1 and imap_source.next_poll_at > timezone.now()


def test_uidvalidity_change_reads_the_folder_again_without_doubles(dovecot, imap_source):
    dovecot.deliver(website_mail(22001))
    polling.source_poll(source_id=imap_source.pk)
    dovecot.deliver(website_mail(22002))
    # The mailbox was recreated elsewhere: a cursor from another UIDVALIDITY, far ahead.
    Source.objects.filter(pk=imap_source.pk).update(cursor={"uidvalidity": 1, "last_uid": 999})
    report = polling.source_poll(source_id=imap_source.pk)
    assert report.fetched == 2 and report.stored == 1
    assert InboundMessage.objects.count() == 2 and Order.objects.count() == 2
    imap_source.refresh_from_db()
    assert imap_source.cursor["uidvalidity"] != 1 and imap_source.cursor["last_uid"] == 2


def test_a_source_being_polled_is_not_polled_twice(imap_source):
    from core.locks import task_lock

    with task_lock(f"poll-source:{imap_source.pk}", ttl=30) as held:
        assert held
        assert polling.source_poll(source_id=imap_source.pk) is None


def test_starttls_never_falls_back_to_the_clear(dovecot, imap_source):
    Source.objects.filter(pk=imap_source.pk).update(security=Source.Security.STARTTLS)
    report = polling.source_poll(source_id=imap_source.pk)
    assert report.error  # the test server offers no TLS: refused, not downgraded
    assert "starttls" in report.error.lower()
    assert "Login: user=<desk>" not in dovecot.log()  # the password never crossed in the clear


def test_missing_password_variable_is_a_source_error(imap_source, monkeypatch):
    monkeypatch.delenv("RG_SOURCE_SECRET_TEST_IMAP")
    report = polling.source_poll(source_id=imap_source.pk)
    assert "RG_SOURCE_SECRET_TEST_IMAP" in report.error
    imap_source.refresh_from_db()
    assert imap_source.consecutive_failures == 1 and "RG_SOURCE_SECRET_TEST_IMAP" in imap_source.last_error


def _tls_source(server, monkeypatch, *, security, port):
    from channels_intake.tests.factories import SourceFactory

    from .dovecot import PASSWORD, USER

    monkeypatch.setenv("RG_SOURCE_SECRET_TEST_IMAP", PASSWORD)
    return SourceFactory(name=f"imap-{security}", kind=Source.Kind.IMAP, host="127.0.0.1",
                         port=port, security=security, username=USER,
                         password_env="RG_SOURCE_SECRET_TEST_IMAP", poll_interval=60)


@pytest.mark.parametrize("security", [Source.Security.TLS, Source.Security.STARTTLS])
def test_tls_and_starttls_poll_a_server_whose_certificate_is_trusted(
        dovecot_tls, brands, monkeypatch, security):
    # The machine trusts the test server's certificate (OpenSSL reads SSL_CERT_FILE when the
    # poller builds its default context): the certificate and its host name are verified.
    monkeypatch.setenv("SSL_CERT_FILE", str(dovecot_tls.cert_path))
    port = dovecot_tls.tls_port if security == Source.Security.TLS else dovecot_tls.port
    source = _tls_source(dovecot_tls, monkeypatch, security=security, port=port)
    dovecot_tls.deliver(website_mail(23001 if security == Source.Security.TLS else 23002))

    report = polling.source_poll(source_id=source.pk)

    assert report.error == "" and report.stored == 1
    assert Order.objects.count() == 1
    assert "TLS" in dovecot_tls.log()  # the login went over TLS


def test_tls_refuses_a_certificate_nobody_trusts(dovecot_tls, brands, monkeypatch):
    source = _tls_source(dovecot_tls, monkeypatch, security=Source.Security.TLS,
                         port=dovecot_tls.tls_port)
    dovecot_tls.deliver(website_mail(23003))

    report = polling.source_poll(source_id=source.pk)

    assert "certificate" in report.error.lower()
    assert InboundMessage.objects.count() == 0
    source.refresh_from_db()
    assert source.consecutive_failures == 1 and "certificate" in source.last_error.lower()


def test_a_password_variable_outside_the_prefix_is_never_sent(dovecot, imap_source, monkeypatch):
    """A manager who points a source at SECRET_KEY (or a row edited by SQL) gets a source
    error; the poller never reads that variable, let alone sends it."""
    monkeypatch.setenv("SECRET_KEY", "the-desk-secret")
    Source.objects.filter(pk=imap_source.pk).update(password_env="SECRET_KEY")
    connections = dovecot.log().count("imap-login")
    report = polling.source_poll(source_id=imap_source.pk)
    assert "RG_SOURCE_SECRET_" in report.error
    assert dovecot.log().count("imap-login") == connections  # not even a connection
    imap_source.refresh_from_db()
    assert imap_source.consecutive_failures == 1 and "RG_SOURCE_SECRET_" in imap_source.last_error


def test_plain_imap_is_refused_unless_allowed(dovecot, imap_source, settings):
    dovecot.deliver(website_mail(20101))
    settings.INTAKE_IMAP_ALLOW_PLAINTEXT = False
    connections = dovecot.log().count("imap-login")
    report = polling.source_poll(source_id=imap_source.pk)
    assert "INTAKE_IMAP_ALLOW_PLAINTEXT" in report.error and report.fetched == 0
    assert dovecot.log().count("imap-login") == connections

    settings.INTAKE_IMAP_ALLOW_PLAINTEXT = True
    Source.objects.filter(pk=imap_source.pk).update(next_poll_at=None)
    assert polling.source_poll(source_id=imap_source.pk).stored == 1


@pytest.mark.parametrize("name", ["SECRET_KEY", "DATABASE_URL", "rg_source_secret_x",
                                  "RG_SOURCE_SECRET_", "RG_SOURCE_SECRET_A-B"])
def test_the_form_refuses_a_password_variable_outside_the_prefix(db, settings, name):
    from django.core.exceptions import ValidationError

    settings.INTAKE_IMAP_ALLOW_PLAINTEXT = False
    source = Source(name="box", kind=Source.Kind.IMAP, host="imap.example.am",
                    security=Source.Security.TLS, username="desk", password_env=name)
    with pytest.raises(ValidationError) as refused:
        source.full_clean()
    assert set(refused.value.message_dict) == {"password_env"}
    source.password_env = "RG_SOURCE_SECRET_FLOWERS_BOX"
    source.full_clean()
    source.security = Source.Security.NONE
    with pytest.raises(ValidationError) as refused:
        source.full_clean()
    assert set(refused.value.message_dict) == {"security"}
