"""The queue page's floor (bench/queue.py): an empty desk page, the desk's base template with
nothing in it, served by the same middleware and the same login as the queue. Used as the
ROOT_URLCONF of the benchmark run only: the project's URLs plus this page."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from desk.views.base import DeskView
from rg_orders.urls import urlpatterns as project_urlpatterns

EMPTY = engines["django"].from_string('{% extends "desk/_base.html" %}')


class EmptyDeskPage(DeskView):
    def get(self, request):
        return HttpResponse(EMPTY.render({}, request))


urlpatterns = [path("bench/empty/", EmptyDeskPage.as_view(), name="bench-empty"),
               *project_urlpatterns]
