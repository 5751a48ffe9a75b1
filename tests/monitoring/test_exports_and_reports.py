"""Background exports with progress, and the yearly state-of-play report end to end
(issue 8, points 3, 4 and 6). Tasks run in process here (no broker), as in development;
the claim on each record (one run only) is what a worker adds, and is tested below."""

import csv
import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from content.factories import UserFactory
from modules.factories import TrainingModulePageFactory
from monitoring import services, tasks
from monitoring.models import DataExport, StateOfPlayReport, Status
from organisation_levels.factories import ProducerGroupFactory
from reference import roles
from reference.models import Country
from training_delivery.factories import FarmerFactory, TrainingSessionFactory
from training_delivery.models import Attendance, SessionModule

YEAR = {"start": "2026-01-01", "end": "2026-12-31"}


@pytest.fixture
def sessions(backpack):
    """Ghana: three sessions of Ashanti (one with two farmers scored 40 → 70 and 50 → 90).
    Vietnam: one session."""
    ashanti = ProducerGroupFactory(name="Ashanti")
    first = TrainingSessionFactory(group=ashanti, women_count=None, men_count=None)
    for pre, post in ((40, 70), (50, 90)):
        Attendance.objects.create(
            session=first, farmer=FarmerFactory(group=ashanti), pre_score=pre, post_score=post
        )
    for day in (1, 2):
        TrainingSessionFactory(group=ashanti, date=datetime.date(2026, 2, day))
    TrainingSessionFactory(group=ProducerGroupFactory(country=Country.objects.get(slug="vietnam")))
    for code in ("QM-01", "PO-01"):
        module = TrainingModulePageFactory(parent=backpack, code=code)
        module.save_revision().publish()
        SessionModule.objects.create(session=first, module=module)
    return first


def start_export(client, file_format="csv", **filters):
    return client.post(
        reverse("monitoring:export_start"), {**YEAR, **filters, "file_format": file_format}
    )


