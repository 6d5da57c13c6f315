"""Business rules of inquiries: open, the customer writes, reply, close, log a call.

The clock: counts working time (inquiries.clock) while the inquiry waits for us; a reply
pauses it (waiting for the customer), the customer's next message resumes it with what is
left of the promise. Everything that leaves goes through the outbox in the transaction.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from channels_intake.domain_events import PersonWrote
from core.outbox import email_payload, message_id_header, outbox_put
from core.phones import parse_phone
from orders.domain_events import CustomerQuestion, FeedbackLow
from orders.models import Customer, Order
from orders.services import customer_upsert

from . import threads
from .clock import Schedule, promise_seconds
from .exceptions import InquiryError
from .models import (
    MAX_TEXT,
    SMS_MAX,
    CallTopic,
    Inquiry,
    InquiryChannel,
    InquiryMessage,
    InquiryState,
    Outcome,
    Tab,
)
from .placeholders import placeholders_fill

ACTIVE = (InquiryState.OPEN, InquiryState.WAITING)


def subject_tag(inquiry: Inquiry) -> str:
    return f"[#INQ-{inquiry.token}]"


# --- the clock ----------------------------------------------------------------------------

def _clock_start(inquiry: Inquiry, *, at: datetime, schedule: Schedule) -> None:
    inquiry.clock_running_since = at
    left = promise_seconds(inquiry.tab) - inquiry.clock_seconds
    inquiry.due_at = schedule.add(at, left) if left > 0 else at


def _clock_stop(inquiry: Inquiry, *, at: datetime, schedule: Schedule) -> None:
    if inquiry.clock_running_since:
        inquiry.clock_seconds += schedule.seconds_between(inquiry.clock_running_since, at)
    inquiry.clock_running_since = None
    inquiry.due_at = None


def _text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InquiryError(_("The message is empty."))
    if len(text) > MAX_TEXT:
        raise InquiryError(_("The message is longer than %(max)s characters.") % {"max": MAX_TEXT})
    return text


# --- opening and the customer's messages --------------------------------------------------

def _customer_for(*, phone: str, email: str, name: str, language: str) -> Customer | None:
    number = parse_phone(phone) if phone else None
    if number is not None:
        return customer_upsert(phone=number, name=name, email=email, language=language)
    if email:
        return Customer.objects.filter(email__iexact=email).order_by("pk").first()
    return None


@transaction.atomic
def inquiry_open(*, tab: str, channel: str, text: str, order_id: int | None = None,
                 product_id: int | None = None, name: str = "", email: str = "",
                 phone: str = "", language: str = "", topic: str = "",
                 call_topic_id: int | None = None, customer_wrote_at: datetime | None = None,
                 message_id: str = "", inbound_id: int | None = None, actor=None) -> Inquiry:
    if tab not in Tab.values or channel not in InquiryChannel.values:
        raise InquiryError(_("Unknown tab or channel."))
    text = _text(text)
    now = timezone.now()
    if customer_wrote_at and customer_wrote_at > now:
        raise InquiryError(_("The customer cannot have written in the future."))
    order = Order.objects.select_related("customer").get(pk=order_id) if order_id else None
    customer = order.customer if order else _customer_for(
        phone=phone, email=email.strip(), name=name, language=language)
    number = parse_phone(phone) if phone else None
    inquiry = Inquiry(
        tab=tab, channel=channel, order=order, product_id=product_id, customer=customer,
        name=(name.strip() or (customer.name if customer else ""))[:200],
        email=(email.strip() or (customer.email if customer else ""))[:254],
        phone=number.as_e164 if number else (customer.phone.as_e164 if customer else ""),
        language=language or (customer.language if customer else "") or "hy",
        topic=topic.strip()[:200], call_topic_id=call_topic_id, owner=actor, created_by=actor,
        customer_wrote_at=customer_wrote_at, opened_at=now,
        last_customer_at=customer_wrote_at or now)
    _clock_start(inquiry, at=customer_wrote_at or now, schedule=Schedule.load())
    inquiry.save()
    InquiryMessage.objects.create(inquiry=inquiry, direction=InquiryMessage.Direction.IN,
                                  channel=channel, text=text, at=customer_wrote_at or now,
                                  message_id=message_id[:300], inbound_id=inbound_id,
                                  author=actor)
    return inquiry


@transaction.atomic
def inquiry_customer_wrote(*, inquiry_id: int, text: str, channel: str,
                           message_id: str = "", at: datetime | None = None,
                           inbound_id: int | None = None, actor=None) -> Inquiry:
    """The customer's message by any channel: into the thread; the clock resumes (a closed
    inquiry opens again)."""
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry_id)
    if inquiry.state == InquiryState.DELETED:
        raise InquiryError(_("This inquiry was deleted."))
    now = timezone.now()
    at = min(at or now, now)
    InquiryMessage.objects.create(inquiry=inquiry, direction=InquiryMessage.Direction.IN,
                                  channel=channel, text=_text(text), at=at,
                                  message_id=message_id[:300], inbound_id=inbound_id,
                                  author=actor)
    if inquiry.last_customer_at is None:
        inquiry.last_customer_at = at  # the oldest message not answered yet
    if inquiry.state != InquiryState.OPEN:
        if inquiry.state == InquiryState.CLOSED:
            inquiry.closed_at, inquiry.close_seconds = None, None
            inquiry.outcome, inquiry.outcome_note = "", ""
        inquiry.state = InquiryState.OPEN
        _clock_start(inquiry, at=at, schedule=Schedule.load())
    inquiry.save()
    return inquiry


# --- replying -----------------------------------------------------------------------------

@transaction.atomic
def inquiry_reply(*, inquiry_id: int, text: str, actor) -> InquiryMessage:
    """Send the operator's answer (e-mail; SMS when short and there is no e-mail) through the
    outbox; the inquiry then waits for the customer and its clock pauses."""
    inquiry = Inquiry.objects.select_for_update(of=("self",)).select_related(
        "order", "customer").get(pk=inquiry_id)
    if not inquiry.is_active:
        raise InquiryError(_("This inquiry is closed."))
    body = placeholders_fill(inquiry=inquiry, text=_text(text))
    now = timezone.now()
    reply = InquiryMessage(inquiry=inquiry, direction=InquiryMessage.Direction.OUT, text=body,
                           at=now, author=actor)
    reply.save()
    event = f"inquiry.reply:{inquiry.pk}:{reply.pk}"
    if inquiry.email:
        last_in = inquiry.messages.filter(direction=InquiryMessage.Direction.IN).exclude(
            message_id="").order_by("-at", "-pk").values_list("message_id", flat=True).first()
        payload = email_payload(subject=f"{_subject(inquiry)} {subject_tag(inquiry)}",
                                body=body, from_email=settings.INQUIRIES_FROM_EMAIL,
                                reply_to=settings.INQUIRIES_FROM_EMAIL)
        if last_in:
            payload["in_reply_to"] = last_in
        message = outbox_put(channel="email", event=event, recipient=inquiry.email,
                             payload=payload, kind="inquiry_reply", about=f"inquiry:{inquiry.pk}")
        reply.channel, reply.message_id = InquiryChannel.EMAIL, message_id_header(message)
    elif inquiry.phone and len(body) <= SMS_MAX:
        message = outbox_put(channel="sms", event=event, recipient=inquiry.phone,
                             payload={"text": body}, kind="inquiry_reply",
                             about=f"inquiry:{inquiry.pk}")
        reply.channel = InquiryChannel.PHONE
    else:
        raise InquiryError(_("No way to send this: the customer has no e-mail, and an SMS "
                             "holds at most %(max)s characters.") % {"max": SMS_MAX})
    schedule = Schedule.load()
    if inquiry.last_customer_at:
        reply.response_seconds = schedule.seconds_between(inquiry.last_customer_at, now)
    reply.is_first_answer = inquiry.first_answer_at is None
    reply.outbox = message
    reply.save()
    if inquiry.first_answer_at is None:
        inquiry.first_answer_at = now
    inquiry.last_customer_at = None
    inquiry.owner = inquiry.owner or actor
    inquiry.state = InquiryState.WAITING
    _clock_stop(inquiry, at=now, schedule=schedule)
    inquiry.save()
    return reply


def _subject(inquiry: Inquiry) -> str:
    """In the customer's language."""
    with translation.override(inquiry.language or settings.LANGUAGE_CODE):
        if inquiry.order_id:
            return _("About your order %(number)s") % {"number": inquiry.order.number}
        return inquiry.topic or _("Your question")


