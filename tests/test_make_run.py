"""What `make run` gives a newcomer, on its own embedded default (SQLite, dev settings, in a
process of its own): the demo loads, every desk screen answers for the roles that may see it,
the customer's and the courier's pages open, and every beat task runs once. PostgreSQL-only
queries slip in easily (DISTINCT ON, ArraySubquery); this is where they show."""

from core.tests.test_processes import _env, _manage

SMOKE_SCRIPT = """
from django.conf import settings
from django.test import Client
from django.utils import timezone

import rg_orders.celery
from core.models import User
from delivery.models import Courier
from delivery.runs import courier_link_token
from orders.links import status_path
from orders.models import Order

settings.ALLOWED_HOSTS = ["testserver"]
pages = ["/desk/", "/desk/dashboard/", "/desk/delivery/", "/desk/control/", "/desk/inquiries/",
         "/desk/inquiries/speed/", "/desk/feedback/", "/"]
order = Order.objects.order_by("pk").last()
pages.append(f"/desk/orders/{order.pk}/")
for username in ("manager", "operator"):
    client = Client(raise_request_exception=True)
    client.force_login(User.objects.get(username=username))
    for page in pages:
        print(username, page, client.get(page, follow=True).status_code)
client = Client(raise_request_exception=True)
print("status", client.get(status_path(order)).status_code)
courier = Courier.objects.filter(kind="own").first()
token = courier_link_token(courier_id=courier.pk, day=timezone.localdate())
print("courier", client.get(f"/c/{token}/").status_code)
app = rg_orders.celery.app
app.loader.import_default_modules()
for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
    app.tasks[entry["task"]].apply(args=entry.get("args", ()), kwargs=entry.get("kwargs", {}),
                                   throw=True)
    print("task", name, "ok")
"""


def test_make_run_serves_every_screen_and_runs_every_task_on_sqlite(tmp_path):
    env = _env(tmp_path)
    _manage(env, "migrate", "--noinput")
    _manage(env, "createcachetable")
    _manage(env, "seed_demo")
    out = _manage(env, "shell", stdin=SMOKE_SCRIPT).splitlines()
    refused = {("operator", "/desk/inquiries/speed/"), ("operator", "/desk/feedback/")}
    for line in out:
        who, what, *result = line.split() or ["", ""]
        if who in ("manager", "operator"):
            assert result == (["403"] if (who, what) in refused else ["200"]), line
    assert "status 200" in out and "courier 200" in out
    assert sum(line.startswith("task ") for line in out) >= 10, out
