"""Every write to the orders domain. Views, the API, admin actions, tasks and commands call these.

Other apps import from here (`from orders.services import order_edit`), never from a submodule:
the submodules are free to move; import-linter holds it (pyproject.toml)."""

from .customers import customer_upsert
from .editing import (
    order_addon_add,
    order_attention_clear,
    order_cancel,
    order_confirm_call,
    order_edit,
    order_handoff_assembly,
    order_line_quantity,
    order_line_swap,
)
from .intake import IntakeResult, intake
from .leads import lead_close, lead_complete
from .messages import order_about, order_event_key
from .partner_updates import PartnerChange, partner_order_cancel, partner_order_change
from .promo import order_promo_apply
from .quote import Quote, order_quote
from .transitions import order_bump, order_lock, order_move
from .validation import (
    clean,
    delivery_date_range,
    intake_limits,
    parse_date,
    parse_window,
    window_check,
)

__all__ = [
    "IntakeResult", "PartnerChange", "Quote", "clean", "customer_upsert", "delivery_date_range",
    "intake", "intake_limits", "lead_close", "lead_complete", "order_about", "order_addon_add",
    "order_attention_clear", "order_bump", "order_cancel", "order_confirm_call", "order_edit",
    "order_event_key", "order_handoff_assembly", "order_line_quantity", "order_line_swap",
    "order_lock", "order_move", "order_promo_apply", "order_quote", "parse_date", "parse_window",
    "partner_order_cancel", "partner_order_change", "window_check",
]
