"""A partner's POSTed order: parsed, taken through the intake door, kept raw with what it
became, answered once. With an `Idempotency-Key` the first answer is kept and replayed to every
retry.

Round trips are counted here (bench/api.py): claiming the key is one INSERT ... ON CONFLICT and
keeping its answer one UPDATE; the raw body is one INSERT, written once the door has answered
and already in its final state (all of it is one transaction, so a body stored first and
finished after would commit, or roll back, exactly the same); the partner's source is one
SELECT; the partner and its brand came with the key."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orders import capacity
from orders import services as order_services
from orders.exceptions import IntakeInvalid
from orders.models import Channel
from orders.normalized import Item, NormalizedOrder, Party
from orders.services import IntakeResult, clean, intake_limits

from ..models import IdempotencyKey, InboundState
from ..services.lifecycle import inbound_record, inbound_state_for
from .auth import PartnerClient, api_source_id
from .errors import flatten
from .parsers import BadJSON, json_loads
from .serializers import OrderIn, OrderOut


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
        outcome = _process(client, body)
        text = _json(outcome.payload)
        inbound_record(
            state=outcome.state, reason=outcome.reason, order_id=outcome.order_id, attempts=1,
            source_id=api_source_id(client), dedup_key=f"api:{uuid.uuid4().hex}",
            content_hash=body_hash, raw=body, sender=client.partner_code,
            subject=f"POST /api/v1/orders/ ({client.key_prefix})",
        )
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
        data = json_loads(body)
    except BadJSON as exc:
        return _refused({"body": [str(exc)]})
    if not isinstance(data, dict):
        return _refused({"body": [_("Expected a JSON object.")]})
    serializer = OrderIn(data=data)
    if not serializer.is_valid():
        # One answer names every bad field: what the schema refused, and what the intake door
        # says about the rest of the body (a bad date and a bad phone come back together).
        shape = flatten(serializer.errors)
        try:
            clean(_salvaged(data, client.partner_code), partner=client.partner)
        except IntakeInvalid as exc:
            return _refused(_merged(shape, _door_errors(exc)))
        return _refused(shape)
    try:
        result = order_services.intake(
            normalized=to_normalized(serializer.validated_data, client.partner_code),
            source=f"partner:{client.partner_code}", partner=client.partner,
            ask=capacity.Ask(capacity.REFUSE))
    except IntakeInvalid as exc:
        return _refused(_door_errors(exc))
    if result.outcome == IntakeResult.FULL:
        return _full(result.place)
    created = result.outcome == IntakeResult.ORDER
    return _Outcome(
        status=201 if created else 200, payload=dict(OrderOut(result.order).data),
        state=inbound_state_for(result),
        reason="" if created else _("partner order id already taken"), order_id=result.order.pk,
    )


def _door_errors(exc: IntakeInvalid) -> dict[str, list[str]]:
    return {_api_path(path): [message for _code, message in items]
            for path, items in exc.errors.items()}


_ITEM = re.compile(r"^items\[\d+\]")


def _merged(shape: dict[str, list[str]], door: dict[str, list[str]]) -> dict[str, list[str]]:
    """The schema's errors, and the door's about fields the schema had nothing against (a
    field, its parent object or its item already refused is not reported twice)."""

    def covered(path: str) -> bool:
        item = _ITEM.match(path)
        return any(path == bad or path.startswith((f"{bad}.", f"{bad}["))
                   or (item and bad.startswith(item[0])) for bad in shape)

    return {**shape, **{path: messages for path, messages in door.items() if not covered(path)}}


def _salvaged(data: dict, partner_code: str) -> NormalizedOrder:
    """What the intake door can check of a body the schema refused: every value of the right
    type, the rest left empty (the schema already named those)."""

    def part(value) -> dict:
        return value if isinstance(value, dict) else {}

    def text(values: dict, name: str) -> str:
        value = values.get(name)
        return value if isinstance(value, str) else ""

    def amount(values: dict, name: str) -> str | None:
        return text(values, name) or None

    sender, recipient, delivery = part(data.get("sender")), part(data.get("recipient")), part(
        data.get("delivery"))
    items = data.get("items") if isinstance(data.get("items"), list) else []
    return NormalizedOrder(
        channel=Channel.PARTNER_API, partner=partner_code,
        partner_order_id=text(data, "partner_order_id").strip(),
        customer=Party(name=text(sender, "name"), phone=text(sender, "phone"),
                       email=text(sender, "email")),
        recipient=Party(name=text(recipient, "name"), phone=text(recipient, "phone"),
                        address=text(recipient, "address")),
        items=tuple(Item(quantity=item.get("quantity") if type(item.get("quantity")) is int else "",
                         sku=text(item, "sku"), name=text(item, "name"),
                         unit_price=amount(item, "unit_price"))
                    for item in map(part, items[:intake_limits().max_items + 1])),
        delivery_date=text(delivery, "date") or None, window=text(delivery, "window") or None,
        card_message=text(data, "card_message"), customer_comment=text(data, "comment"),
        payment_method=text(part(data.get("payment")), "method"),
        currency=text(data, "currency") or settings.DEFAULT_CURRENCY,
        delivery_fee=amount(data, "delivery_fee"), total=amount(data, "total"),
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


def _full(place: capacity.Place) -> _Outcome:
    """409: the window has no place left (nothing was stored), and the next windows that do."""
    message = _("This delivery window is full.")
    return _Outcome(409, {"errors": {"delivery.window": [message]}, "code": "window_full",
                          "next_free": [{"date": window.day, "window": _window_text(window),
                                         "places_left": window.left}
                                        for window in place.next_free]},
                    InboundState.IGNORED, _("refused with 409: %(errors)s")
                    % {"errors": f"delivery.window: {message}"})


def _window_text(window: capacity.Window) -> str:
    return f"{window.starts:%H:%M}-{window.ends:%H:%M}"


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
