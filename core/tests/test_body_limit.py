"""Request bodies over their view's limit are refused from Content-Length, before anything reads
them or writes them to disk (issue 17, item 3 b: a 300 MB anonymous POST to the login page went
whole to /tmp)."""

import http.client
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from core.middleware import body_limit

LOGIN = "/accounts/login/"
HTML = "text/html,application/xhtml+xml"


@pytest.fixture
def upload_dir(settings, tmp_path):
    """Where Django writes an upload it reads (FILE_UPLOAD_TEMP_DIR), and every upload written
    there: FILE_UPLOAD_MAX_MEMORY_SIZE 0 sends even a small file to disk once it is read."""
    folder = tmp_path / "uploads"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    return folder


def multipart(size: int) -> tuple[bytes, str]:
    boundary = "rgboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nanna\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"big.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            ).encode() + b"x" * size + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_the_defaults():
    from django.conf import settings

    assert settings.RG_MAX_BODY_BYTES == 2 * 2**20
    assert settings.RG_MAX_PHOTO_BODY_BYTES == 12 * 2**20
    assert settings.RG_MAX_PHOTO_BODY_BYTES > settings.PHOTO_MAX_BYTES  # a photo and its form


def test_a_huge_content_length_is_a_413_page_before_a_byte_is_read(client, upload_dir):
    # The body is 10 bytes; the test client's payload fails the test if read past them.
    response = client.generic("POST", LOGIN, b"username=a", CONTENT_LENGTH=str(300 * 2**20),
                              CONTENT_TYPE="multipart/form-data; boundary=x", HTTP_ACCEPT=HTML)
    assert response.status_code == 413
    assert response.templates[0].name == "413.html"
    page = response.content.decode()
    assert "too large" in page.lower() and "2.0" in page  # the limit, 2 MB, said
    assert not list(upload_dir.iterdir())


def test_a_multipart_body_over_the_limit_is_refused_unwritten_and_without_csrf(
        client, upload_dir, settings):
    settings.RG_MAX_BODY_BYTES = 50_000
    body, content_type = multipart(60_000)  # anonymous, no CSRF token: 413, not 403
    response = client.generic("POST", LOGIN, body, CONTENT_TYPE=content_type, HTTP_ACCEPT=HTML)
    assert response.status_code == 413
    assert not list(upload_dir.iterdir())


def test_the_page_is_in_the_visitors_language(client, settings):
    settings.RG_MAX_BODY_BYTES = 10
    response = client.post(LOGIN, {"username": "a" * 20}, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 413
    assert response["Content-Language"] == "ru"


@pytest.mark.django_db
def test_under_the_limit_the_request_goes_on(client, settings):
    settings.RG_MAX_BODY_BYTES = 10_000
    response = client.post(LOGIN, {"username": "anna", "password": "x" * 100})
    assert response.status_code == 200  # the login form again, with its error


def test_a_content_length_that_is_not_a_number_is_a_400(client):
    response = client.generic("POST", LOGIN, b"", CONTENT_LENGTH="lots")
    assert response.status_code == 400


def test_a_body_without_content_length_is_a_411(client):
    response = client.generic("POST", LOGIN, b"", CONTENT_LENGTH="",
                              HTTP_TRANSFER_ENCODING="chunked")
    assert response.status_code == 411


def test_photo_forms_take_more_the_api_its_own_limit(settings):
    settings.PARTNER_API_MAX_BODY_BYTES = 1234
    assert body_limit(reverse("desk:order_photos", args=[1])) == settings.RG_MAX_PHOTO_BODY_BYTES
    assert body_limit(reverse("courier:outcome", args=["t", 1, "photo"])) == (
        settings.RG_MAX_PHOTO_BODY_BYTES)
    assert body_limit(reverse("partner_api:partner-order-list")) == 1234
    for path in (LOGIN, "/admin/login/", reverse("desk:queue"), "/no/such/page/"):
        assert body_limit(path) == settings.RG_MAX_BODY_BYTES


# --- a real server, a real socket ----------------------------------------------------------

def _connect(live_server) -> http.client.HTTPConnection:
    address = urlsplit(live_server.url)
    return http.client.HTTPConnection(address.hostname, address.port, timeout=10)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # a live server thread
def test_a_streamed_body_over_the_limit_is_answered_while_it_is_still_coming(
        live_server, upload_dir):
    """300 MB announced, 1 MB sent: the 413 comes back at once, nothing is written."""
    connection = _connect(live_server)
    connection.putrequest("POST", LOGIN)
    connection.putheader("Content-Type", "multipart/form-data; boundary=rgboundary")
    connection.putheader("Content-Length", str(300 * 2**20))
    connection.putheader("Accept", HTML)
    connection.endheaders()
    connection.send(multipart(2**20)[0][:2**20])
    response = connection.getresponse()
    assert response.status == 413
    assert b"</html>" in response.read()
    connection.close()
    assert not list(upload_dir.iterdir())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # a live server thread
def test_a_chunked_body_is_answered_411_unread(live_server, upload_dir):
    connection = _connect(live_server)
    connection.putrequest("POST", LOGIN)
    connection.putheader("Content-Type", "multipart/form-data; boundary=rgboundary")
    connection.putheader("Transfer-Encoding", "chunked")
    connection.endheaders()  # the answer comes before any chunk is sent
    response = connection.getresponse()
    assert response.status == 411
    connection.close()
    assert not list(upload_dir.iterdir())
