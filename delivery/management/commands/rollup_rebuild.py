"""Recompute the managers' dashboard rollup from the orders (all days, or --from/--to)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from delivery import rollup


class Command(BaseCommand):
    help = "Recompute the dashboard's daily rollup from the orders; --check only reports drift."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", help="first delivery date (YYYY-MM-DD)")
        parser.add_argument("--to", dest="end", help="last delivery date (YYYY-MM-DD)")
        parser.add_argument("--check", action="store_true",
                            help="compare the kept rollup with a fresh one, change nothing")

    def handle(self, *args, start=None, end=None, check=False, **options):
        try:
            start = date.fromisoformat(start) if start else None
            end = date.fromisoformat(end) if end else None
        except ValueError as exc:
            raise CommandError(f"not a date: {exc}") from exc
        if check:
            if not (start and end):
                raise CommandError("--check needs --from and --to")
            drift = rollup.rollup_drift(start=start, end=end)
            rows = sum(len(part) for part in drift.values())
            self.stdout.write(f"{rows} rollup rows differ from the orders")
            if rows:
                raise CommandError("the rollup drifted; run rollup_rebuild")
            return
        days = rollup.rollup_rebuild(start=start, end=end)
        self.stdout.write(f"rollup rebuilt for {days} days")
