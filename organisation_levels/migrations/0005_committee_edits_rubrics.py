"""The technical committee keeps the level rubric (DESIGN.md: a rubric edited as data)."""

from django.db import migrations


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    committee = Group.objects.filter(name="Technical committee").first()
    if committee is None:
        return
    content_type, _ = ContentType.objects.get_or_create(
        app_label="organisation_levels", model="rubric"
    )
    for action in ("add", "change", "view"):
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_rubric",
            defaults={"name": f"Can {action} level rubric"},
        )
        committee.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("organisation_levels", "0004_seed_rubric_v1"),
        ("modules", "0005_roles_and_review_workflow"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
