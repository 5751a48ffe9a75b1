"""Writes for the backpack. Keyword-only, typed, transactional."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import GroupPagePermission, Workflow

from modules.models import BackpackPage, TrainingModulePage
from modules.translation_services import page_translations_permissions_apply
from reference import roles

# The committee writes and submits; publishing happens only through the review workflow.
COMMITTEE_PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page", "unlock_page")


@transaction.atomic
def backpack_permissions_apply(*, backpack: BackpackPage) -> None:
    """Let the technical committee edit this backpack, behind the committee review workflow."""
    committee = Group.objects.get(name=roles.TECHNICAL_COMMITTEE)
    for codename in COMMITTEE_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=committee,
            page=backpack,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    workflow = Workflow.objects.get(name=roles.REVIEW_WORKFLOW_NAME)
    workflow.workflow_pages.update_or_create(page=backpack, defaults={"workflow": workflow})
    # Its translators (the committee, platforms in their languages) edit the translations.
    page_translations_permissions_apply(original=backpack)


def module_publication_notify(*, module: TrainingModulePage) -> int:
    """Tell the national platforms a generic module was published: a new module to every
    platform, so they can adapt it; a new version only to the platforms of the countries
    that adapted it, who must follow it (decision 0022).

    Returns how many people were written to. One message per language, recipients in BCC,
    so platforms do not see each other's addresses; each platform reads it in its country's
    language (decision 0020).
    """
    # Wagtail stamps both dates with the same instant on the first publication.
    first_version = module.first_published_at == module.last_published_at
    people = get_user_model().objects.filter(is_active=True, groups__platform_country__isnull=False)
    if not first_version:
        # Asked through the countries' adaptations (the adaptation app sits above this one).
        people = people.filter(groups__platform_country__adaptations__source_id=module.pk)
    languages_by_email: dict[str, set[str]] = {}
    for email, language in people.exclude(email="").values_list(
        "email", "groups__platform_country__languages__language_code"
    ):
        languages_by_email.setdefault(email, set()).add(language or settings.LANGUAGE_CODE)
    if not languages_by_email:
        return 0
    by_language: dict[str, list[str]] = {}
    for email, languages in sorted(languages_by_email.items()):
        by_language.setdefault(_reading_language(languages), []).append(email)
    for language, recipients in sorted(by_language.items()):
        with translation.override(language):
            _publication_message(module, recipients).send()
    return len(languages_by_email)


def _reading_language(languages: set[str]) -> str:
    """The language a platform reads: its country's own, English when it has only English."""
    own = sorted(code for code in languages if code != settings.LANGUAGE_CODE)
    return own[0] if own else settings.LANGUAGE_CODE


def _publication_message(module: TrainingModulePage, recipients: list[str]) -> EmailMessage:
    # Wagtail stamps both dates with the same instant on the first publication.
    first_version = module.first_published_at == module.last_published_at
    subject = (
        _("New generic module: %(module)s")
        if first_version
        else _("Generic module updated: %(module)s")
    ) % {"module": module}
    url = module.get_full_url() or ""
    body = _(
        "The technical committee has published %(state)s of the generic module "
        "%(module)s.\n\n%(summary)s\n\nRead it: %(url)s\n\n"
        "If your country adapts this module, check whether your adaptation needs updating."
    ) % {
        "state": _("the first version") if first_version else _("a new version"),
        "module": module,
        "summary": module.summary,
        "url": url,
    }
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[settings.DEFAULT_FROM_EMAIL],
        bcc=recipients,
    )
