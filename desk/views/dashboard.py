"""The managers' dashboard: the figures of delivery.figures for a range of delivery dates, a
brand and a channel, as tables (each exports to CSV: ?export=<table>) and an SVG chart of the
on-time rate per day. Every count links to the queue filtered to the orders behind it.
Managers (and admins) see everything; operators the delivery part, read-only; nobody else."""

from __future__ import annotations

from datetime import timedelta
from numbers import Number
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.csv_export import csv_response
from core.days import DayField, day_span
from core.roles import ADMIN, MANAGER, OPERATOR, RoleRequiredMixin, has_role
from customers.selectors import RatingRow, feedback_total
from delivery import figures as delivery_figures
from desk import selectors as desk_selectors
from desk.context_processors import remember_control_counts
from desk.filters import LATE, NOT_CANCELLED, ON_TIME, RANGE
from desk.forms.common import date_input
from orders.models import Channel

MAX_DAYS = 366  # the longest range: a year (and a day for a leap year)
CHART_HEIGHT = 100
CHART_BAR = 10


class DashboardForm(forms.Form):
    date_from = DayField(label=gettext_lazy("from"), required=False, widget=date_input())
    date_to = DayField(label=gettext_lazy("until"), required=False, widget=date_input())
    brand = forms.TypedChoiceField(label=gettext_lazy("Brand"), required=False, coerce=int,
                                   empty_value=None)
    channel = forms.ChoiceField(label=gettext_lazy("Channel"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = desk_selectors.queue_filter_choices()  # cached: no query
        self.fields["brand"].choices = [("", _("every brand"))] + [
            (str(pk), name) for pk, name in choices["brands"]]
        self.fields["channel"].choices = [("", _("every channel")), *Channel.choices]

    def clean(self):
        data = super().clean()
        if self.errors:  # a day refused beside its field (core.days: the years typed)
            return data
        today = timezone.localdate()
        end = data.get("date_to") or today
        start = data.get("date_from") or end - timedelta(days=settings.DASHBOARD_DEFAULT_DAYS - 1)
        if start > end:
            raise forms.ValidationError(_("The first day is after the last."))
        if (end - start).days + 1 > MAX_DAYS:
            raise forms.ValidationError(_("Choose at most %(days)s days.") % {"days": MAX_DAYS})
        data["date_from"], data["date_to"] = start, end
        return data


def _text(value) -> str:
    """A figure as both the page and the CSV show it."""
    if value is None:
        return "—"
    return str(value)


class Table:
    """A table of the page and its CSV: a key, a title, headers, rows of (text, link, value)
    cells: the page shows the text, the CSV the value where it is a number, else the text."""

    def __init__(self, key: str, title: str, headers: list[str]):
        self.key, self.title, self.headers, self.rows = key, title, headers, []

    def add(self, *cells) -> None:
        self.rows.append([cell if isinstance(cell, tuple) else (_text(cell), None, cell)
                          for cell in cells])

    def body(self) -> str:
        """The rows as HTML, built here rather than in a template loop: a year is 365 rows, and
        the template engine costs more than every query of the page."""
        if not self.rows:
            return format_html('<tr><td colspan="{}" class="muted">{}</td></tr>',
                               len(self.headers), _("Nothing in this range."))
        return mark_safe("\n".join(  # noqa: S308 (every part is escaped by format_html)
            "<tr>" + "".join(
                format_html('<{tag}{cls}>{text}</{tag}>' if not link else
                            '<{tag}{cls}><a href="{link}">{text}</a></{tag}>',
                            tag="th" if index == 0 else "td", text=text, link=link or "",
                            cls=mark_safe(' scope="row"' if index == 0 else ' class="num"'))
                for index, (text, link, _value) in enumerate(row)) + "</tr>"
            for row in self.rows))

    def csv(self) -> HttpResponse:
        return csv_response(filename=f"dashboard-{self.key}.csv", header=self.headers, rows=[
            [value if isinstance(value, Number) else text for text, _link, value in row]
            for row in self.rows])


def _cell(value, link: str | None) -> tuple[str, str | None, object]:
    return (_text(value), link if value else None, value)


class DashboardView(RoleRequiredMixin, View):
    roles = (OPERATOR, MANAGER, ADMIN)

    def get(self, request):
        form = DashboardForm(request.GET or None)
        if request.GET and form.is_valid():
            data = form.cleaned_data
        else:
            fallback = DashboardForm({})
            fallback.is_valid()
            data = fallback.cleaned_data
        start, end = data["date_from"], data["date_to"]
        brand_id, channel = data.get("brand"), data.get("channel") or None
        manager = has_role(request.user, MANAGER, ADMIN)
        sections = (frozenset({"delivery", "couriers", "sales", "desk"}) if manager
                    else frozenset({"delivery"}))
        result = delivery_figures.dashboard_figures(start=start, end=end, brand_id=brand_id,
                                                    channel=channel, sections=sections)
        queue = _QueueLinks(start=start, end=end, brand_id=brand_id, channel=channel)
        tables = _tables(result, queue, manager=manager,
                         badges=_badges(request) if manager else {},
                         feedback=_feedback(start, end) if manager else None)
        export = request.GET.get("export")
        if export:
            table = next((table for table in tables if table.key == export), None)
            if table is not None:
                return table.csv()
        return render(request, "desk/dashboard.html", {
            "form": form, "figures": result, "tables": {table.key: table for table in tables},
            "manager": manager, "chart": _chart(result.days),
            "export_query": request.GET.urlencode() if request.GET else "",
        })


class _QueueLinks:
    """URLs of the queue filtered like the dashboard, plus what a figure adds."""

    def __init__(self, *, start, end, brand_id, channel):
        self.base = reverse("desk:queue")
        self.params = {"when": RANGE, "date_from": start.isoformat(), "date_to": end.isoformat()}
        if brand_id:
            self.params["brand"] = str(brand_id)
        if channel:
            self.params["channel"] = channel

    def __call__(self, **extra) -> str:
        params = {**self.params, "status": NOT_CANCELLED, **{k: v for k, v in extra.items() if v}}
        return f"{self.base}?{urlencode(params)}"


def _feedback(start, end) -> tuple[RatingRow, str]:
    """The feedback requested in the range (its line on the dashboard) and the feedback page
    of the same days."""
    since, until = day_span(start, end)
    period = urlencode({"since": start.isoformat(), "until": end.isoformat()})
    return (feedback_total(since=since, until=until),
            f"{reverse('desk:feedback')}?{period}")


def _badges(request) -> dict[str, int]:
    """The desk table's counts in one query; the managers' banner reuses the control list's."""
    badges = desk_selectors.badge_counts("review", "control_open", "control_overdue")
    remember_control_counts(request, {"open": badges["control_open"],
                                      "overdue": badges["control_overdue"]})
    return badges


def _tables(result, queue, *, manager: bool, badges: dict[str, int],
            feedback: tuple[RatingRow, str] | None) -> list[Table]:
    delivery = result.delivery
    tables = []
    table = Table("delivery", _("Delivery"), [_("Figure"), _("Orders")])
    table.add(_("Due"), _cell(delivery["due"], queue()))
    table.add(_("Delivered on time"), _cell(delivery["on_time"], queue(outcome=ON_TIME)))
    table.add(_("Delivered late"), _cell(delivery["late"], queue(outcome=LATE)))
    table.add(_("Still open"), _cell(delivery["still_open"], queue(status="open")))
    table.add(_("On-time rate, %"), delivery["on_time_rate"])
    for reason, label, count in result.failures:
        table.add(_("Failed: %(reason)s") % {"reason": label},
                  _cell(count, queue(reason=reason)))
    tables.append(table)

    table = Table("days", _("On-time rate per day, day by day"),
                  [_("Day"), _("Due"), _("On time"), _("On-time rate, %")])
    for row in result.days:
        day = row["day"].isoformat()
        link = f"{queue.base}?{urlencode({**queue.params, 'date_from': day, 'date_to': day})}"
        table.add(day, _cell(row["due"], link + f"&status={NOT_CANCELLED}"),
                  _cell(row["on_time"], link + f"&status={NOT_CANCELLED}&outcome={ON_TIME}"), row["rate"])
    tables.append(table)
    if not manager:
        return tables

    table = Table("couriers", _("Couriers"),
                  [_("Courier"), _("Due"), _("Deliveries"), _("On-time rate, %"),
                   _("Failed attempts"), _("Cash collected, AMD")])
    for row in result.couriers:
        courier = str(row["courier_id"] or "")
        table.add(row["name"] or _("not assigned"),
                  _cell(row["due"], queue(courier=courier) if courier else None),
                  _cell(row["deliveries"], queue(courier=courier, status="delivered")
                        if courier else None),
                  row["on_time_rate"], row["failures"], row["cash_collected"])
    tables.append(table)

    headers = [_("Orders"), _("Revenue, AMD"), _("Average order, AMD"), _("Upsell lines, %"),
               _("Pre-orders"), _("Completed"), _("Conversion, %")]
    table = Table("channels", _("Channels"), [_("Channel"), *headers])
    for row in result.channels:
        table.add(row["label"], _cell(row["orders"], queue(channel=row["channel"])),
                  row["revenue"], row["aov"], row["upsell_share"], row["leads"],
                  row["converted"], row["conversion"])
    tables.append(table)
    table = Table("brands", _("Brands"), [_("Brand"), *headers])
    for row in result.brands:
        table.add(row["name"], _cell(row["orders"], queue(brand=str(row["brand_id"]))),
                  row["revenue"], row["aov"], row["upsell_share"],
                  _cell(row["leads"], reverse("desk:leads")), row["converted"],
                  row["conversion"])
    tables.append(table)

    table = Table("desk", _("The desk"), [_("Figure"), _("Value")])
    confirmation = result.confirmation
    table.add(_("Orders confirmed"), confirmation["orders"])
    table.add(_("Arrival to confirmation, median, minutes (at most)"), confirmation["median"])
    table.add(_("Arrival to confirmation, 90th percentile, minutes (at most)"),
              confirmation["p90"])
    control_list = reverse("desk:control")
    table.add(_("Control list: open"), _cell(badges["control_open"], control_list))
    table.add(_("Control list: past the deadline"),
              _cell(badges["control_overdue"], f"{control_list}?show=overdue"))
    table.add(_("Review: messages waiting"), _cell(badges["review"], reverse("desk:review")))
    ratings, ratings_page = feedback
    table.add(_("Feedback: requests sent"), _cell(ratings.sent, ratings_page))
    table.add(_("Feedback: answered, %"), ratings.response_rate)
    table.add(_("Feedback: average rating"), ratings.average)
    table.add(_("Feedback: ratings of 1 or 2"), _cell(ratings.low, ratings_page))
    tables.append(table)
    return tables


def _chart(days: list[dict]) -> dict:
    """Bars of the on-time rate per day, in SVG user units (100 = 100 %); a day without orders
    due is a thin grey line. Each bar's <title> says the day, the rate and the orders due."""
    bars = []
    for index, row in enumerate(days):
        rate = row["rate"]
        height = float(rate) if rate is not None else 1.0
        bars.append(format_html(
            '<rect class="{}" x="{}" y="{}" width="{}" height="{}"><title>{}: {} ({})'
            '</title></rect>', "bar" if rate is not None else "bar empty",
            index * CHART_BAR + 1, f"{CHART_HEIGHT - height:.1f}", CHART_BAR - 2,
            f"{height:.1f}",
            date_format(row["day"], "d.m.Y"), f"{rate} %" if rate is not None else "—",
            row["due"]))
    return {"bars": mark_safe("".join(bars)),  # noqa: S308 (format_html escaped each one)
            "width": max(len(days), 1) * CHART_BAR, "height": CHART_HEIGHT}
