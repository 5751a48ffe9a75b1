"""The admin reads as a person writes: no raw "None", "True" or "False" on listings and
inspect pages (issue 23, point 8)."""

import re

import pytest
from django.utils import timezone

from internal_control.seed import illustrative_catalogues_ensure
from scorm.models import ScormPackage
from tests.scorm.packages import SCORM_12, package
from training_delivery.factories import FarmerFactory

pytestmark = pytest.mark.django_db
RAW = re.compile(r">\s*(None|True|False)\s*<")


def main_content(response) -> str:
    assert response.status_code == 200
    return response.content.decode().split('id="main"', 1)[1]


def test_listings_and_inspect_pages_show_no_raw_python_values(client, superuser):
    client.force_login(superuser)
    FarmerFactory(member_code="AC-1", consent_given=True, consent_date=timezone.localdate())
    FarmerFactory(member_code="AC-2", consent_given=False, birth_year=None)
    illustrative_catalogues_ensure()
    course = package(SCORM_12)  # uploaded by no one: the loader's way
    assert ScormPackage.objects.get().uploaded_by is None

    pages = [
        "/admin/snippets/training_delivery/farmer/",
        "/admin/snippets/internal_control/requirementcatalogue/",
        f"/admin/snippets/scorm/scormpackage/inspect/{course.pk}/",
        "/admin/snippets/organisation_levels/rubric/",
    ]
    for url in pages:
        html = main_content(client.get(url))
        assert not RAW.search(html), f"{url}: {RAW.search(html).group(0)}"
    inspect = main_content(client.get(f"/admin/snippets/scorm/scormpackage/inspect/{course.pk}/"))
    assert "—" in inspect
