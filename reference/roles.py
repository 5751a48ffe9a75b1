"""The user roles of Backpack, as Django groups. See DESIGN.md, "Users and their jobs"."""

TECHNICAL_COMMITTEE = "Technical committee"
TRAINERS = "Trainers"
PRODUCER_GROUP_MANAGERS = "Producer group managers"
MONITORING_VIEWERS = "Monitoring viewers"
NATIONAL_PLATFORM_PREFIX = "National platform"

REVIEW_WORKFLOW_NAME = "Technical committee review"


def national_platform_group_name(country_name: str) -> str:
    return f"{NATIONAL_PLATFORM_PREFIX}: {country_name}"
