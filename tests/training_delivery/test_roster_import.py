"""Importing a group's roster in the admin: add or update by member code, all or nothing."""

import io

import openpyxl
import pandas as pd
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from content.factories import UserFactory
from training_delivery.factories import FarmerFactory
from training_delivery.models import Farmer

URL = "/admin/rosters/import/"
HEADER = "Member code,Name,Gender,Birth year,Consent to data use,Consent date"


def csv_file(*lines, header=HEADER):
    return SimpleUploadedFile("roster.csv", "\n".join([header, *lines]).encode())


@pytest.fixture
def platform(client, group):
    user = UserFactory(
        username="ghana-admin",
        groups=[group.country.national_platform_group],
        is_staff=False,
    )
    client.force_login(user)
    return user


def post(client, group, file):
    return client.post(URL, {"group": group.pk, "file": file})


def test_new_codes_are_added_known_ones_updated_and_others_left_alone(client, platform, group):
    Farmer.objects.filter(member_code="M-2").update(removed_at="2026-01-01T00:00Z")

    response = post(
        client,
        group,
        csv_file(
            "M-1,Akosua Boateng,Woman,1978,yes,2026-03-01",
            "M-2,Kwabena Owusu,m,1969,,",
            "M-9,Ama Serwaa,femme,,non,",
        ),
    )

    assert response.status_code == 302
    roster = {f.member_code: f for f in group.farmers.all()}
    assert sorted(roster) == ["M-1", "M-2", "M-3", "M-9"]
    assert (roster["M-1"].name, roster["M-1"].gender, roster["M-1"].consent_given) == (
        "Akosua Boateng",
        "female",
        True,
    )
    assert roster["M-2"].removed_at is None  # back on the roster
    assert (roster["M-9"].gender, roster["M-9"].consent_given) == ("female", False)
    assert roster["M-3"].name.startswith("Farmer")  # not in the file: untouched


@pytest.mark.parametrize(
    ("line", "column", "words"),
    [
        (",Nameless code,,,,", "Member code", "member code is empty"),
        ("M-5,,,,,", "Name", "name is empty"),
        ("M-5,Ama,robot,,,", "Gender", "not a gender we know"),
        ("M-5,Ama,,3000,,", "Birth year", "a year from 1900"),
        ("M-5,Ama,,,perhaps,", "Consent to data use", "Write yes or no"),
        ("M-5,Ama,,,yes,", "Consent date", "Give the date"),
        ("M-5,Ama,,,yes,01/03/2026", "Consent date", "YYYY-MM-DD"),
        ("M-5,Ama,,,yes,2999-01-01", "Consent date", "cannot be in the future"),
        ("M-5,Ama,,,no,2026-01-01", "Consent to data use", "write yes"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_stored(client, platform, group, line, column, words):
    before = list(group.farmers.values_list("member_code", "name"))

    response = post(client, group, csv_file("M-6,Good Row,woman,1980,,", line))

    problems = response.context["problems"]
    assert [(p.row, p.column) for p in problems] == [(3, column)]
    assert words in problems[0].message
    assert list(group.farmers.values_list("member_code", "name")) == before


def test_a_code_twice_in_the_file_is_named_with_both_rows(client, platform, group):
    response = post(client, group, csv_file("M-7,Ama,,,,", "m-7,Ama again,,,,"))

    (problem,) = response.context["problems"]
    assert (problem.row, "also on row 2") == (3, "also on row 2")
    assert "also on row 2" in problem.message


def test_a_file_unfit_as_a_whole_is_refused_at_the_file_field(client, platform, group):
    response = post(client, group, SimpleUploadedFile("roster.pdf", b"%PDF-1.4"))

    assert "Only .xlsx" in response.context["form"].errors["file"][0]


def test_another_countrys_group_is_not_a_choice(client, platform, group, vietnam_group):
    response = post(client, vietnam_group, csv_file("V-1,Lan,,,,"))

    assert "group" in response.context["form"].errors
    assert not vietnam_group.farmers.exists()


def test_a_trainer_may_not_import_rosters(client, field_trainer, group):
    client.force_login(field_trainer)

    response = post(client, group, csv_file("M-8,Ama,,,,"))

    assert response.status_code in (302, 403)
    assert not group.farmers.filter(member_code="M-8").exists()


def test_the_excel_template_round_trips(client, platform, group):
    content = client.get(reverse("training_delivery_roster_template", args=["xlsx"])).content
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    workbook.active.append(["M-20", "Yaw Mensah", "Man", 1990, "Yes", "2026-02-02"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    post(client, group, SimpleUploadedFile("roster.xlsx", buffer.getvalue()))

    farmer = group.farmers.get(member_code="M-20")
    assert (farmer.gender, farmer.birth_year, str(farmer.consent_date)) == (
        "male",
        1990,
        "2026-02-02",
    )
    guide = pd.read_excel(io.BytesIO(content), sheet_name="How to fill", header=None, dtype=str)
    assert "Member code" in " ".join(guide.fillna("").to_numpy().ravel())


def test_a_farmer_who_attended_is_removed_not_deleted(client, platform, group):
    from training_delivery.factories import TrainingSessionFactory
    from training_delivery.models import Attendance

    farmer = group.farmers.get(member_code="M-1")
    Attendance.objects.create(session=TrainingSessionFactory(group=group), farmer=farmer)
    unused = FarmerFactory(group=group, member_code="M-30")

    policy = Farmer.snippet_viewset.permission_policy

    assert not policy.user_has_permission_for_instance(platform, "delete", farmer)
    assert policy.user_has_permission_for_instance(platform, "delete", unused)