# --- closing ------------------------------------------------------------------------------

@transaction.atomic
def inquiry_close(*, inquiry_id: int, outcome: str = "", note: str = "", actor=None) -> Inquiry:
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry_id)
    if not inquiry.is_active:
        raise InquiryError(_("This inquiry is already closed."))
    note = (note or "").strip()
    if outcome and outcome not in Outcome.values:
        raise InquiryError(_("Unknown outcome."))
    if inquiry.tab == Tab.CALL and not outcome:
        raise InquiryError(_("Say whether the call was resolved."))
    if outcome == Outcome.NOT_RESOLVED and not note:
        raise InquiryError(_("Say in a note why it was not resolved."))
    if len(note) > 2000:
        raise InquiryError(_("The note is too long."))
    now = timezone.now()
    _clock_stop(inquiry, at=now, schedule=Schedule.load())
    inquiry.state, inquiry.outcome, inquiry.outcome_note = InquiryState.CLOSED, outcome, note
    inquiry.closed_at, inquiry.close_seconds = now, inquiry.clock_seconds
    inquiry.owner = inquiry.owner or actor
    inquiry.save()
    return inquiry


@transaction.atomic
def inquiry_delete(*, inquiry_id: int, actor=None) -> Inquiry:
    """Spam or a duplicate: to the archive as deleted, out of every figure."""
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry_id)
    inquiry.state, inquiry.closed_at = InquiryState.DELETED, timezone.now()
    inquiry.clock_running_since, inquiry.due_at = None, None
    inquiry.save()
    return inquiry


