"""Flagged plots and undocumented tenure reach the group's risk rating as evidence
(issue 20, point 4; decision 0029): written once per source and updated, removed when the
flags are lifted, refreshed when the transaction commits after imports, walks and checks."""

import datetime
import uuid

import pytest

from supply_base.deforestation import forest_loss_upload
from supply_base.models import DeforestationFlag, ForestLossLayer, Plot, Tenure
from supply_base.plot_import import plot_import
from supply_base.risk_evidence import (
    DEFORESTATION_SOURCE,
    TENURE_SOURCE,
    risk_evidence_refresh,
    risk_evidence_refresh_on_commit,
)
from supply_base.services import WalkedPlotIn, plot_walked_record
from training_plans.factories import RiskAssessmentFactory
from training_plans.models import RiskEvidence

from .conftest import LON, SIDE, collection, feature, polygon, square

pytestmark = pytest.mark.django_db
CUT_OFF = datetime.date(2020, 12, 31)


@pytest.fixture
def assessment(group, django_capture_on_commit_callbacks):
    # Its own refresh runs here: a test never commits, and a refresh left waiting would
    # take the groups of the test's later changes (one refresh per transaction).
    with django_capture_on_commit_callbacks(execute=True):
        return RiskAssessmentFactory(group=group, assessed_on=datetime.date(2026, 5, 4))


def import_plots(group, platform, capture):
    with capture(execute=True):
        report = plot_import(
            group=group,
            file_name="plots.geojson",
            data=collection(
                feature(polygon(), member_code="AC-001", name="North", tenure="documented"),
                feature(polygon(square(lon=LON + 0.01)), member_code="AC-002", name="Far"),
            ),
            user=platform,
        )
    assert report.problems == []


def upload_loss(ghana, platform, capture, *, lon=LON, name="GFW loss"):
    with capture(execute=True):
        report = forest_loss_upload(
            country=ghana,
            name=name,
            source="Global Forest Watch",
            cut_off_date=CUT_OFF,
            file_name=f"{name}.geojson",
            data=collection(feature(polygon(square(lon=lon)), loss_year=23)),
            user=platform,
        )
    assert report.problems == []
    return report


def rows(assessment):
    return {row.source_key: row for row in RiskEvidence.objects.filter(assessment=assessment)}


def test_an_import_writes_the_tenure_evidence_on_the_land_rights_risk(
    group, farmers, platform, assessment, django_capture_on_commit_callbacks
):
    import_plots(group, platform, django_capture_on_commit_callbacks)
    found = rows(assessment)
    assert set(found) == {TENURE_SOURCE}
    tenure = found[TENURE_SOURCE]
    # Matched by the core risk's slug, never by its name.
    assert tenure.core_risk.slug == "land-rights"
    assert tenure.kind == RiskEvidence.Kind.UNDOCUMENTED_TENURE
    assert tenure.figure == 1 and tenure.unit == "plots"
    # Member codes, never names (decision 0023).
    assert "AC-002" in tenure.description and "Kojo" not in tenure.description
    assert "1 of 2 plots" in tenure.description


def test_a_flag_is_evidence_once_updated_and_removed_when_lifted(
    ghana, group, farmers, platform, assessment, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    import_plots(group, platform, capture)
    upload_loss(ghana, platform, capture)
    flagged = rows(assessment)[DEFORESTATION_SOURCE]
    assert flagged.core_risk.slug == "deforestation"
    assert flagged.kind == RiskEvidence.Kind.FLAGGED_PLOTS
    assert (flagged.figure, flagged.unit) == (1, "plots")
    assert "AC-001" in flagged.description and "2020-12-31" in flagged.description

    # A second layer flags the other plot too: the same row, updated, not a second one.
    upload_loss(ghana, platform, capture, lon=LON + 0.01, name="Second")
    assert RiskEvidence.objects.filter(source_key=DEFORESTATION_SOURCE).count() == 1
    again = rows(assessment)[DEFORESTATION_SOURCE]
    assert again.pk == flagged.pk and again.figure == 2 and "AC-002" in again.description

    # Running it again changes nothing.
    risk_evidence_refresh(group)
    assert RiskEvidence.objects.filter(assessment=assessment).count() == 2

    # The layers deleted: no flag is left, and the claim goes with them.
    with capture(execute=True):
        for layer in ForestLossLayer.objects.all():
            layer.delete()
    assert not DeforestationFlag.objects.exists()
    assert set(rows(assessment)) == {TENURE_SOURCE}


def test_every_tenure_documented_removes_the_tenure_evidence(
    group, farmers, platform, assessment, django_capture_on_commit_callbacks
):
    import_plots(group, platform, django_capture_on_commit_callbacks)
    far = Plot.objects.get(name="Far")
    far.tenure = Tenure.DOCUMENTED
    far.tenure_document = "title"
    with django_capture_on_commit_callbacks(execute=True):
        far.save()  # as the admin's edit form does
    assert rows(assessment) == {}


def test_a_persons_own_evidence_is_never_touched(
    group, farmers, platform, assessment, django_capture_on_commit_callbacks
):
    from reference.models import NeedArea
    from training_plans.services import risk_evidence_add

    typed = risk_evidence_add(
        assessment=assessment,
        core_risk=NeedArea.objects.originals().get(slug="land-rights"),
        kind=RiskEvidence.Kind.OTHER,
        description="Two boundary disputes heard at the consultation",
        observed_on=datetime.date(2026, 5, 1),
    )
    import_plots(group, platform, django_capture_on_commit_callbacks)
    risk_evidence_refresh(group)
    assert RiskEvidence.objects.filter(pk=typed.pk).exists()
    assert RiskEvidence.objects.filter(assessment=assessment).count() == 2


def test_the_latest_assessment_gets_the_evidence_and_a_new_one_starts_with_it(
    group, farmers, platform, assessment, django_capture_on_commit_callbacks
):
    import_plots(group, platform, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        newer = RiskAssessmentFactory(group=group, assessed_on=datetime.date(2026, 9, 1))
    assert set(rows(newer)) == {TENURE_SOURCE}
    # The older assessment keeps what it rested on.
    assert set(rows(assessment)) == {TENURE_SOURCE}


def test_without_a_risk_assessment_nothing_is_written(group, farmers, platform):
    assert risk_evidence_refresh(group) is None
    assert not RiskEvidence.objects.exists()


def test_a_walked_plot_refreshes_the_evidence(
    ghana, group, farmers, group_trainer, assessment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = plot_walked_record(
            user=group_trainer,
            data=WalkedPlotIn(
                id=uuid.uuid4(),
                farmer_id=farmers["ama"].pk,
                points=square(),
                name="Walked",
                commodity="cocoa",
                tenure="undocumented",
            ),
        )
    assert result.status == "accepted"
    assert rows(assessment)[TENURE_SOURCE].figure == 1


def test_one_transaction_refreshes_each_group_once(
    group, farmers, assessment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        risk_evidence_refresh_on_commit([group.pk])
        risk_evidence_refresh_on_commit([group.pk, None])
    assert len(callbacks) == 1


def test_a_square_far_from_every_plot_flags_nothing(
    ghana, group, farmers, platform, assessment, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    import_plots(group, platform, capture)
    upload_loss(ghana, platform, capture, lon=LON + 0.05 + SIDE)
    assert DEFORESTATION_SOURCE not in rows(assessment)
