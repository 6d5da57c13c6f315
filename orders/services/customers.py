from __future__ import annotations

from core.queries import unique_row

from ..models import Customer


def customer_upsert(*, phone, name: str = "", email: str = "", language: str = "") -> Customer:
    """The one customer with this E.164 phone; blanks are filled in, nothing is overwritten
    (a typo on one channel must not rename a known customer)."""
    customer = unique_row(Customer.objects.filter(phone=phone))
    if customer is None:
        # One statement, no savepoint: INSERT ... ON CONFLICT (phone) DO UPDATE ... RETURNING id.
        # A customer created by a concurrent intake a moment ago is the one we get back.
        (customer,) = Customer.objects.bulk_create(
            [Customer(phone=phone, name=name.strip()[:200], email=email.strip(),
                      language=language or "hy")],
            update_conflicts=True, unique_fields=["phone"], update_fields=["phone"],
        )
        return customer
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
