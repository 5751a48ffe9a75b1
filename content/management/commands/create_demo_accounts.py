from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from adaptation.demo import demo_national_curriculum_ensure
from content.seed_translations import seed_translations_load
from content.services import DEMO_PASSWORD, demo_accounts_ensure
from h5p.demo import demo_h5p_activity_ensure
from organisation_levels.demo import demo_group_ensure
from reference import roles
from training_delivery.demo import demo_field_delivery_ensure
from training_plans.demo import demo_needs_and_plan_ensure


class Command(BaseCommand):
    help = "Create one demo account per role, all with the same password. Development only."

    def add_arguments(self, parser):
        # The production smoke test and load benchmark run the production settings (DEBUG
        # off) on a database they create and drop; a deployment never passes this flag.
        parser.add_argument(
            "--throwaway-database",
            action="store_true",
            help="Allow it without DEBUG, on a database made for one test run and dropped after.",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["throwaway_database"]:
            raise CommandError(
                "Demo accounts have a published password; they need DEBUG=True "
                "(or --throwaway-database, on a database dropped after a test run)."
            )
        accounts = demo_accounts_ensure()
        users = get_user_model().objects.in_bulk(
            ["manager", "ghana", "viewer", "trainer"], field_name="username"
        )
        group = demo_group_ensure(
            manager=users["manager"], assessor=users["ghana"], viewer=users["viewer"]
        )
        demo_needs_and_plan_ensure(group=group, platform_member=users["ghana"])
        # First, so that Ghana's adaptation of PO-01 is made from the module with its activity.
        activity = demo_h5p_activity_ensure(
            author=get_user_model()
            .objects.filter(groups__name=roles.TECHNICAL_COMMITTEE)
            .order_by("pk")
            .first()
        )
        if activity is not None:
            # Its title and description in the six languages, as the seed's data (0020).
            seed_translations_load(originals=[activity])
        demo_national_curriculum_ensure(platform_member=users["ghana"])
        demo_field_delivery_ensure(group=group, trainer=users["trainer"])
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {DEMO_PASSWORD})"))
        for account in accounts:
            self.stdout.write(f"  {account.username:<10} {account.role}")
        self.stdout.write(
            f"Demo producer group: {group.name} (sign in as manager, ghana or viewer)"
        )
        self.stdout.write(
            f"Admin: http://127.0.0.1:8000/admin/  user: admin  password: {DEMO_PASSWORD}"
        )