def test_a_sessions_export_runs_in_the_background_and_is_downloaded(
    client, ghana_platform_member, sessions
):
    client.force_login(ghana_platform_member)

    response = start_export(client)

    export = DataExport.objects.get()
    assert response["Location"] == reverse("monitoring:export_detail", args=[export.pk])
    assert (export.status, export.rows_total, export.rows_done) == (Status.READY, 3, 3)
    status = client.get(reverse("monitoring:export_status", args=[export.pk])).json()
    assert status["percent"] == 100 and status["download_url"]
    page = client.get(response["Location"]).content.decode()
    assert "Download the file" in page
    body = b"".join(client.get(status["download_url"]).streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 3  # Ghana only: the platform's scope, not Vietnam's session
    scored = next(row for row in rows if row["session_id"] == str(sessions.uuid))
    assert (scored["farmers_listed"], scored["average_score_before"]) == ("2", "45.0")
    assert scored["average_score_after"] == "80.0"
    # Issue 23, point 8: the codes of the modules covered, not how many there were.
    assert scored["modules_covered"] == "PO-01 QM-01"


def test_an_excel_export_holds_the_same_rows(client, committee_member, sessions):
    client.force_login(committee_member)

    start_export(client, "xlsx")

    export = DataExport.objects.get()
    sheet = load_workbook(export.file.open("rb")).active
    assert sheet.max_row == 1 + 4  # header and every country's sessions


def test_someone_elses_export_is_not_found(
    client, committee_member, ghana_platform_member, sessions
):
    client.force_login(committee_member)
    start_export(client)
    export = DataExport.objects.get()
    client.force_login(ghana_platform_member)

    for name in ("export_detail", "export_status", "export_download"):
        assert client.get(reverse(f"monitoring:{name}", args=[export.pk])).status_code == 404


def test_asking_again_while_an_export_is_under_way_finds_the_first(
    client, committee_member, sessions, monkeypatch
):
    monkeypatch.setattr(tasks.run_export, "delay", lambda export_id: None)  # stays queued
    client.force_login(committee_member)

    first = start_export(client)
    second = start_export(client)

    assert DataExport.objects.count() == 1
    assert first["Location"] == second["Location"]
    messages = [str(m) for m in second.wsgi_request._messages]
    assert messages == ["This export is already being made; it is shown below."]


@pytest.mark.parametrize(
    "post, message",
    [
        ({"file_format": "pdf"}, "Choose CSV or Excel for the export."),
        ({"file_format": "csv", "start": "2026-05-01", "end": "2026-01-01"}, "comes before"),
    ],
)
def test_a_bad_export_request_is_refused_with_a_message(client, committee_member, post, message):
    client.force_login(committee_member)

    response = client.post(reverse("monitoring:export_start"), post, follow=True)

    assert message in response.content.decode()
    assert not DataExport.objects.exists()


def test_an_export_of_a_country_not_granted_is_refused(client, ghana_viewer, sessions):
    Country.objects.get(slug="brazil").monitoring_viewers.add(ghana_viewer)
    client.force_login(ghana_viewer)
    vietnam = Country.objects.get(slug="vietnam")

    response = client.post(
        reverse("monitoring:export_start"),
        {**YEAR, "country": vietnam.pk, "file_format": "csv"},
        follow=True,
    )

    assert "Select a valid choice" in response.content.decode()
    assert not DataExport.objects.exists()


def test_a_platforms_export_keeps_to_its_country_whatever_is_posted(
    client, ghana_platform_member, sessions
):
    client.force_login(ghana_platform_member)

    start_export(client, country=Country.objects.get(slug="vietnam").pk)

    assert DataExport.objects.get().scope["country_ids"] == [Country.objects.get(slug="ghana").pk]


def test_a_failed_export_says_why_and_keeps_no_file(committee_member, sessions, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(services, "_write_csv", broken)
    export = DataExport.objects.create(
        requested_by=committee_member,
        scope=services.scope_to_json(services.scope_from_json({**YEAR})),
        filters="2026",
        file_format="csv",
    )

    services.export_run(export=export)

    export.refresh_from_db()
    assert (export.status, export.error, bool(export.file)) == (Status.FAILED, "disk full", False)


# --- The yearly report -------------------------------------------------------------


def request_report(client, year="2026", scope="global"):
    return client.post(reverse("monitoring:reports"), {"year": year, "scope": scope}, follow=True)


def pdf_text(file) -> str:
    # Text set in DejaVu comes out of pypdf with NUL bytes between the letters.
    return "\n".join(page.extract_text() for page in PdfReader(file).pages).replace("\x00", "")


def test_the_yearly_report_is_made_with_its_pdf_and_workbook(client, committee_member, sessions):
    client.force_login(committee_member)

    response = request_report(client)

    report = StateOfPlayReport.objects.get()
    assert report.status == Status.READY, report.error
    assert "State of play 2026: all countries is being made" in response.content.decode()
    pdf = client.get(reverse("monitoring:report_download", args=[report.pk, "pdf"]))
    text = pdf_text(io.BytesIO(b"".join(pdf.streaming_content)))
    assert "State of play 2026: all countries" in text
    assert "Training sessions" in text and "Level progression over the year" in text
    assert "Coverage gaps" in text
    headline = dict(report.headline)
    assert headline["Training sessions"] == 4
    assert headline["Average knowledge gain (points out of 100)"] == 35.0
    workbook_response = client.get(reverse("monitoring:report_download", args=[report.pk, "xlsx"]))
    workbook = load_workbook(io.BytesIO(b"".join(workbook_response.streaming_content)))
    assert "Headline figures" in workbook.sheetnames
    assert any(name.startswith("Level progression") for name in workbook.sheetnames)
    figures = {
        row[0]: row[1]
        for row in workbook["Headline figures"].iter_rows(min_row=5, values_only=True)
    }
    assert figures["Training sessions"] == 4


def test_a_country_report_counts_that_country_only(client, ghana_platform_member, sessions):
    client.force_login(ghana_platform_member)
    ghana = Country.objects.get(slug="ghana")

    request_report(client, scope=str(ghana.pk))

    report = StateOfPlayReport.objects.get()
    assert report.country == ghana and dict(report.headline)["Training sessions"] == 3


def test_a_report_in_french_is_written_in_french(client, committee_member, sessions):
    client.force_login(committee_member)

    client.post("/fr/dashboard/reports/", {"year": "2026", "scope": "global"})

    report = StateOfPlayReport.objects.get()
    assert report.language == "fr" and report.status == Status.READY
    text = pdf_text(report.pdf.open("rb"))
    assert "Chiffres clés" in text


def test_a_platform_cannot_ask_for_the_global_report_or_another_country(
    client, ghana_platform_member
):
    client.force_login(ghana_platform_member)

    for scope in ("global", str(Country.objects.get(slug="vietnam").pk), "ghana"):
        response = request_report(client, scope=scope)
        assert response.status_code == 400
        assert "Select a valid choice" in response.content.decode()
    assert request_report(client, year="1999").status_code == 400
    assert not StateOfPlayReport.objects.exists()


def test_reports_are_read_only_by_those_who_see_their_country(
    client, committee_member, ghana_platform_member, ghana_viewer
):
    vietnam = StateOfPlayReport.objects.create(
        year=2026, country=Country.objects.get(slug="vietnam"), status=Status.READY
    )
    vietnam.pdf.save("report.pdf", ContentFile(b"%PDF-1.4"), save=True)
    everywhere = StateOfPlayReport.objects.create(year=2026, status=Status.READY)
    everywhere.pdf.save("report.pdf", ContentFile(b"%PDF-1.4"), save=True)
    manager = UserFactory(username="manager", groups=[roles.PRODUCER_GROUP_MANAGERS])
    group = ProducerGroupFactory()
    group.managers.add(manager)
    group.save()

    for user in (ghana_platform_member, ghana_viewer):
        client.force_login(user)
        for report in (vietnam, everywhere):
            url = reverse("monitoring:report_download", args=[report.pk, "pdf"])
            assert client.get(url).status_code == 404
    client.force_login(manager)
    assert client.get(reverse("monitoring:reports")).status_code == 403
    client.force_login(committee_member)
    url = reverse("monitoring:report_download", args=[vietnam.pk, "pdf"])
    assert client.get(url).status_code == 200


def test_asking_for_a_report_being_made_finds_it(client, committee_member, monkeypatch):
    monkeypatch.setattr(tasks.build_report, "delay", lambda report_id: None)  # stays queued
    client.force_login(committee_member)

    request_report(client)
    response = request_report(client)

    assert StateOfPlayReport.objects.count() == 1
    assert "State of play 2026: all countries is already being made." in response.content.decode()


def test_the_schedule_makes_last_years_reports_once(backpack, sessions, monkeypatch):
    """On 2 January 2027: 2026's reports, global and per country. A Ghana report asked for
    in June 2026 covered half the year, so Ghana gets its yearly one all the same."""
    june = StateOfPlayReport.objects.create(
        year=2026, country=Country.objects.get(slug="ghana"), status=Status.READY
    )
    StateOfPlayReport.objects.filter(pk=june.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2026, 6, 15))
    )
    monkeypatch.setattr("monitoring.tasks.timezone.localdate", lambda: datetime.date(2027, 1, 2))

    assert tasks.build_last_years_reports() == 1 + Country.objects.count()
    made = StateOfPlayReport.objects.exclude(pk=june.pk)
    made.update(created_at=timezone.make_aware(datetime.datetime(2027, 1, 2, 2)))
    assert tasks.build_last_years_reports() == 0  # already made

    assert {report.status for report in made} == {Status.READY}
    assert made.filter(country__isnull=True, requested_by__isnull=True).count() == 1


