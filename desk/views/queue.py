from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from channels_intake import selectors as intake_selectors
from desk.filters import QueueFilter
from orders import selectors
from orders.models import Channel, Status

from .base import DeskView

PAGE_SIZE = 50
MAX_PAGE = 100_000  # five million rows deep: no one pages further, and OFFSET stays sane


class QueueView(DeskView):
    """Every open order and pre-order by urgency. An HTMX request (the 30-second refresh, a
    filter change) gets the rows only; the filters travel in the query string."""

    def get(self, request):
        queue_filter = QueueFilter(request.GET, queryset=selectors.queue_orders())
        page = self.page_number(request.GET.get("page", "1"))
        start = (page - 1) * PAGE_SIZE
        # One more than a page tells whether there is a next one, without a COUNT(*); one
        # before it tells where the previous page ended (for the pre-orders, below).
        before = 1 if start else 0
        orders = selectors.queue_page(queue_filter.qs, start - before, start + PAGE_SIZE + 1)
        previous, orders = (orders[0] if before and orders else None), orders[before:]
        has_next = len(orders) > PAGE_SIZE
        orders = orders[:PAGE_SIZE]
        leads = self.leads_between(queue_filter.leads(), previous, orders, has_next)
        if page > 1 and not (orders or leads or request.htmx):
            # Past the last page. (A refresh of a page that emptied meanwhile shows it empty.)
            raise Http404("past the last page")
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "filter": queue_filter,
            "rows": selectors.queue_rows(orders, leads, limit=PAGE_SIZE + len(leads)),
            "page": page, "has_next": has_next, "query": query.urlencode(),
            "review_count": intake_selectors.review_count(),
            # Labels looked up once per page: Django's get_FOO_display() re-translates every
            # choice on every call, which was most of this page's server time.
            "status_labels": {value: str(label) for value, label in Status.choices},
            "channel_labels": {value: str(label) for value, label in Channel.choices},
            "order_url": reverse("orders:order", args=[0]).removesuffix("0/"),
            "leads_url": reverse("orders:leads"),
            "labels": {"unknown": _("unknown items"), "mismatch": _("total mismatch"),
                       "follow_up": _("follow up"),
                       "attention": _("needs a person"), "preorder": _("pre-order"),
                       "to_call": _("to call")},
        }
        template = ("desk/_queue_rows.html" if request.htmx
                    else "desk/queue.html")
        return render(request, template, context)

    @staticmethod
    def page_number(text: str) -> int:
        """?page= as a number from 1 to MAX_PAGE (an offset the database can take): anything
        else is a page that does not exist."""
        text = text.strip()
        if not (text.isascii() and text.isdigit() and len(text) <= 9 and 1 <= int(text) <= MAX_PAGE):
            raise Http404("not a page number")
        return int(text)

    @staticmethod
    def leads_between(leads, previous, orders, has_next) -> list:
        """Pre-orders take their place among the orders by delivery date: each page shows the
        ones due after the previous page's last order, up to its own last order (the last
        page: all the rest, undated ones too). One query; at most a page of them."""
        if leads is None:
            return []
        if previous is not None:
            leads = leads.filter(delivery_date__gt=previous["delivery_date"])
        if has_next and orders:
            leads = leads.filter(delivery_date__lte=orders[-1]["delivery_date"])
        return list(leads.values(*selectors.LEAD_FIELDS)[:PAGE_SIZE])
