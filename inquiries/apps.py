from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InquiriesConfig(AppConfig):
    """Customers' questions and calls, their threads, owners and reply clocks."""

    name = "inquiries"
    verbose_name = _("Inquiries")

    def ready(self) -> None:
        from channels_intake.domain_events import PERSON_WROTE
        from channels_intake.services.support import register_support_reader
        from core import events
        from orders.domain_events import CUSTOMER_QUESTION, FEEDBACK_LOW

        from . import mail, services

        # Inside the publisher's transaction: the question is kept with the change or not at all.
        events.subscribe(CUSTOMER_QUESTION, services.on_customer_question, in_transaction=True)
        events.subscribe(FEEDBACK_LOW, services.on_feedback_low, in_transaction=True)
        # A person's mail to an order mailbox (not an order): threaded, or a new inquiry.
        events.subscribe(PERSON_WROTE, services.on_person_wrote, in_transaction=True)
        # The support mailbox's mail: threaded into an inquiry or a new product question.
        register_support_reader(mail.support_mail_read)
