from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from desk import demo


class Command(BaseCommand):
    help = "Load demo data (brands, catalog, stock, couriers, users, partners, ~200 orders). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--orders", type=int, default=200)
        parser.add_argument("--allow-production", action="store_true",
                            help="Seed even with DEBUG off (tests and staging only).")

    def handle(self, *args, orders, allow_production, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError("Refusing to load demo users into a production database "
                               "(DEBUG is off); pass --allow-production if you mean it.")
        counts = demo.seed(orders=orders, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(
            f"demo data ready: {counts['orders']} orders, {counts['products']} products"))
