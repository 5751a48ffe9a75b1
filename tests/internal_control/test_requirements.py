"""One internal control system for several standards: requirements as versioned data,
imported from a spreadsheet, mapped onto control points, and the crosswalk (issue 21,
points 1 and 2)."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from content.factories import UserFactory
from internal_control.models import ControlPoint, RequirementCatalogue
from internal_control.requirement_import import (
    requirement_import,
    requirement_import_read,
    requirement_template_xlsx,
)
from internal_control.seed import illustrative_catalogues_ensure
from internal_control.selectors import control_point_standards, crosswalk
from internal_control.services import catalogue_activate, catalogue_create, catalogue_new_version
from reference import roles
from reference.models import Standard

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee():
    return UserFactory(username="amara", groups=[roles.TECHNICAL_COMMITTEE])


def csv_upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("requirements.csv", text.encode(), content_type="text/csv")


def test_one_control_point_covers_requirements_of_two_standards_and_the_gap_shows():
    assert illustrative_catalogues_ensure() > 0
    assert illustrative_catalogues_ensure() == 0  # again: nothing new
    standards = {entry.catalogue.standard.slug: entry for entry in crosswalk()}
    fairtrade, rainforest = standards["fairtrade"], standards["rainforest-alliance"]
    assert fairtrade.catalogue.illustrative and fairtrade.covered_percent == 100
    assert [req.code for req in rainforest.uncovered] == ["5.1.6"]
    assert rainforest.covered_percent == 75
    register = ControlPoint.objects.get(code="ICS-01")
    assert control_point_standards()[register.pk] == ["Fairtrade", "Rainforest Alliance"]


def test_the_crosswalk_reads_in_three_queries_whatever_its_size(django_assert_num_queries):
    illustrative_catalogues_ensure()
    with django_assert_num_queries(3):
        entries = crosswalk()
        [req.control_points.all() for entry in entries for req in entry.requirements]


def test_a_draft_is_imported_all_or_nothing_with_each_problem_named(committee):
    illustrative_catalogues_ensure()
    draft = catalogue_create(standard=Standard.objects.get(slug="4c"), user=committee)
    bad = csv_upload(
        "Code,Requirement,Applies to,From level,Control points\n"
        "A.1,Members keep spray records,each member,,ICS-04\n"
        "A.1,Duplicate code,,,\n"
        "A.2,,the village,Expert,ICS-99\n"
    )
    report = requirement_import(
        catalogue=draft, rows=requirement_import_read(file=bad), user=committee
    )
    problems = {(p.row, p.column): p.message for p in report.problems}
    assert problems[(3, "Code")] == "The code A.1 is also on row 2."
    assert problems[(4, "Requirement")] == "The requirement is empty."
    assert "is not one we know" in problems[(4, "Applies to")]
    assert "“Expert” is not an organisation level" in problems[(4, "From level")]
    assert "There is no control point ICS-99" in problems[(4, "Control points")]
    assert not draft.requirements.exists()

    good = csv_upload(
        "code,requirement,applies to,from level,control points\n"
        "A.1,Members keep spray records,Chaque membre,,ICS-04\n"
        'A.2,The group inspects every member,The group,Moderate,"ICS-06, ICS-02"\n'
    )
    report = requirement_import(
        catalogue=draft, rows=requirement_import_read(file=good), user=committee
    )
    assert (report.added, report.updated, report.problems) == (2, 0, [])
    second = draft.requirements.get(code="A.2")
    assert second.applies_to == "group" and second.from_level.slug == "moderate"
    assert sorted(p.code for p in second.control_points.all()) == ["ICS-02", "ICS-06"]


def test_an_active_catalogue_is_frozen_and_a_new_version_copies_its_coverage(committee):
    illustrative_catalogues_ensure()
    active = RequirementCatalogue.objects.get(standard__slug="fairtrade")
    upload = csv_upload("code,requirement\n9.9,Something new\n")
    report = requirement_import(
        catalogue=active, rows=requirement_import_read(file=upload), user=committee
    )
    assert "can no longer change" in report.problems[0].message
    assert not active.requirements.filter(code="9.9").exists()

    draft = catalogue_new_version(catalogue=active, user=committee)
    assert (draft.version, draft.status, draft.requirements.count()) == (2, "draft", 4)
    copied = draft.requirements.get(code="4.2.1")
    assert sorted(p.code for p in copied.control_points.all()) == ["ICS-02", "ICS-06"]
    catalogue_activate(catalogue=draft, user=committee)
    active.refresh_from_db()
    assert active.status == "retired"
    assert RequirementCatalogue.objects.get(standard__slug="fairtrade", status="active") == draft
    with pytest.raises(ValidationError):
        catalogue_activate(catalogue=draft, user=committee)  # already active


def test_the_template_lists_the_columns_and_the_levels():
    workbook = openpyxl.load_workbook(io.BytesIO(requirement_template_xlsx()))
    header = [cell.value for cell in workbook.worksheets[0][1]]
    assert header[:2] == ["Code", "Requirement"]
    guide = " ".join(str(cell.value) for row in workbook.worksheets[-1].iter_rows() for cell in row)
    assert "Moderate" in guide and "Each member" in guide


def test_the_admin_screens_for_the_committee_and_a_platform(client, committee):
    illustrative_catalogues_ensure()
    client.force_login(committee)
    page = client.get("/admin/internal-control/crosswalk/").content.decode()
    assert "Illustrative example written for training" in page and "Not covered" in page
    assert "Make a new version to change it" in page
    active = RequirementCatalogue.objects.get(standard__slug="fairtrade")
    response = client.post(f"/admin/internal-control/catalogues/{active.pk}/new-version/")
    assert response.status_code == 302
    draft = RequirementCatalogue.objects.get(standard__slug="fairtrade", status="draft")
    assert (
        client.post(f"/admin/internal-control/catalogues/{draft.pk}/activate/").status_code == 302
    )
    assert RequirementCatalogue.objects.get(pk=draft.pk).status == "active"
    assert client.get("/admin/snippets/internal_control/controlpoint/").status_code == 200
    listing = client.get("/admin/snippets/internal_control/requirementcatalogue/")
    assert listing.status_code == 200
    # A frozen catalogue's edit form refuses changes.
    edit = f"/admin/snippets/internal_control/requirementcatalogue/edit/{active.pk}/"
    assert client.get(edit).status_code == 200

    platform = UserFactory(username="ghana", groups=["National platform: Ghana"])
    client.force_login(platform)
    assert client.get("/admin/internal-control/crosswalk/").status_code == 200
    # Wagtail answers a refusal in the admin by sending back to the dashboard.
    refused = client.post(f"/admin/internal-control/catalogues/{draft.pk}/new-version/")
    assert (refused.status_code, refused.url) == (302, "/admin/")
    assert not RequirementCatalogue.objects.filter(status="draft").exists()
    assert client.get("/admin/internal-control/requirements/import/").url == "/admin/"
