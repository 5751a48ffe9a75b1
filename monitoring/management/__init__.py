from django.conf import settings
from django.core.management.base import CommandError


def refuse_production() -> None:
    """The scale commands write fake groups and accounts: never into a live database."""
    if settings.SETTINGS_MODULE.endswith(".production"):
        raise CommandError(
            "This command writes synthetic data and benchmark accounts; it does not run with "
            "production settings. Use a throw-away database with the development settings."
        )
