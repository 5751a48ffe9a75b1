"""Risk ratings rest on evidence and may carry a residual rating (issue 20, point 4)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.urls import reverse

from organisation_levels.factories import ProducerGroupFactory
from reference.models import Country, NeedArea
from tests.dates import FromToday, on_the_day, today
from training_plans.factories import RiskRatingFactory
from training_plans.models import RiskAssessment, RiskEvidence, RiskRating
from training_plans.selectors import group_risks, risk_evidence_by_rating
from training_plans.services import risk_evidence_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def deforestation():
    return NeedArea.objects.get(slug="deforestation")


@pytest.fixture
def rating(deforestation):
    return RiskRatingFactory(
        core_risk=deforestation,
        likelihood=5,
        severity=4,
        existing_mitigation="Farm boundaries mapped in 2025; no planting past them.",
    )


def test_the_residual_level_is_the_one_plans_use(rating):
    assert (rating.level, rating.residual_level, rating.effective_level) == ("high", None, "high")

    rating.residual_likelihood, rating.residual_severity = 2, 4
    rating.full_clean()
    rating.save()
    rating.refresh_from_db()

    assert (rating.level, rating.residual_level, rating.effective_level) == (
        "high",
        "medium",
        "medium",
    )
    rated = group_risks(group=rating.assessment.group)[rating.core_risk_id]
    assert rated.level == "medium" and rated.residual


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"residual_likelihood": 2}, {"residual_severity"}),
        ({"residual_likelihood": 2, "residual_severity": 5}, {"residual_severity"}),
        (
            {"residual_likelihood": 2, "residual_severity": 2, "existing_mitigation": ""},
            {"existing_mitigation"},
        ),
        (
            {"mitigation_verified_on": FromToday(1)},
            {"mitigation_verified_on"},
        ),
        (
            {"existing_mitigation": "", "mitigation_verified_by": "ICS officer"},
            {"existing_mitigation"},
        ),
    ],
)
def test_a_bad_residual_rating_is_refused_by_field(rating, changes, fields):
    for name, value in on_the_day(changes).items():
        setattr(rating, name, value)
    with pytest.raises(ValidationError) as refused:
        rating.full_clean()
    assert set(refused.value.message_dict) == fields


def test_the_database_refuses_half_a_residual_rating(rating):
    with pytest.raises(IntegrityError):
        RiskRating.objects.filter(pk=rating.pk).update(residual_likelihood=1)


def test_a_higher_app_adds_evidence_once_per_source(rating, deforestation):
    assessment = rating.assessment
    first = risk_evidence_add(
        assessment=assessment,
        core_risk=deforestation,
        kind=RiskEvidence.Kind.FLAGGED_PLOTS,
        description="3 plots overlap forest loss after the cut-off",
        figure=3,
        unit="plots",
        observed_on=today(),
        link="https://example.org/maps/ashanti",
        source_key="supply_base:deforestation",
    )
    again = risk_evidence_add(
        assessment=assessment,
        core_risk=deforestation,
        kind=RiskEvidence.Kind.FLAGGED_PLOTS,
        description="5 plots overlap forest loss after the cut-off",
        figure=5,
        unit="plots",
        observed_on=today(),
        source_key="supply_base:deforestation",
    )
    typed = risk_evidence_add(
        assessment=assessment,
        core_risk=deforestation,
        kind=RiskEvidence.Kind.DESK_DATA,
        description="Global Forest Watch: 40 ha tree cover loss in the district since 2020",
        observed_on=today(),
    )

    assert first.pk == again.pk != typed.pk
    [(cited, evidence)] = risk_evidence_by_rating(assessment=assessment)
    assert cited == rating
    assert [(row.description, row.figure) for row in evidence] == [
        ("5 plots overlap forest loss after the cut-off", 5),
        ("Global Forest Watch: 40 ha tree cover loss in the district since 2020", None),
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "rumour"}, "kind"),
        ({"description": ""}, "description"),
        ({"observed_on": FromToday(1)}, "observed_on"),
        ({"figure": -2}, "figure"),
        ({"link": "not a link"}, "link"),
    ],
)
def test_bad_evidence_is_refused_by_field_and_nothing_is_stored(
    rating, deforestation, changes, field
):
    values = {
        "kind": RiskEvidence.Kind.LABOUR_FINDINGS,
        "description": "Two children seen at harvest",
        "observed_on": today(),
        **on_the_day(changes),
    }
    with pytest.raises(ValidationError) as refused:
        risk_evidence_add(assessment=rating.assessment, core_risk=deforestation, **values)
    assert field in refused.value.message_dict
    assert not RiskEvidence.objects.exists()


def test_only_a_keeper_of_the_assessment_adds_evidence(rating, deforestation):
    from content.factories import UserFactory

    vietnam = UserFactory(
        username="lan", groups=[Country.objects.get(slug="vietnam").national_platform_group]
    )
    with pytest.raises(PermissionDenied):
        risk_evidence_add(
            assessment=rating.assessment,
            core_risk=deforestation,
            kind="other",
            description="Forged",
            observed_on=today(),
            user=vietnam,
        )
    assert not RiskEvidence.objects.exists()


def _form(group, risk, *, evidence_risk, residual=("", "")):
    data = {
        "country": group.country_id,
        "group": group.pk,
        "region": "",
        "assessed_on": "2026-05-04",
        "source": "Field visit",
        "ratings-TOTAL_FORMS": 1,
        "ratings-INITIAL_FORMS": 0,
        "ratings-MIN_NUM_FORMS": 0,
        "ratings-MAX_NUM_FORMS": 1000,
        "ratings-0-core_risk": risk.pk,
        "ratings-0-likelihood": 4,
        "ratings-0-severity": 5,
        "ratings-0-existing_mitigation": "Boundaries mapped, checked by the ICS officer.",
        "ratings-0-mitigation_verified_on": "2026-04-20",
        "ratings-0-mitigation_verified_by": "Field visit by the ICS officer",
        "ratings-0-residual_likelihood": residual[0],
        "ratings-0-residual_severity": residual[1],
        "ratings-0-ORDER": 1,
        "evidence_rows-TOTAL_FORMS": 1,
        "evidence_rows-INITIAL_FORMS": 0,
        "evidence_rows-MIN_NUM_FORMS": 0,
        "evidence_rows-MAX_NUM_FORMS": 1000,
        "evidence_rows-0-core_risk": evidence_risk.pk,
        "evidence_rows-0-kind": "flagged_plots",
        "evidence_rows-0-observed_on": "2026-04-01",
        "evidence_rows-0-description": "4 plots inside the forest reserve",
        "evidence_rows-0-figure": "4",
        "evidence_rows-0-unit": "plots",
        "evidence_rows-0-link": "",
        "evidence_rows-0-ORDER": 1,
    }
    return data


def test_the_admin_records_evidence_and_residual_and_shows_them(
    client, ghana_platform_member, deforestation
):
    group = ProducerGroupFactory(name="Ashanti cocoa farmers")
    client.force_login(ghana_platform_member)
    add = reverse(RiskAssessment.snippet_viewset.get_url_name("add"))

    response = client.post(
        add, _form(group, deforestation, evidence_risk=deforestation, residual=(2, 4))
    )

    assert response.status_code == 302
    assessment = RiskAssessment.objects.get()
    rating = assessment.ratings.get()
    assert (rating.level, rating.residual_level) == ("high", "medium")
    inspect = client.get(
        reverse(RiskAssessment.snippet_viewset.get_url_name("inspect"), args=[assessment.pk])
    ).content.decode()
    assert "4 plots inside the forest reserve" in inspect
    assert "Field visit by the ICS officer" in inspect
    assert "Level used by plans and dashboards" in inspect
    assert "High (4 \u00d7 5)" in inspect and "Medium (2 \u00d7 4)" in inspect


def test_the_admin_refuses_evidence_for_a_risk_not_rated_and_stores_nothing(
    client, ghana_platform_member, deforestation
):
    group = ProducerGroupFactory(name="Ashanti cocoa farmers")
    labour = NeedArea.objects.originals().filter(kind="core_risk").exclude(pk=deforestation.pk)[0]
    client.force_login(ghana_platform_member)
    add = reverse(RiskAssessment.snippet_viewset.get_url_name("add"))

    response = client.post(add, _form(group, deforestation, evidence_risk=labour))

    assert response.status_code == 200
    assert "is not rated in this assessment" in response.content.decode()
    assert not RiskAssessment.objects.exists() and not RiskEvidence.objects.exists()


def test_a_checks_evidence_about_a_risk_not_rated_does_not_stop_the_save(
    client, ghana_platform_member, deforestation
):
    """The supply base's tenure row names "land rights", which the assessment does not rate
    yet: the platform still saves its residual rating, and the row is shown apart."""
    group = ProducerGroupFactory(name="Ashanti cocoa farmers")
    client.force_login(ghana_platform_member)
    client.post(
        reverse(RiskAssessment.snippet_viewset.get_url_name("add")),
        _form(group, deforestation, evidence_risk=deforestation),
    )
    assessment = RiskAssessment.objects.get()
    land = NeedArea.objects.get(slug="land-rights")
    written = risk_evidence_add(
        assessment=assessment,
        core_risk=land,
        kind="undocumented_tenure",
        description="1 of 3 plots (1.00 ha) without documented tenure. Members: AC-001.",
        observed_on=today(),
        source_key="supply_base:tenure",
    )
    typed = assessment.evidence_rows.get(source_key="")
    rating = assessment.ratings.get()
    data = _form(group, deforestation, evidence_risk=deforestation, residual=(2, 4))
    data.update(
        {
            "ratings-INITIAL_FORMS": 1,
            "ratings-0-id": rating.pk,
            "evidence_rows-TOTAL_FORMS": 2,
            "evidence_rows-INITIAL_FORMS": 2,
            "evidence_rows-0-id": typed.pk,
            "evidence_rows-1-id": written.pk,
            "evidence_rows-1-core_risk": land.pk,
            "evidence_rows-1-kind": "undocumented_tenure",
            "evidence_rows-1-observed_on": today().isoformat(),
            "evidence_rows-1-description": written.description,
            "evidence_rows-1-figure": "1",
            "evidence_rows-1-unit": "plots",
            "evidence_rows-1-link": "",
            "evidence_rows-1-ORDER": 2,
        }
    )

    response = client.post(
        reverse(RiskAssessment.snippet_viewset.get_url_name("edit"), args=[assessment.pk]), data
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    rating.refresh_from_db()
    assert rating.residual_level == "medium"
    assert assessment.evidence_rows.count() == 2
    inspect = client.get(
        reverse(RiskAssessment.snippet_viewset.get_url_name("inspect"), args=[assessment.pk])
    ).content.decode()
    assert "Evidence about core risks not rated here" in inspect
    assert "without documented tenure. Members: AC-001." in inspect

    # The same row moved by a person to another risk not rated is theirs: refused.
    labour = NeedArea.objects.get(slug="labour-rights")
    data["evidence_rows-1-core_risk"] = labour.pk
    response = client.post(
        reverse(RiskAssessment.snippet_viewset.get_url_name("edit"), args=[assessment.pk]), data
    )
    assert response.status_code == 200
    assert "is not rated in this assessment" in response.content.decode()
    assert RiskEvidence.objects.get(pk=written.pk).core_risk == land


def test_coverage_counts_a_high_risk_lowered_by_mitigation_as_medium(rating):
    from training_plans.coverage import coverage_gaps

    def high_risks():
        return [
            gap
            for country in coverage_gaps(countries=Country.objects.filter(slug="ghana"))
            for gap in country.gaps
            if gap.risk_level is not None
        ]

    assert high_risks()
    RiskRating.objects.filter(pk=rating.pk).update(residual_likelihood=2, residual_severity=3)
    assert not high_risks()
