import pytest

from reference.models import OrganisationLevel

pytestmark = pytest.mark.django_db


def test_the_four_levels_are_seeded_in_order_with_their_training_focus():
    levels = list(OrganisationLevel.objects.all())

    assert [level.name for level in levels] == ["Low", "Moderate", "Adequate", "Specialized"]
    assert [level.rank for level in levels] == [1, 2, 3, 4]
    assert levels[0].training_focus == "Strengthening producer organisation."
    assert "initial quality management system" in levels[1].training_focus
    assert "international markets" in levels[2].training_focus
    assert "without any form of internal control" in levels[0].description
