"""Days as people say them (the desk's time zone, Asia/Yerevan) as the aware moments the
database stores (UTC), and the days a person may type at all."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def day_span(first: date, last: date) -> tuple[datetime, datetime]:
    """[the start of `first`, the start of the day after `last`) in the desk's time zone: the
    moments of the days from `first` to `last`, both included. Days typed by a person come
    through `validate_day` first (9999-12-31 has no next day: an OverflowError here)."""
    zone = timezone.get_default_timezone()
    return (timezone.make_aware(datetime.combine(first, time.min), zone),
            timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), zone))


def day_allowed(value: date) -> bool:
    """Whether a day typed by a person (a form, a filter, a URL) is one to compute with."""
    return settings.DATE_INPUT_FIRST_YEAR <= value.year <= settings.DATE_INPUT_LAST_YEAR


def validate_day(value: date) -> None:
    """A typed day within DATE_INPUT_FIRST_YEAR..DATE_INPUT_LAST_YEAR: year 1 or 9999 is a
    mistake to show beside the field, not a day to compute with (issue 17: a 500)."""
    first, last = settings.DATE_INPUT_FIRST_YEAR, settings.DATE_INPUT_LAST_YEAR
    if value is not None and not day_allowed(value):
        raise ValidationError(_("Choose a year from %(first)s to %(last)s."),
                              code="year_out_of_range", params={"first": first, "last": last})


class DayField(forms.DateField):
    """Every date field of the desk's forms and filters: a DateField within the typed years."""

    default_validators = [validate_day]


def validate_moment(value: datetime) -> None:
    """A typed date and time whose day is one `validate_day` takes."""
    if value is not None:
        validate_day(value.date())


class MomentField(forms.DateTimeField):
    """Every date-and-time field of the desk's forms: its day within the typed years (a
    0001-01-01T00:00 in Yerevan is before year 1 in UTC; a clock counted from it runs for ever)."""

    default_validators = [validate_moment]


class DayFilter(django_filters.DateFilter):
    """Every date filter (django-filter) of the desk and the partner API: a DayField."""

    field_class = DayField
