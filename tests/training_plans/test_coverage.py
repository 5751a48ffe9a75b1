"""Coverage gaps: urgent needs and high risks no module answers (issue 6, point 4)."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import Locale

from modules.factories import TrainingModulePageFactory
from organisation_levels.factories import ProducerGroupFactory
from reference.models import Country, NeedArea, Theme
from training_plans.coverage import GapKind, SubjectKind, coverage_gaps
from training_plans.factories import (
    NeedRatingFactory,
    NeedsAssessmentFactory,
    RiskAssessmentFactory,
    RiskRatingFactory,
)
from training_plans.risk import RiskLevel

pytestmark = pytest.mark.django_db

MARCH = datetime.date(2026, 3, 12)
APRIL = datetime.date(2026, 4, 20)


def country(slug):
    return Country.objects.get(slug=slug)


def need(slug, priority, *, group=None, on=MARCH, of="ghana"):
    """A needs assessment (national unless `group`) rating one support area or theme."""
    assessment = NeedsAssessmentFactory(
        group=group, country=group.country if group else country(of), assessed_on=on
    )
    return rate(assessment, slug, priority)


def rate(assessment, slug, priority):
    theme = Theme.objects.filter(slug=slug).first()
    return NeedRatingFactory(
        assessment=assessment,
        theme=theme,
        need_area=None if theme else NeedArea.objects.get(slug=slug),
        priority=priority,
    )


def module(backpack, code, *, need_areas=(), themes=()):
    return TrainingModulePageFactory(
        parent=backpack,
        code=code,
        need_areas=[NeedArea.objects.get(slug=slug) for slug in need_areas],
        themes=[Theme.objects.get(slug=slug) for slug in themes],
    )


def gaps_of(slug):
    (coverage,) = coverage_gaps(countries=Country.objects.filter(slug=slug))
    return coverage.gaps


def test_an_urgent_need_with_no_module_is_a_gap(backpack):
    need("yields-food-security", 5)

    (gap,) = gaps_of("ghana")

    assert gap.subject == "Better yields and food security"
    assert gap.kind == SubjectKind.SUPPORT_AREA
    assert gap.gap == GapKind.NO_MODULE
    assert gap.module_count == 0
    assert gap.rated_in == ("national",)
    assert gap.rating_label == "priority 5 of 5"


def test_a_need_a_published_module_addresses_is_covered(backpack):
    need("yields-food-security", 4)
    module(backpack, "GAP-01", need_areas=["yields-food-security"])

    assert gaps_of("ghana") == []


def test_a_draft_module_covers_nothing(backpack):
    need("yields-food-security", 4)
    draft = module(backpack, "GAP-01", need_areas=["yields-food-security"])
    draft.unpublish()

    assert [gap.gap for gap in gaps_of("ghana")] == [GapKind.NO_MODULE]


def test_a_theme_need_is_covered_by_a_module_tagged_with_the_theme(backpack):
    rating = need("environment", 5)
    rate(rating.assessment, "social-labour", 4)
    module(backpack, "ENV-01", themes=["environment"])

    (gap,) = gaps_of("ghana")

    assert (gap.subject, gap.kind) == ("Social and labour", SubjectKind.THEME)


def test_needs_below_four_are_not_urgent(backpack):
    need("yields-food-security", 3)

    assert gaps_of("ghana") == []


def test_a_high_risk_with_no_module_is_a_gap_and_a_medium_one_is_not(backpack):
    group = ProducerGroupFactory(name="Asante cocoa farmers")
    assessment = RiskAssessmentFactory(group=group)
    RiskRatingFactory(assessment=assessment, likelihood=5, severity=4)  # deforestation: high
    RiskRatingFactory(
        assessment=assessment,
        core_risk=NeedArea.objects.get(slug="labour-rights"),
        likelihood=3,
        severity=3,  # medium
    )

    (gap,) = gaps_of("ghana")

    assert gap.subject == "Expansion and deforestation"
    assert gap.kind == SubjectKind.CORE_RISK
    assert gap.risk_level == RiskLevel.HIGH
    assert gap.rated_in == ("Asante cocoa farmers",)
    assert gap.gap == GapKind.NO_MODULE


def test_a_regional_high_risk_names_the_region(backpack):
    RiskRatingFactory(
        assessment=RiskAssessmentFactory(group=None, region="Ashanti"), likelihood=5, severity=5
    )

    (gap,) = gaps_of("ghana")

    assert gap.rated_in == ("Ashanti region",)


def test_each_region_and_group_keeps_its_own_latest_risk_assessment(backpack):
    for region, on in [("Ashanti", MARCH), ("Volta", APRIL)]:
        RiskRatingFactory(
            assessment=RiskAssessmentFactory(group=None, region=region, assessed_on=on),
            likelihood=5,
            severity=5,
        )
    RiskRatingFactory(assessment__group__name="Asante cocoa farmers", likelihood=5, severity=5)

    (gap,) = gaps_of("ghana")

    assert gap.rated_in == ("Asante cocoa farmers", "Ashanti region", "Volta region")


def test_an_older_assessment_of_the_same_scope_no_longer_counts(backpack):
    group = ProducerGroupFactory(name="Asante cocoa farmers")
    need("yields-food-security", 5, group=group, on=MARCH)
    need("yields-food-security", 2, group=group, on=APRIL)
    older_risk = RiskAssessmentFactory(group=group, assessed_on=MARCH)
    RiskRatingFactory(assessment=older_risk, likelihood=5, severity=5)
    newer_risk = RiskAssessmentFactory(group=group, assessed_on=APRIL)
    RiskRatingFactory(assessment=newer_risk, likelihood=2, severity=2)

    assert gaps_of("ghana") == []


def test_each_scope_keeps_its_own_latest_assessment(backpack):
    """A group's newer consultation does not hide the national assessment, nor the reverse."""
    group = ProducerGroupFactory(name="Asante cocoa farmers")
    need("yields-food-security", 4, on=MARCH)
    need("yields-food-security", 5, group=group, on=APRIL)

    (gap,) = gaps_of("ghana")

    assert gap.rated_in == ("national", "Asante cocoa farmers")
    assert gap.highest_priority == 5


