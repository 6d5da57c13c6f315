"""Every write to the orders domain. Views, the API, admin actions, tasks and commands call these."""

from .customers import customer_upsert
from .intake import IntakeResult, intake
from .messages import customer_message_queue
from .promo import order_promo_apply
from .quote import Quote, order_quote
from .transitions import order_move

__all__ = [
    "IntakeResult", "Quote", "customer_message_queue",
    "customer_upsert", "intake", "order_move", "order_promo_apply", "order_quote",
]
