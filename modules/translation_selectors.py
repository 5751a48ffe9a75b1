"""Who may translate which page into which language (decision 0010).

wagtail-localize asks only for its own `submit_translation` permission before it
starts or updates a translation; it does not ask whether the user may edit the page.
Without this rule, any translator could start a French copy of another country's
curriculum. The rule:

- whoever may edit a page may translate it into any language: the technical
  committee its generic backpack, a national platform its country's curriculum and
  adaptations;
- a national platform may also translate the generic backpack (the backpack page and
  its modules) into the languages of its country (`Country.languages`): it has the
  translators for them, and the committee mostly does not.
"""

from django.db.models import QuerySet
from wagtail.models import Locale, Page
from wagtail_localize.models import TranslationSource

from modules.models import BackpackPage, TrainingModulePage
from reference.models import Country

SUBMIT_TRANSLATION = "wagtail_localize.submit_translation"


def translation_locales_allowed(*, user, page: Page) -> QuerySet[Locale]:
    """The languages `user` may translate `page` into: start its translation, or bring an
    existing one up to date."""
    if not user.is_authenticated or not user.is_active or not user.has_perm(SUBMIT_TRANSLATION):
        return Locale.objects.none()
    others = Locale.objects.exclude(pk=page.locale_id).order_by("language_code")
    if user.is_superuser or page.permissions_for_user(user).can_edit():
        return others
    if issubclass(page.specific_class, BackpackPage | TrainingModulePage):
        return others.filter(countries__in=Country.objects.of_platform_member(user)).distinct()
    return Locale.objects.none()


def translation_update_allowed(*, user, source: TranslationSource) -> bool:
    """Whether `user` may bring every translation of `source` up to date at once (what
    "Sync translated pages" does): only when they may translate it into each of them."""
    if not user.has_perm(SUBMIT_TRANSLATION):
        return False
    instance = source.get_source_instance()
    if not isinstance(instance, Page):
        return True  # snippets: wagtail-localize's own permission is the rule
    allowed = translation_locales_allowed(user=user, page=instance).values_list("pk", flat=True)
    targets = source.translations.filter(enabled=True).values_list("target_locale_id", flat=True)
    return bool(allowed) and set(targets) <= set(allowed)
