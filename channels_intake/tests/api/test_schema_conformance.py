"""Schemathesis against the published OpenAPI schema, as `schemathesis run` would do it: every
phase (examples, coverage, fuzzing with valid and schema-violating data, stateful sequences)
and every check but one, over real HTTP to a live server. Derandomized (a fixed seed) and
bounded (a few examples per operation, short stateful runs)."""

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema

from catalog.tests.factories import ProductFactory
from channels_intake.tests.factories import PartnerFactory, partner_key
from orders.tests.factories import OrderFactory

PHASES = {"examples", "coverage", "fuzzing", "stateful"}


def _config(key: str) -> SchemathesisConfig:
    return SchemathesisConfig.from_dict({
        "seed": 20261201, "workers": 1,
        "cache": {"enabled": False},  # no state kept between runs (nor files in the tree)
        "headers": {"Authorization": f"Bearer {key}"},
        "generation": {"mode": "all", "max-examples": 5, "database": "none",
                       "deterministic": True},
        # Every check but "schema-valid data is accepted": a body can fit the schema and still
        # break a business rule (a phone that is no phone, a SKU without a price), a 400 by
        # design. negative_data_rejection stays: a schema-violating body must be refused, even
        # with a partner_order_id already taken (P-1 below).
        "checks": {"positive_data_acceptance": {"enabled": False}},
        "phases": {"stateful": {"max-steps": 5}},
    })


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # a live server thread
def test_partner_api_matches_its_schema(live_server):
    ProductFactory(sku="FB-ROSE-25")
    partner, key = partner_key(PartnerFactory(code="flowwow"))
    OrderFactory(partner=partner, brand=partner.brand, channel="partner_api", partner_order_id="P-1")
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/schema/", config=_config(key))
    assert {op.ok().path for op in schema.get_all_operations()} >= {
        "/api/v1/orders/", "/api/v1/orders/{id}/", "/api/v1/orders/{id}/cancel/"}

    problems, finished = [], {}
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished) and event.recorder:
            problems += [f"{event.recorder.label}: {check.name}\n"
                         f"{check.failure_info.code_sample if check.failure_info else ''}"
                         for checks in event.recorder.checks.values() for check in checks
                         if check.status != Status.SUCCESS]
        elif isinstance(event, events.NonFatalError | events.FatalError):
            problems.append(str(getattr(event, "info", event))[:1000])
        elif isinstance(event, events.PhaseFinished):
            finished[event.phase.name.value] = event.phase.skip_reason
    assert not problems, "\n\n".join(problems[:10])
    assert {phase for phase, skipped in finished.items() if skipped is None} >= PHASES
