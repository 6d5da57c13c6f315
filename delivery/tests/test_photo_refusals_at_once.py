"""Refused photo files are counted exactly when they arrive at once, on the database cache of
`make run` too (issue 17: there the cache's incr is a read then a write, and refusals sent
together were lost, so a sender got more than PHOTO_REFUSALS_PER_HOUR costly files decoded)."""


import pytest
from django.core.management import call_command

from core.models import RateCounter
from delivery.exceptions import PhotoRefused
from delivery.models import BrandPhotoPolicy, DeliveryPhoto
from delivery.photo_image import decode_slot
from delivery.photos import photo_attach
from orders.models import Status
from orders.tests.factories import OrderFactory
from tests.concurrency import at_once

from .factories import photo_bytes, photo_upload

pytestmark = pytest.mark.postgres

Kind = DeliveryPhoto.Kind


@pytest.fixture
def database_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                                   "LOCATION": "rg_test_cache"}}
    call_command("createcachetable", verbosity=0)


def _refused_at_once(count: int, order_id: int) -> list[str]:
    """`count` broken files from one courier's page, each from its own thread (and database
    connection), all sent at the same moment; what each was told."""
    truncated = photo_bytes()[:400]

    def send():
        try:
            photo_attach(order_id=order_id, kind=Kind.DOOR, upload=photo_upload(truncated),
                         system="courier:7")
        except PhotoRefused as exc:
            return exc.message
        return None

    return [message for message in at_once(count, send) if message is not None]


@pytest.mark.parametrize(("sent", "limit"), [(6, 6), (12, 4)],
                         ids=["as many as the limit", "more than the limit"])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_refusals_at_once_are_counted_exactly_then_nothing_is_decoded(
        database_cache, postgres_only, settings, sent, limit):
    settings.PHOTO_REFUSALS_PER_HOUR = limit
    settings.PHOTO_DECODE_WAIT_SECONDS = 5  # the broken files wait their turn: none is busy
    order = OrderFactory(status=Status.OUT_FOR_DELIVERY)
    BrandPhotoPolicy.objects.create(brand=order.brand, door_photos=True)

    said = _refused_at_once(sent, order.pk)

    assert len(said) == sent and not any("Other photos" in message for message in said)
    counter = RateCounter.objects.get(key__startswith="delivery:photo-refusals:system:courier:7@")
    assert counter.count == limit  # none lost, none past the limit
    # The next file, a good photo, is refused without being decoded: with every decoding slot
    # held, a decode would have said "Other photos are being processed".
    assert settings.PHOTO_DECODES_AT_ONCE == 2
    settings.PHOTO_DECODE_WAIT_SECONDS = 0.05
    with decode_slot(), decode_slot(), pytest.raises(PhotoRefused,
                                                     match="Too many files were refused"):
        photo_attach(order_id=order.pk, kind=Kind.DOOR, upload=photo_upload(),
                     system="courier:7")
    assert not DeliveryPhoto.objects.filter(order=order).exists()
