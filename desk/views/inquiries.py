"""The inquiries desk (issue 13): tabs with the reply clock, a thread with replies and ready
answers, the call centre's quick form, and the reply speed for managers."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.csv_export import csv_response
from core.days import day_span
from core.roles import ADMIN, MANAGER, has_role
from desk.forms.inquiries import (
    TABS,
    CallForm,
    CloseForm,
    CustomerWroteForm,
    NewQuestionForm,
    ReplyForm,
    SpeedForm,
)
from inquiries import selectors
from inquiries import services as inq
from inquiries.clock import Schedule, duration_text, promise_seconds
from inquiries.models import Inquiry, InquiryChannel, InquiryState, Tab

from .base import DeskView


class InquiryListView(DeskView):
    """?tab=order|product|call|archive (&q= in the archive)."""

    def get(self, request):
        tab = request.GET.get("tab", "order")
        if tab not in TABS:
            raise Http404("no such tab")
        query = request.GET.get("q", "")[:100]
        now = timezone.now()
        if tab == "archive":
            rows = selectors.archive_rows(query)
        else:
            rows = selectors.with_time_left(selectors.tab_rows(tab), schedule=Schedule.load(),
                                            now=now)
        channels = dict(InquiryChannel.choices)
        states = dict(InquiryState.choices)
        for row in rows:
            row["channel_label"] = str(channels.get(row["channel"], row["channel"]))
            row["state_label"] = str(states.get(row["state"], row["state"]))
        return render(request, "desk/inquiries.html", {
            "is_manager": has_role(request.user, MANAGER, ADMIN),
            "tab": tab, "tabs": [(key, _label(key)) for key in TABS], "rows": rows,
            "counts": selectors.tab_counts(), "query": query,
            "call_form": CallForm() if tab == "call" else None,
            "new_form": NewQuestionForm() if tab == "product" else None,
            "promise": duration_text(promise_seconds(tab)) if tab != "archive" else "",
        })


def _label(tab: str) -> str:
    return str(dict(Tab.choices).get(tab, _("archive")))


class InquiryView(DeskView):
    def get(self, request, pk: int, forms: dict | None = None):
        try:
            inquiry = selectors.inquiry_detail(pk)
        except Inquiry.DoesNotExist as exc:
            raise Http404("no such inquiry") from exc
        left = ""
        if inquiry.due_at and inquiry.state == "open":
            left = duration_text(Schedule.load().left(timezone.now(), inquiry.due_at))
        forms = forms or {}
        return render(request, "desk/inquiry.html", {
            "inquiry": inquiry, "thread": selectors.thread(inquiry), "left": left,
            "overdue": bool(inquiry.due_at and inquiry.due_at < timezone.now()
                            and inquiry.state == "open"),
            "answers": selectors.ready_answers(),
            "reply_form": forms.get("reply") or ReplyForm(),
            "close_form": forms.get("close") or CloseForm(),
            "wrote_form": forms.get("wrote") or CustomerWroteForm(),
        }, status=400 if forms else 200)

    def post(self, request, pk: int, action: str):
        if not Inquiry.objects.filter(pk=pk).exists():
            raise Http404("no such inquiry")
        form_class = {"reply": ReplyForm, "close": CloseForm, "wrote": CustomerWroteForm,
                      "delete": None, "take": None}
        if action not in form_class:
            raise Http404("no such action")
        form = form_class[action](request.POST) if form_class[action] else None
        if form is not None and not form.is_valid():
            return self.get(request, pk, forms={action: form})
        data = form.cleaned_data if form is not None else {}
        try:
            if action == "reply":
                inq.inquiry_reply(inquiry_id=pk, text=data["text"], actor=request.user)
                messages.success(request, _("Reply sent."))
            elif action == "close":
                inq.inquiry_close(inquiry_id=pk, outcome=data["outcome"], note=data["note"],
                                  actor=request.user)
                messages.success(request, _("Inquiry closed."))
            elif action == "wrote":
                inq.inquiry_customer_wrote(inquiry_id=pk, text=data["text"],
                                           channel=data["channel"], actor=request.user)
                messages.success(request, _("Added to the thread."))
            elif action == "delete":
                inq.inquiry_delete(inquiry_id=pk, actor=request.user)
                messages.success(request, _("Moved to the archive as deleted."))
            else:
                Inquiry.objects.filter(pk=pk).update(owner=request.user)
                messages.success(request, _("It is yours now."))
        except inq.InquiryError as exc:
            messages.error(request, exc.message)
            if action == "reply":  # keep what the operator wrote
                return self.get(request, pk, forms={"reply": form})
        return redirect("desk:inquiry", pk=pk)


class InquiryNewView(DeskView):
    """A product question keyed from chat or a messenger."""

    def post(self, request):
        form = NewQuestionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                inquiry = inq.inquiry_open(
                    tab=Tab.PRODUCT, channel=data["channel"], text=data["text"],
                    name=data["name"], phone=data["phone"], email=data["email"] or "",
                    product_id=data["sku"].pk if data["sku"] else None,
                    customer_wrote_at=data["wrote_at"], actor=request.user)
            except inq.InquiryError as exc:
                messages.error(request, exc.message)
            else:
                return redirect("desk:inquiry", pk=inquiry.pk)
        else:
            messages.error(request, " ".join(str(error) for errors in form.errors.values()
                                             for error in errors))
        return redirect(f"{_list_url()}?tab=product")


class CallLogView(DeskView):
    def post(self, request):
        form = CallForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                inquiry = inq.call_log(call_topic_id=data["topic"].pk, caller_name=data["caller"],
                                       caller_phone=data["phone"], details=data["details"],
                                       actor=request.user)
            except inq.InquiryError as exc:
                messages.error(request, exc.message)
            else:
                if inquiry.state == "closed":
                    messages.success(request, _("Call logged and forwarded."))
                    return redirect(f"{_list_url()}?tab=call")
                return redirect("desk:inquiry", pk=inquiry.pk)
        else:
            messages.error(request, " ".join(str(error) for errors in form.errors.values()
                                             for error in errors))
        return redirect(f"{_list_url()}?tab=call")


def _list_url() -> str:
    from django.urls import reverse

    return reverse("desk:inquiries")


class InquirySpeedView(DeskView):
    """Reply speed for managers; ?format=csv gives exactly the figures on the screen."""

    roles = (MANAGER, ADMIN)

    def get(self, request):
        form = SpeedForm(request.GET)
        if not form.is_valid():
            return render(request, "desk/inquiries_speed.html", {"form": form, "groups": []},
                          status=400)
        since, until = form.cleaned_data["since"], form.cleaned_data["until"]
        start, end = day_span(since, until)
        rows = selectors.reply_speed(since=start, until=end)
        header = [_("Group"), _("Inquiries"), _("First answer (min)"), _("Next answers (min)"),
                  _("To close (min)"), _("Answered within the promise (%)")]
        names = {"tab": _("Per tab"), "operator": _("Per operator"),
                 "channel": _("Per channel")}
        if request.GET.get("format") == "csv":
            return csv_response(filename=f"reply-speed-{since:%Y%m%d}-{until:%Y%m%d}.csv",
                                header=[_("Grouping"), *header],
                                rows=[[names[row.group], *row.cells()] for row in rows])
        groups = [(names[group], [row.cells() for row in rows if row.group == group])
                  for group in ("tab", "operator", "channel")]
        return render(request, "desk/inquiries_speed.html", {
            "form": form, "groups": groups, "header": header,
            "csv_query": request.GET.urlencode()})
