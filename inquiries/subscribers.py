"""What inquiries hears and plugs into lower floors (core.wiring installs both lists). Inside the
publisher's transaction: a question is kept with the change that raised it, or not at all."""

from channels_intake.domain_events import PersonWrote
from channels_intake.services.support import READERS, SUPPORT
from core.events import on
from orders.domain_events import CustomerQuestion, FeedbackLow

from . import mail, services

SUBSCRIPTIONS = [
    on(CustomerQuestion, services.on_customer_question, in_transaction=True),
    on(FeedbackLow, services.on_feedback_low, in_transaction=True),
    # A person's mail to an order mailbox (not an order): threaded, or a new inquiry.
    on(PersonWrote, services.on_person_wrote, in_transaction=True),
]

HOOKS = [
    # The support mailbox's mail: threaded into an inquiry or a new product question.
    READERS.plug(SUPPORT, mail.support_mail_read),
]
