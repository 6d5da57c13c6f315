"""The customer's order status page (no account: a signed link, orders.links) and what they
do from it: ask a question, rate the delivery. Thin: rules in services, reads in selectors."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.views import View

from orders.links import LinkRefused, status_path, status_token_order_id

from . import selectors, services
from .exceptions import FeedbackRefused, QuestionsTooMany
from .forms import FeedbackForm, QuestionForm

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


def _language(request: HttpRequest, fallback: str) -> str:
    wanted = request.GET.get("lang") or request.POST.get("lang") or ""
    return wanted if wanted in LANGUAGES else (fallback if fallback in LANGUAGES
                                               else settings.LANGUAGE_CODE)


class StatusView(View):
    """GET the page; POST "ask" (a question) or "rate" (feedback)."""

    def dispatch(self, request, token: str, rating: int | None = None, **kwargs):
        try:
            order_id = status_token_order_id(token)
        except LinkRefused as refused:
            with translation.override(_language(request, settings.LANGUAGE_CODE)):
                return render(request, "customers/link_refused.html",
                              {"expired": refused.expired}, status=410 if refused.expired else 403)
        page = selectors.status_page(order_id=order_id)
        language = _language(request, page.language if page else "")
        with translation.override(language):
            if page is None:
                return render(request, "customers/link_refused.html", {"gone": True}, status=404)
            self.page, self.token, self.language = page, token, language
            response = super().dispatch(request, token=token, rating=rating, **kwargs)
            if hasattr(response, "render"):
                response.render()
            return response

    def _render(self, request, *, question=None, feedback=None, status=200, **extra):
        rating = extra.pop("rating", None)
        fb = self.page.feedback
        return render(request, "customers/status.html", {
            "page": self.page, "order": self.page.order, "token": self.token,
            "language": self.language, "languages": settings.LANGUAGES,
            "question_form": question or QuestionForm(),
            "feedback_form": (feedback or FeedbackForm(initial={"rating": rating}))
            if fb is not None and fb.answered_at is None else None,
            **extra}, status=status)

    def get(self, request, token: str, rating: int | None = None):
        return self._render(request, rating=rating if rating in range(1, 6) else None,
                            asked=request.GET.get("asked") == "1")

    def post(self, request, token: str, rating: int | None = None):
        order_id = self.page.order.pk
        back = f"{status_path(order_id)}?lang={self.language}"
        if request.POST.get("action") == "rate":
            form = FeedbackForm(request.POST)
            if not form.is_valid():
                return self._render(request, feedback=form, status=400)
            try:
                services.feedback_answer(order_id=order_id, rating=form.cleaned_data["rating"],
                                         comment=form.cleaned_data["comment"],
                                         language=self.language)
            except FeedbackRefused:
                pass  # answered already (a second tab): the page says thank you
            return HttpResponseRedirect(back + "#rate")
        form = QuestionForm(request.POST)
        if not form.is_valid():
            return self._render(request, question=form, status=400)
        try:
            services.customer_question_ask(order_id=order_id, text=form.cleaned_data["text"],
                                           language=self.language)
        except QuestionsTooMany:
            return self._render(request, question=form, throttled=True, status=429)
        return HttpResponseRedirect(back + "&asked=1")

