"""The editors' reports: per activity and per module, with CSV export (issue 3, point 7)."""

import csv
import io

import pytest

from content.factories import UserFactory
from h5p.tracking_services import StateIn, h5p_statements_record
from tests.h5p.player_helpers import (
    at,
    knowledge_check_activity,
    module_with_activities,
    statement,
)

pytestmark = pytest.mark.django_db

ACTIVITY_REPORT = "/admin/reports/h5p-activities/"
MODULE_REPORT = "/admin/reports/h5p-modules/"


def record(user, activity, *statements, state=None):
    h5p_statements_record(user=user, activity=activity, statements=list(statements), state=state)


@pytest.fixture
def played(backpack):
    """Module PO-01 with two activities; Abena completes both, Kofi one, Esi only opened one."""
    market = knowledge_check_activity(title="Market check")
    records = knowledge_check_activity(title="Records check")
    unused = knowledge_check_activity(title="Unused check")
    module = module_with_activities(
        parent=backpack, activities=[market, records], code="PO-01", title="Selling together"
    )
    abena, kofi, esi = UserFactory(), UserFactory(), UserFactory()
    record(abena, market, statement(0.5), statement(1.0))
    record(abena, records, statement(0.5))
    record(kofi, market, statement(0.5))
    record(esi, records, state=StateIn(data="{}", saved_at=at(0)))
    return module, market, records, unused


def downloaded(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_the_activity_report_counts_learners_attempts_scores_and_completion(
    client, committee_member, played
):
    client.force_login(committee_member)

    response = client.get(ACTIVITY_REPORT)

    assert response.status_code == 200
    by_title = {row.title: row for row in response.context["object_list"]}
    market, records = by_title["Market check"], by_title["Records check"]
    assert (market.learners, market.attempts, market.completed) == (2, 3, 2)
    assert market.average_score == 75.0  # best scores 100% and 50%
    assert market.completion_rate == 100.0
    assert market.modules == "PO-01 Selling together"
    # Esi only opened it: not a learner who played, not counted in the rate.
    assert (records.learners, records.attempts, records.completed) == (1, 1, 1)
    assert by_title["Unused check"].learners == 0
    assert by_title["Unused check"].completion_rate is None
    html = response.content.decode()
    assert "Market check" in html and "75%" in html


def test_the_module_report_counts_learners_who_completed_every_activity(
    client, committee_member, played
):
    client.force_login(committee_member)

    response = client.get(MODULE_REPORT)

    assert response.status_code == 200
    [row] = response.context["object_list"]
    assert row.title == "PO-01 Selling together"
    assert (row.activities, row.learners, row.attempts) == (2, 2, 4)
    assert row.completed == 1  # Abena; Kofi did one of two
    assert row.completion_rate == 50.0
    assert row.average_score == pytest.approx(200 / 3, abs=0.1)  # best: 100, 50, 50


def test_the_reports_download_as_csv(client, committee_member, played):
    client.force_login(committee_member)

    activity_csv = client.get(ACTIVITY_REPORT, {"export": "csv"})
    module_csv = client.get(MODULE_REPORT, {"export": "csv"})

    assert activity_csv.status_code == module_csv.status_code == 200
    activity_rows = list(csv.DictReader(io.StringIO(downloaded(activity_csv))))
    market = next(row for row in activity_rows if row["Activity"] == "Market check")
    assert market["Learners"] == "2" and market["Attempts"] == "3"
    assert market["Average best score (%)"] == "75.0"
    assert market["Completion rate (%)"] == "100.0"
    [module] = list(csv.DictReader(io.StringIO(downloaded(module_csv))))
    assert module["Module"] == "PO-01 Selling together"
    assert module["Learners who completed every activity"] == "1"


def test_a_title_typed_as_a_formula_stays_text_in_the_csv(client, committee_member, backpack):
    knowledge_check_activity(title="=HYPERLINK(1)")
    client.force_login(committee_member)

    content = downloaded(client.get(ACTIVITY_REPORT, {"export": "csv"}))

    assert "'=HYPERLINK(1)" in content


@pytest.mark.parametrize("who", ["ghana_platform_member", "trainer", "monitoring_viewer"])
def test_only_the_committee_and_superusers_read_the_reports(client, played, who, request):
    client.force_login(request.getfixturevalue(who))

    for url in (ACTIVITY_REPORT, MODULE_REPORT):
        assert client.get(url).status_code in (302, 403)


def test_a_superuser_reads_them(client, superuser, played):
    client.force_login(superuser)

    assert client.get(ACTIVITY_REPORT).status_code == 200
    assert client.get(MODULE_REPORT).status_code == 200


def test_the_reports_menu_offers_them_to_the_committee_only(client, committee_member, learner):
    from django.test import RequestFactory
    from wagtail.admin.menu import admin_menu  # noqa: F401  (menus are built per request)

    from h5p.reports import menu_items

    request = RequestFactory().get("/admin/")
    request.user = committee_member
    assert all(item.is_shown(request) for item in menu_items())
    request.user = learner
    assert not any(item.is_shown(request) for item in menu_items())


@pytest.mark.parametrize("url", [ACTIVITY_REPORT, MODULE_REPORT])
def test_report_queries_do_not_grow_with_the_learners(
    client, committee_member, played, url, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _, market, records, _ = played
    client.force_login(committee_member)
    client.get(url)  # warm the per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
        downloaded(client.get(url, {"export": "csv"}))
    # Counted now: the next request empties Django's query log, which the capture reads.
    few_count = len(few)

    for _ in range(20):
        learner = UserFactory()
        record(learner, market, statement(0.25))
        record(learner, records, statement(0.75))
    # New people change the people version: what is kept per person is read again once.
    client.get(url)

    with django_assert_max_num_queries(few_count):
        response = client.get(url)
        downloaded(client.get(url, {"export": "csv"}))
    assert any(row.learners >= 20 for row in response.context["object_list"])
