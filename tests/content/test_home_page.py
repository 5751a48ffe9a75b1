import pytest

from modules.factories import TrainingModulePageFactory

pytestmark = pytest.mark.django_db


def test_home_page_explains_the_levels_and_leads_to_the_backpack(client, backpack):
    TrainingModulePageFactory(parent=backpack, title="Forming a group")

    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    for level in ["Low", "Moderate", "Adequate", "Specialized"]:
        assert level in html
    assert "Developing an initial quality management system (QMS)." in html
    assert f'href="{backpack.url}?level=moderate"' in html
    assert "Forming a group" in html  # recently updated modules
    assert f'href="{backpack.url}"' in html  # the navigation


def test_the_site_structure_is_created_once(backpack):
    from content.services import site_structure_ensure
    from modules.models import BackpackPage

    again = site_structure_ensure()

    assert again.pk == backpack.pk
    assert BackpackPage.objects.count() == 1


def test_a_missing_page_gets_a_friendly_404(client, backpack):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
