"""Mourning is enforced, not only hidden: the page offers no festive add-on for a wreath order,
and POSTing the add-on action for one anyway is refused with a clear error and adds nothing."""

import pytest
from django.urls import reverse

from catalog.tests.factories import AddOnRuleFactory, ProductFactory, category

from .conftest import make_order

pytestmark = pytest.mark.django_db


# The rule lives in the service (orders.services.editing.order_addon_add), added on the
# operator branch; the page shows the service's refusal beside the action.
def test_posting_a_festive_add_on_for_a_wreath_order_is_refused_through_the_page(
        client_operator, balloon):
    wreath = ProductFactory(sku="DSK-WREATH", name_en="Wreath", category=category("wreaths"))
    AddOnRuleFactory(category=category("wreaths"), addon=balloon, is_festive=True)
    order = make_order(wreath)
    page = client_operator.get(reverse("desk:order", args=[order.pk]))
    assert balloon not in page.context["addons"]  # not offered ...

    response = client_operator.post(  # ... and refused when posted all the same
        reverse("desk:order_action", args=[order.pk, "addon"]),
        {"version": order.version, "product": balloon.pk})

    assert response.status_code == 400
    errors = [str(error) for error in response.context["action_errors"]]
    assert errors and 'id="action-errors"' in response.content.decode()
    assert order.lines.count() == 1 and not order.lines.filter(product=balloon).exists()
