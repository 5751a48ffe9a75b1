"""Who may do what in internal control (decision 0027).

The technical committee keeps control points and the standards' requirement catalogues;
national platforms read them (and the crosswalk). New countries get the same through
adaptation.services.national_platform_group_ensure.
"""

from django.db import migrations

TECHNICAL_COMMITTEE = "Technical committee"
NATIONAL_PLATFORM_PREFIX = "National platform: "
MODELS = ("controlpoint", "requirementcatalogue")


def permission(apps, model, action):
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="internal_control", model=model)
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=f"{action}_{model}",
        defaults={"name": f"Can {action} {model}"},
    )
    return perm


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    committee, _ = Group.objects.get_or_create(name=TECHNICAL_COMMITTEE)
    for model in MODELS:
        for action in ("add", "change", "delete", "view"):
            committee.permissions.add(permission(apps, model, action))
        for group in Group.objects.filter(name__startswith=NATIONAL_PLATFORM_PREFIX):
            group.permissions.add(permission(apps, model, "view"))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="internal_control")
    for group in Group.objects.filter(name=TECHNICAL_COMMITTEE):
        group.permissions.remove(*perms)
    for group in Group.objects.filter(name__startswith=NATIONAL_PLATFORM_PREFIX):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("internal_control", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
