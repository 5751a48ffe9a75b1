"""Writes for the backpack. Keyword-only, typed, transactional."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.mail import EmailMessage
from django.db import transaction
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

    Returns how many people were written to. One message, recipients in BCC,
    so platforms do not see each other's addresses.
    """
    # Wagtail stamps both dates with the same instant on the first publication.
    first_version = module.first_published_at == module.last_published_at
    people = get_user_model().objects.filter(is_active=True, groups__platform_country__isnull=False)
    if not first_version:
        # Asked through the countries' adaptations (the adaptation app sits above this one).
        people = people.filter(groups__platform_country__adaptations__source_id=module.pk)
    recipients = sorted(set(people.exclude(email="").values_list("email", flat=True)))
    if not recipients:
        return 0
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
    EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[settings.DEFAULT_FROM_EMAIL],
        bcc=recipients,
    ).send()
    return len(recipients)
