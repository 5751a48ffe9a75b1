import pytest

from modules.factories import TrainingModulePageFactory
from modules.models.pages import ModulePrerequisite
from reference.models import Commodity, NeedArea, OrganisationLevel, Theme


def term(model, slug):
    return model.objects.get(slug=slug)


@pytest.fixture
def levels(db):
    return {level.slug: level for level in OrganisationLevel.objects.all()}


@pytest.fixture
def backpack_modules(backpack, levels):
    """A small backpack. Tags chosen so each rule of the recommendation shows:

    PO-01  Low        producer organisation                        (the start)
    GAP-01 Low        good practices; yields and food security
    ENV-01 Low        deforestation (core risk)
    COF-01 Low        coffee only
    QM-01  Moderate   quality management; needs PO-01 first
    MKT-01 Moderate   marketing; livelihoods
    ICS-01 Adequate   quality management; deforestation
    """

    def module(code, level, themes=(), need_areas=(), commodities=(), prerequisites=()):
        page = TrainingModulePageFactory(
            parent=backpack,
            code=code,
            title=f"Module {code}",
            levels=[levels[level]],
            themes=[term(Theme, slug) for slug in themes],
            need_areas=[term(NeedArea, slug) for slug in need_areas],
            commodities=[term(Commodity, slug) for slug in commodities],
        )
        if prerequisites:
            page.prerequisite_links = [ModulePrerequisite(prerequisite=p) for p in prerequisites]
            page.save()
        return page

    made = {}
    made["PO-01"] = module("PO-01", "low", themes=["producer-organisation"])
    made["GAP-01"] = module(
        "GAP-01", "low", themes=["good-agricultural-practices"], need_areas=["yields-food-security"]
    )
    made["ENV-01"] = module("ENV-01", "low", themes=["environment"], need_areas=["deforestation"])
    made["COF-01"] = module(
        "COF-01", "low", themes=["post-harvest-quality"], commodities=["coffee"]
    )
    made["QM-01"] = module(
        "QM-01", "moderate", themes=["quality-management"], prerequisites=[made["PO-01"]]
    )
    made["MKT-01"] = module(
        "MKT-01",
        "moderate",
        themes=["marketing-risk-management"],
        need_areas=["livelihoods-institutions"],
    )
    made["ICS-01"] = module(
        "ICS-01", "adequate", themes=["quality-management"], need_areas=["deforestation"]
    )
    return made
