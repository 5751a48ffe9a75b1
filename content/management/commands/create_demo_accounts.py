from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from content.services import DEMO_PASSWORD, demo_accounts_ensure


class Command(BaseCommand):
    help = "Create one demo account per role, all with the same password. Development only."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts have a published password; they need DEBUG=True.")
        accounts = demo_accounts_ensure()
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {DEMO_PASSWORD})"))
        for account in accounts:
            self.stdout.write(f"  {account.username:<10} {account.role}")
        self.stdout.write(
            f"Admin: http://127.0.0.1:8000/admin/  user: admin  password: {DEMO_PASSWORD}"
        )
