"""Who may do what with SCORM packages (decision 0026).

The technical committee uploads, replaces and deletes courses; each national platform
sees them, places them in its modules and uploads its own. New countries get the same
through adaptation.services.national_platform_group_ensure.
"""

from django.db import migrations

TECHNICAL_COMMITTEE = "Technical committee"
NATIONAL_PLATFORM_PREFIX = "National platform: "
COMMITTEE_ACTIONS = ("add", "change", "delete", "view")
PLATFORM_ACTIONS = ("add", "view")


def permission(apps, codename):
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    # Model permissions are only created after all migrations; make them now.
    content_type, _ = ContentType.objects.get_or_create(app_label="scorm", model="scormpackage")
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {codename.split('_')[0]} SCORM package"},
    )
    return perm


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    committee, _ = Group.objects.get_or_create(name=TECHNICAL_COMMITTEE)
    for action in COMMITTEE_ACTIONS:
        committee.permissions.add(permission(apps, f"{action}_scormpackage"))
    for group in Group.objects.filter(name__startswith=NATIONAL_PLATFORM_PREFIX):
        for action in PLATFORM_ACTIONS:
            group.permissions.add(permission(apps, f"{action}_scormpackage"))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(
        content_type__app_label="scorm", content_type__model="scormpackage"
    )
    for group in Group.objects.filter(name=TECHNICAL_COMMITTEE):
        group.permissions.remove(*perms)
    for group in Group.objects.filter(name__startswith=NATIONAL_PLATFORM_PREFIX):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("scorm", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
