"""A country's path for a level: adapted else generic modules, prerequisites first (issue 4)."""

import pytest

from adaptation.models import AdaptedModulePage, NationalCurriculumPage
from adaptation.selectors import country_level_path
from adaptation.services import module_adapt
from modules.factories import TrainingModulePageFactory
from modules.models.pages import ModulePrerequisite
from reference.models import Commodity, Country, OrganisationLevel

pytestmark = pytest.mark.django_db


@pytest.fixture
def levels():
    return {level.slug: level for level in OrganisationLevel.objects.all()}


@pytest.fixture
def modules(backpack, levels):
    def make(code, level, prerequisites=()):
        page = TrainingModulePageFactory(
            parent=backpack, code=code, title=f"Module {code}", levels=[levels[level]]
        )
        if prerequisites:
            page.prerequisite_links = [ModulePrerequisite(prerequisite=p) for p in prerequisites]
        page.save_revision().publish()
        return page

    made = {}
    made["PO-01"] = make("PO-01", "low")
    made["QM-02"] = make("QM-02", "moderate")
    made["QM-01"] = make("QM-01", "moderate", prerequisites=[made["QM-02"], made["PO-01"]])
    made["AA-01"] = make("AA-01", "moderate")
    made["QM-03"] = make("QM-03", "moderate", prerequisites=[made["QM-01"]])
    return made


def ghana_curriculum():
    return NationalCurriculumPage.objects.get(country__slug="ghana")


def test_the_path_puts_prerequisites_first_then_the_backpacks_order(modules, levels):
    steps = country_level_path(curriculum=ghana_curriculum(), level=levels["moderate"])

    # Learning order, not the alphabet: QM-02 was placed before AA-01 in the backpack.
    assert [step.page.code for step in steps] == ["QM-02", "AA-01", "QM-01", "QM-03"]
    qm01 = steps[2]
    assert [m.code for m in qm01.needs_first] == ["PO-01"]  # a Low module, outside this path
    assert not any(step.adapted for step in steps)


def test_an_approved_published_adaptation_takes_the_generic_modules_place(
    modules, levels, ghana_platform_member
):
    ghana = Country.objects.get(slug="ghana")
    approved = module_adapt(source=modules["QM-01"], country=ghana, user=ghana_platform_member)
    approved.title = "QM-01 for Ghana"
    approved.adaptation_status = AdaptedModulePage.Status.APPROVED
    approved.save_revision().publish()
    piloting = module_adapt(source=modules["QM-02"], country=ghana, user=ghana_platform_member)
    piloting.adaptation_status = AdaptedModulePage.Status.PILOTING
    piloting.save_revision().publish()

    ghana_steps = country_level_path(curriculum=ghana_curriculum(), level=levels["moderate"])
    vietnam_steps = country_level_path(
        curriculum=NationalCurriculumPage.objects.get(country__slug="vietnam"),
        level=levels["moderate"],
    )

    by_code = {step.generic.code: step for step in ghana_steps}
    assert by_code["QM-01"].adapted and by_code["QM-01"].page.title == "QM-01 for Ghana"
    assert not by_code["QM-02"].adapted  # piloting: not offered on the path yet
    assert not any(step.adapted for step in vietnam_steps)


def test_the_public_path_page_is_printable_and_named(client, modules, levels):
    curriculum = ghana_curriculum()

    response = client.get(curriculum.url + "path/moderate/")
    unknown = client.get(curriculum.url + "path/expert/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "The path for Moderate groups in Ghana" in html
    assert html.index("QM-02") < html.index("QM-01 ·") < html.index("QM-03")
    # The Low module QM-01 needs comes before it, linked.
    first = html.index("Before it, from an earlier level:")
    assert html.index(">PO-01 · Module PO-01</a>", first) < html.index("QM-01 ·")
    assert f'href="{modules["PO-01"].url}"' in html
    assert "Print this path" in html
    assert unknown.status_code == 404


def test_the_country_page_links_every_level_path(client, modules):
    html = client.get(ghana_curriculum().url).content.decode()

    for slug in ("low", "moderate", "adequate", "specialized"):
        assert f"path/{slug}/" in html


def test_a_platform_member_is_offered_to_adapt_from_the_module_page(
    client, modules, ghana_platform_member, learner
):
    module = modules["QM-01"]
    client.force_login(ghana_platform_member)
    assert "Adapt for your country" in client.get(module.url).content.decode()

    client.force_login(learner)
    assert "Adapt for your country" not in client.get(module.url).content.decode()


def test_the_country_page_names_its_languages(client, backpack):
    vietnam = NationalCurriculumPage.objects.get(country__slug="vietnam")

    html = client.get(vietnam.url).content.decode()

    assert "Languages of the curriculum:" in html
    assert "Vietnamese" in html or "Tiếng Việt" in html


def test_a_module_needing_others_comes_after_modules_needing_none(backpack, levels):
    low = [levels["low"]]
    # Created in this order, codes alphabetical: the path must not follow either blindly.
    base = TrainingModulePageFactory(parent=backpack, code="ZZ-01", levels=low)
    base.save_revision().publish()
    later = TrainingModulePageFactory(parent=backpack, code="AB-01", levels=[levels["moderate"]])
    later.prerequisite_links = [ModulePrerequisite(prerequisite=base)]
    later.save_revision().publish()
    plain = TrainingModulePageFactory(parent=backpack, code="MM-01", levels=[levels["moderate"]])
    plain.save_revision().publish()

    steps = country_level_path(curriculum=ghana_curriculum(), level=levels["moderate"])

    assert [step.page.code for step in steps] == ["MM-01", "AB-01"]


def test_a_module_for_another_crop_only_is_not_on_the_countrys_path(backpack, levels):
    ghana = Country.objects.get(slug="ghana")
    ghana.commodities.set(Commodity.objects.filter(slug="cocoa"))
    moderate = [levels["moderate"]]
    for code, crops in (("CO-01", ["coffee"]), ("CC-01", ["cocoa", "coffee"]), ("ALL-01", [])):
        module = TrainingModulePageFactory(
            parent=backpack,
            code=code,
            levels=moderate,
            commodities=list(Commodity.objects.filter(slug__in=crops)),
        )
        module.save_revision().publish()

    ghana_codes = {
        step.page.code
        for step in country_level_path(curriculum=ghana_curriculum(), level=levels["moderate"])
    }
    vietnam_codes = {
        step.page.code
        for step in country_level_path(
            curriculum=NationalCurriculumPage.objects.get(country__slug="vietnam"),
            level=levels["moderate"],
        )
    }

    assert ghana_codes == {"CC-01", "ALL-01"}
    assert vietnam_codes == {"CO-01", "CC-01", "ALL-01"}  # no crops set: every module
