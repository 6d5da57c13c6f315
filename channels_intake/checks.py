"""System checks of the intake, shown by `manage.py check --deploy` (issue 17, item 7).

Trusting an address without DKIM means trusting anyone who writes that From: line: the demo
does (it has no DNS), production must not. The check reads the database, so it is a deploy
check (never run by runserver or migrate) and says nothing while the tables do not exist yet
(before `migrate`, or `make check-deploy`'s empty database)."""

from __future__ import annotations

from django.core import checks
from django.db import DatabaseError

from .selectors import forwarders_without_dkim, senders_without_dkim

HINT = ("Set its DKIM domain in the admin (Intake), or make it inactive. See SECURITY.md, "
        "'Storefront senders and DKIM'.")


@checks.register(checks.Tags.security, deploy=True)
def trust_without_dkim(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    try:
        senders, forwarders = senders_without_dkim(), forwarders_without_dkim()
    except DatabaseError:
        return []  # no tables yet: nothing is trusted
    found = [checks.Warning(
        f"Storefront sender {sender.address} ({sender.brand.code}) has no DKIM domain: anyone "
        f"who writes 'From: {sender.address}' makes a {sender.brand.code} order, paid if it "
        "says so.", hint=HINT, obj=sender, id="channels_intake.W001") for sender in senders]
    found += [checks.Warning(
        f"Trusted forwarding domain {forwarder.domain} has no DKIM domain: anyone who writes a "
        f"From: in {forwarder.domain} forwards storefront e-mails as staff.",
        hint=HINT, obj=forwarder, id="channels_intake.W002") for forwarder in forwarders]
    return found
