"""Create the user roles and the committee review workflow.

Wagtail's default "Editors" and "Moderators" groups and its "Moderators
approval" workflow are removed: they grant editing of every page from the
root, which would let people other than the technical committee edit the
backpack. Page permissions on the backpack itself are granted when the
backpack page is created (modules.services.backpack_permissions_apply),
because the page does not exist yet when migrations run.
"""

from django.db import migrations

TECHNICAL_COMMITTEE = "Technical committee"
TRAINERS = "Trainers"
PRODUCER_GROUP_MANAGERS = "Producer group managers"
MONITORING_VIEWERS = "Monitoring viewers"

TAXONOMY_MODELS = [
    ("modules", "theme"),
    ("modules", "needarea"),
    ("modules", "standard"),
    ("modules", "commodity"),
    ("modules", "deliverymethod"),
    ("modules", "country"),
    ("organisation_levels", "organisationlevel"),
]


def permission(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    model = codename.split("_", 1)[1]
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return perm


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    CommitteeReviewTask = apps.get_model("modules", "CommitteeReviewTask")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Country = apps.get_model("modules", "Country")

    # Wagtail's starter roles edit everything from the root page: not wanted here.
    for workflow in Workflow.objects.filter(name="Moderators approval"):
        WorkflowPage.objects.filter(workflow=workflow).delete()
        workflow.active = False
        workflow.save()
    Group.objects.filter(name__in=["Editors", "Moderators"]).delete()

    access_admin = permission(apps, "wagtailadmin", "access_admin")
    # Custom permissions are only created after all migrations; make it now.
    Permission = apps.get_model("auth", "Permission")
    page_type, _ = ContentType.objects.get_or_create(
        app_label="modules", model="trainingmodulepage"
    )
    view_notes, _ = Permission.objects.get_or_create(
        content_type=page_type,
        codename="view_facilitator_notes",
        defaults={"name": "Can see facilitator notes in training modules"},
    )

    committee, _ = Group.objects.get_or_create(name=TECHNICAL_COMMITTEE)
    committee.permissions.add(access_admin, view_notes)
    for app_label, model in TAXONOMY_MODELS:
        for action in ("add", "change", "delete", "view"):
            committee.permissions.add(permission(apps, app_label, f"{action}_{model}"))

    root_collection = Collection.objects.filter(depth=1).first()
    media_perms = [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "choose_document"),
    ]
    if root_collection is not None:
        for app_label, codename in media_perms:
            GroupCollectionPermission.objects.get_or_create(
                group=committee,
                collection=root_collection,
                permission=permission(apps, app_label, codename),
            )

    trainers, _ = Group.objects.get_or_create(name=TRAINERS)
    trainers.permissions.add(view_notes)
    Group.objects.get_or_create(name=PRODUCER_GROUP_MANAGERS)
    Group.objects.get_or_create(name=MONITORING_VIEWERS)

    for country in Country.objects.all():
        group, _ = Group.objects.get_or_create(name=f"National platform: {country.name}")
        group.permissions.add(access_admin, view_notes)
        if root_collection is not None:
            for app_label, codename in [
                ("wagtailimages", "choose_image"),
                ("wagtaildocs", "choose_document"),
            ]:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=permission(apps, app_label, codename),
                )
        country.national_platform_group = group
        country.save(update_fields=["national_platform_group"])

    task_content_type, _ = ContentType.objects.get_or_create(
        app_label="modules", model="committeereviewtask"
    )
    task, _ = CommitteeReviewTask.objects.get_or_create(
        name="Committee approval", defaults={"content_type": task_content_type, "active": True}
    )
    task.groups.add(committee)
    workflow, _ = Workflow.objects.get_or_create(
        name="Technical committee review", defaults={"active": True}
    )
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})


class Migration(migrations.Migration):
    dependencies = [
        ("modules", "0004_country_national_platform_group"),
        ("modules", "0003_seed_taxonomies"),
        ("organisation_levels", "0002_seed_levels"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
