"""The user roles of Backpack, as Django groups. See DESIGN.md, "Users and their jobs"."""

from django.utils.translation import gettext_lazy as _

TECHNICAL_COMMITTEE = "Technical committee"
TRAINERS = "Trainers"
PRODUCER_GROUP_MANAGERS = "Producer group managers"
MONITORING_VIEWERS = "Monitoring viewers"
NATIONAL_PLATFORM_PREFIX = "National platform"

REVIEW_WORKFLOW_NAME = "Technical committee review"
REVIEW_TASK_NAME = "Committee approval"


def national_platform_group_name(country_name: str) -> str:
    return f"{NATIONAL_PLATFORM_PREFIX}: {country_name}"


ROLE_DESCRIPTIONS = {
    TECHNICAL_COMMITTEE: _("Writes and reviews the generic backpack."),
    TRAINERS: _("Delivers modules to producer groups and sees facilitator notes."),
    PRODUCER_GROUP_MANAGERS: _("Looks after one producer group."),
    MONITORING_VIEWERS: _("Reads dashboards and reports."),
}
