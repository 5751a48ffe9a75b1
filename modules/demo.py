"""Ghana's curriculum filled in, with one approved adaptation, and an H5P activity in
module PO-01, so `make demo` shows them."""

from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import Locale

from modules.h5p.demo_package import knowledge_check_upload
from modules.h5p.services import h5p_activity_create
from modules.h5p.serving import page_activity_ids
from modules.models import (
    AdaptedModulePage,
    H5PActivity,
    NationalCurriculumPage,
    TrainingModulePage,
)
from modules.national_services import module_adapt
from reference import roles
from reference.models import Country, Standard

GHANA_ECOSYSTEM = (
    "<p>Cocoa grows in the forest belt of Ashanti, Western and Eastern regions, on farms of "
    "two to four hectares, often next to forest reserves.</p>"
)
GHANA_CONTEXT = (
    "<p>The cocoa board buys all beans at a set farm-gate price through licensed buying "
    "companies; cooperatives earn premiums from certification and traceability.</p>"
)


DEMO_PACKAGE_NAME = "backpack-knowledge-check.h5p"


@transaction.atomic
def demo_h5p_activity_ensure(*, author=None) -> H5PActivity | None:
    """Backpack's own knowledge-check package, uploaded once and placed at the end of PO-01.

    Only the run that uploads it touches the module: an editor who later removes the
    activity from PO-01 does not find it back after the next `make demo`. The change is
    published in `author`'s name, so the seed loader treats PO-01 as edited in the CMS
    and does not take the activity out again.
    """
    module = (
        TrainingModulePage.objects.live().filter(code="PO-01", locale=Locale.get_default()).first()
    )
    if module is None:
        return None
    existing = H5PActivity.objects.filter(package_name=DEMO_PACKAGE_NAME).first()
    if existing is not None:
        return existing
    activity = h5p_activity_create(
        upload=knowledge_check_upload(name=DEMO_PACKAGE_NAME),
        uploaded_by=None,
        description="Two questions on why and how members sell together.",
    )
    # A module with an unpublished draft is being edited: leave it to its author.
    if module.has_unpublished_changes or activity.pk in page_activity_ids(module):
        return activity
    module.body = [
        *module.body.raw_data,
        {"type": "h5p_activity", "value": {"activity": activity.pk}},
    ]
    # Published by the loader itself: the committee publishes only through review.
    module.save_revision(user=author).publish()
    return activity


@transaction.atomic
def demo_national_curriculum_ensure(*, platform_member) -> None:
    """Made once: a curriculum that already has context or adaptations is left alone."""
    # First, so that Ghana's adaptation of PO-01 is made from the module with its activity.
    demo_h5p_activity_ensure(
        author=get_user_model()
        .objects.filter(groups__name=roles.TECHNICAL_COMMITTEE)
        .order_by("pk")
        .first()
    )
    ghana = Country.objects.get(slug="ghana")
    curriculum = NationalCurriculumPage.objects.filter(country=ghana).order_by("pk").first()
    if curriculum is None or curriculum.ecosystem:
        return
    curriculum.ecosystem = GHANA_ECOSYSTEM
    curriculum.political_context = GHANA_CONTEXT
    curriculum.market_potential = [
        {"type": "product", "value": {"commodity": "Cocoa", "potential": "High, steady demand."}}
    ]
    curriculum.certification_bodies = [
        {
            "type": "body",
            "value": {"name": "Control Union", "standards": "Rainforest Alliance", "protocol": ""},
        }
    ]
    curriculum.save_revision().publish()
    curriculum.standards.set(Standard.objects.filter(slug__in=["rainforest-alliance"]))
    curriculum.save()

    module = TrainingModulePage.objects.live().filter(code="PO-01").first()
    if module is None or module.live_revision is None:
        return
    adaptation = module_adapt(source=module, country=ghana, user=platform_member)
    body = list(adaptation.body.raw_data)
    for block in body:
        if block["type"] == "adaptation_slot":
            block["value"]["national_text"] = (
                "<p>The Kuapa cooperative in Kumasi started with twenty farmers selling "
                "their beans together.</p>"
            )
    adaptation.body = body
    adaptation.adaptation_status = AdaptedModulePage.Status.APPROVED
    adaptation.save_revision(user=platform_member).publish()
