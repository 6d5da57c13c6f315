"""Photos of the finished bouquet and at the door: attached, checked, resized, shown.

`photo_attach` is the only way a photo is stored (the desk's order page and the courier's page
call it). A photo is kept through Django's storage API (a folder for make run, a private S3
bucket in production) under a random name, and is only ever shown through `photo_url`: a
signed, expiring link to /photos/<token>/ (delivery.views.photos)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from core.ratelimit import rate_limit_hit, rate_limit_reached
from orders import actors
from orders import events as order_events
from orders.models import Order, Status

from .exceptions import PhotoBusy, PhotoRefused
from .models import BrandPhotoPolicy, DeliveryPhoto
from .photo_image import photo_jpeg

Kind = DeliveryPhoto.Kind

# When each kind may be attached: the bouquet once assembly is done (assembling or later, not
# cancelled), the door while the courier is out or once delivered.
KIND_STATUSES: dict[str, tuple[str, ...]] = {
    Kind.BOUQUET: (Status.ASSEMBLING, Status.OUT_FOR_DELIVERY, Status.FAILED, Status.DELIVERED),
    Kind.DOOR: (Status.OUT_FOR_DELIVERY, Status.DELIVERED),
}
_SALT = "delivery.photo"


def _policy(brand_id: int) -> BrandPhotoPolicy:
    return (BrandPhotoPolicy.objects.filter(brand_id=brand_id).first()
            or BrandPhotoPolicy(brand_id=brand_id))


def _open(order: Order, kind: str, policy: BrandPhotoPolicy) -> bool:
    return kind in KIND_STATUSES and policy.allows(kind) and order.status in KIND_STATUSES[kind]


def _refuse_kind(order: Order, kind: str, policy: BrandPhotoPolicy) -> str:
    """Why `kind` cannot be attached to the order now ("" when it can)."""
    if _open(order, kind, policy):
        return ""
    if kind not in Kind.values:
        return _("Unknown kind of photo.")
    if not policy.allows(kind):
        return _("%(brand)s takes no photos of this kind (%(kind)s).") % {
            "brand": order.brand, "kind": Kind(kind).label}
    if order.status not in KIND_STATUSES[kind]:
        return _("Order %(number)s is %(status)s: no photo (%(kind)s) can be attached now.") % {
            "number": order.number, "status": order.get_status_display(),
            "kind": Kind(kind).label}
    return ""


def photo_attach(*, order_id: int, kind: str, upload, actor=None, system: str = "") -> DeliveryPhoto:
    """Keep a photo of the order (`kind`: bouquet or door) if its brand takes that kind and the
    order is where that kind is taken; one timeline event. `upload`: a Django UploadedFile (or
    any File with a size). The order's version does not change: a photo changes nothing in it.

    The file is decoded outside the transaction (no order row stays locked meanwhile) and
    only while its sender has had fewer than PHOTO_REFUSALS_PER_HOUR files refused: a refused
    file takes no photo slot, so without that bound the same costly file could be sent again
    and again (issue 17). Refusals are counted per clock hour by core.ratelimit, exactly even
    when files are refused at once, whatever the cache."""
    order = Order.objects.select_related("brand").get(pk=order_id)
    _refuse_slot(order, kind)
    refusals = {"key": f"delivery:photo-refusals:{_sender(actor, system)}",
                "limit": settings.PHOTO_REFUSALS_PER_HOUR, "window": timedelta(hours=1)}
    if rate_limit_reached(**refusals):
        raise PhotoRefused(_("Too many files were refused: try again in an hour, with a "
                             "photo from the phone's camera."))
    try:
        data, width, height = photo_jpeg(upload)
    except PhotoBusy:
        raise  # the file was not looked at: no refusal of the sender's
    except PhotoRefused:
        # Counted up to the limit: refused at once, more may have passed the check above.
        rate_limit_hit(**refusals)
        raise
    return _photo_keep(order_id=order_id, kind=kind, data=data, size=(width, height),
                       actor=actor, system=system)


def _refuse_slot(order: Order, kind: str) -> None:
    reason = _refuse_kind(order, kind, _policy(order.brand_id))
    if reason:
        raise PhotoRefused(reason)
    if DeliveryPhoto.objects.filter(order=order).count() >= settings.PHOTO_MAX_PER_ORDER:
        raise PhotoRefused(_("Order %(number)s already has %(count)s photos.")
                           % {"number": order.number, "count": settings.PHOTO_MAX_PER_ORDER})


def _sender(actor, system: str) -> str:
    """Whose refusals a file counts against: the desk user, else the system (a courier's
    page is `courier:<id>`)."""
    if actor is not None and actor.pk:
        return f"user:{actor.pk}"
    return f"system:{system[:60]}"


@transaction.atomic
def _photo_keep(*, order_id: int, kind: str, data: bytes, size: tuple[int, int], actor,
                system: str) -> DeliveryPhoto:
    """Checked again under the order's lock: the order may have moved, or another photo taken
    the last slot, while this one was decoded."""
    order = Order.objects.select_for_update(of=("self",)).select_related("brand").get(pk=order_id)
    _refuse_slot(order, kind)
    width, height = size
    photo = DeliveryPhoto(order=order, kind=kind, system=system[:60], width=width, height=height,
                          taken_by=actor if actor is not None and actor.pk else None)
    photo.image.save("photo.jpg", ContentFile(data), save=False)  # name: photo_upload_to
    try:
        photo.save()
        order_events.note(order=order, message="", actor=actor, system=system,
                          after={"photo": photo.pk, "kind": kind})
    except Exception:
        photo.image.storage.delete(photo.image.name)  # no row, no file
        raise
    return photo


# --- reads --------------------------------------------------------------------------------

def customer_photos(order: Order) -> list[DeliveryPhoto]:
    """The photos the customer may see on their status page: every kind their brand takes
    today (switching a kind off hides what was taken before)."""
    policy = _policy(order.brand_id)
    return [photo for photo in DeliveryPhoto.objects.filter(order=order)
            if policy.allows(photo.kind)]


def photo_url(photo: DeliveryPhoto, *, for_customer: bool = True) -> str:
    """A signed link to the photo that works for PHOTO_URL_SECONDS (no login needed: the
    signature is the permission). A customer's link stops working when its brand switches
    the kind off."""
    token = signing.dumps({"p": photo.pk, "c": int(for_customer)}, salt=_SALT, compress=True)
    return reverse("photos:show", args=[token])


class PhotoLinkExpired(Exception):
    pass


def photo_for_token(token: str) -> DeliveryPhoto | None:
    """The photo a link points to, or None (tampered, unknown, or hidden from the customer).
    Raises PhotoLinkExpired for a genuine link that is too old."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=settings.PHOTO_URL_SECONDS)
    except signing.SignatureExpired:
        raise PhotoLinkExpired from None
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("p"), int):
        return None
    photo = DeliveryPhoto.objects.select_related("order").filter(pk=data["p"]).first()
    if photo is None:
        return None
    if data.get("c") and not _policy(photo.order.brand_id).allows(photo.kind):
        return None
    return photo


