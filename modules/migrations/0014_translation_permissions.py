"""Translators' permissions on databases made before decision 0010's permissions.

The technical committee and every national platform get wagtail-localize's
`submit_translation` (new platforms get it from modules.services.
national_platform_group_ensure). Pages already translated get the page permissions
that modules.translation_services gives a translation when it is made: whoever may
change the original may change and publish the translation; a backpack translation
also goes to the platforms of the countries using its language. Nothing is removed.
"""

from django.conf import settings
from django.db import migrations

TECHNICAL_COMMITTEE = "Technical committee"
TRANSLATION_PAGE_PERMISSIONS = ("change_page", "publish_page", "lock_page", "unlock_page")


def forwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Country = apps.get_model("modules", "Country")
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    ContentType = apps.get_model("contenttypes", "ContentType")

    submit = Permission.objects.filter(
        content_type__app_label="wagtail_localize", codename="submit_translation"
    ).first()
    if submit is not None:
        for group in Group.objects.filter(name=TECHNICAL_COMMITTEE):
            group.permissions.add(submit)
        for country in Country.objects.exclude(national_platform_group=None):
            country.national_platform_group.permissions.add(submit)

    default = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    page_permissions = list(
        Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=TRANSLATION_PAGE_PERMISSIONS
        )
    )
    if default is None or not page_permissions:
        return
    backpack_type = ContentType.objects.filter(app_label="modules", model="backpackpage").first()
    originals = Page.objects.filter(
        locale=default,
        pk__in=GroupPagePermission.objects.filter(permission__codename="change_page").values(
            "page_id"
        ),
    )
    for original in originals:
        editors = set(
            GroupPagePermission.objects.filter(
                page=original, permission__codename="change_page"
            ).values_list("group_id", flat=True)
        )
        translations = Page.objects.filter(translation_key=original.translation_key).exclude(
            locale=default
        )
        for translation in translations:
            groups = set(editors)
            if backpack_type and original.content_type_id == backpack_type.pk:
                groups |= set(
                    Country.objects.filter(
                        languages=translation.locale_id, national_platform_group__isnull=False
                    ).values_list("national_platform_group_id", flat=True)
                )
            for group_id in groups:
                for permission in page_permissions:
                    GroupPagePermission.objects.get_or_create(
                        group_id=group_id, page=translation, permission=permission
                    )


class Migration(migrations.Migration):
    dependencies = [
        ("modules", "0013_h5p_activity_permissions"),
        ("wagtail_localize", "0006_create_submit_translation_permission"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
