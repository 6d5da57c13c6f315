"""Managers' feedback page: ratings per brand, channel and courier with the response rate
(requests answered ÷ sent), for a period of request dates; the CSV holds the same figures."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.csv_export import csv_response
from core.days import DayField, day_span
from core.roles import ADMIN, MANAGER
from customers.selectors import feedback_ratings

from .base import DeskView

MAX_DAYS = 366


class PeriodForm(forms.Form):
    since = DayField(label=gettext_lazy("From"), required=False,
                     widget=forms.DateInput(attrs={"type": "date"}))
    until = DayField(label=gettext_lazy("Until"), required=False,
                     widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if self.errors:  # a day refused beside its field: no period to make of it
            return data
        today = timezone.localdate()
        until = data.get("until") or today
        since = data.get("since") or until - timedelta(days=29)
        if since > until:
            raise forms.ValidationError(_("The period ends before it starts."))
        if (until - since).days >= MAX_DAYS:
            raise forms.ValidationError(_("Choose at most a year."))
        data["since"], data["until"] = since, until
        return data


class FeedbackView(DeskView):
    roles = (MANAGER, ADMIN)

    def get(self, request):
        form = PeriodForm(request.GET)  # empty: the last 30 days
        if not form.is_valid():
            return render(request, "desk/feedback.html", {"form": form, "groups": None},
                          status=400)
        period = form.cleaned_data
        since, until = period["since"], period["until"]
        start, end = day_span(since, until)
        ratings = feedback_ratings(since=start, until=end)
        groups = [(_("Brand"), ratings["brand"]), (_("Channel"), ratings["channel"]),
                  (_("Courier"), ratings["courier"])]
        if request.GET.get("format") == "csv":
            return _csv(groups, ratings["total"][0], since, until)
        return render(request, "desk/feedback.html", {
            "form": form, "groups": groups, "total": ratings["total"][0],
            "since": since, "until": until})


def _csv(groups, total, since, until) -> HttpResponse:
    rows = [[group, row.label, row.sent, row.answered, row.response_rate, row.average, row.low]
            for group, group_rows in [*groups, (_("Total"), [total])] for row in group_rows]
    return csv_response(
        filename=f"feedback-{since:%Y%m%d}-{until:%Y%m%d}.csv",
        header=[_("Group"), _("Name"), _("Requests sent"), _("Answered"),
                _("Response rate, %"), _("Average rating"), _("Rated 1–2")],
        rows=rows)