def test_no_module_comes_first_then_the_most_urgent(backpack):
    assessment = need("environment", 5, of="vietnam").assessment
    rate(assessment, "agricultural-practices", 4)
    rate(assessment, "yields-food-security", 5)
    module(backpack, "ENV-01", themes=["environment"])  # in English only

    assert [(gap.subject, gap.gap) for gap in gaps_of("vietnam")] == [
        ("Better yields and food security", GapKind.NO_MODULE),
        ("Better agricultural practices", GapKind.NO_MODULE),
        ("Environment", GapKind.NOT_IN_LANGUAGES),
    ]


def test_vietnams_need_covered_only_in_english_is_a_language_gap(backpack):
    need("yields-food-security", 5, of="vietnam")
    need("yields-food-security", 5, of="ghana")
    english = module(backpack, "GAP-01", need_areas=["yields-food-security"])

    (gap,) = gaps_of("vietnam")

    assert gap.gap == GapKind.NOT_IN_LANGUAGES
    assert gap.gap_label == "No module in the country's languages"
    assert gap.module_count == 1
    assert gaps_of("ghana") == []  # Ghana reads English

    vietnamese = english.copy_for_translation(Locale.objects.get(language_code="vi"), True)
    vietnamese.save_revision().publish()

    assert gaps_of("vietnam") == []


def test_a_live_adaptation_in_the_country_closes_the_language_gap(backpack, ghana_platform_member):
    from adaptation.services import module_adapt
    from content.factories import UserFactory

    need("yields-food-security", 5, of="vietnam")
    english = module(backpack, "GAP-01", need_areas=["yields-food-security"])
    english.save_revision().publish()  # adaptations follow a published revision
    assert [g.gap for g in gaps_of("vietnam")] == [GapKind.NOT_IN_LANGUAGES]
    vietnam_platform = UserFactory(groups=[country("vietnam").national_platform_group])

    adaptation = module_adapt(source=english, country=country("vietnam"), user=vietnam_platform)
    assert [g.gap for g in gaps_of("vietnam")] == [GapKind.NOT_IN_LANGUAGES]  # still a draft
    adaptation.save_revision().publish()

    assert gaps_of("vietnam") == []
    assert gaps_of("ghana") == []


