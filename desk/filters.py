"""The queue's filters (django-filter): every one is backed by an index (migration 0002)."""

from __future__ import annotations

from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.days import DayFilter
from delivery import punctuality
from delivery.models import Courier, DeliveryAttempt
from desk import selectors as desk_selectors
from desk.forms.common import date_input
from orders import rules, selectors
from orders.models import Channel, Lead, Status

OPEN, ALL, NOT_CANCELLED = "open", "all", "not_cancelled"
TODAY, TOMORROW, OVERDUE, RANGE = "today", "tomorrow", "overdue", "range"
ON_TIME, LATE = "on_time", "late"


class FlatSelect(forms.Select):
    """A select drawn by one template (desk/widgets/select.html), its options in one loop:
    Django's own template includes two more templates per option, and the filter bar's seven
    selects have some fifty options, on the desk's busiest page. No option groups."""

    template_name = "desk/widgets/select.html"


class QueueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search",
        widget=forms.TextInput(attrs={"type": "search", "id": "queue-search",
                                      "placeholder": _("phone, name, order number")}))
    status = django_filters.ChoiceFilter(
        label=_("Status"), method="filter_status", empty_label=None, widget=FlatSelect,
        choices=[(OPEN, _("open (not delivered or cancelled)")), *Status.choices,
                 (NOT_CANCELLED, _("all but cancelled")), (ALL, _("all"))])
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices,
                                          empty_label=_("every channel"), widget=FlatSelect)
    # Brand and courier are plain choices of primary keys filled in from the cache (form): as
    # ModelChoiceFilters they cost a query each per page, and one more to check a chosen courier.
    brand = django_filters.ChoiceFilter(label=_("Brand"), choices=(), empty_label=_("every brand"),
                                        widget=FlatSelect)
    when = django_filters.ChoiceFilter(
        label=_("Delivery"), method="filter_when", empty_label=_("any day"), widget=FlatSelect,
        choices=[(TODAY, _("today")), (TOMORROW, _("tomorrow")), (OVERDUE, _("overdue")),
                 (RANGE, _("between the dates"))])
    date_from = DayFilter(label=_("from"), field_name="delivery_date",
                          lookup_expr="gte",
                          widget=date_input())
    date_to = DayFilter(label=_("until"), field_name="delivery_date",
                        lookup_expr="lte",
                        widget=date_input())
    courier = django_filters.ChoiceFilter(label=_("Courier"), field_name="assignment__courier",
                                          choices=(), empty_label=_("any courier"),
                                          widget=FlatSelect)
    needs_person = django_filters.BooleanFilter(
        label=_("Needs a person"), method="filter_needs_person",
        widget=forms.CheckboxInput)
    # dash: what the dashboard's figures link to (delivered on time or late; failed because).
    outcome = django_filters.ChoiceFilter(
        label=_("Delivered"), method="filter_outcome", empty_label=_("any outcome"),
        widget=FlatSelect,
        choices=[(ON_TIME, _("on time")), (LATE, _("late"))])
    reason = django_filters.ChoiceFilter(
        label=_("Failed because"), method="filter_reason", empty_label=_("any reason"),
        widget=FlatSelect,
        choices=DeliveryAttempt.FailureReason.choices)

    def get_form_class(self):
        # Built once per process: django-filter builds the form class, and a form field with
        # its widget and lazy labels per filter, for every instance, i.e. every queue page.
        # The class is the same each time; the choices that change are set per form (below).
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            self._choices = choices = desk_selectors.queue_filter_choices()
            kinds = {value: str(label) for value, label in Courier.Kind.choices}
            # Each form deep-copies its fields: these choices are this request's only.
            form.fields["brand"].choices = [(str(pk), name) for pk, name in choices["brands"]]
            # A courier is labelled as Courier.__str__ does: "name (kind)".
            form.fields["courier"].choices = [
                (str(pk), f"{name} ({kinds.get(kind, kind)})")
                for pk, name, kind in choices["couriers"]]
        return self._form

    def bar_key(self) -> str:
        """All that the filter bar's selects, dates and checkbox show but their language:
        the values asked for and the brand and courier choices. queue.html caches the bar as
        a fragment under it, so a change of brands or couriers is a new key, never a stale
        bar. The search box is drawn each time: one cached bar per text typed would be waste."""
        form = self.form
        getlist = getattr(self.data, "getlist", lambda name: [self.data.get(name)])
        values = [(name, getlist(name)) for name in form.fields if name != "q"]
        return repr((values, self._choices))

    def filter_search(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(selectors.search_filter(value, customer_ids=self.customer_ids(value)))

    def customer_ids(self, text: str) -> list[int]:
        """The customers matching the search, looked up once for the orders and the leads."""
        if getattr(self, "_customer_ids", None) is None:
            self._customer_ids = selectors.search_customers(text)
        return self._customer_ids

    def filter_status(self, queryset, name, value):
        if value == ALL:
            return queryset
        if value == NOT_CANCELLED:  # dash: the orders due, as the dashboard counts them
            return queryset.exclude(status=Status.CANCELLED)
        if value in Status.values:
            return queryset.filter(status=value)
        return queryset.filter(status__in=rules.OPEN)

    def filter_when(self, queryset, name, value):
        today = timezone.localdate()
        if value == TODAY:
            return queryset.filter(delivery_date=today)
        if value == TOMORROW:
            return queryset.filter(delivery_date=today + timedelta(days=1))
        if value == OVERDUE:
            return queryset.filter(delivery_date__lt=today)
        return queryset  # a range: date_from / date_to do the work

    def filter_needs_person(self, queryset, name, value):
        return queryset.filter(selectors.NEEDS_PERSON) if value else queryset

    def filter_outcome(self, queryset, name, value):
        """Delivered on time or late, as the dashboard counts them (delivery.punctuality)."""
        if value == ON_TIME:
            return queryset.filter(punctuality.delivered_on_time_q())
        if value == LATE:
            return queryset.filter(punctuality.delivered_late_q())
        return queryset

    def filter_reason(self, queryset, name, value):
        """Failed at least once for this reason (the attempts' index attempt_reason)."""
        if not value:
            return queryset
        return queryset.filter(Exists(DeliveryAttempt.objects.filter(
            order=OuterRef("pk"), status=DeliveryAttempt.Status.FAILED, failure_reason=value)))

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(status__in=rules.OPEN)
        return queryset

    def leads(self) -> QuerySet[Lead] | None:
        """Open pre-orders that match the same filters, or None when the filters exclude leads
        (a status, a courier, another channel)."""
        data = self.form.cleaned_data
        if (data.get("status") not in ("", None, OPEN, ALL, NOT_CANCELLED) or data.get("courier")
                or data.get("outcome") or data.get("reason")):
            return None
        if data.get("channel") not in ("", None, Channel.PREORDER):
            return None
        leads = selectors.queue_leads()
        if data.get("brand"):
            leads = leads.filter(brand=data["brand"])
        today = timezone.localdate()
        when = data.get("when")
        if when == TODAY:
            leads = leads.filter(delivery_date=today)
        elif when == TOMORROW:
            leads = leads.filter(delivery_date=today + timedelta(days=1))
        elif when == OVERDUE:
            leads = leads.filter(delivery_date__lt=today)
        if data.get("date_from"):
            leads = leads.filter(delivery_date__gte=data["date_from"])
        if data.get("date_to"):
            leads = leads.filter(delivery_date__lte=data["date_to"])
        if data.get("q"):
            leads = leads.filter(selectors.search_filter(
                data["q"], customer_ids=self.customer_ids(data["q"]), for_leads=True))
        return leads
