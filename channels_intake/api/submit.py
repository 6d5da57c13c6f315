"""A partner's POSTed order: stored raw, parsed, taken through the intake door, answered
once. With an `Idempotency-Key` the first answer is kept and replayed to every retry.

Round trips are counted here (bench/api.py): claiming the key is one INSERT ... ON CONFLICT,
the raw body one INSERT, and closing both one UPDATE each, all in the order's transaction."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orders.exceptions import IntakeInvalid
from orders.models import Channel
from orders.normalized import Item, NormalizedOrder, Party
from orders.services import IntakeResult, intake

from ..models import IdempotencyKey, InboundMessage, InboundState
from ..services.lifecycle import inbound_finish, inbound_state_for
from .auth import PartnerClient
from .errors import flatten
from .serializers import OrderIn, order_summary


@dataclass(frozen=True)
class Submitted:
    status: int
    body: str  # the JSON text sent back, byte for byte the same on a replay
    replayed: bool = False


@dataclass(frozen=True)
class _Outcome:
    status: int
    payload: dict
    state: str
    reason: str = ""
    order_id: int | None = None


def order_submit(*, client: PartnerClient, body: bytes, idempotency_key: str = "") -> Submitted:
    body_hash = hashlib.sha256(body).hexdigest()
    with transaction.atomic():
        claim_id = None
        if idempotency_key:
            claim_id = _claim(client.partner_id, idempotency_key, body_hash)
            if claim_id is None:
                return _replay(client.partner_id, idempotency_key, body_hash)
        message = InboundMessage.objects.create(
            source_id=client.source_id, dedup_key=f"api:{uuid.uuid4().hex}",
            content_hash=body_hash, raw=body, sender=client.partner_code,
            subject=f"POST /api/v1/orders/ ({client.key_prefix})",
        )
        outcome = _process(client, body)
        text = _json(outcome.payload)
        inbound_finish(message=message, state=outcome.state, reason=outcome.reason,
                       order_id=outcome.order_id, attempts=1)
        if claim_id is not None:
            IdempotencyKey.objects.filter(pk=claim_id).update(response_status=outcome.status,
                                                              response_body=text)
    return Submitted(outcome.status, text)


def _claim(partner_id: int, key: str, body_hash: str) -> int | None:
    """Our row id, or None when the key was already taken. A concurrent twin blocks here on
    the unique index until the first transaction commits, then sees its finished row."""
    table = connection.ops.quote_name(IdempotencyKey._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (partner_id, {connection.ops.quote_name('key')}, request_hash, "
            "response_status, response_body, created_at) VALUES (%s, %s, %s, NULL, '', %s) "
            "ON CONFLICT DO NOTHING RETURNING id",
            [partner_id, key, body_hash, timezone.now()],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def _replay(partner_id: int, key: str, body_hash: str) -> Submitted:
    first = IdempotencyKey.objects.get(partner_id=partner_id, key=key)
    if first.request_hash != body_hash:
        return Submitted(409, json.dumps({
            "detail": _("This Idempotency-Key was already used with a different body."),
            "code": "idempotency_key_reused",
        }))
    return Submitted(first.response_status, first.response_body, replayed=True)


def _process(client: PartnerClient, body: bytes) -> _Outcome:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        return _refused({"body": [_("Malformed JSON: %(error)s") % {"error": exc}]})
    if not isinstance(data, dict):
        return _refused({"body": [_("Expected a JSON object.")]})
    serializer = OrderIn(data=data)
    if not serializer.is_valid():
        return _refused(flatten(serializer.errors))
    try:
        result = intake(normalized=to_normalized(serializer.validated_data, client.partner_code),
                        source=f"partner:{client.partner_code}")
    except IntakeInvalid as exc:
        return _refused({_api_path(path): [message for _code, message in items]
                         for path, items in exc.errors.items()})
    created = result.outcome == IntakeResult.ORDER
    return _Outcome(
        status=201 if created else 200, payload=order_summary(result.order),
        state=inbound_state_for(result),
        reason="" if created else _("partner order id already taken"), order_id=result.order.pk,
    )


def _json(payload: dict) -> str:
    text = json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate echoed from the request: escape everything
        text = json.dumps(payload, cls=DjangoJSONEncoder)
    return text


def _refused(errors: dict[str, list[str]]) -> _Outcome:
    reason = "; ".join(f"{path}: {' '.join(messages)}" for path, messages in errors.items())
    # Field names come from the partner: no NUL or lone surrogate may reach a text column.
    reason = reason.replace("\x00", "\ufffd").encode("utf-8", "replace").decode()
    return _Outcome(400, {"errors": errors}, InboundState.IGNORED,
                    _("refused with 400: %(errors)s") % {"errors": reason})


def _api_path(path: str) -> str:
    """The intake door names the customer; the API calls that party the sender."""
    if path.startswith("customer."):
        return "sender." + path.removeprefix("customer.")
    if path == "customer_comment":
        return "comment"
    return path


def to_normalized(data: dict, partner_code: str) -> NormalizedOrder:
    sender, recipient, delivery = data["sender"], data["recipient"], data["delivery"]
    payment = data.get("payment") or {}
    return NormalizedOrder(
        channel=Channel.PARTNER_API, partner=partner_code,
        partner_order_id=data["partner_order_id"].strip(),
        customer=Party(name=sender["name"], phone=sender["phone"], email=sender["email"]),
        recipient=Party(name=recipient["name"], phone=recipient["phone"],
                        address=recipient["address"]),
        items=tuple(Item(quantity=item["quantity"], sku=item["sku"], name=item["name"],
                         unit_price=item["unit_price"]) for item in data["items"]),
        delivery_date=delivery["date"], window=delivery["window"] or None,
        card_message=data["card_message"], is_anonymous=data["anonymous"],
        customer_comment=data["comment"], payment_method=payment.get("method", ""),
        is_paid=payment.get("paid", False), currency=data["currency"],
        delivery_fee=data["delivery_fee"], total=data["total"],
    )


def idempotency_keys_expire(*, now=None) -> int:
    """Forget answers older than IDEMPOTENCY_KEY_DAYS: a retry later than that is a new request
    (the partner order id still keeps it from becoming a second order)."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.IDEMPOTENCY_KEY_DAYS)
    deleted, _by_model = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
