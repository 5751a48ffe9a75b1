"""Who may do what with H5P activities (decision 0013).

The technical committee uploads, replaces and deletes packages; each national
platform may see them (and choose them for its adapted modules). New countries get
the same through modules.services.national_platform_group_ensure.
"""

from django.db import migrations

TECHNICAL_COMMITTEE = "Technical committee"
NATIONAL_PLATFORM_PREFIX = "National platform: "
COMMITTEE_ACTIONS = ("add", "change", "delete", "view")


def permission(apps, codename):
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    # Model permissions are only created after all migrations; make them now.
    content_type, _ = ContentType.objects.get_or_create(app_label="modules", model="h5pactivity")
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {codename.split('_')[0]} H5P activity"},
    )
    return perm


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    committee, _ = Group.objects.get_or_create(name=TECHNICAL_COMMITTEE)
    for action in COMMITTEE_ACTIONS:
        committee.permissions.add(permission(apps, f"{action}_h5pactivity"))
    view = permission(apps, "view_h5pactivity")
    for group in Group.objects.filter(name__startswith=NATIONAL_PLATFORM_PREFIX):
        group.permissions.add(view)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(
        content_type__app_label="modules", content_type__model="h5pactivity"
    )
    for group in Group.objects.filter(name=TECHNICAL_COMMITTEE):
        group.permissions.remove(*perms)
    for group in Group.objects.filter(name__startswith=NATIONAL_PLATFORM_PREFIX):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("modules", "0012_h5p_player_and_tracking"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