# --- the call centre ----------------------------------------------------------------------

@transaction.atomic
def call_log(*, call_topic_id: int, caller_name: str, caller_phone: str, details: str,
             actor) -> Inquiry:
    """A hot-line call keyed by the operator. A topic with a forwarding address (not about
    sales) is forwarded there by e-mail through the outbox and the call is logged, closed;
    any other opens a call-centre inquiry on the clock."""
    topic = CallTopic.objects.filter(pk=call_topic_id, is_active=True).first()
    if topic is None:
        raise InquiryError(_("Choose a topic."))
    if caller_phone and parse_phone(caller_phone) is None:
        raise InquiryError(_("The caller's phone number is not valid."))
    inquiry = inquiry_open(tab=Tab.CALL, channel=InquiryChannel.PHONE, text=details,
                           name=caller_name, phone=caller_phone, topic=topic.name,
                           call_topic_id=topic.pk, actor=actor)
    if topic.forward_to:
        body = "\n".join([
            _("Call about: %(topic)s") % {"topic": topic.name},
            _("Caller: %(name)s %(phone)s") % {"name": caller_name.strip(),
                                               "phone": inquiry.phone},
            _("Taken by: %(user)s") % {"user": (actor.get_full_name() or actor.get_username())
                                        if actor else "—"},
            "", inquiry.messages.get().text])
        message = outbox_put(
            channel="email", event=f"inquiry.forward:{inquiry.pk}", recipient=topic.forward_to,
            payload=email_payload(subject=f"{topic.name}: {caller_name.strip()} "
                                          f"{subject_tag(inquiry)}", body=body),
            kind="call_forward", about=f"inquiry:{inquiry.pk}")
        InquiryMessage.objects.create(
            inquiry=inquiry, direction=InquiryMessage.Direction.NOTE, author=actor,
            channel=InquiryChannel.EMAIL, outbox=message,
            text=_("Forwarded to %(address)s") % {"address": topic.forward_to})
        inquiry = inquiry_close(inquiry_id=inquiry.pk, outcome=Outcome.RESOLVED,
                                note=_("Forwarded to %(address)s") % {"address": topic.forward_to},
                                actor=actor)
    return inquiry


# --- intake from other floors (subscribed in apps.py, inside the publisher's transaction) --