@dataclass
class PhotoPanel:
    """What the order page's photos panel shows: the photos, and the kinds that can be
    attached now."""

    photos: list[DeliveryPhoto] = field(default_factory=list)
    kinds: list[tuple[str, str]] = field(default_factory=list)

    def urls(self) -> list[tuple[DeliveryPhoto, str]]:
        return [(photo, photo_url(photo, for_customer=False)) for photo in self.photos]


def photo_panel(order: Order) -> PhotoPanel:
    """The brand's switches and the order's photos (two queries whatever the photos, one more
    for the couriers' names when a courier attached one)."""
    photos = list(DeliveryPhoto.objects.filter(order_id=order.pk).select_related("taken_by")
                  .order_by("created_at", "id"))
    # Who attached each, by the name people use (not "courier:3" or a login).
    for photo, name in zip(photos, actors.actor_names(
            (photo.taken_by, photo.system) for photo in photos), strict=True):
        photo.attached_by = name
    kinds = photo_kinds(order, policy=_policy(order.brand_id))
    if len(photos) >= settings.PHOTO_MAX_PER_ORDER:
        kinds = []
    return PhotoPanel(photos=photos, kinds=kinds)


def photo_policies(brand_ids) -> dict[int, BrandPhotoPolicy]:
    """{brand id: its switches} for a page of many orders (one query; the courier's stops)."""
    found = {policy.brand_id: policy
             for policy in BrandPhotoPolicy.objects.filter(brand_id__in=set(brand_ids))}
    return {brand_id: found.get(brand_id) or BrandPhotoPolicy(brand_id=brand_id)
            for brand_id in set(brand_ids)}


def photo_kinds(order: Order, *, policy: BrandPhotoPolicy | None = None) -> list[tuple[str, str]]:
    """The kinds of photo that can be attached to the order now, as form choices (empty: show
    no upload form). Pass `policy` (from `photo_policies`) to spend no query; the count bound
    (PHOTO_MAX_PER_ORDER) is left to photo_attach."""
    policy = policy if policy is not None else _policy(order.brand_id)
    return [(kind, label) for kind, label in Kind.choices if _open(order, kind, policy)]
