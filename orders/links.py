"""The customer's link to their order's status page: a signed token, no account.

The token is django.core.signing over the order's id with the salt "status"; it expires after
STATUS_LINK_MAX_AGE_DAYS and a changed character makes it worthless."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing

from .models import Order

SALT = "status"


class LinkRefused(Exception):
    """The token is not ours (tampered) or too old (expired): `expired` says which."""

    def __init__(self, *, expired: bool):
        super().__init__("expired" if expired else "bad signature")
        self.expired = expired


def status_token(order: Order | int) -> str:
    order_id = order if isinstance(order, int) else order.pk
    return signing.dumps({"o": order_id}, salt=SALT, compress=True)


def status_token_order_id(token: str) -> int:
    """The order's id in a token, or LinkRefused."""
    if len(token) > 200:
        raise LinkRefused(expired=False)
    try:
        data = signing.loads(token, salt=SALT,
                             max_age=timedelta(days=settings.STATUS_LINK_MAX_AGE_DAYS))
    except signing.SignatureExpired as exc:
        raise LinkRefused(expired=True) from exc
    except signing.BadSignature as exc:
        raise LinkRefused(expired=False) from exc
    if not isinstance(data, dict) or not isinstance(data.get("o"), int):
        raise LinkRefused(expired=False)
    return data["o"]


def status_path(order: Order | int) -> str:
    return f"/s/{status_token(order)}/"


def status_url(order: Order | int) -> str:
    return settings.SITE_URL.rstrip("/") + status_path(order)


def rating_url(order: Order | int, rating: int) -> str:
    """One click from the feedback e-mail to the status page with this rating chosen."""
    return f"{status_url(order)}rate/{int(rating)}/"