def test_a_country_never_assessed_says_so(backpack):
    (coverage,) = coverage_gaps(countries=Country.objects.filter(slug="brazil"))

    assert not coverage.assessed
    assert coverage.gaps == []


def test_queries_do_not_grow_with_assessments_or_modules(backpack, django_assert_max_num_queries):
    # One subject of each kind from the start: each kind of tag costs its one query.
    rate(need("yields-food-security", 5).assessment, "environment", 5)
    RiskRatingFactory(likelihood=5, severity=5)
    module(backpack, "GAP-01", need_areas=["yields-food-security"])
    with django_assert_max_num_queries(12) as few:
        coverage_gaps(countries=Country.objects.all())

    for n in range(5):
        group = ProducerGroupFactory(name=f"Group {n}", country=country("vietnam"))
        need("environment", 5, group=group)
        RiskRatingFactory(assessment__group=group, likelihood=5, severity=5)
        module(backpack, f"EXTRA-{n}", need_areas=["deforestation"], themes=["environment"])

    with django_assert_max_num_queries(len(few.captured_queries)):
        coverage = coverage_gaps(countries=Country.objects.all())
    assert {c.country.slug: len(c.gaps) for c in coverage}["vietnam"] == 2


# The "Coverage gaps" report in the admin's Reports menu.

REPORT = "training_plans_coverage_gaps"


@pytest.fixture
def gaps_in_two_countries(backpack):
    need("yields-food-security", 5, of="ghana")
    need("environment", 4, of="vietnam")


def countries_shown(response):
    return [item.country.slug for item in response.context["coverage"]]


def test_the_committee_reads_every_countrys_gaps(client, committee_member, gaps_in_two_countries):
    client.force_login(committee_member)

    response = client.get(reverse(REPORT))

    assert response.status_code == 200
    assert len(countries_shown(response)) == Country.objects.count()
    page = response.content.decode()
    assert "Better yields and food security" in page and "Environment" in page


def test_a_platform_reads_only_its_own_country_even_when_it_asks_for_another(
    client, ghana_platform_member, gaps_in_two_countries
):
    client.force_login(ghana_platform_member)
    vietnam = country("vietnam")

    own = client.get(reverse(REPORT))
    forged = client.get(reverse(REPORT), {"country": vietnam.pk})

    assert countries_shown(own) == countries_shown(forged) == ["ghana"]
    assert "Environment" not in forged.content.decode()


def test_the_committee_filters_by_country(client, committee_member, gaps_in_two_countries):
    client.force_login(committee_member)

    response = client.get(reverse(REPORT), {"country": country("vietnam").pk})

    assert countries_shown(response) == ["vietnam"]


def test_the_gaps_download_as_csv(client, committee_member, gaps_in_two_countries):
    client.force_login(committee_member)

    response = client.get(reverse(REPORT), {"export": "csv"})
    lines = b"".join(response.streaming_content).decode().splitlines()

    assert lines[0] == "Country,Subject,Kind,Rated in,Highest rating,Modules in the backpack,Gap"
    assert lines[1:] == [
        "Ghana,Better yields and food security,Support area,national,priority 5 of 5,0,No module",
        "Vietnam,Environment,Theme,national,priority 4 of 5,0,No module",
    ]


@pytest.mark.parametrize("who", ["trainer", "monitoring_viewer", "learner"])
def test_other_roles_are_refused(client, request, who, gaps_in_two_countries):
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse(REPORT))

    assert response.status_code == 302  # to the sign-in: these roles have no admin access


def test_an_admin_user_with_no_role_is_refused(client, gaps_in_two_countries):
    from django.contrib.auth.models import Permission

    from content.factories import UserFactory

    editor = UserFactory(username="editor")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)

    response = client.get(reverse(REPORT))

    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert reverse(REPORT) not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_report_is_in_the_reports_menu_of_a_platform(client, ghana_platform_member):
    client.force_login(ghana_platform_member)

    assert reverse(REPORT) in client.get(reverse("wagtailadmin_home")).content.decode()
