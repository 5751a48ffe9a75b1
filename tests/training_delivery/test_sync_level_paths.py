"""The sync download names each group's level path (issue 18, point 1): the app keeps
only those modules to read offline."""

import pytest

from modules.factories import TrainingModulePageFactory
from organisation_levels.models import LevelAssessment, Rubric
from reference.models import OrganisationLevel

pytestmark = pytest.mark.django_db


def test_a_group_s_path_is_the_modules_of_its_confirmed_level_else_the_lowest(
    api, group, backpack, field_trainer
):
    low = TrainingModulePageFactory(parent=backpack, code="PO-01", title="Meetings")
    moderate = TrainingModulePageFactory(
        parent=backpack,
        code="QM-02",
        title="Internal inspections",
        levels=[OrganisationLevel.objects.originals().get(slug="moderate")],
    )
    for page in (low, moderate):
        page.save_revision().publish()

    row = api.get("/api/v1/sync/").json()["groups"][0]
    assert row["path"] == [str(low.translation_key)]
    assert row["level"] == OrganisationLevel.objects.originals().get(slug="low").pk

    LevelAssessment.objects.create(
        group=group,
        rubric=Rubric.objects.originals().get(version=1),
        answers={},
        level=OrganisationLevel.objects.originals().get(slug="moderate"),
        status=LevelAssessment.Status.CONFIRMED,
    )
    row = api.get("/api/v1/sync/").json()["groups"][0]
    assert row["path"] == [str(moderate.translation_key)]
