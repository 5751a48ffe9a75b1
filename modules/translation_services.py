"""Page permissions on translations (decision 0010).

A translation is a page in a separate tree, one per language: the French backpack, the
French curriculum of Ghana. Wagtail's page permissions do not cross from the English
page to its translation, so whoever translates needs them granted on the translated
root too, or the translation editor is closed to them.
"""

from django.contrib.auth.models import Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Locale, Page

from modules.models import BackpackPage
from reference.models import Country

# Translators edit and publish the translation; new pages are written in the original
# language and translated from there, so "add" is not given. Translations are outside
# the committee's review workflow, which guards what is taught (the original); the
# translation editor offers no workflow, only publishing.
TRANSLATION_PAGE_PERMISSIONS = ("change_page", "publish_page", "lock_page", "unlock_page")


@transaction.atomic
def page_translation_permissions_apply(*, translation: Page) -> None:
    """Give `translation` (a page in another language than the default) the permissions
    its translators need. Safe to run again.

    Every group that may change the original page may change and publish its
    translation. A translation of the backpack also goes to the national platforms of
    the countries that use its language (and no longer to a platform whose country
    dropped it).
    """
    default = Locale.get_default()
    if translation.locale_id == default.pk:
        return
    original = Page.objects.filter(
        translation_key=translation.translation_key, locale=default
    ).first()
    if original is None:
        return
    groups = set(
        GroupPagePermission.objects.filter(
            page=original, permission__codename="change_page"
        ).values_list("group_id", flat=True)
    )
    if issubclass(translation.specific_class, BackpackPage):
        platforms = set(
            Country.objects.filter(
                languages=translation.locale_id, national_platform_group__isnull=False
            ).values_list("national_platform_group_id", flat=True)
        )
        GroupPagePermission.objects.filter(
            page=translation, group__platform_country__isnull=False
        ).exclude(group_id__in=groups | platforms).delete()
        groups |= platforms
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=TRANSLATION_PAGE_PERMISSIONS
    )
    for group_id in sorted(groups):
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(
                group_id=group_id, page=translation, permission=permission
            )


def page_translations_permissions_apply(*, original: Page) -> None:
    """The same, for every existing translation of `original` (after its own permissions,
    or a country's languages, changed)."""
    for translation in Page.objects.filter(translation_key=original.translation_key).exclude(
        pk=original.pk
    ):
        page_translation_permissions_apply(translation=translation)


def backpack_translations_permissions_apply() -> None:
    """Every backpack translation, after a country's languages changed."""
    for backpack in BackpackPage.objects.filter(locale=Locale.get_default()):
        page_translations_permissions_apply(original=backpack)
