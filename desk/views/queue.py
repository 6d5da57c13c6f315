from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.money import money_format
from desk import selectors as desk_selectors
from desk.context_processors import remember_control_counts
from desk.filters import QueueFilter
from orders import selectors
from orders.models import Channel, Status

from .base import DeskView

PAGE_SIZE = 50
MAX_PAGE = 100_000  # five million rows deep: no one pages further, and OFFSET stays sane


class QueueLines:
    """What each queue row shows, as text (desk/_queue_rows.html prints it). The queue is the
    desk's busiest page (every operator's screen refreshes it every 30 seconds): labels are
    looked up once per page (get_FOO_display() re-translates every choice on every call) and
    the row's texts built here, so the template only prints, escaping as it goes."""

    def __init__(self):
        self.status_labels = {value: str(label) for value, label in Status.choices}
        self.channel_labels = {value: str(label) for value, label in Channel.choices}
        self.order_url = reverse("desk:order", args=[0]).removesuffix("0/")
        self.leads_url = reverse("desk:leads")
        self.preorder, self.to_call = _("pre-order"), _("to call")
        self.follow_up = _("follow up")
        self.markers = selectors.queue_marker_labels()
        self.tz = timezone.get_current_timezone()

    def of(self, rows: list[selectors.QueueRow]) -> list[dict]:
        return [self.order(row.item) if row.kind == "order" else self.lead(row.item)
                for row in rows]

    def order(self, item: dict) -> dict:
        status = item["status"]
        # Every reason a person must look (orders.selectors.queue_markers), one marker each.
        flags = [label for _code, label in selectors.queue_markers(item, self.markers)]
        if status == Status.AWAITING_CUSTOMER:
            flags.append(self.follow_up)
        refs = (item["brand__name"], f"#{item['site_number']}" if item["site_number"] else "",
                item["partner_order_id"])
        return {
            "kind": "order", "pk": item["id"], "url": f"{self.order_url}{item['id']}/", "flags": flags,
            "due": f"{item['delivery_date']:%d.%m} {self.window(item)}".strip(),
            "number": f"RG-{item['id']:06d}", "refs": " ".join(ref for ref in refs if ref),
            "status": status, "status_label": self.status_labels.get(status, status),
            "channel": self.channel_labels.get(item["channel"], item["channel"]),
            "customer": item["customer__name"], "customer_phone": item["customer_phone"],
            "recipient": item["recipient_name"], "recipient_phone": item["recipient_phone_text"],
            "courier": item["assignment__courier__name"] or "",
            "total": money_format(item["total"], item["currency"]),
        }

    def lead(self, item: dict) -> dict:
        due = item["delivery_date"]
        return {
            "kind": "lead", "pk": item["id"], "url": f"{self.leads_url}#lead-{item['id']}",
            "due": f"{due:%d.%m}" if due else "—",
            "number": f"{self.preorder} #{item['site_number'] or item['id']}",
            "refs": item["brand__name"], "status_label": self.to_call, "channel": self.preorder,
            "customer": item["customer__name"], "customer_phone": item["customer_phone"],
            "total": money_format(item["total"], item["currency"]),
        }

    def window(self, item: dict) -> str:
        start, end = item["window_start"], item["window_end"]
        if not start:
            return ""
        start = start.astimezone(self.tz)
        return f"{start:%H:%M}–{end.astimezone(self.tz):%H:%M}" if end else f"{start:%H:%M}"


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
        # Past the last page of orders there is nothing: that page already showed every
        # pre-order due after its orders (it has no next). Pre-orders alone fill page 1 only.
        past_the_end = page > 1 and not orders
        leads = [] if past_the_end else self.leads_between(queue_filter.leads(), previous,
                                                           orders, has_next)
        if past_the_end and not request.htmx:
            # (A refresh of a page that emptied meanwhile shows it empty.)
            raise Http404("past the last page")
        query = request.GET.copy()
        query.pop("page", None)
        rows = selectors.queue_rows(orders, leads, limit=PAGE_SIZE + len(leads))
        # The header's badges in one query; the control list's count is not in the rows'
        # 30-second refresh (a full page only: the managers' banner reads the same counts).
        badges = desk_selectors.badge_counts(
            "review", "inquiries_overdue",
            *(() if request.htmx else ("control_open", "control_overdue")))
        context = {
            # A bar with refused values is not kept: the cached bars are only valid choices and
            # days within DATE_INPUT_FIRST_YEAR..LAST_YEAR, never what someone typed at random.
            "filter": queue_filter,
            "filter_bar_seconds": settings.QUEUE_FILTER_BAR_SECONDS if queue_filter.is_valid() else 0,
            "rows": rows, "row_seconds": settings.QUEUE_ROW_SECONDS, "lines": QueueLines().of(rows),
            "page": page, "has_next": has_next, "query": query.urlencode(),
            "review_count": badges["review"], "inquiries_overdue": badges["inquiries_overdue"],
            "control": {} if request.htmx else remember_control_counts(request, {
                "open": badges["control_open"], "overdue": badges["control_overdue"]}),
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
