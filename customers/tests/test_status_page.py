"""The order status page: a signed link (valid, expired, tampered), the customer's language
and a switch, customer steps only, nothing internal, questions and feedback from it."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from channels_intake.tests.factories import PartnerFactory
from core.tests.factories import UserFactory
from customers import services
from customers.exceptions import FeedbackRefused
from customers.models import Feedback
from delivery.models import DeliveryAttempt
from delivery.services import courier_assign, delivery_dispatch, delivery_finish
from delivery.tests.factories import CourierFactory
from orders import events as order_events
from orders.domain_events import CustomerQuestion, FeedbackLow
from orders.links import rating_url, status_path, status_token
from orders.models import Status
from orders.services import order_move
from orders.tests.factories import OrderFactory, OrderLineFactory
from tests.events import heard as listening

pytestmark = pytest.mark.django_db
# order+brand+customer, steps, last tracked attempt, lines, feedback, the brand's photo switches,
# the photos.
STATUS_QUERIES = 7


@pytest.fixture
def heard():
    with listening(CustomerQuestion, FeedbackLow) as got:
        yield got


def test_a_signed_link_opens_the_page_in_the_customers_language(client):
    order = OrderFactory(customer__language="ru")
    order_move(order_id=order.pk, to=Status.CONFIRMED)
    response = client.get(status_path(order))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ru">' in html and order.number in html
    assert 'aria-current="step"' in html


@pytest.mark.parametrize("lang", ["hy", "ru", "en"])
def test_the_language_is_switchable(client, lang):
    from django.utils import translation

    order = OrderFactory(customer__language="hy", status=Status.FAILED)
    html = client.get(status_path(order) + f"?lang={lang}").content.decode()
    assert f'<html lang="{lang}">' in html
    with translation.override(lang):  # the steps and what went wrong, in that language too
        for said in ("Received", "Being prepared", "We could not deliver your order. We will "
                     "call you to arrange a new delivery."):
            assert translation.gettext(said) in html


def test_an_unknown_language_falls_back_to_the_customers(client):
    order = OrderFactory(customer__language="en")
    assert '<html lang="en">' in client.get(status_path(order) + "?lang=xx").content.decode()


def test_a_tampered_link_is_refused_with_a_clear_page(client):
    order = OrderFactory()
    token = status_token(order)
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = client.get(f"/s/{forged}/")
    assert response.status_code == 403
    assert "This link is not valid" in response.content.decode()
    assert client.get("/s/" + "x" * 300 + "/").status_code == 403


def test_an_expired_link_is_gone(client, settings):
    order = OrderFactory()
    with time_machine.travel(timezone.now() - timedelta(days=settings.STATUS_LINK_MAX_AGE_DAYS + 1)):
        token = status_token(order)
    response = client.get(f"/s/{token}/")
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_nothing_internal_shows(client):
    operator = UserFactory(role="operator", first_name="Opersecret", last_name="Nameless")
    partner = PartnerFactory(name="Partnerhidden LLC")
    order = OrderFactory(status=Status.ASSEMBLING, partner=partner, partner_order_id="PX-99881",
                         customer_comment="commentprivate", card_message="cardprivate",
                         recipient_address="Addressprivate 7", recipient_phone="+37493777666",
                         attention="attentionprivate")
    OrderLineFactory(order=order, name="Roses")
    courier = CourierFactory(name="Couriersecret", phone="+37491555444", company="Acmecourier")
    courier_assign(order_id=order.pk, courier_id=courier.pk, actor=operator)
    attempt = delivery_dispatch(order_id=order.pk, actor=operator)
    delivery_finish(attempt_id=attempt.pk, delivered=False, failure_reason="other",
                    note="notesecret dog bit", actor=operator)
    order_events.note(order=order, actor=operator, message="internalnote only staff")
    html = client.get(status_path(order)).content.decode()
    assert "Roses" in html and order.number in html
    assert "We could not deliver your order" in html
    for secret in ("Opersecret", "Nameless", "Partnerhidden", "PX-99881", "commentprivate",
                   "cardprivate", "Addressprivate", "93777666", "93 777666", "attentionprivate",
                   "Couriersecret", "555444", "555 444", "Acmecourier", "notesecret", "dog bit",
                   "internalnote", order.customer.email, order.customer.phone.as_e164):
        assert secret not in html, secret


def test_a_parcel_shows_its_tracking_number(client):
    order = OrderFactory(status=Status.ASSEMBLING)
    courier_assign(order_id=order.pk, courier_id=CourierFactory(kind="post", name="HayPost").pk)
    delivery_dispatch(order_id=order.pk, tracking_number="EE123456789AM")
    html = client.get(status_path(order)).content.decode()
    assert "EE123456789AM" in html and "HayPost" in html


def test_a_parcel_links_to_its_carrier_and_the_bouquet_photo_shows(client):
    from delivery.models import BrandPhotoPolicy
    from delivery.photos import photo_attach
    from delivery.tests.factories import CarrierFactory, photo_upload

    order = OrderFactory(status=Status.ASSEMBLING)
    BrandPhotoPolicy.objects.create(brand=order.brand, bouquet_photos=True)
    photo_attach(order_id=order.pk, kind="bouquet", upload=photo_upload())
    carrier = CarrierFactory(name="HayPost", tracking_url_template="https://track.example/{number}")
    courier = CourierFactory(kind="post", name="Post office 12", carrier=carrier)
    courier_assign(order_id=order.pk, courier_id=courier.pk)
    delivery_dispatch(order_id=order.pk, tracking_number="EE123456789AM")
    html = client.get(status_path(order)).content.decode()
    assert 'href="https://track.example/EE123456789AM"' in html and "HayPost" in html
    [src] = [part.split('"')[1] for part in html.split("<img ")[1:]]
    assert src.startswith("/photos/") and client.get(src).status_code == 200


def test_the_page_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    small = OrderFactory()
    OrderLineFactory(order=small)
    big = OrderFactory()
    for _n in range(20):
        OrderLineFactory(order=big)
    for order in (small, big):
        order_move(order_id=order.pk, to=Status.CONFIRMED)
        with django_assert_max_num_queries(STATUS_QUERIES):
            assert client.get(status_path(order)).status_code == 200


def test_a_question_reaches_the_inquiries_desk_and_is_bounded(client, heard, settings):
    order = OrderFactory()
    path = status_path(order)
    response = client.post(path, {"action": "ask", "text": "Can it come at 9?", "lang": "en"})
    assert response.status_code == 302 and "asked=1" in response["Location"]
    assert heard == [CustomerQuestion(order_id=order.pk, text="Can it come at 9?", language="en")]
    assert client.post(path, {"action": "ask", "text": "x" * 5000}).status_code == 400
    assert client.post(path, {"action": "ask", "text": ""}).status_code == 400
    assert len(heard) == 1


def test_questions_are_rate_limited_per_order(client, heard, settings):
    settings.STATUS_QUESTIONS_PER_HOUR = 2
    order = OrderFactory()
    codes = [client.post(status_path(order), {"action": "ask", "text": f"question {n}"}).status_code
             for n in range(3)]
    assert codes == [302, 302, 429]
    assert len(heard) == 2


@pytest.fixture
def daytime():
    """Noon today in Yerevan, inside FEEDBACK_SEND_HOURS, with the clock frozen."""
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    with time_machine.travel(noon, tick=False):
        yield noon


def _delivered(hours_ago: float):
    order = OrderFactory(status=Status.ASSEMBLING)
    courier_assign(order_id=order.pk, courier_id=CourierFactory().pk)
    attempt = delivery_dispatch(order_id=order.pk)
    delivery_finish(attempt_id=attempt.pk, delivered=True)
    DeliveryAttempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - timedelta(hours=hours_ago + 1),
        finished_at=timezone.now() - timedelta(hours=hours_ago))
    return order


def test_the_feedback_request_goes_a_day_after_delivery_once(django_capture_on_commit_callbacks, daytime):
    from django.core import mail

    due, early = _delivered(25), _delivered(2)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.feedback_requests_queue() == 1
        assert services.feedback_requests_queue() == 0
        assert services.feedback_request_send(order_id=due.pk) is None
    assert Feedback.objects.get().order == due
    assert not Feedback.objects.filter(order=early).exists()
    [request] = [m for m in mail.outbox if "How was" in m.subject]
    assert request.to == [due.customer.email]
    assert "/rate/5/" in request.body and "/rate/1/" in request.body


def test_a_request_due_at_night_waits_for_the_morning(settings,
                                                     django_capture_on_commit_callbacks):
    from django.core import mail

    assert settings.FEEDBACK_SEND_HOURS == (10, 20) and settings.FEEDBACK_DELAY_HOURS == 24
    yesterday = timezone.localtime().replace(hour=22, minute=30, second=0,
                                             microsecond=0) - timedelta(days=1)
    with time_machine.travel(yesterday, tick=False):
        order = _delivered(0)  # delivered at 22:30: due at 22:30 today
    today = yesterday + timedelta(days=1)
    for moment, sent in ((today + timedelta(minutes=15), 0),  # 22:45
                         (today.replace(hour=23, minute=45), 0),
                         (today + timedelta(hours=5), 0),  # 03:30
                         (today + timedelta(hours=11, minutes=15), 0),  # 09:45
                         (today + timedelta(hours=11, minutes=30), 1),  # 10:00
                         (today + timedelta(hours=11, minutes=45), 0)):  # once
        with time_machine.travel(moment, tick=False), \
                django_capture_on_commit_callbacks(execute=True):
            assert services.feedback_requests_queue() == sent, moment
    assert Feedback.objects.get().order == order
    assert len([m for m in mail.outbox if "How was" in m.subject]) == 1, [m.subject for m in mail.outbox]


def test_the_sending_hours_end_before_their_last_hour(settings):
    settings.FEEDBACK_SEND_HOURS = (9, 21)
    morning = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    assert services.feedback_in_sending_hours(morning)
    assert not services.feedback_in_sending_hours(morning - timedelta(seconds=1))
    assert services.feedback_in_sending_hours(morning + timedelta(hours=11, minutes=59))
    assert not services.feedback_in_sending_hours(morning + timedelta(hours=12))


def test_one_click_rating_and_a_low_one_asks_for_a_call_back(client, heard):
    order = _delivered(25)
    services.feedback_request_send(order_id=order.pk)
    html = client.get(rating_url(order, 2).replace("http://localhost:8000", "")).content.decode()
    assert 'value="2" ' in html and "checked" in html
    response = client.post(status_path(order), {"action": "rate", "rating": "2",
                                                "comment": "late", "lang": "en"})
    assert response.status_code == 302
    feedback = Feedback.objects.get(order=order)
    assert (feedback.rating, feedback.comment, feedback.answered_at is not None) == (2, "late", True)
    assert heard == [FeedbackLow(order_id=order.pk, rating=2, comment="late", language="en")]
    # Once: a second answer changes nothing and the page thanks them.
    client.post(status_path(order), {"action": "rate", "rating": "5"})
    assert Feedback.objects.get(order=order).rating == 2
    assert "Thank you for your rating" in client.get(status_path(order)).content.decode()
    assert client.post(status_path(order), {"action": "rate", "rating": "9"}).status_code in (302, 400)


def test_a_good_rating_opens_nothing(client, heard):
    order = _delivered(25)
    services.feedback_request_send(order_id=order.pk)
    client.post(status_path(order), {"action": "rate", "rating": "5"})
    assert Feedback.objects.get(order=order).rating == 5
    assert heard == []


@pytest.mark.parametrize("path", ["/s/%D5%A1%D5%A2/", "/s/..%2F..%2Fetc/", "/s/a:b:c/",
                                  "/s/x/rate/99999999999999999999/", "/s/%00/"])
def test_hostile_links_get_a_clear_page_never_a_500(client, path):
    assert client.get(path).status_code in (403, 404)


def test_hostile_posts_never_500(client):
    order = OrderFactory()
    path = status_path(order)
    assert client.post(path, {"action": "rate", "rating": "x"}).status_code == 400
    assert client.post(path, {"action": "nonsense"}).status_code == 400
    assert client.get(f"{path}rate/9/").status_code == 200  # no rating chosen, no feedback form
    order.delete()
    assert client.get(path).status_code == 404


def test_a_customer_no_notice_can_reach_is_not_counted_nor_asked_again(daytime):
    order = _delivered(25)
    order.customer.email = ""
    order.customer.save()
    assert services.feedback_requests_queue() == 0
    assert services.feedback_requests_queue() == 0
    feedback = Feedback.objects.get(order=order)
    assert feedback.sent is False
    with pytest.raises(FeedbackRefused):
        services.feedback_answer(order_id=order.pk, rating=5)


def test_the_beat_runs_the_feedback_task(settings, daytime):
    from customers.tasks import feedback_requests_queue

    assert settings.CELERY_BEAT_SCHEDULE["feedback-requests"]["task"] == feedback_requests_queue.name
    order = _delivered(30)
    assert feedback_requests_queue.apply().get() == 1
    assert feedback_requests_queue.apply().get() == 0
    assert Feedback.objects.get().order == order


@pytest.mark.parametrize(("lang", "name"), [("ru", "25 красных роз"), ("hy", "25 կարմիր վարդ"),
                                             ("en", "25 red roses")])
def test_the_items_are_named_in_the_pages_language(client, lang, name):
    """Issue 17: the Russian and Armenian pages listed the items in English."""
    from catalog.tests.factories import ProductFactory

    rose = ProductFactory(name_en="25 red roses", name_ru="25 красных роз",
                          name_hy="25 կարմիր վարդ")
    order = OrderFactory(customer__language="ru")
    OrderLineFactory(order=order, product=rose, sku=rose.sku, name="25 red roses", quantity=2)
    OrderLineFactory(order=order, product=None, sku="", name="Handwritten card", quantity=1)
    html = client.get(f"{status_path(order)}?lang={lang}").content.decode()
    assert f"2 × {name}" in html and "1 × Handwritten card" in html
    if lang != "en":
        assert "red roses" not in html
