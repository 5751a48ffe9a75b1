"""Sessions typed in from paper forms: two sheets, the app's rules, all or nothing."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from content.factories import UserFactory
from reference import roles
from training_delivery.models import Attendance, TrainingSession

URL = "/admin/sessions/import/"


@pytest.fixture
def platform(client, group, field_trainer):
    user = UserFactory(username="ghana-admin", groups=[group.country.national_platform_group])
    client.force_login(user)
    return user


def workbook(sessions, attendance, client=None):
    """The downloaded template, filled with these rows."""
    content = client.get(reverse("training_delivery_paper_template")).content
    book = openpyxl.load_workbook(io.BytesIO(content))
    sessions_sheet, attendance_sheet = book.worksheets[0], book.worksheets[1]
    for row in sessions:
        sessions_sheet.append(row)
    for row in attendance:
        attendance_sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("paper.xlsx", buffer.getvalue())


def session_row(of_group, number=1, **changes):
    values = {
        "number": number,
        "group": of_group.name,
        "date": "2026-10-14",
        "start": "09:00",
        "end": "11:30",
        "method": "Farmer field school",
        "language": "English",
        "modules": "PO-01",
        "trainers": "kwame",
        "place": "Demo plot",
        "women": None,
        "men": None,
        "other": None,
        "notes": "",
    }
    values.update(changes)
    return list(values.values())


def test_sessions_and_their_attendance_are_imported(client, platform, group, module):
    file = workbook(
        [session_row(group, 1), session_row(group, 2, date="2026-10-21", women=6, men=4)],
        [[1, "M-1", 40, 80], [1, "M-2", None, 65]],
        client,
    )

    response = client.post(URL, {"file": file})

    assert response.status_code == 302, response.context and response.context.get("problems")
    first, second = TrainingSession.objects.order_by("date")
    assert (first.source, first.recorded_by, first.trainers.get().username) == (
        "paper",
        platform,
        "kwame",
    )
    assert {(a.farmer.member_code, a.pre_score, a.post_score) for a in first.attendance.all()} == {
        ("M-1", 40, 80),
        ("M-2", None, 65),
    }
    assert (second.women_count, second.men_count, second.attendance.count()) == (6, 4, 0)
    assert first.modules_covered.get().module_id == module.pk


def test_the_same_file_twice_stores_nothing_twice(client, platform, group, module):
    rows = ([session_row(group)], [[1, "M-1", 40, 80]])
    client.post(URL, {"file": workbook(*rows, client)})

    response = client.post(URL, {"file": workbook(*rows, client)})

    (problem,) = response.context["problems"]
    assert "already imported" in problem.message
    assert TrainingSession.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "attendance", "where", "words"),
    [
        ({"group": "Nowhere"}, [], ("Sessions", 3, "Producer group"), "not a producer group"),
        ({"date": "14/10/2026"}, [], ("Sessions", 3, "Date"), "YYYY-MM-DD"),
        ({"date": "2999-01-01"}, [], ("Sessions", 3, "Date"), "in the future"),
        ({"start": "9 o'clock"}, [], ("Sessions", 3, "Start"), "HH:MM"),
        ({"end": "08:00"}, [], ("Sessions", 3, "End"), "end after it starts"),
        ({"method": "radio"}, [], ("Sessions", 3, "Method"), "not a method"),
        ({"language": "Klingon"}, [], ("Sessions", 3, "Language"), "not one of the site's"),
        ({"modules": "XX-99"}, [], ("Sessions", 3, "Modules"), "No published module"),
        (
            {"trainers": "nobody"},
            [],
            ("Sessions", 3, "Trainers"),
            "is not a trainer of your groups",
        ),
        ({"women": "many"}, [], ("Sessions", 3, "Women"), "whole number"),
        ({}, [[2, "M-99", 10, 20]], ("Attendance", 2, "Member code"), "Not on the roster"),
        ({}, [[2, "M-1", 10, 120]], ("Attendance", 2, "Score after"), "less than or equal to 100"),
        ({}, [[7, "M-1", 10, 20]], ("Attendance", 2, "Session no."), "no session no. 7"),
        ({"women": None}, [], ("Sessions", 3, "Women"), "No one attended"),
    ],
)
def test_a_bad_row_is_named_by_sheet_row_and_column_and_nothing_is_stored(
    client, platform, group, module, changes, attendance, where, words
):
    good = session_row(group, 1, date="2026-10-01", women=3)
    counted = {} if attendance else {"women": 2}
    file = workbook([good, session_row(group, 2, **{**counted, **changes})], attendance, client)

    response = client.post(URL, {"file": file})

    problems = response.context["problems"]
    assert any((p.sheet, p.row, p.column) == where and words in p.message for p in problems), (
        problems
    )
    assert not TrainingSession.objects.exists()
    assert not Attendance.objects.exists()


def test_trainers_are_found_only_among_the_platforms_trainers(client, platform, group, module):
    # An account that trains none of the platform's groups is "not a trainer of your
    # groups", exactly like a name nobody has: the file tells nothing about other accounts.
    UserFactory(username="stranger", email="stranger@example.org")

    for name in ("stranger", "stranger@example.org", "nobody"):
        response = client.post(
            URL, {"file": workbook([session_row(group, trainers=name, women=2)], [], client)}
        )
        (problem,) = response.context["problems"]
        assert (problem.column, problem.message) == (
            "Trainers",
            f"{name} is not a trainer of your groups (user name or e-mail address).",
        )


def test_a_trainer_of_another_group_is_named_as_such(client, platform, group, module):
    from organisation_levels.factories import ProducerGroupFactory

    other = ProducerGroupFactory(name="Kumasi growers")
    colleague = UserFactory(username="yaw", groups=[roles.TRAINERS])
    other.trainers.add(colleague)
    other.save()

    response = client.post(
        URL, {"file": workbook([session_row(group, trainers="yaw", women=2)], [], client)}
    )

    (problem,) = response.context["problems"]
    assert problem.column == "Trainers" and "Not trainers of" in problem.message


def test_a_group_name_shared_by_two_countries_is_ambiguous(client, group, module):
    from organisation_levels.factories import ProducerGroupFactory
    from reference.models import Country

    ProducerGroupFactory(name=group.name, country=Country.objects.get(slug="vietnam"))
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.post(URL, {"file": workbook([session_row(group, women=2)], [], client)})

    problems = [p.message for p in response.context["problems"]]
    assert any("Several groups are called" in m and "Vietnam" in m for m in problems), problems
    assert not TrainingSession.objects.exists()


def test_only_xlsx_is_accepted(client, platform):
    response = client.post(URL, {"file": SimpleUploadedFile("paper.csv", b"a,b\n1,2")})

    assert "Only Excel (.xlsx)" in response.context["form"].errors["file"][0]


def test_trainers_and_managers_may_not_import_paper_forms(client, field_trainer):
    client.force_login(field_trainer)

    assert client.get(URL).status_code in (302, 403)


# --- Issue 14: what the import said about files tried from outside ------------------------


def test_a_formula_with_no_stored_result_is_named_not_read_as_empty(client, platform, group):
    content = client.get(reverse("training_delivery_paper_template")).content
    book = openpyxl.load_workbook(io.BytesIO(content))
    book.worksheets[0].append(session_row(group, 1, place="=UPPER(B2)", women=3))
    buffer = io.BytesIO()
    book.save(buffer)  # openpyxl, like many scripts, stores formulas without their results

    response = client.post(URL, {"file": SimpleUploadedFile("paper.xlsx", buffer.getvalue())})

    message = " ".join(response.context["form"].errors["file"])
    assert "J2" in message and "formulas" in message
    assert not TrainingSession.objects.exists()


def test_without_an_attendance_sheet_the_guide_is_not_read_as_attendance(
    client, platform, group, module
):
    content = client.get(reverse("training_delivery_paper_template")).content
    book = openpyxl.load_workbook(io.BytesIO(content))
    book.worksheets[0].append(session_row(group, 1))  # farmers listed nowhere, no head counts
    book.remove(book.worksheets[1])
    buffer = io.BytesIO()
    book.save(buffer)

    response = client.post(URL, {"file": SimpleUploadedFile("paper.xlsx", buffer.getvalue())})

    problems = response.context["problems"]
    assert [(p.sheet, p.row, p.column) for p in problems] == [("Sessions", 2, "Women")]
    assert "No one attended" in problems[0].message
    assert not TrainingSession.objects.exists()


def test_sheets_are_found_by_name_in_any_language_and_order(client, platform, group, module):
    file = workbook([session_row(group, 1)], [[1, "M-1", 40, 80]], client)
    book = openpyxl.load_workbook(file)
    book["Sessions"].title, book["Attendance"].title = "Séances", "Présences"
    book.move_sheet("Présences", offset=-1)  # Attendance first
    buffer = io.BytesIO()
    book.save(buffer)

    response = client.post(URL, {"file": SimpleUploadedFile("paper.xlsx", buffer.getvalue())})

    assert response.status_code == 302, response.context and response.context.get("problems")
    assert TrainingSession.objects.get().attendance.count() == 1


def test_the_same_session_twice_in_one_file_is_named_as_such(client, platform, group, module):
    file = workbook([session_row(group, 1, women=2), session_row(group, 2, women=3)], [], client)

    response = client.post(URL, {"file": file})

    (problem,) = response.context["problems"]
    assert (problem.sheet, problem.row) == ("Sessions", 3)
    assert "same session as row 2" in problem.message
    assert "already imported" not in problem.message
    assert not TrainingSession.objects.exists()


def test_every_problem_is_named_in_one_pass(client, platform, group, module):
    file = workbook(
        [
            session_row(group, 1, group="Nowhere", women=2),
            session_row(group, 2, date="2999-01-01", women=2),
        ],
        [],
        client,
    )

    response = client.post(URL, {"file": file})

    found = {(p.row, p.column) for p in response.context["problems"]}
    assert found == {(2, "Producer group"), (3, "Date")}
    assert not TrainingSession.objects.exists()
