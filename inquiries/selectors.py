"""Reads of the inquiries desk: each a fixed number of queries whatever the rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Avg, CharField, Count, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language

from .clock import Schedule, duration_text, promise_seconds
from .models import Inquiry, InquiryMessage, InquiryState, ReadyAnswer, Tab

ACTIVE = (InquiryState.OPEN, InquiryState.WAITING)
ARCHIVED = (InquiryState.CLOSED, InquiryState.DELETED)
LIST_LIMIT = 200
ROW_FIELDS = ("id", "token", "tab", "channel", "state", "name", "email", "phone", "topic",
              "opened_at", "due_at", "order_id", "owner__username", "owner__first_name",
              "owner__last_name", "closed_at", "outcome")  # the owner by name, not by login


def overdue_inquiries(now: datetime | None = None) -> QuerySet[Inquiry]:
    """Open inquiries past their promise (the queue's header counts them)."""
    return Inquiry.objects.filter(state=InquiryState.OPEN, due_at__lt=now or timezone.now())


def tab_counts() -> dict[str, int]:
    """Active inquiries per tab and overdue ones (one query)."""
    now = timezone.now()
    counts = Inquiry.objects.filter(state__in=ACTIVE).aggregate(
        **{tab: Count("pk", filter=Q(tab=tab)) for tab in Tab.values},
        overdue=Count("pk", filter=Q(state=InquiryState.OPEN, due_at__lt=now)))
    return counts


def _row_values(rows):
    """The rows' fields, and their call topic's name in the reader's language, else English
    (modeltranslation's columns: values() across a relation reads the untranslated one)."""
    language = get_language() or settings.LANGUAGE_CODE
    language = language if language in dict(settings.LANGUAGES) else "en"
    return rows.values(*ROW_FIELDS, call_topic_name=Coalesce(
        f"call_topic__name_{language}", "call_topic__name_en", output_field=CharField()))


def tab_rows(tab: str, *, limit: int = LIST_LIMIT) -> list[dict]:
    """The tab's active inquiries: overdue first, then by due time; waiting ones last."""
    return list(_row_values(Inquiry.objects.filter(tab=tab, state__in=ACTIVE)
                            .order_by(F("due_at").asc(nulls_last=True), "opened_at"))[:limit])


def archive_rows(query: str = "", *, limit: int = LIST_LIMIT) -> list[dict]:
    rows = Inquiry.objects.filter(state__in=ARCHIVED)
    query = query.replace("\x00", "").strip()[:100]
    if query:
        token = query.upper().removeprefix("#").removeprefix("INQ-")
        rows = rows.filter(Q(name__icontains=query) | Q(email__icontains=query)
                           | Q(phone__icontains=query) | Q(topic__icontains=query)
                           | Q(token=token) | Q(outcome_note__icontains=query))
    return list(_row_values(rows.order_by("-closed_at"))[:limit])


def with_time_left(rows: list[dict], *, schedule: Schedule, now: datetime) -> list[dict]:
    for row in rows:
        if row["due_at"] and row["state"] == InquiryState.OPEN:
            left = schedule.left(now, row["due_at"])
            row["left"], row["overdue"] = duration_text(left), row["due_at"] < now
        else:
            row["left"], row["overdue"] = "", False
    return rows


def inquiry_detail(pk: int) -> Inquiry:
    return Inquiry.objects.select_related("order", "customer", "owner", "product",
                                          "call_topic", "suspected_thread").get(pk=pk)


def thread(inquiry: Inquiry) -> list[InquiryMessage]:
    return list(inquiry.messages.select_related("author").order_by("at", "pk"))


def ready_answers() -> list[ReadyAnswer]:
    return list(ReadyAnswer.objects.filter(is_active=True).order_by("topic", "title")[:500])


# --- reply speed --------------------------------------------------------------------------

@dataclass
class SpeedRow:
    group: str  # "tab" | "operator" | "channel"
    key: str
    label: str
    inquiries: int
    first: float | None
    next: float | None
    close: float | None
    # Percent of the inquiries whose first answer came within the promise, out of those
    # answered and those still unanswered past it (one still within its promise is not
    # counted: it can yet be met). None when there is nothing to count.
    within: int | None

    def cells(self) -> list[str]:
        def minutes(value):
            return "" if value is None else f"{value / 60:.0f}"
        return [self.label, str(self.inquiries), minutes(self.first), minutes(self.next),
                minutes(self.close), "" if self.within is None else f"{self.within}"]


def reply_speed(*, since: datetime, until: datetime) -> list[SpeedRow]:
    """Time to the first answer, to each next answer, to close (working seconds, averaged),
    per tab, per operator and per channel, for inquiries opened in [since, until); with the
    share whose first answer came within the promise. Three queries per grouping."""
    from django.contrib.auth import get_user_model

    now = timezone.now()

    inquiries = Inquiry.objects.filter(opened_at__gte=since, opened_at__lt=until).exclude(
        state=InquiryState.DELETED)
    answers = InquiryMessage.objects.filter(
        direction=InquiryMessage.Direction.OUT, response_seconds__isnull=False,
        inquiry__opened_at__gte=since, inquiry__opened_at__lt=until).exclude(
        inquiry__state=InquiryState.DELETED)
    within, closed_late = Q(), Q()
    for tab in Tab.values:
        within |= Q(inquiry__tab=tab, response_seconds__lte=promise_seconds(tab))
        closed_late |= Q(tab=tab, close_seconds__gt=promise_seconds(tab))
    # Never answered and already past the promise: still open and overdue, or closed late.
    missed = Q(first_answer_at__isnull=True) & (
        Q(state=InquiryState.OPEN, due_at__lt=now) | Q(state=InquiryState.CLOSED) & closed_late)
    labels = {
        "tab": dict((value, str(label)) for value, label in Tab.choices),
        "channel": dict((value, str(label)) for value, label in
                        Inquiry._meta.get_field("channel").choices),
    }
    rows: list[SpeedRow] = []
    for group, field, answer_field in (("tab", "tab", "inquiry__tab"),
                                       ("operator", "owner_id", "author_id"),
                                       ("channel", "channel", "inquiry__channel")):
        per = {row[field]: row for row in inquiries.values(field).annotate(
            n=Count("pk"), close=Avg("close_seconds"), missed=Count("pk", filter=missed),
        ).order_by(field)}
        speed = {row[answer_field]: row for row in answers.values(answer_field).annotate(
            first=Avg("response_seconds", filter=Q(is_first_answer=True)),
            next=Avg("response_seconds", filter=Q(is_first_answer=False)),
            firsts=Count("pk", filter=Q(is_first_answer=True)),
            firsts_within=Count("pk", filter=Q(is_first_answer=True) & within),
        ).order_by(answer_field)}
        if group == "operator":
            names = {user.pk: user.get_full_name() or user.get_username()  # by name, not login
                     for user in get_user_model().objects.filter(
                         pk__in=[key for key in {*per, *speed} if key])}
            labels["operator"] = names
        for key in sorted({*per, *speed}, key=lambda value: (value is None, str(value))):
            base, fast = per.get(key, {}), speed.get(key, {})
            counted = (fast.get("firsts") or 0) + base.get("missed", 0)
            rows.append(SpeedRow(
                group=group, key=str(key or ""),
                label=labels[group].get(key, str(key)) if key else "—",
                inquiries=base.get("n", 0), first=fast.get("first"), next=fast.get("next"),
                close=base.get("close"),
                within=round(100 * fast.get("firsts_within", 0) / counted) if counted else None))
    return rows
