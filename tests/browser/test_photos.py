"""Photos in a real browser: an operator attaches a bouquet photo on the order page, sees its
thumbnail (served through its signed link under the strict CSP), and the page passes axe."""

import pytest

from tests.browser.test_accessibility import Audit
from tests.browser.test_desk import chromium, desk, login  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_bouquet_photo_attached_and_shown(chromium, live_server, desk, settings):  # noqa: F811
    from delivery.models import BrandPhotoPolicy, DeliveryPhoto
    from delivery.tests.factories import photo_bytes
    from desk.tests.conftest import make_order
    from orders.models import Status

    order = make_order(desk["rose"], status=Status.ASSEMBLING)
    BrandPhotoPolicy.objects.create(brand=order.brand, bouquet_photos=True)
    audit = Audit()
    page = login(chromium, live_server)
    page.goto(f"/desk/orders/{order.pk}/")
    audit.check(page, "order page with the photo form")
    page.set_input_files("#id_photo_image", files=[{
        "name": "bouquet.jpg", "mimeType": "image/jpeg",
        "buffer": photo_bytes(size=(2400, 1800))}])
    page.click("#photos button[type=submit]")
    page.wait_for_selector(".messages .success")
    thumb = page.locator("#photos img.thumb")
    thumb.wait_for()
    page.wait_for_function("() => document.querySelector('#photos img.thumb').naturalWidth > 0")
    assert page.evaluate("() => document.querySelector('#photos img.thumb').naturalWidth") == 1600
    assert thumb.bounding_box()["width"] <= 160
    audit.check(page, "order page with a photo")

    settings.RG_MAX_PHOTO_BODY_BYTES = 20_000  # a file over the photo form's body limit
    page.set_input_files("#id_photo_image", files=[{
        "name": "big.jpg", "mimeType": "image/jpeg", "buffer": b"\xff" * 30_000}])
    page.click("#photos button[type=submit]")
    page.wait_for_selector("section[role=alert] h1")
    assert "too large" in page.inner_text("h1").lower()
    audit.check(page, "413: what you sent is too large")
    page.context.close()
    assert DeliveryPhoto.objects.filter(order=order).count() == 1
    audit.assert_clean()
