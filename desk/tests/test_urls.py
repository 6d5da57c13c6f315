"""The desk's URL names are where a developer looks for them: the `desk` namespace (issue 18)."""

from django.urls import resolve


def test_the_desk_pages_are_in_the_desk_namespace():
    assert resolve("/desk/").view_name == "desk:queue"
    assert resolve("/desk/orders/1/").view_name == "desk:order"
