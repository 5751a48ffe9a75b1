import pytest
from django.contrib.auth.models import Group
from wagtail.models import Workflow

from reference import roles
from reference.models import Commodity, Country, DeliveryMethod, NeedArea, Standard, Theme

pytestmark = pytest.mark.django_db


def test_the_ten_priority_themes_are_seeded():
    assert Theme.objects.count() == 10
    assert Theme.objects.filter(name="Quality management and internal control").exists()


def test_need_areas_are_the_rss_core_issues_and_support_areas():
    core = set(NeedArea.objects.filter(kind="core_risk").values_list("slug", flat=True))
    support = set(NeedArea.objects.filter(kind="support_area").values_list("slug", flat=True))

    assert core == {"land-rights", "deforestation", "labour-rights"}
    assert support == {"yields-food-security", "livelihoods-institutions", "agricultural-practices"}


def test_standards_commodities_and_delivery_methods_are_seeded():
    assert Standard.objects.filter(slug="fairtrade").exists()
    assert {"coffee", "cocoa", "natural-rubber", "palm-oil"} <= set(
        Commodity.objects.values_list("slug", flat=True)
    )
    assert set(DeliveryMethod.objects.values_list("slug", flat=True)) == {
        "farmer-field-school",
        "workshop",
        "one-to-one",
        "call",
    }


def test_the_seven_countries_have_their_languages_and_a_platform_group():
    countries = {country.slug: country for country in Country.objects.all()}

    assert set(countries) == {
        "brazil",
        "cote-divoire",
        "ghana",
        "indonesia",
        "myanmar",
        "thailand",
        "vietnam",
    }
    languages = {
        slug: set(country.languages.values_list("language_code", flat=True))
        for slug, country in countries.items()
    }
    assert languages["brazil"] == {"pt"}
    assert languages["cote-divoire"] == {"fr"}
    assert languages["myanmar"] == {"my", "en"}
    assert languages["thailand"] == {"th"}
    assert countries["ghana"].national_platform_group.name == "National platform: Ghana"


def test_roles_exist_and_wagtail_starter_roles_are_gone():
    names = set(Group.objects.values_list("name", flat=True))

    assert {
        roles.TECHNICAL_COMMITTEE,
        roles.TRAINERS,
        roles.PRODUCER_GROUP_MANAGERS,
        roles.MONITORING_VIEWERS,
    } <= names
    assert not names & {"Editors", "Moderators"}


def test_review_workflow_is_one_committee_approval_step():
    workflow = Workflow.objects.get(name=roles.REVIEW_WORKFLOW_NAME)
    tasks = [task.specific for task in workflow.tasks.all()]

    assert workflow.active
    assert len(tasks) == 1
    assert list(tasks[0].groups.values_list("name", flat=True)) == [roles.TECHNICAL_COMMITTEE]