def test_the_schedule_is_set_for_january():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["yearly-state-of-play"]
    assert entry["task"] == "monitoring.tasks.build_last_years_reports"
    assert entry["schedule"].month_of_year == {1}


def test_a_report_lost_with_its_worker_is_given_up_after_an_hour(client, committee_member):
    lost = StateOfPlayReport.objects.create(year=2026, status=Status.RUNNING)
    StateOfPlayReport.objects.filter(pk=lost.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=2)
    )
    client.force_login(committee_member)

    request_report(client)

    lost.refresh_from_db()
    assert lost.status == Status.FAILED and "within an hour" in lost.error
    assert StateOfPlayReport.objects.filter(status=Status.READY).count() == 1


def test_an_export_lost_with_its_worker_is_given_up_after_an_hour(
    client, committee_member, sessions, monkeypatch
):
    monkeypatch.setattr(tasks.run_export, "delay", lambda export_id: None)
    client.force_login(committee_member)
    start_export(client)
    DataExport.objects.update(created_at=timezone.now() - datetime.timedelta(hours=2))
    monkeypatch.undo()

    start_export(client)

    assert sorted(DataExport.objects.values_list("status", flat=True)) == [
        Status.FAILED,
        Status.READY,
    ]


def test_a_second_run_of_the_same_task_changes_nothing(committee_member, sessions):
    """A message delivered twice (a worker lost mid-way) finds the record claimed."""
    report = StateOfPlayReport.objects.create(year=2026)
    services.report_build(report=report)
    report.refresh_from_db()
    made = report.pdf.name

    services.report_build(report=report)
    StateOfPlayReport.objects.filter(pk=report.pk).update(status=Status.RUNNING)
    services.report_build(report=StateOfPlayReport.objects.get(pk=report.pk))

    report.refresh_from_db()
    assert report.pdf.name == made and StateOfPlayReport.objects.count() == 1


