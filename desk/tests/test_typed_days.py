"""Days typed years away (9999-12-31, 0001-01-01) are an error beside the field on every date
filter and date field of the desk, never a 500 (issue 17: an OverflowError in day_span)."""

import inspect
from datetime import date

import django_filters
import pytest
from django import forms
from django.urls import reverse

from core.days import DayField, MomentField, validate_day
from delivery.tests.factories import CourierFactory
from desk import filters
from desk.views import dashboard, feedback
from inquiries.models import Inquiry

from .conftest import desk_form_modules

pytestmark = pytest.mark.django_db

FAR = ["9999-12-31", "0001-01-01"]
REFUSED = "Choose a year from 2000 to 2100."


@pytest.mark.parametrize("day", FAR)
@pytest.mark.parametrize("field", ["since", "until"])
@pytest.mark.parametrize("url", ["/desk/feedback/", "/desk/inquiries/speed/"])
def test_a_period_page_names_the_day_it_refuses(client_manager, url, field, day):
    for extra in ({}, {"format": "csv"}):
        response = client_manager.get(url, {field: day, **extra})
        assert response.status_code == 400
        assert response.context["form"].errors == {field: [REFUSED]}
        assert REFUSED in response.content.decode()


@pytest.mark.parametrize("day", FAR)
@pytest.mark.parametrize("field", ["date_from", "date_to"])
def test_the_dashboard_names_the_day_it_refuses(client_manager, field, day):
    response = client_manager.get("/desk/dashboard/", {field: day})
    assert response.status_code == 200  # the page, with the error beside the field
    assert response.context["form"].errors == {field: [REFUSED]}
    assert REFUSED in response.content.decode()


@pytest.mark.parametrize("day", FAR)
@pytest.mark.parametrize("field", ["date_from", "date_to"])
def test_the_queue_names_the_day_it_refuses(client_operator, field, day):
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):  # the page, and its rows alone
        response = client_operator.get("/desk/", {"when": "range", field: day}, **headers)
        assert response.status_code == 200
        assert response.context["filter"].errors == {field: [REFUSED]}
        assert REFUSED in response.content.decode()


@pytest.mark.parametrize("day", FAR)
def test_the_delivery_board_names_the_day_it_refuses(client_operator, day):
    response = client_operator.get("/desk/delivery/", {"day": day})
    assert response.status_code == 400 and response.context["form"].errors == {"day": [REFUSED]}


@pytest.mark.parametrize("day", FAR)
def test_a_run_sheet_of_a_day_years_away_is_a_404(client_operator, day):
    courier = CourierFactory()
    assert client_operator.get(f"/desk/delivery/{day}/couriers/{courier.pk}/sheet/").status_code == 404


def test_the_years_are_a_setting(settings):
    first, last = date.today().year - 6, date.today().year + 4
    settings.DATE_INPUT_FIRST_YEAR, settings.DATE_INPUT_LAST_YEAR = first, last
    validate_day(date(first, 1, 1))
    validate_day(date(last, 12, 31))
    for day in (date(first - 1, 12, 31), date(last + 1, 1, 1)):
        with pytest.raises(forms.ValidationError):
            validate_day(day)


@pytest.mark.parametrize("moment", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_a_customers_moment_years_away_is_refused(client_operator, moment):
    response = client_operator.post(reverse("desk:inquiry_new"), {
        "channel": "chat", "name": "Lilit", "wrote_at": moment, "text": "Peonies?"}, follow=True)
    assert response.status_code in (200, 400) and not Inquiry.objects.exists()


def _date_fields():
    """Every date field of the desk's forms and filters, by where it is declared."""
    for module in (*desk_form_modules(), dashboard, feedback, filters):
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm):
                yield from ((f"{name}.{field}", found) for field, found in cls.base_fields.items()
                            if isinstance(found, forms.DateField | forms.DateTimeField))
            elif issubclass(cls, django_filters.FilterSet):
                yield from ((f"{name}.{field}", found.field) for field, found
                            in cls.base_filters.items() if isinstance(found, django_filters.DateFilter))


def test_every_date_field_of_the_desk_takes_only_the_typed_years():
    fields = dict(_date_fields())
    assert {"EditForm.delivery_date", "ResendForm.delivery_date", "BoardDayForm.day",
            "ControlResolveForm.delivered_on", "SpeedForm.since", "PeriodForm.until",
            "DashboardForm.date_from", "QueueFilter.date_to"} <= set(fields)
    assert {"NewQuestionForm.wrote_at", "ParcelStatusForm.happened_at"} <= set(fields)
    for name, field in fields.items():
        assert isinstance(field, DayField | MomentField), name
        for day in FAR:
            with pytest.raises(forms.ValidationError):
                field.clean(day if isinstance(field, DayField) else f"{day}T00:00")
