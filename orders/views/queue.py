from __future__ import annotations

from django.shortcuts import render

from .. import selectors
from ..filters import QueueFilter
from .base import DeskView

PAGE_SIZE = 50


class QueueView(DeskView):
    """Every open order and pre-order by urgency. An HTMX request (the 30-second refresh, a
    filter change) gets the rows only; the filters travel in the query string."""

    def get(self, request):
        queue_filter = QueueFilter(request.GET, queryset=selectors.queue_orders())
        try:
            page = max(int(request.GET.get("page", 1)), 1)
        except ValueError:
            page = 1
        start = (page - 1) * PAGE_SIZE
        # One more than a page tells whether there is a next one, without a COUNT(*).
        orders = list(queue_filter.qs[start:start + PAGE_SIZE + 1])
        has_next = len(orders) > PAGE_SIZE
        orders = orders[:PAGE_SIZE]
        leads_qs = queue_filter.leads() if page == 1 else None
        leads = list(leads_qs[:PAGE_SIZE]) if leads_qs is not None else []
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "filter": queue_filter,
            "rows": selectors.queue_rows(orders, leads, limit=PAGE_SIZE + len(leads)),
            "page": page, "has_next": has_next, "query": query.urlencode(),
            "review_count": selectors.review_count(),
        }
        template = ("orders/desk/_queue_rows.html" if request.htmx
                    else "orders/desk/queue.html")
        return render(request, template, context)