def on_customer_question(question: CustomerQuestion) -> None:
    """Hears CustomerQuestion (in the transaction): into the status page thread it continues,
    or a new order question."""
    order_id, text, language = question.order_id, question.text, question.language
    active = Inquiry.objects.filter(order_id=order_id, tab=Tab.ORDER, state__in=ACTIVE,
                                    channel=InquiryChannel.STATUS_PAGE).order_by("pk").first()
    text = (text or "").strip()[:MAX_TEXT] or "—"
    if active:
        inquiry_customer_wrote(inquiry_id=active.pk, text=text,
                               channel=InquiryChannel.STATUS_PAGE)
    else:
        inquiry_open(tab=Tab.ORDER, channel=InquiryChannel.STATUS_PAGE, text=text,
                     order_id=order_id, language=language)


def on_feedback_low(low: FeedbackLow) -> None:
    """Hears FeedbackLow (in the transaction): an inquiry to call the customer back."""
    order_id, rating, comment, language = low.order_id, low.rating, low.comment, low.language
    text = _("Rated %(rating)s of 5; call the customer back.") % {"rating": rating}
    if (comment or "").strip():
        text = f"{text}\n\n{comment.strip()}"
    inquiry_open(tab=Tab.ORDER, channel=InquiryChannel.FEEDBACK, text=text[:MAX_TEXT],
                 order_id=order_id, language=language, topic=_("Low rating: call back"))


# --- mail (the support mailbox, and a person's mail to the order mailbox) ---------------

def on_person_wrote(wrote: PersonWrote) -> None:
    """Hears PersonWrote (in the transaction): a person's mail to an order mailbox."""
    inquiry_mail_receive(sender=wrote.sender, name=wrote.sender_name, subject=wrote.subject,
                         text=wrote.text, message_id=wrote.message_id,
                         in_reply_to=wrote.in_reply_to, references=wrote.references,
                         inbound_id=wrote.inbound_id)


@transaction.atomic
def inquiry_mail_receive(*, sender: str, name: str = "", subject: str, text: str,
                         message_id: str = "", in_reply_to: str = "", references: str = "",
                         language: str = "", inbound_id: int | None = None) -> Inquiry:
    """A mail a person wrote: into the thread it answers (named by In-Reply-To, References or
    the subject's [#INQ-token], never by the subject's text) when its sender is that inquiry's
    customer; else a new inquiry (order or product questions, by what it speaks of), showing
    the thread it named, if any, as a suspected one (issue 17). `inbound_id`: the raw mail kept
    by the intake, shown beside the message."""
    if message_id:
        seen = InquiryMessage.objects.filter(message_id=message_id, direction="in").select_related(
            "inquiry").first()
        if seen is not None:
            return seen.inquiry
    own_words = _own_words(text) or subject or "—"
    named = threads.named_threads(subject=subject, in_reply_to=in_reply_to,
                                  references=references)
    joins = next((inquiry for inquiry in named if threads.is_customer(inquiry, sender)), None)
    if joins is not None:
        return inquiry_customer_wrote(inquiry_id=joins.pk, text=own_words[:MAX_TEXT],
                                      channel=InquiryChannel.EMAIL, message_id=message_id,
                                      inbound_id=inbound_id)
    sender = threads.normal_address(sender)
    about = f"{subject}\n{text}"
    order = _order_named(sender=sender, text=about)
    inquiry = inquiry_open(
        tab=Tab.ORDER if order or threads.speaks_of_an_order(about) else Tab.PRODUCT,
        channel=InquiryChannel.EMAIL, text=own_words[:MAX_TEXT], email=sender, name=name,
        topic=(subject or "")[:200], language=language, message_id=message_id,
        inbound_id=inbound_id, order_id=order.pk if order else None)
    if named:
        inquiry.suspected_thread = named[0]
        inquiry.save(update_fields=["suspected_thread"])
    return inquiry


def _own_words(text: str) -> str:
    """The sender's words, not the quoted thread below them."""
    lines = []
    for line in (text or "").splitlines():
        if line.startswith(">") or (line.startswith("On ") and line.rstrip().endswith("wrote:")):
            break
        lines.append(line)
    return "\n".join(lines).strip()


def _order_named(*, sender: str, text: str) -> Order | None:
    """The order a new mail names (RG-000123), when it is the sender's own order: a stranger
    naming a number never gets someone else's order linked."""
    if not sender:
        return None
    numbers = [int(number) for number in threads.ORDER_NUMBER.findall(text[:20000])][:5]
    if not numbers:
        return None
    return Order.objects.filter(pk__in=numbers, customer__email__iexact=sender).order_by(
        "pk").first()

