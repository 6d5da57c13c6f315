import os

from django.core.management.base import BaseCommand

from desk.demo import DEMO_USERS


class Command(BaseCommand):
    help = "Print where the desk runs and the demo logins (used by `make run`)."

    def handle(self, *args, **options):
        port = os.environ.get("RG_PORT", "8000")
        self.stdout.write(f"\n  The order desk is starting on http://127.0.0.1:{port}/\n")
        self.stdout.write("  Demo logins (user / password, role):")
        for username, password, role, *_rest in DEMO_USERS:
            self.stdout.write(f"    {username:10} / {password:10} {role}")
        self.stdout.write("  Health: /healthz   Admin: /admin/\n"
                          "  Ctrl-C stops web, worker and scheduler together.\n")
