"""What the customers' services refuse (the status page and its feedback)."""

from __future__ import annotations

from core.exceptions import ApplicationError


class CustomersError(ApplicationError):
    code = "customers_error"


class FeedbackRefused(CustomersError):
    """No request was sent for this order, or it is answered already."""

    code = "feedback_refused"


class QuestionsTooMany(CustomersError):
    """The order's link has asked STATUS_QUESTIONS_PER_HOUR questions this hour already."""

    code = "questions_too_many"
