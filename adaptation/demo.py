"""Ghana's curriculum filled in, with one approved adaptation, so `make demo` shows them."""

from django.db import transaction

from adaptation.models import AdaptedModulePage, NationalCurriculumPage
from adaptation.services import module_adapt
from modules.models import TrainingModulePage
from reference.models import Commodity, Country, Standard

GHANA_ECOSYSTEM = (
    "<p>Cocoa grows in the forest belt of Ashanti, Western and Eastern regions, on farms of "
    "two to four hectares, often next to forest reserves.</p>"
)
GHANA_CONTEXT = (
    "<p>The cocoa board buys all beans at a set farm-gate price through licensed buying "
    "companies; cooperatives earn premiums from certification and traceability.</p>"
)


@transaction.atomic
def demo_national_curriculum_ensure(*, platform_member) -> None:
    """Made once: a curriculum that already has context or adaptations is left alone."""
    ghana = Country.objects.get(slug="ghana")
    if not ghana.commodities.exists():
        ghana.commodities.set(Commodity.objects.filter(slug="cocoa"))
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
    curriculum.standards.set(Standard.objects.originals().filter(slug__in=["rainforest-alliance"]))
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
