"""`{{ order.total|money:order.currency }}`: an amount as people write it in the active language."""

from django import template

from core.money import money_format

register = template.Library()


@register.filter
def money(amount, currency=""):
    return money_format(amount, currency)
