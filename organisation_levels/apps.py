from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationLevelsConfig(AppConfig):
    name = "organisation_levels"
    verbose_name = _("Organisation levels and producer groups")
