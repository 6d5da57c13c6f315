from __future__ import annotations

from django.db import IntegrityError, transaction

from ..models import Customer


def customer_upsert(*, phone, name: str = "", email: str = "", language: str = "") -> Customer:
    """The one customer with this E.164 phone; blanks are filled in, nothing is overwritten
    (a typo on one channel must not rename a known customer)."""
    customer = Customer.objects.filter(phone=phone).first()
    if customer is None:
        try:
            with transaction.atomic():
                return Customer.objects.create(
                    phone=phone, name=name.strip()[:200], email=email.strip(),
                    language=language or "hy",
                )
        except IntegrityError:  # created by a concurrent intake a moment ago
            customer = Customer.objects.get(phone=phone)
    changed = []
    if name.strip() and not customer.name:
        customer.name = name.strip()[:200]
        changed.append("name")
    if email.strip() and not customer.email:
        customer.email = email.strip()
        changed.append("email")
    if changed:
        customer.save(update_fields=changed)
    return customer
