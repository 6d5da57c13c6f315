"""The parcel panel in Chromium: an operator types the carrier's status on the order page of
a parcel; the page passes axe-core before and after (with its message)."""

import pytest

from tests.browser.test_accessibility import Audit
from tests.browser.test_desk import chromium, desk, login  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_operator_types_a_parcel_status(chromium, live_server, desk):  # noqa: F811
    from delivery.models import Courier
    from delivery.services import courier_assign, delivery_dispatch
    from delivery.tests.factories import CarrierFactory
    from desk.tests.conftest import make_order
    from orders.models import Status

    order = make_order(desk["rose"], status=Status.ASSEMBLING)
    post = Courier.objects.create(name="HayPost desk", kind=Courier.Kind.POST,
                                  carrier=CarrierFactory(name="HayPost"))
    courier_assign(order_id=order.pk, courier_id=post.pk)
    delivery_dispatch(order_id=order.pk, tracking_number="RR123AM")

    audit = Audit()
    page = login(chromium, live_server)
    page.goto(f"/desk/orders/{order.pk}/")
    page.wait_for_selector("#parcel")
    assert page.get_attribute("#parcel a", "href") == "https://track.example/RR123AM"
    audit.check(page, "order page with a parcel")
    page.fill("#id_status", "At the post office")
    page.fill("#id_location", "Gyumri 3101")
    page.check("#id_waiting")
    page.click("#parcel-submit")
    page.wait_for_selector(".messages .success")
    assert "Gyumri 3101" in page.inner_text("#parcel-events")
    audit.check(page, "order page with a parcel status")
    page.context.close()
    audit.assert_clean()