def test_an_export_outside_what_the_person_may_now_read_is_not_found(
    client, ghana_viewer, sessions
):
    client.force_login(ghana_viewer)
    start_export(client)
    export = DataExport.objects.get()
    assert client.get(reverse("monitoring:export_download", args=[export.pk])).status_code == 200

    Country.objects.get(slug="ghana").monitoring_viewers.remove(ghana_viewer)
    Country.objects.get(slug="brazil").monitoring_viewers.add(ghana_viewer)

    for name in ("export_detail", "export_status", "export_download"):
        assert client.get(reverse(f"monitoring:{name}", args=[export.pk])).status_code == 404


def test_a_viewer_reads_the_reports_of_the_countries_granted(client, ghana_viewer):
    ghana = StateOfPlayReport.objects.create(
        year=2026, country=Country.objects.get(slug="ghana"), status=Status.READY
    )
    ghana.workbook.save("report.xlsx", ContentFile(b"PK"), save=True)
    client.force_login(ghana_viewer)

    listing = client.get(reverse("monitoring:reports")).content.decode()
    download = client.get(reverse("monitoring:report_download", args=[ghana.pk, "xlsx"]))

    assert "Ghana" in listing and download.status_code == 200


def test_the_excel_export_keeps_names_as_text(committee_member, sessions):
    sessions.group.name = "=1+1"
    sessions.group.region = ""
    sessions.group.save()
    export = DataExport.objects.create(
        requested_by=committee_member,
        scope=services.scope_to_json(services.scope_from_json(YEAR)),
        filters="2026",
        file_format="xlsx",
    )

    services.export_run(export=export)

    sheet = load_workbook(export.file.open("rb")).active
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == str(sessions.uuid))
    assert row[3] == "=1+1" and row[4] in (None, "")  # text, and no stray apostrophe
    cell = next(c for r in sheet.iter_rows() for c in r if c.value == "=1+1")
    assert cell.data_type == "s"


def test_deleting_a_report_removes_its_files(
    committee_member, sessions, django_capture_on_commit_callbacks
):
    report = StateOfPlayReport.objects.create(year=2026)
    services.report_build(report=report)
    report.refresh_from_db()
    storage, name = report.pdf.storage, report.pdf.name

    with django_capture_on_commit_callbacks(execute=True):
        report.delete()

    assert not storage.exists(name)
