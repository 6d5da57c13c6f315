"""`manage.py partner_api_key PARTNER --create | --revoke PREFIX | --list`."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from channels_intake.models import PartnerAPIKey
from orders.models import Brand, Partner


class Command(BaseCommand):
    help = ("Create (printed once, as the last line), revoke or list a partner's API keys. "
            "--create makes the partner too when it does not exist yet.")

    def add_arguments(self, parser):
        parser.add_argument("partner", help="the partner's code, e.g. menu-am")
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--create", action="store_true")
        action.add_argument("--revoke", metavar="PREFIX")
        action.add_argument("--list", action="store_true")
        parser.add_argument("--name", default="", help="what the key is for (default: the partner)")
        parser.add_argument("--brand", default="", help="brand of a new partner (default: the first)")

    def handle(self, *args, partner, create, revoke, list, name, brand, **options):
        if create:
            return self._create(partner, name, brand)
        found = Partner.objects.filter(code=partner).first()
        if found is None:
            raise CommandError(f"No partner {partner}.")
        if revoke:
            updated = PartnerAPIKey.objects.filter(partner=found, prefix=revoke).update(revoked=True)
            if not updated:
                raise CommandError(f"{partner} has no key {revoke}.")
            self.stdout.write(f"revoked {revoke}")
            return
        for key in PartnerAPIKey.objects.filter(partner=found).order_by("created"):
            state = "revoked" if key.revoked else "active"
            self.stdout.write(f"{key.prefix}  {state:8}  {key.created:%Y-%m-%d %H:%M}  {key.name}")

    @transaction.atomic
    def _create(self, code, name, brand_code):
        found = Partner.objects.filter(code=code).first()
        if found is None:
            brand = (Brand.objects.filter(code=brand_code) if brand_code
                     else Brand.objects.order_by("code")).first()
            if brand is None:
                raise CommandError("No brand to attach the new partner to; create one or pass --brand.")
            found = Partner.objects.create(code=code, name=code, brand=brand)
            self.stdout.write(f"created partner {code} (brand {brand.code})")
        _row, key = PartnerAPIKey.objects.create_key(partner=found, name=(name or code)[:50])
        self.stdout.write("The key is shown this once; it is stored hashed. Send it as "
                          "`Authorization: Bearer <key>`:")
        self.stdout.write(key)
