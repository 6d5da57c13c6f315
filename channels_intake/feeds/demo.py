"""Demo feeds of the local partners (called by core.demo): inactive until someone serves
them on 127.0.0.1:8765 and switches them on in the admin."""

from ..models import Partner, Source

DEMO_FEEDS = [("menu-am", "pages"), ("flowwow", "cursor"), ("buy-am", "pages"), ("sas-am", "cursor")]


def feeds_demo_seed() -> None:
    for code, adapter in DEMO_FEEDS:
        partner = Partner.objects.filter(code=code).first()
        if partner is None:
            continue
        Source.objects.get_or_create(
            name=f"feed-{code}",
            defaults={"kind": Source.Kind.FEED, "partner": partner, "adapter": adapter,
                      "url": f"http://127.0.0.1:8765/{code}/orders", "is_active": False,
                      "poll_interval": 60},
        )
